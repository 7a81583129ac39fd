"""The error log: what support needs to diagnose a problem the officer only saw as a plain message.

``start()`` once per process (the window and the command line both call it); ``record(exc)`` writes
an unexpected exception with its traceback and returns the log's path for the message. The log
rotates at 1 MB, three old files kept, so it never fills an old PC's disk. Logging must never be
what breaks the program: if the folder cannot be written, records go nowhere.
"""

from __future__ import annotations

import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from core.file.user_data import log_file
from core.version import VERSION

LOGGER = logging.getLogger("budgetdesk")
_started: Path | None = None


def start() -> Path:
    """Send the ``budgetdesk`` logger to the log file; the path (also when it could not be opened)."""
    global _started
    path = log_file()
    if _started == path:
        return path
    for handler in list(LOGGER.handlers):
        LOGGER.removeHandler(handler)
        handler.close()
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    logging.raiseExceptions = False  # a log that cannot be written must not print a traceback
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    except OSError:
        LOGGER.addHandler(logging.NullHandler())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOGGER.addHandler(handler)
    _started = path
    return path


def record(exc: BaseException, context: str = "") -> Path:
    """Log ``exc`` with its traceback and the facts support asks for first; the log file's path."""
    path = start()
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    LOGGER.error("unexpected error%s (BudgetDesk %s, %s, Python %s, %s)", f" in {context}" if context else "",
                 VERSION, frozen, platform.python_version(), platform.platform(),
                 exc_info=(type(exc), exc, exc.__traceback__))
    for handler in LOGGER.handlers:
        handler.flush()
    return path
