"""What a new document starts with: the 公开表 with their headers and fixed row labels, and the
情况说明's numbered sections, from the template files in ``resources/templates/``."""

from __future__ import annotations

import json

from pathlib import Path

from core import budget_tables, cell_input, forms
from core.document import Document, FormData, create_document
from core.errors import InputError
from core.frameworks import DEFAULT_FRAMEWORK, FRAMEWORKS
from core.resources import resource_path


def starting_forms(year: int, template: str = "hebei") -> list[FormData]:
    """The empty forms of a new document of ``year`` (no projects yet)."""
    data = json.loads(resource_path("templates", f"budget_tables_{template}.json").read_text("utf-8"))
    parts = [FormData(forms.OVERALL)]
    parts.append(FormData(forms.EXPLANATION, {}, {
        "sections": [[title, None] for title in data["explanation_sections"]]}))
    for title, table in data["tables"].items():
        columns = [c.replace("{year}", str(year)) for c in table["columns"]]
        parts.append(FormData(forms.BUDGET_TABLE, {
            "title": title, "unit": None, "note": table.get("note"),
            "columns": budget_tables.columns_field(columns)}, {"rows": table["rows"]}))
    return parts


def new_document(path: Path, department: str, code: str | None, year: int | str,
                 money_unit: str = "万元", framework: str = DEFAULT_FRAMEWORK) -> Document:
    """新建: a blank document with the template's forms. Raises InputError / DocumentFileError."""
    year = cell_input.parse_year(year)
    department = cell_input.clean_text(department)
    code = cell_input.normalize(cell_input.CODE, code)
    if not department:
        raise InputError("预算单位名称不能为空。")
    if money_unit not in forms.MONEY_UNITS:
        raise InputError(f"金额单位只能是 {'、'.join(forms.MONEY_UNITS)}。")
    if framework not in FRAMEWORKS:
        raise InputError(f"未知的指标体系「{framework}」，可选：{'、'.join(FRAMEWORKS)}。")
    parts = starting_forms(year)
    for part in parts:
        if part.kind == forms.BUDGET_TABLE:
            part.fields["unit"] = f"{code} {department}" if code else department
    return create_document(Path(path), department, year, money_unit, code, framework, parts)
