"""The window on a small screen (1366×768): panels that can always be brought back, a start page
after 关闭, a new project ready to fill, columns that show their content, find with Enter and F3."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

pytest.importorskip("pytestqt")

from conftest import type_text  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _window(qtbot, doc=None):
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _menu(window, title):
    return next(a.menu() for a in window.menuBar().actions() if a.text().startswith(title))


def test_the_view_menu_brings_back_a_closed_panel(qtbot, open_sample):
    window = _window(qtbot, open_sample("000"))
    assert window.findings_dock.isVisible()
    window.findings_dock.close()  # the panel's own close button
    assert not window.findings_dock.isVisible()
    toggle = next(a for a in _menu(window, "视图").actions() if a.text().startswith("检查结果"))
    toggle.trigger()
    assert window.findings_dock.isVisible()
    find = next(a for a in _menu(window, "视图").actions() if a.text().startswith("查找"))
    find.trigger()
    assert window.find_dock.isVisible()


def test_every_menu_has_an_accelerator_letter(qtbot, open_sample):
    window = _window(qtbot, open_sample("000"))
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "项目(&P)", "情况说明(&S)", "帮助(&H)"]
    for title in ("文件", "编辑", "视图", "项目", "情况说明"):
        for action in _menu(window, title).actions():
            if action.text() and not action.isSeparator() and action.text() not in ("上移行", "下移行",
                                                                                  "查找下一个", "查找上一个"):
                assert "&" in action.text(), action.text()


def test_close_leaves_a_start_page_and_exit_quits(qtbot, open_sample, monkeypatch):
    doc = open_sample("000")
    window = _window(qtbot, doc)
    close = next(a for a in _menu(window, "文件").actions() if a.text().startswith("关闭"))
    close.trigger()
    assert window.isVisible() and window.doc is None
    assert window.central.currentWidget() is window.start_page
    assert window.windowTitle() == "BudgetDesk 部门预算绩效编报"
    assert not close.isEnabled() and not window.project_actions["add"].isEnabled()
    opened = []
    monkeypatch.setattr(window, "open_path", lambda path: opened.append(path) or True)
    window.start_page.sample_requested.emit("chengde_2024.json")  # the start page's sample button
    window.start_page.recent_requested.emit(str(doc.path))
    assert opened and opened[-1] == doc.path
    exit_action = next(a for a in _menu(window, "文件").actions() if a.text().startswith("退出"))
    exit_action.trigger()
    assert not window.isVisible()


def test_save_as_continues_in_the_copy_and_the_title_says_so(qtbot, open_sample, tmp_path):
    doc = open_sample("000")
    window = _window(qtbot, doc)
    assert window.save_as(tmp_path / "二稿.bdoc")
    assert window.windowTitle().startswith("二稿.bdoc")
    assert "现在编辑的是这个文件" in window.statusBar().currentMessage()
    from core.document import edits

    project = window.doc.projects[0]
    assert window.session.perform(edits.set_field(window.doc, project.id, "name", "新名"))
    window.undo_action.trigger()  # the undo history goes on in the copy
    assert project.get("name") != "新名"


def test_a_new_project_is_laid_out_by_the_framework_with_the_cursor_in_its_code(qtbot, open_sample):
    doc = open_sample("001")
    window = _window(qtbot, doc)
    window.select_form(doc.projects[0].id)
    window.project_actions["add"].trigger()
    project = doc.projects[1]
    page = window.page.widget()
    assert page.form_id == project.id
    rows = project.grids["indicators"].values()
    assert [(r[0], r[1]) for r in rows][:4] == [("产出指标", "数量指标"), ("产出指标", "质量指标"),
                                             ("产出指标", "时效指标"), ("产出指标", "成本指标")]
    assert rows[-1][:2] == ["满意度指标", "服务对象满意度指标"]
    assert all(r[2:] == [None] * 5 for r in rows)  # the rest is to fill
    assert QApplication.focusWidget() is page.field_editors["code"].widget
    name = page.field_editors["name"].widget
    name.setFocus()
    type_text(name, "新项目经费")  # not committed yet: the heading and the navigator follow
    assert page.heading.text() == "新项目经费"
    assert window.navigator.currentItem().text(0) == "新项目经费"


def test_columns_show_their_content_at_1366(qtbot, open_sample, tmp_path):
    from conftest import sample_json
    from core.reading import import_file

    source = tmp_path / "2024.json"
    source.write_bytes(sample_json("001").read_bytes())
    doc, _, _ = import_file(source, tmp_path / "2025.bdoc", next_year_from=True)
    window = _window(qtbot, doc)
    window.select_form(doc.projects[0].id)
    view = window.page.widget().tables[0]
    metrics = view.fontMetrics()
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    l1, l2, l3, description, value, basis, last = widths
    assert l1 >= metrics.horizontalAdvance("满意度指标") + 20  # not "产…标"
    assert l2 >= metrics.horizontalAdvance("服务对象满意度指标") + 20
    assert last < l3 and last < description  # the grey 上年 column is narrow
    assert l3 >= 2 * l1 and description >= 2 * l1
    assert sum(widths) <= window.page.viewport().width()  # no sideways scrolling


def test_the_drop_down_shows_whole_names(qtbot, open_sample):
    from PySide6.QtWidgets import QComboBox

    doc = open_sample("001")
    window = _window(qtbot, doc)
    window.select_form(doc.projects[0].id)
    view = window.page.widget().tables[0]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    view.edit(view.currentIndex(), view.EditTrigger.EditKeyPressed, None)
    box = view.findChild(QComboBox)
    popup = box.view()
    assert popup.minimumWidth() >= popup.fontMetrics().horizontalAdvance("服务对象满意度指标")


def test_enter_in_find_goes_to_the_first_hit_and_f3_to_the_next(qtbot, open_sample):
    from PySide6.QtGui import QKeySequence

    doc = open_sample("001")
    window = _window(qtbot, doc)
    window.start_find()
    assert window.find_dock.isVisible()
    window.find_dock.query.setText("满意度")
    qtbot.keyClick(window.find_dock.query, Qt.Key_Return)
    hits = window.find_dock.hits
    assert len(hits) > 3
    assert window.page.widget().form_id == hits[0].form_id
    find_next = next(a for a in _menu(window, "编辑").actions() if a.text() == "查找下一个")
    assert QKeySequence("F3") in find_next.shortcuts()
    find_next.trigger()
    assert window.find_dock.results.currentRow() == 1
    find_previous = next(a for a in _menu(window, "编辑").actions() if a.text() == "查找上一个")
    find_previous.trigger()
    find_previous.trigger()
    assert window.find_dock.results.currentRow() == len(hits) - 1  # around the start
    current = window.find_dock.hits[len(hits) - 1]
    assert window.page.widget().form_id == current.form_id


def test_the_status_bar_counts_change_without_moving_the_status_bar(qtbot, open_sample):
    """After every edit the counts (错误 n　警告 n　提示 n) and the selection's 求和 are new texts: the
    labels keep a fixed size that only grows, so the status bar is not laid out and repainted
    whole each time — and a text that looks like markup shows as typed."""
    window = MainWindow(open_sample("001"))
    qtbot.addWidget(window)
    label = window.counts_label
    for text in ("错误 1　警告 22　提示 3", "错误 10　警告 2　提示 3", "错误 1"):
        before = label.width()
        label.setText(text)
        assert label.minimumWidth() == label.maximumWidth() >= before  # fixed, never narrower
        assert label.fontMetrics().horizontalAdvance(text) <= label.width()  # the whole text shows
    window.sum_label.setText("<b>求和</b>")
    assert window.sum_label.textFormat() == Qt.PlainText


def test_a_long_text_typed_into_a_project_row_makes_the_row_grow(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    project = doc.projects[0]
    window.select_form(project.id)
    view = window.page.widget().tables[0]
    model = view.model()
    column = next(i for i, c in enumerate(model.grid.columns) if c.key == "description")
    before = view.rowHeight(0)
    assert model.setData(model.index(0, column), "按照规定的标准和程序为困难群众提供法律援助服务，" * 4)
    QApplication.processEvents()
    assert view.rowHeight(0) > before  # wrapped over several lines, all shown
    grown = view.rowHeight(0)
    window.revalidate()  # the row's tints follow; its height stays what its text needs
    assert view.rowHeight(0) == grown
