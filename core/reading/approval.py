"""The 部门（单位）整体支出绩效目标批复表 from rows, by its labels, never by positions:

- 预算年度 / 预算（单位）名称 (and 单位：元) from the lines above the table;
- 总体资金情况: the header row with 预算支出总额 / 基本支出 / 项目支出, the row under it with
  合计 / 财政拨款 / 专户资金 / 单位资金, and the first row of amounts below; each amount is taken
  from the column of its label (so a layout with other merges or widths reads the same);
- 整体绩效目标 and 其他说明: the cell after the label;
- 年度主要任务: the rows under 任务名称 / 主要内容, up to the indicator table;
- 年度绩效指标: an indicator table (core.reading.indicator_table) whose header names 指标性质,
  指标值, 度量单位, 权重 (with or without the 绩效 prefix).

What the rows do not hold stays None.
"""

from __future__ import annotations

import re

from core.document import forms
from core.reading.indicator_table import Header, indicator_row, is_indicator_header
from core.reading.rows import BUDGET_YEAR, Row, after, has, squeeze

UNIT_NAME = re.compile(r"预算[（(]?单位[)）]?名称\s*[:：]\s*(.*?)\s*(?:单位\s*[:：]\s*(\S+)\s*)?$")
MONEY_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]")
INDICATOR_COLUMNS = {"一级指标": "l1", "二级指标": "l2", "三级指标": "l3",
                     "指标性质": "nature", "绩效指标性质": "nature", "指标值": "value", "绩效指标值": "value",
                     "度量单位": "unit", "绩效度量单位": "unit", "计量单位": "unit", "权重": "weight",
                     "权重(%)": "weight", "权重（%）": "weight"}
INDICATOR_KEYS = tuple(column.key for column in forms.APPROVAL_INDICATOR_COLUMNS)
TASK_COLUMNS = {"任务名称": "name", "主要内容": "content"}
FUND_KEYS = tuple(key for key, _ in forms.FUND_PARTS)
FUND_LABELS = {label: key for key, label in forms.FUND_PARTS}


def empty() -> dict:
    return {"year": None, "unit": None, "money_unit": None,
            "funds": {"total": None, "basic": dict.fromkeys(FUND_KEYS), "project": dict.fromkeys(FUND_KEYS)},
            "overall_goal": None, "tasks": [], "indicators": [], "other": None}


def approval(rows: list[Row]) -> dict | None:
    """The 批复表 whose title is ``rows[0]``; None if nothing of it follows (a 目录 line)."""
    form = empty()
    tasks: Header | None = None
    indicators: Header | None = None
    for n, row in enumerate(rows[1:], start=1):
        previous = rows[n - 1]
        text = squeeze(row.text)
        if has(row, "其他说明"):
            form["other"] = after(row, "其他说明")
            tasks = indicators = None
            continue
        if is_indicator_header(row):
            indicators, tasks = Header(row, INDICATOR_COLUMNS), None
            continue
        if indicators is not None:
            if row.table is not None:
                indicator_row(form["indicators"], row, indicators.columns(row), previous,
                              INDICATOR_KEYS, required=("l3", "value"))
            continue
        if tasks is not None:
            if row.table is not None and not (len(row.texts) == 1 and text == "年度绩效指标"):
                _task(form["tasks"], row, tasks.columns(row), previous)
            continue
        if has(row, "任务名称") and has(row, "主要内容"):
            tasks = Header(row, TASK_COLUMNS)
            continue
        if has(row, "整体绩效目标"):
            form["overall_goal"] = after(row, "整体绩效目标")
        elif has(row, "预算支出总额"):
            _funds(form, rows, n)
        year = BUDGET_YEAR.search(text)
        if year and form["year"] is None:
            form["year"] = int(year.group(1))
        unit = UNIT_NAME.search(row.text)
        if unit and form["unit"] is None:
            form["unit"] = unit.group(1).strip() or None
            if unit.group(2) in forms.MONEY_UNITS:
                form["money_unit"] = unit.group(2)
    found = form["indicators"] or form["tasks"] or form["overall_goal"] or form["funds"]["total"]
    return form if found else None


def _task(records: list[dict], row: Row, columns: dict[str, int], previous: Row) -> None:
    name, content = ((row.cells[j] or "").strip() if j is not None and j < len(row.cells) else ""
                     for j in (columns.get("name"), columns.get("content")))
    if records and previous.table != row.table and not name and content:
        records[-1]["content"] = (records[-1]["content"] or "") + content  # cut by the page break
    elif name or content:
        records.append({"name": name or None, "content": content or None})


def _funds(form: dict, rows: list[Row], n: int) -> None:
    """总体资金情况 from its header row ``rows[n]``, the 合计/财政拨款/… row and the amounts below."""
    head = rows[n]
    money = MONEY_UNIT.search(head.text)
    if money and form["money_unit"] is None:
        form["money_unit"] = money.group(1)
    groups = sorted((j, group) for j, cell in enumerate(head.cells) if cell is not None
                    for label, group in (("基本支出", "basic"), ("项目支出", "project")) if squeeze(cell) == label)
    total = next(j for j, cell in enumerate(head.cells) if cell is not None and squeeze(cell) == "预算支出总额")
    at = next((k for k in range(n + 1, min(n + 3, len(rows)))
               if any(squeeze(c) in FUND_LABELS for c in rows[k].cells if c)), None)
    if at is None:
        return
    parts = rows[at]
    amounts = next((row for row in rows[at + 1:at + 3] if any(c and re.search(r"\d", c) for c in row.cells)), None)
    if amounts is None:
        return

    def amount(j: int) -> str | None:
        return (amounts.cells[j] or "").strip() or None if j < len(amounts.cells) else None

    form["funds"]["total"] = amount(total)
    for j, cell in enumerate(parts.cells):
        key = FUND_LABELS.get(squeeze(cell))
        group = next((g for k, g in reversed(groups) if k <= j), None)
        if key and group and form["funds"][group][key] is None:
            form["funds"][group][key] = amount(j)
