"""Where a generated figure comes from, and whether that is still what the tables hold.

A figure of the 情况说明 is named by a key (``income_total``, ``sangong_total``, ``procurement_goods`` …,
see :data:`FIGURES`) that says what it is by meaning — E-QUOTED's targets (core/checks/rules/
explanation_figures.py): a table by role, a column by meaning —, so every template's tables give
it alike. Looking one up gives its value (in the table's unit) and its :class:`Source` cells.

A Source remembers a cell by the table's title, the row's key (its 科目编码 or label, found again
after rows are inserted above it; the row index where the row has no label) and the column's
header, with the amount it held; :func:`current` reads what that place holds now. A figure is
stale when one of its sources no longer holds the recorded amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.checks.rules import explanation_figures as ef
from core.checks.rules import text_figures as tf
from core.document import table_meaning as tm
from core.values import money

CELL, COLUMN_SUM, PROCUREMENT, PROJECTS = "cell", "column_sum", "procurement", "projects"

FIGURES: dict[str, tuple] = {
    "income_total": ("table", tm.INCOME, (tm.TOTAL,)),
    "income_general": ("table", tm.INCOME, (tm.GENERAL_MONEY, tm.FISCAL)),
    "income_fiscal": ("table", tm.INCOME, (tm.FISCAL, tm.GENERAL_MONEY)),
    "income_fund": ("income_part", (tm.FUND_MONEY,), "基金"),
    "income_capital": ("income_part", (tm.CAPITAL_MONEY,), "国有资本经营"),
    "income_special": ("income_part", (), "财政专户"),
    "income_own": ("income_part", (), "单位资金"),
    "income_business": ("table", tm.INCOME, (tm.BUSINESS_INCOME,)),
    "income_operating": ("table", tm.INCOME, (tm.OPERATING_INCOME,)),
    "income_other": ("table", tm.INCOME, (tm.OTHER_INCOME,)),
    "income_carried": ("table", tm.INCOME, (tm.CARRIED,)),
    "spending_total": ("table", tm.SPENDING, (tm.TOTAL,)),
    "spending_basic": ("table", tm.SPENDING, (tm.BASIC,)),
    "spending_project": ("table", tm.SPENDING, (tm.PROJECT,)),
    "personnel": ("table", tm.GENERAL_BASIC, (tm.PERSONNEL,)),
    "public": ("table", tm.GENERAL_BASIC, (tm.PUBLIC,)),
    "operation": ("operation",),
    "sangong_total": ("sangong", tm.SANGONG_TOTAL),
    "abroad": ("sangong", tm.ABROAD),
    "car": ("sangong", tm.CAR),
    "car_purchase": ("sangong", tm.CAR_PURCHASE),
    "car_running": ("sangong", tm.CAR_RUNNING),
    "reception": ("sangong", tm.RECEPTION),
    "general_spending": ("table", tm.GENERAL, (tm.TOTAL,)),
    "fund_spending": ("table", tm.FUND, (tm.TOTAL,)),
    "capital_spending": ("table", tm.CAPITAL, (tm.TOTAL,)),
    "fiscal_spending": ("fiscal_spending",),
    "procurement": ("procurement", None),
    "procurement_goods": ("procurement", "A"),
    "procurement_works": ("procurement", "B"),
    "procurement_services": ("procurement", "C"),
    "assets_total": ("assets",),
    "performance_count": ("projects", "count"),
    "performance_money": ("projects", "money"),
}
"""Every figure key a template's phrasing may name, and what it is of."""

LABELS = {
    "income_total": "收入总表的合计", "income_general": "一般公共预算收入", "income_fiscal": "财政拨款收入",
    "income_fund": "政府性基金收入", "income_capital": "国有资本经营收入", "income_special": "财政专户收入",
    "income_own": "单位资金收入", "income_business": "事业收入", "income_operating": "事业单位经营收入",
    "income_other": "其他收入", "income_carried": "上年结转", "spending_total": "支出总表的合计",
    "spending_basic": "基本支出", "spending_project": "项目支出", "personnel": "人员经费", "public": "公用经费",
    "operation": "机关运行经费", "sangong_total": "“三公”经费合计", "abroad": "因公出国（境）费",
    "car": "公务用车购置及运行费", "car_purchase": "公务用车购置费", "car_running": "公务用车运行费",
    "reception": "公务接待费", "general_spending": "一般公共预算拨款支出", "fund_spending": "政府性基金拨款支出",
    "capital_spending": "国有资本经营预算拨款支出", "fiscal_spending": "财政拨款支出", "procurement": "政府采购预算表",
    "procurement_goods": "政府采购货物预算", "procurement_works": "政府采购工程预算",
    "procurement_services": "政府采购服务预算", "assets_total": "固定资产占用情况表的资产总额",
    "performance_count": "编报绩效目标的项目（项目支出绩效目标表）", "performance_money": "编报绩效目标的项目资金",
    "project_use": "项目支出的主要内容", "operation_use": "机关运行经费的主要用途",
    "assets_purchase": "本年度拟购置固定资产总额", "operation_units": "机关运行经费的单位范围",
    "performance_units": "开展绩效目标编报的单位",
}
"""How messages and the window name each figure (and each place for the officer's words)."""


