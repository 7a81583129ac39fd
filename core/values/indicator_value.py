"""指标值: the officer's text, kept exactly, and the parts it can be read as.

A value is read as operator + number + unit (``≥1次``, ``≤2万元``, ``100百分比``), a deadline
(``12月31日前``, ``2024年12月底前``), or words (``有所提升``). The text itself is never changed by
parsing: validation reads the parts, printing uses the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

OPERATORS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "不少于": "≥", "不低于": "≥", "大于等于": "≥",
    "≤": "≤", "<=": "≤", "≦": "≤", "不超过": "≤", "不高于": "≤", "小于等于": "≤",
    ">": ">", "大于": ">", "高于": ">", "<": "<", "小于": "<", "低于": "<",
    "=": "=", "＝": "=", "等于": "=",
}
UNIT_SPELLINGS = {"百分比": "%", "％": "%", "百分之": "%"}

_OPERATOR_RE = "|".join(sorted((re.escape(k) for k in OPERATORS), key=len, reverse=True))
_QUANTITATIVE = re.compile(rf"^(?P<op>{_OPERATOR_RE})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*)$")
_DEADLINE = re.compile(r"^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末)?(?:前|之前|以前)?")


@dataclass(frozen=True)
class IndicatorValue:
    """The parsed parts of one 指标值.

    ``kind`` is ``"quantity"`` (number present, with ``operator`` possibly None and ``unit``
    possibly ""), ``"deadline"``, ``"text"`` or ``"blank"``.
    """

    text: str | None
    kind: str
    operator: str | None = None
    number: Decimal | None = None
    unit: str | None = None

    @property
    def normalized_unit(self) -> str | None:
        """The unit with known alternative spellings folded (``百分比`` → ``%``)."""
        if self.unit is None:
            return None
        return UNIT_SPELLINGS.get(self.unit, self.unit)

    @property
    def is_percentage(self) -> bool:
        return self.normalized_unit == "%"


@lru_cache(maxsize=65536)  # pure and called by every rule on every indicator: parse each text once
def parse_indicator_value(text: str | None) -> IndicatorValue:
    """Read a 指标值 into its parts; never raises."""
    if text is None or not str(text).strip():
        return IndicatorValue(text, "blank")
    folded = unicodedata.normalize("NFKC", str(text)).strip()
    if _DEADLINE.match(folded):
        return IndicatorValue(text, "deadline")
    match = _QUANTITATIVE.match(folded)
    if match:
        op = match.group("op")
        return IndicatorValue(
            text,
            "quantity",
            operator=OPERATORS[op] if op else None,
            number=Decimal(match.group("num")),
            unit=match.group("unit").strip(),
        )
    return IndicatorValue(text, "text")
