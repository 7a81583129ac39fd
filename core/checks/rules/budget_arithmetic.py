"""Arithmetic inside and across the 公开表, for every template alike: tables are found by their role
and columns by their meaning (core/document/table_meaning.py), never by one province's titles or headers;
amounts are compared in each table's own money unit, the 尾差 tolerance scaled to it (0.03 万元 =
300 元), and tables in different units are compared by converting exactly."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from core.values import money
from core.document import table_meaning as tm
from core.checks.validation import Finding, Location, each, reads


def _unit(doc, table) -> str:
    return doc.money_unit_of(table)


# --- B-SUBJECT-SUM ---------------------------------------------------------------------------------

@each("budget_table")
def subject_sums(doc, table) -> list[Finding]:
    """B-SUBJECT-SUM: 类 = Σ款, 款 = Σ项, whether the 科目编码 is one column (2040601) or three (类 /
    款 / 项); 尾差 within 0.03 万元 (300 元) is a 提示."""
    cols = tm.columns_of(table)
    rows = tm.subject_rows(table, cols)
    if not rows:
        return []
    unit = _unit(doc, table)
    children: dict[tuple, list] = {}  # a 类's 款 and a 款's 项, by the parent's key
    for row in rows:
        if len(row.key) > 1:
            children.setdefault(row.key[:-1], []).append(tuple(row.cells))
    findings = []
    where = (table.id, table.title, unit, cols)
    for row in rows:
        below = children.get(row.key) if len(row.key) < 3 else None
        if below:
            findings += _subject_sum(where, row.index, row.code, tuple(row.cells), tuple(below))
    return findings


@lru_cache(maxsize=16384)  # after an edit only the edited row's parent is added up again
def _subject_sum(where: tuple, index: int, code: str, cells: tuple, below: tuple) -> tuple[Finding, ...]:
    """B-SUBJECT-SUM of one 类 or 款 (its row ``cells``) and the rows directly below it."""
    table_id, title, unit, cols = where
    name_col = cols.name if cols.name is not None else cols.code[0]
    findings = []
    for col in cols.amounts:
        if cells[col] is None and all(c[col] is None for c in below):
            continue  # a blank column (事业收入, 经营收入, …): nothing to add up
        shown = tm.amount(cells, col)
        total = sum((tm.amount(c, col) for c in below), Decimal(0))
        if shown == total:
            continue
        label = cols.labels[col]
        finding = tm.compare(
            "B-SUBJECT-SUM", Location(title, None, index + 1, label, table_id),
            f"{title} {code} {cells[name_col] or ''}", label, shown, "下级科目之和", total,
            "请核对该科目及其下级科目的金额。", unit)
        if finding:
            findings.append(finding)
    return tuple(findings)


# --- B-ROW-TOTAL -----------------------------------------------------------------------------------

def _row_subject(title: str, cols: tm.Columns, cells, col: int) -> str:
    """How a row is named in a message: the table, the row's 科目编码 and 科目名称, or (a 收支总表) the
    label of the side the column is on."""
    code = "".join(cells[c] or "" for c in cols.code)
    name = cells[cols.name] if cols.name is not None else None
    if not code and name is None:
        label_col = max((c for c in cols.label_columns if c < col), default=None)
        name = cells[label_col] if label_col is not None else None
    return " ".join(x for x in (title, code, name) if x)


@each("budget_table")
def row_totals(doc, table) -> list[Finding]:
    """B-ROW-TOTAL: in each row, a 合计 (or 小计) column = the columns beside it under the same header
    (合计 = 基本支出 + 项目支出 + …; 合计 = 本年收入小计 + 上年结转; 小计 = Σ 本年收入 columns;
    人员经费 + 公用经费 = 合计; 财政拨款支出 合计 = 一般公共预算 + 政府性基金 + 国有资本经营). The 三公
    table is B-SANGONG's."""
    if tm.table_role(table.get("title")) == tm.SANGONG:
        return []
    cols = tm.columns_of(table)
    if not cols.row_formulas():
        return []
    where = (table.id, table.title, _unit(doc, table), cols)
    findings = []
    for r, row in enumerate(table.grids["rows"].rows):
        findings += _row_total(where, r, tuple(row.cells))
    return findings


