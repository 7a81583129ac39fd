"""情况说明 → 根据表格生成…: the text core/writing/ proposes from the tables beside the current text,
section by section (changes highlighted in the proposed text), each taken with its 采用 box; 重新生成
proposes again from the document as it is now (the officer's words kept). Taking writes the ticked
sections as one undo step through the session. Text is shown as plain text, never markup."""

from __future__ import annotations

import difflib

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout,
                               QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from core.writing.explanation import Proposal, propose, write_edit
from ui.plain import plain_label
from ui.session import DocumentSession

CHANGED = QColor("#fff2a8")  # what the proposal changes, in the proposed text


def changed_spans(current: str, proposed: str) -> list[tuple[int, int]]:
    """The (start, end) character ranges of ``proposed`` that differ from ``current``."""
    matcher = difflib.SequenceMatcher(None, current, proposed, autojunk=False)
    return [(j1, j2) for tag, _, _, j1, j2 in matcher.get_opcodes() if tag != "equal" and j2 > j1]


class ExplainDialog(QDialog):
    """Construct with a session (and ``last``: last year's document, or None); ``sections`` holds,
    per proposed section, its 采用 box and its two texts (for tests and the window alike)."""

    def __init__(self, session: DocumentSession, last=None, parent=None):
        super().__init__(parent)
        self.session, self.last = session, last
        self.setWindowTitle("根据表格生成情况说明")
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("左边是现有的文字，右边是根据表格生成的文字（黄色为改动处）。勾选“采用”的节将被写入，"
                                     "可撤销。您写的主要用途、原因等文字会保留；“待填写”处请在写入后补上。"))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)
        buttons = QDialogButtonBox()
        self.regenerate_button = QPushButton("重新生成")
        self.take_button = buttons.addButton("采用所选", QDialogButtonBox.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.RejectRole)
        buttons.addButton(self.regenerate_button, QDialogButtonBox.ActionRole)
        self.regenerate_button.clicked.connect(self.regenerate)
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.proposal: Proposal | None = None
        self.sections: list[tuple[QCheckBox, QPlainTextEdit, QPlainTextEdit]] = []
        self.regenerate()

    def regenerate(self) -> None:
        """Propose again from the document as it is now."""
        self.proposal = propose(self.session.doc, self.last)
        body = QWidget()
        grid = QGridLayout(body)
        self.sections = []
        if not self.proposal.sections:
            grid.addWidget(plain_label("本文档的公开表模板没有规定如何生成情况说明。"), 0, 0)
        for k, section in enumerate(self.proposal.sections):
            box = QCheckBox(f"采用「{section.title}」" + ("" if section.changed else "（与现有文字相同）"))
            box.setChecked(section.changed and not section.drops_comparison)
            current, proposed = QPlainTextEdit(), QPlainTextEdit()
            for view, text in ((current, section.current or ""), (proposed, section.text)):
                view.setReadOnly(True)
                view.setPlainText(text)
                view.setMinimumHeight(120)
            _highlight(proposed, changed_spans(section.current or "", section.text))
            notes = [f"{'需填写' if a.required else '可填写'}：{a.label}" + (f"（上年：{a.offered}）" if a.offered else "")
                     for a in section.asks] + section.missing
            if section.drops_comparison:
                notes.append("注意：现有文字含有与上年的比较，本文档没有保存上年数，采用后将改为“暂无上年数”，因此未勾选。"
                             "从上一年的文件开始本年（文件 → 导入上一年文件）即可生成比较。")
            row = k * 3
            grid.addWidget(box, row, 0, 1, 2)
            grid.addWidget(current, row + 1, 0)
            grid.addWidget(proposed, row + 1, 1)
            grid.addWidget(plain_label("\n".join(notes)), row + 2, 0, 1, 2)
            self.sections.append((box, current, proposed))
        self.scroll.setWidget(body)

    def chosen(self) -> list[str]:
        return [s.title for s, (box, _, _) in zip(self.proposal.sections, self.sections) if box.isChecked()]

    def take(self) -> None:
        """Write the ticked sections (one undo step) and close; nothing ticked closes as well."""
        titles = self.chosen()
        if titles and not self.session.perform(write_edit(self.session.doc, self.proposal, titles)):
            return  # the session said why
        self.accept()


def _highlight(view: QPlainTextEdit, spans: list[tuple[int, int]]) -> None:
    marked = QTextCharFormat()
    marked.setBackground(CHANGED)
    cursor = QTextCursor(view.document())
    for start, end in spans:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.mergeCharFormat(marked)
