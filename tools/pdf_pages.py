"""Render a few pages of the bundled sample's PDF to PNG for docs/pdf/ (the cover, a project table,
the 收入总表 across its page break), so that the printed layout can be looked at without printing.

Run: ``python tools/pdf_pages.py``.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.json_format import import_json, read_json_file  # noqa: E402
from core.pdf_export import PdfOptions, write_pdf  # noqa: E402


def main() -> None:
    import pypdfium2 as pdfium

    out = ROOT / "docs" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        doc = import_json(read_json_file(ROOT / "resources" / "samples" / "chengde_2024.json"), Path(tmp) / "s.bdoc")
        path = write_pdf(doc, Path(tmp) / "sample.pdf", PdfOptions(draft=True))
        doc.close()
        pdf = pdfium.PdfDocument(str(path))
        texts = [re.sub(r"\s+", "", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
        income = [i for i, t in enumerate(texts) if "部门预算收入总表" in t and "....." not in t][0]
        project = [i for i, t in enumerate(texts) if "1.12348法律服务热线绩效目标表" in t and "....." not in t][0]
        pages = {"cover": 0, "contents": 1, "project-table": project, "income-table-1": income,
                 "income-table-2": income + 1}
        for name, index in pages.items():
            pdf[index].render(scale=1.4).to_pil().save(out / f"{name}.png", optimize=True)
            print(f"docs/pdf/{name}.png ← page {index + 1}")
        pdf.close()


if __name__ == "__main__":
    main()
