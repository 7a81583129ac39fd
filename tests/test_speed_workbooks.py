"""The speed work changes nothing a workbook shows (issue 21): the .xlsx of the bundled sample (a draft,
with the cover), of seed 004 and of the stressed document of test_speed_pages read back with openpyxl
hold sheet for sheet what the reference made before the speed work holds
(tests/fixtures/speed_workbooks.json: a hash per sheet of what it shows — every cell's value, kind,
font, fill, frame, alignment, number format and quote prefix, the merges, column widths, row heights,
print titles, page setup, margins, header and footer, frozen panes and filter). What it compares is
what the file says, not its bytes: the reference was written by openpyxl, the export by BudgetDesk's
own writer (core/file/xlsx_writer.py).

Regenerate the reference only on purpose: ``python tests/test_speed_workbooks.py --write``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
REFERENCE = HERE / "fixtures" / "speed_workbooks.json"


def _cell(cell) -> list:
    font, fill, align, border = cell.font, cell.fill, cell.alignment, cell.border
    value = cell.value
    return [cell.coordinate, None if value is None else str(value), cell.data_type if value is not None else None,
            font.name if cell.has_style else None, font.sz, bool(font.b),
            fill.fill_type, fill.fgColor.rgb if fill.fill_type else None,
            [getattr(border, side).style for side in ("left", "right", "top", "bottom")],
            align.horizontal, align.vertical, bool(align.wrap_text), align.indent or 0,
            cell.number_format, bool(cell.quotePrefix)]


def _sheet(sheet) -> list:
    setup, margins = sheet.page_setup, sheet.page_margins
    cells = [_cell(c) for row in sheet.iter_rows() for c in row if c.value is not None or c.has_style]
    return [sheet.title, cells, sorted(str(r) for r in sheet.merged_cells.ranges),
            sorted((k, d.width) for k, d in sheet.column_dimensions.items() if d.customWidth),
            sorted((k, d.height) for k, d in sheet.row_dimensions.items() if d.height),
            sheet.print_title_rows, setup.orientation, str(setup.paperSize), str(setup.fitToWidth),
            str(setup.fitToHeight), bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage),
            bool(sheet.print_options.horizontalCentered), [margins.left, margins.right, margins.top, margins.bottom],
            sheet.oddHeader.right.text, sheet.oddFooter.center.text, sheet.freeze_panes, sheet.auto_filter.ref]


def sheet_hashes(path: Path) -> dict[str, str]:
    """Sheet number → a hash of what the sheet shows (see the module's docstring)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {f"{i:03d}": hashlib.sha256(json.dumps(_sheet(sheet), ensure_ascii=False, default=str).encode()).hexdigest()[:16]
            for i, sheet in enumerate(book.worksheets)}


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
    got = sheet_hashes(export(name, data, options, tmp_path))
    assert sorted(got) == sorted(want)
    assert [sheet for sheet in want if got[sheet] != want[sheet]] == []


def write_reference() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = {name: sheet_hashes(export(name, data, options, Path(tmp))) for name, data, options in documents()}
    REFERENCE.write_text(json.dumps(out, indent=0, sort_keys=True), "utf-8")
    print(REFERENCE, {name: len(parts) for name, parts in out.items()})


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_reference()
