"""Amounts of money: the one place that parses and formats them.

Amounts are ``decimal.Decimal`` (never float) and are stored as their canonical text: at least
two decimals, no trailing zeros past them, no thousands separators (``"1234.50"``, ``"1.234567"``),
in the document's money unit (万元 or 元) and in whole 分: at most 6 decimals of 万元, 2 of 元.
Officers' input is accepted in the forms they type or paste from Excel/WPS (``1,234.56``, full-width
``１２３４.５``, `` 12 ``, ``-3.2``, ``(3.20)``, ``￥12``, ``¥-1,234.00``, ``¥ 1,234.00``, the
accounting-format zero ``-`` as a blank, and with a unit: ``6万``, ``6万元``, ``60000元``, converted
exactly to the document's unit); anything else raises :class:`InputError` with a Chinese message
quoting what was typed. Digits are the ASCII and the full-width ones only: ``10²``, ``①``, ``𝟙𝟚``,
``⑴`` are refused, never read as other numbers; so are a space inside a number (``12 34``), a sign
inside accounting parentheses (``(-5)``) and a comma that is not a thousands separator (``1.234,56``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from core.errors import InputError

MAX_ABS = Decimal("1e13")  # larger than any department's budget in 元

# Each money unit in 元 as a power of ten, and the decimals that make whole 分 in it.
_UNIT_POWERS = {"元": 0, "万元": 4}
FEN_PLACES = {"元": 2, "万元": 6}
# What officers write after an amount (longest first), and the unit it means.
_UNIT_SUFFIXES = (("万元", "万元"), ("万", "万元"), ("元", "元"))

_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+")
_SIGNED_NUMBER = re.compile(r"-?(?:" + _NUMBER.pattern + ")")
_SIGN_AND_CURRENCY = re.compile(r"[¥$]?([+-]?)[¥$]?")  # ¥-12 (Excel's accounting format) or -¥12
_MINUS_SIGNS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
# A zero in Excel's and WPS's 会计专用 format, as they show it: a dash, maybe after the currency sign.
_ACCOUNTING_ZERO = re.compile(r"[¥$]?-+")


# The full-width (and small-form) variants of ASCII that Chinese input methods produce: ０-９, Ａ-Ｚ,
# ．，％（）, ￥, ﹪ … Only these are folded; NFKC over the whole text would also make digits of
# ², ①, 𝟙, ⑴ (→ "(1)", a negative amount), which an officer did not type as digits.
_WIDE_FORMS = re.compile("[\uff01-\uff5e\uffe0-\uffe6\ufe50-\ufe6b]")
_SPACE = re.compile(r"\s+")
_NUMBER_CHARS = frozenset("0123456789.,")


def fold_width(text: str) -> str:
    """``text`` with its full-width and small-form ASCII variants (``１２３４``, ``Ｐ``, ``．``,
    ``％``, ``￥``) as ASCII; every other character as it is."""
    return _WIDE_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def clean_number_text(text: str) -> str:
    """What officers paste, folded for reading as a number: full-width forms as ASCII
    (:func:`fold_width`), odd minus signs as ``-``, spaces dropped, except a space inside a number,
    which is kept (and so refused by whoever reads the result). Other characters, non-ASCII
    digits included, are kept as they are: only ``0-9`` are digits to the readers."""
    folded = fold_width(text)
    for sign in _MINUS_SIGNS:
        folded = folded.replace(sign, "-")
    return _SPACE.sub(_dropped_space, folded)


def not_a_number_because(folded: str) -> str:
    """Why text folded by :func:`clean_number_text` is not a number, as a clause that follows the
    quoted text in a message (``：其中的「²」不是普通数字…``); empty when there is nothing more to say than
    that it is not one."""
    for ch in folded:
        if ch not in _NUMBER_CHARS and unicodedata.category(ch) in ("Nd", "No", "Nl"):
            return f"：其中的「{_shown(ch)}」不是普通数字（只能用 0-9）"
    if _SPACE.search(folded):
        return "：数字中间不能有空格"
    return ""


def _dropped_space(run: re.Match) -> str:
    """A run of spaces goes, unless it is inside a number (``12 34``, ``1, 234``): kept, so refused."""
    text, start, end = run.string, run.start(), run.end()
    inside = 0 < start and end < len(text) and text[start - 1] in _NUMBER_CHARS and text[end] in _NUMBER_CHARS
    return run.group(0) if inside else ""


def read_number(folded: str) -> Decimal | None:
    """The number in text folded by :func:`clean_number_text`: ``-`` maybe, ASCII digits with
    thousands separators maybe (``1,234.5``), a decimal point; None for anything else."""
    if not _SIGNED_NUMBER.fullmatch(folded):
        return None
    return Decimal(folded.replace(",", ""))


def is_blank_figure(text: str) -> bool:
    """Whether a pasted figure stands for an empty cell: nothing, or the dash a spreadsheet shows
    for zero in accounting format (``-``, ``—``, `` - ``, ``¥ -``)."""
    folded = clean_number_text(text)
    return folded == "" or _ACCOUNTING_ZERO.fullmatch(folded) is not None


def parse_amount(text: str | None, unit: str | None = None) -> Decimal | None:
    """The exact amount an officer typed or pasted, or None for a blank (or an accounting dash).

    With ``unit`` (the document's 万元 or 元) the amount may carry a unit of its own (``6万``,
    ``6万元``, ``60000元``) and is converted exactly to ``unit``; without it (reading a stored cell)
    a unit is refused. Not rounded: see :func:`round_to_fen`. Raises InputError (Chinese message)
    for anything that is not an amount.
    """
    if text is None:
        return None
    raw = str(text)
    if is_blank_figure(raw):
        return None
    body = clean_number_text(raw)
    shift = 0
    if unit is not None:
        for suffix, written in _UNIT_SUFFIXES:
            if body.endswith(suffix):
                body, shift = body[:-len(suffix)], _UNIT_POWERS[written] - _UNIT_POWERS[unit]
                break
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    prefix = _SIGN_AND_CURRENCY.match(body)
    if negative and prefix.group(1):
        raise InputError(f"金额「{_shown(raw)}」含义不明确：括号已表示负数，括号内不能再有正负号。"
                         "负数请输入 -5 或 (5)。")
    negative ^= prefix.group(1) == "-"
    body = body[prefix.end():]
    if not _NUMBER.fullmatch(body):
        raise InputError(
            f"金额格式不正确：「{_shown(raw)}」{not_a_number_because(body)}。请输入数字，例如 1234.56 或 1,234.56。"
        )
    try:
        _, digits, exponent = Decimal(body.replace(",", "")).as_tuple()
    except InvalidOperation:  # pragma: no cover - the pattern above already rules this out
        raise InputError(f"金额格式不正确：「{_shown(raw)}」。") from None
    value = Decimal((int(negative), digits, exponent + shift))  # exact, whatever the digits
    if abs(value) >= MAX_ABS:
        raise InputError(f"金额「{_shown(raw)}」过大，请检查是否多输了位数或金额单位。")
    return value


def round_to_fen(value: Decimal | None, unit: str) -> Decimal | None:
    """``value`` in whole 分 of ``unit`` (6 decimals of 万元, 2 of 元), rounded half-up (away from
    zero on a tie, as Excel's ROUND); unchanged if it has no finer digits."""
    if value is None:
        return None
    places = FEN_PLACES[unit]
    if -value.as_tuple().exponent <= places:
        return value
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def amount_text(value: Decimal | None) -> str | None:
    """Canonical stored text of an amount: at least two decimals, no trailing zeros past them, no
    separators. The caller rounds to whole 分 first (:func:`round_to_fen`)."""
    if value is None:
        return None
    if value == 0:
        return "0.00"
    value = value.normalize()
    if value.as_tuple().exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def normalize_amount(text: str | None, unit: str) -> str | None:
    """Officer input for a document in ``unit`` → canonical stored text in whole 分 (None for
    blank). Raises InputError. (:func:`core.values.cell_input.read_input` also tells whether it rounded.)"""
    return amount_text(round_to_fen(parse_amount(text, unit), unit))


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
    text = "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else "?" for ch in text)
    return text if len(text) <= 30 else text[:30] + "…"


def quoted_text(value: Decimal, decimals: int = 2, grouped: bool = False, whole_bare: bool = False) -> str:
    """An amount as a text quotes it (``4148.23``, ``9,101.68``, ``4,614``): rounded half-up to
    ``decimals``, with thousands separators when ``grouped``, and a whole amount without its zero
    decimals when ``whole_bare`` (``0``, not ``0.00``; ``867.50`` stays)."""
    value = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if whole_bare and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format(abs(value) if value == 0 else value, ",f" if grouped else "f")  # never "-0.00"
