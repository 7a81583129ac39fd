"""Time from process start to the main window shown with the sample loaded, from source and frozen.

Run: ``python bench/startup.py [--runs 7] [--frozen dist/BudgetDesk/BudgetDesk]``. Starts the app with
no argument in a fresh data folder (so it opens the bundled sample, as on an officer's first start)
with BUDGETDESK_EXIT_WHEN_SHOWN=1: it prints which heavy modules are loaded, then "shown" after the
first paint, and quits. Times are taken from the parent, median of the runs; the first run of each
(a cold disk cache, the sample document being made) is reported apart.

Baselines from the same run: a bare ``python -c pass`` and a process that only imports Qt Widgets
and shows an empty window. The frozen build is timed if it exists (``packaging/build_and_check.sh``
makes it), with the size of its folder.
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
EXE = ".exe" if sys.platform == "win32" else ""

EMPTY_WINDOW = ("from PySide6.QtWidgets import QApplication, QMainWindow;"
                "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents();"
                "w.repaint(); print('shown', flush=True)")


def time_command(args: list[str], env: dict, runs: int) -> tuple[float, float, str]:
    """(first run, median of the others, the 'heavy modules loaded' line) in seconds."""
    times, heavy = [], ""
    with tempfile.TemporaryDirectory() as data:
        for _ in range(runs + 1):
            start = time.perf_counter()
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                    env=dict(env, BUDGETDESK_DATA_DIR=data), cwd=tempfile.gettempdir())
            for line in proc.stdout:
                if line.startswith("heavy modules loaded:"):
                    heavy = line.split(":", 1)[1].strip()
                if line.strip() == "shown":
                    break
            else:
                raise SystemExit(f"{args[0]} did not show its window (exit {proc.wait()})")
            times.append(time.perf_counter() - start)
            proc.wait(timeout=60)
    return times[0], statistics.median(times[1:]), heavy


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "BudgetDesk" / f"BudgetDesk{EXE}",
                        help="the frozen program (default: the one-folder build in dist/)")
    args = parser.parse_args()
    args.frozen = args.frozen.resolve()  # the runs start in a temporary folder
    env = dict(os.environ, BUDGETDESK_EXIT_WHEN_SHOWN="1",
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    rows = [("bare python", *time_command([sys.executable, "-c", "print('shown')"], env, args.runs)),
            ("empty Qt window", *time_command([sys.executable, "-c", EMPTY_WINDOW], env, args.runs)),
            ("BudgetDesk from source", *time_command([sys.executable, str(ROOT / "main.py")], env, args.runs))]
    if args.frozen.exists():
        rows.append(("BudgetDesk frozen", *time_command([str(args.frozen)], env, args.runs)))
    empty = rows[1][2]
    print(f"process start → window shown with the sample, median of {args.runs} runs after a first one "
          f"(platform {env['QT_QPA_PLATFORM']})")
    print(f"  {'':24}{'first':>8}{'median':>9}{'× empty':>9}   heavy modules loaded")
    for name, first, median, heavy in rows:
        print(f"  {name:24}{first * 1000:6.0f} ms{median * 1000:6.0f} ms{median / empty:8.2f}×   {heavy or '-'}")
    if args.frozen.exists():
        folder = args.frozen.parent
        size, count = folder_size(folder)
        print(f"frozen folder {folder}: {size / 2**20:.0f} MB in {count} files")
    else:
        print(f"no frozen build at {args.frozen} (packaging/build_and_check.sh makes one)")
    app = rows[2][2]
    print(f"target under 1 s from source — {'met' if app < 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
