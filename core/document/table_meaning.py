"""What a 公开表 is and what its columns and rows mean, read from its stored title and its printed
headers: the same for every template (河北, 上海, the national minimum, a province added later).

A table's **role** follows from keywords of its title (``收支总表`` and ``财务收支预算总表`` are both the
"summary"; ``一般公共预算财政拨款支出表`` and ``一般公共预算支出功能分类预算表`` both "general"). A
column's **meaning** follows from its header path (``本年收入/小计`` is a subtotal, ``收入预算/合计`` a
total, ``项目/功能分类科目编码/类`` the 类 part of a 科目编码 printed in three columns). The rules in
core/checks/rules/ look tables up by role and columns by meaning, never by one province's titles or labels.

Money is compared in each table's own unit (``Document.money_unit_of``): the 尾差 tolerance is 0.03
万元 whatever the unit (300 元), and amounts of tables in different units are converted exactly.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps
from typing import NamedTuple

from core.values import cell_input, money
from core.checks.validation import ERROR, INFO, ROUNDING_TOLERANCE, Finding

# --- what a table is --------------------------------------------------------------------------------

SUMMARY = "summary"                # 收支总表, 财务收支预算总表
INCOME = "income"                  # 收入总表, 收入预算总表
SPENDING = "spending"              # 支出总表, 支出预算总表
FISCAL_SUMMARY = "fiscal_summary"  # 财政拨款收支总表, 财政拨款收支预算总表
GENERAL = "general"                # 一般公共预算财政拨款支出表, 一般公共预算支出功能分类预算表
GENERAL_BASIC = "general_basic"    # 一般公共预算(财政拨款)基本支出(部门预算经济分类预算)表
FUND = "fund"                      # 政府性基金预算(财政拨款)支出表
CAPITAL = "capital"                # 国有资本经营预算(财政拨款)支出表
SANGONG = "sangong"                # 财政拨款三公经费支出表, “三公”经费和机关运行经费预算表
PROCUREMENT = "procurement"        # 政府采购预算表
ASSETS = "assets"                  # 固定资产占用情况表
FISCAL_SPENDING = (GENERAL, FUND, CAPITAL)  # the 财政拨款 spending, by kind of money

# --- what a run of the rules remembers of each table --------------------------------------------------

_memo: dict | None = None  # (name, form id, …) → (the forms, the result); see remembering()


@contextmanager
def remembering(memo: dict):
    """While active, what :func:`remembered` computes from some tables (and what the functions
    marked :func:`_per_table` derive from one: its subject rows, 合计 row, 三公 items, 收支 sides) is
    computed once and kept in ``memo``. The caller's duty: as soon as a form changes, drop what was
    derived from it (:func:`forget_derived`) — core.checks.validation.Validator does so in ``forget``.
    Outside, nothing is remembered."""
    global _memo
    outer, _memo = _memo, memo
    try:
        yield
    finally:
        _memo = outer


def forget_derived(memo: dict, form_id: int) -> None:
    """Drop from ``memo`` everything derived from the form ``form_id``."""
    for key in [k for k in memo if form_id in k[1:]]:
        del memo[key]


def remembered(name: str, tables: tuple, compute):
    """``compute()``, a result that depends only on ``tables`` (and on nothing that changes without
    them changing), computed once while :func:`remembering` and none of the tables changed."""
    memo = _memo
    if memo is None:
        return compute()
    key = (name, *(t.id for t in tables))
    entry = memo.get(key)
    if entry is None or any(a is not b for a, b in zip(entry[0], tables)):
        entry = memo[key] = (tables, compute())
    return entry[1]


def _per_table(derive):
    """Mark a function of a table alone (any further arguments only re-derive from it) whose result
    :func:`remembering` may keep. Callers never change what it returns."""
    name = derive.__name__

    @wraps(derive)
    def per_table(table, *args):
        if _memo is None:
            return derive(table, *args)
        return remembered(name, (table,), lambda: derive(table, *args))
    return per_table


def plain(text: str | None) -> str:
    """``text`` without whitespace (None as "")."""
    if not text:
        return ""
    return "".join(text.split()) if not text.isalnum() else text


@lru_cache(maxsize=256)
def table_role(title: str | None) -> str | None:
    """The role of a 公开表 from its stored (or printed) title, by the keywords every province's
    titles share; None for a table no rule reads (a 项目支出表, an unknown one)."""
    text = plain(title)
    if not text:
        return None
    if "三公" in text:
        return SANGONG
    if "政府采购" in text:
        return PROCUREMENT
    if "固定资产" in text or "资产占用" in text:
        return ASSETS
    if "收支" in text:
        return FISCAL_SUMMARY if "财政拨款" in text else SUMMARY
    if "项目" in text:  # 项目支出表, 一般公共预算财政拨款项目支出表: a list of projects, not of subjects
        return None
    if "政府性基金" in text:
        return FUND
    if "国有资本经营" in text:
        return CAPITAL
    if "一般公共预算" in text:
        return GENERAL_BASIC if "基本支出" in text else GENERAL
    if "总表" in text and "收入" in text:
        return INCOME
    if "总表" in text and "支出" in text:
        return SPENDING
    return None


def tables_of_role(doc, role: str) -> list:
    return [t for t in doc.budget_tables if table_role(t.get("title")) == role]


def subject_tables(doc, roles):
    """(table, its columns, its 合计 column) of each table of ``roles`` that lists subjects by name
    (a 合计 column and a 科目名称 column), in document order within each role."""
    for role in roles:
        for table in tables_of_role(doc, role):
            cols = columns_of(table)
            col = cols.find(TOTAL)
            if col is not None and cols.name is not None:
                yield table, cols, col


def table_of_role(doc, role: str):
    """The document's (first) 公开表 of ``role``, or None."""
    return next((t for t in doc.budget_tables if table_role(t.get("title")) == role), None)


