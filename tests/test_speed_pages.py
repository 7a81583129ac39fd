"""The speed work changes no printed glyph (issue 21): the PDFs of the bundled sample, of seed 004 and
of a document made to stress every layout path (a goal over pages, sixty indicator rows under one
level, a cell taller than a page, a 公开表 of 400 rows, one too wide for the page, markup characters
and a glyph the font lacks) print page for page the same characters — text, font, size, colour, place
to 0.1 pt — and the same rules and cell boxes as the reference made before the speed work
(tests/fixtures/speed_pages.json: a hash per page, the first pages of each in full).

Regenerate the reference only on purpose (a deliberate change of the layout):
``python tests/test_speed_pages.py --write``.
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
REFERENCE = HERE / "fixtures" / "speed_pages.json"
FULL_PAGES = 1  # the first page of each document stored in full, to show what differs


def _r(x) -> float:
    return round(float(x) + 1e-7, 1)


def _colour(c):
    return None if c is None else [_r(v) for v in (c if isinstance(c, (list, tuple)) else [c])]


def page_signature(page) -> dict:
    """What a page prints, to 0.1 pt: its size, each character (text, font without the subset
    prefix, size, colour, box) and each rule and rectangle (box, line width, stroke and fill)."""
    chars = [[c["text"], c["fontname"].split("+", 1)[-1], _r(c["size"]), _colour(c.get("non_stroking_color")),
              _r(c["x0"]), _r(c["top"]), _r(c["x1"]), _r(c["bottom"])] for c in page.chars]
    shapes = [[kind, _r(o["x0"]), _r(o["top"]), _r(o["x1"]), _r(o["bottom"]), _r(o.get("linewidth") or 0),
               bool(o.get("stroke")), bool(o.get("fill")), _colour(o.get("non_stroking_color")) if o.get("fill") else None]
              for kind, objects in (("rect", page.rects), ("line", page.lines), ("curve", page.curves))
              for o in objects]
    return {"size": [_r(page.width), _r(page.height)], "chars": chars, "shapes": sorted(shapes, key=str)}


def _hash(signature: dict) -> str:
    return hashlib.sha256(json.dumps(signature, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def pdf_signatures(path: Path) -> list[dict]:
    import pdfplumber

    signatures = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            signatures.append(page_signature(page))
            page.close()
    return signatures


def _sentences(length: int, mark: str = "◆") -> str:
    text, i = [], 0
    while sum(map(len, text)) < length:
        i += 1
        text.append(f"第{i}句目标{mark}。")
    return "".join(text)


def _stressed(data: dict) -> dict:
    """Seed 001 with every layout path exercised (see the module's docstring)."""
    project = data["projects"][0]
    project["goal"] = _sentences(9_000) + "<b>粗体</b> & &amp; <font color=red>红</font>"
    indicators = project["indicators"]
    template = dict(indicators[0])
    extra = []
    for i in range(60):
        row = dict(template)
        row.update({k: v for k, v in zip(("l1", "l2", "l3"), ("产出指标", "数量指标", f"三级{i:02d}"))})
        extra.append(row)
    project["indicators"] = extra + indicators
    second = data["projects"][1]
    second["indicators"][0]["description" if "description" in second["indicators"][0] else "l3"] = _sentences(6_000)
    second["name"] = "很长的项目名称" * 20 + "\U0001F600\u200b"  # a glyph the font lacks, an invisible one
    tables = data["budget_tables"]
    first = next(iter(tables.values()))
    first["rows"] = [[str(i + 1), f"R{i:05d}", "1.00", f"支出{i}", "2.00"] for i in range(400)]
    tables["宽表"] = {"unit": "单位", "columns": ["序号"] + [f"本年收入/列{i:02d}" for i in range(40)],
                     "rows": [[str(r)] + [f"{r}{i:02d}345.67" for i in range(40)] for r in (1, 2, 3)]}
    return data


def documents():
    """(name, json data, PdfOptions keyword arguments) of the referenced PDFs."""
    from conftest import sample_json
    from core.file.json_format import read_json_file

    sample = json.loads((ROOT / "resources" / "samples" / "chengde_2024.json").read_text("utf-8"))
    return [
        ("sample-draft", sample, {"draft": True}),
        ("seed-004", read_json_file(sample_json("004")), {}),
        ("stressed-001", _stressed(read_json_file(sample_json("001"))), {"draft": True}),
        ("sample-tables-alone", sample, {"front_matter": False, "only": "budget_tables"}),
    ]


def print_document(name: str, data: dict, options: dict, folder: Path) -> Path:
    from core.file.json_format import import_json
    from core.printing.pdf_export import PdfOptions, write_pdf

    options = dict(options)
    only = options.pop("only", None)
    doc = import_json(data, folder / f"{name}.bdoc")
    try:
        if only == "budget_tables":
            options["form_ids"] = [t.id for t in doc.budget_tables]
        return write_pdf(doc, folder / f"{name}.pdf", PdfOptions(**options))
    finally:
        doc.close()


def _reference() -> dict:
    return json.loads(REFERENCE.read_text("utf-8"))


@pytest.mark.parametrize("name", [d[0] for d in documents()])
def test_the_printed_pages_are_those_printed_before_the_speed_work(name, tmp_path):
    _, data, options = next(d for d in documents() if d[0] == name)
    reference = _reference()[name]
    signatures = pdf_signatures(print_document(name, data, options, tmp_path))
    assert len(signatures) == reference["pages"]
    for i, (want, got) in enumerate(zip(reference["full"], signatures)):
        assert got == want, f"page {i + 1} differs"
    differ = [i + 1 for i, (want, got) in enumerate(zip(reference["hashes"], map(_hash, signatures))) if want != got]
    assert differ == [], f"pages {differ} differ"


def write_reference() -> None:
    import tempfile

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, options in documents():
            signatures = pdf_signatures(print_document(name, data, options, Path(tmp)))
            out[name] = {"pages": len(signatures), "hashes": [_hash(s) for s in signatures],
                         "full": signatures[:FULL_PAGES]}
            print(name, len(signatures), "pages")
    REFERENCE.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(REFERENCE, f"{REFERENCE.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_reference()
