"""Validation on a department ten times the size of seed 001 (bench/department.py: 280 project
tables, budget tables of ~340 subject rows).

Run: ``python bench/validation.py [--edits 200]``. Prints
- a full validation (every rule on the whole document, nothing remembered): median of runs;
- from a cell edit to the panel showing the new result, as the window does it: the edit committed
  through the table model, the rules an edit can affect rerun, the panel and the cell tints updated
  and repainted — median and p95, for cells of a project table and of the 支出总表, against one frame
  (16 ms) and against the full validation measured in the same run (the baseline).
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


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    from core.checks.validation import validate

    with window_on_ten_times() as (app, doc, window):
        projects = len(doc.projects)
        rows = max(len(t.grids["rows"].rows) for t in doc.budget_tables)
        full = []
        for _ in range(7):
            start = time.perf_counter()
            findings = validate(doc)
            full.append(time.perf_counter() - start)
        results = {}
        for label, form, columns in (("项目表的单元格", doc.projects[150], (2, 3, 4, 5)),
                                     ("支出总表的单元格", doc.budget_table("支出总表"), (3, 4, 5))):
            window.select_form(form.id)
            app.processEvents()
            view = window.page.widget().tables[0]
            model = view.model()
            times = []
            for i in range(args.edits):
                index = model.index(i % min(8, model.rowCount()), columns[i % len(columns)])
                text = f"≥{90 + i % 10}%" if form.kind == "project" else f"{100 + i}.00"
                start = time.perf_counter()
                assert model.setData(index, text), (label, i, window.statusBar().currentMessage())
                window.revalidate()  # what the zero-delay timer runs right after the edit
                window.findings_dock.tree.viewport().repaint()
                view.viewport().repaint()
                times.append(time.perf_counter() - start)
            results[label] = times
    base = statistics.median(full)
    print(f"{projects} project tables, budget tables of up to {rows} rows, {len(findings)} findings")
    print(f"  full validation            median {base * 1000:7.2f} ms   (baseline)")
    for label, times in results.items():
        median = statistics.median(times)
        print(f"  edit → panel, {label:8}  median {median * 1000:7.2f} ms   p95 {p95(times) * 1000:7.2f} ms"
              f"   ({median / base:.2f}× a full validation)")
    worst = max(p95(t) for t in results.values())
    print(f"one frame (16 ms) — {'met' if worst < 0.016 else 'NOT met'} at p95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
