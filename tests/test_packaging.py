"""The self-test, lazy imports at start-up, and — with BUDGETDESK_TEST_FREEZE=1 (.ci/run sets it) —
the PyInstaller build from build.spec and its frozen self-test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def _env(tmp_path, **extra):
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", BUDGETDESK_DATA_DIR=str(tmp_path / "data"), **extra)


def _first_window(command, tmp_path) -> str:
    """Start the app with no document (the bundled sample opens) and return what it printed."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path,
                            env=_env(tmp_path, BUDGETDESK_EXIT_WHEN_SHOWN="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_selftest_from_source_passes(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "selftest"], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path, env=_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "selftest: ok"
    assert "失败" not in result.stdout and "导出 PDF 并读回" in result.stdout
    assert not (tmp_path / "data").exists()  # its own throwaway folder, never the officer's


def test_the_first_window_opens_without_any_heavy_module(tmp_path):
    out = _first_window([sys.executable, str(ROOT / "main.py")], tmp_path)
    assert "heavy modules loaded: none" in out and out.rstrip().endswith("shown")
    assert (tmp_path / "data" / "示例-承德市司法局2024.bdoc").exists()
    assert (tmp_path / "data" / "settings.ini").exists()


@pytest.mark.skipif(os.environ.get("BUDGETDESK_TEST_FREEZE") != "1",
                    reason="builds the frozen app (about a minute); set BUDGETDESK_TEST_FREEZE=1")
def test_the_frozen_build_passes_its_selftest(tmp_path):
    result = subprocess.run(["bash", str(ROOT / "packaging" / "build_and_check.sh")], capture_output=True,
                            text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "自检（打包版" in result.stdout and result.stdout.rstrip().endswith("selftest: ok")

    internal = ROOT / "dist" / "BudgetDesk" / "_internal"
    assert (internal / "resources" / "fonts" / "wqy-microhei.ttc").exists()
    assert (internal / "resources" / "samples" / "chengde_2024.json").exists()
    assert (internal / "resources" / "icons" / "budgetdesk.ico").exists()
    # trimmed: pandas for the batch review but not its cloud extras, no test tools, Qt's Chinese
    # translations only, no GTK theme plugin
    assert (internal / "pandas").exists() and not (internal / "botocore").exists()
    assert not (internal / "pytest").exists()
    assert "批量审核" in result.stdout
    qt = internal / "PySide6" / "Qt"
    assert sorted(p.name for p in (qt / "translations").iterdir()) == ["qt_zh_CN.qm", "qtbase_zh_CN.qm"]
    assert not (qt / "plugins" / "platformthemes").exists()

    # the windowed program itself starts on the bundled sample, with nothing heavy loaded
    out = _first_window([str(ROOT / "dist" / "BudgetDesk" / "BudgetDesk")], tmp_path)
    assert "heavy modules loaded: none" in out and out.rstrip().endswith("shown")
