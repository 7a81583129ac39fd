"""Open ``.bdoc`` files with BudgetDesk by double-click (Windows): the officer chooses it from 帮助,
nothing is registered at install time. Per user (HKEY_CURRENT_USER\\Software\\Classes), so no
administrator rights are needed; only keys under our own ProgID are removed again.

``registry_values`` is the plan as data (tested on any platform); ``register`` / ``unregister``
write it with winreg, which exists only on Windows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.errors import BudgetDeskError
from core.resources import resource_path

EXTENSION = ".bdoc"
PROG_ID = "BudgetDesk.Document"
DESCRIPTION = "BudgetDesk 预算文档"
CLASSES = r"Software\Classes"


def supported() -> bool:
    return sys.platform == "win32"


def program() -> list[str]:
    """The command that starts this BudgetDesk: the .exe when frozen, else pythonw + main.py."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    python = Path(sys.executable)
    windowed = python.with_name("pythonw.exe")
    return [str(windowed if windowed.exists() else python), str(Path(__file__).resolve().parents[2] / "main.py")]


def icon() -> str:
    return f"{sys.executable},0" if getattr(sys, "frozen", False) else str(resource_path("icons", "budgetdesk.ico"))


def registry_values(command: list[str], icon_location: str) -> list[tuple[str, str, str]]:
    """(key under HKEY_CURRENT_USER, value name, data) to write; "" is the key's default value."""
    prog = rf"{CLASSES}\{PROG_ID}"
    return [
        (rf"{CLASSES}\{EXTENSION}", "", PROG_ID),
        (rf"{CLASSES}\{EXTENSION}\OpenWithProgids", PROG_ID, ""),
        (prog, "", DESCRIPTION),
        (rf"{prog}\DefaultIcon", "", icon_location),
        (rf"{prog}\shell\open\command", "", f'{subprocess.list2cmdline(command)} "%1"'),
    ]


def _winreg():
    if not supported():
        raise BudgetDeskError("文件关联只需要在 Windows 上设置。")
    import winreg

    return winreg


def register(winreg=None) -> None:
    """Make double-clicking a .bdoc file open it in this BudgetDesk."""
    winreg = winreg or _winreg()
    try:
        for key, name, data in registry_values(program(), icon()):
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as handle:
                winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, data)
    except OSError as exc:
        raise BudgetDeskError(f"无法设置文件关联（{exc.strerror or exc}）。请联系单位的电脑管理员。") from None
    _tell_explorer()


def is_registered(winreg=None) -> bool:
    """Whether .bdoc files open with this very program (not an older copy elsewhere)."""
    winreg = winreg or _winreg()
    command_key, _, command = registry_values(program(), icon())[-1]
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{CLASSES}\{EXTENSION}") as handle:
            if winreg.QueryValueEx(handle, "")[0] != PROG_ID:
                return False
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, command_key) as handle:
            return winreg.QueryValueEx(handle, "")[0] == command
    except OSError:
        return False


def unregister(winreg=None) -> None:
    """Remove our ProgID (deepest key first) and the .bdoc entries that point to it."""
    winreg = winreg or _winreg()
    prog = rf"{CLASSES}\{PROG_ID}"
    for key in (rf"{prog}\shell\open\command", rf"{prog}\shell\open", rf"{prog}\shell", rf"{prog}\DefaultIcon", prog):
        try:
            winreg.DeleteKey(winreg.HKEY_CURRENT_USER, key)
        except OSError:
            pass
    for key, name in ((rf"{CLASSES}\{EXTENSION}\OpenWithProgids", PROG_ID), (rf"{CLASSES}\{EXTENSION}", "")):
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_ALL_ACCESS) as handle:
                if name or winreg.QueryValueEx(handle, "")[0] == PROG_ID:
                    winreg.DeleteValue(handle, name)
        except OSError:
            pass
    _tell_explorer()


def _tell_explorer() -> None:
    """SHChangeNotify(SHCNE_ASSOCCHANGED): Explorer shows the new icon without a restart."""
    try:
        import ctypes

        ctypes.windll.shell32.SHChangeNotify(0x08000000, 0, None, None)
    except Exception:  # noqa: BLE001 - cosmetic; the association itself is written
        pass
