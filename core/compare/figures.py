"""One amount this year beside last year: the change and the change in percent, exact.

Invariants: amounts are Decimal in one money unit (the caller converts last year's first); the
change is exact; the percent is the change over last year's amount, rounded half-up to one
decimal; where last year's amount is unknown there is no change (:data:`NO_LAST_YEAR`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NO_LAST_YEAR = "暂无上年数"
NEW = "新增"           # last year 0, this year not
UNCHANGED_ZERO = "—"   # 0 both years: no percent to give
PERCENT_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    """``this`` and ``last``: the amounts of the two years. None for ``last``: unknown (no table,
    row or column of last year to read it from); None for ``this``: the row is not there this year
    (it counts as 0 in the change)."""

    this: Decimal | None
    last: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """This year minus last year; None if last year is unknown."""
        if self.last is None:
            return None
        return (self.this or Decimal(0)) - self.last

    @property
    def percent(self) -> Decimal | None:
        """The change in % of last year (one decimal, half-up); None if last year is unknown or 0."""
        change = self.change
        if change is None or self.last == 0:
            return None
        return (change * 100 / self.last).quantize(PERCENT_PLACES, ROUND_HALF_UP)

    @property
    def percent_text(self) -> str:
        """``12.3%``, ``-4.0%``; 暂无上年数 where last year is unknown; 新增 from 0; — for 0 to 0."""
        if self.last is None:
            return NO_LAST_YEAR
        if self.last == 0:
            return NEW if self.this else UNCHANGED_ZERO
        return f"{self.percent}%"

    @property
    def size(self) -> Decimal:
        """How large the change is, for ordering by largest change: |change|, -1 when unknown."""
        change = self.change
        return Decimal(-1) if change is None else abs(change)

    def changed_over(self, percent: Decimal) -> bool:
        """Whether it changed by more than ``percent`` % either way (from 0 to anything counts as
        more; an unknown last year never does)."""
        if self.last is None:
            return False
        if self.last == 0:
            return bool(self.this)
        return abs(self.percent) > percent

    @property
    def is_empty(self) -> bool:
        """Nothing in either year (blank or 0)."""
        return not self.this and not self.last


def largest_first(items, figure=lambda item: item):
    """``items`` ordered by the size of their change, largest first (unknown ones last; ties keep
    their order). ``figure(item)`` gives an item's Figure."""
    return sorted(items, key=lambda item: figure(item).size, reverse=True)


def changed_over(items, percent, figure=lambda item: item) -> list:
    """The ``items`` whose figure changed by more than ``percent`` % (see :meth:`Figure.changed_over`)."""
    limit = Decimal(str(percent))
    return [item for item in items if figure(item).changed_over(limit)]
