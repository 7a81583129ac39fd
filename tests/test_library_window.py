"""The library in the window: suggestions under the 三级指标 cell of a project table, a fix from the
check panel, a project added by type, 插入指标… from the 项目 menu, and the officer's library
learning from what they open (never from a sample)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

pytest.importorskip("pytestqt")

from conftest import type_text  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _window(qtbot, doc):
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    return window


def test_typing_a_third_level_name_in_the_table_offers_the_library_and_fills_the_row(qtbot, open_sample):
    doc = open_sample("001")
    window = _window(qtbot, doc)
    form = next(p for p in doc.projects if p.get("name") == "法律援助服务经费")
    window.select_form(form.id)
    view = window.page.widget().tables[0]
    view.setCurrentIndex(view.model().index(1, 2))  # row 2's 三级指标
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_F2)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    editor.clear()
    type_text(editor, "办结")
    from ui.indicator_completer import IndicatorCompleter

    completer = editor.findChild(IndicatorCompleter)
    assert completer is not None and completer.popup.isVisible()
    assert completer.suggestions and "办结" in completer.suggestions[0].l3
    steps = window.session.undo_stack.count()
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()
    row = form.grids["indicators"].records()[1]
    assert "办结" in row["l3"] and row["value"] and row["basis"]
    assert window.session.undo_stack.count() == steps + 1  # the row filled in one step
    window.undo_action.trigger()
    assert "办结" not in (form.grids["indicators"].records()[1]["l3"] or "")


def test_a_finding_offers_a_fix_from_the_library_applied_and_undone(qtbot, open_sample):
    from core.library.fixes import fixes_for

    doc = open_sample("001")
    window = _window(qtbot, doc)
    finding = next(f for f in window.session.findings if fixes_for(doc, f))
    window.findings_dock.finding_activated.emit(finding)
    buttons = window.findings_dock.fix_buttons
    assert buttons and window.findings_dock.fixes_label.isVisible()
    before = doc.form_by_id(finding.location.form_id).grids["indicators"].values()
    buttons[0].click()
    after = doc.form_by_id(finding.location.form_id).grids["indicators"].values()
    assert after != before and not window.findings_dock.fix_buttons
    window.revalidate()
    assert finding not in window.session.findings
    window.undo_action.trigger()
    assert doc.form_by_id(finding.location.form_id).grids["indicators"].values() == before


def test_a_project_added_by_type_starts_with_that_types_indicators(qtbot, open_sample):
    from core.library.templates import project_types

    doc = open_sample("001")
    window = _window(qtbot, doc)
    window.select_form(doc.projects[0].id)
    kind = next(k for k in project_types() if k.name.startswith("法律援助"))
    count = len(doc.projects)
    assert window.add_typed_project(kind.id)
    assert len(doc.projects) == count + 1
    added = doc.projects[1]
    l3s = [r["l3"] for r in added.grids["indicators"].records() if r["l3"]]
    assert any("法律援助" in name for name in l3s) and any("满意" in name for name in l3s)
    window.undo_action.trigger()
    assert len(doc.projects) == count


def test_insert_indicators_opens_the_library_for_the_current_project(qtbot, open_sample, monkeypatch):
    from ui.insert_indicator_dialog import InsertIndicatorDialog

    doc = open_sample("001")
    window = _window(qtbot, doc)
    opened = []
    monkeypatch.setattr(InsertIndicatorDialog, "exec", lambda self: opened.append(self.form_id) or 0)
    window.insert_indicators()
    assert not opened and "请先" in window.statusBar().currentMessage()  # no project chosen yet
    window.select_form(doc.projects[2].id)
    window.project_actions["insert_indicators"].trigger()
    assert opened == [doc.projects[2].id]


def test_the_library_learns_what_the_officer_opens_but_not_a_sample(qtbot, open_sample, tmp_path, monkeypatch):
    from core.library.learned import learned_records
    from ui.app import sample_document
    from core.file.user_data import data_folder

    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "officer"))  # an officer who learned nothing yet
    window = _window(qtbot, None)
    before = len(learned_records())
    assert before == 0
    assert window.open_path(sample_document(data_folder()))
    QApplication.processEvents()
    assert len(learned_records()) == before  # another department's indicators are not the officer's
    doc = open_sample("000")
    path = doc.path
    doc.close()
    assert window.open_path(path)
    QApplication.processEvents()
    assert len(learned_records()) > before
