"""What the officer sees when the program itself fails: a plain Chinese message (their edits are
safe, where the log is), never a traceback. The details go to the error log (core.error_log).

``install()`` routes every uncaught exception — in a slot, an event handler or a worker thread —
here. The message box is opened without a nested event loop, so a failure inside an edit or a
paint cannot re-enter itself; errors that repeat while the box is open are logged, not shown again.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from core import error_log

TITLE = "BudgetDesk 出现意外问题"


def message(log_path) -> str:
    return ("刚才的操作没有完成：BudgetDesk 遇到了一个意外问题。\n\n"
            "已经完成的修改都已保存在文档中，不会丢失，可以继续工作。\n"
            "如果问题反复出现，请把下面的日志文件发给技术支持：\n"
            f"{log_path}")


class _Reporter(QObject):
    """Lives in the GUI thread; ``shown`` queued from any thread opens the message there."""

    shown = Signal(str)

    def __init__(self):
        super().__init__()
        self.box: QMessageBox | None = None
        self.shown.connect(self._show)

    def _show(self, log_path: str) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one message at a time; the log has every occurrence
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, message(log_path), QMessageBox.StandardButton.Ok, parent)
        folder = box.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
        box.button(QMessageBox.StandardButton.Ok).setText("确定")
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(error_log.start().parent))))
        self.box = box
        box.open()


_reporter: _Reporter | None = None


def report(exc: BaseException, context: str = "") -> None:
    """Log ``exc`` and tell the officer (from any thread)."""
    try:
        path = error_log.record(exc, context)
    except Exception:  # noqa: BLE001 - the report itself must not fail
        path = "（日志无法写入）"
    if _reporter is not None:
        _reporter.shown.emit(str(path))


def install() -> None:
    global _reporter
    if _reporter is None:
        _reporter = _Reporter()
    sys.excepthook = lambda kind, exc, tb: report(exc)
    threading.excepthook = lambda args: report(args.exc_value, f"thread {args.thread.name if args.thread else ''}")


def reporter() -> _Reporter | None:
    return _reporter
