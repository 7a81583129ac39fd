"""The 公开表 templates: which 部门预算公开表 a document has and how they are printed, one data file per
province (and level) in ``resources/templates/<key>.json``, loaded here and nowhere else; and what a
new document starts with.

A template names its tables by their stored title (``收支总表``, ``财务收支预算总表``: the printed title
without its year and its 部门预算/部门/单位 prefix) and gives for each its header paths (levels joined
by ``/``), the fixed row labels a new document starts with, its note, and its money unit where it has
its own (the 上海 三公 table is in 万元 in a document in 元). For the whole set it gives the printed
title (``部门预算{title}``, ``{year}年部门{title}``), the unit line above each table (``编制单位：{unit}``,
``编制部门：{unit}``), whether a 栏次 row is printed under the header, the document's money unit and the
情况说明's sections. What a column means is read from its header (core/document/table_meaning.py), in every
template alike. Adding a province is adding a file (tests/test_templates.py renders and reads back
each one).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from core.document import budget_tables, forms

from core.values import cell_input
from core.document.document import Document, FormData, create_document
from core.errors import InputError
from core.document.frameworks import DEFAULT_FRAMEWORK, FRAMEWORKS
from core.resources import resource_path

DEFAULT_TEMPLATE = "hebei"  # what documents from before templates were (seed 001's tables)
# What a printed title may carry before the stored one: the year, then the level (部门预算 in 河北).
_TITLE_PREFIX = re.compile(r"^(?:\d{4}\s*年\s*(?:度\s*)?)?(?:部门预算|单位预算|预算单位|部门|单位)?")


@dataclass(frozen=True)
class TableTemplate:
    title: str                            # stored title: 收支总表, 财务收支预算总表
    columns: tuple[str, ...]              # header paths, levels joined by "/"
    rows: tuple[tuple[str | None, ...], ...]  # the fixed row labels a new document starts with
    note: str | None = None               # printed under the table ({year} filled in)
    money_unit: str | None = None         # the table's own unit, where it differs from the document's


@dataclass(frozen=True)
class Template:
    key: str
    name: str                # shown to the officer: 河北省部门预算公开表（2024）
    province: str
    level: str               # 部门 or 单位
    money_unit: str          # a new document's 金额单位
    title: str               # printed title: "部门预算{title}", "{year}年部门{title}"
    unit_line: str           # above each table: "编制单位：{unit}"
    column_numbers: bool     # a 栏次 row (栏次, 1, 2, …) under the header
    explanation_sections: tuple[str, ...]
    tables: tuple[TableTemplate, ...]
    # how the 情况说明 is written from the tables (core/writing/, docs/explanation.md); None: not at all
    writing: dict | None = field(default=None, compare=False, hash=False)

    def table(self, title: str | None) -> TableTemplate | None:
        return next((t for t in self.tables if t.title == title), None)

    def printed_title(self, title: str, year) -> str:
        """The title printed above the table stored as ``title`` (kept whole if it already is one)."""
        if title.startswith(("部门预算", f"{year}年")):
            return title
        return self.title.format(year=year, title=title)

    def printed_unit_line(self, unit: str) -> str:
        return self.unit_line.format(unit=unit)


def stored_title(printed: str) -> str:
    """A printed 公开表 title without its year and level prefix: ``2025年部门收入预算总表`` →
    ``收入预算总表``, ``部门预算收支总表`` → ``收支总表`` (whitespace removed)."""
    text = re.sub(r"\s+", "", printed)
    rest = _TITLE_PREFIX.sub("", text, count=1)
    return rest or text


def _load(path: Path) -> Template:
    data = json.loads(path.read_text("utf-8"))
    tables = tuple(TableTemplate(title, tuple(t["columns"]), tuple(tuple(r) for r in t["rows"]), t.get("note"),
                                 t.get("money_unit"))
                   for title, t in data["tables"].items())
    return Template(data["key"], data["name"], data["province"], data["level"], data["money_unit"], data["title"],
                    data["unit_line"], data["column_numbers"], tuple(data["explanation_sections"]), tables,
                    data.get("writing"))


@cache
def templates() -> dict[str, Template]:
    """Every template shipped, by key, 河北 first."""
    found = {t.key: t for t in map(_load, sorted(resource_path("templates").glob("*.json")))}
    return {key: found[key] for key in sorted(found, key=lambda k: (k != DEFAULT_TEMPLATE, k))}


def template(key: str | None) -> Template:
    """The template ``key`` names (the default one for None or an unknown key)."""
    return templates().get(key or "", templates()[DEFAULT_TEMPLATE])


def template_of(doc) -> Template:
    return template(doc.meta.get("template"))


def matching_template(titles, evidence=lambda template: 0) -> str | None:
    """The key of the template holding most of these stored titles; among those holding as many
    (上海's 部门 and 单位 templates hold the same tables), the one ``evidence(template)`` scores
    highest, else the first; None if no template holds any."""
    wanted = set(titles)
    best, key = None, None
    for tpl in templates().values():
        score = (len(wanted & {t.title for t in tpl.tables}), evidence(tpl))
        if score[0] and (best is None or score > best):
            best, key = score, tpl.key
    return key


# --- a new document -------------------------------------------------------------------------------

def starting_forms(year: int, template_key: str = DEFAULT_TEMPLATE) -> list[FormData]:
    """The empty forms of a new document of ``year`` (no projects yet)."""
    chosen = template(template_key)
    parts = [FormData(forms.OVERALL)]
    parts.append(FormData(forms.EXPLANATION, {}, {
        "sections": [[title.replace("{year}", str(year)), None] for title in chosen.explanation_sections]}))
    for table in chosen.tables:
        columns = [c.replace("{year}", str(year)) for c in table.columns]
        note = table.note.replace("{year}", str(year)) if table.note else None
        parts.append(FormData(forms.BUDGET_TABLE, {
            "title": table.title, "unit": None, "note": note, "money_unit": table.money_unit,
            "columns": budget_tables.columns_field(columns)}, {"rows": [list(r) for r in table.rows]}))
    return parts


def new_document(path: Path, department: str, code: str | None, year: int | str,
                 money_unit: str | None = None, framework: str = DEFAULT_FRAMEWORK,
                 template_key: str = DEFAULT_TEMPLATE) -> Document:
    """新建: a blank document with the template's forms (its money unit unless one is given).
    Raises InputError / DocumentFileError."""
    year = cell_input.parse_year(year)
    department = cell_input.clean_text(department)
    code = cell_input.normalize(cell_input.CODE, code)
    if not department:
        raise InputError("预算单位名称不能为空。")
    if template_key not in templates():
        raise InputError(f"未知的公开表模板「{template_key}」，可选：{'、'.join(templates())}。")
    money_unit = money_unit or template(template_key).money_unit
    if money_unit not in forms.MONEY_UNITS:
        raise InputError(f"金额单位只能是 {'、'.join(forms.MONEY_UNITS)}。")
    if framework not in FRAMEWORKS:
        raise InputError(f"未知的指标体系「{framework}」，可选：{'、'.join(FRAMEWORKS)}。")
    parts = starting_forms(year, template_key)
    for part in parts:
        if part.kind == forms.BUDGET_TABLE:
            part.fields["unit"] = f"{code} {department}" if code else department
    return create_document(Path(path), department, year, money_unit, code, framework, parts,
                           template=template_key)
