"""What the window remembers between sessions: recent files and the window's size and layout."""

from __future__ import annotations

from pathlib import Path


def settings():
    """An INI file in the officer's data folder (core.file.user_data), on every platform."""
    from PySide6.QtCore import QSettings

    from core.file.user_data import settings_file

    return QSettings(str(settings_file()), QSettings.Format.IniFormat)


def recent_files() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [p for p in (value or []) if Path(p).exists()]


def remember(path: Path) -> None:
    paths = [str(Path(path).resolve())] + [p for p in recent_files() if p != str(Path(path).resolve())]
    settings().setValue("recent", paths[:10])
