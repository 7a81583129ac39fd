"""The Qt binding the app runs on must not corrupt Python's reference counts when signals fire.

PySide6 6.12.0 dropped a reference to ``True`` on every signal emitted from Python; after a few
hundred edits the interpreter aborts. This guards the pinned range in pyproject.toml.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_signals_keeps_reference_counts():
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(200):
        emitter.fired.emit(i)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    assert len(received) == 200