# --- what a column means ------------------------------------------------------------------------

INDEX = "index"          # 序号
CODE = "code"            # 科目编码 in one column (2040601)
CODE_PART = "code_part"  # 类 / 款 / 项 under a …科目编码 group
NAME = "name"            # 科目名称, 功能分类科目名称, 经济分类科目名称
LABEL = "label"          # 项目: the row labels of a 收支总表 side or of a 三公 table
TOTAL = "total"          # 合计
SUBTOTAL = "subtotal"    # 小计 (本年收入/小计, 公务用车购置及运行费/小计)
BASIC = "basic"          # 基本支出
PROJECT = "project"      # 项目支出
PERSONNEL = "personnel"  # 人员经费
PUBLIC = "public"        # 公用经费, 日常公用经费
CARRIED = "carried"      # 上年结转(结余)
FISCAL = "fiscal"        # 财政拨款收入, 财政拨款
GENERAL_MONEY = "general_money"  # 一般公共预算(财政拨款/拨款收入)
FUND_MONEY = "fund_money"        # 政府性基金(预算/拨款)
CAPITAL_MONEY = "capital_money"  # 国有资本经营预算(拨款)
BUSINESS_INCOME = "business_income"    # 事业收入
OPERATING_INCOME = "operating_income"  # 事业单位经营收入, 经营收入
OTHER_INCOME = "other_income"          # 其他收入
OPERATION = "operation"  # 机关运行经费
VALUE = "value"          # 预算数, 金额: the amount column of a 收支总表 side

TEXT_MEANINGS = frozenset({INDEX, CODE, CODE_PART, NAME, LABEL})
_SUBJECT_CODE = re.compile(r"科目(?:编码|代码)$|^(?:功能|经济)(?:分类)?(?:科目)?(?:编码|代码)$")


def _is_code_header(text: str) -> bool:
    return text in ("科目编码", "编码") or bool(_SUBJECT_CODE.search(text))


