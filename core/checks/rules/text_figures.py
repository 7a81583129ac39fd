"""The figures of the text, checked against the tables and against themselves (issue 17): the 科目 items
of an 编制说明 (上海: ``1、一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）
1,202.95万元。主要用于：…2024年当年预算执行数为X万元，2025年预算安排Y万元，比2024年预算执行数增加Z%``),
the changes from last year the 情况说明 states (河北: ``较2023年预算减少2.35万元，其中：基本支出减少
117.88万元…``), the 政府采购 figures and the 绩效 sentence (``编报绩效目标的项目11个，涉及项目预算资金6626万元``).

A figure the text states as a table's own number (an item's amount) disagreeing with the table is an
错误 (a 尾差 提示 within 0.03 万元); everything else here is the text against itself or against a figure of
another scope, a 警告. Figures are compared at the precision the text prints them: a percentage is right
when some true figures that print as the text's two amounts give it, printed at its decimals — no
tolerance beyond that, no floor on small amounts. Tables are found by role and columns by meaning
(core/document/table_meaning.py), in every template alike; the text's figures by the words before them
(core/checks/rules/explanation_figures.py, E-QUOTED's list)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from core.document import forms
from core.document import table_meaning as tm
from core.values import money
from core.checks.validation import ERROR, WARNING, Finding, Location, reads
from core.checks.rules import explanation_figures as ef

FORM = ef.FORM
_AMOUNT = r"-?\d[\d,]*(?:\.\d+)?"
_UNIT = r"(?:万元|元)"


# --- reading figures ----------------------------------------------------------------------------------

def _read(text: str) -> Decimal | None:
    return money.read_amount(text)


def _half(value: Decimal) -> Decimal:
    """Half a unit of the last digit ``value`` is printed with (1,202.95 → 0.005; 4,614 → 0.5)."""
    return Decimal(5).scaleb(value.as_tuple().exponent - 1)


def _wan(value: Decimal, unit: str) -> Decimal:
    return tm.convert(value, unit, "万元")


def _shown(value: Decimal) -> str:
    """A figure as the messages print it: its digits as computed, without separators."""
    return format(value, "f")


def _percent(value: Decimal, like: Decimal | None) -> Decimal:
    """A percentage rounded half-up to the decimals ``like`` is printed with (2 without one)."""
    places = max(-like.as_tuple().exponent, 0) if like is not None else 2
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _overlap(lo: Decimal, hi: Decimal, claimed: Decimal, half: Decimal) -> bool:
    return lo <= claimed + half and claimed - half <= hi


def _sections(doc):
    explanation = doc.form(forms.EXPLANATION)
    if explanation is None:
        return None, []
    return explanation, [(i, r["title"] or "", r["text"] or "") for i, r in
                         enumerate(explanation.grids["sections"].records()) if r["text"]]


def _where(explanation, i: int) -> Location:
    return Location(FORM, None, i + 1, "内容", explanation.id)


# --- 科目 items: N、<类名>（204类）<款名>（06款）<项名>（01项）A万元 ------------------------------------

_NOT_CODE = r"(?![（(]\s*\d{2,7}\s*[类款项]\s*[)）])"
_NAME = rf"(?:{_NOT_CODE}[^\n。；;，,：:])"
_LEI = re.compile(r"[（(]\s*(?P<c1>\d{3})\s*类\s*[)）]")  # found first, the rest read from there
_ITEM_REST = re.compile(
    rf"(?:\s*(?P<kuan>{_NAME}{{0,60}}?)\s*[（(]\s*(?P<c2>\d{{5}}|\d{{2}})\s*款\s*[)）])?"
    rf"(?:\s*(?P<xiang>{_NAME}{{0,60}}?)\s*[（(]\s*(?P<c3>\d{{7}}|\d{{2}})\s*项\s*[)）])?"
    rf"[\s:：，,]*(?:支出|预算数|预算|安排|为)*\s*(?P<a>{_AMOUNT})\s*(?P<unit>{_UNIT})")
_NAME_START = re.compile(r"[\n。；;，,：:、][^\n。；;，,：:、]*$")
_EXECUTED = re.compile(rf"(?P<year>\d{{4}})\s*年\s*(?:当年)?\s*(?:预算)?\s*执行数?\s*(?:为|是)?\s*"
                       rf"(?P<x>{_AMOUNT})\s*(?P<unit>{_UNIT})")
_PLANNED = re.compile(rf"(?P<year>\d{{4}})\s*年\s*(?:预算安排|安排预算|预算数|预算)\s*(?:为|是)?\s*"
                      rf"(?P<y>{_AMOUNT})\s*(?P<unit>{_UNIT})")
_ITEM_CHANGE = re.compile(r"比\s*(?:\d{4}\s*年|上年)\s*(?:当年)?\s*(?:预算)?\s*执行数?\s*"
                          r"(?P<dir>增加|增长|上升|减少|下降|降低|持平)\s*(?:(?P<z>\d+(?:\.\d+)?)\s*[%％])?")
_UP, _FLAT_WORDS = ("增加", "增长", "上升"), ("持平",)
LEVELS = ("类", "款", "项")


@dataclass(frozen=True)
class Item:
    number: int                      # 1-based, in its section
    head: str                        # the item's opening as printed, up to its amount
    key: tuple[str, ...] | None      # (类,), (类, 款), (类, 款, 项); None if the codes do not make one
    names: tuple[str | None, ...]    # the 类/款/项 names the text prints (None where it prints none)
    amount: Decimal
    unit: str
    executed: tuple[int, Decimal, str] | None   # (year, X, unit)
    planned: tuple[int, Decimal, str] | None    # (year, Y, unit)
    change: tuple[str, Decimal | None, str] | None  # (增加/减少/持平, Z, the phrase)


def _key(c1: str, c2: str | None, c3: str | None) -> tuple[str, ...] | None:
    key = [c1]
    if c2:
        if len(c2) == 5:
            if c2[:3] != c1:
                return None
            c2 = c2[3:]
        key.append(c2)
    if c3:
        if len(c3) == 7:
            if c3[:3] != c1 or (c2 and c3[3:5] != c2):
                return None
            key[1:] = [c3[3:5]]
            c3 = c3[5:]
        elif not c2:
            return None
        key.append(c3)
    return tuple(key)


@lru_cache(maxsize=128)
def items_of(text: str) -> tuple[Item, ...]:
    """The 科目 items of a text, each with what its body says (执行数, 预算安排, the change)."""
    heads = []  # (start of the item, its 类 name, the rest of its opening)
    for mark in _LEI.finditer(text):
        rest = _ITEM_REST.match(text, mark.end())
        if rest is None:
            continue
        before = text[max(0, mark.start() - 40):mark.start()]
        cut = _NAME_START.search(before)
        lei = before[cut.start() + 1:] if cut else before
        heads.append((mark.start() - len(lei), lei, mark, rest))
    found = []
    for n, (start, lei, mark, m) in enumerate(heads):
        amount = _read(m.group("a"))
        if amount is None:
            continue
        body = text[m.end():heads[n + 1][0] if n + 1 < len(heads) else len(text)]
        executed = planned = change = None
        if (e := _EXECUTED.search(body)) and (x := _read(e.group("x"))) is not None:
            executed = (int(e.group("year")), x, e.group("unit"))
        if (p := _PLANNED.search(body)) and (y := _read(p.group("y"))) is not None:
            planned = (int(p.group("year")), y, p.group("unit"))
        if c := _ITEM_CHANGE.search(body):
            z = Decimal(c.group("z")) if c.group("z") else None
            change = (c.group("dir"), z, c.group(0))
        names = (tm.bare_label(tm.plain(lei)) or None, tm.plain(m.group("kuan")) or None,
                 tm.plain(m.group("xiang")) or None)
        key = _key(mark.group("c1"), m.group("c2"), m.group("c3"))
        head = tm.bare_label(text[start:m.end()].strip())
        found.append(Item(len(found) + 1, head, key, names[:len(key)] if key else names, amount,
                          m.group("unit"), executed, planned, change))
    return tuple(found)


class Subjects:
    """The document's 科目 by code, as the tables print them: each code's 合计 in the 财政拨款 tables
    (一般公共预算, 政府性基金, 国有资本经营: added up) and in the 支出 table, and its name."""

    def __init__(self, doc):
        self.amounts: dict[tuple[str, ...], list[ef._Figure]] = {}
        self.names: dict[tuple[str, ...], tuple[str, str]] = {}  # key → (name, table title)
        self.any_table = False
        for roles, counted in ((tm.FISCAL_SPENDING, True), ((tm.SPENDING,), True), ((tm.INCOME,), False)):
            totals: dict[tuple[str, ...], Decimal] = {}
            titles: dict[tuple[str, ...], list[str]] = {}
            units: dict[tuple[str, ...], set[str]] = {}
            native: dict[tuple[str, ...], Decimal] = {}  # added up as printed (used when all share a unit)
            for role in roles:
                for table in tm.tables_of_role(doc, role):
                    cols = tm.columns_of(table)
                    rows = tm.subject_rows(table, cols)
                    if not rows:
                        continue
                    self.any_table = True
                    col = cols.find(tm.TOTAL)
                    unit = doc.money_unit_of(table)
                    for row in rows:
                        if cols.name is not None and row.key not in self.names and tm.plain(row.cells[cols.name]):
                            self.names[row.key] = (tm.plain(row.cells[cols.name]), table.title)
                        if col is not None and counted:
                            totals[row.key] = totals.get(row.key, Decimal(0)) + \
                                tm.convert(tm.amount(row.cells, col), unit, "元")
                            titles.setdefault(row.key, []).append(table.title)
                            units.setdefault(row.key, set()).add(unit)
                            native[row.key] = native.get(row.key, Decimal(0)) + tm.amount(row.cells, col)
            for key, total in totals.items():
                one = len(units[key]) == 1  # in the tables' own unit where they share one
                self.amounts.setdefault(key, []).append(
                    ef._Figure(f"{'、'.join(dict.fromkeys(titles[key]))}「{''.join(key)}」",
                               native[key] if one else total, next(iter(units[key])) if one else "元"))

    def paths(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Each code's path of names (类名, 款名, 项名) as the tables print them."""
        found = {}
        for key in self.names:
            path = tuple(self.names.get(key[:k + 1], ("",))[0] for k in range(len(key)))
            found[key] = path
        return found


