"""How indicator and project names compare: the folded form a name is matched by, when two 三级
names measure the same thing, and how alike two project names are.

``same_meaning`` is the judgement the leave-one-out measurement (bench/library.py) uses and
docs/indicator-library.md states: equal folded names; or the same kind of measure (the same rate
word, a total cost, a satisfaction, a count of the same thing, a time) with names sharing at least
half their character pairs. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_UNIT_BRACKETS = re.compile(r"[（(][^）)]{0,4}[）)]")
_PUNCT = re.compile(r"[\s，,。.；;：:、“”\"'‘’！!？?·\-—_/（）()《》<>]+")
_TRIMS = ("指标", "情况")


@lru_cache(maxsize=131072)
def fold(name: str | None) -> str:
    """``社区矫正人数(人）`` → ``社区矫正人数``; ``总成本。`` → ``总成本``: NFKC, unit brackets,
    punctuation and a trailing 指标/情况 removed."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _UNIT_BRACKETS.sub("", text)
    text = _PUNCT.sub("", text)
    for trim in _TRIMS:
        if text.endswith(trim) and len(text) > len(trim) + 1:
            text = text[: -len(trim)]
    return text


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) if len(text) > 1 else frozenset(text)


def dice(a: str, b: str) -> float:
    """Share of character pairs two texts have in common (0 … 1)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


_RATE = re.compile(r"(比率|比例|率)$")
_COUNT_WORDS = (("次", ("次数", "场次", "期数", "次")), ("人", ("人数", "人次", "人")),
                ("件", ("件数", "案件数", "受理数", "数量", "件")))
_TIME = re.compile(r"(时间|时限|期限|时效|日期)$")


def measure(name: str | None) -> str | None:
    """What kind of measure a folded 三级 name is: ``满意``, ``总成本``, ``率:办结`` (the two
    characters before 率), ``次``/``人``/``件`` counts, ``时间``; None when it names none."""
    text = fold(name)
    if not text:
        return None
    if "满意" in text:
        return "满意"
    if "成本" in text and not _RATE.search(text) and not any(w in text for w in ("平均", "人均", "单位")):
        return "总成本"
    rate = _RATE.search(text)
    if rate:
        return "率:" + text[max(0, rate.start() - 2):rate.start()]
    if _TIME.search(text):
        return "时间"
    for kind, words in _COUNT_WORDS:
        if any(text.endswith(w) for w in words):
            return kind
    return None


def same_meaning(a: str | None, b: str | None) -> bool:
    """Whether two 三级 names measure the same thing (see the module docstring)."""
    x, y = fold(a), fold(b)
    if not x or not y:
        return False
    if x == y:
        return True
    kind = measure(x)
    if kind is None or kind != measure(y):
        return False
    if kind == "总成本":
        return True  # a project has one total cost, whatever it is called
    return dice(x, y) >= 0.5 or (min(len(x), len(y)) >= 4 and (x in y or y in x))


def project_key(name: str | None, noise: tuple[str, ...]) -> str:
    """A project name without what every project name carries (years, 经费, 转移支付 …)."""
    text = fold(name)
    text = re.sub(r"\d+", "", text)
    for word in sorted(noise, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def project_likeness(a: str, b: str) -> float:
    """How alike two :func:`project_key` names are (0 … 1; 1 for equal names)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return dice(a, b)
