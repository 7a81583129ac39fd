"""Nothing typed is lost: text typed into a cell or a field and not yet committed (no Enter, the
field not left) is in the file after every way of leaving the document, a paragraph is committed
after a pause in typing, and a value that is refused keeps the document open with the message."""

import os
import signal
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

pytest.importorskip("pytestqt")

from conftest import ROOT, type_text  # noqa: E402
from core.document.document import open_document  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _window(qtbot, doc, project=0):
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # keys go to the focused widget of the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.select_form(doc.projects[project].id)
    return window


def _type_in_cell_without_enter(qtbot, window, row=0, column=4, text="≥9次"):
    """Select a cell, type into it and leave the editor open."""
    view = window.page.widget().tables[0]
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    type_text(view, text)
    assert view.findChild(QLineEdit) is not None and view.findChild(QLineEdit).text() == text


def _type_in_field_without_leaving(qtbot, window, key="purpose", text="刚刚输入的资金用途"):
    """Replace a field's text by typing, and stay in the field."""
    widget = window.page.widget().field_editors[key].widget
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    return shown


def test_type_without_enter_then_close_the_window_the_text_is_in_the_file(qtbot, open_sample, warnings):
    doc = open_sample("000")
    path = doc.path
    window = _window(qtbot, doc)
    _type_in_cell_without_enter(qtbot, window)
    window.close()  # the close button (pytest-qt fails the test on any exception in Qt's event loop)
    QApplication.processEvents()
    assert warnings == [] and window.doc is None
    with open_document(path) as reopened:
        assert reopened.projects[0].grids["indicators"].cell(0, "value") == "≥9次"


def test_type_in_a_field_then_close_the_document_from_the_menu(qtbot, open_sample):
    doc = open_sample("000")
    path = doc.path
    window = _window(qtbot, doc)
    _type_in_field_without_leaving(qtbot, window, "name", "改过名的项目")
    assert window.close_document()
    assert window.doc is None and window.central.currentWidget() is window.start_page
    with open_document(path) as reopened:
        assert reopened.projects[0].get("name") == "改过名的项目"


def test_type_then_open_another_document_the_first_keeps_the_text(qtbot, open_sample, tmp_path):
    first = open_sample("000")
    other = open_sample("002")
    other_path = other.path
    other.close()
    path = first.path
    window = _window(qtbot, first)
    _type_in_field_without_leaving(qtbot, window)
    assert window.open_path(other_path)
    assert window.doc.path == other_path
    with open_document(path) as reopened:
        assert reopened.projects[0].get("purpose") == "刚刚输入的资金用途"


def test_type_then_save_as_the_copy_has_the_text_and_editing_continues_there(qtbot, open_sample, tmp_path):
    doc = open_sample("000")
    original = doc.path
    window = _window(qtbot, doc)
    _type_in_cell_without_enter(qtbot, window, text="≥8次")
    assert window.save_as(tmp_path / "副本.bdoc")
    assert window.doc.path == tmp_path / "副本.bdoc"
    assert window.windowTitle().startswith("副本.bdoc")
    model = window.page.widget().tables[0].model()
    assert model.setData(model.index(1, 4), "≥2次")  # continues in the copy
    window.close()
    with open_document(tmp_path / "副本.bdoc") as copy:
        assert copy.projects[0].grids["indicators"].cell(0, "value") == "≥8次"
        assert copy.projects[0].grids["indicators"].cell(1, "value") == "≥2次"
    with open_document(original) as before:
        assert before.projects[0].grids["indicators"].cell(0, "value") == "≥8次"  # committed before the copy
        assert before.projects[0].grids["indicators"].cell(1, "value") != "≥2次"


