"""The batch review at the scale of a 财政局: documents per second, peak memory of the parent and of a
worker, and how the time grows from 50 to 200 documents.

    python bench/review.py [--documents 200] [--pdfs 50] [--workers N]

Generates the documents into a temporary folder from the samples (seed 001 and 000, varied: 单位, year,
projects dropped or repeated, amounts scaled, defects injected into a third of them), as .bdoc, and
the first ``--pdfs`` of them also as their PDFs (core/printing/pdf_export; a PDF per document is slow
to make, so fewer). Each run (50, 100, 200 .bdoc, then the PDFs) is a fresh process that reviews the
folder and writes the workbook, and reports its own peak memory and its workers' (RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "tests" / "fixtures" / "samples" / "json"


def _scaled(text, factor):
    from core.values import money

    value = money.read_amount(text) if isinstance(text, str) else None
    return money.amount_text(value * factor) if value is not None else text


def varied(i: int, rng: random.Random) -> dict:
    """Document ``i``: seed 001 (or, one in four, seed 000) as another 单位 and year."""
    base = "000_2ced8c98250fdaa8.json" if i % 4 == 3 else "001_118d383ccab95c06.json"
    data = json.loads((SAMPLES / base).read_text("utf-8"))
    data["department"] = f"第{i // 2:03d}号县司法局"
    data["department_code"] = f"{500 + i // 2}"
    data["year"] = 2023 + i % 2  # pairs of years: the 对比 sheet has work to do
    factor = rng.randint(1, 5)
    for table in (data.get("budget_tables") or {}).values():
        headers = table["columns"]
        table["unit"] = f"{data['department_code']} {data['department']}"
        table["rows"] = [[c if i_ == 0 or headers[i_] in ("序号", "科目编码", "数量") else _scaled(c, factor)
                          for i_, c in enumerate(row)] for row in table["rows"]]
    projects = data["projects"]
    keep = rng.sample(projects, max(1, len(projects) - rng.randint(0, len(projects) // 2)))
    extra = [dict(copy.deepcopy(p), code=f"{p['code']}X{k}") for k, p in enumerate(rng.sample(keep, min(3, len(keep))))]
    data["projects"] = keep + (extra if rng.random() < 0.5 else [])
    for p in data["projects"]:
        for key in ("budget", "fiscal", "other"):
            p[key] = _scaled(p[key], factor)
    if i % 3 == 0:  # a defect: a 合计 typed wrong, an indicator value left blank, a plan broken
        tables = data.get("budget_tables") or {}
        if "支出总表" in tables:
            row = tables["支出总表"]["rows"][0]
            if row[3]:
                row[3] = str(Decimal(row[3]) + Decimal("1.00"))
        p = rng.choice(data["projects"])
        if p["indicators"]:
            p["indicators"][0]["value"] = None
        p["plan"]["12月底"] = "80%"
    return data


def generate(folder: Path, documents: int, pdfs: int, rng: random.Random) -> tuple[float, float]:
    """The .bdoc files (and the PDFs of the first ``pdfs``); returns the seconds each took per document."""
    from core.file.json_format import import_json
    from core.printing.pdf_export import PdfOptions, write_pdf

    (folder / "bdoc").mkdir(parents=True)
    (folder / "pdf").mkdir()
    started = time.perf_counter()
    for i in range(documents):
        import_json(varied(i, rng), folder / "bdoc" / f"{i:03d}.bdoc").close()
    made = time.perf_counter() - started
    started = time.perf_counter()
    from core.document.document import open_document

    for i in range(pdfs):
        with open_document(folder / "bdoc" / f"{i:03d}.bdoc", read_only=True) as doc:
            write_pdf(doc, folder / "pdf" / f"{doc.department}{doc.year}年.pdf", PdfOptions(draft=True))
    printed = time.perf_counter() - started
    return made / max(documents, 1), printed / max(pdfs, 1)


def run_once(folder: Path, count: int, workers: int) -> dict:
    """In this (fresh) process: review the first ``count`` files of ``folder`` and write the workbook."""
    from core.batch.review import documents_in, review_folder
    from core.batch.workbook import write_review_xlsx

    files = documents_in(folder)[:count]
    started = time.perf_counter()
    batch = review_folder(folder, workers=workers, files=files)
    reviewed = time.perf_counter() - started
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        write_review_xlsx(batch, Path(out) / "审核汇总.xlsx")
    tabulated = time.perf_counter() - started
    return {"files": len(files), "read": sum(r.ok for r in batch.reviews), "review_s": reviewed, "table_s": tabulated,
            "findings": sum(len(r.findings) for r in batch.reviews),
            "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def measured(folder: Path, count: int, workers: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--run", str(folder), str(count), str(workers)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=1, help="runs of each size (the median is printed)")
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_once(Path(args.run[0]), int(args.run[1]), int(args.run[2]))))
        return 0
    rng = random.Random(20)
    with tempfile.TemporaryDirectory(prefix="budgetdesk-bench-review-") as tmp:
        folder = Path(tmp)
        per_bdoc, per_pdf = generate(folder, args.documents, args.pdfs, rng)
        print(f"generated {args.documents} .bdoc ({per_bdoc * 1000:.0f} ms each) and {args.pdfs} PDFs "
              f"({per_pdf:.2f} s each); {args.workers} workers on {os.cpu_count()} cores")
        sizes = sorted({n for n in (50, 100, 200, args.documents) if n <= args.documents})
        results = {}
        for n in sizes:
            runs = [measured(folder / "bdoc", n, args.workers) for _ in range(args.runs)]
            results[n] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{'files':>6} {'review s':>9} {'docs/s':>7} {'s/doc':>6} {'table+xlsx s':>12} {'findings':>9} "
              f"{'parent MB':>9} {'worker MB':>9}")
        for n, r in results.items():
            print(f"{n:>6} {r['review_s']:>9.1f} {n / r['review_s']:>7.2f} {r['review_s'] / n:>6.3f} "
                  f"{r['table_s']:>12.2f} {r['findings']:>9.0f} {r['parent_mb']:>9.0f} {r['worker_mb']:>9.0f}")
        if 50 in results and max(sizes) > 50:
            big = max(sizes)
            ratio = results[big]["review_s"] / results[50]["review_s"]
            print(f"time {big} / time 50 = {ratio:.2f} (linear: {big / 50:.2f}); "
                  f"per document {results[50]['review_s'] / 50:.3f} s → {results[big]['review_s'] / big:.3f} s")
        if args.pdfs:
            r = measured(folder / "pdf", args.pdfs, args.workers)
            print(f"PDF  {args.pdfs:>3} {r['review_s']:>9.1f} {args.pdfs / r['review_s']:>7.2f} "
                  f"{r['review_s'] / args.pdfs:>6.3f} {r['table_s']:>12.2f} {r['findings']:>9.0f} "
                  f"{r['parent_mb']:>9.0f} {r['worker_mb']:>9.0f}  (read {r['read']:.0f} of {args.pdfs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
