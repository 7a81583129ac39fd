"""The 部门预算公开表: their printed titles, and the kind of each column.

A table's columns are its printed headers (multi-level headers joined by ``/``), stored with the
table because other provinces print other columns. What a column holds follows from its header.
"""

from __future__ import annotations

import json

from core import cell_input as kinds
from core.forms import Field

# Titles without the leading 部门预算, in the order of seed 001's 目录.
STANDARD_TITLES = (
    "收支总表",
    "收入总表",
    "支出总表",
    "财政拨款收支总表",
    "一般公共预算财政拨款支出表",
    "一般公共预算财政拨款基本支出表",
    "政府性基金预算财政拨款支出表",
    "国有资本经营预算财政拨款支出表",
    "财政拨款三公经费支出表",
    "政府采购预算表",
    "固定资产占用情况表",
)

_TEXT_HEADERS = {"序号", "科目名称", "项目", "项目名称", "采购物品名称", "计量单位", "单位名称"}
_CODE_HEADERS = {"科目编码", "政府采购目录序号"}
_NUMBER_HEADERS = {"数量"}


def column_kind(header: str) -> str:
    """The input kind of a column from its printed header (``本年收入/小计`` → amount)."""
    last = header.rsplit("/", 1)[-1].replace(" ", "")
    if last in _TEXT_HEADERS:
        return kinds.TEXT
    if last in _CODE_HEADERS:
        return kinds.CODE
    if last in _NUMBER_HEADERS:
        return kinds.NUMBER
    return kinds.AMOUNT


def columns_from_field(stored: str | None) -> tuple[Field, ...]:
    """The grid columns of a table whose ``columns`` field holds ``stored`` (a JSON list)."""
    headers = json.loads(stored) if stored else []
    return tuple(Field(f"c{i}", header, column_kind(header)) for i, header in enumerate(headers))


def columns_field(headers: list[str]) -> str:
    return json.dumps(list(headers), ensure_ascii=False)


def amount_in_row(table, row_label: str, column: str):
    """The amount in ``column`` of the row labelled ``row_label`` (合计, 三、公务接待费, …) in one of
    the first three cells; blank counts as 0. None if the table has no such row or column."""
    from decimal import Decimal

    from core import money

    if table is None:
        return None
    grid = table.grids["rows"]
    labels = [c.label for c in grid.columns]
    if column not in labels:
        return None
    for row in grid.rows:
        if any((cell or "").replace(" ", "") == row_label for cell in row.cells[:3]):
            return money.read_amount(row.cells[labels.index(column)]) or Decimal(0)
    return None