@lru_cache(maxsize=16384)  # after an edit only the edited row is added up again
def _row_total(where: tuple, r: int, cells: tuple) -> tuple[Finding, ...]:
    """B-ROW-TOTAL of one row (0-based ``r``)."""
    table_id, title, unit, cols = where
    findings = []
    for total_col, parts in cols.row_formulas():
        values = [money.read_amount(cells[c]) for c in (total_col, *parts)]
        if all(v is None for v in values):
            continue
        shown = values[0] or Decimal(0)
        total = sum((v or Decimal(0) for v in values[1:]), Decimal(0))
        if shown == total:
            continue
        names = " + ".join(cols.last(p) for p in parts)
        finding = tm.compare(
            "B-ROW-TOTAL", Location(title, None, r + 1, cols.labels[total_col], table_id),
            _row_subject(title, cols, cells, total_col), cols.last(total_col), shown, names, total,
            f"请核对{names}。", unit)
        if finding:
            findings.append(finding)
    return tuple(findings)


# --- B-CROSS-TOTAL ---------------------------------------------------------------------------------

class _Total:
    """One figure of a table's 合计 row: which table, column and row, its value and unit."""

    def __init__(self, doc, table, col: int, row: int, value: Decimal):
        self.table, self.col, self.row, self.value = table, col, row, value
        self.unit = doc.money_unit_of(table)
        self.label = tm.columns_of(table).last(col)

    @property
    def named(self) -> str:
        return f"{self.table.title}「{self.label}」"

    def location(self) -> Location:  # the table and column (its 合计 row is meant)
        return Location(self.table.title, None, None, tm.columns_of(self.table).labels[self.col], self.table.id)


def _total(doc, table, *meanings: str) -> _Total | None:
    """The figure in ``table``'s 合计 row under the first column of ``meanings`` (None if either is missing)."""
    found = tm.total_figure(table, *meanings) if table is not None else None
    if found is None:
        return None
    _, col, row, value = found
    return _Total(doc, table, col, row, value)


def _agree(rule_text: str, a: _Total | None, b: _Total | None, at_most: bool = False) -> Finding | None:
    if a is None or b is None:
        return None
    return tm.compare("B-CROSS-TOTAL", a.location(), rule_text, a.named, a.value, b.named, b.value,
                      f"请核对{a.table.title}和{b.table.title}。", a.unit, b.unit, at_most)


# What the 一般公共预算基本支出 lists by 经济分类 that the 三公 table counts (it also counts project money,
# so the 三公 figure is at least the basic spending's).
_SANGONG_SUBJECTS = (("公务接待", tm.RECEPTION), ("公务用车运行", tm.CAR_RUNNING), ("因公出国", tm.ABROAD),
                     ("公务用车购置", tm.CAR_PURCHASE))


@reads("budget_table")
def cross_table_totals(doc) -> list[Finding]:
    """B-CROSS-TOTAL: the 合计 rows of tables that report the same money agree (尾差 is a 提示):
    收入总表 合计 = 支出总表 合计; 基本支出表 合计 = 一般公共预算支出表 基本支出; 一般公共预算支出表
    基本/项目支出 = 支出总表's when all the money is 一般公共预算 (else not more); 机关运行经费 ≤ 基本
    支出表 公用经费; the 基本支出表's 公务接待费, 公务用车运行维护费 … ≤ the 三公 table's."""
    income, spending = tm.table_of_role(doc, tm.INCOME), tm.table_of_role(doc, tm.SPENDING)
    general, basic = tm.table_of_role(doc, tm.GENERAL), tm.table_of_role(doc, tm.GENERAL_BASIC)
    sangong = tm.table_of_role(doc, tm.SANGONG)
    found = []
    if income is not None and spending is not None:
        found.append(_agree(f"{income.title}与{spending.title}的合计应相等",
                            _total(doc, income, tm.TOTAL), _total(doc, spending, tm.TOTAL)))
    basic_total = _total(doc, basic, tm.TOTAL)
    against = general if general is not None else spending
    if basic_total is not None and against is not None:
        found.append(_agree(f"基本支出表的合计应等于{against.title}的基本支出", basic_total,
                            _total(doc, against, tm.BASIC)))
    if general is not None and spending is not None:
        totals = _total(doc, general, tm.TOTAL), _total(doc, spending, tm.TOTAL)
        same = None not in totals and tm.same_amount(totals[0].value, totals[0].unit, totals[1].value,
                                                     totals[1].unit)
        if not same and None not in totals:
            found.append(_agree(f"{general.title}的合计不应大于{spending.title}的合计", *totals, at_most=True))
        for meaning, word in ((tm.BASIC, "基本支出"), (tm.PROJECT, "项目支出")):
            if same:
                text = f"{general.title}与{spending.title}的{word}应相等"
            else:
                text = f"{general.title}的{word}不应大于{spending.title}的{word}"
            found.append(_agree(text, _total(doc, general, meaning), _total(doc, spending, meaning), not same))
    if sangong is not None and basic is not None:
        cells = tm.sangong_cells(sangong)
        public = _total(doc, basic, tm.PUBLIC)
        if tm.OPERATION in cells and public is not None:
            cell = tm.sangong_figure(sangong, cells[tm.OPERATION])
            found.append(_agree("机关运行经费不应大于基本支出表的公用经费",
                                _Total(doc, sangong, cell.col, cell.row, cell.value), public, at_most=True))
        found.extend(tm.remembered("basic_within_sangong", (basic, sangong),
                                   lambda: _basic_within_sangong(doc, basic, sangong, cells)))
    return [f for f in found if f]


