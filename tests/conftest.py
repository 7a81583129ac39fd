"""Shared fixtures: the seed samples (kept in tests/fixtures/samples, so a fresh clone needs nothing beside
it), imported into temporary documents."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_FILES = FIXTURES / "samples"  # last-year files as officers hold them (.xlsx, .docx, PDFs)
SEEDS = FIXTURES / "seeds"  # the seed documents as text
SAMPLE_JSON = SAMPLE_FILES / "json"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's settings and sample copies go to a throwaway folder, never the tester's own.
_HOME = tempfile.mkdtemp(prefix="budgetdesk-test-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["BUDGETDESK_DATA_DIR"] = os.path.join(_HOME, "data", "BudgetDesk")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.file.json_format import import_json, read_json_file  # noqa: E402

SAMPLES = sorted(SAMPLE_JSON.glob("*.json"))


def sample_json(prefix: str) -> Path:
    """The sample JSON of a seed, by its number (``"001"``)."""
    return next(p for p in SAMPLES if p.name.startswith(prefix))


@pytest.fixture
def open_sample(tmp_path):
    """``open_sample("001")`` → an open Document holding that seed; closed after the test."""
    opened = []

    def make(prefix: str = "000"):
        doc = import_json(read_json_file(sample_json(prefix)), tmp_path / f"{prefix}.bdoc")
        opened.append(doc)
        return doc

    yield make
    for doc in opened:
        doc.close()


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` as an officer does: ASCII as key presses, Chinese (and ≥, ≤ …)
    as what an input method commits — QTest can only press keys that exist on the keyboard."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for char in text:
        target = QApplication.focusWidget() or widget
        if char.isascii() and char.isprintable():
            QTest.keyClick(target, char)
        else:  # an input method shows what is being composed, then commits it
            QApplication.sendEvent(target, QInputMethodEvent(char, []))
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(QApplication.focusWidget() or widget, event)


@pytest.fixture
def shanghai(tmp_path):
    """The real 上海 budget (tests/fixtures/real) as a document: its tables and text sections."""
    from core.file.json_format import import_json
    from real_sample import as_import_json

    doc = import_json(as_import_json(), tmp_path / "putuo.bdoc")
    yield doc
    doc.close()
