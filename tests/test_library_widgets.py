"""The window's two ways into the library: suggestions under the 三级指标 cell as the officer
types, and 插入指标… (browse by 二级, tick several, one undo step)."""

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("pytestqt")

from conftest import type_text  # noqa: E402
from core.library.learned import records_from  # noqa: E402
from core.library.library import Library  # noqa: E402
from core.library.shipped import load_shipped  # noqa: E402
from ui.session import DocumentSession  # noqa: E402


def _editor_in_a_window(qtbot):
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    window.resize(900, 500)
    editor = QLineEdit(window)
    QVBoxLayout(window).addWidget(editor)
    qtbot.addWidget(window)
    window.show()
    editor.setFocus()
    return window, editor


def test_typing_a_name_shows_suggestions_and_enter_fills_the_row_in_one_undo_step(qtbot, open_sample):
    from ui.indicator_completer import IndicatorCompleter

    last_year, doc = open_sample("000"), open_sample("001")
    session = DocumentSession(doc)
    form = next(p for p in doc.projects if p.get("name") == "法律援助服务经费")
    before = form.grids["indicators"].values()
    window, editor = _editor_in_a_window(qtbot)
    completer = IndicatorCompleter.attach_to(editor, session, form.id, 1,
                                             Library(load_shipped(), records_from(last_year)))
    type_text(editor, "办结")
    assert completer.popup.isVisible()
    shown = [completer.popup.list.topLevelItem(i).text(0) for i in range(completer.popup.list.topLevelItemCount())]
    assert shown[0] == "法律援助案件办结率"
    assert "法律援助案件办结率" in completer.popup.detail.text() or completer.popup.detail.text()
    with qtbot.waitSignal(completer.chosen):
        qtbot.keyClick(editor, Qt.Key_Return)
    row = form.grids["indicators"].records()[1]
    assert (row["l3"], row["value"], row["basis"]) == ("法律援助案件办结率", "≥95%", "历史同期水平")
    assert editor.text() == "法律援助案件办结率" and not completer.popup.isVisible()
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert form.grids["indicators"].values() == before


def test_arrows_move_in_the_list_and_escape_closes_it(qtbot, open_sample):
    from ui.indicator_completer import IndicatorCompleter

    doc = open_sample("000")
    session = DocumentSession(doc)
    form = doc.projects[6]  # 社区矫正经费
    window, editor = _editor_in_a_window(qtbot)
    completer = IndicatorCompleter.attach_to(editor, session, form.id, 1, Library(load_shipped()))
    type_text(editor, "率")
    items = completer.popup.list
    qtbot.keyClick(editor, Qt.Key_Down)
    assert items.indexOfTopLevelItem(items.currentItem()) == 1
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert not completer.popup.isVisible() and session.undo_stack.count() == 0


def test_insert_dialog_ticks_across_levels_and_inserts_as_one_step(qtbot, open_sample):
    from ui.insert_indicator_dialog import InsertIndicatorDialog

    doc = open_sample("000")
    session = DocumentSession(doc)
    form = doc.projects[0]  # 法律援助经费
    before = form.grids["indicators"].values()
    dialog = InsertIndicatorDialog(session, form.id, library=Library(load_shipped()))
    qtbot.addWidget(dialog)
    dialog.select_l2("质量指标")
    assert {s.entry.l2 for s in dialog.shown} == {"质量指标"}
    dialog.tick("法律援助案件办结率")
    dialog.select_l2("服务对象满意度指标")
    dialog.tick("受援群众满意度")
    dialog.select_l2(None)
    dialog.filter.setText("办结")
    row = [s.l3 for s in dialog.shown].index("法律援助案件办结率")
    assert dialog.table.topLevelItem(row).checkState(0) == Qt.Checked  # the tick survived
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "插入 2 个指标"
    dialog.accept()
    names = [r["l3"] for r in form.grids["indicators"].records()]
    assert "法律援助案件办结率" in names and names[-1] == "受援群众满意度"
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert form.grids["indicators"].values() == before


def test_indicators_the_project_has_are_greyed_and_cannot_be_ticked(qtbot, open_sample):
    from ui.insert_indicator_dialog import InsertIndicatorDialog

    doc = open_sample("000")
    session = DocumentSession(doc)
    form = doc.projects[6]  # 社区矫正经费 has 社区矫正对象再犯罪率
    dialog = InsertIndicatorDialog(session, form.id, library=Library(load_shipped()))
    qtbot.addWidget(dialog)
    dialog.filter.setText("再犯罪")
    item = dialog.table.topLevelItem(0)
    assert item.text(0) == "社区矫正对象再犯罪率（已有）" and not item.flags() & Qt.ItemIsEnabled
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_the_dialog_fits_a_1366_by_768_screen(qtbot, open_sample):
    from ui.insert_indicator_dialog import InsertIndicatorDialog

    doc = open_sample("000")
    dialog = InsertIndicatorDialog(DocumentSession(doc), doc.projects[0].id, library=Library(load_shipped()))
    qtbot.addWidget(dialog)
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 60
