"""User text on screen is never markup. Qt renders a string that looks like HTML as rich text in a
label, a message box or a tooltip (``<img src=…>`` would load a local file, ``<a href>`` make a
link); every such place shows document or file text through :func:`shown` (or a label set to
plain text), so it appears exactly as typed."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def shown(text: str | None) -> str:
    """Rich text that displays ``text`` literally, line breaks kept ("" stays "": no tooltip)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text, quote=False)}</p>"


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text as plain text, whatever it looks like."""
    label = QLabel()
    label.setTextFormat(Qt.PlainText)
    label.setText(text)
    return label


class SteadyLabel(QLabel):
    """A plain-text label for the status bar whose text changes with every edit (the findings'
    counts, the selection's 求和): fixed in size, its width only growing to fit a longer text. A
    label whose size may change asks the status bar to lay itself out again on every new text,
    and the status bar then repaints whole — with the window's edge behind it — on every edit."""

    def __init__(self):
        super().__init__()
        self.setTextFormat(Qt.PlainText)
        margins = self.contentsMargins()
        self._padding = margins.left() + margins.right() + 2 * self.margin() + 4
        self.setFixedSize(0, self.fontMetrics().height() + margins.top() + margins.bottom() + 2 * self.margin())

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        wanted = self.fontMetrics().horizontalAdvance(text) + self._padding if text else 0
        if wanted > self.width():
            self.setFixedWidth(wanted)
        super().setText(text)
