"""What a new document starts with: the 公开表 with their headers and fixed row labels, and the
情况说明's numbered sections, from the template files in ``resources/templates/``."""

from __future__ import annotations

import json

from core import budget_tables, forms
from core.document import FormData
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
