"""Where BudgetDesk keeps what belongs to the officer, not to a document: settings, recent files,
the sample copies and the error log. One folder per user, in the place each platform expects:

- Windows: ``%APPDATA%\\BudgetDesk`` (roams with the officer's profile, as office IT expects)
- macOS: ``~/Library/Application Support/BudgetDesk``
- elsewhere: ``$XDG_DATA_HOME/BudgetDesk`` (``~/.local/share/BudgetDesk``)

``BUDGETDESK_DATA_DIR`` overrides it (tests, the self-test, a portable copy on a USB stick).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "BudgetDesk"


def data_folder() -> Path:
    override = os.environ.get("BUDGETDESK_DATA_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP


def settings_file() -> Path:
    """An INI file (not the Windows registry): copied with the folder, readable when support asks."""
    return data_folder() / "settings.ini"


def log_file() -> Path:
    return data_folder() / "logs" / "budgetdesk.log"
