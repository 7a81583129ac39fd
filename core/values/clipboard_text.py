"""Rectangular ranges as the tab-separated text Excel and WPS put on the clipboard.

Excel and WPS separate cells by tabs and rows by CRLF, end the last row with a CRLF too, and quote a
cell only when it holds a line break (doubling its quotes); a cell with quotes but no line break
comes as it is. BudgetDesk writes cells holding tabs, line breaks or quotes quoted (``"a""b"``), so
a block copied from it pastes into Excel cell for cell, and back.
"""

from __future__ import annotations

import csv
import io
import re

# A quoted cell: the closing quote ends the cell (a tab, a line break or the end follows it).
_QUOTED = re.compile(r'"((?:[^"]|"")*)"(?=[\t\r\n]|\Z)')
_RAW = re.compile(r"[^\t\r\n]*")


def block_to_text(block: list[list[str | None]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    for row in block:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def text_to_block(text: str) -> list[list[str]]:
    """The rows and cells of pasted text, padded to a rectangle: ``[]`` for no text; the line break
    that ends the last row (as Excel adds) makes no row of its own, but an empty row before it
    (a range whose last row is blank) is kept, and ``"\\r\\n"`` is one empty cell. A cell starting
    with a quote is read as quoted only if a closing quote ends it; otherwise it is kept as it came
    (``"三公"经费``)."""
    if text == "":
        return []
    rows: list[list[str]] = []
    row: list[str] = []
    at = 0
    while True:
        cell = _QUOTED.match(text, at)
        if cell:
            row.append(cell.group(1).replace('""', '"'))
        else:
            cell = _RAW.match(text, at)
            row.append(cell.group(0))
        at = cell.end()
        if text.startswith("\t", at):
            at += 1
            continue
        rows.append(row)
        row = []
        at += 2 if text.startswith("\r\n", at) else 1
        if at >= len(text):
            break
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]
