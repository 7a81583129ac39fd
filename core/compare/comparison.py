"""The whole comparison of a document with last year's: each 公开表 (a 收支总表 as its two sides)
and each project, in document order; what the view, the workbook and the tests read."""

from __future__ import annotations

from dataclasses import dataclass

from core.compare.projects import ProjectComparison, compare_projects
from core.compare.tables import TableComparison, compare_table


@dataclass(frozen=True)
class Comparison:
    department: str | None
    year: int | None
    last_year: int | None      # None: no last year to compare with (every figure 暂无上年数)
    source: str                # where last year's figures come from, in Chinese ("" without them)
    tables: tuple[TableComparison, ...]
    projects: tuple[ProjectComparison, ...]

    @property
    def last_label(self) -> str:
        """How headings name last year: ``2023年`` (or 上年)."""
        return f"{self.last_year}年" if self.last_year else "上年"

    @property
    def this_label(self) -> str:
        return f"{self.year}年" if self.year else "本年"

    def table(self, title: str) -> TableComparison | None:
        return next((t for t in self.tables if t.title == title), None)


def comparison(doc, last=None) -> Comparison:
    """``doc`` beside ``last`` (a LastYearDocument; None: what ``doc`` itself keeps of last year,
    see core.document.last_year.last_year — or nothing)."""
    if last is None:
        from core.document.last_year import last_year

        last = last_year(doc)
    tables = tuple(c for table in doc.budget_tables for c in compare_table(doc, table, last))
    return Comparison(doc.department, doc.year, last.year if last is not None else None,
                      last.source if last is not None else "", tables, tuple(compare_projects(doc, last)))