def test_type_then_export_the_export_has_the_text(qtbot, open_sample, tmp_path):
    import openpyxl

    from ui.export_dialog import ExportChoice

    doc = open_sample("000")
    window = _window(qtbot, doc)
    _type_in_field_without_leaving(qtbot, window, "name", "导出前刚输入的名称")
    assert window.export_xlsx(tmp_path / "out.xlsx", ExportChoice([doc.projects[0].id], draft=True))
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.worksheets[0].title.endswith("导出前刚输入的名称")
    assert doc.projects[0].get("name") == "导出前刚输入的名称"


def test_a_refused_value_keeps_the_window_open_with_the_message_and_the_typed_text(qtbot, open_sample, warnings):
    doc = open_sample("000")
    window = _window(qtbot, doc)
    _type_in_field_without_leaving(qtbot, window, "budget", "三千")
    window.close()
    assert window.isVisible() and window.doc is doc  # still open
    assert "金额格式不正确" in warnings[0]
    budget = window.page.widget().field_editors["budget"].widget
    assert budget.text() == "三千" and budget.hasFocus()
    budget.setText("3000")
    window.close()
    assert window.doc is None


def test_a_paragraph_is_committed_after_a_pause_in_typing_one_undo_step_per_pause(qtbot, open_sample):
    doc = open_sample("000")
    window = _window(qtbot, doc)
    editor = window.page.widget().field_editors["purpose"]
    stack = window.session.undo_stack
    _type_in_field_without_leaving(qtbot, window, "purpose", "第一段")
    qtbot.waitUntil(lambda: doc.projects[0].get("purpose") == "第一段", timeout=10_000)
    assert editor.widget.hasFocus()  # still typing there
    type_text(editor.widget, " 第二段")
    qtbot.waitUntil(lambda: doc.projects[0].get("purpose") == "第一段 第二段", timeout=10_000)
    assert editor.widget.toPlainText() == "第一段 第二段"
    assert stack.count() == 2
    stack.undo()
    assert doc.projects[0].get("purpose") == "第一段"


CHILD = r"""
import os, sys
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from core.document.document import open_document
from ui.main_window import MainWindow

app = QApplication([])
doc = open_document({path!r})
window = MainWindow(doc)
window.show()
window.select_form(doc.projects[0].id)
widget = window.page.widget().field_editors["purpose"].widget
widget.setFocus()
widget.selectAll()
typed = QInputMethodEvent()
typed.setCommitString("断电前输入的资金用途")  # what the input method commits
QApplication.sendEvent(widget, typed)
while doc.projects[0].get("purpose") != "断电前输入的资金用途":  # the pause: committed by itself
    app.processEvents(QEventLoop.WaitForMoreEvents, 50)
assert widget.hasFocus()
print("paused", flush=True)
app.exec()
"""


def test_typing_a_paragraph_then_a_pause_survives_killing_the_process(open_sample, tmp_path):
    doc = open_sample("000")
    path = doc.path
    doc.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.strip() == "paused", child.stderr.read()
        child.send_signal(signal.SIGKILL)  # a crash, a power cut
    finally:
        child.wait(30)
        child.stdout.close()
        child.stderr.close()
    with open_document(path) as reopened:
        assert reopened.projects[0].get("purpose") == "断电前输入的资金用途"



def test_a_paragraph_cell_being_typed_is_committed_after_a_pause_and_stays_open(qtbot, open_sample):
    from PySide6.QtWidgets import QPlainTextEdit

    doc = open_sample("001")
    window = _window(qtbot, doc, 0)
    explanation = doc.form("explanation")
    window.select_form(explanation.id)
    view = window.page.widget().tables[0]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    type_text(view, "情况说明第一稿")
    editor = view.findChild(QPlainTextEdit)
    qtbot.waitUntil(lambda: explanation.grids["sections"].cell(0, "text") == "情况说明第一稿", timeout=10_000)
    assert view.state() == view.State.EditingState and editor.toPlainText() == "情况说明第一稿"
    type_text(editor, "，续写")
    assert editor.toPlainText() == "情况说明第一稿，续写"  # the cursor stayed at the end