def _basic_within_sangong(doc, basic, sangong, cells) -> list[Finding | None]:
    cols = tm.columns_of(basic)
    col = cols.find(tm.TOTAL)
    if col is None:
        return []
    found = []
    for row in tm.subject_rows(basic, cols):
        name = tm.plain(row.cells[cols.name]) if cols.name is not None else ""
        item = next((item for words, item in _SANGONG_SUBJECTS if words in name and len(row.key) > 1), None)
        if item is None or item not in cells:
            continue
        cell = tm.sangong_figure(sangong, cells[item])
        mine = _Total(doc, basic, col, row.index, tm.amount(row.cells, col))
        found.append(tm.compare(
            "B-CROSS-TOTAL", mine.location(), f"{basic.title} {row.code} {name}不应大于三公经费的{cell.label}",
            mine.named, mine.value, f"{sangong.title}「{cell.label}」", cell.value,
            f"请核对{basic.title}和{sangong.title}。", mine.unit, doc.money_unit_of(sangong), at_most=True))
    return found


# --- B-PROJECTS-SUM --------------------------------------------------------------------------------

@reads("budget_table", "project")
def projects_vs_project_spending(doc) -> list[Finding]:
    """B-PROJECTS-SUM (警告; 提示 for 尾差 up to 0.01 万元 a project): Σ of the project tables' 预算数
    vs 支出总表's 项目支出 合计."""
    if not doc.projects:
        return []
    spending = _total(doc, tm.table_of_role(doc, tm.SPENDING), tm.PROJECT)
    if spending is None:
        return []
    unit = doc.money_unit_of(doc.projects[0])
    shown = spending.value
    if spending.unit != unit:
        shown = Decimal(money.amount_text(tm.convert(shown, spending.unit, unit)))
    budgets = [money.read_amount(p.get("budget")) for p in doc.projects]
    total = sum((b or Decimal(0) for b in budgets), Decimal(0))
    diff = total - shown
    table = spending.table
    where = Location(table.title, None, None, tm.columns_of(table).labels[spending.col], table.id)
    if diff == 0:
        return []
    each_project = tm.convert(Decimal("0.01"), "万元", unit)  # 0.01 万元 = 100 元
    if abs(diff) <= each_project * len(budgets):  # each project rounded on its own
        return [Finding("B-PROJECTS-SUM", "info", where,
                        f"项目绩效目标表的预算数合计 {total} ≠ {table.title}项目支出 {shown}（差 {abs(diff)}，尾差）。"
                        "四舍五入造成的尾差可以保留。")]
    return [Finding("B-PROJECTS-SUM", "warning", where,
                    f"项目绩效目标表的预算数合计 {total} ≠ {table.title}项目支出 {shown}（差 {abs(diff)}）。"
                    "请确认每个项目都有绩效目标表，且预算数与项目支出一致；如有原因请填写说明。")]


# --- B-SUMMARY -------------------------------------------------------------------------------------

def _strip_numeral(name: str) -> str:
    """``四、公共安全支出`` → ``公共安全支出``."""
    return name.split("、", 1)[-1].strip()


