"""Export speed, size and peak memory: the bundled sample (seed 001) and departments 10 and 50 times
its size (bench/department.py), to PDF and to .xlsx, each beside its floor measured in the same run.

Run: ``python bench/export.py [--runs 3] [--sizes 1,10,50]``. Each export runs in a process of its
own (so that its peak memory is its own), the four kinds interleaved run by run so that a load on
the machine falls on all of them alike. Per size it prints the median time and peak memory (the
process's own peak resident memory, bench/memory.py, imports and the open document included) of:

- ``PDF``: core.printing.pdf_export.write_pdf (draft, front matter, the 目录);
- ``bare reportlab``: the same rows (each form's fields and grid rows, as plain strings) as one
  reportlab Table per form, header row repeated, in the same font: what reportlab needs for the
  cells alone, no layout of ours;
- ``.xlsx``: core.printing.xlsx_export.write_document_xlsx;
- ``plain openpyxl``: the same rows written as plain cells, no style, one sheet per form;

the ratio of each to its floor, the PDF's pages and the file sizes. The ratios are what to compare
between runs: the machine is shared, absolute times move with its load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import peak_mb  # noqa: E402

KINDS = ("pdf", "bare-reportlab", "xlsx", "plain-openpyxl")


def _rows(form) -> list[list[str]]:
    """A form's cells as rows of text: its fields, then each grid's rows."""
    fields = [str(v) for v in form.fields.values() if v not in (None, "")]
    rows = [fields] if fields else []
    for grid in form.grids.values():
        rows += [["" if c is None else str(c) for c in row.cells] for row in grid.rows]
    return rows


def _bare_reportlab(doc, path: Path) -> int:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table

    from core.printing.pdf_fonts import pdf_fonts

    font = pdf_fonts().body
    template = SimpleDocTemplate(str(path), pagesize=A4)
    story = []
    for form in doc.forms:
        rows = _rows(form)
        if not rows:
            continue
        columns = max(map(len, rows))
        rows = [row + [""] * (columns - len(row)) for row in rows]
        story += [Table(rows, colWidths=[template.width / columns] * columns, repeatRows=1,
                        style=[("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), font, 9)]),
                  PageBreak()]
    template.build(story)
    return template.page


def _plain_openpyxl(doc, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for n, form in enumerate(doc.forms):
        sheet = book.create_sheet(f"s{n}")
        for r, row in enumerate(_rows(form), 1):
            for c, value in enumerate(row, 1):
                if value:
                    sheet.cell(row=r, column=c, value=value)
    book.save(path)


def child(kind: str, bdoc: Path, out: Path) -> dict:
    """One export in this process: its time and the process's peak memory."""
    from core.document.document import open_document
    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.printing.pdf_fonts import pdf_fonts
    from core.printing.xlsx_export import write_document_xlsx
    import openpyxl  # noqa: F401  (imported before the clock starts, as reportlab is)

    pdf_fonts()
    doc = open_document(bdoc, read_only=True)
    _rows(doc.forms[0])
    start, cpu = time.perf_counter(), time.process_time()
    pages = None
    if kind == "pdf":
        write_pdf(doc, out, PdfOptions(draft=True))
    elif kind == "bare-reportlab":
        pages = _bare_reportlab(doc, out)
    elif kind == "xlsx":
        write_document_xlsx(doc, out)
    else:
        _plain_openpyxl(doc, out)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    if pages is None and kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(out))
        pages = len(pdf)
        pdf.close()
    return {"time": took, "cpu": cpu, "peak_mb": peak_mb(),
            "size_kb": out.stat().st_size / 1024, "pages": pages}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,50", help="times the sample, comma-separated")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--child", nargs=3, metavar=("KIND", "BDOC", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return 0
    from bench.department import times_seed_001
    from core.file.json_format import import_json

    kinds = args.kinds.split(",")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs, "
          f"each export in its own process")
    print(f"{'size':>4} {'export':16} {'median s':>9} {'min–max s':>13} {'× floor':>8} {'peak MB':>8} "
          f"{'size KiB':>9} {'pages':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for size in map(int, args.sizes.split(",")):
            bdoc = tmp / f"{size}.bdoc"
            import_json(times_seed_001(size), bdoc).close()
            results = {kind: [] for kind in kinds}
            for _ in range(args.runs):
                for kind in kinds:
                    out = tmp / f"{size}-{kind}.{'xlsx' if 'xl' in kind or 'openpyxl' in kind else 'pdf'}"
                    done = subprocess.run([sys.executable, __file__, "--child", kind, str(bdoc), str(out)],
                                          capture_output=True, text=True, check=True)
                    results[kind].append(json.loads(done.stdout.splitlines()[-1]))
            floors = {"pdf": "bare-reportlab", "xlsx": "plain-openpyxl"}
            for kind in kinds:
                times = [r["time"] for r in results[kind]]
                median = statistics.median(times)
                floor = floors.get(kind)
                ratio = (f"{median / statistics.median(r['time'] for r in results[floor]):7.1f}×"
                         if floor in results else "")
                last = results[kind][-1]
                print(f"{size:>3}× {kind:16} {median:9.2f} {min(times):6.2f}–{max(times):6.2f} {ratio:>8} "
                      f"{statistics.median(r['peak_mb'] for r in results[kind]):8.0f} {last['size_kb']:9.0f} "
                      f"{last['pages'] or '':>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
