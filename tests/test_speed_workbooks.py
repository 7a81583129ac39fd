"""The speed work changes no cell of the exported workbook (issue 21): the .xlsx of the bundled sample
(a draft, with the cover), of seed 004 and of the stressed document of test_speed_pages hold part for
part the same XML as the reference made before the speed work (tests/fixtures/speed_workbooks.json:
a hash per part — every sheet's cells, styles, merges, widths and page setup, the shared strings, the
styles, the workbook — all but docProps/core.xml, which holds the time of writing).

Regenerate the reference only on purpose: ``python tests/test_speed_workbooks.py --write``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
REFERENCE = HERE / "fixtures" / "speed_workbooks.json"
TIMED_PARTS = {"docProps/core.xml"}


def part_hashes(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as book:
        return {name: hashlib.sha256(book.read(name)).hexdigest()[:16]
                for name in sorted(book.namelist()) if name not in TIMED_PARTS}


def documents():
    from test_speed_pages import documents as pdf_documents

    return [(name, data, {"draft": bool(options.get("draft"))}) for name, data, options in pdf_documents()
            if name != "sample-tables-alone"]


def export(name: str, data: dict, options: dict, folder: Path) -> Path:
    from core.file.json_format import import_json
    from core.printing.xlsx_export import write_document_xlsx

    doc = import_json(data, folder / f"{name}.bdoc")
    try:
        return write_document_xlsx(doc, folder / f"{name}.xlsx", **options)
    finally:
        doc.close()


@pytest.mark.parametrize("name", [d[0] for d in documents()])
def test_the_workbook_is_the_one_written_before_the_speed_work(name, tmp_path):
    _, data, options = next(d for d in documents() if d[0] == name)
    want = json.loads(REFERENCE.read_text("utf-8"))[name]
    got = part_hashes(export(name, data, options, tmp_path))
    assert sorted(got) == sorted(want)
    assert [part for part in want if got[part] != want[part]] == []


def write_reference() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = {name: part_hashes(export(name, data, options, Path(tmp))) for name, data, options in documents()}
    REFERENCE.write_text(json.dumps(out, indent=0, sort_keys=True), "utf-8")
    print(REFERENCE, {name: len(parts) for name, parts in out.items()})


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_reference()
