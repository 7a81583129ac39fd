"""What an officer may type into a cell or field, by the kind of value it holds.

``normalize(kind, text)`` turns raw input into the text stored in the document, or raises
:class:`InputError` with a Chinese message (the caller keeps the old value). Imported text bypasses
this: it is kept as printed, and validation reports what is odd about it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from core import money
from core.errors import InputError

TEXT = "text"            # one line or more of free text, kept as typed
CODE = "code"            # 项目编码, 科目编码, 单位编码: no inner spaces
AMOUNT = "amount"        # money, canonical two-decimal text
PLAN = "plan"            # 资金支出计划 point: an amount or a percentage (``25%``)
NUMBER = "number"        # a plain quantity or weight (``4942``, ``5``)
YEAR = "year"            # a 4-digit 预算年度
INDICATOR_VALUE = "indicator_value"  # 指标值: kept exactly as typed
CHOICE = "choice"        # one of a fixed list of options

_PLAIN_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# What keyboards without ≥/≤ produce at the start of a 指标值: stored as the printed sign.
_OPERATOR_SIGNS = {">=": "≥", "<=": "≤", "＞＝": "≥", "＜＝": "≤"}
_ASCII_OPERATOR = re.compile(r"^(?:>=|<=|＞＝|＜＝)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def clean_text(text: str | None) -> str | None:
    """Free text as stored: line breaks unified, invisible control characters dropped, ends trimmed."""
    if text is None:
        return None
    value = _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip()
    return value or None


def normalize(kind: str, text: str | None, options: tuple[str, ...] = ()) -> str | None:
    """Officer input for a value of ``kind`` → stored text (None for blank). Raises InputError."""
    value = clean_text(text)
    if value is None:
        return None
    if kind == AMOUNT:
        return money.normalize_amount(value)
    if kind == PLAN:
        return _normalize_plan(value)
    if kind == NUMBER:
        return _normalize_number(value)
    if kind == YEAR:
        return str(parse_year(value))
    if kind == CODE:
        code = unicodedata.normalize("NFKC", value)
        if any(ch.isspace() for ch in code):
            raise InputError(f"编码「{code}」中不能有空格。")
        return code
    if kind == INDICATOR_VALUE:
        return _ASCII_OPERATOR.sub(lambda m: _OPERATOR_SIGNS[m.group(0)], value, count=1)
    if kind == CHOICE:
        folded = unicodedata.normalize("NFKC", value)
        for option in options:
            if folded == unicodedata.normalize("NFKC", option):
                return option
        raise InputError(f"「{value}」不是可选值，请从 {'、'.join(options)} 中选择。")
    return value


def parse_year(text: str | int) -> int:
    """A 预算年度 between 2000 and 2100; raises InputError otherwise."""
    folded = money.clean_number_text(str(text)).removesuffix("年")
    if not folded.isdigit() or not 2000 <= int(folded) <= 2100:
        raise InputError(f"预算年度「{text}」不正确，请输入四位年份，例如 2024。")
    return int(folded)


def _normalize_plan(value: str) -> str:
    folded = money.clean_number_text(value)
    if folded.endswith("%"):
        number = _normalize_number(folded[:-1], what="百分比")
        if Decimal(number) < 0:
            raise InputError(f"支出进度「{value}」不能为负数。")
        return number + "%"
    try:
        return money.normalize_amount(value)
    except InputError:
        raise InputError(
            f"资金支出计划「{value}」格式不正确：请输入金额（如 12.50）或百分比（如 25%）。"
        ) from None


def _normalize_number(value: str, what: str = "数值") -> str:
    folded = money.clean_number_text(value).replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(folded) or abs(Decimal(folded)) >= money.MAX_ABS:
        raise InputError(f"{what}「{value}」格式不正确，请输入数字。")
    return format(Decimal(folded), "f")
