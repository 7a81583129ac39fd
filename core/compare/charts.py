"""The charts' data: the 资金支出计划 curves of the projects and the department's, and the
composition of 支出 by 类 this year beside last year. Drawn twice, by ui/charts.py (the window)
and core/printing/chart_pages.py (a page of the PDF), from the same objects.

Invariants: a curve's points are cumulative % of the project's 预算数 at 3/6/10/12月底 (a plan
written as amounts, as seed 000 writes it, is divided by the 预算数; a point left blank or
unreadable is None); the department's curve weights each project's % by its 预算数 over the
projects whose point is known. Shares are exact Decimal; last year's amounts are converted to
this year's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.document import forms
from core.document import table_meaning as tm
from core.document.project_table import ProjectTable

MONTHS = tuple(int(p.removesuffix("月底")) for p in forms.PLAN_POINTS)  # 3, 6, 10, 12
PLACES = Decimal("0.1")


@dataclass(frozen=True)
class PlanCurve:
    name: str
    budget: Decimal | None
    percents: tuple[Decimal | None, ...]   # one per MONTHS point

    @property
    def known(self) -> bool:
        return any(p is not None for p in self.percents)


@dataclass(frozen=True)
class PlanChart:
    projects: tuple[PlanCurve, ...]        # largest 预算数 first
    department: PlanCurve                  # budget-weighted
    year: int | None
    unit: str = "万元"                      # the money unit of the 预算数


def _percent(point, budget: Decimal | None) -> Decimal | None:
    if point.percent is not None:
        return point.percent
    if point.amount is not None and budget:
        return (point.amount * 100 / budget).quantize(PLACES, ROUND_HALF_UP)
    return None


def plan_chart(doc) -> PlanChart:
    """Every project's spending plan as cumulative %, and the department's weighted by 预算数."""
    curves = []
    for form in doc.projects:
        project = ProjectTable(form)
        budget = project.budget
        percents = tuple(_percent(point, budget) for point in project.plan.values())
        curves.append(PlanCurve(project.name or project.code or "（未命名项目）", budget, percents))
    weighted = []
    for i in range(len(MONTHS)):
        pairs = [(c.budget, c.percents[i]) for c in curves if c.budget and c.percents[i] is not None]
        total = sum((b for b, _ in pairs), Decimal(0))
        weighted.append((sum((b * p for b, p in pairs), Decimal(0)) / total).quantize(PLACES, ROUND_HALF_UP)
                        if total else None)
    total_budget = sum((c.budget for c in curves if c.budget), Decimal(0))
    ordered = sorted(curves, key=lambda c: c.budget or Decimal(0), reverse=True)
    return PlanChart(tuple(ordered), PlanCurve("部门（按预算数加权）", total_budget or None, tuple(weighted)), doc.year,
                     doc.money_unit or "万元")


@dataclass(frozen=True)
class ClassShare:
    code: str
    name: str
    this: Decimal          # 0 where the 类 is not there this year
    last: Decimal | None   # None: no last year's 支出总表

    def share(self, total: Decimal, last: bool = False) -> Decimal | None:
        """This 类's part of ``total`` in % (one decimal)."""
        value = self.last if last else self.this
        if value is None or not total:
            return None
        return (value * 100 / total).quantize(PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class SpendingChart:
    classes: tuple[ClassShare, ...]   # by 科目编码
    this_total: Decimal
    last_total: Decimal | None
    unit: str
    year: int | None
    last_year: int | None
    table_title: str | None           # the 支出总表 read (None: the document has none)


def _by_class(table) -> dict[str, tuple[str, Decimal]]:
    """{类 code: (name, amount in its 合计 column)} of a 支出总表."""
    cols = tm.columns_of(table)
    col = cols.find(tm.TOTAL)
    if col is None:
        return {}
    found = {}
    for row in tm.subject_rows(table, cols):
        if len(row.key) == 1:
            name = (row.cells[cols.name] or "").strip() if cols.name is not None else ""
            found[row.code] = (name, tm.amount(row.cells, col))
    return found


def spending_chart(doc, last=None) -> SpendingChart:
    """支出 by 类 from the 支出总表 (its 合计 column), this year and last year's (``last``, a
    LastYearDocument; None: what ``doc`` keeps of last year, if anything)."""
    if last is None:
        from core.document.last_year import last_year

        last = last_year(doc)
    table = tm.table_of_role(doc, tm.SPENDING)
    unit = doc.money_unit_of(table) if table is not None else (doc.money_unit or "万元")
    this = _by_class(table) if table is not None else {}
    last_table = tm.table_of_role(last, tm.SPENDING) if last is not None else None
    previous = None
    if last_table is not None:
        last_unit = last.money_unit_of(last_table)
        previous = {code: (name, tm.convert(value, last_unit, unit)) for code, (name, value) in _by_class(last_table).items()}
    classes = []
    for code in sorted(set(this) | set(previous or {})):
        name = (this.get(code) or previous.get(code))[0]
        value = this[code][1] if code in this else Decimal(0)
        before = None if previous is None else previous[code][1] if code in previous else Decimal(0)
        if value or before:
            classes.append(ClassShare(code, name, value, before))
    this_total = sum((c.this for c in classes), Decimal(0))
    last_total = None if previous is None else sum((c.last for c in classes), Decimal(0))
    return SpendingChart(tuple(classes), this_total, last_total, unit, doc.year,
                         last.year if last is not None else None, table.get("title") if table is not None else None)


# --- what both drawings share: colours, the highlighted projects, the percent axis ---------------

DEPARTMENT_COLOR = "#b2182b"   # the bold curve
OTHER_COLOR = "#c8c8c8"        # projects beyond the highlighted ones
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f", "#aec7e8", "#98df8a", "#ffbb78")
HIGHLIGHTED = 8                # projects drawn in colour and named in the legend (largest 预算数)


def highlighted(chart: PlanChart) -> list[tuple[PlanCurve, str]]:
    """(curve, colour) of each project drawn: the HIGHLIGHTED largest in colour, the rest grey
    (drawn first, under them); projects with no point known are left out."""
    known = [c for c in chart.projects if c.known]
    return ([(c, OTHER_COLOR) for c in known[HIGHLIGHTED:]]
            + [(c, PALETTE[i % len(PALETTE)]) for i, c in enumerate(known[:HIGHLIGHTED])])


def others(chart: PlanChart) -> int:
    """How many drawn projects are grey (the legend counts them)."""
    return max(len([c for c in chart.projects if c.known]) - HIGHLIGHTED, 0)


def percent_axis(chart: PlanChart) -> int:
    """The top of the % axis: 100, or a plan written above 100% rounded up to 20 (at most 200)."""
    top = max((p for c in (*chart.projects, chart.department) for p in c.percents if p is not None),
              default=Decimal(100))
    return int(min(max(100, -(-int(top) // 20) * 20), 200))


def curve_points(curve: PlanCurve, top: int) -> list[list[tuple[int, Decimal]]]:
    """The runs of (month, %) to draw, from (0, 0) at the start of the year; a blank point breaks
    the line; a % beyond the axis is drawn at its top."""
    runs, run = [], [(0, Decimal(0))]
    for month, percent in zip(MONTHS, curve.percents):
        if percent is None:
            if len(run) > 1:
                runs.append(run)
            run = []
            continue
        run.append((month, min(max(percent, Decimal(0)), Decimal(top))))
    if len(run) > 1 or (run and run[0][0] != 0):
        runs.append(run)
    return runs


def class_colors(chart: SpendingChart) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(len(chart.classes))]