def column_meaning(header: str) -> str | None:
    """What a column holds, from its header path (levels joined by ``/``); None for an amount
    column with no meaning a rule needs (上级补助收入, 单价, …)."""
    path = plain(header).split("/")
    last = path[-1]
    parent = path[-2] if len(path) > 1 else ""
    if last == "序号":
        return INDEX
    if _is_code_header(last):
        return CODE
    if last in ("类", "款", "项") and _is_code_header(parent):
        return CODE_PART
    if last.endswith("名称"):
        return NAME
    if last in ("项目", "项目名"):
        return LABEL
    if last in ("合计", "总计"):
        return TOTAL
    if last == "小计":
        return SUBTOTAL
    if "机关运行经费" in last:
        return OPERATION
    if last.endswith("基本支出"):
        return BASIC
    if last.endswith("项目支出"):
        return PROJECT
    if last.endswith("人员经费"):
        return PERSONNEL
    if last.endswith("公用经费"):
        return PUBLIC
    if "结转" in last:
        return CARRIED
    if last.startswith("一般公共预算"):
        return GENERAL_MONEY
    if last.startswith(("政府性基金", "基金预算")):
        return FUND_MONEY
    if last.startswith("国有资本经营"):
        return CAPITAL_MONEY
    if last.startswith("财政拨款"):
        return FISCAL
    if last.endswith("经营收入"):
        return OPERATING_INCOME
    if last == "事业收入":
        return BUSINESS_INCOME
    if last == "其他收入":
        return OTHER_INCOME
    if last in ("预算数", "金额", "预算金额", "本年预算数", "预算"):
        return VALUE
    return None


@dataclass(frozen=True)
class Columns:
    """A table's columns read by meaning."""

    labels: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]
    meanings: tuple[str | None, ...]
    amounts: tuple[int, ...]        # the amount columns, in order
    code: tuple[int, ...]           # the 科目编码: one column, or 类, 款(, 项)
    name: int | None                # the 科目名称
    label_columns: tuple[int, ...]  # 项目 columns (a 收支总表 has one per side)

    def __hash__(self) -> int:  # computed once: rules key their remembered results by the columns
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.labels, self.paths, self.meanings, self.amounts, self.code, self.name,
                          self.label_columns))
            object.__setattr__(self, "_hash", found)
        return found

    def find(self, *meanings: str) -> int | None:
        """The first amount column with one of ``meanings`` (tried in the order given)."""
        for meaning in meanings:
            for i in self.amounts:
                if self.meanings[i] == meaning:
                    return i
        return None

    def last(self, col: int) -> str:
        """A column's own header (its last level): ``本年收入/小计`` → ``小计``."""
        return self.labels[col].rsplit("/", 1)[-1]

    def row_formulas(self) -> list[tuple[int, tuple[int, ...]]]:
        """Each 合计 or 小计 column with the columns it adds up: the amount columns beside it under
        the same header (a group beside it by its own 小计/合计, else by its columns), never a
        ``其中`` column."""
        formulas = []
        amounts = set(self.amounts)
        for col in self.amounts:
            if self.meanings[col] not in (TOTAL, SUBTOTAL):
                continue
            parent = self.paths[col][:-1]
            parts: list[int] = []
            seen_groups: set[str] = set()
            for other in range(len(self.labels)):
                path = self.paths[other]
                if other == col or len(path) <= len(parent) or path[:len(parent)] != parent:
                    continue
                head = path[len(parent)]
                if head.startswith("其中"):
                    continue
                if len(path) == len(parent) + 1:
                    if other in amounts:
                        parts.append(other)
                    continue
                if head in seen_groups:
                    continue
                seen_groups.add(head)
                group = parent + (head,)
                members = [c for c in self.amounts if self.paths[c][:len(group)] == group]
                total = next((c for c in members if len(self.paths[c]) == len(group) + 1
                              and self.meanings[c] in (TOTAL, SUBTOTAL)), None)
                parts.extend([total] if total is not None else members)
            if parts:
                formulas.append((col, tuple(sorted(parts))))
        return formulas


