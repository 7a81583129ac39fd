"""Editors for a form's named fields (项目编码, 预算数, 绩效目标, …): each commits what was typed as a
core edit when the officer leaves it (a paragraph also after a pause in typing), shows a refused
value's message and puts the old value back; Esc puts the stored value back while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from shiboken6 import isValid

from core.values import cell_input

from core.document import edits, forms
from core.errors import InputError
from core.document.forms import Field
from core.checks.validation import worst_severity
from ui.findings_dock import SEVERITY_COLORS
from ui.idle_commit import commit_when_idle
from ui.plain import shown

LONG_TEXT_FIELDS = {"purpose", "goal", "summary", "overall_goal", "note", "other"}


class _PlainText(QPlainTextEdit):
    editingFinished = Signal()
    escaped = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class _Line(QLineEdit):
    escaped = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape and self.isModified():
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class FieldEditor:
    """Binds one editor widget to one field of one form."""

    discarded = False  # set when its page no longer shows the document (FormPage.discard)

    def __init__(self, session, form_id: int, spec: Field):
        self.session = session
        self.form_id = form_id
        self.spec = spec
        if spec.kind == cell_input.CHOICE:
            self.widget = QComboBox()
            self.widget.addItems(list(spec.options))
            if spec.key == "money_unit" and session.doc.form_by_id(form_id).kind == forms.BUDGET_TABLE:
                self.widget.setPlaceholderText(f"同文档（{session.doc.money_unit or '万元'}）")
            self.widget.activated.connect(lambda _i: self.commit())
        elif spec.key in LONG_TEXT_FIELDS and spec.kind == cell_input.TEXT:
            self.widget = _PlainText()
            self.widget.setTabChangesFocus(True)
            self.widget.setFixedHeight(72)
            self.widget.editingFinished.connect(self.commit)
            self.widget.escaped.connect(self.refresh)
            commit_when_idle(self.widget, self.commit)
        else:
            self.widget = _Line()
            self.widget.editingFinished.connect(self.commit)
            self.widget.escaped.connect(self.refresh)
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
        if found == getattr(self, "_shown_found", None):
            return  # the same as shown (restyling a widget costs a style pass, after every edit)
        self._shown_found = list(found)
        # a new style sheet restyles the widget (a style pass): set only when the tint changes,
        # not when a finding there just says other figures
        style = f"background: {SEVERITY_COLORS[worst_severity(found)].name()};" if found else ""
        if style != self.widget.styleSheet():
            self.widget.setStyleSheet(style)
        self.widget.setToolTip(shown("\n".join(f.message for f in found)) if found else "")

    def stored(self) -> str | None:
        return self.session.doc.form_by_id(self.form_id).get(self.spec.key)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentText()
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def refresh(self) -> None:
        """Show the stored value — unless the editor already shows it, typed its own way (a
        paragraph committed during a pause keeps its cursor and its trailing space)."""
        value = self.stored() or ""
        w = self.widget
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findText(value), 0) if value else -1)
            return
        if self.text() == value or self._stored_as() == (value or None):
            return
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        else:
            w.setText(value)

    def _stored_as(self) -> str | None | Exception:
        """What the text now typed would be stored as (the refusal itself if it would be refused)."""
        try:
            return self.spec.normalize(self.text(), edits.input_context(self.session.doc, self.form_id, self.spec.key))
        except InputError as exc:
            return exc

    def commit(self, keep_refused: bool = False) -> str | None:
        """Commit what is typed (nothing to do if it is what the document holds). A refused value
        is reported and its message returned; the stored value is put back, unless
        ``keep_refused`` (closing the window: the officer corrects the text instead of losing it)."""
        if (self.discarded or not self.session.active or not isValid(self.widget)
                or self.text() == (self.stored() or "")):
            return None
        stored_as = self._stored_as()
        if not isinstance(stored_as, Exception) and stored_as == self.stored():
            return None  # typed differently, same value (e.g. "2" for "2.00")
        try:
            edit = edits.set_field(self.session.doc, self.form_id, self.spec.key, self.text())
        except InputError as exc:
            self.session.report(exc)
            if not keep_refused:
                self.refresh()
            return str(exc)
        if not self.session.perform(edit):
            if not keep_refused:
                self.refresh()
            return self.session.last_refusal
        return None


def is_long(spec: Field) -> bool:
    return spec.key in LONG_TEXT_FIELDS and spec.kind == cell_input.TEXT