def _against_tables(where, subject: str, value: Decimal, unit: str, figures, rule: str, fix: str):
    """The text's figure against each table's: agreeing with one is agreeing; else the first's finding."""
    results = [ef.quoted_finding(where, subject, value, f, rule, unit, fix) for f in figures]
    return results[0] if results and all(results) else None


@reads(forms.EXPLANATION, forms.BUDGET_TABLE)
def subject_items(doc) -> list[Finding]:
    """E-ITEM (错误 / 提示 for 尾差; 警告 for a code no table has): each 科目 item's opening amount and its
    预算安排 equal the table's 合计 for that code."""
    explanation, sections = _sections(doc)
    findings: list[Finding] = []
    subjects = None
    for i, title, text in sections:
        items = items_of(text)
        if not items:
            continue
        subjects = subjects or Subjects(doc)
        where = _where(explanation, i)
        for item in items:
            code = "".join(item.key) if item.key else None
            subject = f"情况说明「{title}」第 {item.number} 项“{item.head}”"
            figures = subjects.amounts.get(item.key, []) if item.key else []
            fix = "请按表中该科目的合计修改说明中的金额，或核对表格。"
            if figures:
                found = _against_tables(where, subject, item.amount, item.unit, figures, "E-ITEM", fix)
                if found:
                    findings.append(found)
                if item.planned is not None and item.planned[1:] != (item.amount, item.unit):
                    _, y, unit = item.planned
                    found = _against_tables(where, f"{subject}中“{item.planned[0]}年预算安排{y}{unit}”", y, unit,
                                            figures, "E-ITEM", fix)
                    if found:
                        findings.append(found)
                continue
            if subjects.any_table and code:
                findings.append(Finding("E-ITEM", WARNING, where,
                                        f"{subject}：表中没有科目 {code}。请核对说明中的科目编码，或在一般公共预算"
                                        f"支出表（支出表）中补上该科目。"))
            if item.planned is not None and _wan(item.planned[1], item.planned[2]) != _wan(item.amount, item.unit):
                findings.append(Finding("E-ITEM", WARNING, where,
                                        f"{subject}：开头的 {item.amount}{item.unit} 与后面的“{item.planned[0]}年预算安排"
                                        f"{item.planned[1]}{item.planned[2]}”不一致。请核对并统一这两个金额。"))
    return findings


