"""Amounts of money: the one place that parses and formats them.

Amounts are ``decimal.Decimal`` (never float) and are stored as their canonical text: at least
two decimals, no thousands separators (``"1234.50"``). Officers' input is accepted in the forms
they type or paste from Excel/WPS (``1,234.56``, full-width ``１２３４.５``, `` 12 ``, ``-3.2``,
``(3.20)``, ``￥12``); anything else raises :class:`InputError` with a Chinese message.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from core.errors import InputError

MAX_DECIMALS = 6
MAX_ABS = Decimal("1e13")  # larger than any department's budget in 元

_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+")
_MINUS_SIGNS = "\u2212\u2012\u2013\u2014\ufe63\uff0d"


def clean_number_text(text: str) -> str:
    """Fold what officers paste into plain ASCII digits: full-width forms, odd minus signs, spaces."""
    folded = unicodedata.normalize("NFKC", text)
    for sign in _MINUS_SIGNS:
        folded = folded.replace(sign, "-")
    return "".join(ch for ch in folded if not ch.isspace())


def parse_amount(text: str | None) -> Decimal | None:
    """The amount an officer typed or pasted, or None for a blank.

    Raises InputError (Chinese message) for anything that is not an amount.
    """
    if text is None:
        return None
    raw = str(text)
    body = clean_number_text(raw)
    if body == "":
        return None
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    if body[:1] in "+-":
        negative, body = negative ^ (body[0] == "-"), body[1:]
    if body[:1] in "¥$":
        body = body[1:]
    if not _NUMBER.fullmatch(body):
        raise InputError(
            f"金额格式不正确：「{_shown(raw)}」。请输入数字，例如 1234.56 或 1,234.56。"
        )
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern above already rules this out
        raise InputError(f"金额格式不正确：「{_shown(raw)}」。") from None
    if -value.as_tuple().exponent > MAX_DECIMALS:
        raise InputError(f"金额「{_shown(raw)}」小数位过多：最多 {MAX_DECIMALS} 位小数。")
    if abs(value) >= MAX_ABS:
        raise InputError(f"金额「{_shown(raw)}」过大，请检查是否多输了位数或金额单位。")
    return -value if negative else value


def amount_text(value: Decimal | None) -> str | None:
    """Canonical stored text of an amount: at least two decimals, no separators."""
    if value is None:
        return None
    if value.as_tuple().exponent > -2:
        value = value.quantize(Decimal("0.01"))
    text = format(value, "f")
    return "0.00" if text in ("-0.00", "-0") else text


def normalize_amount(text: str | None) -> str | None:
    """Officer input → canonical stored text (None for blank). Raises InputError."""
    return amount_text(parse_amount(text))


@lru_cache(maxsize=65536)  # pure, and the rules read the same cells again after every edit
def read_amount(stored: str | None) -> Decimal | None:
    """The amount held in a stored cell, or None if blank or not an amount (imported oddities)."""
    try:
        return parse_amount(stored)
    except InputError:
        return None


def format_amount(value: Decimal | None, decimals: int = 2) -> str:
    """Display text with a fixed number of decimals (``3397.31``); blank for None."""
    if value is None:
        return ""
    return format(value.quantize(Decimal(1).scaleb(-decimals)), "f")


def printed(stored: str | None) -> str:
    """A stored amount cell as the tables show and print it (two decimals); text that is not an
    amount (an imported oddity) as it is."""
    amount = read_amount(stored)
    return format_amount(amount) if amount is not None else (stored or "")


def to_fen(value: Decimal) -> int:
    """Whole 分 (hundredths) of an amount; raises InputError if it has finer digits."""
    fen = value * 100
    if fen != fen.to_integral_value():
        raise InputError(f"金额 {value} 不是整分。")
    return int(fen)


def _shown(text: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 30 else text[:30] + "…"
