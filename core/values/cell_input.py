"""What an officer may type into a cell or field, by the kind of value it holds.

``read_input(kind, text, options, context)`` turns raw input into the text stored in the document
(an :class:`Entry`, which also says whether an amount was rounded), or raises :class:`InputError`
with a Chinese message (the caller keeps the old value); ``normalize`` is the same, giving only the
stored text. What the document around the value decides (its money unit, how the project's other
spending-plan points are written) comes in one explicit :class:`InputContext`: build it with
:func:`core.document.edits.input_context`. Imported text bypasses this: it is kept as printed, and
validation reports what is odd about it (:func:`code_problem` says what is wrong with a code).

Every text that enters a document — typed (:func:`clean_text`) or imported
(:func:`core.file.json_format.from_json`, which every reader goes through) — first loses the characters
that are not text, in one place: :func:`plain_text`. A document therefore never holds a control
character, and every text it holds can be written to .xlsx (XML 1.0), SQLite and PDF.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from core.values import money
from core.errors import InputError

TEXT = "text"            # one line or more of free text, kept as typed
CODE = "code"            # 项目编码, 单位编码: ASCII letters and digits, maybe - or _ between
SUBJECT_CODE = "subject_code"  # a 公开表's 科目编码 (or its 类/款/项): a code, or a row's 合计/总计/小计
CODES = (CODE, SUBJECT_CODE)
AMOUNT = "amount"        # money, canonical text in whole 分 of the document's unit
PLAN = "plan"            # 资金支出计划 point: an amount or a percentage (``25%``)
NUMBER = "number"        # a plain quantity or weight (``4942``, ``5``)
YEAR = "year"            # a 4-digit 预算年度
INDICATOR_VALUE = "indicator_value"  # 指标值: kept exactly as typed
CHOICE = "choice"        # one of a fixed list of options
RECORD = "record"        # what the program keeps for itself (JSON text): never typed, shown, searched or checked

NUMERIC = (AMOUNT, PLAN, NUMBER)  # a pasted accounting-format dash (``-``) is a blank in these

# What keyboards without ≥/≤ produce at the start of a 指标值: stored as the printed sign.
_OPERATOR_SIGNS = {">=": "≥", "<=": "≤", "＞＝": "≥", "＜＝": "≤"}
_ASCII_OPERATOR = re.compile(r"^(?:>=|<=|＞＝|＜＝)")
# What is not text (removed by plain_text): C0 controls but tab and line breaks, DEL, C1 controls,
# the invisible zero-width space, word joiner and byte-order mark, the marks and overrides that
# reorder text (U+200E/F, U+202A-E, U+2066-9: they can show a code or an amount other than it is),
# lone UTF-16 surrogates (not encodable) and the noncharacters (U+FDD0-FDEF, U+xFFFE/F).
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069"
    "\ufeff\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]")
# Every way of breaking a line (Windows and old Mac ends, Word's vertical tab and page break, NEL,
# the Unicode line and paragraph separators) becomes "\n".
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# 项目编码 13080024P00010310005F, 科目编码 2040601, 单位编码 324 / 315001, 政府采购目录 A02010104.
_CODE = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
TOTAL_LABELS = ("合计", "总计", "小计")
CODE_RULE = "编码只能由英文字母和数字组成（中间可用 - 或 _ 分隔），例如 13080024P00010310005F"


@dataclass(frozen=True)
class InputContext:
    """Where a value goes, as far as reading it depends on the document.

    ``money_unit``: the unit the form's amounts are kept in (万元 or 元). ``plan_points``: the stored
    text of the project's *other* 资金支出计划 points, when the value is one; a bare number there is
    a percentage if most of them that are filled are percentages, an amount if most are amounts.
    ``plans_in_percent``: what a bare number is when they do not say (none filled, or as many of
    each): the document's other projects' way (:func:`plans_in_percent`).
    """

    money_unit: str = "万元"
    plan_points: tuple[str | None, ...] = ()
    plans_in_percent: bool = True


DEFAULT_CONTEXT = InputContext()


@dataclass(frozen=True)
class Entry:
    """What a typed value is stored as; ``rounded`` when it was an amount with digits finer than
    whole 分, rounded half-up (the caller tells the officer: :func:`rounding_notice`)."""

    stored: str | None
    rounded: bool = False


def plain_text(text: str) -> str:
    """``text`` without what is not text, otherwise as it is (not trimmed, inner spaces kept).

    Invariant of the result: no control character but ``"\n"`` and the tab (kept: imported prose
    separates the columns of a small table with it, seed 001's 机构设置); every line break is
    ``"\n"``; no zero-width space, word joiner,
    byte-order mark or bidirectional mark/override; no lone surrogate (a pair left as two code
    points is joined into its character) and no noncharacter. So it can be written anywhere.
    The one place that decides what is text, for typed and imported text alike.
    """
    text = _SURROGATE_PAIR.sub(_joined_pair, text)
    text = _LINE_BREAK.sub("\n", text)
    return _NOT_TEXT.sub("", text)


def _joined_pair(pair: re.Match) -> str:
    return pair.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def clean_text(text: str | None) -> str | None:
    """Typed free text as stored: :func:`plain_text`, ends trimmed; None if nothing is left."""
    if text is None:
        return None
    value = plain_text(str(text)).strip()
    return value or None


def code_problem(text: str | None) -> str | None:
    """What is wrong with a 项目编码/科目编码/单位编码 (a Chinese sentence saying what is allowed), or
    None if it is a code: ASCII letters and digits, runs of them maybe joined by ``-`` or ``_``
    (full-width forms count as ASCII; spaces at the ends and a blank are not its business).
    A typed code is refused with it; an imported one is kept as printed whatever it holds (no
    import loses a row for an odd code), and this is the message a check of stored codes gives."""
    code = money.fold_width(text or "").strip()
    if not code or _CODE.fullmatch(code):
        return None
    odd = next((ch for ch in code if not (ch.isascii() and ch.isalnum()) and ch not in "-_"), None)
    if odd is not None:
        return f"编码「{text}」中不能有{'空格' if odd.isspace() else f'「{odd}」'}。{CODE_RULE}。"
    return f"编码「{text}」格式不正确：- 和 _ 只能用在字母、数字之间。{CODE_RULE}。"


def read_input(kind: str, text: str | None, options: tuple[str, ...] = (),
               context: InputContext = DEFAULT_CONTEXT) -> Entry:
    """Officer input for a value of ``kind`` → what is stored (None for blank). Raises InputError."""
    value = clean_text(text)
    if value is None or (kind in NUMERIC and money.is_blank_figure(value)):
        return Entry(None)
    if kind == AMOUNT:
        return _amount(value, context.money_unit)
    if kind == PLAN:
        return _plan(value, context)
    if kind == NUMBER:
        return Entry(_normalize_number(value))
    if kind == YEAR:
        return Entry(str(parse_year(value)))
    if kind == SUBJECT_CODE and value in TOTAL_LABELS:
        return Entry(value)  # a 合计 row's label, printed merged over the code columns
    if kind in CODES:
        problem = code_problem(value)
        if problem:
            raise InputError(problem)
        return Entry(money.fold_width(value))
    if kind == INDICATOR_VALUE:
        return Entry(_ASCII_OPERATOR.sub(lambda m: _OPERATOR_SIGNS[m.group(0)], value, count=1))
    if kind == CHOICE:
        folded = unicodedata.normalize("NFKC", value)
        for option in options:
            if folded == unicodedata.normalize("NFKC", option):
                return Entry(option)
        raise InputError(f"「{value}」不是可选值，请从 {'、'.join(options)} 中选择。")
    return Entry(value)


def normalize(kind: str, text: str | None, options: tuple[str, ...] = (),
              context: InputContext = DEFAULT_CONTEXT) -> str | None:
    """Officer input for a value of ``kind`` → stored text (None for blank). Raises InputError."""
    return read_input(kind, text, options, context).stored


def rounding_notice(count: int, money_unit: str) -> str | None:
    """What to tell the officer once for an edit in which ``count`` amounts were rounded."""
    if not count:
        return None
    return (f"{count} 个金额小数位过多，已四舍五入到分"
            f"（{money_unit}保留 {money.FEN_PLACES[money_unit]} 位小数）。")


def written_in_percent(points: Iterable[str | None]) -> bool | None:
    """Whether the filled spending-plan points are mostly percentages (True) or mostly amounts
    (False); None when none is filled or there are as many of each."""
    percent = amounts = 0
    for point in points:
        if point is None or not point.strip():
            continue
        if money.clean_number_text(point).endswith("%"):
            percent += 1
        else:
            amounts += 1
    return None if percent == amounts else percent > amounts


def plans_in_percent(projects: Iterable[Iterable[str | None]]) -> bool:
    """How a document writes its spending plans, from each project's points: in percent unless
    more projects write them in amounts. With nothing to go by the printed header decides:
    资金支出计划（%）."""
    votes = [written_in_percent(points) for points in projects]
    return votes.count(False) <= votes.count(True)


def parse_year(text: str | int) -> int:
    """A 预算年度 between 2000 and 2100; raises InputError otherwise."""
    folded = money.clean_number_text(str(text)).removesuffix("年")
    if not re.fullmatch(r"[0-9]{4}", folded) or not 2000 <= int(folded) <= 2100:
        raise InputError(f"预算年度「{text}」不正确，请输入四位年份，例如 2024。")
    return int(folded)


def _amount(value: str, unit: str) -> Entry:
    exact = money.parse_amount(value, unit)
    kept = money.round_to_fen(exact, unit)
    return Entry(money.amount_text(kept), rounded=kept != exact)


def _plan(value: str, context: InputContext) -> Entry:
    folded = money.clean_number_text(value)
    bare = money.read_number(folded) is not None
    percent = folded.endswith("%")
    if bare and not percent:
        decided = written_in_percent(context.plan_points)
        percent = context.plans_in_percent if decided is None else decided
        folded += "%" if percent else ""
    if percent:
        number = Decimal(_normalize_number(folded[:-1], what="百分比", typed=value))
        if number < 0:
            raise InputError(f"支出进度「{value}」不能为负数。")
        return Entry(format(number.normalize(), "f") + "%")
    try:
        return _amount(value, context.money_unit)
    except InputError:
        raise InputError(
            f"资金支出计划「{value}」格式不正确：请输入金额（如 12.50）或百分比（如 25%）。"
        ) from None


def _normalize_number(value: str, what: str = "数值", typed: str | None = None) -> str:
    """A plain number (thousands separators only as such: ``1.234,56`` is refused) as stored."""
    folded = money.clean_number_text(value)
    number = money.read_number(folded)
    if number is None or abs(number) >= money.MAX_ABS:
        raise InputError(f"{what}「{typed or value}」格式不正确{money.not_a_number_because(folded)}。"
                         "请输入数字，例如 1234.5 或 1,234.5。")
    return format(number, "f")
