"""Amounts: what officers type or paste is read exactly; anything else is refused in Chinese."""

from decimal import Decimal

import pytest

from core.values import money
from core.errors import InputError


@pytest.mark.parametrize("typed, stored", [
    ("1,234.56", "1234.56"),
    ("１２３４.５", "1234.50"),
    ("１，２３４．５６", "1234.56"),
    (" 12 ", "12.00"),
    ("-3.2", "-3.20"),
    ("−3.2", "-3.20"),
    ("(3.20)", "-3.20"),
    ("￥12", "12.00"),
    ("0", "0.00"),
    ("-0", "0.00"),
    (".5", "0.50"),
    ("1234.5678", "1234.5678"),
    ("1.500", "1.50"),
    ("", None),
    ("   ", None),
    ("¥ 1,234.00", "1234.00"),  # Excel's 会计专用 format pads after the sign
    ("- 3.2", "-3.20"),
    ("１２ ", "12.00"),
    ("(¥3.20)", "-3.20"),
])
def test_accepted_input_is_stored_canonically(typed, stored):
    assert money.normalize_amount(typed, "万元") == stored


@pytest.mark.parametrize("typed", [
    "abc", "1.2.3", "12,34", "1e5", "NaN", "inf", "--3", "3-", "1 2 3 x",
    "99999999999999", "\x00", "١٢٣", "5千元", "6万万", "万元", "5%",
])
def test_bad_input_is_refused_with_a_chinese_message(typed):
    with pytest.raises(InputError) as err:
        money.normalize_amount(typed, "万元")
    assert "金额" in str(err.value)


@pytest.mark.parametrize("typed, why", [
    ("10²", "「²」不是普通数字"),
    ("①", "「①」不是普通数字"),
    ("𝟙𝟚", "「𝟙」不是普通数字"),
    ("⑴", "「⑴」不是普通数字"),  # NFKC made it (1), a negative amount
    ("١٢", "「١」不是普通数字"),
    ("12 34", "数字中间不能有空格"),
    ("1, 234", "数字中间不能有空格"),
    ("12\u300034", "数字中间不能有空格"),
    ("(-5)", "括号内不能再有正负号"),
    ("(+5)", "括号内不能再有正负号"),
])
def test_what_only_looks_like_a_number_is_refused_saying_what_was_typed(typed, why):
    """Only 0-9 and their full-width forms are digits; folding ², ①, 𝟙 into digits, or dropping a
    space inside a number, would store an amount the officer did not type (10² → 102.00)."""
    with pytest.raises(InputError) as err:
        money.normalize_amount(typed, "万元")
    assert f"「{typed}」" in str(err.value) and why in str(err.value)
    assert money.read_amount(typed) is None


@pytest.mark.parametrize("pasted", ["-", "—", " - ", "－", "--", "——", "¥ -", " ￥-   "])
def test_a_dash_pasted_from_an_accounting_format_zero_is_a_blank_cell(pasted):
    # Excel and WPS show a zero in 会计专用 format as "-" (with the currency sign and padding)
    # and put what they show on the clipboard.
    assert money.parse_amount(pasted) is None
    assert money.normalize_amount(pasted, "元") is None


@pytest.mark.parametrize("typed, unit, stored", [
    ("6万", "万元", "6.00"),
    ("6万元", "万元", "6.00"),
    ("60000元", "万元", "6.00"),
    ("12,345.67元", "万元", "1.234567"),
    ("6", "万元", "6.00"),
    ("6万", "元", "60000.00"),
    ("1.5万元", "元", "15000.00"),
    ("６元", "元", "6.00"),
    ("-6万", "元", "-60000.00"),
    ("¥-1,234.00", "元", "-1234.00"),
])
def test_an_amount_written_with_its_unit_is_converted_exactly_to_the_documents_unit(typed, unit, stored):
    assert money.normalize_amount(typed, unit) == stored


def test_a_stored_cell_never_holds_a_unit_so_reading_one_refuses_it():
    with pytest.raises(InputError):
        money.parse_amount("12元")
    assert money.read_amount("12元") is None


@pytest.mark.parametrize("value, unit, kept", [
    ("0.125", "元", "0.13"),
    ("-0.125", "元", "-0.13"),
    ("0.124999", "元", "0.12"),
    ("1.5", "元", "1.5"),
    ("1.2345675", "万元", "1.234568"),
    ("1.234567", "万元", "1.234567"),
])
def test_a_cell_keeps_whole_fen_rounded_half_up(value, unit, kept):
    # whole 分: 2 decimals of 元, 6 decimals of 万元
    assert money.round_to_fen(Decimal(value), unit) == Decimal(kept)


def test_typing_more_decimals_than_whole_fen_stores_the_rounded_amount():
    assert money.normalize_amount("1.1234567", "万元") == "1.123457"
    assert money.normalize_amount("12.345", "元") == "12.35"
    assert money.normalize_amount("1.2345678万", "元") == "12345.68"


def test_amounts_are_decimal_never_float():
    value = money.parse_amount("0.10")
    assert isinstance(value, Decimal)
    assert value + money.parse_amount("0.20") == Decimal("0.30")
    assert money.to_fen(Decimal("3771.58")) == 377158
    assert isinstance(money.parse_amount("60000元", "万元"), Decimal)


def test_stored_oddities_read_as_none_instead_of_raising():
    assert money.read_amount("—") is None
    assert money.read_amount("3397.31") == Decimal("3397.31")


def test_display_has_two_decimals():
    assert money.format_amount(Decimal("12")) == "12.00"
    assert money.format_amount(None) == ""
