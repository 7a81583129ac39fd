"""The real published budget (tests/fixtures/real/putuo_zfb_2025.pdf, printed by the 上海 budget
system) and what a reader sees in it (putuo_zfb_2025.json), and a matcher that finds each of its
tables in the rows a reader gave (a core.reading.rows.Source): by its header text, then its data
rows in order, cell for cell. Used by tests/test_pdf_geometry.py and bench/import.py.

A cell matches when its text, whitespace aside, is the printed one (amounts exactly as printed:
``96,282,213.44``, ``0.00``, ``0``); a blank cell (JSON null) is ``""`` in the reader's row, a
cell covered by a merged one (the JSON's ``spans``: 合计 over the code columns) is ``None``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
REAL_PDF = REAL / "putuo_zfb_2025.pdf"
REAL_JSON = REAL / "putuo_zfb_2025.json"


def expected() -> dict:
    return json.loads(REAL_JSON.read_text(encoding="utf-8"))


def as_import_json() -> dict:
    """The sample's content in the import JSON shape (a document in 元, template shanghai-department;
    each table's own money unit only where it differs): what the checks' tests validate."""
    real = expected()
    tables = {}
    for title, table in real["budget_tables"].items():
        tables[title] = {"columns": table["columns"], "rows": table["rows"], "unit": table["unit"],
                         "note": table["note"]}
        if table["money_unit"] != "元":
            tables[title]["money_unit"] = table["money_unit"]
    return {"department": real["department"], "year": real["year"], "money_unit": "元",
            "template": "shanghai-department", "budget_tables": tables,
            "explanation": [{"title": s["title"], "text": s["text"]} for s in real["explanation"]]}


def squeeze(text) -> str:
    return re.sub(r"\s+", "", text or "")


def _printed_header(header_row: list) -> bool:
    return any(c is not None for c in header_row)


def header_matches(row, header_row: list) -> bool:
    """The reader's table row is this printed header row: its printed cells where they are
    printed, nothing elsewhere (a cell merged from above or from the left)."""
    if row.table is None or len(row.cells) != len(header_row):
        return False
    return all((not got) if want is None else squeeze(got) == squeeze(want)
               for got, want in zip(row.cells, header_row))


def covered(table: dict, index: int) -> set[int]:
    """The columns of data row ``index`` covered by a cell merged from their left."""
    return {col + k for r, col, n in table.get("spans", []) if r == index for k in range(1, n)}


def cell_right(got, want, is_covered: bool) -> bool:
    if is_covered:
        return got is None
    if want is None:
        return got == ""
    return got is not None and squeeze(got) == squeeze(want)


@dataclass
class Found:
    """One table of the JSON looked for in the reader's rows."""

    name: str
    header_at: int | None = None            # index in the Source's rows of its first header row
    rows: list = field(default_factory=list)  # per data row: the index of the reader's row matched, or None
    right: int = 0                          # cells right (header cells printed + data cells)
    cells: int = 0                          # cells expected
    wrong: list = field(default_factory=list)  # (expected row, the reader's row) for rows not exactly right


def _header_at(rows, headers: list[list], start: int) -> int | None:
    """Where the printed header rows follow one another (only table rows between them)."""
    first = headers[0]
    for i in range(start, len(rows)):
        if not header_matches(rows[i], first):
            continue
        j, ok = i, True
        for header in headers[1:]:
            j += 1
            if j >= len(rows) or not header_matches(rows[j], header):
                ok = False
                break
        if ok:
            return i
    return None


def find_tables(source, tables: dict | None = None) -> list[Found]:
    """Each table of the JSON (``budget_tables``, in document order) found in ``source.rows``:
    its header rows where they are printed together, then each data row in order within the
    stretch up to the next table's header, skipping text lines and a header repeated on a
    continuation page. A data row is taken at the first row of the stretch that has at least
    half its cells right; the others count nothing."""
    tables = expected()["budget_tables"] if tables is None else tables
    rows = source.rows
    items = list(tables.items())
    headers = [[h for h in t["header_rows"] if _printed_header(h)] for _, t in items]
    found = [Found(name) for name, _ in items]
    at = 0
    for f, head in zip(found, headers):
        f.header_at = _header_at(rows, head, at)
        if f.header_at is not None:
            at = f.header_at + len(head)
    for k, ((name, table), head, f) in enumerate(zip(items, headers, found)):
        f.cells = sum(1 for h in head for c in h if c is not None) + sum(len(r) for r in table["rows"])
        if f.header_at is None:
            f.rows = [None] * len(table["rows"])
            f.wrong = [(r, None) for r in table["rows"]]
            continue
        f.right = sum(1 for h in head for c in h if c is not None)
        end = next((g.header_at for g in found[k + 1:] if g.header_at is not None), len(rows))
        cursor = f.header_at + len(head)
        for index, want in enumerate(table["rows"]):
            cover = covered(table, index)
            hit = None
            for i in range(cursor, end):
                row = rows[i]
                if row.table is None or len(row.cells) != len(want) or any(header_matches(row, h) for h in head):
                    continue
                right = sum(cell_right(g, w, j in cover) for j, (g, w) in enumerate(zip(row.cells, want)))
                if 2 * right >= len(want):
                    hit = (i, right)
                    break
            if hit is None:
                f.rows.append(None)
                f.wrong.append((want, None))
                continue
            i, right = hit
            f.rows.append(i)
            f.right += right
            if right < len(want):
                f.wrong.append((want, rows[i].cells))
            cursor = i + 1
    return found


def text_lines(source) -> list[str]:
    """The text lines (rows outside tables) of the source, as printed."""
    return [row.cells[0] or "" for row in source.rows if row.table is None]
