"""The .bdoc file association (core.file.file_association), against an in-memory stand-in for winreg."""

from __future__ import annotations

import pytest

from core.file import file_association
from core.errors import BudgetDeskError


class FakeWinreg:
    """The part of winreg the association uses, over a dict {key: {value name: data}}."""

    HKEY_CURRENT_USER = "HKCU"
    REG_SZ = 1
    KEY_ALL_ACCESS = KEY_SET_VALUE = 0xF003F

    def __init__(self):
        self.keys: dict[str, dict[str, str]] = {}

    class _Handle:
        def __init__(self, key):
            self.key = key

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def CreateKey(self, root, key):  # noqa: N802 - winreg's names
        parts = key.split("\\")
        for n in range(1, len(parts) + 1):
            self.keys.setdefault("\\".join(parts[:n]), {})
        return self._Handle(key)

    def OpenKey(self, root, key, reserved=0, access=0):  # noqa: N802
        if key not in self.keys:
            raise FileNotFoundError(2, "系统找不到指定的文件。")
        return self._Handle(key)

    def SetValueEx(self, handle, name, reserved, kind, data):  # noqa: N802
        assert kind == self.REG_SZ
        self.keys[handle.key][name] = data

    def QueryValueEx(self, handle, name):  # noqa: N802
        if name not in self.keys[handle.key]:
            raise FileNotFoundError(2, "系统找不到指定的文件。")
        return self.keys[handle.key][name], self.REG_SZ

    def DeleteValue(self, handle, name):  # noqa: N802
        del self.keys[handle.key][name]

    def DeleteKey(self, root, key):  # noqa: N802 - like winreg: only a key without subkeys
        if key not in self.keys or any(k.startswith(key + "\\") for k in self.keys):
            raise OSError(5, "拒绝访问。")
        del self.keys[key]


def test_registering_points_bdoc_at_this_program_and_unregistering_removes_only_ours():
    reg = FakeWinreg()
    reg.CreateKey(reg.HKEY_CURRENT_USER, r"Software\Classes\.xlsx")  # someone else's: must survive
    assert not file_association.is_registered(reg)
    file_association.register(reg)
    assert reg.keys[r"Software\Classes\.bdoc"][""] == "BudgetDesk.Document"
    command = reg.keys[r"Software\Classes\BudgetDesk.Document\shell\open\command"][""]
    assert command.endswith(' "%1"') and "main.py" in command  # from source: python + main.py
    assert reg.keys[r"Software\Classes\BudgetDesk.Document"][""] == "BudgetDesk 预算文档"
    assert file_association.is_registered(reg)

    file_association.unregister(reg)
    assert not file_association.is_registered(reg)
    assert not any("BudgetDesk.Document" in key for key in reg.keys)
    assert "" not in reg.keys[r"Software\Classes\.bdoc"]
    assert r"Software\Classes\.xlsx" in reg.keys


def test_a_frozen_build_registers_its_exe_with_its_own_icon(monkeypatch):
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", r"C:\Program Files\BudgetDesk\BudgetDesk.exe")
    values = {key: data for key, _, data in file_association.registry_values(file_association.program(),
                                                                               file_association.icon())}
    prog = r"Software\Classes\BudgetDesk.Document"
    assert values[prog + r"\shell\open\command"] == r'"C:\Program Files\BudgetDesk\BudgetDesk.exe" "%1"'
    assert values[prog + r"\DefaultIcon"] == r"C:\Program Files\BudgetDesk\BudgetDesk.exe,0"


def test_an_association_for_another_copy_of_the_program_is_not_taken_for_ours():
    reg = FakeWinreg()
    file_association.register(reg)
    reg.keys[r"Software\Classes\BudgetDesk.Document\shell\open\command"][""] = r'"D:\旧版\BudgetDesk.exe" "%1"'
    assert not file_association.is_registered(reg)


def test_outside_windows_it_says_so_in_chinese(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    assert not file_association.supported()
    with pytest.raises(BudgetDeskError, match="Windows"):
        file_association.register()


def test_the_help_menu_registers_after_asking(qtbot, open_sample, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui import help_menu
    from ui.main_window import MainWindow

    reg = FakeWinreg()
    monkeypatch.setattr(file_association, "supported", lambda: True)
    monkeypatch.setattr(file_association, "_winreg", lambda: reg)
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    window = MainWindow(open_sample("000"))
    qtbot.addWidget(window)
    help_actions = [a for a in window.menuBar().actions() if a.text().startswith("帮助")][0].menu().actions()
    associate = next(a for a in help_actions if a.text() == help_menu.ASSOCIATE)
    associate.trigger()
    assert "管理员" in asked[0] and told[-1].startswith("已设置")
    assert file_association.is_registered(reg)
    associate.trigger()  # a second time offers to remove it
    assert "取消" in asked[1] and told[-1].startswith("已取消")
    assert not file_association.is_registered(reg)
