"""Where the officer's settings and logs live, and what happens when the program itself fails:
a plain message for the officer, the traceback in the log for support."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from core import error_log
from core.file import user_data


@pytest.mark.parametrize("platform, env, expected", [
    ("win32", {"APPDATA": r"C:\Users\张三\AppData\Roaming"}, Path(r"C:\Users\张三\AppData\Roaming") / "BudgetDesk"),
    ("linux", {"XDG_DATA_HOME": "/home/zs/.data"}, Path("/home/zs/.data/BudgetDesk")),
    ("linux", {}, Path.home() / ".local" / "share" / "BudgetDesk"),
    ("darwin", {}, Path.home() / "Library" / "Application Support" / "BudgetDesk"),
])
def test_the_data_folder_is_where_each_platform_keeps_it(monkeypatch, platform, env, expected):
    for name in ("BUDGETDESK_DATA_DIR", "APPDATA", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert user_data.data_folder() == expected
    assert user_data.settings_file() == expected / "settings.ini"
    assert user_data.log_file() == expected / "logs" / "budgetdesk.log"


def test_settings_and_recent_files_go_to_the_data_folder(qtbot, tmp_path, monkeypatch):
    from ui.settings import recent_files, remember

    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path / "data"))
    document = tmp_path / "司法局2025.bdoc"
    document.write_bytes(b"")
    remember(document)
    assert recent_files() == [str(document.resolve())]
    assert "司法局2025.bdoc" in (tmp_path / "data" / "settings.ini").read_text(encoding="utf-8")


def _fail():
    raise ZeroDivisionError("分母为零")


def test_an_unexpected_error_is_logged_with_its_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path))
    try:
        _fail()
    except ZeroDivisionError as exc:
        path = error_log.record(exc, "导出 PDF")
    assert path == tmp_path / "logs" / "budgetdesk.log"
    text = path.read_text(encoding="utf-8")
    assert "unexpected error in 导出 PDF" in text and "BudgetDesk 0." in text
    assert "Traceback" in text and "in _fail" in text and "ZeroDivisionError: 分母为零" in text


def test_the_command_line_tells_where_the_log_is_not_a_traceback(tmp_path):
    """A document that makes a command fail unexpectedly: stderr has one Chinese line naming the log."""
    script = ("import sys, core.cli as cli\n"
              "cli._info = lambda args: 1 / 0\n"
              "sys.exit(cli.main(['info', 'x.bdoc']))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            env={"PATH": "", "BUDGETDESK_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and "内部错误" in result.stderr
    assert str(tmp_path / "logs" / "budgetdesk.log") in result.stderr
    assert "ZeroDivisionError" in (tmp_path / "logs" / "budgetdesk.log").read_text(encoding="utf-8")


def test_the_window_shows_a_plain_message_and_logs_the_details(qtbot, tmp_path, monkeypatch):
    from ui import error_handler

    monkeypatch.setenv("BUDGETDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    error_handler.install()
    try:
        _fail()
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())  # what Qt does with an exception escaping a slot
    box = error_handler.reporter().box
    assert box.isVisible()
    assert "已经完成的修改都已保存" in box.text() and str(tmp_path / "logs" / "budgetdesk.log") in box.text()
    assert "Traceback" not in box.text() and "ZeroDivisionError" not in box.text()
    assert "in _fail" in (tmp_path / "logs" / "budgetdesk.log").read_text(encoding="utf-8")
    box.close()


def test_qt_dialogs_speak_chinese(qtbot):
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from ui.app import install_translations

    app = QApplication.instance()
    translator = install_translations(app)
    assert translator is not None
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text().startswith("取消")
    finally:
        app.removeTranslator(translator)


def test_a_window_that_cannot_start_is_reported_and_logged(tmp_path):
    """A broken installation (here: the window module fails to import) gets a plain message, not
    PyInstaller's traceback dialog, and the details in the log."""
    script = ("import sys; sys.modules['ui.app'] = None\n"  # `from ui.app import run` raises ImportError
              "import main; sys.exit(main.main([]))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            env={"PATH": "", "BUDGETDESK_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 3
    assert "无法启动" in result.stderr and "Traceback" not in result.stderr
    assert "ModuleNotFoundError: import of ui.app" in (tmp_path / "logs" / "budgetdesk.log").read_text(encoding="utf-8")
