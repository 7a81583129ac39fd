"""The one way long work runs: a core function on a worker thread behind a progress dialog with
取消, the window repainting meanwhile, and the result or a plain Chinese error back on the main
thread. Reading last year's file, exporting PDF and Excel and printing all go through it.

The work is called as ``work(progress, cancelled)``: ``progress(done, total)`` reports how far it
is, ``cancelled()`` says whether the officer pressed 取消 (the work then stops as soon as it can,
raising a BudgetDeskError or returning). The dialog is window-modal: the document cannot be
edited while the work reads it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog

from core.errors import BudgetDeskError

CANCELLED = "已取消。"


@dataclass
class Outcome:
    result: Any = None
    error: str = ""        # the Chinese message when it failed (or CANCELLED)

    @property
    def ok(self) -> bool:
        return not self.error


class _Worker(QThread):
    """Runs the work; its signals reach the window's thread queued."""

    progressed = Signal(int, int)
    finished_with = Signal(object, str)

    def __init__(self, work: Callable, failure: str):
        super().__init__()
        self.work = work
        self.failure = failure
        self.cancel = threading.Event()

    def run(self) -> None:
        from core import error_log

        try:
            result = self.work(lambda done, total: self.progressed.emit(done, total), self.cancel.is_set)
            self.finished_with.emit(result, CANCELLED if self.cancel.is_set() else "")
        except BudgetDeskError as exc:
            self.finished_with.emit(None, CANCELLED if self.cancel.is_set() else str(exc))
        except OSError as exc:
            self.finished_with.emit(None, f"{self.failure}（{exc.strerror or exc}）")
        except Exception as exc:  # noqa: BLE001 - logged with its traceback, never shown to the officer
            error_log.record(exc, f"background work: {self.failure}")
            self.finished_with.emit(None, f"{self.failure}（内部错误，详情已写入日志）。")


def run_in_background(parent, title: str, label: str, work: Callable, failure: str = "操作未能完成",
                      step: str = "第 {done}/{total} 步") -> Outcome:
    """Run ``work(progress, cancelled)`` behind a progress dialog titled ``title``; returns when it
    ended. ``step`` words the progress (``{done}``/``{total}``); ``failure`` opens the message of an
    unexpected error."""
    progress = QProgressDialog(label, "取消", 0, 0, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    worker = _Worker(work, failure)
    outcome = Outcome()
    loop = QEventLoop()

    def finished(result, error):
        outcome.result, outcome.error = result, error
        loop.quit()

    def moved(done, total):
        progress.setMaximum(total)
        progress.setValue(min(done, total))
        progress.setLabelText(f"{label}（{step.format(done=done, total=total)}）")

    worker.progressed.connect(moved)
    worker.finished_with.connect(finished)
    progress.canceled.connect(worker.cancel.set)
    progress.canceled.connect(lambda: progress.setLabelText("正在取消…"))
    worker.start()
    loop.exec()
    worker.wait()
    progress.canceled.disconnect()
    progress.close()  # (closing a progress dialog emits canceled)
    progress.deleteLater()
    return outcome
