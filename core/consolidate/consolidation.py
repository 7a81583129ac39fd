"""汇总: the units' documents of one template, year and money unit combined into the department's.

What the department's document holds (all built as the JSON shape of core/file/json_format.py and
written by ``import_json``, so it is a document like any other):

1. Every 公开表 summed cell by cell. A table listed by 科目编码 is summed by code: every code any unit
   has is listed (a code one unit lacks comes from the others), in code order under its 类 and 款
   (a unit listing a 项 without its 款 or 类 has them made from its own rows), the 合计 row summed
   where the units print it, 序号 numbered again. A table of fixed rows (收支总表, the 三公 table,
   固定资产) is summed row by row — by position where every unit prints the same rows, else by row
   label; a list (政府采购) lists every unit's rows. The 三公 and 机关运行经费 are in these tables
   and so summed with them.
2. Every project, each with its unit line (``315001 巨鹿县司法局本级``).
3. The 部门整体绩效目标 left for the department to write: its 总体绩效目标 empty, each unit's
   总体目标, 分项 and 保障措施 listed under its name as a start. The 情况说明 has the template's
   sections, empty.
4. A 批复表 where the units have one: the 总体资金情况 summed, the 年度主要任务 listed by unit; the
   indicators (whose weights are the department's) left to write.

Amounts are summed as exact Decimals of the units' printed figures, so the 尾差 of the units' own
rounding stays a 尾差 (a 提示 of the same rules, told apart from an 错误 as in any document).
Documents of different templates, years or money units — or whose tables of one title have other
columns — are refused with the reason, naming each file (ConsolidationError).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from core.document import forms
from core.document import table_meaning as tm
from core.errors import BudgetDeskError
from core.values import cell_input, money


class ConsolidationError(BudgetDeskError):
    """The documents cannot be consolidated (mixed templates, years, money units, tables); nothing was written."""


@dataclass
class Unit:
    """One unit's document as read: its data in the JSON shape, its file and its unit line."""

    source: Path
    data: dict
    meta: dict

    @property
    def name(self) -> str:
        return self.meta.get("department") or self.source.stem

    @property
    def code(self) -> str:
        return self.meta.get("department_code") or ""

    @property
    def unit_line(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class Consolidation:
    """What :func:`consolidate` made: the new document's file and what it holds, and its findings by
    severity (``rounding``: the 提示 of 尾差 among them)."""

    path: Path
    units: list[Unit]
    tables: int = 0
    projects: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    rounding: int = 0
    notes: list[str] = field(default_factory=list)


# --- reading and refusing -------------------------------------------------------------------------

def read_units(sources, progress=None, cancelled=None) -> list[Unit]:
    """Each source read by the import readers (core/reading); ConsolidationError naming a file
    that lacks its 单位 or 年度."""
    from core.file.json_format import from_json
    from core.progress import Steps
    from core.reading import read_file

    steps = Steps(len(sources) + 2, progress, cancelled)
    units = []
    for source in sources:
        source = Path(source)
        result = read_file(source)
        data = dict(result.data)
        if not data.get("department"):
            data["department"] = result.offered_unit()[0] or None
        missing = [label for key, label in (("department", "预算单位"), ("year", "预算年度")) if not data.get(key)]
        if missing:
            raise ConsolidationError(f"「{source.name}」中没有注明{'和'.join(missing)}，无法汇总。请先把它导入为"
                                     "BudgetDesk 文档、填写后再汇总。")
        data["money_unit"] = data.get("money_unit") or "万元"
        meta, _ = from_json(data)
        units.append(Unit(source, data, meta))
        steps.step()
    return units


def _refuse_mixed(units: list[Unit]) -> None:
    from core.templates import template

    if not units:
        raise ConsolidationError("没有要汇总的单位文件。请至少选择一个下级单位的文档。")
    for key, label, shown in (("template", "公开表模板", lambda v: template(v).name),
                              ("year", "预算年度", lambda v: f"{v} 年"),
                              ("money_unit", "金额单位", str)):
        values = Counter(u.meta.get(key) for u in units)
        if len(values) > 1:
            listed = "；".join(f"{u.source.name}：{shown(u.meta.get(key))}" for u in units)
            raise ConsolidationError(f"不能汇总：各单位文件的{label}不一致（{listed}）。"
                                     f"汇总的文件必须是同一{label}，请去掉不一致的文件，或先统一后再汇总。")
    names = Counter(u.name for u in units)
    twice = [n for n, k in names.items() if k > 1]
    if twice:
        raise ConsolidationError(f"不能汇总：「{'、'.join(twice)}」的文件选择了不止一次。每个单位只能汇总一份文档。")


# --- the 公开表 ---------------------------------------------------------------------------------

def _form(i: int, title: str, table: dict):
    from core.document.model import new_form

    fields = {"title": title, "unit": table.get("unit"), "note": table.get("note"),
              "columns": json.dumps(table.get("columns") or [], ensure_ascii=False),
              "money_unit": table.get("money_unit")}
    return new_form(i, forms.BUDGET_TABLE, fields, {"rows": list(enumerate(table.get("rows") or []))})


def _summable(cols: tm.Columns, form) -> list[int]:
    """The columns summed: amounts, and counts (固定资产's 数量)."""
    kinds = [c.kind for c in form.grids["rows"].columns]
    return [i for i, kind in enumerate(kinds)
            if kind in (cell_input.AMOUNT, cell_input.NUMBER) and cols.meanings[i] not in tm.TEXT_MEANINGS]


def _value(text) -> Decimal | None:
    if text is None or not str(text).strip():
        return None
    return money.read_amount(str(text))


class _Sums:
    """Cell sums of one output row: blank where no unit printed a figure."""

    def __init__(self):
        self.values: dict[int, Decimal] = {}

    def add(self, cells, columns) -> None:
        for c in columns:
            value = _value(cells[c]) if c < len(cells) else None
            if value is not None:
                self.values[c] = self.values.get(c, Decimal(0)) + value

    def add_sums(self, other: "_Sums") -> None:
        for c, value in other.values.items():
            self.values[c] = self.values.get(c, Decimal(0)) + value

    def into(self, cells: list, kinds: list[str]) -> list:
        for c, value in self.values.items():
            cells[c] = money.amount_text(value) if kinds[c] == cell_input.AMOUNT else format(value, "f")
        return cells


def _blank_amounts(cells, columns) -> list:
    cells = list(cells)
    for c in columns:
        if c < len(cells):
            cells[c] = None
    return cells


def _numbered(rows: list[list], cols: tm.Columns, had_numbers: bool) -> list[list]:
    index = next((i for i, m in enumerate(cols.meanings) if m == tm.INDEX), None)
    if index is not None and had_numbers:
        for n, row in enumerate(rows, start=1):
            row[index] = str(n)
    return rows


def _subject_table(tables: list, cols: tm.Columns, columns: list[int], kinds: list[str]) -> list[list]:
    """A table listed by 科目编码 summed by code, its hierarchy completed and rebuilt in code order."""
    width = len(cols.labels)
    sums: dict[tuple, _Sums] = {}
    names: dict[tuple, str] = {}
    texts: dict[tuple, list] = {}
    total, total_cells, total_first = _Sums(), None, True
    for table in tables:
        own: dict[tuple, _Sums] = {}
        for row in tm.subject_rows(table, cols):
            own.setdefault(row.key, _Sums()).add(row.cells, columns)
            if cols.name is not None and row.cells[cols.name] and row.key not in names:
                names[row.key] = row.cells[cols.name]
            texts.setdefault(row.key, _blank_amounts(row.cells, columns))
        for key in sorted(own, key=len, reverse=True):  # a 项 without its 款 (or 类): made from its rows
            for depth in range(len(key) - 1, 0, -1):
                parent = key[:depth]
                if parent in own:
                    break
                own[parent] = _Sums()
                for child, child_sums in own.items():
                    if len(child) == depth + 1 and child[:depth] == parent:
                        own[parent].add_sums(child_sums)
        for key, found in own.items():
            sums.setdefault(key, _Sums()).add_sums(found)
        at = tm.total_row(table, cols)
        if at is not None:
            cells = table.grids["rows"].rows[at].cells
            total.add(cells, columns)
            if total_cells is None:
                total_cells = _blank_amounts(cells, columns)
                total_first = at == 0 or at < len(table.grids["rows"].rows) - 1
    rows = []
    for key in sorted(sums):
        cells = list(texts.get(key) or [None] * width)
        if len(cols.code) == 1:
            cells[cols.code[0]] = "".join(key)
        else:
            for j, part in enumerate(cols.code):
                cells[part] = key[j] if j < len(key) else None
        if cols.name is not None:
            cells[cols.name] = names.get(key)
        rows.append(sums[key].into(cells, kinds))
    if total_cells is not None:
        row = total.into(list(total_cells), kinds)
        rows = [row, *rows] if total_first else [*rows, row]
    return rows


def _texts(cells, columns: set[int]) -> tuple:
    return tuple(tm.plain(c) for i, c in enumerate(cells) if i not in columns)


def _fixed_rows(tables: list, cols: tm.Columns, columns: list[int], kinds: list[str]) -> list[list] | None:
    """A table of fixed rows summed by position, when every unit prints the same row labels; None if
    they do not."""
    summed = set(columns)
    index = {i for i, m in enumerate(cols.meanings) if m == tm.INDEX}
    skeleton = [_texts(r.cells, summed | index) for r in tables[0].grids["rows"].rows]
    if any([_texts(r.cells, summed | index) for r in t.grids["rows"].rows] != skeleton for t in tables[1:]):
        return None
    rows = []
    for i, first in enumerate(tables[0].grids["rows"].rows):
        sums = _Sums()
        for table in tables:
            sums.add(table.grids["rows"].rows[i].cells, columns)
        rows.append(sums.into(_blank_amounts(first.cells, columns), kinds))
    return rows


def _labelled_rows(tables: list, cols: tm.Columns, columns: list[int], kinds: list[str]) -> list[list]:
    """A table of labelled rows (each side of a 收支总表, a 三公 table by rows) whose units print different
    rows: each side summed by its row label, laid out as the first unit's table, with labels it
    lacks added below."""
    width = len(cols.labels)
    starts = list(cols.label_columns)
    sides = [(label, [c for c in columns if label < c < (starts[k + 1] if k + 1 < len(starts) else width)])
             for k, label in enumerate(starts)]
    first = tables[0].grids["rows"].rows
    rows = [_blank_amounts(r.cells, columns) for r in first]
    for label_col, side_columns in sides:
        sums: dict[tuple, _Sums] = {}
        order: list[tuple] = []
        place: dict[tuple, int] = {}
        for t, table in enumerate(tables):
            seen: Counter = Counter()
            for r, row in enumerate(table.grids["rows"].rows):
                label = tm.plain(row.cells[label_col])
                if not label:
                    continue
                key = (label, seen[label])
                seen[label] += 1
                if key not in sums:
                    sums[key] = _Sums()
                    order.append(key)
                    if t == 0:
                        place[key] = r
                    else:
                        rows.append([None] * width)
                        place[key] = len(rows) - 1
                        rows[-1][label_col] = row.cells[label_col]
                sums[key].add(row.cells, side_columns)
        for key in order:
            sums[key].into(rows[place[key]], kinds)
    return rows


def _listed_rows(tables: list, cols: tm.Columns, columns: list[int], kinds: list[str]) -> list[list]:
    """A list (政府采购, 项目支出表): every unit's rows, the 合计 row summed."""
    rows, total, total_cells = [], _Sums(), None
    for table in tables:
        at = tm.total_row(table, cols)
        for r, row in enumerate(table.grids["rows"].rows):
            if r == at:
                total.add(row.cells, columns)
                total_cells = total_cells or _blank_amounts(row.cells, columns)
            elif any(c for c in row.cells):
                rows.append(list(row.cells))
    if total_cells is not None:
        rows.insert(0, total.into(list(total_cells), kinds))
    return rows


def consolidated_table(title: str, unit_tables: list[tuple[Unit, dict]], unit_line: str) -> dict:
    """The department's table ``title`` from the units' (each unit's table in the JSON shape)."""
    first = unit_tables[0][1]
    for unit, table in unit_tables[1:]:
        if list(table.get("columns") or []) != list(first.get("columns") or []):
            raise ConsolidationError(
                f"不能汇总：「{unit.source.name}」的「{title}」栏目与「{unit_tables[0][0].source.name}」不同。"
                "同一模板的公开表栏目应当相同，请检查这个文件的表头后再汇总。")
        if table.get("money_unit") != first.get("money_unit"):
            raise ConsolidationError(f"不能汇总：「{unit.source.name}」的「{title}」金额单位与其他单位不同。")
    tables = [_form(i, title, t) for i, (_, t) in enumerate(unit_tables)]
    cols = tm.columns_of(tables[0])
    columns = _summable(cols, tables[0])
    kinds = [c.kind for c in tables[0].grids["rows"].columns]
    index = next((i for i, m in enumerate(cols.meanings) if m == tm.INDEX), None)
    had_numbers = index is not None and any(r.cells[index] for t in tables for r in t.grids["rows"].rows)
    if cols.code:
        rows = _numbered(_subject_table(tables, cols, columns, kinds), cols, had_numbers)
    else:
        rows = _fixed_rows(tables, cols, columns, kinds)
        if rows is None:
            rows = (_labelled_rows if cols.label_columns else _listed_rows)(tables, cols, columns, kinds)
            rows = _numbered(rows, cols, had_numbers)
    has_data = any(c for row in rows for c in (row[i] for i in columns))
    notes = [t.get("note") for _, t in unit_tables if t.get("note")]
    result = {"unit": unit_line, "columns": list(first.get("columns") or []), "rows": rows,
              "note": notes[0] if notes and not has_data else None}
    if first.get("money_unit"):
        result["money_unit"] = first["money_unit"]
    return result


# --- the other forms ------------------------------------------------------------------------------

def _overall(units: list[Unit]) -> dict:
    items, measures = [], []
    for unit in units:
        overall = unit.data.get("overall") or {}
        if overall.get("summary"):
            items.append({"title": f"（{unit.name}）总体绩效目标", "goal": overall["summary"], "indicators": None})
        for item in overall.get("items") or []:
            items.append({**item, "title": f"（{unit.name}）{item.get('title') or ''}"})
        for measure in overall.get("measures") or []:
            measures.append({**measure, "title": f"（{unit.name}）{measure.get('title') or ''}"})
    return {"summary": None, "items": items, "measures": measures}


def _approval(units: list[Unit], department: str, year: int) -> dict | None:
    approvals = [(u, u.data["approval"]) for u in units if u.data.get("approval")]
    if not approvals:
        return None
    units_of = Counter(a.get("money_unit") or "元" for _, a in approvals)
    if len(units_of) > 1:
        raise ConsolidationError("不能汇总：各单位批复表的金额单位不一致，请先统一后再汇总。")

    def summed(values) -> str | None:
        found = [v for v in (_value(x) for x in values) if v is not None]
        return money.amount_text(sum(found, Decimal(0))) if found else None

    funds = {"total": summed(a.get("funds", {}).get("total") for _, a in approvals)}
    for group in ("basic", "project"):
        funds[group] = {key: summed((a.get("funds", {}).get(group) or {}).get(key) for _, a in approvals)
                        for key, _ in forms.FUND_PARTS}
    tasks = [{"name": f"（{u.name}）{t.get('name') or ''}", "content": t.get("content")}
             for u, a in approvals for t in a.get("tasks") or []]
    return {"year": year, "unit": department, "money_unit": next(iter(units_of)), "funds": funds,
            "overall_goal": None, "tasks": tasks, "indicators": [], "other": None}


def consolidated_data(units: list[Unit], department: str, code: str | None) -> dict:
    """The department's document in the JSON shape (see the module's docstring)."""
    from core.templates import starting_forms

    _refuse_mixed(units)
    meta = units[0].meta
    department = cell_input.clean_text(department or "")
    if not department:
        raise ConsolidationError("请填写汇总后的预算单位名称（--department），如 巨鹿县司法局。")
    code = (code or "").strip() or None
    unit_line = f"{code} {department}" if code else department
    titles: list[str] = []
    for unit in units:
        titles += [t for t in (unit.data.get("budget_tables") or {}) if t not in titles]
    tables = {}
    for title in titles:
        present = [(u, u.data["budget_tables"][title]) for u in units if title in (u.data.get("budget_tables") or {})]
        tables[title] = consolidated_table(title, present, unit_line)
    projects = []
    for unit in units:
        for project in unit.data.get("projects") or []:
            projects.append({**project, "unit": project.get("unit") or unit.unit_line})
    sections = next((p.grids["sections"] for p in starting_forms(meta["year"], meta["template"])
                     if p.kind == forms.EXPLANATION), [])
    has_explanation = any(u.data.get("explanation") for u in units)
    return {
        "department": department, "department_code": code, "year": meta["year"],
        "money_unit": meta["money_unit"], "framework": meta["framework"], "template": meta["template"],
        "overall": _overall(units) if any(u.data.get("overall") for u in units) else None,
        "explanation": [{"title": title, "text": None} for title, _ in sections] if has_explanation else None,
        "projects": projects, "budget_tables": tables,
        "approval": _approval(units, department, meta["year"]), "check_notes": [],
    }


def consolidate(sources, out: Path, department: str, code: str | None, progress=None,
                cancelled=None) -> Consolidation:
    """Read the units' documents ``sources``, write the department's at ``out`` (a new file) and
    validate it. Raises ConsolidationError (nothing written) or what the readers raise."""
    from core.checks.validation import ERROR, INFO, WARNING, validate
    from core.errors import Cancelled
    from core.file.json_format import import_json

    units = read_units(sources, progress, cancelled)
    data = consolidated_data(units, department, code)
    if cancelled is not None and cancelled():
        raise Cancelled()
    result = Consolidation(Path(out), units, len(data["budget_tables"]), len(data["projects"]))
    with import_json(data, Path(out)) as doc:
        findings = validate(doc)
    counts = Counter(f.severity for f in findings)
    result.errors, result.warnings, result.infos = counts[ERROR], counts[WARNING], counts[INFO]
    result.rounding = sum(1 for f in findings if f.severity == INFO and "尾差" in f.message)
    if data["overall"] is not None:
        result.notes.append("部门整体绩效目标的总体绩效目标留空，由部门填写；各单位的目标已按单位列在分项中，可作为起点修改。")
    if data["explanation"] is not None:
        result.notes.append("情况说明的各节留空，请按汇总后的公开表填写（可用 python main.py explain 生成）。")
    if progress:
        progress(1, 1)
    return result
