"""Import speed and accuracy on the PDF samples (and BudgetDesk's own PDFs of seeds 001 and 004, and
a real budget printed by the 上海 budget system).

Run: ``python bench/import.py [--runs 3] [--sizes 1,10,50]``. First, BudgetDesk's own PDF (a draft)
of the sample and of departments 10 and 50 times its size (bench/department.py), each read in a
process of its own: the median time and peak memory (the process's own peak resident memory,
bench/memory.py) of core.reading.read_file beside plain pdfplumber (``extract_tables()`` and
``extract_text()`` of every page, its cache flushed page by page), and the cells read right. Then
for each PDF sample: the median time per page of reading it (core.reading.read_file: tables, text
lines, the forms recognized) against the same plain pdfplumber, measured in the same run (the
ratio); and the accuracy: cells
right / cells expected, over every cell of the seed's JSON the file holds (project fields and
indicator cells, 整体绩效目标 texts, 公开表 cells, the 批复表), whitespace inside a cell aside.
For the real budget (tests/fixtures/real/): the cells of its nine tables (printed header cells and
data rows) found in order in the rows the PDF reader gives, by tests/real_sample.py's matcher.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import peak_mb  # noqa: E402
sys.path.insert(1, str(ROOT / "tests"))
SAMPLES = ROOT / "tests" / "fixtures" / "samples"


def _cells(value, prefix=""):
    """Every leaf of the JSON shape with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _cells(v, f"{prefix}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _cells(v, f"{prefix}/{i}")
    else:
        yield prefix, re.sub(r"\s+", "", str(value)) if value is not None else None


def accuracy(got: dict, expected: dict, keys) -> tuple[int, int]:
    want = {p: v for k in keys for p, v in _cells(expected.get(k), k)}
    have = {p: v for k in keys for p, v in _cells(got.get(k), k)}
    return sum(1 for p, v in want.items() if have.get(p) == v), len(want)


def _plain(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()
            page.flush_cache()


KEYS = ["projects", "budget_tables", "explanation", "approval", "overall"]


def child(kind: str, path: Path, expected: Path) -> dict:
    """One reading in this process: its time, the process's peak memory, the cells right."""
    from core.file.json_format import read_json_file
    from core.reading import read_file

    import pdfplumber  # noqa: F401  (imported before the clock starts)

    start = time.perf_counter()
    right = cells = None
    if kind == "plain":
        _plain(path)
    else:
        result = read_file(path)
    took = time.perf_counter() - start
    peak = peak_mb()  # (before the check's own dictionaries)
    if kind != "plain":
        right, cells = accuracy(result.data, read_json_file(expected), KEYS)
    return {"time": took, "peak_mb": peak, "right": right, "cells": cells}


def _sizes(sizes: list[int], runs: int, tmp: Path) -> None:
    """BudgetDesk's own PDF at each size: read_file beside plain pdfplumber, each in its own process."""
    import pypdfium2 as pdfium

    from bench.department import times_seed_001
    from core.file.json_format import import_json, to_json
    from core.printing.pdf_export import PdfOptions, write_pdf

    print(f"{'own PDF':8} {'pages':>5}  {'plain s':>8} {'peak MB':>8}  {'read s':>8} {'peak MB':>8}  {'read/plain':>10}  cells right")
    for size in sizes:
        pdf, expected = tmp / f"own-{size}.pdf", tmp / f"own-{size}.json"
        with import_json(times_seed_001(size), tmp / f"own-{size}.bdoc") as doc:
            write_pdf(doc, pdf, PdfOptions(draft=True))
            expected.write_text(json.dumps(to_json(doc), ensure_ascii=False), "utf-8")
        document = pdfium.PdfDocument(str(pdf))
        pages = len(document)
        document.close()
        results: dict[str, list[dict]] = {"plain": [], "read": []}
        for _ in range(runs):
            for kind in results:
                done = subprocess.run([sys.executable, __file__, "--child", kind, str(pdf), str(expected)],
                                      capture_output=True, text=True, check=True)
                results[kind].append(json.loads(done.stdout.splitlines()[-1]))
        plain, read = ([statistics.median(r[key] for r in results[kind]) for key in ("time", "peak_mb")]
                       for kind in ("plain", "read"))
        last = results["read"][-1]
        print(f"{size:>3}×     {pages:5d}  {plain[0]:8.2f} {plain[1]:8.0f}  {read[0]:8.2f} {read[1]:8.0f}  "
              f"{read[0] / plain[0]:9.2f}×  {last['right']}/{last['cells']} = {last['right'] / last['cells']:.2%}")


def _real(runs: int) -> tuple[int, int]:
    """The real budget's line: read_file's time against plain pdfplumber's, and its tables' cells
    found in order in what read_pdf gives."""
    from core.errors import ImportFormatError
    from core.reading import read_file
    from core.reading.pdf import read_pdf
    from real_sample import REAL_PDF, find_tables

    plain, read = [], []
    for _ in range(runs):
        start = time.perf_counter()
        _plain(REAL_PDF)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        try:
            read_file(REAL_PDF)
        except ImportFormatError:
            pass  # (what is recognized of it is not this line's business: the time is the reading's)
        read.append(time.perf_counter() - start)
    source = read_pdf(REAL_PDF)
    found = find_tables(source)
    right, cells = sum(f.right for f in found), sum(f.cells for f in found)
    pages = source.pages
    p, r = statistics.median(plain) / pages * 1000, statistics.median(read) / pages * 1000
    tables = sum(1 for f in found if f.header_at is not None and not f.wrong)
    label = f"real/{REAL_PDF.name} ({tables}/{len(found)} tables)"
    print(f"{label:42} {pages:5d}  {p:13.1f}  {r:12.1f}  {r / p:5.2f}  {right}/{cells} = {right / cells:.1%}")
    return right, cells


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,50", help="times the sample, comma-separated ('' for none)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PDF", "EXPECTED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return 0
    from core.file.json_format import import_json, read_json_file, to_json
    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.reading import read_file

    with tempfile.TemporaryDirectory() as tmp:
        if args.sizes:
            _sizes([int(x) for x in args.sizes.split(",")], args.runs, Path(tmp))
        own: dict[Path, dict] = {}  # BudgetDesk's own PDF of a seed → the seed's content
        for number in ("001", "004"):
            seed = read_json_file(next((SAMPLES / "json").glob(f"{number}_*.json")))
            with import_json(seed, Path(tmp) / f"{number}.bdoc") as doc:
                path = Path(tmp) / f"budgetdesk-{number}.pdf"
                write_pdf(doc, path, PdfOptions())
                own[path] = to_json(doc)
        files = sorted(SAMPLES.glob("from_*/*.pdf")) + list(own)
        print(f"{'file':42} pages  plain ms/page  read ms/page  ratio  accuracy")
        total_right = total_cells = 0
        for path in files:
            expected = own.get(path) or read_json_file(next((SAMPLES / "json").glob(path.name[:3] + "_*.json")))
            plain, read = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                _plain(path)
                plain.append(time.perf_counter() - start)
                start = time.perf_counter()
                result = read_file(path)
                read.append(time.perf_counter() - start)
            keys = ["projects", "budget_tables", "explanation", "approval"]
            if result.data["overall"] is not None or path.parent.name == "from_docx":
                keys.append("overall")
            right, cells = accuracy(result.data, expected, keys)
            total_right, total_cells = total_right + right, total_cells + cells
            pages = result.pages
            p, r = statistics.median(plain) / pages * 1000, statistics.median(read) / pages * 1000
            label = f"BudgetDesk PDF of seed {path.stem[-3:]}" if path in own else f"{path.parent.name}/{path.name}"
            print(f"{label:42} {pages:5d}  {p:13.1f}  {r:12.1f}  {r / p:5.2f}  {right}/{cells} = {right / cells:.1%}")
        right, cells = _real(args.runs)
        total_right, total_cells = total_right + right, total_cells + cells
        print(f"all: {total_right}/{total_cells} cells right = {total_right / total_cells:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
