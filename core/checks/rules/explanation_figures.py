"""The 情况说明 quotes the tables' figures (``2024年预算收入4148.23万元``, ``“一般公共服务支出-…-行政
运行”科目1,202.95万元``); each must agree with its table. A figure is recognised by the words right
before it, so change phrases (``减少2.35万元``) are never mistaken for a total; the table is found by
its role and the column by its meaning (core/document/table_meaning.py), in every template alike. Quotes are
in 万元: against a table in 元 the table's figure is converted exactly and rounded to the decimals the
quote is written with (``9,101.68万元`` quotes 91,016,775.35 元; ``4,614万元`` quotes 46,140,000.00 元).
Each kind of money's share (``基金预算收入0.00万元``) is the 收入总表's column of that meaning, else the
收支总表's row that names it; ``政府采购预算34万元`` is the 政府采购预算表's 合计. What else the text says about
figures (科目 items, changes, 政府采购 parts, the 绩效 sentence) is core/checks/rules/text_figures.py's."""

from __future__ import annotations

import re
from decimal import Decimal

from core.document import forms

from core.values import money
from core.document import table_meaning as tm
from core.checks.validation import Finding, Location, reads

FORM = "部门预算信息公开情况说明"
QUOTED_UNIT = "万元"
_FIGURE = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*万元")
_SUBJECT = re.compile(r"“([^“”]{2,80})”科目\s*(-?\d[\d,]*(?:\.\d+)?)\s*万元")

