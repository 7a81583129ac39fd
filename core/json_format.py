"""The document as JSON (``main.py export --json`` / ``import-json``), documented in docs/json-format.md.

``to_json`` and ``from_json`` are exact inverses for every document: cells are strings as printed
or null, amounts included. ``from_json`` checks the shape and raises ImportFormatError (Chinese,
naming the bad place) instead of importing half a file.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from core import budget_tables, forms
from core.document import Document, FormData, create_document
from core.errors import ImportFormatError
from core.files import replacing
from core.frameworks import DEFAULT_FRAMEWORK, FRAMEWORKS
from core.model import Form

# Keys beyond the ones the issue fixed; they keep the document's identity through a round trip.
ADDED_KEYS = ("department_code", "framework", "check_notes")
FUND_GROUPS = ("basic", "project")
FUND_KEYS = tuple(key for key, _ in forms.FUND_PARTS)


# --- document → JSON ---------------------------------------------------------------------------

def to_json(doc: Document) -> dict[str, Any]:
    meta = doc.meta
    overall = doc.form(forms.OVERALL)
    explanation = doc.form(forms.EXPLANATION)
    approval = doc.form(forms.APPROVAL)
    return {
        "department": meta.get("department"),
        "department_code": meta.get("department_code"),
        "year": doc.year,
        "money_unit": meta.get("money_unit"),
        "framework": meta.get("framework"),
        "overall": _overall_json(overall) if overall else None,
        "explanation": explanation.grids["sections"].records() if explanation else None,
        "projects": [_project_json(p) for p in doc.projects],
        "budget_tables": {t.get("title"): _budget_table_json(t) for t in doc.budget_tables},
        "approval": _approval_json(approval) if approval else None,
        "check_notes": doc.form(forms.CHECK_NOTES).grids["notes"].records()
        if doc.form(forms.CHECK_NOTES) else [],
    }


def _overall_json(form: Form) -> dict[str, Any]:
    return {"summary": form.get("summary"),
            "items": form.grids["items"].records(),
            "measures": form.grids["measures"].records()}


def _project_json(form: Form) -> dict[str, Any]:
    f = form.fields
    return {
        "code": f["code"], "name": f["name"], "unit": f["unit"], "budget": f["budget"],
        "fiscal": f["fiscal"], "other": f["other"], "purpose": f["purpose"],
        "plan": {p: f[forms.plan_field_key(p)] for p in forms.PLAN_POINTS},
        "goal": f["goal"],
        "indicators": [_without_blank_last_year(r) for r in form.grids["indicators"].records()],
        **({"last_budget": f["last_budget"]} if f["last_budget"] is not None else {}),
    }


def _without_blank_last_year(record: dict[str, Any]) -> dict[str, Any]:
    """上年数 keys (added) are written only where set: a document without them exports as before."""
    return {k: v for k, v in record.items() if v is not None or k not in forms.LAST_YEAR_KEYS}


def _budget_table_json(form: Form) -> dict[str, Any]:
    columns = json.loads(form.get("columns") or "[]")
    return {"unit": form.get("unit"), "columns": columns,
            "rows": form.grids["rows"].values(), "note": form.get("note")}


def _approval_json(form: Form) -> dict[str, Any]:
    f = form.fields
    year = f["year"]
    return {
        "year": int(year) if year and year.isdigit() else year,
        "unit": f["unit"], "money_unit": f["money_unit"],
        "funds": {"total": f["funds_total"],
                  **{g: {k: f[f"{g}_{k}"] for k in FUND_KEYS} for g in FUND_GROUPS}},
        "overall_goal": f["overall_goal"],
        "tasks": form.grids["tasks"].records(),
        "indicators": form.grids["indicators"].records(),
        "other": f["other"],
    }


def write_json(doc: Document, path: Path) -> None:
    text = json.dumps(to_json(doc), ensure_ascii=False, indent=1)
    with replacing(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")


# --- JSON → document ---------------------------------------------------------------------------

def read_json_file(path: Path) -> dict[str, Any]:
    """Parse a JSON file; ImportFormatError (Chinese) if it is not readable JSON."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"无法读取「{path}」：{exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
        return json.loads(text, parse_float=Decimal)
    except UnicodeDecodeError:
        raise ImportFormatError(f"「{Path(path).name}」不是 UTF-8 编码的 JSON 文件。") from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"「{Path(path).name}」不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列有错误。") from None


def from_json(data: Any) -> tuple[dict[str, Any], list[FormData]]:
    """The document's meta (department, year, …) and its forms, from exported JSON.

    Raises ImportFormatError naming the first place that does not have the documented shape.
    """
    root = _Reader(data, "")
    root.require_dict()
    meta = {
        "department": root.text("department", required=True),
        "year": root.year("year"),
        "money_unit": root.choice("money_unit", forms.MONEY_UNITS),
        "department_code": root.text("department_code"),
        "framework": root.text("framework"),
    }
    if meta["framework"] is not None and meta["framework"] not in FRAMEWORKS:
        raise ImportFormatError(f"framework：未知的指标体系「{meta['framework']}」。")
    parts: list[FormData] = []
    overall = root.child("overall")
    if not overall.is_null:
        overall.require_dict()
        parts.append(FormData(forms.OVERALL, {"summary": overall.text("summary")}, {
            "items": overall.records("items", ("title", "goal", "indicators")),
            "measures": overall.records("measures", ("title", "text")),
        }))
    explanation = root.child("explanation")
    if not explanation.is_null:
        parts.append(FormData(forms.EXPLANATION, {}, {
            "sections": root.records("explanation", ("title", "text"))}))
    tables = root.child("budget_tables")
    if not tables.is_null:
        tables.require_dict()
        for title in tables.value:
            parts.append(_budget_table_form(tables.child(title), title))
    for i, _ in enumerate(root.list("projects")):
        parts.append(_project_form(root.child("projects").child(i)))
    approval = root.child("approval")
    if not approval.is_null:
        parts.append(_approval_form(approval))
    notes = root.records("check_notes", ("key", "text"))
    if notes:
        parts.append(FormData(forms.CHECK_NOTES, {}, {"notes": notes}))
    if meta["framework"] is None:
        has_projects = any(p.kind == forms.PROJECT for p in parts)
        meta["framework"] = "sichuan" if not approval.is_null and not has_projects else DEFAULT_FRAMEWORK
    return meta, parts


