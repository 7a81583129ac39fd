"""The window opens a document and shows its forms (the editor itself is the next issue)."""

import pytest

pytest.importorskip("pytestqt")

from ui.main_window import MainWindow  # noqa: E402


def test_the_window_shows_every_project_and_table(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    assert "承德市司法局 2024" in window.windowTitle()
    top = [window.navigator.topLevelItem(i).text(0) for i in range(window.navigator.topLevelItemCount())]
    assert "项目支出绩效目标表" in top and "部门预算公开表" in top
    projects = next(window.navigator.topLevelItem(i) for i in range(len(top))
                    if window.navigator.topLevelItem(i).text(0) == "项目支出绩效目标表")
    assert projects.childCount() == 28
    window.select_form(doc.projects[0].id)
    page = window.page.widget()
    model = page.tables[0].model()
    assert model.rowCount() == 9
    assert model.index(0, 4).data() == "≥7000次"


def test_typing_into_a_cell_commits_and_undo_redo_follow(qtbot, open_sample):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    from core.document import open_document

    doc = open_sample("000")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.select_form(doc.projects[0].id)
    view = window.page.widget().tables[0]
    view.setCurrentIndex(view.model().index(0, 4))
    view.setFocus()
    qtbot.keyClick(view, ">")   # typing starts editing, as in Excel
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == ">"
    qtbot.keyClicks(editor, "=3")
    assert editor.text() == ">=3"
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()  # the delegate commits on Return through a queued call
    assert doc.projects[0].grids["indicators"].cell(0, "value") == "≥3"
    with open_document(doc.path, read_only=True) as other:
        assert other.projects[0].grids["indicators"].cell(0, "value") == "≥3"
    assert "撤销" in window.undo_action.text()
    window.undo_action.trigger()
    assert doc.projects[0].grids["indicators"].cell(0, "value") == "≥1次"
    assert view.model().index(0, 4).data() == "≥1次"
    window.redo_action.trigger()
    assert view.model().index(0, 4).data() == "≥3"


def test_a_bad_amount_is_refused_with_a_message_and_the_old_value_kept(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    table = doc.budget_table("收入总表")
    window.select_form(table.id)
    model = window.page.widget().tables[0].model()
    assert not model.setData(model.index(1, 3), "三千")
    assert table.grids["rows"].cell(1, "c3") == "3397.31"
    assert "金额格式不正确" in window.statusBar().currentMessage()
    assert model.setData(model.index(1, 3), "３,３９７.３２")
    assert table.grids["rows"].cell(1, "c3") == "3397.32"
