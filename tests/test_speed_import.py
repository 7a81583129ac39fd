"""Speed work on the readers changes no imported cell (issue 21): every sample and fixture the tests
read (the seeds' .xlsx, .docx and their PDFs, the real 上海 budget, BudgetDesk's own PDF of the
bundled sample) reads to the same rows — each row's cells, page and table — and, where it is
recognized, the same document as the reference made before the speed work
(tests/fixtures/speed_import.json: a hash of each).

Regenerate the reference only on purpose: ``python tests/test_speed_import.py --write``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
REFERENCE = HERE / "fixtures" / "speed_import.json"
FILES = sorted(p.relative_to(HERE / "fixtures").as_posix()
               for folder in ("samples", "real") for p in (HERE / "fixtures" / folder).rglob("*")
               if p.suffix in (".pdf", ".xlsx", ".docx"))
OWN_PDF = "own PDF of the bundled sample"


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _own_pdf(folder: Path) -> Path:
    from core.file.json_format import import_json
    from core.printing.pdf_export import PdfOptions, write_pdf

    sample = json.loads((ROOT / "resources" / "samples" / "chengde_2024.json").read_text("utf-8"))
    with import_json(sample, folder / "sample.bdoc") as doc:
        return write_pdf(doc, folder / "sample.pdf", PdfOptions(draft=True))


def signature(path: Path) -> dict:
    """The hash of what reading ``path`` gives: its rows (PDF) and the recognized document, or the
    message it is refused with."""
    from core.errors import ImportFormatError
    from core.reading import read_file
    from core.reading.pdf import read_pdf

    out = {}
    if path.suffix == ".pdf":
        source = read_pdf(path)
        out["rows"] = _hash([[row.cells, row.page, row.table] for row in source.rows])
    try:
        out["document"] = _hash(read_file(path).data)
    except ImportFormatError as exc:
        out["document"] = f"refused: {exc}"[:200]
    return out


def _path(name: str, folder: Path) -> Path:
    return _own_pdf(folder) if name == OWN_PDF else HERE / "fixtures" / name


@pytest.mark.parametrize("name", FILES + [OWN_PDF])
def test_every_sample_reads_as_it_read_before_the_speed_work(name, tmp_path):
    want = json.loads(REFERENCE.read_text("utf-8"))[name]
    assert signature(_path(name, tmp_path)) == want


def test_pdfium_reads_every_page_of_a_pdf_whose_fonts_are_embedded(tmp_path, monkeypatch):
    """The speed of reading a PDF is PDFium's: no page of BudgetDesk's own PDF (or the real 上海
    budget) is interpreted by pdfminer, and the rows are those above."""
    from core.reading import pdf_miner
    from core.reading.pdf import read_pdf

    def never(*_):
        raise AssertionError("pdfminer interpreted a page")

    monkeypatch.setattr(pdf_miner, "read_page", never)
    for path in (_own_pdf(tmp_path), HERE / "fixtures" / "real" / "putuo_zfb_2025.pdf"):
        assert read_pdf(path).rows


def _crossings(edges: list[dict], settings) -> dict:
    from pdfplumber.table import edges_to_intersections

    return edges_to_intersections(edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance)


def _edge(x0, top, x1, bottom) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "v" if x0 == x1 else "h"}


def test_the_cell_finder_finds_pdfplumbers_cells_in_pdfplumbers_order(tmp_path):
    """core/reading/pdf.py finds a page's cells in its crossings its own (faster) way: on every page
    of every PDF fixture, and on grids with a broken rule, a rule that stops short and a merged
    cell, it gives exactly pdfplumber's intersections_to_cells."""
    import random

    import pypdfium2 as pdfium
    from pdfplumber.table import TableSettings, intersections_to_cells

    from core.reading import pdf, pdf_geometry, pdf_page

    grids = [
        [_edge(0, 0, 100, 0), _edge(0, 20, 100, 20), _edge(0, 40, 100, 40), _edge(0, 0, 0, 40), _edge(50, 0, 50, 20),
         _edge(100, 0, 100, 40)],  # 2×2, the lower row merged
        [_edge(0, 0, 40, 0), _edge(60, 0, 100, 0), _edge(0, 20, 100, 20), _edge(0, 0, 0, 20), _edge(50, 0, 50, 20),
         _edge(100, 0, 100, 20)],  # the top rule broken over the middle
        [_edge(0, 0, 100, 0), _edge(0, 20, 70, 20), _edge(0, 0, 0, 20), _edge(100, 0, 100, 20), _edge(70, 0, 70, 20)],
    ]
    rng = random.Random(21)
    for _ in range(30):  # random partial grids
        xs, ys = sorted(rng.sample(range(0, 200, 10), 5)), sorted(rng.sample(range(0, 200, 10), 5))
        grids.append([_edge(rng.choice(xs[:2]), y, rng.choice(xs[3:]), y) for y in ys]
                     + [_edge(x, rng.choice(ys[:2]), x, rng.choice(ys[3:])) for x in xs])
    settings = TableSettings.resolve(None)
    files = [_own_pdf(tmp_path)] + [HERE / "fixtures" / name for name in FILES if name.endswith(".pdf")]
    for path in files:
        document = pdfium.PdfDocument(str(path))
        try:
            for number in range(len(document)):
                page = pdf_page.read_page(document, number, 10**7, lambda: None)
                grids.append(pdf_geometry.table_edges(page, settings, 10**7))
        finally:
            document.close()
    assert sum(map(len, grids)) > 1000
    for edges in grids:
        crossings = _crossings(edges, settings)
        assert pdf._cells(crossings) == intersections_to_cells(crossings)


def write_reference() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = {name: signature(_path(name, Path(tmp))) for name in FILES + [OWN_PDF]}
    REFERENCE.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    print(REFERENCE, len(out), "files")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_reference()
