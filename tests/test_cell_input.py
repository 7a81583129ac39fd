"""Input by the kind of cell: spending plan points, years, choices, codes, numbers, free text."""

import pytest

from core import cell_input as kinds
from core.errors import InputError


def test_spending_plan_takes_an_amount_or_a_percentage():
    assert kinds.normalize(kinds.PLAN, "25 ％") == "25%"
    assert kinds.normalize(kinds.PLAN, "0.5") == "0.50"
    with pytest.raises(InputError, match="资金支出计划"):
        kinds.normalize(kinds.PLAN, "一半")
    with pytest.raises(InputError):
        kinds.normalize(kinds.PLAN, "-5%")


def test_year_and_choices():
    assert kinds.normalize(kinds.YEAR, "２０２５") == "2025"
    with pytest.raises(InputError, match="预算年度"):
        kinds.normalize(kinds.YEAR, "25")
    assert kinds.normalize(kinds.CHOICE, "＝", ("=", "≥", "≤", "定性")) == "="
    with pytest.raises(InputError, match="可选值"):
        kinds.normalize(kinds.CHOICE, "千元", ("万元", "元"))


def test_codes_and_numbers():
    assert kinds.normalize(kinds.CODE, "１３０８００２４P0001") == "13080024P0001"
    with pytest.raises(InputError, match="空格"):
        kinds.normalize(kinds.CODE, "1308 0024")
    assert kinds.normalize(kinds.NUMBER, "4,942") == "4942"
    with pytest.raises(InputError):
        kinds.normalize(kinds.NUMBER, "很多")


def test_text_keeps_what_was_typed_but_drops_invisible_controls():
    assert kinds.normalize(kinds.TEXT, "  法律援助\r\n经费\x00 ") == "法律援助\n经费"
    assert kinds.normalize(kinds.TEXT, "<p>a & b</p>") == "<p>a & b</p>"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "≥1次") == "≥1次"
    assert kinds.normalize(kinds.TEXT, "\u200b") is None


def test_indicator_values_get_printed_signs_for_keyboard_operators():
    assert kinds.normalize(kinds.INDICATOR_VALUE, ">=95%") == "≥95%"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "<=2万元") == "≤2万元"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "有所提升") == "有所提升"