@dataclass(frozen=True)
class Source:
    """One place a figure is read from, with the amount it held (as stored text)."""

    kind: str                 # CELL, COLUMN_SUM (an empty table's column), PROCUREMENT, PROJECTS
    table: str | None         # the 公开表's stored title (None for the projects)
    row: int | None = None    # 0-based row (CELL)
    row_key: str | None = None  # the row's 科目编码 or label, found again first
    column: str | None = None   # the column's header path; for PROCUREMENT the 品目 letter or None
    value: str | None = None    # what it held

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict) -> "Source":
        return cls(**{k: data.get(k) for k in ("kind", "table", "row", "row_key", "column", "value")})

    @property
    def named(self) -> str:
        """How a message names the place: ``收入总表「合计」``, ``政府采购预算表``, ``项目表``."""
        if self.kind == PROJECTS:
            return "项目支出绩效目标表"
        what = (self.column or "").rsplit("/", 1)[-1] if self.kind != PROCUREMENT else ""
        row = self.row_key if self.row_key and self.row_key not in ("合计", "总计") else ""
        inner = " ".join(x for x in (row, what) if x)
        return f"{self.table}「{inner}」" if inner else f"{self.table}"


@dataclass(frozen=True)
class Figure:
    """A figure of the tables: its value in ``unit`` and the places it was read from."""

    value: Decimal
    unit: str
    sources: tuple[Source, ...]


def _row_key(table, row: int, col: int) -> str | None:
    """A row's identity: its 科目编码 (joined), else the nearest label left of ``col``."""
    cols = tm.columns_of(table)
    cells = table.grids["rows"].rows[row].cells
    code = "".join(tm.plain(cells[c]) for c in cols.code)
    if code.isdigit():
        return code
    labels = [c for c, m in enumerate(cols.meanings) if m in (tm.NAME, tm.LABEL, tm.CODE, tm.CODE_PART) and c < col]
    for c in reversed(labels):
        if tm.plain(cells[c]):
            return tm.plain(cells[c])
    return None


def cell_source(doc, table, row: int, col: int) -> Source:
    cells = table.grids["rows"].rows[row].cells
    return Source(CELL, table.get("title"), row, _row_key(table, row, col), tm.columns_of(table).labels[col],
                  money.amount_text(tm.amount(cells, col)))


def _of_figure(doc, found: "ef._Figure | None") -> Figure | None:
    if found is None:
        return None
    return Figure(found.value, found.unit, tuple(cell_source(doc, t, r, c) for t, r, c in found.cells))


def _empty_table(doc, target) -> Figure | None:
    """A table of the role whose column of the meaning holds nothing (an empty 政府性基金 table,
    printed ``空表列示``): 0, remembered as the column's sum."""
    if target[0] != "table":
        return None
    table = tm.table_of_role(doc, target[1])
    if table is None:
        return None
    cols = tm.columns_of(table)
    col = cols.find(*target[2])
    if col is None or _column_sum(table, col) != 0:
        return None
    return Figure(Decimal(0), doc.money_unit_of(table),
                  (Source(COLUMN_SUM, table.get("title"), column=cols.labels[col], value="0.00"),))


def _column_sum(table, col: int) -> Decimal:
    return sum((tm.amount(r.cells, col) for r in table.grids["rows"].rows), Decimal(0))