def _class_totals(doc, roles, known: dict | None = None) -> dict[str, list[tuple[str, Decimal, str]]]:
    """Each 类's 合计 in the tables of ``roles``, by its name: [(table title, amount, unit), …]
    (remembered in ``known`` for one run of the rule)."""
    if known is not None:
        if roles not in known:
            known[roles] = _class_totals(doc, roles)
        return known[roles]
    found: dict[str, list] = {}
    for table, cols, col in tm.subject_tables(doc, roles):
        by_name = {}
        for row in tm.subject_rows(table, cols):
            if len(row.key) == 1:
                by_name[(row.cells[cols.name] or "").strip()] = tm.amount(row.cells, col)
        for name, value in by_name.items():
            found.setdefault(name, []).append((table.title, value, doc.money_unit_of(table)))
    return found


def _sources(doc, role: str, cols: tm.Columns, col: int, first: bool, known: dict):
    """Where the 类 rows of a 收支总表 column are listed: 支出总表 for a 收支总表; for a 财政拨款收支
    总表 the 一般公共预算/政府性基金/国有资本经营 tables (its 合计 column: all three, else 支出总表)."""
    if role == tm.SUMMARY:
        return _class_totals(doc, (tm.SPENDING,), known) if first else {}
    by_money = {tm.GENERAL_MONEY: tm.GENERAL, tm.FUND_MONEY: tm.FUND, tm.CAPITAL_MONEY: tm.CAPITAL}
    if cols.meanings[col] in by_money:
        return _class_totals(doc, (by_money[cols.meanings[col]],), known)
    if first:
        return _class_totals(doc, tm.FISCAL_SPENDING, known) or _class_totals(doc, (tm.SPENDING,), known)
    return {}


def _printed(cells, side: tm.SummarySide) -> str:
    return (cells[side.label_col] or "").strip()


def _joined(labels: list[str]) -> str:
    if len(labels) <= 3:
        return " + ".join(labels)
    return f"{labels[0]}至{labels[-1]}之和"


def _item_sums(table, cols, side: tm.SummarySide, unit: str) -> list[Finding | None]:
    """A 收支总表 side's items add up: an item's （一）/1. rows to it, the numbered rows under an
    unnumbered one (年初财政拨款结转和结余: 一、二、三) to it, and (where no 本年收入合计 row stands
    between them) the numbered items, with 上年结转, to the 总计."""
    groups = []  # (parent row, [child rows])
    rows = side.rows
    for k, (r, label, cells) in enumerate(rows):
        level = tm.label_level(label)
        if level == 2:
            continue
        want = 2 if level == 1 else 1
        children = []
        for r2, label2, cells2 in rows[k + 1:]:
            if tm.label_level(label2) != want:
                break
            children.append((r2, label2, cells2))
        if children and not (level == 0 and "总计" in label):
            groups.append(((r, label, cells), children))
    grand, this_year, carried = side.grand(), side.this_year(), side.carried()
    if grand is not None and this_year is None:
        top = [row for row in rows if tm.label_level(row[1]) == 1 and row[0] < grand[0]]
        if carried is not None and carried not in top and carried[0] < grand[0]:
            top.append(carried)
        if top:
            groups.append((grand, top))
    found = []
    for (r, label, cells), children in groups:
        for col in side.values:
            if money.read_amount(cells[col]) is None:
                continue  # a heading that prints no figure
            shown = tm.amount(cells, col)
            summed = sum((tm.amount(c, col) for _, _, c in children), Decimal(0))
            if shown == summed:
                continue
            found.append(tm.compare(
                "B-SUMMARY", Location(table.title, None, r + 1, cols.labels[col], table.id),
                f"{table.title} {_printed(cells, side)}", cols.last(col), shown,
                _joined([_printed(c, side) for _, _, c in children]), summed,
                "请核对该项及其下各项的金额。", unit))
    return found


@reads("budget_table")
def summary_tables(doc) -> list[Finding]:
    """B-SUMMARY: in 收支总表 and 财政拨款收支总表 (any template's), 收入总计 = 支出总计; 本年收入合计 +
    上年结转 = 收入总计 (本年支出合计 + 年末结转 = 支出总计); items add up to what they are part of;
    each 类 of spending = that 类's 合计 in 支出总表 (a 财政拨款收支总表: in the 财政拨款 tables)."""
    findings: list[Finding | None] = []
    known: dict = {}
    for role in (tm.SUMMARY, tm.FISCAL_SUMMARY):
        for table in tm.tables_of_role(doc, role):
            findings.extend(_summary(doc, table, role, known))
    return [f for f in findings if f]


