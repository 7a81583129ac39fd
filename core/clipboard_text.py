"""Rectangular ranges as the tab-separated text Excel and WPS put on the clipboard.

Cells holding tabs, line breaks or quotes are quoted the way Excel does (``"a""b"``), so a block
copied from BudgetDesk pastes into Excel cell for cell, and back.
"""

from __future__ import annotations

import csv
import io


def block_to_text(block: list[list[str | None]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    for row in block:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def text_to_block(text: str) -> list[list[str]]:
    """The rows and cells of pasted text; a trailing line break (as Excel adds) makes no empty row."""
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if text == "":
        return []
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"'))
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]
