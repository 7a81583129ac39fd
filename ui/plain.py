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
