"""A cell edit in a document ten times seed 001 (280 project tables): committed to the file and repainted, per edit.

Run: ``python bench/cell_edit.py [--edits 300]``. Opens the generated document of bench/department.py
in the window (offscreen), then types into indicator cells through the model (as the editor does
on Enter) and forces the repaint; prints the median and p90 per edit against one frame (16 ms), and
a baseline from the same run: the repaint alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.department import window_on_ten_times  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    with window_on_ten_times() as (app, doc, window):
        projects = len(doc.projects)
        window.select_form(doc.projects[150].id)
        app.processEvents()
        view = window.page.widget().tables[0]
        model = view.model()
        edit_times, paint_times = [], []
        for i in range(args.edits):
            index = model.index(i % model.rowCount(), 2 + i % 4)
            start = time.perf_counter()
            assert model.setData(index, f"值{i}")
            view.viewport().repaint()
            edit_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            view.viewport().repaint()
            paint_times.append(time.perf_counter() - start)
    median = statistics.median(edit_times)
    p90 = statistics.quantiles(edit_times, n=10)[-1]
    paint = statistics.median(paint_times)
    print(f"{projects} project tables, {args.edits} cell edits (commit + repaint), platform {os.environ['QT_QPA_PLATFORM']}")
    print(f"  edit + repaint   median {median * 1000:6.2f} ms   p90 {p90 * 1000:6.2f} ms")
    print(f"  repaint alone    median {paint * 1000:6.2f} ms   (edit costs {median / paint:.1f}× a repaint)")
    print(f"one frame (16 ms) — {'met' if p90 < 0.016 else 'NOT met'} at p90")
    return 0


if __name__ == "__main__":
    sys.exit(main())