# What a figure may be of: a table's 合计 row (its role, then the meanings of the column, first found
# first), or an item of the 三公 table.
# (words just before the figure, what it quotes); the first words that match decide.
_NOT_A_PART = "(?<!拨款)(?<!事业)(?<!经营)(?<!其他)(?<!基金)(?<!资本)(?<!预算)(?<!专户)(?<!补助)(?<!上缴)(?<!项目)(?<!基本)"
QUOTED = [
    (r"\d{4}年预算收入", ("table", tm.INCOME, (tm.TOTAL,))),
    (r"\d{4}年支出预算", ("table", tm.SPENDING, (tm.TOTAL,))),
    (r"\d{4}年(?:部门)?预算收支(?:总额)?(?:安排)?|收支总预算", ("table", tm.SPENDING, (tm.TOTAL,))),
    (r"收入总预算", ("table", tm.INCOME, (tm.TOTAL,))),
    (r"支出总预算", ("table", tm.SPENDING, (tm.TOTAL,))),
    (r"一般公共预算收入", ("table", tm.INCOME, (tm.GENERAL_MONEY, tm.FISCAL))),
    # each kind of money's share: the 收入总表's column of that meaning, else the 收支总表's row
    (r"(?:政府性)?基金(?:预算)?(?:拨款)?收入", ("income_part", (tm.FUND_MONEY,), "基金")),
    (r"国有资本经营(?:预算)?(?:拨款)?收入", ("income_part", (tm.CAPITAL_MONEY,), "国有资本经营")),
    (r"财政专户(?:核拨|管理资金|管理)?(?:资金)?收入", ("income_part", (), "财政专户")),
    (r"单位资金收入", ("income_part", (), "单位资金")),
    (r"上级补助收入", ("income_part", (), "上级补助")),
    (r"附属单位上缴收入", ("income_part", (), "附属单位")),
    (r"财政拨款收入(?:预算)?", ("table", tm.INCOME, (tm.FISCAL,))),
    (r"事业单位经营收入", ("table", tm.INCOME, (tm.OPERATING_INCOME,))),
    (r"事业收入", ("table", tm.INCOME, (tm.BUSINESS_INCOME,))),
    (r"其他收入", ("table", tm.INCOME, (tm.OTHER_INCOME,))),
    (r"上年结转(?:结余)?", ("table", tm.INCOME, (tm.CARRIED,))),
    (r"基本支出(?:预算)?", ("table", tm.SPENDING, (tm.BASIC,))),
    (r"项目支出(?:预算)?", ("table", tm.SPENDING, (tm.PROJECT,))),
    (r"人员经费", ("table", tm.GENERAL_BASIC, (tm.PERSONNEL,))),
    (r"(?:日常)?公用经费", ("table", tm.GENERAL_BASIC, (tm.PUBLIC,))),
    (r"机关运行经费(?:预算)?(?:数)?(?:共计)?(?:安排)?", ("operation",)),
    (r"“三公”经费(?:预算)?(?:数)?(?:安排)?", ("sangong", tm.SANGONG_TOTAL)),
    (r"因公出国[（(]境[)）]费", ("sangong", tm.ABROAD)),
    (r"公务用车购置及运(?:行|维)(?:维护)?费", ("sangong", tm.CAR)),
    (r"公务用车购置费", ("sangong", tm.CAR_PURCHASE)),
    (r"公务用车运(?:行|维)(?:维护)?费", ("sangong", tm.CAR_RUNNING)),
    (r"公务接待费", ("sangong", tm.RECEPTION)),
    (r"一般公共预算(?:财政)?拨款支出(?:预算)?", ("table", tm.GENERAL, (tm.TOTAL,))),
    (r"政府性基金(?:预算)?(?:财政)?拨款支出(?:预算)?", ("table", tm.FUND, (tm.TOTAL,))),
    (r"国有资本经营预算(?:财政)?拨款支出(?:预算)?", ("table", tm.CAPITAL, (tm.TOTAL,))),
    (r"财政拨款支出(?:预算)?", ("fiscal_spending",)),
    # 政府采购预算34万元 (never 预留…政府采购项目预算, nor 政府采购货物预算: parts are E-PROCUREMENT's)
    (r"(?<!项目)政府采购(?:预算)?(?:总额|合计|共计|金额)?(?:共)?(?:安排)?", ("procurement",)),
    (_NOT_A_PART + r"收入预算", ("table", tm.INCOME, (tm.TOTAL,))),
    (_NOT_A_PART + r"支出预算", ("table", tm.SPENDING, (tm.TOTAL,))),
]
_QUOTED = [(re.compile(f"(?:{words})(?:为|是)?$"), target) for words, target in QUOTED]
# What a quote may also be of, and is right when it agrees with: a 基本支出 or 项目支出 quoted after
# 财政拨款支出 (a 单位 with 事业收入) is the 一般公共预算 table's, not 支出总表's.
ALSO = {("table", tm.SPENDING, (tm.BASIC,)): (("table", tm.GENERAL, (tm.BASIC,)),),
        ("table", tm.SPENDING, (tm.PROJECT,)): (("table", tm.GENERAL, (tm.PROJECT,)),)}


class _Figure:
    """A table's figure a quote is compared with: its value and unit, and how the message names it;
    ``cells``: where it is, ``(table form, 0-based row, column)`` (core/writing/ remembers them)."""

    def __init__(self, named: str, value: Decimal, unit: str, cells: tuple = ()):
        self.named, self.value, self.unit, self.cells = named, value, unit, cells


def _table_figure(doc, role: str, meanings) -> _Figure | None:
    table = tm.table_of_role(doc, role)
    found = tm.total_figure(table, *meanings) if table is not None else None
    if found is None:
        return None
    cols, col, row, value = found
    return _Figure(f"{table.title}「{cols.last(col)}」", value, doc.money_unit_of(table), ((table, row, col),))


def _sangong_figure(doc, item: str) -> _Figure | None:
    table = tm.table_of_role(doc, tm.SANGONG)
    if table is None:
        return None
    cells = tm.sangong_cells(table).get(item)
    if not cells:
        return None
    cell = tm.sangong_figure(table, cells)
    cols = tm.columns_of(table)
    label = cols.last(cell.col) if cols.label_columns else cell.label
    return _Figure(f"{table.title}「{label}」", cell.value, doc.money_unit_of(table), ((table, cell.row, cell.col),))


