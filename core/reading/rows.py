"""What every reader hands to the form recognizer: the file's content as a stream of rows in
reading order, whatever the file format.

A row is a list of cells. A paragraph of text is a row of one cell. A table row keeps the table's
physical columns: a cell is its text (``""`` when empty) or ``None`` when it is covered by a merged
cell to its left or above — the readers know merges (Excel ranges, Word gridSpan/vMerge, PDF cells
spanning grid lines) and say so this way, so the recognizer never guesses from blanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Cell = str | None


@dataclass
class Row:
    cells: list[Cell]
    table: int | None = None   # which table of the file the row belongs to (None: a paragraph)
    page: int = 0              # the printed page (PDF) or sheet (Excel) it comes from
    paragraph_end: bool = True  # False for a PDF line whose paragraph goes on at the next line
    xs: list[float | None] | None = None  # PDF: each column's left edge, to match columns across pages

    @property
    def texts(self) -> list[str]:
        """The row's non-empty texts, left to right, each merged cell once."""
        return [c for c in self.cells if c]

    @property
    def text(self) -> str:
        return " ".join(self.texts)


@dataclass
class Source:
    """A file read into rows, with what the reader could not read (said in Chinese)."""

    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    kind: str = ""


BUDGET_YEAR = re.compile(r"预算年度\s*[:：]\s*(20\d\d)")  # 预算年度：2024, above a table or on a cover
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def clean(text) -> str:
    """Cell text as printed: surrounding blanks dropped, runs of spaces kept single."""
    if text is None:
        return ""
    return _SPACES.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip()


def join_wrapped(lines: list[str]) -> str:
    """The lines of a cell a PDF wrapped, joined back: CJK text joins without a space, as does a
    code or number broken by the wrap (``13052923P0058401`` + ``1442P``); two words of Latin text
    keep one space between them."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and line[0].isascii() and line[0].isalpha() \
                and not _looks_like_code(out.split(" ")[-1] + line.split(" ")[0]):
            out += " "
        out += line
    return out


def squeeze(text: str | None) -> str:
    """Text without any whitespace: how labels and titles are compared."""
    return re.sub(r"\s+", "", text or "")


def has(row: Row, label: str) -> bool:
    """Whether one of the row's cells is printed ``label``."""
    return any(c is not None and squeeze(c) == label for c in row.cells)


def after(row: Row, label: str) -> str | None:
    """The cell that follows the cell printed ``label`` in the row (merged-over cells skipped)."""
    cells = row.cells
    for j, cell in enumerate(cells):
        if cell is not None and squeeze(cell) == label:
            for value in cells[j + 1:]:
                if value is not None:
                    return value.strip() or None
            return None
    return None


def _looks_like_code(token: str) -> bool:
    return any(ch.isdigit() for ch in token)
