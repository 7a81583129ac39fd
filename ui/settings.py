"""What the window remembers between sessions: recent files and the window's size and layout."""

from __future__ import annotations

from pathlib import Path


def settings():
    from PySide6.QtCore import QSettings

    return QSettings("BudgetDesk", "BudgetDesk")


def recent_files() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [p for p in (value or []) if Path(p).exists()]


def remember(path: Path) -> None:
    paths = [str(Path(path).resolve())] + [p for p in recent_files() if p != str(Path(path).resolve())]
    settings().setValue("recent", paths[:10])
