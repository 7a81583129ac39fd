"""A paragraph being typed is committed after a short pause (IDLE_COMMIT_MS without a keystroke):
one undo step per pause, and a crash or a power cut loses at most the last seconds of typing."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPlainTextEdit

IDLE_COMMIT_MS = 2000


def commit_when_idle(editor: QPlainTextEdit, commit: Callable[[], object]) -> QTimer:
    """Call ``commit`` when ``editor`` has been left untyped-in for IDLE_COMMIT_MS after a change.
    The timer belongs to the editor and goes with it; ``commit`` must do nothing when nothing
    changed."""
    timer = QTimer(editor)
    timer.setSingleShot(True)
    timer.setInterval(IDLE_COMMIT_MS)
    timer.timeout.connect(commit)
    editor.textChanged.connect(timer.start)
    return timer
