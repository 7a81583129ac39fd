"""The 部门预算公开表: their printed titles, and the kind of each column.

A table's columns are its printed headers (multi-level headers joined by ``/``), stored with the
table because other provinces print other columns. What a column holds follows from its header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from core.values import cell_input as kinds
from core.document.forms import Field

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
    """The input kind of a column from its printed header (``本年收入/小计`` → amount): a name or a
    label column (``…科目名称``, ``项目``) is text, a code (``科目编码``, ``功能分类科目编码/类``) a code."""
    path = header.replace(" ", "").split("/")
    last = path[-1]
    if last in _TEXT_HEADERS or last.endswith("名称"):
        return kinds.TEXT
    if last in _CODE_HEADERS or last.endswith("编码") or (len(path) > 1 and last in ("类", "款", "项")
                                                         and path[-2].endswith("编码")):
        return kinds.SUBJECT_CODE
    if last in _NUMBER_HEADERS:
        return kinds.NUMBER
    return kinds.AMOUNT


def columns_from_field(stored: str | None) -> tuple[Field, ...]:
    """The grid columns of a table whose ``columns`` field holds ``stored`` (a JSON list)."""
    headers = json.loads(stored) if stored else []
    return tuple(Field(f"c{i}", header, column_kind(header)) for i, header in enumerate(headers))


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a printed multi-level header: ``本年收入`` over three columns, ``合计`` down two rows."""

    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1


def header_layout(labels: list[str]) -> tuple[int, list[HeaderCell]]:
    """The header rows of a table whose column labels are ``本年收入/小计``-style paths: the number
    of header rows, and its cells (a group across the run of columns sharing it; a leaf down to the
    last header row)."""
    parts = [label.split("/") for label in labels]
    levels = max((len(p) for p in parts), default=1)
    cells = []
    for col, path in enumerate(parts):
        for level in range(len(path) - 1):
            if col > 0 and parts[col - 1][:level + 1] == path[:level + 1]:
                continue  # drawn from the first column of its run
            span = 1
            while col + span < len(parts) and parts[col + span][:level + 1] == path[:level + 1]:
                span += 1
            cells.append(HeaderCell(path[level], level, col, 1, span))
        cells.append(HeaderCell(path[-1], len(path) - 1, col, levels - len(path) + 1, 1))
    return levels, cells


def column_number(labels: list[str], col: int) -> str:
    """The 栏次 of a column as printed under the header: 栏次 over 序号, then 1, 2, …"""
    first = 1 if labels and labels[0] == "序号" else 0
    return "栏次" if col < first else str(col - first + 1)


def columns_field(headers: list[str]) -> str:
    return json.dumps(list(headers), ensure_ascii=False)


def total_label_span(columns, cells) -> int:
    """How many columns a row's first cell prints across: a 合计/总计 label in the first column,
    followed by blank code and name columns, is merged over them (上海's 合计 row over 类/款/项/名称);
    otherwise 1."""
    if not cells or (cells[0] or "").replace(" ", "") not in kinds.TOTAL_LABELS:
        return 1
    span = 1
    while span < len(cells) and cells[span] is None and columns[span].kind in (kinds.TEXT, *kinds.CODES):
        span += 1
    return span
