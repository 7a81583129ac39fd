"""Import speed and accuracy on the PDF samples (and BudgetDesk's own PDFs of seeds 001 and 004, and
a real budget printed by the 上海 budget system).

Run: ``python bench/import.py [--runs 3]``. For each PDF: the median time per page of reading it
(core.reading.read_file: tables, text lines, the forms recognized) against plain pdfplumber
``extract_tables()`` over every page, measured in the same run (the ratio); and the accuracy: cells
right / cells expected, over every cell of the seed's JSON the file holds (project fields and
indicator cells, 整体绩效目标 texts, 公开表 cells, the 批复表), whitespace inside a cell aside.
For the real budget (tests/fixtures/real/): the cells of its nine tables (printed header cells and
data rows) found in order in the rows the PDF reader gives, by tests/real_sample.py's matcher.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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
            page.flush_cache()


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
    args = parser.parse_args()
    from core.file.json_format import import_json, read_json_file, to_json
    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.reading import read_file

    with tempfile.TemporaryDirectory() as tmp:
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