def _name(text: str) -> str:
    """A 科目 name as compared: no whitespace, brackets of either width alike."""
    return tm.plain(text).replace("(", "（").replace(")", "）")


def _same_name(a: str, b: str) -> bool:
    return _name(a) == _name(b)


@reads(forms.EXPLANATION, forms.BUDGET_TABLE)
def subject_names(doc) -> list[Finding]:
    """E-ITEM-NAME (警告): the 类/款/项 names the text gives a 科目 — by its codes (``行政运行（01项）``) or
    by its path (``“一般公共服务支出-…-行政运行”科目``) — are the names the tables print for it."""
    explanation, sections = _sections(doc)
    findings: list[Finding] = []
    subjects = paths = normal = known = None
    for i, title, text in sections:
        items = items_of(text)
        quoted = list(ef._SUBJECT.finditer(text))
        if not items and not quoted:
            continue
        if subjects is None:
            subjects = Subjects(doc)
            paths = subjects.paths()
            normal = {key: tuple(map(_name, path)) for key, path in paths.items()}
            known = set(normal.values())
        if not subjects.names:
            return []
        where = _where(explanation, i)
        for item in items:
            if not item.key:
                continue
            subject = f"情况说明「{title}」第 {item.number} 项“{item.head}”"
            for k, name in enumerate(item.names):
                printed = subjects.names.get(item.key[:k + 1])
                if not name or printed is None or _same_name(name, printed[0]):
                    continue
                code = "".join(item.key[:k + 1])
                findings.append(Finding("E-ITEM-NAME", WARNING, where,
                                        f"{subject}：说明中{LEVELS[k]}级科目 {code} 名为“{name}”，{printed[1]}中为"
                                        f"“{printed[0]}”。请改用表中的科目名称，或核对科目编码。"))
        for match in quoted:
            names = tuple(tm.plain(n) for n in re.split(r"[-－—–]", match.group(1)))
            wanted = tuple(map(_name, names))
            if wanted in known or any(path[-len(wanted):] == wanted for path in known if len(path) > len(wanted)):
                continue  # as printed, or by its lower names alone (“行政运行”科目)
            quoted_amount = _read(match.group(2))
            subject = f"情况说明「{title}」中{match.group(0)}"
            near = [(key, paths[key]) for key, path in normal.items() if len(path) == len(wanted) > 1
                    and sum(a != b for a, b in zip(path, wanted)) == 1]
            if len(near) > 1 and quoted_amount is not None:  # the one whose amount the text quotes
                agreeing = [(key, path) for key, path in near if any(
                    ef.quoted_finding(where, subject, quoted_amount, f) is None for f in subjects.amounts.get(key, []))]
                near = agreeing or near
            if len(near) == 1:
                key, path = near[0]
                k = next(k for k in range(len(path)) if _name(path[k]) != wanted[k])
                findings.append(Finding("E-ITEM-NAME", WARNING, where,
                                        f"{subject}：{LEVELS[k]}级科目名称“{names[k]}”与表中不符，科目 {''.join(key[:k + 1])} "
                                        f"在{subjects.names[key[:k + 1]][1]}中为“{path[k]}”。请改用表中的科目名称。"))
            else:
                findings.append(Finding("E-ITEM-NAME", WARNING, where,
                                        f"{subject}：表中找不到名为“{'-'.join(names)}”的科目，无法核对其金额。"
                                        f"请按表中的类、款、项名称书写（用“-”连接）。"))
    return findings


