"""Benchmark of the document file: open time, single-cell edits each committed, file size.

Run: ``python bench/store.py [--edits N]``. Prints medians for the sample (seed 001, 28 projects)
and for a generated department ten times its size, with a baseline measured in the same run: a bare
sqlite3 single-row UPDATE + COMMIT with the same durability settings. Target: an edit committed in
under 2 ms median.
"""

from __future__ import annotations

import argparse
import copy
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.document import edits  # noqa: E402
from core.document.document import open_document  # noqa: E402
from core.file.json_format import import_json  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "chengde_2024.json"


def tenfold(data: dict) -> dict:
    """The sample department ten times over: 280 projects, ten times the 公开表 rows."""
    big = copy.deepcopy(data)
    big["projects"] = []
    for copy_no in range(10):
        for project in data["projects"]:
            p = copy.deepcopy(project)
            p["code"] = f"{p['code']}-{copy_no}"
            p["name"] = f"{p['name']}（{copy_no + 1}）"
            big["projects"].append(p)
    for table in big["budget_tables"].values():
        table["rows"] = [list(r) for _ in range(10) for r in table["rows"]]
    return big


def time_open(path: Path, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        open_document(path).close()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_edits(path: Path, count: int) -> list[float]:
    times = []
    with open_document(path) as doc:
        targets = [(p.id, len(p.grids["indicators"])) for p in doc.projects]
        for i in range(count):
            form_id, rows = targets[i % len(targets)]
            edit = edits.SetCells(form_id, "indicators", ((i % rows, i % 6, f"值{i}"),))
            start = time.perf_counter()
            doc.apply(edit)
            times.append(time.perf_counter() - start)
    return times


def time_baseline(folder: Path, count: int) -> list[float]:
    db = sqlite3.connect(folder / "baseline.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, cells TEXT)")
    db.executemany("INSERT INTO t (cells) VALUES (?)", [("[]",)] * 1000)
    times = []
    for i in range(count):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE t SET cells = ? WHERE id = ?", (f'["值{i}"]', i % 1000 + 1))
        db.execute("COMMIT")
        times.append(time.perf_counter() - start)
    db.close()
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=10_000)
    args = parser.parse_args()
    data = json.loads(SAMPLE.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = time_baseline(folder, args.edits)
        base_median = statistics.median(baseline)
        print(f"baseline: bare sqlite3 UPDATE+COMMIT (DELETE journal, synchronous=FULL), {args.edits} commits")
        print(f"  median {ms(base_median)} ms\n")
        print(f"{'document':<22}{'projects':>9}{'file KiB':>10}{'open ms':>10}"
              f"{'edit median':>13}{'p90':>9}{'max':>9}{'×baseline':>11}")
        met = True
        for name, content in (("sample (seed 001)", data), ("ten times the sample", tenfold(data))):
            path = folder / f"{len(content['projects'])}.bdoc"
            import_json(content, path).close()
            opened = time_open(path)
            times = time_edits(path, args.edits)
            median = statistics.median(times)
            p90 = statistics.quantiles(times, n=10)[-1]
            size = path.stat().st_size / 1024
            met &= median < 0.002
            print(f"{name:<22}{len(content['projects']):>9}{size:>10.0f}{ms(opened):>10}"
                  f"{ms(median):>13}{ms(p90):>9}{ms(max(times)):>9}{median / base_median:>11.2f}")
        print(f"\ntarget: an edit committed in under 2 ms median — {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
