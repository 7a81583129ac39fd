"""The document in memory: forms, their fields and grids, as last committed to the file.

Invariant: the objects here always equal what the file holds. Only :mod:`core.document.edits` changes them,
and only after the file's transaction committed. Callers read freely and never assign.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.document import budget_tables, forms
from core.document.forms import Field, FormSpec


@dataclass
class Row:
    id: int
    cells: list[str | None]


@dataclass
class Grid:
    """Ordered rows under fixed columns (a project's 指标 rows, a 公开表's rows, …)."""

    name: str
    columns: tuple[Field, ...]
    rows: list[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column_index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def cell(self, row: int, key: str) -> str | None:
        return self.rows[row].cells[self.column_index(key)]

    def values(self) -> list[list[str | None]]:
        return [list(r.cells) for r in self.rows]

    def records(self) -> list[dict[str, str | None]]:
        """Rows as ``{column key: value}``."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, r.cells)) for r in self.rows]


@dataclass
class Form:
    """One form of the document: named fields plus its grids (see :mod:`core.document.forms`)."""

    id: int
    kind: str
    fields: dict[str, str | None]
    grids: dict[str, Grid]

    @property
    def spec(self) -> FormSpec:
        return forms.SPECS[self.kind]

    def get(self, key: str) -> str | None:
        return self.fields.get(key)

    def field_spec(self, key: str) -> Field:
        return self.spec.field(key)

    @property
    def title(self) -> str:
        """How the navigator and messages name this form."""
        if self.kind == forms.PROJECT:
            return self.get("name") or "（未命名项目）"
        if self.kind == forms.BUDGET_TABLE:
            return self.get("title") or "（未命名表）"
        return self.spec.label


def grid_columns(kind: str, grid: str, fields: dict[str, str | None]) -> tuple[Field, ...]:
    """The columns of a grid of a form (a budget table's come from its ``columns`` field)."""
    if kind == forms.BUDGET_TABLE:
        return budget_tables.columns_from_field(fields.get("columns"))
    return forms.SPECS[kind].grids[grid]


def new_form(form_id: int, kind: str, fields: dict[str, str | None],
             grids: dict[str, list[tuple[int, list[str | None]]]]) -> Form:
    """A form from stored parts; grids the spec names but the store lacks are empty."""
    spec = forms.SPECS[kind]
    all_fields = {f.key: fields.get(f.key) for f in spec.fields}
    built = {}
    for name in spec.grids:
        columns = grid_columns(kind, name, all_fields)
        rows = [Row(rid, _fit(cells, len(columns))) for rid, cells in grids.get(name, [])]
        built[name] = Grid(name, columns, rows)
    return Form(form_id, kind, all_fields, built)


def _fit(cells: list[str | None], width: int) -> list[str | None]:
    """Pad a stored row to the grid's width (extra cells are kept, never dropped)."""
    return list(cells) + [None] * (width - len(cells))


class DocumentReading:
    """What reading a document means, for anything holding its forms in order (``forms``) and its
    文档 form (``meta``): the open document (core.document.document.Document) and last year's as this
    year's file keeps it (core.document.last_year.LastYearDocument) alike."""

    forms: list[Form]
    meta: Form

    @property
    def department(self) -> str | None:
        return self.meta.get("department")

    @property
    def year(self) -> int | None:
        year = self.meta.get("year")
        return int(year) if year and year.isdigit() else None

    @property
    def money_unit(self) -> str | None:
        return self.meta.get("money_unit")

    def money_unit_of(self, form: Form) -> str:
        """The money unit of the amounts ``form`` holds: a 批复表's own (元 unless it says), a 公开表's
        own where it has one (the 上海 三公 table in 万元), else the document's."""
        if form.kind == forms.APPROVAL:
            return form.get("money_unit") or "元"
        return form.get("money_unit") or self.money_unit or "万元"

    @property
    def projects(self) -> list[Form]:
        return self.forms_of(forms.PROJECT)

    @property
    def budget_tables(self) -> list[Form]:
        return self.forms_of(forms.BUDGET_TABLE)

    def budget_table(self, title: str) -> Form | None:
        return next((f for f in self.budget_tables if f.get("title") == title), None)

    def form(self, kind: str) -> Form | None:
        """The form of a one-per-document kind (overall, explanation, approval), or None."""
        return next((f for f in self.forms if f.kind == kind), None)

    def forms_of(self, kind: str) -> list[Form]:
        """The forms of one kind, in order (a new list each time: the caller may keep or change it)."""
        return [f for f in self.forms if f.kind == kind]
