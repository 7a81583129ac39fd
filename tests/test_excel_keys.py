"""Typing as in Excel and WPS: typing replaces a cell of every kind, F2 and double-click edit it in
place, Enter commits and moves down (Alt+Enter is a new line in a paragraph cell), Tab moves on
without editing, paste takes what Excel shows, and the status bar's sum follows every change."""

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit

pytest.importorskip("pytestqt")

from conftest import type_text  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _sheet(qtbot, doc, form_id, table=0):
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.select_form(form_id)
    view = window.page.widget().tables[table]
    view.setFocus()
    return window, view


def _paragraph_cell(qtbot, doc):
    """The 绩效目标 cell of the first 分项 of the 部门整体绩效目标 (a paragraph cell)."""
    overall = doc.form("overall")
    window, view = _sheet(qtbot, doc, overall.id)
    column = [c.key for c in overall.grids["items"].columns].index("goal")
    view.setCurrentIndex(view.model().index(0, column))
    return window, view, overall


def test_typing_into_a_paragraph_cell_replaces_it(qtbot, open_sample):
    doc = open_sample("001")
    window, view, overall = _paragraph_cell(qtbot, doc)
    before = overall.grids["items"].cell(0, "goal")
    assert len(before) > 20
    type_text(view, "ABC")
    editor = view.findChild(QPlainTextEdit)
    assert editor.toPlainText() == "ABC"  # not "ABC" in front of the old text
    qtbot.keyClick(editor, Qt.Key_Return)
    assert overall.grids["items"].cell(0, "goal") == "ABC"
    assert view.currentIndex().row() == 1  # Enter commits and moves down in every cell


def test_alt_enter_is_a_new_line_in_a_paragraph_cell(qtbot, open_sample):
    doc = open_sample("001")
    window, view, overall = _paragraph_cell(qtbot, doc)
    type_text(view, "first")
    editor = view.findChild(QPlainTextEdit)
    qtbot.keyClick(editor, Qt.Key_Return, Qt.AltModifier)
    type_text(editor, "second")
    assert view.state() == view.State.EditingState
    qtbot.keyClick(editor, Qt.Key_Return)
    assert overall.grids["items"].cell(0, "goal") == "first\nsecond"


def test_f2_edits_in_place_with_the_cursor_at_the_end(qtbot, open_sample):
    doc = open_sample("001")
    window, view, overall = _paragraph_cell(qtbot, doc)
    before = overall.grids["items"].cell(0, "goal")
    qtbot.keyClick(view, Qt.Key_F2)
    editor = view.findChild(QPlainTextEdit)
    assert editor.toPlainText() == before
    type_text(editor, "。补充")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert overall.grids["items"].cell(0, "goal") == before + "。补充"
    # a one-line cell too: F2 puts the cursor at the end, typing appends
    project = doc.projects[0]
    window.select_form(project.id)
    view = window.page.widget().tables[0]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 2))
    qtbot.keyClick(view, Qt.Key_F2)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and line.cursorPosition() == len(line.text()) and not line.hasSelectedText()


def test_tab_out_of_an_editor_moves_on_without_editing_and_typing_there_replaces(qtbot, open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    window, view = _sheet(qtbot, doc, project.id)
    grid = project.grids["indicators"]
    view.setCurrentIndex(view.model().index(0, 4))
    type_text(view, "5")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    assert grid.cell(0, "value") == "5"
    assert view.currentIndex().column() == 5 and view.state() != view.State.EditingState
    type_text(view, "new basis")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    QApplication.processEvents()  # Qt's delegate commits a line on Return through a queued call
    assert grid.cell(0, "basis") == "new basis"  # replaced, not "经验标准new basis"


def test_moving_into_a_cell_never_starts_editing(qtbot, open_sample):
    doc = open_sample("000")
    window, view = _sheet(qtbot, doc, doc.projects[0].id)
    view.setCurrentIndex(view.model().index(0, 2))
    for key in (Qt.Key_Down, Qt.Key_Right, Qt.Key_Tab, Qt.Key_Return):
        qtbot.keyClick(view, key)
        assert view.state() != view.State.EditingState


def test_a_bare_number_in_a_plan_in_percent_is_a_percentage(qtbot, open_sample):
    doc = open_sample("001")  # plans in %
    project = next(p for p in doc.projects if p.get("plan_3"))
    window, _ = _sheet(qtbot, doc, project.id)
    editor = window.page.widget().field_editors["plan_12"]
    editor.widget.setText("100")
    assert editor.commit() is None
    assert project.get("plan_12") == "100%"


def test_paste_takes_what_excel_shows_and_lists_every_refused_cell(qtbot, open_sample, monkeypatch):
    doc = open_sample("001")  # a 万元 document
    table = doc.budget_table("收入总表")
    window, view = _sheet(qtbot, doc, table.id)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    view.setCurrentIndex(view.model().index(1, 3))
    QGuiApplication.clipboard().setText("三千\t1\tabc\r\n")
    view.paste()
    assert "有 2 处无法填入" in shown[0] and "「合计」" in shown[0]
    assert "粘贴未完成" in window.statusBar().currentMessage()
    QGuiApplication.clipboard().setText("6万\t-\t1.2345678\r\n")
    view.paste()
    rows = table.grids["rows"]
    assert [rows.rows[1].cells[c] for c in (3, 4, 5)] == ["6.00", None, "1.234568"]
    assert "四舍五入" in window.statusBar().currentMessage()  # said once; the old refusal is gone
    assert "粘贴未完成" not in window.statusBar().currentMessage()


def test_the_status_bar_sum_follows_undo_redo_and_delete(qtbot, open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    window, view = _sheet(qtbot, doc, table.id)
    model = view.model()
    view.selectionModel().select(QItemSelection(model.index(1, 3), model.index(2, 3)),
                                 QItemSelectionModel.ClearAndSelect)
    first = window.sum_label.text()
    assert first.startswith("求和：") and "计数：2" in first
    view.setCurrentIndex(model.index(1, 3))
    view.selectionModel().select(QItemSelection(model.index(1, 3), model.index(2, 3)),
                                 QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key_Delete)
    assert window.sum_label.text() == ""  # both cleared
    window.undo_action.trigger()
    assert window.sum_label.text() == first
    window.redo_action.trigger()
    assert window.sum_label.text() == ""


def test_typing_replaces_a_drop_down_cell_and_double_click_edits_in_place(qtbot, open_sample):
    from PySide6.QtWidgets import QComboBox

    doc = open_sample("000")
    project = doc.projects[0]
    window, view = _sheet(qtbot, doc, project.id)
    grid = project.grids["indicators"]
    view.setCurrentIndex(view.model().index(0, 1))  # 二级指标: a drop-down of the framework
    type_text(view, "质量指标")
    box = view.findChild(QComboBox)
    assert box.currentText() == "质量指标"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    QApplication.processEvents()
    assert grid.cell(0, "l2") == "质量指标"
    index = view.model().index(0, 3)
    before = grid.cell(0, "description")
    view.setCurrentIndex(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())  # (QTest's double-click
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())  # needs the press before it)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and line.text() == before and not line.hasSelectedText()
    type_text(line, "（全年）")
    qtbot.keyClick(line, Qt.Key_Return)
    QApplication.processEvents()
    assert grid.cell(0, "description") == before + "（全年）"
