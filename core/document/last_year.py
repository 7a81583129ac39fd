"""Last year's document beside this year's: what a document keeps of last year (上年数), read as a
document of its own.

When a year is started from last year's file (core/reading/years.py ``next_year``) each 公开表
keeps last year's headers, rows and money unit in three fields (:data:`KEPT_FIELDS`), each
project its 预算数 (``last_budget``) and each indicator its 指标值 (``last_value``).
:func:`last_year` reads them back as a :class:`LastYearDocument`; :func:`open_last_year` reads
last year's own file (``compare --with LASTYEAR``) into the same kind of object.

A :class:`LastYearDocument` offers the reading API of :class:`core.document.document.Document`
(``year``, ``budget_tables``, ``budget_table(title)``, ``projects``, ``money_unit_of(table)``,
``forms_of(kind)``, ``form(kind)``, ``meta``, ``template``); its forms are
:class:`core.document.model.Form` objects built by ``new_form``, so every function of
core/document/table_meaning.py reads them. It is read-only: it has no file and no ``apply``.

The kept fields are of kind ``record`` (core/values/cell_input.py RECORD: never typed, shown,
searched or checked) and hold JSON text with every character past ASCII and every ``<``, ``>``,
``&`` escaped (``\\u516c``), so that even a rule reading every field cannot match inside it.
"""

from __future__ import annotations

import json
from pathlib import Path

from core.document import forms
from core.document.budget_tables import columns_field
from core.document.model import DocumentReading, Form, new_form

LAST_COLUMNS, LAST_ROWS, LAST_MONEY_UNIT = "last_columns", "last_rows", "last_money_unit"
KEPT_FIELDS = (LAST_COLUMNS, LAST_ROWS, LAST_MONEY_UNIT)  # never shown, printed or checked


# --- the kept fields -----------------------------------------------------------------------------

def _encoded(value) -> str:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def kept_fields(columns: list[str], rows: list[list[str | None]], money_unit: str | None) -> dict[str, str | None]:
    """The fields a 公开表 keeps of last year's table: its column headers, its rows (cell texts
    or None, each row as wide as ``columns`` or narrower) and the money unit its amounts are in."""
    return {LAST_COLUMNS: _encoded(list(columns)), LAST_ROWS: _encoded([list(r) for r in rows]),
            LAST_MONEY_UNIT: money_unit}


def kept_table(form: Form) -> tuple[list[str], list[list[str | None]], str | None] | None:
    """(columns, rows, money unit) of last year's table kept by a 公开表 form, or None if it keeps
    none (a table added this year, a document not started from last year's)."""
    stored = form.get(LAST_COLUMNS)
    if not stored:
        return None
    try:
        columns = json.loads(stored)
        rows = json.loads(form.get(LAST_ROWS) or "[]")
    except ValueError:
        return None  # not written by kept_fields: nothing of last year to show
    if not isinstance(columns, list) or not isinstance(rows, list):
        return None
    return ([str(c) for c in columns],
            [[None if c is None else str(c) for c in row] for row in rows if isinstance(row, list)],
            form.get(LAST_MONEY_UNIT))


# --- the last-year document ----------------------------------------------------------------------

class LastYearDocument(DocumentReading):
    """Last year's document, read-only: ``meta`` (the 文档 form) and its other forms in document
    order. ``source`` says in Chinese where it comes from (shown in the comparison's headings)."""

    read_only = True

    def __init__(self, meta: Form, forms_: list[Form], source: str):
        self.meta = meta
        self.forms = [meta, *forms_]
        self.source = source

    @property
    def template(self):
        """The 公开表 template (core.templates.Template) the document records."""
        from core.templates import template_of

        return template_of(self)


def last_year(doc) -> LastYearDocument | None:
    """Last year's document as ``doc`` keeps it: its 公开表 that keep last year's table, and its
    projects that keep a 上年预算数 or a 上年指标值 (each with those as its 预算数 and 指标值, the
    rest of it as this year's); None if ``doc`` keeps nothing of last year."""
    ids = iter(range(1, 1 << 30))
    tables = []
    for table in doc.budget_tables:
        kept = kept_table(table)
        if kept is None:
            continue
        columns, rows, unit = kept
        fields = {"title": table.get("title"), "unit": table.get("unit"), "note": None,
                  "columns": columns_field(columns), "money_unit": unit}
        tables.append(new_form(next(ids), forms.BUDGET_TABLE, fields,
                               {"rows": [(next(ids), list(r)) for r in rows]}))
    projects = []
    for project in doc.projects:
        indicators = project.grids["indicators"].records()
        if project.get("last_budget") is None and all(r["last_value"] is None for r in indicators):
            continue  # new this year
        fields = dict(project.fields, budget=project.get("last_budget"), fiscal=None, other=None,
                      last_budget=None, **{forms.plan_field_key(p): None for p in forms.PLAN_POINTS})
        keys = [c.key for c in forms.INDICATOR_COLUMNS]
        rows = [[r["last_value"] if k == "value" else None if k == "last_value" else r[k] for k in keys]
                for r in indicators]
        projects.append(new_form(next(ids), forms.PROJECT, fields, {"indicators": [(next(ids), r) for r in rows]}))
    if not tables and not projects:
        return None
    year = doc.year - 1 if doc.year else None
    meta = new_form(0, forms.DOCUMENT, dict(doc.meta.fields, year=str(year) if year else None), {})
    return LastYearDocument(meta, tables + projects, f"本文档保存的 {year or '上'} 年数")


def open_last_year(path: Path, expected_year: int | None = None) -> LastYearDocument:
    """Last year's own file (``--with LASTYEAR``): a .bdoc (read read-only, never changed), its
    JSON, or any Excel, Word or PDF file the importer reads. A file that does not say its year is
    taken to be of ``expected_year``. Raises ImportFormatError (Chinese) as the importer does."""
    from core.errors import ImportFormatError
    from core.file.json_format import from_json
    from core.reading import read_file

    path = Path(path)
    data = dict(read_file(path).data)
    if not data.get("year"):
        if not expected_year:
            raise ImportFormatError(f"「{path.name}」中没有预算年度，无法确定它是哪一年的文件。")
        data["year"] = expected_year
    data["department"] = data.get("department") or "（上年单位）"
    meta_fields, parts = from_json(data)
    meta_fields = dict(meta_fields, year=str(meta_fields["year"]),
                       money_unit=meta_fields.get("money_unit") or "万元")
    ids = iter(range(1, 1 << 30))
    built = []
    for part in parts:
        grids = {name: [(next(ids), list(cells)) for cells in rows] for name, rows in part.grids.items()}
        built.append(new_form(next(ids), part.kind, part.fields, grids))
    order = {kind: i for i, kind in enumerate(forms.KIND_ORDER)}
    built.sort(key=lambda f: order[f.kind])  # stable: within a kind, as the file holds them
    return LastYearDocument(new_form(0, forms.DOCUMENT, meta_fields, {}), built, f"「{path.name}」")
