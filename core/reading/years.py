"""Starting the next year from last year's document: the year moves on by one, and (年份顺延) a year
written in a project's name or 绩效目标 that is last year's (or the year before) moves on with it:
``提前下达2022年…`` → ``提前下达2023年…``.

A year inside a document number (文号) never moves: a 文号 names a document issued in the past.
It is recognized by its shape — an issuing body's abbreviation, the year (``〔2023〕``, ``[2023]``,
``(2023)``, ``2023年``), the number, ``号``: ``冀财政法2022年55号``, ``财预〔2021〕101号``,
``XX发〔2022〕3号``, ``〔2023〕12号``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection
from typing import NamedTuple

YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d\d)(\s*年)")
DOCUMENT_NUMBER = re.compile(
    r"(?:[〔\[［(（【]\s*20\d\d\s*年?\s*[〕\]］)）】]|20\d\d\s*年)\s*第?\s*[0-9０-９一二三四五六七八九十百零〇]+\s*号")
MOVED_FIELDS = (("name", "名称"), ("goal", "绩效目标"))


class YearMove(NamedTuple):
    """One text the year-moving changes: ``key`` is ``("projects", i, field)`` (``i`` the project's
    place in the data read, as in ``dropped``), ``place`` says which text it is, in Chinese."""

    key: tuple
    place: str
    old: str
    new: str


def moved_text(text: str, year: int) -> str:
    """``text`` with each ``<year>年`` of ``year`` or ``year - 1`` moved on by one, except inside a 文号."""
    numbers = [m.span() for m in DOCUMENT_NUMBER.finditer(text)]

    def move(m: re.Match) -> str:
        if int(m.group(1)) not in (year - 1, year) or any(a <= m.start() < b for a, b in numbers):
            return m.group(0)
        return f"{int(m.group(1)) + 1}{m.group(2)}"

    return YEAR_IN_TEXT.sub(move, text)


def year_moves(data: dict) -> list[YearMove]:
    """Every text that 年份顺延 changes when ``data`` (of year ``data["year"]``) starts the next year,
    in project order."""
    year = int(data["year"])
    moves = []
    for i, project in enumerate(data.get("projects") or []):
        for field, label in MOVED_FIELDS:
            old = project.get(field)
            new = moved_text(old, year) if old else old
            if new != old:
                place = "项目名称" if field == "name" else f"「{project.get('name') or '（无名称）'}」的{label}"
                moves.append(YearMove(("projects", i, field), place, old, new))
    return moves


def next_year(data: dict, move_years: bool = True,
              unmoved: Collection[tuple] = ()) -> tuple[dict, list[YearMove]]:
    """The next year's document started from ``data``: year + 1; forms, projects, texts, indicators
    and amounts carried over as the starting point, each project's budget and 指标值 also kept as
    上年数 (``last_budget``, ``last_value``), each 公开表 its columns, rows and money unit (``last_year``,
    see docs/json-format.md); with ``move_years`` every :func:`year_moves` text
    whose key is not in ``unmoved`` is changed. Returns the new data and the moves made."""
    moves = [m for m in year_moves(data) if m.key not in unmoved] if move_years else []
    data = copy.deepcopy(data)
    year = int(data["year"])
    data["year"] = year + 1
    data["check_notes"] = []  # last year's explanations answered last year's findings
    approval = data.get("approval")
    if approval and str(approval.get("year")) == str(year):
        approval["year"] = year + 1  # its 预算年度 line
    projects = data.get("projects") or []
    for table in (data.get("budget_tables") or {}).values():  # each 公开表 keeps last year's as 上年数
        table["last_year"] = {"columns": list(table.get("columns") or []),
                              "rows": copy.deepcopy(table.get("rows") or []),
                              "money_unit": table.get("money_unit") or data.get("money_unit")}
    for project in projects:
        project["last_budget"] = project.get("budget")
        for indicator in project.get("indicators") or []:
            indicator["last_value"] = indicator.get("value")
    for move in moves:
        _, i, field = move.key
        projects[i][field] = move.new
    return data, moves
