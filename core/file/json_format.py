"""The document as JSON (``main.py export --json`` / ``import-json``), documented in docs/json-format.md.

``to_json`` and ``from_json`` are exact inverses for every document: cells are strings as printed
or null, amounts included. ``from_json`` checks the shape and raises ImportFormatError (Chinese,
naming the bad place) instead of importing half a file. It is the way in of every import (the
Excel, Word and PDF readers build the same JSON-shaped dict): every text it takes, keys included, is
kept as printed but for the characters that are not text (:func:`core.values.cell_input.plain_text`).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.document import budget_tables, forms

from core.values import cell_input

from core import templates
from core.document.document import Document, FormData, create_document
from core.errors import ImportFormatError
from core.file.files import replacing
from core.document.frameworks import DEFAULT_FRAMEWORK, FRAMEWORKS
from core.document.model import Form

# Keys beyond the ones the issue fixed; they keep the document's identity through a round trip.
ADDED_KEYS = ("department_code", "framework", "template", "check_notes")
FUND_GROUPS = ("basic", "project")
FUND_KEYS = tuple(key for key, _ in forms.FUND_PARTS)
# Far deeper than BudgetDesk's own JSON (5 levels), far shallower than Python's recursion limit.
MAX_DEPTH = 100
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
        "template": meta.get("template"),
        "overall": _overall_json(overall) if overall else None,
        "explanation": explanation.grids["sections"].records() if explanation else None,
        # where generated text's figures came from (core/writing/record.py; written only where set)
        **({"explanation_generated": explanation.get("generated")} if explanation and explanation.get("generated")
           else {}),
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
    table = {"unit": form.get("unit"), "columns": columns,
             "rows": form.grids["rows"].values(), "note": form.get("note")}
    if form.get("money_unit"):  # a table with its own money unit (written only then)
        table["money_unit"] = form.get("money_unit")
    from core.document.last_year import kept_table

    kept = kept_table(form)
    if kept is not None:  # 上年数, where the year was started from last year's (written only then)
        table["last_year"] = {"columns": kept[0], "rows": kept[1], "money_unit": kept[2]}
    return table


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
    """Parse a JSON file; ImportFormatError (Chinese) if it is not readable JSON.

    Readable means: UTF-8, valid JSON, nested at most :data:`MAX_DEPTH` deep, no number Python
    refuses to convert (an integer of more than 4300 digits) and no string holding half of a
    UTF-16 surrogate pair (``"\ud800"``, which no Unicode text holds): such a file was not written
    by BudgetDesk, and is refused whole, as any other broken file.
    """
    name = Path(path).name
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"无法读取「{path}」：{exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text, parse_float=Decimal)
    except UnicodeDecodeError:
        raise ImportFormatError(f"「{name}」不是 UTF-8 编码的 JSON 文件。") from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"「{name}」不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列有错误。") from None
    except RecursionError:
        raise _too_deep(name) from None
    except ValueError:
        raise ImportFormatError(f"「{name}」中有位数过多的数字，无法读取。BudgetDesk 导出的 JSON 中金额都是"
                                "文本（如 \"1234.56\"）；请检查这个文件是否是 BudgetDesk 导出的 JSON。") from None
    _check_strings(data, name)
    return data


def _too_deep(name: str) -> ImportFormatError:
    return ImportFormatError(f"「{name}」的嵌套层次过深（超过 {MAX_DEPTH} 层），不是 BudgetDesk 导出的 JSON。"
                             "请选择 BudgetDesk 导出的 JSON 文件。")


def _check_strings(data: Any, name: str) -> None:
    """Raises ImportFormatError for nesting deeper than MAX_DEPTH or a lone surrogate in any key or
    string (walked without recursion, so any depth is safe)."""
    stack = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(name)
        if isinstance(value, dict):
            for key in value:
                _check_string(key, f"{where}.{key}" if where else key, name)
            stack.extend((item, f"{where}.{key}" if where else key, depth + 1)
                         for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            _check_string(value, where, name)


def _check_string(text: str, where: str, name: str) -> None:
    bad = _LONE_SURROGATE.search(text)
    if bad:
        place = cell_input.plain_text(where) or "文件顶层"
        raise ImportFormatError(
            f"「{name}」的 {place} 中有无效的字符（\\u{ord(bad.group(0)):04x}，半个 UTF-16 代理对），"
            "文件已损坏或不是 BudgetDesk 导出的。请用 BudgetDesk 重新导出，或删去这个字符后再导入。")


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
        "template": root.text("template"),
    }
    if meta["framework"] is not None and meta["framework"] not in FRAMEWORKS:
        raise ImportFormatError(f"framework：未知的指标体系「{meta['framework']}」。")
    if meta["template"] is not None and meta["template"] not in templates.templates():
        raise ImportFormatError(f"template：未知的公开表模板「{meta['template']}」，"
                                f"可选：{'、'.join(templates.templates())}。")
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
        parts.append(FormData(forms.EXPLANATION, {"generated": root.text("explanation_generated")}, {
            "sections": root.records("explanation", ("title", "text"))}))
    tables = root.child("budget_tables")
    if not tables.is_null:
        tables.require_dict()
        for title in tables.value:
            parts.append(_budget_table_form(tables.child(title), cell_input.plain_text(title)))
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
    if meta["template"] is None:  # the template whose tables these are (河北's for a file without tables)
        titles = [p.fields["title"] for p in parts if p.kind == forms.BUDGET_TABLE]
        meta["template"] = templates.matching_template(titles) or templates.DEFAULT_TEMPLATE
    return meta, parts


def import_json(data: Any, path: Path) -> Document:
    """A new document file at ``path`` holding the JSON's content."""
    meta, parts = from_json(data)
    return create_document(path, meta["department"], meta["year"], meta["money_unit"] or "万元",
                           meta["department_code"], meta["framework"], parts, meta["template"])


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
    columns, rows = _table_cells(r)
    fields = {"title": title, "unit": r.text("unit"), "note": r.text("note"),
              "columns": budget_tables.columns_field(columns), "money_unit": r.choice("money_unit", forms.MONEY_UNITS)}
    last = r.child("last_year")
    if not last.is_null:  # 上年数 (core/document/last_year.py), checked as the table itself
        from core.document.last_year import kept_fields

        last.require_dict()
        fields.update(kept_fields(*_table_cells(last), last.choice("money_unit", forms.MONEY_UNITS)))
    return FormData(forms.BUDGET_TABLE, fields, {"rows": rows})


