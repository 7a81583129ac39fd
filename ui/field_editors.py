"""Editors for a form's named fields (项目编码, 预算数, 绩效目标, …): each commits what was typed as a
core edit when the officer leaves it, shows a refused value's message and puts the old value back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from shiboken6 import isValid

from core import cell_input, edits
from core.errors import InputError
from core.forms import Field
from core.validation import worst_severity
from ui.findings_dock import SEVERITY_COLORS

LONG_TEXT_FIELDS = {"purpose", "goal", "summary", "overall_goal", "note", "other"}


class _PlainText(QPlainTextEdit):
    editingFinished = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class FieldEditor:
    """Binds one editor widget to one field of one form."""

    def __init__(self, session, form_id: int, spec: Field):
        self.session = session
        self.form_id = form_id
        self.spec = spec
        if spec.kind == cell_input.CHOICE:
            self.widget = QComboBox()
            self.widget.addItems(list(spec.options))
            self.widget.activated.connect(lambda _i: self.commit())
        elif spec.key in LONG_TEXT_FIELDS and spec.kind == cell_input.TEXT:
            self.widget = _PlainText()
            self.widget.setTabChangesFocus(True)
            self.widget.setFixedHeight(72)
            self.widget.editingFinished.connect(self.commit)
        else:
            self.widget = QLineEdit()
            self.widget.editingFinished.connect(self.commit)
            if spec.kind in (cell_input.AMOUNT, cell_input.PLAN, cell_input.NUMBER):
                self.widget.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.widget.setMinimumWidth(90)
        self.widget.setEnabled(not session.doc.read_only)
        self.refresh()
        session.findings_changed.connect(self.show_findings)
        self.show_findings()

    def show_findings(self) -> None:
        """Tint the editor and give it the messages of the findings located at this field."""
        if not isValid(self.widget):  # its page was replaced: stop listening
            self.session.findings_changed.disconnect(self.show_findings)
            return
        found = self.session.findings_at(self.form_id, None, self.spec.label)
        if found:
            color = SEVERITY_COLORS[worst_severity(found)]
            self.widget.setStyleSheet(f"background: {color.name()};")
            self.widget.setToolTip("\n".join(f.message for f in found))
        elif self.widget.toolTip():
            self.widget.setStyleSheet("")
            self.widget.setToolTip("")

    def stored(self) -> str | None:
        return self.session.doc.form_by_id(self.form_id).get(self.spec.key)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentText()
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def refresh(self) -> None:
        value = self.stored() or ""
        w = self.widget
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findText(value), 0) if value else -1)
        elif isinstance(w, QPlainTextEdit):
            if w.toPlainText() != value:
                w.setPlainText(value)
        elif w.text() != value:
            w.setText(value)

    def commit(self) -> None:
        if (self.text() or None) == self.stored():
            return
        try:
            edit = edits.set_field(self.session.doc, self.form_id, self.spec.key, self.text())
        except InputError as exc:
            self.session.report(exc)
            self.refresh()  # the old value stays
            return
        if dict(edit.values)[self.spec.key] == self.stored():
            self.refresh()  # typed differently, same value (e.g. "2" for "2.00")
            return
        if not self.session.perform(edit):
            self.refresh()


def is_long(spec: Field) -> bool:
    return spec.key in LONG_TEXT_FIELDS and spec.kind == cell_input.TEXT