# --- changes from last year -------------------------------------------------------------------------

@dataclass(frozen=True)
class Stated:
    """A figure of the text: its value and unit, where it is, the words before it in its clause, and
    what it is of (E-QUOTED's target, None if not one of them)."""

    start: int
    value: Decimal
    unit: str
    words: str
    target: tuple | None
    last_year: bool = False     # last year's figure (``2023年预算为950万元``, ``上年预算数…``)


@dataclass(frozen=True)
class Change:
    """A change the text states: ``较2023年预算减少2.35万元``, ``同比无增减变化``, ``增长3.5%``."""

    start: int
    phrase: str
    sign: int                   # +1 增加, -1 减少, 0 持平
    amount: Decimal | None      # in 万元 (None for a 持平 without one)
    printed: Decimal | None     # as printed
    unit: str | None
    percent: Decimal | None
    base: Stated | None         # the figure this is the change of (same sentence), if the text gives it
    target: tuple | None        # what it is the change of
    last: Stated | None = None  # last year's figure of it, where the sentence gives one


_CHANGE = re.compile(
    rf"(?P<dir>增加|增长|上升|减少|下降|降低)了?\s*(?P<x>{_AMOUNT})\s*(?P<unit>{_UNIT})"
    r"(?:\s*[，,]?\s*(?:同比)?(?:增长|下降|增幅|降幅|减少|增加|降低|上升)(?:率|幅度)?(?:为|了)?\s*"
    r"(?P<p>\d+(?:\.\d+)?)\s*[%％])?")
_FLAT = re.compile(r"持平|无增减变化|无增减|无变化|没有变化|保持不变|未发生变化")
_FIGURE = re.compile(rf"(?P<x>{_AMOUNT})\s*(?P<unit>{_UNIT})")
_COMPARED = re.compile(r"(?:(?:比|较|与|同)(?:上年|上一年|\d{4}\s*年)[^，,。；;：:]*?(?:相比|相较)?|同比|相比|较上年|比上年)\s*$")
_LEAD = re.compile(r"^(?:其中|主要为|主要是|主要用于|包括|含)[：:]?")
_QUOTED_TARGETS = [(re.compile(f"(?:{words})(?:为|是|共计|安排|预算|数)*$"), target) for words, target in ef.QUOTED]


def _target(words: str) -> tuple | None:
    for pattern, target in _QUOTED_TARGETS:
        if pattern.search(words):
            return target
    return None


def _clause_words(text: str, start: int, end: int) -> str:
    """The words of ``text[start:end]`` after the last clause mark (，。；：, a new line)."""
    piece = text[max(start, end - 80):end]  # a clause is short: never look further back
    cut = max(piece.rfind(c) for c in "，,。；;：:\n")
    return tm.bare_label(piece[cut + 1:].strip())


def _last_year(words: str, year: int | None) -> bool:
    """Words before a figure naming last year (``2023年预算为``, ``上年预算数``; not ``上年结转``, ``上年末``)."""
    if re.search(r"结转|结余|年末|年底", words):
        return False
    return bool(re.search(r"上年|上一年|去年", words)) or (year is not None and f"{year - 1}年" in words.replace(" ", ""))


_MAYBE_CHANGE = re.compile(r"增|减|升|降|持平|变化|不变")