def _procurement(doc, letter: str | None) -> Figure | None:
    """The 政府采购预算表's 合计 (its 合计 row, else its items added up), or its items of one 品目
    letter (A 货物, B 工程, C 服务; all 0 in a table without items)."""
    split = tf._procurement_split(doc)
    if split is None:
        return None
    table, unit, total_at, everything, sums, n_rows = split
    if letter is None and total_at is not None:
        return _of_figure(doc, ef.procurement_total(doc))
    if letter is None:
        value = everything
    elif sums is not None:
        value = sums[letter]
    elif everything == 0:
        value = Decimal(0)
    else:
        return None  # items without 品目 codes: the parts cannot be told apart
    return Figure(value, unit, (Source(PROCUREMENT, table.get("title"), column=letter,
                                       value=money.amount_text(value)),))


def _assets(doc) -> Figure | None:
    """The 固定资产占用情况表's 资产总额 (or 合计) in its 价值 (金额) column."""
    table = tm.table_of_role(doc, tm.ASSETS)
    if table is None:
        return None
    cols = tm.columns_of(table)
    col = next((c for c in cols.amounts if "价值" in cols.labels[c] or "金额" in cols.labels[c]),
               cols.amounts[-1] if cols.amounts else None)
    if col is None:
        return None
    for r, row in enumerate(table.grids["rows"].rows):
        labels = [tm.plain(row.cells[c]) for c, m in enumerate(cols.meanings) if m in tm.TEXT_MEANINGS]
        if any(label.startswith(("资产总额", "合计", "总计")) for label in labels):
            return Figure(tm.amount(row.cells, col), doc.money_unit_of(table), (cell_source(doc, table, r, col),))
    return None


def _projects(doc, what: str) -> Figure | None:
    """The projects with a 绩效目标: how many, and their 预算数 added up (in the document's unit)."""
    chosen = [p for p in doc.projects if (p.get("goal") or "").strip()]
    if not chosen:
        return None
    count = Decimal(len(chosen))
    total = sum((money.read_amount(p.get("budget")) or Decimal(0) for p in chosen), Decimal(0))
    value = count if what == "count" else total
    recorded = f"{len(chosen)}|{money.amount_text(total)}"
    return Figure(value, "个" if what == "count" else (doc.money_unit or "万元"),
                  (Source(PROJECTS, None, column=what, value=recorded),))


def figure(doc, key: str) -> Figure | None:
    """The figure ``key`` names (:data:`FIGURES`) in ``doc`` (any object with the Document reading
    API: this year's document or last year's), or None where the tables do not give it."""
    target = FIGURES[key]
    if target[0] == "procurement":
        return _procurement(doc, target[1])
    if target[0] == "assets":
        return _assets(doc)
    if target[0] == "projects":
        return _projects(doc, target[1])
    return _of_figure(doc, ef._figure(doc, target)) or _empty_table(doc, target)


# --- what a source holds now ----------------------------------------------------------------------

def current(doc, source: Source) -> str | None:
    """What the place ``source`` remembers holds now (stored text as recorded), or None if it is
    gone (the table, the row or the column)."""
    if source.kind == PROJECTS:
        found = _projects(doc, source.column or "count")
        return found.sources[0].value if found else None
    table = doc.budget_table(source.table) if source.table else None
    if table is None:
        return None
    if source.kind == PROCUREMENT:
        found = _procurement(doc, source.column)
        return found.sources[0].value if found else None
    # what one cell, row or column of one table holds: read again only once that table changed
    return tm.remembered(("source now", source), (table,), lambda: _in_table(table, source))


def _in_table(table, source: Source) -> str | None:
    cols = tm.columns_of(table)
    if source.column not in cols.labels:
        return None
    col = cols.labels.index(source.column)
    rows = table.grids["rows"].rows
    if source.kind == COLUMN_SUM:
        return money.amount_text(_column_sum(table, col))
    row = None
    if source.row_key is not None:
        if source.row is not None and source.row < len(rows) and _row_key(table, source.row, col) == source.row_key:
            row = source.row  # still where it was (the usual case: no need to look through the table)
        else:
            keyed = [r for r in range(len(rows)) if _row_key(table, r, col) == source.row_key]
            row = min(keyed, key=lambda r: abs(r - (source.row or 0))) if keyed else None
    elif source.row is not None and source.row < len(rows):
        row = source.row
    if row is None:
        return None
    return money.amount_text(tm.amount(rows[row].cells, col))


def changed(doc, sources) -> list[tuple[Source, str | None]]:
    """The sources whose place holds something else now, each with what it holds (None: gone)."""
    found = []
    for source in sources:
        now = current(doc, source)
        if now != source.value:
            found.append((source, now))
    return found