@lru_cache(maxsize=512)
def _columns(spec: tuple[tuple[str, str], ...]) -> Columns:
    labels = tuple(label for label, _ in spec)
    paths = tuple(tuple(plain(label).split("/")) for label in labels)
    meanings = tuple(column_meaning(label) for label in labels)
    amounts = tuple(i for i, (_, kind) in enumerate(spec)
                    if kind == cell_input.AMOUNT and meanings[i] not in TEXT_MEANINGS)
    single = next((i for i, m in enumerate(meanings) if m == CODE), None)
    if single is not None:
        code: tuple[int, ...] = (single,)
    else:
        first = next((i for i, m in enumerate(meanings) if m == CODE_PART), None)
        code = ()
        if first is not None:  # the 类/款/项 of the first …科目编码 group, in their order
            group = paths[first][:-1]
            parts = {paths[i][-1]: i for i, m in enumerate(meanings) if m == CODE_PART and paths[i][:-1] == group}
            code = tuple(parts[p] for p in ("类", "款", "项") if p in parts)
    names = [i for i, m in enumerate(meanings) if m == NAME]
    name = next((i for i in names if "科目名称" in labels[i]), names[0] if names else None)
    label_columns = tuple(i for i, m in enumerate(meanings) if m == LABEL)
    return Columns(labels, paths, meanings, amounts, code, name, label_columns)


def columns_of(table) -> Columns:
    return _columns(tuple((c.label, c.kind) for c in table.grids["rows"].columns))


# --- rows -----------------------------------------------------------------------------------------

TOTAL_ROW_LABELS = ("合计", "总计")


class SubjectRow(NamedTuple):
    index: int                # 0-based row of the grid
    key: tuple[str, ...]      # (类,), (类, 款) or (类, 款, 项): 2040601 → ("204", "06", "01")
    code: str                 # as one code: 2040601
    cells: list


@lru_cache(maxsize=8192)
def _subject_code(text: str | None) -> tuple[tuple[str, ...], str] | None:
    """A 科目编码 printed in one column as (its 类/款/项 key, the code): 2040601 → (("204", "06", "01"),
    "2040601"); None if it is none (3, 5 or 7 digits)."""
    code = plain(text)
    n = len(code)
    if n not in (3, 5, 7) or not code.isdigit():
        return None
    return ((code[:3],) if n == 3 else (code[:3], code[3:5]) if n == 5 else (code[:3], code[3:5], code[5:])), code


@_per_table
def subject_rows(table, cols: Columns | None = None) -> list[SubjectRow]:
    """The rows of a table listed by 科目编码 that carry a code, with its 类/款/项 key: from one
    code column (3, 5 or 7 digits) or from three columns (a row with only 类 is a 类, 类 and 款 a 款,
    all three a 项; a part left blank under a filled lower part is the one printed above it)."""
    cols = cols or columns_of(table)
    if not cols.code:
        return []
    found = []
    above: list[str] = []
    single = cols.code[0] if len(cols.code) == 1 else None
    for i, row in enumerate(table.grids["rows"].rows):
        if single is not None:
            parsed = _subject_code(row.cells[single])
            if parsed is not None:
                found.append(SubjectRow(i, parsed[0], parsed[1], row.cells))
            continue
        texts = [plain(row.cells[c]) for c in cols.code]
        if not any(texts) or not all(t.isdigit() for t in texts if t):
            continue
        depth = max(j for j, t in enumerate(texts) if t) + 1
        key = tuple(texts[j] or (above[j] if j < len(above) else "") for j in range(depth))
        if not all(key):
            continue
        above = list(key)
        found.append(SubjectRow(i, key, "".join(key), row.cells))
    return found


@_per_table
def subject_paths(table, cols: Columns | None = None) -> dict[tuple[str, ...], list[SubjectRow]]:
    """A table's subject rows by the path of their names (类名, 款名, 项名 as printed, plain): how a
    text that names a subject (一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行) finds its rows."""
    cols = cols or columns_of(table)
    if cols.name is None:
        return {}
    rows = subject_rows(table, cols)
    name_of = {row.key: plain(row.cells[cols.name]) for row in rows}
    paths: dict[tuple[str, ...], list[SubjectRow]] = {}
    for row in rows:
        paths.setdefault(tuple(name_of.get(row.key[:k + 1]) for k in range(len(row.key))), []).append(row)
    return paths


