"""A generated department ten times the size of seed 001, for the benchmarks: its 28 projects
repeated ten times (280 project tables, codes made unique) and each 公开表 listed by 科目编码 with its
subjects repeated ten times under made-up 类 codes (9x…, never a real one), so that the tables still
add up inside: about 340 subject rows each."""

from __future__ import annotations

import copy
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "chengde_2024.json"


def ten_times_seed_001() -> dict:
    return times_seed_001(10)


def times_seed_001(times: int) -> dict:
    """Seed 001 ``times`` times over (1 ≤ times ≤ 90), made as :func:`ten_times_seed_001` is: copy k
    of a subject under the made-up 类 ``9k…`` for k < 10 (the ten-times document exactly), ``8k…``,
    ``7k…`` … past that (still never a real 类)."""
    data = json.loads(SAMPLE.read_text("utf-8"))
    projects = []
    for k in range(times):
        for project in data["projects"]:
            project = copy.deepcopy(project)
            if k:
                project["code"] = f"{project['code']}-{k}"
            projects.append(project)
    data["projects"] = projects
    for table in data["budget_tables"].values():
        columns = table["columns"]
        if "科目编码" not in columns:
            continue
        code_col = columns.index("科目编码")
        rows = list(table["rows"])
        for k in range(1, times):
            for row in table["rows"]:
                if row[code_col]:
                    row = list(row)
                    row[code_col] = f"{9 - k // 10}{k % 10}{row[code_col][2:]}"
                    rows.append(row)
        table["rows"] = rows
    return data


@contextmanager
def window_on_ten_times():
    """The window (offscreen, 1366×740) on a fresh file of :func:`ten_times_seed_001`; yields
    ``(app, doc, window)``. Settings go to a throwaway folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from core.file.json_format import import_json
    from ui.fonts import install_fonts
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BUDGETDESK_DATA_DIR"] = tmp
        doc = import_json(ten_times_seed_001(), Path(tmp) / "big.bdoc")
        window = MainWindow(doc)
        window.resize(1366, 740)
        window.show()
        app.processEvents()
        try:
            yield app, doc, window
        finally:
            window.close()
            doc.close()