def _table_cells(r: "_Reader") -> tuple[list[str], list[list[str | None]]]:
    """A table's ``columns`` and ``rows`` (each padded to the columns); ImportFormatError naming a
    header that is not text or a row that is not a list or is wider than the header."""
    columns = r.list("columns")
    for i, header in enumerate(columns):
        if not isinstance(header, str):
            raise ImportFormatError(f"{r.where('columns')}[{i}]：表头应为文本。")
    columns = [cell_input.plain_text(header) for header in columns]
    rows = []
    for i, row in enumerate(r.list("rows")):
        cells = r.child("rows").child(i)
        if not isinstance(row, list):
            raise ImportFormatError(f"{cells.path}：应为一行单元格的列表。")
        if len(row) > len(columns):
            raise ImportFormatError(
                f"{cells.path}：有 {len(row)} 个单元格，多于表头的 {len(columns)} 列。")
        rows.append([cells.cell(j) for j in range(len(row))] + [None] * (len(columns) - len(row)))
    return columns, rows


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
        if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{4}\s*", value) and 2000 <= int(value) <= 2100:
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
    """A JSON value as the text of a cell: a string as printed but for what is not text
    (:func:`core.values.cell_input.plain_text`), a number as its exact decimal text, null as None."""
    if value is None:
        return None
    if isinstance(value, str):
        return cell_input.plain_text(value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise ImportFormatError(f"{where}：应为文本或 null，实际为 {type(value).__name__}。")
