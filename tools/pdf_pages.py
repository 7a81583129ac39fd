"""Render a few pages of the bundled samples' PDFs to PNG for docs/pdf/ (the cover, the 目录, a project
table, the 收入总表 across its page break — its second page under 续表 — and the 批复表), so that the
printed layout can be looked at without printing.

Run: ``python tools/pdf_pages.py``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.file.json_format import import_json, read_json_file  # noqa: E402
from core.printing.pdf_export import PdfOptions, write_pdf  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"


def _render(sample: str, options: PdfOptions, pages: dict[str, str | int], folder: Path, out: Path) -> None:
    """Print ``sample`` and save the pages named in ``pages``: by number, or the first body page (past
    the 目录) whose text holds the given title — ``"title+1"`` is the page after it."""
    import pypdfium2 as pdfium

    doc = import_json(read_json_file(SAMPLES / sample), folder / f"{sample}.bdoc")
    path = write_pdf(doc, folder / f"{sample}.pdf", options)
    doc.close()
    pdf = pdfium.PdfDocument(str(path))
    texts = [re.sub(r"\s+", "", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    for name, where in pages.items():
        if isinstance(where, int):
            index = where
        else:
            title, _, after = where.partition("+")
            index = next(i for i, t in enumerate(texts) if title in t and "....." not in t) + int(after or 0)
        pdf[index].render(scale=1.4).to_pil().save(out / f"{name}.png", optimize=True)
        print(f"docs/pdf/{name}.png ← {sample} page {index + 1}")
    pdf.close()


def main() -> None:
    out = ROOT / "docs" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # seed 001 has 错误, so it prints as a 草案; the 批复表 sample has none and prints for submission
        _render("chengde_2024.json", PdfOptions(draft=True),
                {"cover": 0, "contents": 1, "project-table": "1.12348法律服务热线绩效目标表",
                 "income-table-1": "部门预算收入总表", "income-table-2": "部门预算收入总表+1"}, Path(tmp), out)
        _render("dazhu_2024_approval.json", PdfOptions(), {"approval": "整体支出绩效目标批复表"}, Path(tmp), out)


if __name__ == "__main__":
    main()