def import_json(data: Any, path: Path) -> Document:
    """A new document file at ``path`` holding the JSON's content."""
    meta, parts = from_json(data)
    return create_document(path, meta["department"], meta["year"], meta["money_unit"] or "万元",
                           meta["department_code"], meta["framework"], parts)


def _project_form(r: "_Reader") -> FormData:
    r.require_dict()
    plan = r.child("plan")
    if not plan.is_null:
        plan.require_dict()
    fields = {key: r.text(key) for key in ("code", "name", "unit", "budget", "fiscal", "other",
                                           "purpose", "goal", "last_budget")}
    for point in forms.PLAN_POINTS:
        fields[forms.plan_field_key(point)] = None if plan.is_null else plan.text(point)
    keys = tuple(c.key for c in forms.INDICATOR_COLUMNS)
    return FormData(forms.PROJECT, fields, {"indicators": r.records("indicators", keys)})


def _budget_table_form(r: "_Reader", title: str) -> FormData:
    r.require_dict()
    columns = r.list("columns")
    for i, header in enumerate(columns):
        if not isinstance(header, str):
            raise ImportFormatError(f"{r.where('columns')}[{i}]：表头应为文本。")
    rows = []
    for i, row in enumerate(r.list("rows")):
        cells = r.child("rows").child(i)
        if not isinstance(row, list):
            raise ImportFormatError(f"{cells.path}：应为一行单元格的列表。")
        if len(row) > len(columns):
            raise ImportFormatError(
                f"{cells.path}：有 {len(row)} 个单元格，多于表头的 {len(columns)} 列。")
        rows.append([cells.cell(j) for j in range(len(row))] + [None] * (len(columns) - len(row)))
    fields = {"title": title, "unit": r.text("unit"), "note": r.text("note"),
              "columns": budget_tables.columns_field(columns)}
    return FormData(forms.BUDGET_TABLE, fields, {"rows": rows})


def _approval_form(r: "_Reader") -> FormData:
    r.require_dict()
    funds = r.child("funds")
    fields = {"year": None if r.child("year").is_null else str(r.year("year")),
              "unit": r.text("unit"),
              "money_unit": r.choice("money_unit", forms.MONEY_UNITS),
              "overall_goal": r.text("overall_goal"), "other": r.text("other")}
    if not funds.is_null:
        funds.require_dict()
        fields["funds_total"] = funds.text("total")
        for group in FUND_GROUPS:
            part = funds.child(group)
            if not part.is_null:
                part.require_dict()
            for key in FUND_KEYS:
                fields[f"{group}_{key}"] = None if part.is_null else part.text(key)
    keys = tuple(c.key for c in forms.APPROVAL_INDICATOR_COLUMNS)
    return FormData(forms.APPROVAL, fields, {
        "tasks": r.records("tasks", ("name", "content")),
        "indicators": r.records("indicators", keys)})


class _Reader:
    """Walks parsed JSON, naming the place (``projects[3].budget``) in every error."""

    def __init__(self, value: Any, path: str):
        self.value = value
        self.path = path or "文件顶层"

    @property
    def is_null(self) -> bool:
        return self.value is None

    def where(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return key if self.path == "文件顶层" else f"{self.path}.{key}"

    def require_dict(self) -> None:
        if not isinstance(self.value, dict):
            raise ImportFormatError(f"{self.path}：应为对象（{{…}}），这不是 BudgetDesk 导出的 JSON。")

    def child(self, key: str | int) -> "_Reader":
        if isinstance(key, int):
            return _Reader(self.value[key], self.where(key))
        return _Reader(self.value.get(key) if isinstance(self.value, dict) else None, self.where(key))

    def cell(self, index: int) -> str | None:
        return _cell_text(self.value[index], f"{self.path}[{index}]")

    def text(self, key: str, required: bool = False) -> str | None:
        value = _cell_text(self.value.get(key), self.where(key))
        if required and not value:
            raise ImportFormatError(f"{self.where(key)}：缺少必填内容。")
        return value

    def year(self, key: str) -> int:
        value = self.value.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100:
            return value
        if isinstance(value, str) and value.strip().isdigit() and 2000 <= int(value) <= 2100:
            return int(value)
        raise ImportFormatError(f"{self.where(key)}：应为四位年份（如 2024），实际为「{value}」。")

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        value = self.text(key)
        if value is not None and value not in options:
            raise ImportFormatError(f"{self.where(key)}：应为 {'、'.join(options)} 之一，实际为「{value}」。")
        return value

    def list(self, key: str) -> list[Any]:
        value = self.value.get(key) if isinstance(self.value, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            raise ImportFormatError(f"{self.where(key)}：应为列表（[…]）。")
        return value

    def records(self, key: str, keys: tuple[str, ...]) -> list[list[str | None]]:
        rows = []
        for i, _ in enumerate(self.list(key)):
            item = self.child(key).child(i)
            item.require_dict()
            rows.append([item.text(k) for k in keys])
        return rows


def _cell_text(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise ImportFormatError(f"{where}：应为文本或 null，实际为 {type(value).__name__}。")
