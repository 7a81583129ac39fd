"""Find text anywhere in the document (Ctrl+F): every field and cell that contains it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from core.document.document import Document
from core.values import cell_input


@dataclass(frozen=True)
class Hit:
    form_id: int
    form_title: str
    grid: str | None      # None: a named field
    row: int | None
    column: int | None
    field: str | None
    label: str            # the field's or column's printed label
    text: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def find(doc: Document, needle: str) -> list[Hit]:
    """Every place holding ``needle`` (full-width/half-width and case folded), in document order."""
    wanted = _fold(needle.strip())
    if not wanted:
        return []
    hits = []
    for form in doc.forms:
        for spec in form.spec.fields:
            value = form.get(spec.key)
            if spec.key != "columns" and spec.kind != cell_input.RECORD and value and wanted in _fold(value):
                hits.append(Hit(form.id, form.title, None, None, None, spec.key, spec.label, value))
        for name, grid in form.grids.items():
            for r, row in enumerate(grid.rows):
                for c, value in enumerate(row.cells):
                    if value and wanted in _fold(value):
                        hits.append(Hit(form.id, form.title, name, r, c, None,
                                        grid.columns[c].label, value))
    return hits
