"""Time from process start to the main window shown with the sample's first form.

Run: ``python bench/startup.py [--runs 5]``. Starts ``python main.py SAMPLE`` with
BUDGETDESK_EXIT_WHEN_SHOWN=1 (the app prints "shown" after the first paint and quits) and times it
from the parent, median of the runs. Baselines from the same run: a bare ``python -c pass`` and a
process that only imports Qt Widgets and shows an empty window. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EMPTY_WINDOW = ("from PySide6.QtWidgets import QApplication, QMainWindow;"
                "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents();"
                "w.repaint(); print('shown', flush=True)")


def time_command(args: list[str], env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env=env, cwd=ROOT)
        for line in proc.stdout:
            if line.strip() == "shown":
                break
        times.append(time.perf_counter() - start)
        proc.wait(timeout=60)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from core.json_format import import_json, read_json_file

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.bdoc"
        import_json(read_json_file(ROOT / "resources" / "samples" / "chengde_2024.json"), sample).close()
        env = dict(os.environ, BUDGETDESK_EXIT_WHEN_SHOWN="1", XDG_CONFIG_HOME=tmp,
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        bare = time_command([sys.executable, "-c", "print('shown')"], env, args.runs)
        empty = time_command([sys.executable, "-c", EMPTY_WINDOW], env, args.runs)
        app = time_command([sys.executable, "main.py", str(sample)], env, args.runs)
    print(f"median of {args.runs} runs, process start → window shown (platform {env['QT_QPA_PLATFORM']})")
    print(f"  bare python                 {bare * 1000:7.0f} ms")
    print(f"  empty Qt window             {empty * 1000:7.0f} ms")
    print(f"  BudgetDesk on the sample    {app * 1000:7.0f} ms   ({app / empty:.2f}× the empty window)")
    print(f"target under 1 s — {'met' if app < 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