def _within(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` falls in one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= at < spans[k][1]


def _stated(sentence: str, year: int | None, inside) -> list[Stated]:
    """The figures a sentence states (not the change amounts at ``inside``, not percentages)."""
    stated = []
    for m in _FIGURE.finditer(sentence):
        if _within(inside, m.start()):
            continue
        value = _read(m.group("x"))
        if value is None or sentence[m.end():m.end() + 1] in ("%", "％"):
            continue
        words = _LEAD.sub("", _clause_words(sentence, 0, m.start()))
        last = _last_year(words, year) and not _COMPARED.search(words)
        stated.append(Stated(m.start(), value, m.group("unit"), words, None if last else _target(words), last))
    return stated


@lru_cache(maxsize=128)
def changes_of(text: str, year: int | None = None) -> tuple[Change, ...]:
    """The changes a text states, each with the figure and subject it belongs to: the words before it
    name the subject (``基本支出减少117.88万元``), else it follows a figure of its sentence
    (``4148.23万元，较2023年预算减少2.35万元``), else it opens a sentence after one that states a total
    and its parts (``…公务接待费3.15万元。与2023年相比减少0.03万元``: of the total)."""
    found: list[Change] = []
    previous: list[Stated] | None = []  # the figures of the sentence before (None: not read yet)
    previous_text = ""
    offset = 0
    for sentence in re.split(r"(?<=[。\n])", text):
        if not _MAYBE_CHANGE.search(sentence):
            previous, previous_text = None, sentence
            offset += len(sentence)
            continue
        spans = [(m.start(), m.end(), m) for m in _CHANGE.finditer(sentence)]
        change_at = {s for s, _, _ in spans}
        inside = [(s, e) for s, e, _ in spans]
        stated = _stated(sentence, year, inside)
        starts = [f.start for f in stated]
        marks = [(s, m) for s, _, m in spans] + [(m.start(), m) for m in _FLAT.finditer(sentence)
                                                   if not _within(inside, m.start())]
        for at, m in sorted(marks, key=lambda x: x[0]):
            flat = at not in change_at
            words = _clause_words(sentence, 0, at)
            if "执行" in words:
                continue  # 比2024年预算执行数持平: a 科目 item's, read with the item
            bare = _LEAD.sub("", _COMPARED.sub("", words)).strip()
            base = None
            target = _target(bare) if bare else None
            before = stated[:bisect.bisect_left(starts, at)]
            last = next((f for f in reversed(before) if f.last_year), None)
            if not bare:
                base = next((f for f in reversed(before) if not f.last_year), None)
                if base is None and at <= 40 and _COMPARED.fullmatch(sentence[:at].strip()) is not None:
                    if previous is None:
                        previous = _stated(previous_text, year, [])
                    # 与2023年相比减少0.03万元: of the total the sentence before states
                    base = next((f for f in previous if not f.last_year), None)
                target = base.target if base is not None else None
            if flat:
                found.append(Change(offset + at, (words + m.group(0)).strip(), 0, None, None, None, None, base, target,
                                    last if base is not None else None))
                continue
            x = _read(m.group("x"))
            if x is None:
                continue
            sign = 1 if m.group("dir") in _UP else -1
            percent = Decimal(m.group("p")) if m.group("p") else None
            found.append(Change(offset + at, (words + m.group(0)).strip(), sign, _wan(x, m.group("unit")), x,
                                m.group("unit"), percent, base, target, last if base is not None else None))
        previous, previous_text = stated, sentence
        offset += len(sentence)
    return tuple(found)


# Totals and their parts, by E-QUOTED's targets: a total's change is the sum of its parts' changes.
_SPENDING = ("table", tm.SPENDING, (tm.TOTAL,))
_BASIC, _PROJECT = ("table", tm.SPENDING, (tm.BASIC,)), ("table", tm.SPENDING, (tm.PROJECT,))
_PERSONNEL, _PUBLIC = ("table", tm.GENERAL_BASIC, (tm.PERSONNEL,)), ("table", tm.GENERAL_BASIC, (tm.PUBLIC,))
FAMILIES = (
    (_SPENDING, (_BASIC, _PROJECT)),
    (_BASIC, (_PERSONNEL, _PUBLIC)),
    (("sangong", tm.SANGONG_TOTAL), (("sangong", tm.ABROAD), ("sangong", tm.CAR), ("sangong", tm.RECEPTION))),
    (("sangong", tm.CAR), (("sangong", tm.CAR_PURCHASE), ("sangong", tm.CAR_RUNNING))),
    (("fiscal_spending",), (("table", tm.GENERAL, (tm.TOTAL,)), ("table", tm.FUND, (tm.TOTAL,)),
                            ("table", tm.CAPITAL, (tm.TOTAL,)))),
)


def _rate_findings(where, title: str, change: Change) -> list[Finding]:
    """A change with its percentage and the figure it is of: the percentage recomputed."""
    base = change.base
    if change.percent is None or base is None or change.amount is None:
        return []
    a, ha = _wan(base.value, base.unit), _wan(_half(base.value), base.unit)
    x, hx = change.amount, _wan(_half(change.printed), change.unit)
    last_lo, last_hi = a - change.sign * x - ha - hx, a - change.sign * x + ha + hx  # last year's, as printed
    subject = f"情况说明「{title}」中“{base.words}{_shown(base.value)}{base.unit}，{change.phrase}”"
    if last_hi <= 0:
        return [Finding("E-CHANGE", WARNING, where,
                        f"{subject}：增加额 {_shown(change.printed)}{change.unit} 不小于本年数 {_shown(base.value)}{base.unit}，"
                        f"上年数就不是正数，无法增长 {change.percent}%。请核对增减额和本年数。")]
    x_lo, x_hi = max(x - hx, Decimal(0)), x + hx
    lo = x_lo * 100 / last_hi
    if last_lo <= 0 or _overlap(lo, x_hi * 100 / last_lo, change.percent, _half(change.percent)):
        return []
    last = a - change.sign * x
    expected = _percent(x * 100 / last, change.percent)
    return [Finding("E-CHANGE", WARNING, where,
                    f"{subject}：按说明中的本年数 {_shown(base.value)}{base.unit} 和增减额 {_shown(change.printed)}{change.unit}，"
                    f"上年数为 {_shown(last)}万元，{'增长' if change.sign > 0 else '下降'}幅度应为 {expected}%，说明写的是 "
                    f"{change.percent}%。请重新计算百分比，或核对这两个金额。")]


def _both_findings(where, title: str, change: Change) -> list[Finding]:
    """A change whose sentence gives this year's figure and last year's (``2024年预算1000万元，2023年预算
    为950万元，增加50万元，增长5.26%``): the change and its percentage recomputed from the two."""
    base, last = change.base, change.last
    a, ha = _wan(base.value, base.unit), _wan(_half(base.value), base.unit)
    b, hb = _wan(last.value, last.unit), _wan(_half(last.value), last.unit)
    lo, hi = a - ha - b - hb, a + ha - b + hb  # this year − last year, as printed
    subject = (f"情况说明「{title}」中“{base.words}{_shown(base.value)}{base.unit}”、“{last.words}{_shown(last.value)}"
               f"{last.unit}”，“{change.phrase}”")
    diff = a - b
    right = f"{'增加' if diff > 0 else '减少'}{_shown(abs(diff))}万元" if diff else "持平"
    fix = "请按两年的金额改正增减额（或方向），或核对这两个金额。"
    if change.sign == 0:
        if lo <= 0 <= hi:
            return []
        return [Finding("E-CHANGE", WARNING, where, f"{subject}：两年的金额不相等，应为{right}。{fix}")]
    x, hx = change.amount, _wan(_half(change.printed), change.unit)
    if not _overlap(lo, hi, change.sign * x, hx):
        return [Finding("E-CHANGE", WARNING, where, f"{subject}：按两年的金额应为{right}。{fix}")]
    if change.percent is None or b - hb <= 0:
        return []
    p_lo, p_hi = ((a - ha) / (b + hb) - 1) * 100, ((a + ha) / (b - hb) - 1) * 100
    if _overlap(p_lo, p_hi, change.sign * change.percent, _half(change.percent)):
        return []
    expected = _percent(abs(diff) * 100 / b, change.percent)
    return [Finding("E-CHANGE", WARNING, where,
                    f"{subject}：按两年的金额，{'增长' if diff > 0 else '下降'}幅度应为 {expected}%，说明写的是 "
                    f"{change.percent}%。请重新计算百分比。")]


def _said(change: Change) -> str:
    """A change as the text says it, with the figure it is the change of where its words do not name it."""
    if change.base is None:
        return change.phrase
    return f"{change.base.words}{_shown(change.base.value)}{change.base.unit}，{change.phrase}"


def _family_findings(where, title: str, changes: list[Change]) -> list[Finding]:
    """Each total whose change and every part's change the section states: the parts add up to it,
    within the rounding of the printed figures."""
    by_target: dict[tuple, Change] = {}
    for change in changes:
        if change.target is not None:
            by_target.setdefault(change.target, change)
    findings = []
    for total, parts in FAMILIES:
        whole = by_target.get(total)
        if whole is None or not all(p in by_target for p in parts):
            continue
        stated = [by_target[p] for p in parts]
        value = lambda c: c.sign * c.amount if c.amount is not None else Decimal(0)  # noqa: E731
        half = lambda c: _wan(_half(c.printed), c.unit) if c.printed is not None else Decimal(0)  # noqa: E731
        gap = value(whole) - sum(value(c) for c in stated)
        if abs(gap) <= half(whole) + sum(half(c) for c in stated):
            continue
        listed = "、".join(f"“{_said(c)}”" for c in stated)
        total_sum = sum(value(c) for c in stated)
        findings.append(Finding("E-CHANGE", WARNING, where,
                                f"情况说明「{title}」中“{_said(whole)}”，而其各部分的增减 {listed} 合计为"
                                f"{'增加' if total_sum > 0 else '减少' if total_sum < 0 else '持平'}"
                                f"{_shown(abs(total_sum)) + '万元' if total_sum else ''}（差 {_shown(abs(gap))}万元）。"
                                f"总额的增减应等于各部分增减之和：请核对这些增减额和增减方向。"))
    return findings


def _item_change_findings(where, title: str, item: Item) -> list[Finding]:
    """A 科目 item's 比上年执行数 增加/减少 Z%: its direction from the sign of Y − X, and Z recomputed."""
    if item.change is None or item.executed is None:
        return []
    word, z, phrase = item.change
    _, x, ux = item.executed
    _, y, uy = item.planned or (None, item.amount, item.unit)  # without one, the opening amount
    xw, yw = _wan(x, ux), _wan(y, uy)
    hx, hy = _wan(_half(x), ux), _wan(_half(y), uy)
    subject = (f"情况说明「{title}」第 {item.number} 项“{item.head}”：执行数 {_shown(x)}{ux}、预算安排 "
               f"{_shown(y)}{uy}")
    if word in _FLAT_WORDS:
        if xw == yw:
            return []
        return [Finding("E-CHANGE", WARNING, where,
                        f"{subject}，说明写“{phrase}”，但两个金额不相等（{'增加' if yw > xw else '减少'}"
                        f"{_shown(abs(yw - xw))}万元）。请改写增减和百分比，或核对金额。")]
    sign = 1 if word in _UP else -1
    if xw - hx <= 0:
        return []  # no last year's figure to grow from: no percentage to recompute
    lo, hi = ((yw - hy) / (xw + hx) - 1) * 100, ((yw + hy) / (xw - hx) - 1) * 100
    actual = (yw / xw - 1) * 100
    if (sign > 0 and hi <= 0) or (sign < 0 and lo >= 0):
        right = "减少" if actual < 0 else "增加" if actual > 0 else "持平"
        return [Finding("E-CHANGE", WARNING, where,
                        f"{subject}，说明写“{phrase}”，但预算安排{'少于' if actual < 0 else '不少于'}执行数，应为“{right}"
                        f"{_percent(abs(actual), z) if actual else ''}{'%' if actual else ''}”。请改正增减方向，或核对金额。")]
    if z is None or _overlap(lo, hi, sign * z, _half(z)):
        return []
    return [Finding("E-CHANGE", WARNING, where,
                    f"{subject}，按这两个金额计算应为{'增加' if actual > 0 else '减少'} {_percent(abs(actual), z)}%，"
                    f"说明写的是“{phrase}”。请按两个金额重新计算百分比（保留说明中的小数位），或核对金额。")]


@reads(forms.EXPLANATION)
def stated_changes(doc) -> list[Finding]:
    """E-CHANGE (警告): the changes from last year the text states agree with its own figures — a 科目
    item's 增加/减少 and percentage with its 执行数 and 预算安排; a change's percentage with the figure it is
    of; a total's change with the sum of its parts' (支出 = 基本 + 项目, 基本 = 人员 + 公用, 三公 = 出国 + 车 +
    接待, 车 = 购置 + 运行, 财政拨款支出 = 一般公共预算 + 政府性基金 + 国有资本经营)."""
    explanation, sections = _sections(doc)
    findings: list[Finding] = []
    for i, title, text in sections:
        where = _where(explanation, i)
        for item in items_of(text):
            findings.extend(_item_change_findings(where, title, item))
        changes = changes_of(text, doc.year)
        for change in changes:
            if change.base is not None and change.last is not None:
                findings.extend(_both_findings(where, title, change))
            else:
                findings.extend(_rate_findings(where, title, change))
        findings.extend(_family_findings(where, title, list(changes)))
    return findings


# --- 政府采购 -------------------------------------------------------------------------------------------

_PROCUREMENT_TOTAL = re.compile(r"(?<!项目)政府采购(?:预算)?(?:总额|合计|共计|金额)?(?:共)?(?:安排)?(?:为|是)?$")
_PROCUREMENT_PARTS = (("A", "货物", re.compile(r"货物(?:类)?(?:采购)?(?:预算)?(?:金额)?(?:为|是)?$")),
                      ("B", "工程", re.compile(r"工程(?:类)?(?:采购)?(?:预算)?(?:金额)?(?:为|是)?$")),
                      ("C", "服务", re.compile(r"服务(?:类)?(?:采购)?(?:预算)?(?:金额)?(?:为|是)?$")))
_CATALOGUE = re.compile(r"目录|品目")


@dataclass(frozen=True)
class Procurement:
    phrase: str
    total: tuple[Decimal, str]
    parts: dict  # "A"/"B"/"C" → (value, unit, words)


@lru_cache(maxsize=128)
def procurements_of(text: str) -> tuple[Procurement, ...]:
    """The 政府采购 totals a text states, each with the 货物/工程/服务 parts its sentence (or the 其中 sentence
    after it) gives."""
    found = []
    current = None
    for sentence in re.split(r"(?<=[。\n])", text) if "政府采购" in text else ():
        if not sentence.lstrip().startswith("其中"):
            current = None
        if "政府采购" not in sentence and current is None:
            continue
        figures = [(m, _read(m.group("x"))) for m in _FIGURE.finditer(sentence)]
        for m, value in figures:
            if value is None:
                continue
            before = sentence[max(0, m.start() - 20):m.start()].rstrip()
            if _PROCUREMENT_TOTAL.search(before):
                current = Procurement(_clause_words(sentence, 0, m.start()) + m.group(0),
                                      (value, m.group("unit")), {})
                found.append(current)
                continue
            if current is None:
                continue
            for letter, word, pattern in _PROCUREMENT_PARTS:
                if pattern.search(before) and letter not in current.parts:
                    words = re.split("[、，,；;：:]", sentence[max(0, m.start() - 40):m.start()])[-1].strip()
                    current.parts[letter] = (value, m.group("unit"), words + m.group(0))
                    break
    return tuple(found)


def _procurement_split(doc):
    """The 政府采购预算表's item rows added up by the first letter of their 品目 (目录) code — A 货物,
    B 工程, C 服务 — and in all; None without such a table, or an item amount column."""
    table = tm.table_of_role(doc, tm.PROCUREMENT)
    if table is None:
        return None
    cols = tm.columns_of(table)
    col = cols.find(tm.TOTAL)
    if col is None:
        return None
    catalogue = next((i for i, label in enumerate(cols.labels) if _CATALOGUE.search(cols.last(i))), None)
    rows = table.grids["rows"].rows
    total_at = tm.total_row(table, cols)
    sums = {"A": Decimal(0), "B": Decimal(0), "C": Decimal(0)}
    everything, coded = Decimal(0), 0
    for r, row in enumerate(rows):
        if r == total_at:
            continue
        value = tm.amount(row.cells, col)
        everything += value
        letter = tm.plain(row.cells[catalogue])[:1].upper() if catalogue is not None else ""
        if letter in sums:
            sums[letter] += value
            coded += 1
    return table, doc.money_unit_of(table), total_at, everything, sums if coded else None, len(rows)


@reads(forms.EXPLANATION, forms.BUDGET_TABLE)
def procurement(doc) -> list[Finding]:
    """E-PROCUREMENT (警告): the 政府采购 total the text states is its 货物 + 工程 + 服务; against a
    政府采购预算表, each part is that table's items of the 品目 (A 货物, B 工程, C 服务), and the total is
    its items' sum where the table prints no 合计 row (E-QUOTED compares it with a 合计 row)."""
    explanation, sections = _sections(doc)
    findings: list[Finding] = []
    split = None
    for i, title, text in sections:
        stated = procurements_of(text)
        if not stated:
            continue
        where = _where(explanation, i)
        split = split or _procurement_split(doc) or ()
        for p in stated:
            subject = f"情况说明「{title}」中“{p.phrase}”"
            value, unit = p.total
            if len(p.parts) == 3:
                parts = [p.parts[k] for k in "ABC"]
                total = sum(_wan(v, u) for v, u, _ in parts)
                slack = _wan(_half(value), unit) + sum(_wan(_half(v), u) for v, u, _ in parts)
                if abs(_wan(value, unit) - total) > slack:
                    findings.append(Finding("E-PROCUREMENT", WARNING, where,
                                            f"{subject}：合计 {_shown(value)}{unit} ≠ 货物 + 工程 + 服务 "
                                            f"{_shown(total)}万元（{'、'.join(f'“{w}”' for _, _, w in parts)}）。"
                                            f"请核对政府采购预算的合计和各类金额。"))
            if not split:
                continue
            table, table_unit, total_at, everything, sums, n_rows = split
            if total_at is None:
                figure = ef._Figure(f"{table.title}各采购项目之和", everything, table_unit)
                found = ef.quoted_finding(where, subject, value, figure, "E-PROCUREMENT", unit,
                                          "表中没有合计行，按各行相加；请核对说明中的政府采购预算，或政府采购预算表的各项目。")
                if found is not None:
                    findings.append(_as_warning(found))
            if sums is None:
                continue
            for letter, word, _ in _PROCUREMENT_PARTS:
                if letter not in p.parts:
                    continue
                v, u, words = p.parts[letter]
                figure = ef._Figure(f"{table.title}品目 {letter} 开头的{word}类项目之和", sums[letter], table_unit)
                found = ef.quoted_finding(where, f"情况说明「{title}」中“{words}”", v, figure, "E-PROCUREMENT", u,
                                          "请核对说明中的金额，或表中各项目的政府采购品目。")
                if found is not None:
                    findings.append(_as_warning(found))
    return findings


def _as_warning(found: Finding) -> Finding:
    """A difference of a scope-dependent comparison: a 警告 where the table's own figure would be an 错误."""
    if found.severity != ERROR:
        return found
    return Finding(found.rule, WARNING, found.location, found.message)


# --- the 绩效 sentence ---------------------------------------------------------------------------------

_PERFORMANCE = re.compile(
    r"(?:编报|设置|申报|填报|实行|开展|编制|纳入)(?:了)?(?:项目)?(?:预算)?绩效目标(?:管理)?的项目(?:共|数)?(?:为|有)?\s*"
    rf"(?P<n>\d+)\s*个[^。\n]{{0,30}}?(?:涉及|金额|资金|预算)[^。\n\d]{{0,20}}?(?P<x>{_AMOUNT})\s*(?P<unit>{_UNIT})")


@reads(forms.EXPLANATION, forms.BUDGET_TABLE)
def performance_projects(doc) -> list[Finding]:
    """E-PERFORMANCE (警告): the money of the projects with 绩效目标 (``编报绩效目标的项目11个，涉及项目预算
    资金6626万元``) against the tables' 项目支出 — a 警告, since not every project may have targets."""
    explanation, sections = _sections(doc)
    findings: list[Finding] = []
    for i, title, text in sections:
        for m in _PERFORMANCE.finditer(text):
            value = _read(m.group("x"))
            if value is None:
                continue
            figures = [f for f in (ef._figure(doc, t) for t in (("table", tm.SPENDING, (tm.PROJECT,)),
                                                                 ("table", tm.GENERAL, (tm.PROJECT,)))) if f]
            if not figures:
                continue
            where = _where(explanation, i)
            subject = f"情况说明「{title}」中“{m.group(0)}”"
            fix = ("编报绩效目标的项目可能不是全部项目，口径可能不同：请核对是否所有项目都编报了绩效目标、金额是否为"
                   "这些项目的预算之和；口径不同的，可在出错说明中写明原因。")
            results = [ef.quoted_finding(where, subject, value, f, "E-PERFORMANCE", m.group("unit"), fix)
                       for f in figures]
            if all(results):
                findings.append(_as_warning(results[0]))
    return findings


CHECKS = [subject_items, subject_names, stated_changes, procurement, performance_projects]
