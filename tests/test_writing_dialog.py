"""Issue 18 in the window: 根据表格生成… shows the proposal beside the text and takes it section by section."""

from __future__ import annotations

import pytest

from core.document import forms
from ui.explain_dialog import ExplainDialog, changed_spans
from ui.session import DocumentSession


def _texts(doc):
    return {r["title"]: r["text"] for r in doc.form(forms.EXPLANATION).grids["sections"].records()}


def test_take_one_section_then_undo(qtbot, open_sample):
    doc = open_sample("001")
    session = DocumentSession(doc)
    dialog = ExplainDialog(session)
    qtbot.addWidget(dialog)
    titles = [s.title for s in dialog.proposal.sections]
    assert "八、政府采购预算情况" in titles
    for section, (box, current, proposed) in zip(dialog.proposal.sections, dialog.sections):
        assert current.toPlainText() == (section.current or "")
        assert proposed.toPlainText() == section.text
        box.setChecked(section.title == "八、政府采购预算情况")
    before = _texts(doc)
    dialog.take()
    after = _texts(doc)
    assert after["八、政府采购预算情况"] == "2024年，我部门政府采购预算0.00万元。"
    assert {t: v for t, v in after.items() if t != "八、政府采购预算情况"} == \
        {t: v for t, v in before.items() if t != "八、政府采购预算情况"}
    session.undo_stack.undo()
    assert _texts(doc) == before


def test_regenerate_follows_a_table_edit(qtbot, open_sample):
    doc = open_sample("001")
    session = DocumentSession(doc)
    dialog = ExplainDialog(session)
    qtbot.addWidget(dialog)
    table = doc.budget_table("一般公共预算财政拨款基本支出表")
    from core.document.edits import SetCells

    session.perform(SetCells(table.id, "rows", ((0, 5, "350.00"),)))
    dialog.regenerate()
    section = next(s for s in dialog.proposal.sections if s.title == "三、机关运行经费安排情况")
    assert "共计安排350.00万元，主要用于办公费" in section.text


def test_changes_are_highlighted_where_the_texts_differ():
    assert changed_spans("安排348.81万元", "安排350.00万元") == [(2, 8)] or \
        all(0 <= a < b <= 11 for a, b in changed_spans("安排348.81万元", "安排350.00万元"))
    assert changed_spans("同一句。", "同一句。") == []


def test_the_menu_opens_the_dialog_and_the_record_of_sources_is_never_shown(qtbot, open_sample, monkeypatch):
    """情况说明 → 根据表格生成… opens the dialog on the window's document; the record of where the
    figures came from (生成记录) is the program's own: no field on the page, no hit for Ctrl+F."""
    from core.document.search import find
    from ui.main_window import MainWindow

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    opened = []

    def exec_(dialog):
        opened.append(dialog)
        for box, _current, _proposed in dialog.sections:
            box.setChecked(True)
        dialog.take()
        return 1
    monkeypatch.setattr(ExplainDialog, "exec", exec_)
    action = next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                  if a.text().startswith("根据表格生成"))
    action.trigger()
    assert opened and opened[0].session is window.session
    explanation = doc.form(forms.EXPLANATION)
    assert explanation.get("generated")  # the figures' sources are kept…
    window.select_form(explanation.id)
    from PySide6.QtWidgets import QLabel

    labels = [label.text() for label in window.page.widget().findChildren(QLabel)]
    assert labels and not [text for text in labels if "生成记录" in text]
    record = explanation.get("generated")
    assert not [hit for hit in find(doc, record[1:20]) if hit.field == "generated"]  # …but never shown or found


def test_a_comparison_the_document_cannot_check_is_not_replaced_unasked(qtbot, open_sample):
    """Seed 001 keeps no 上年数: its 三公 section says 与2023年相比减少0.03万元, which the proposal can
    only replace by 暂无上年数 — so that section is not ticked, and the dialog says why."""
    from PySide6.QtWidgets import QLabel

    doc = open_sample("001")
    dialog = ExplainDialog(DocumentSession(doc))
    qtbot.addWidget(dialog)
    ticked = {s.title: box.isChecked() for s, (box, _, _) in zip(dialog.proposal.sections, dialog.sections)}
    sangong = next(t for t in ticked if "三公" in t)
    assert ticked[sangong] is False and ticked["八、政府采购预算情况"] is True
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("没有保存上年数" in text for text in notes)
