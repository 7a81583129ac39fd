"""The comparison view and the charts in the window (offscreen): choose a 公开表 or the projects,
largest changes first or only those over N%, export the workbook; both charts drawn."""

from decimal import Decimal

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from compare_story import change_spending, next_year_document
from core.compare import charts
from core.document import edits
from ui.charts import ChartsView
from ui.compare_view import CompareView
from ui.session import DocumentSession


def _column(view, col):
    model = view.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_the_view_shows_the_largest_changes_first_and_filters_by_percent(qtbot, tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    view = CompareView(doc)
    qtbot.addWidget(view)
    choices = [view.chooser.itemText(i) for i in range(view.chooser.count())]
    assert choices[:3] == ["公开表：收支总表（收入）", "公开表：收支总表（支出）", "公开表：收入总表"]
    assert choices[-2:] == ["项目：预算数", "项目：绩效指标值"]
    view.choose("公开表：支出总表")
    assert view.column.currentText() == "合计" and view.column.count() == 3
    assert [view.model.headerData(c, Qt.Horizontal) for c in range(5)] == [
        "科目 / 项目", "2025年（万元）", "2024年（万元）", "增减额", "增减%"]
    assert [view.model.index(0, c).data() for c in range(5)] == ["2040601 行政运行", "1012.40", "967.35", "45.05", "4.7%"]
    assert view.model.index(0, 3).data(Qt.ForegroundRole) == QColor("#b2182b")  # an increase
    view.only_over.setChecked(True)
    view.percent.setValue(5)
    assert sorted(_column(view, 0)) == sorted(
        ["2040602 一般行政管理事务", "221 住房保障支出", "22102 住房改革支出", "2210201 住房公积金"])
    view.order.setCurrentIndex(0)  # as the table lists them
    assert _column(view, 0)[0] == "2040602 一般行政管理事务"
    view.only_over.setChecked(False)
    assert _column(view, 0)[0] == "合计"
    view.table.sortByColumn(3, Qt.AscendingOrder)  # by the change, the largest decrease first
    assert _column(view, 3)[0] == "-24.50"
    doc.close()


def test_the_projects_and_their_indicators_and_a_double_click_goes_there(qtbot, tmp_path):
    doc = next_year_document(tmp_path)
    session = DocumentSession(doc)
    view = CompareView(session)
    qtbot.addWidget(view)
    view.choose("项目：预算数")
    assert _column(view, 4)[0] == "0.0%"
    project = doc.projects[1]
    session.perform(edits.set_field(doc, project.id, "budget", "200.00"))  # the view follows the edit
    assert view.chooser.currentText() == "项目：预算数"
    assert view.model.index(0, 0).data().endswith(project.get("name"))
    assert project.get("last_budget") == "20.00"
    assert [view.model.index(0, c).data() for c in range(1, 5)] == ["200.00", "20.00", "180.00", "900.0%"]
    with qtbot.waitSignal(view.form_requested) as went:
        view.table.doubleClicked.emit(view.model.index(0, 0))
    assert went.args == [project.id, None]
    view.choose("项目：绩效指标值")
    assert view.model.headerData(2, Qt.Horizontal) == "2025年指标值"
    assert view.model.rowCount() == sum(len(p.grids["indicators"]) for p in doc.projects)
    doc.close()


def test_export_from_the_view_writes_the_workbook(qtbot, tmp_path):
    doc = next_year_document(tmp_path)
    view = CompareView(doc)
    qtbot.addWidget(view)
    out = view.export_to(tmp_path / "对比.xlsx")
    assert "支出总表" in openpyxl.load_workbook(out).sheetnames
    doc.close()


def test_a_document_without_last_year_says_so_in_the_view(qtbot, open_sample):
    view = CompareView(open_sample("001"))
    qtbot.addWidget(view)
    assert "本文档没有保存上年数" in view.heading.text()
    view.choose("公开表：收入总表")
    assert set(_column(view, 4)) == {"暂无上年数"}


def test_both_charts_are_drawn_offscreen(qtbot, tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    view = ChartsView(doc)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    image = view.plan.grab().toImage()
    department = QColor(charts.DEPARTMENT_COLOR)
    assert any(image.pixelColor(x, y) == department for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3))  # the bold department curve is there
    assert view.spending.chart.last_total == Decimal("4148.22")
    view.spending.resize(1366, 600)
    bars = view.spending.grab().toImage()
    first = QColor(charts.PALETTE[0])
    assert sum(bars.pixelColor(x, 76) == first for x in range(bars.width())) > bars.width() / 2  # 204: 82%
    doc.close()