@_per_table
def total_row(table, cols: Columns | None = None) -> int | None:
    """The 0-based index of a table's 合计 row (labelled 合计/总计 in a code, name or label column,
    first or last); a table of a single row without labels is its own total. None if neither."""
    cols = cols or columns_of(table)
    rows = table.grids["rows"].rows
    text_cols = [i for i, m in enumerate(cols.meanings) if m in TEXT_MEANINGS]
    order = [0, len(rows) - 1, *range(1, len(rows) - 1)] if len(rows) > 1 else range(len(rows))
    for i in order:  # first or last, as printed
        if any(plain(rows[i].cells[c]) in TOTAL_ROW_LABELS for c in text_cols):
            return i
    if len(rows) == 1 and not any(plain(rows[0].cells[c]) for c in text_cols if cols.meanings[c] != INDEX):
        return 0
    return None


def amount(cells, col: int) -> Decimal:
    """The amount in a cell; a blank (or unreadable) one counts as 0."""
    return money.read_amount(cells[col]) or Decimal(0)


def total_figure(table, *meanings: str) -> tuple[Columns, int, int, Decimal] | None:
    """(the table's columns, the column, the 合计 row, its amount) under the first column of
    ``meanings``; None if the table has no such column or no 合计 row."""
    cols = columns_of(table)
    col = cols.find(*meanings)
    row = total_row(table, cols) if col is not None else None
    if row is None:
        return None
    return cols, col, row, amount(table.grids["rows"].rows[row].cells, col)


# --- the sides of a 收支总表 ---------------------------------------------------------------------

_LEVEL_1 = re.compile(r"^[一二三四五六七八九十百]+、")
_LEVEL_2 = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|\d+[.．、)）]|[（(]\d+[)）])")
_THIS_YEAR = re.compile(r"^本年(?:收入|支出)(?:合计|小计)?$")


@lru_cache(maxsize=4096)
def bare_label(label: str) -> str:
    """A row label without its numbering: ``（一）一般公共预算拨款`` → ``一般公共预算拨款``."""
    return _LEVEL_2.sub("", _LEVEL_1.sub("", label), count=1)


@lru_cache(maxsize=4096)
def label_level(label: str) -> int:
    """1 for ``一、…``, 2 for ``（一）…`` / ``1. …``, 0 for an unnumbered label (本年收入合计, 收入总计)."""
    return 1 if _LEVEL_1.match(label) else 2 if _LEVEL_2.match(label) else 0


class SummarySide:
    """One side of a 收支总表 (收入 or 支出): its label column, its amount columns and its rows."""

    def __init__(self, grid, label_col: int, values: list[int]):
        self.label_col, self.values = label_col, values
        self.rows = [(r, plain(row.cells[label_col]), row.cells) for r, row in enumerate(grid.rows)
                     if plain(row.cells[label_col])]
        self._named: dict[str, tuple | None] = {}  # grand, this_year, carried: found once (rows never change)

    def find(self, test) -> tuple[int, str, list] | None:
        return next(((r, label, cells) for r, label, cells in self.rows if test(bare_label(label))), None)

    def _row(self, name: str, test):
        if name not in self._named:
            self._named[name] = self.find(test)
        return self._named[name]

    def grand(self):
        return self._row("grand", lambda bare: "总计" in bare)

    def this_year(self):
        return self._row("this_year", lambda bare: bool(_THIS_YEAR.match(bare)))

    def carried(self):
        return self._row("carried", lambda bare: "结转" in bare)