def _summary(doc, table, role: str, known: dict) -> list[Finding | None]:
    cols = tm.columns_of(table)
    income, spending = tm.summary_sides(table, cols)
    if income is None:
        return []
    title, unit, found = table.title, _unit(doc, table), []
    in_value, out_value = income.values[0], spending.values[0]
    total_in, total_out = income.grand(), spending.grand()
    where = Location(title, None, total_in[0] + 1, cols.labels[in_value], table.id) if total_in else None
    if total_in and total_out:
        found.append(tm.compare("B-SUMMARY", where, title, total_in[1], tm.amount(total_in[2], in_value),
                                total_out[1], tm.amount(total_out[2], out_value),
                                "收入总计应等于支出总计，请核对收支两方。", unit))
    this_year, carried = income.this_year(), income.carried()
    if total_in and this_year and carried:
        found.append(tm.compare("B-SUMMARY", where, title, total_in[1], tm.amount(total_in[2], in_value),
                                "本年收入合计 + 上年结转",
                                tm.amount(this_year[2], in_value) + tm.amount(carried[2], in_value),
                                "请核对本年收入合计和上年结转结余。", unit))
    for k, col in enumerate(spending.values):
        classes = _sources(doc, role, cols, col, k == 0, known)
        if not classes:
            continue
        for r, label, cells in spending.rows:
            name = _strip_numeral(cells[spending.label_col] or "")
            if name not in classes:
                continue
            sources = classes[name]
            fine = min((u for _, _, u in sources), key=lambda u: u != "元")
            expected = sum((tm.convert(v, u, fine) for _, v, u in sources), Decimal(0))
            named = sources[0][0] if len(sources) == 1 else "、".join(t for t, _, _ in sources)
            found.append(tm.compare(
                "B-SUMMARY", Location(title, None, r + 1, cols.labels[col], table.id),
                f"{title} {cells[spending.label_col]}", cols.last(col), tm.amount(cells, col),
                f"{named}该类合计" + ("之和" if len(sources) > 1 else ""), expected,
                f"请核对本表与{named}的该类支出。", unit, fine))
    this_out, carried_out = spending.this_year(), spending.carried()
    if total_out and this_out and carried_out:
        found.append(tm.compare(
            "B-SUMMARY", Location(title, None, total_out[0] + 1, cols.labels[out_value], table.id), title,
            total_out[1], tm.amount(total_out[2], out_value), "本年支出合计 + 年末结转",
            tm.amount(this_out[2], out_value) + tm.amount(carried_out[2], out_value),
            "请核对本年支出合计和年末结转结余。", unit))
    for side in (income, spending):
        found.extend(_item_sums(table, cols, side, unit))
    return found


# --- B-SANGONG -------------------------------------------------------------------------------------

@reads("budget_table")
def sangong(doc) -> list[Finding]:
    """B-SANGONG: 三公 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行; 出国 = its two parts —
    in a table that lists them by rows (河北) or by columns (上海, the national minimum)."""
    findings: list[Finding | None] = []
    for table in tm.tables_of_role(doc, tm.SANGONG):
        cells = tm.sangong_cells(table)
        cols = tm.columns_of(table)
        unit = _unit(doc, table)
        by_rows = bool(cols.label_columns)
        for total, parts in tm.SANGONG_SUMS:
            if not by_rows and total == tm.SANGONG_TOTAL and tm.CAR not in cells and \
                    all(p in cells for p in (tm.CAR_PURCHASE, tm.CAR_RUNNING)):
                parts = (tm.ABROAD, tm.CAR_PURCHASE, tm.CAR_RUNNING, tm.RECEPTION)  # no 小计 printed
            if total not in cells or not all(p in cells for p in parts):
                continue
            names = " + ".join(cells[p][0].label.removeprefix("其中：") for p in parts)
            for k, cell in enumerate(cells[total]):
                summed = sum((cells[p][k].value for p in parts), Decimal(0))
                if by_rows:
                    subject, shown_label = f"三公经费表 {cell.label}", cols.last(cell.col)
                else:
                    rows = len(table.grids["rows"].rows)
                    subject = table.title if rows == 1 else f"{table.title} 第 {cell.row + 1} 行"
                    shown_label = cell.label
                findings.append(tm.compare(
                    "B-SANGONG", Location(table.title, None, cell.row + 1, cols.labels[cell.col], table.id),
                    subject, shown_label, cell.value, names, summed, "请核对三公经费各项。", unit))
    return [f for f in findings if f]


CHECKS = [subject_sums, row_totals, cross_table_totals, projects_vs_project_spending, summary_tables, sangong]