def _fiscal_spending(doc) -> _Figure | None:
    """财政拨款支出: the 支出总计 of the 财政拨款收支总表."""
    table = tm.table_of_role(doc, tm.FISCAL_SUMMARY)
    if table is None:
        return None
    _, spending = tm.summary_sides(table)
    grand = spending.grand() if spending is not None else None
    if grand is None:
        return None
    col = spending.values[0]
    return _Figure(f"{table.title}「{grand[1]}」", tm.amount(grand[2], col), doc.money_unit_of(table),
                   ((table, grand[0], col),))


def _income_part(doc, meanings, word: str) -> _Figure | None:
    """A kind of money's income: the 收入总表's column of that meaning where it has one, else the
    row of the 收支总表's 收入 side (or the 财政拨款收支总表's) whose label names it."""
    found = _table_figure(doc, tm.INCOME, meanings) if meanings else None
    if found is not None:
        return found
    for role in (tm.SUMMARY, tm.FISCAL_SUMMARY):
        table = tm.table_of_role(doc, role)
        if table is None:
            continue
        income, _ = tm.summary_sides(table)
        row = income.find(lambda bare: word in bare) if income is not None else None
        if row is not None:
            return _Figure(f"{table.title}「{row[1]}」", tm.amount(row[2], income.values[0]), doc.money_unit_of(table),
                           ((table, row[0], income.values[0]),))
    return None


def procurement_total(doc) -> _Figure | None:
    """The 政府采购预算表's 合计 (its 合计 row under the 合计 column); None without one."""
    return _table_figure(doc, tm.PROCUREMENT, (tm.TOTAL,))


# The tables (by role) each kind of target reads its figure from.
_READS = {"table": lambda target: (target[1],), "income_part": lambda _: (tm.INCOME, tm.SUMMARY, tm.FISCAL_SUMMARY),
          "procurement": lambda _: (tm.PROCUREMENT,), "sangong": lambda _: (tm.SANGONG,),
          "operation": lambda _: (tm.SANGONG, tm.GENERAL_BASIC), "fiscal_spending": lambda _: (tm.FISCAL_SUMMARY,)}


def _figure(doc, target) -> _Figure | None:
    """The figure a quote's ``target`` names, read again only once one of the tables it reads
    changed (after a 支出总表 edit, the 三公 table's figures are not looked up again)."""
    reads = _READS.get(target[0])
    if reads is None:
        return None
    tables = tuple(t for t in (tm.table_of_role(doc, role) for role in reads(target)) if t is not None)
    return tm.remembered(("figure", target), tables, lambda: _figure_from(doc, target))


def _figure_from(doc, target) -> _Figure | None:
    kind = target[0]
    if kind == "table":
        return _table_figure(doc, target[1], target[2])
    if kind == "income_part":
        return _income_part(doc, target[1], target[2])
    if kind == "procurement":
        return procurement_total(doc)
    if kind == "sangong":
        return _sangong_figure(doc, target[1])
    if kind == "operation":  # the 三公 table's 机关运行经费 where it has one, else the 公用经费 (河北)
        return _sangong_figure(doc, tm.OPERATION) or _table_figure(doc, tm.GENERAL_BASIC, (tm.PUBLIC,))
    if kind == "fiscal_spending":
        return _fiscal_spending(doc)
    return None


def _subject_figures(doc, names: list[str]) -> list[_Figure]:
    """The 合计 of the subject a quote names by its path (``一般公共服务支出-政府办公厅（室）及相关机构
    事务-行政运行``): in the 财政拨款 tables (一般公共预算, 政府性基金, 国有资本经营) added up, and in 支出总表."""
    found = []
    for roles in (tm.FISCAL_SPENDING, (tm.SPENDING,)):
        total, units, tables = Decimal(0), set(), []
        for table, cols, col in tm.subject_tables(doc, roles):
            for row in tm.subject_paths(table, cols).get(tuple(names), ()):
                unit = doc.money_unit_of(table)
                total += tm.convert(tm.amount(row.cells, col), unit, "元")
                units.add(unit)
                tables.append(table.title)
        if tables:
            found.append(_Figure(f"{'、'.join(dict.fromkeys(tables))}「{'-'.join(names)}」", total, "元"))
    return found


