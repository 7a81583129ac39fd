"""Each project this year beside last year's: its 预算数 and each indicator's 指标值.

A project is matched by its 项目编码, else by its name, else by its name as 年份顺延 moved it
(``提前下达2023年…`` last year is ``提前下达2024年…`` now); each last-year project matches once. An
indicator is matched by its 三级指标 (an indicator named twice: by occurrence).

Invariants: amounts are in this document's money unit (last year's converted exactly); an
indicator's figure is given only where both 指标值 are numbers in the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.compare.figures import Figure
from core.document import table_meaning as tm
from core.values import money
from core.values.indicator_value import parse_indicator_value


@dataclass(frozen=True)
class ComparedIndicator:
    row: int | None          # this year's 0-based row; None: last year's only
    l1: str | None
    l2: str | None
    l3: str | None
    this: str | None         # 指标值 as written
    last: str | None         # 上年指标值 as written (None: none, or no such indicator last year)
    figure: Figure | None    # the values' numbers, where both are numbers in the same unit
    has_last: bool           # last year had this indicator

    @property
    def changed(self) -> bool:
        return self.has_last and tm.plain(self.this) != tm.plain(self.last)


@dataclass(frozen=True)
class ProjectComparison:
    form_id: int
    code: str | None
    name: str
    unit: str                # the money unit of ``budget``
    budget: Figure           # 预算数 beside 上年预算数
    indicators: tuple[ComparedIndicator, ...]
    matched_by: str | None   # "code", "name" or "moved name"; None: no project of last year matched

    @property
    def shown_label(self) -> str:
        return f"{self.code} {self.name}".strip() if self.code else self.name


def compare_projects(doc, last) -> list[ProjectComparison]:
    """Every project of ``doc`` in order, beside its project in ``last`` (or None)."""
    unit = doc.money_unit or "万元"
    last_unit = (last.money_unit or unit) if last is not None else unit
    candidates = list(last.projects) if last is not None else []
    used: set[int] = set()
    found = []
    for project in doc.projects:
        match, how = _match(project, candidates, used, last.year if last is not None else None)
        if match is not None:
            used.add(match.id)
        found.append(_compared(project, match, how, unit, last_unit))
    return found


def _match(project, candidates, used, last_year):
    from core.reading.years import moved_text

    code = tm.plain(project.get("code"))
    name = tm.plain(project.get("name"))
    free = [p for p in candidates if p.id not in used]
    if code:
        same = [p for p in free if tm.plain(p.get("code")) == code]
        if same:
            return same[0], "code"
    if name:
        same = [p for p in free if tm.plain(p.get("name")) == name]
        if same:
            return same[0], "name"
        if last_year:
            same = [p for p in free if p.get("name") and tm.plain(moved_text(p.get("name"), last_year)) == name]
            if same:
                return same[0], "moved name"
    return None, None


def _compared(project, last, how, unit, last_unit) -> ProjectComparison:
    budget = money.read_amount(project.get("budget"))
    if last is None:
        previous = None
    else:
        value = money.read_amount(last.get("budget"))
        previous = None if value is None else tm.convert(value, last_unit, unit)
    indicators = _indicators(project.grids["indicators"].records(),
                             last.grids["indicators"].records() if last is not None else None)
    return ProjectComparison(project.id, project.get("code"), project.get("name") or "（未命名项目）", unit,
                             Figure(budget, previous), tuple(indicators), how)


def _keys(records) -> list[tuple | None]:
    """Each record's key: its 三级指标 without spaces and its occurrence; None without a name."""
    seen: dict[str, int] = {}
    out = []
    for record in records:
        name = tm.plain(record.get("l3"))
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append((name, n) if name else None)
    return out


def _indicators(records, last_records) -> list[ComparedIndicator]:
    last_records = last_records or []
    last_by_key = {k: r for k, r in zip(_keys(last_records), last_records) if k is not None}
    this_keys = set()
    found = []
    for i, (key, record) in enumerate(zip(_keys(records), records)):
        this_keys.add(key)
        previous = last_by_key.get(key) if key is not None else None
        last_text = previous.get("value") if previous is not None else None
        found.append(ComparedIndicator(i, record.get("l1"), record.get("l2"), record.get("l3"), record.get("value"),
                                       last_text, _figure(record.get("value"), last_text), previous is not None))
    for key, record in zip(_keys(last_records), last_records):
        if key is not None and key not in this_keys:
            found.append(ComparedIndicator(None, record.get("l1"), record.get("l2"), record.get("l3"), None,
                                           record.get("value"), None, True))
    return found


def _figure(this: str | None, last: str | None) -> Figure | None:
    a, b = parse_indicator_value(this), parse_indicator_value(last)
    if a.number is None or b.number is None or a.normalized_unit != b.normalized_unit:
        return None
    return Figure(Decimal(a.number), Decimal(b.number))
