"""A 项目支出绩效目标表 read as typed values: amounts as Decimal, spending plan points, 指标值 parts.

A read-only view over a project form; it never changes the document (edits do that).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.document import forms

from core.values import money
from core.values.indicator_value import IndicatorValue, parse_indicator_value
from core.document.model import Form


@dataclass(frozen=True)
class PlanPoint:
    """One point of the 资金支出计划: ``percent`` or ``amount`` is set when the text reads as one."""

    text: str | None
    percent: Decimal | None = None
    amount: Decimal | None = None


@dataclass(frozen=True)
class Indicator:
    row: int  # 0-based row in the project's indicator table
    l1: str | None
    l2: str | None
    l3: str | None
    description: str | None
    value: IndicatorValue
    basis: str | None
    last_value: str | None = None  # 上年指标值, where the year was started from last year's document

    @property
    def named(self) -> str:
        """How messages name the row: its 三级指标 (「宣传次数」), or its 二级 while that is blank."""
        if self.l3:
            return f"「{self.l3}」"
        return f"（{self.l2}，三级指标未填写）" if self.l2 else "（三级指标未填写）"


class ProjectTable:
    def __init__(self, form: Form):
        if form.kind != forms.PROJECT:
            raise ValueError(f"not a project form: {form.kind}")
        self.form = form

    @property
    def code(self) -> str | None:
        return self.form.get("code")

    @property
    def name(self) -> str | None:
        return self.form.get("name")

    @property
    def heading(self) -> str:
        """How messages name the project: 项目「法律援助经费」."""
        return f"项目「{self.name or self.code or '未命名'}」"

    @property
    def budget(self) -> Decimal | None:
        return money.read_amount(self.form.get("budget"))

    @property
    def fiscal(self) -> Decimal | None:
        return money.read_amount(self.form.get("fiscal"))

    @property
    def other(self) -> Decimal | None:
        return money.read_amount(self.form.get("other"))

    @property
    def last_budget(self) -> Decimal | None:
        """上年预算数, where the year was started from last year's document."""
        return money.read_amount(self.form.get("last_budget"))

    @property
    def plan(self) -> dict[str, PlanPoint]:
        """``{"3月底": PlanPoint, …}`` in calendar order."""
        return {p: read_plan_point(self.form.get(forms.plan_field_key(p))) for p in forms.PLAN_POINTS}

    @property
    def indicators(self) -> list[Indicator]:
        return [Indicator(i, r["l1"], r["l2"], r["l3"], r["description"],
                          parse_indicator_value(r["value"]), r["basis"], r["last_value"])
                for i, r in enumerate(self.form.grids["indicators"].records())]


NOT_APPLICABLE = ("不涉及", "无", "不适用", "/", "—", "-")


def is_not_applicable(text: str | None) -> bool:
    """An indicator row filled with 不涉及 (the officer's way of keeping a template row empty)."""
    return (text or "").strip(" 。") in NOT_APPLICABLE


def read_plan_point(text: str | None) -> PlanPoint:
    if text is None:
        return PlanPoint(None)
    folded = money.clean_number_text(text)
    if folded.endswith("%"):
        return PlanPoint(text, percent=money.read_amount(folded[:-1]))
    return PlanPoint(text, amount=money.read_amount(text))


def _merge_runs(values: list[str | None]) -> list[tuple[int, int]]:
    """(first, last) row runs of equal, non-blank consecutive values (merged down, as printed)."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or not values[start]:
            if i - 1 > start and values[start]:
                runs.append((start, i - 1))
            start = i
    return runs


def level_runs(grid) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of the 一级 (column 0) and 二级 (column 1) cells an indicator
    table prints merged down; a 二级 run never crosses a change of 一级."""
    levels = [[r.cells[0] for r in grid.rows],
              [f"{r.cells[0]}\x00{r.cells[1]}" if r.cells[1] else None for r in grid.rows]]
    return [(col, first, last) for col, values in enumerate(levels) for first, last in _merge_runs(values)]
