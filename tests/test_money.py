"""Amounts: what officers type or paste is read exactly; anything else is refused in Chinese."""

from decimal import Decimal

import pytest

from core import money
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
    ("", None),
    ("   ", None),
])
def test_accepted_input_is_stored_canonically(typed, stored):
    assert money.normalize_amount(typed) == stored


@pytest.mark.parametrize("typed", [
    "abc", "12元", "1.2.3", "12,34", "1e5", "NaN", "inf", "--3", "3-", "1 2 3 x",
    "99999999999999", "1.1234567", "\x00", "١٢٣",
])
def test_bad_input_is_refused_with_a_chinese_message(typed):
    with pytest.raises(InputError) as err:
        money.normalize_amount(typed)
    assert "金额" in str(err.value)


def test_amounts_are_decimal_never_float():
    value = money.parse_amount("0.10")
    assert isinstance(value, Decimal)
    assert value + money.parse_amount("0.20") == Decimal("0.30")
    assert money.to_fen(Decimal("3771.58")) == 377158


def test_stored_oddities_read_as_none_instead_of_raising():
    assert money.read_amount("—") is None
    assert money.read_amount("3397.31") == Decimal("3397.31")


def test_display_has_two_decimals():
    assert money.format_amount(Decimal("12")) == "12.00"
    assert money.format_amount(None) == ""