@_per_table
def summary_sides(table, cols: Columns | None = None) -> tuple[SummarySide | None, SummarySide | None]:
    """The 收入 and 支出 sides of a 收支总表: each starts at a 项目 column and holds the amount columns up
    to the next one (``收入/项目``, ``收入/预算数`` | ``支出/项目``, ``支出/合计``, ``支出/一般公共预算`` …)."""
    cols = cols or columns_of(table)
    grid = table.grids["rows"]
    sides = []
    for k, label_col in enumerate(cols.label_columns):
        end = cols.label_columns[k + 1] if k + 1 < len(cols.label_columns) else len(cols.labels)
        values = [c for c in cols.amounts if label_col < c < end]
        if values:
            sides.append(SummarySide(grid, label_col, values))
    if len(sides) < 2:
        return None, None
    income = next((s for s in sides if "收" in cols.paths[s.label_col][0]), sides[0])
    spending = next((s for s in sides if s is not income), None)
    return income, spending


# --- the 三公 table, printed by rows (河北) or by columns (上海, the national minimum) ---------------

ABROAD, ABROAD_RESEARCH, ABROAD_OTHER = "abroad", "abroad_research", "abroad_other"
CAR, CAR_PURCHASE, CAR_RUNNING, RECEPTION = "car", "car_purchase", "car_running", "reception"
SANGONG_TOTAL = "sangong_total"
# Each sum in the table: the item and the items it adds up (both 出国 parts must be printed).
SANGONG_SUMS = ((SANGONG_TOTAL, (ABROAD, CAR, RECEPTION)), (ABROAD, (ABROAD_RESEARCH, ABROAD_OTHER)),
                (CAR, (CAR_PURCHASE, CAR_RUNNING)))


def sangong_item(text: str, parent: str = "") -> str | None:
    """Which 三公 item a row label or a column header is (``二、公务用车购置及运维费`` → car;
    ``购置费`` under ``公务用车购置及运行费`` → car_purchase; ``机关运行经费预算数`` → operation)."""
    text = plain(text)
    if "机关运行经费" in text:
        return OPERATION
    if text in ("合计", "总计", "小计"):
        return sangong_item(parent) if parent and "三公" not in parent else SANGONG_TOTAL
    if "出国" in text:
        if "教学科研" in text:
            return ABROAD_RESEARCH
        return ABROAD_OTHER if text.startswith("其他") else ABROAD
    if "接待" in text:
        return RECEPTION
    if "公务用车购置及运" in text:
        return CAR
    if "购置" in text:
        return CAR_PURCHASE
    if "运行" in text or "运维" in text:
        return CAR_RUNNING
    return None


@dataclass(frozen=True)
class SangongCell:
    row: int          # 0-based
    col: int
    label: str        # how the message names it: the row label (河北) or the column header
    value: Decimal


@_per_table
def sangong_cells(table) -> dict[str, list[SangongCell]]:
    """The 三公 table's items, each with its cells: a table printed by rows (项目 = 合计, 一、因公出国
    （境）费 …) gives each item's row in every amount column (in column order); a table printed by
    columns gives each item's column in every row (the 合计 row first)."""
    cols = columns_of(table)
    rows = table.grids["rows"].rows
    items: dict[str, list[SangongCell]] = {}
    if cols.label_columns:
        label_col = cols.label_columns[0]
        by_label: dict[str, tuple[int, list]] = {}
        for i, row in enumerate(rows):
            by_label[plain(row.cells[label_col])] = (i, row.cells)  # the last row of a label
        for text, (i, cells) in by_label.items():
            item = sangong_item(text)
            if item is not None and item not in items:
                items[item] = [SangongCell(i, c, text, amount(cells, c)) for c in cols.amounts]
        return items
    order = list(range(len(rows)))
    first = total_row(table, cols)
    if first is not None:
        order.remove(first)
        order.insert(0, first)
    for col in cols.amounts:
        path = cols.paths[col]
        item = sangong_item(path[-1], path[-2] if len(path) > 1 else "")
        if item is not None and item not in items:
            label = path[-1]
            if item != SANGONG_TOTAL and label in ("合计", "小计") and len(path) > 1:
                label = path[-2] + label  # 公务用车购置及运行费小计
            items[item] = [SangongCell(i, col, label, amount(rows[i].cells, col)) for i in order]
    return items