def quoted_finding(where: Location, subject: str, quoted: Decimal, figure: _Figure, rule: str = "E-QUOTED",
                   unit: str = QUOTED_UNIT, fix: str = "请修改说明中的数字，或核对表格。") -> Finding | None:
    """The text's ``quoted`` (in ``unit``) against a table's figure, the table's converted exactly and
    rounded to the decimals the text prints: None if equal, a 尾差 提示, else an 错误."""
    value, named = figure.value, figure.named
    if figure.unit != unit:  # the table's figure as the quote would print it
        named = f"{named} {money.amount_text(value)}{figure.unit}折合{unit}"
        value = tm.rounded_like(tm.convert(value, figure.unit, unit), quoted)
    return tm.compare(rule, where, subject, "说明中", quoted, named, value, fix, unit)



@reads(forms.EXPLANATION, forms.BUDGET_TABLE)
def quoted_figures(doc) -> list[Finding]:
    """E-QUOTED (错误 / 提示 for 尾差): every figure the 情况说明 quotes equals its table's."""
    explanation = doc.form(forms.EXPLANATION)
    if explanation is None:
        return []
    findings = []
    for where, figures, subjects in tm.remembered("quotes", (explanation,), lambda: _quotes(explanation)):
        found: list[tuple[int, Finding | None]] = []
        for start, subject, quoted, target in figures:
            figure = _figure(doc, target)
            if figure is None or quoted is None:
                continue
            finding = quoted_finding(where, subject, quoted, figure)
            others = (_figure(doc, also) for also in ALSO.get(target, ()) if finding is not None)
            if any(other is not None and quoted_finding(where, subject, quoted, other) is None
                   for other in others):
                finding = None  # it quotes the other table's figure, rightly
            found.append((start, finding))
        for start, subject, quoted, names in subjects:
            figures = _subject_figures(doc, names) if quoted is not None else []
            results = [quoted_finding(where, subject, quoted, f) for f in figures]
            if results and all(results):  # agreeing with the 财政拨款 tables or with 支出总表 is agreeing
                found.append((start, results[0]))
        findings.extend(f for _, f in sorted(found, key=lambda x: x[0]) if f)
    return findings


def _quotes(explanation) -> list[tuple[Location, list, list]]:
    """What each section of the 情况说明 quotes (read once per text, not once per table edit): the
    figures it quotes of a table — (position, how the message names it, the amount, the target of
    QUOTED) — and the subjects it quotes by name — (position, subject, amount, the names)."""
    quotes = []
    for i, section in enumerate(explanation.grids["sections"].records()):
        text = section["text"] or ""
        where = Location(FORM, None, i + 1, "内容", explanation.id)
        figures, subjects = [], []
        for match in _FIGURE.finditer(text):
            before = text[max(0, match.start() - 20):match.start()]
            target = next((target for pattern, target in _QUOTED if pattern.search(before)), None)
            if target is not None:
                phrase = re.split("[，。\n]", before + match.group(0))[-1].strip()
                figures.append((match.start(), f"情况说明「{section['title'] or ''}」中“{phrase}”",
                                money.read_amount(match.group(1)), target))
        for match in _SUBJECT.finditer(text):
            names = [tm.plain(n) for n in re.split(r"[-－—–]", match.group(1))]
            subjects.append((match.start(), f"情况说明「{section['title'] or ''}」中“{match.group(0)}”",
                             money.read_amount(match.group(2)), names))
        quotes.append((where, figures, subjects))
    return quotes


CHECKS = [quoted_figures]
