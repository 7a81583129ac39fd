"""Time and peak memory of importing each pathological file (tests/hostile_files.py HOSTILE: a cell
at XFD1048576, a merge down the whole sheet, a 20,000×50 Word table, a PDF page of millions of line
instructions, password-protected files …), each in a child process limited to 1 GB, against the
import of a real sample (the 000 Excel and PDF files) measured the same way in the same run.

Run: ``python bench/hostile_import.py [--runs 3] [--only far-cell,big-table]``. Prints, per file:
its size, the outcome (read / refused, the start of the message), the median seconds and the peak
memory of the child (Python and its libraries included), and the ratio of both to the sample's.
The targets (issue "Hostile, odd and large input"): every file under 5 s and 300 MB.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import HOSTILE, SAMPLE_PDF, SAMPLE_XLSX, build, measure  # noqa: E402


def _runs(path: Path, folder: Path, runs: int) -> dict:
    outcomes = []
    for _ in range(runs):
        out = folder / "out.bdoc"
        outcomes.append(measure(path, out, timeout=120))
        out.unlink(missing_ok=True)
    last = outcomes[-1]
    seconds = [o["seconds"] for o in outcomes if o["seconds"] is not None]
    peaks = [o["peak_mb"] for o in outcomes if o["peak_mb"] is not None]
    return {"outcome": last["outcome"], "message": (last["message"] or "").replace("\n", " "),
            "seconds": statistics.median(seconds) if seconds else None,
            "peak_mb": max(peaks) if peaks else None, "size_kb": path.stat().st_size / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated names of HOSTILE")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(HOSTILE)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baselines = {}
        for label, sample in (("sample .xlsx (000)", SAMPLE_XLSX), ("sample .pdf (000)", SAMPLE_PDF)):
            copy = folder / sample.name
            shutil.copy(sample, copy)
            baselines[label] = _runs(copy, folder, args.runs)
            copy.unlink()
        base_seconds = min(b["seconds"] for b in baselines.values())
        base_mb = min(b["peak_mb"] for b in baselines.values())
        print(f"{'file':22} {'KB':>8}  {'outcome':8} {'median s':>9} {'× sample':>8} {'peak MB':>8} {'× sample':>8}  message")
        rows = list(baselines.items())
        for name in names:
            case = folder / name
            case.mkdir()
            rows.append((name, _runs(build(name, case), case, args.runs)))
            shutil.rmtree(case)
        worst_s = worst_mb = 0.0
        for label, r in rows:
            s, mb = r["seconds"], r["peak_mb"]
            ratio_s = f"{s / base_seconds:8.1f}" if s is not None else "       -"
            ratio_mb = f"{mb / base_mb:8.2f}" if mb is not None else "       -"
            print(f"{label:22} {r['size_kb']:8.1f}  {r['outcome']:8} {s if s is not None else float('nan'):9.2f} "
                  f"{ratio_s} {mb if mb is not None else float('nan'):8.0f} {ratio_mb}  {r['message'][:70]}")
            if label in HOSTILE:
                worst_s, worst_mb = max(worst_s, s or 999), max(worst_mb, mb or 9999)
        print(f"\nslowest pathological file {worst_s:.2f} s (target 5 s), largest peak {worst_mb:.0f} MB (target 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
