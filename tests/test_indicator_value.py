"""指标值 keeps the officer's text and exposes operator, number and unit where it has them."""

from decimal import Decimal

import pytest

from core.values.indicator_value import parse_indicator_value


@pytest.mark.parametrize("text, kind, operator, number, unit", [
    ("≥1次", "quantity", "≥", Decimal("1"), "次"),
    ("≤2万元", "quantity", "≤", Decimal("2"), "万元"),
    ("100百分比", "quantity", None, Decimal("100"), "%"),
    ("≤0.01百分比", "quantity", "≤", Decimal("0.01"), "%"),
    (">=95%", "quantity", "≥", Decimal("95"), "%"),
    ("≤10个工作日", "quantity", "≤", Decimal("10"), "个工作日"),
    ("12月31日前", "deadline", None, None, None),
    ("2024年12月底前", "deadline", None, None, None),
    ("有所提升", "text", None, None, None),
    (None, "blank", None, None, None),
])
def test_parts(text, kind, operator, number, unit):
    value = parse_indicator_value(text)
    assert value.text == text
    assert value.kind == kind
    assert value.operator == operator
    assert value.number == number
    assert value.normalized_unit == unit


def test_percent_spellings_fold_but_text_is_unchanged():
    value = parse_indicator_value("≥90百分比")
    assert value.is_percentage and value.unit == "百分比" and value.text == "≥90百分比"