# --- money in its unit ----------------------------------------------------------------------------

_POWERS = {"元": 0, "万元": 4}


def tolerance(unit: str) -> Decimal:
    """The 尾差 allowed between figures in ``unit``: 0.03 万元, which is 300 元."""
    return ROUNDING_TOLERANCE.scaleb(4 - _POWERS.get(unit, 4))


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """``value`` in ``unit`` expressed exactly in ``to`` (12345.67 元 → 1.234567 万元)."""
    return value.scaleb(_POWERS.get(unit, 4) - _POWERS.get(to, 4))


def rounded_like(value: Decimal, like: Decimal) -> Decimal:
    """``value`` rounded half-up to the decimals ``like`` is written with (at most 分 of 万元)."""
    places = min(max(-like.as_tuple().exponent, 0), 6)
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def sangong_figure(table, cells: list[SangongCell]) -> SangongCell:
    """An item's figure for the whole table: its cell in the 合计 column (by rows) or row (by columns)."""
    cols = columns_of(table)
    if cols.label_columns:
        total = cols.find(TOTAL)
        return next((c for c in cells if c.col == total), cells[0])
    return cells[0]


def same_amount(a: Decimal, unit_a: str, b: Decimal, unit_b: str) -> bool:
    """Whether two figures are the same money: equal, or (in different units) one is the other
    rounded to the decimals it is printed with."""
    if unit_a == unit_b:
        return a == b
    fine_a = _POWERS.get(unit_a, 4) < _POWERS.get(unit_b, 4)
    coarse, other = (b, convert(a, unit_a, unit_b)) if fine_a else (a, convert(b, unit_b, unit_a))
    return rounded_like(other, coarse) == coarse


def _shown(value: Decimal, unit: str | None) -> str:
    return f"{money.amount_text(value)}{unit}" if unit else str(value)


def compare(rule: str, location, subject: str, shown_label: str, shown: Decimal, expected_label: str,
            expected: Decimal, fix: str, unit: str = "万元", expected_unit: str | None = None,
            at_most: bool = False) -> Finding | None:
    """An arithmetic mismatch (``支出总表 204 公共安全支出：合计 3397.31 ≠ 下级科目之和 3397.30``) in
    ``unit``: None if equal, a 尾差 提示 within 0.03 万元 (300 元), else an 错误 that says how to fix it.

    ``expected`` may be in another unit (``expected_unit``, a 万元 三公 table against a 元 one): both
    are converted exactly to the finer unit, and a figure that is the other one rounded to the
    decimals it is printed with is no difference at all (213.28 万元 is 2,132,777.54 元 printed in
    万元). ``at_most``: ``shown`` may be less than ``expected`` (机关运行经费 ≤ 公用经费)."""
    units = None
    if expected_unit is not None and expected_unit != unit:
        if same_amount(shown, unit, expected, expected_unit):
            return None
        fine = min((unit, expected_unit), key=lambda u: _POWERS.get(u, 4))
        units = (unit, expected_unit)
        shown_fine, expected_fine = convert(shown, unit, fine), convert(expected, expected_unit, fine)
        diff, unit = shown_fine - expected_fine, fine
    else:
        diff = shown - expected
    if diff == 0 or (at_most and diff < 0):
        return None
    a, b = (_shown(shown, units[0]), _shown(expected, units[1])) if units else (shown, expected)
    gap = _shown(abs(diff), unit) if units else abs(diff)
    if at_most:
        stated = f"{subject}：{shown_label} {a} 大于 {expected_label} {b}（超出 {gap}"
    else:
        stated = f"{subject}：{shown_label} {a} ≠ {expected_label} {b}（差 {gap}"
    if abs(diff) <= tolerance(unit):
        return Finding(rule, INFO, location, f"{stated}，尾差）。四舍五入造成的尾差可以保留。")
    return Finding(rule, ERROR, location, f"{stated}）。{fix}")
