"""Export speed and size: the bundled sample (seed 001) and a department ten times its size
(bench/department.py), to PDF and to .xlsx.

Run: ``python bench/export.py [--runs 3]``. Prints per document and format the median time, the
file size, pages per second and bytes per page (PDF), and as the baseline measured in the same run,
the size of the font file a PDF would carry if the font were embedded whole (the export embeds a
subset: only the glyphs used).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.department import SAMPLE, ten_times_seed_001  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import openpyxl
    import pypdfium2 as pdfium

    from core.file.json_format import import_json
    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.printing.pdf_fonts import pdf_fonts

    from core.printing.xlsx_export import write_document_xlsx
    font_size = pdf_fonts().body_file.stat().st_size
    print(f"baseline: the body font embedded whole would add {font_size / 1024:,.0f} KiB to every PDF")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for label, data in (("sample (seed 001)", json.loads(SAMPLE.read_text("utf-8"))),
                            ("ten times the sample", ten_times_seed_001())):
            doc = import_json(data, tmp / f"{len(data['projects'])}.bdoc")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                path = write_pdf(doc, tmp / "out.pdf", PdfOptions(draft=True))
                times.append(time.perf_counter() - start)
            pages = len(pdfium.PdfDocument(str(path)))
            size = path.stat().st_size
            median = statistics.median(times)
            print(f"{label:22} PDF   {median * 1000:8.0f} ms  {pages:4d} pages  {pages / median:6.1f} pages/s  "
                  f"{size / 1024:7.0f} KiB  {size / pages / 1024:5.1f} KiB/page  "
                  f"(whole font would be {font_size / size:.1f}× the file)")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                path = write_document_xlsx(doc, tmp / "out.xlsx")
                times.append(time.perf_counter() - start)
            sheets = len(openpyxl.load_workbook(path, read_only=True).sheetnames)
            median, size = statistics.median(times), path.stat().st_size
            print(f"{label:22} xlsx  {median * 1000:8.0f} ms  {sheets:4d} sheets {sheets / median:5.1f} sheets/s  "
                  f"{size / 1024:7.0f} KiB  {size / sheets / 1024:5.1f} KiB/sheet")
            doc.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
