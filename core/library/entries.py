"""One indicator of the library, whichever part it comes from, and where it sits in a framework.

An entry names its 二级 in the 河北 words (数量指标 … 成本指标 … 服务对象满意度指标); its 一级
follows from the document's framework (:func:`place`), so the 2021 national framework, with 成本
as 一级, gets the same entries without a second copy.
"""

from __future__ import annotations

from dataclasses import dataclass

OWN = "own"        # the officer's own history (learned from their documents)
PACK = "pack"      # a pack of the shipped library (司法行政)
COMMON = "common"  # common indicators that fit any project
ORIGIN_LABELS = {OWN: "本单位历年", PACK: "行业指标库", COMMON: "通用指标"}

BUDGET_SLOT = "{预算数}"  # in a value form: the project's 预算数, filled when the entry is used
BLANK_SLOT = "__"          # in a value form: what the officer completes


@dataclass(frozen=True)
class Entry:
    """A library indicator. ``value`` is a value form (``≥__次``, ``≤{预算数}万元``) for shipped
    entries and last year's value for the officer's own; ``year``/``project`` only for own ones."""

    origin: str
    l2: str
    l3: str
    unit: str = ""
    direction: str = ""
    value: str = ""
    basis: str = ""            # the 指标值确定依据 text to fill
    basis_category: str = ""   # 计划标准 / 历史标准 / 行业标准 / 预算支出标准 …
    explanation: str = ""      # 指标解释: what is counted, how
    source: str = ""           # the source id (library.json ``sources``) or, for own ones, the document
    aliases: tuple[str, ...] = ()
    type_id: str | None = None     # the pack's project type (``legal-aid``)
    type_name: str | None = None   # ``法律援助类``
    project: str | None = None     # own: the project it was used in
    year: int | None = None        # own: the budget year
    l1: str | None = None          # own: as the officer's document had it

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]


def l2_key(l2: str | None) -> str:
    """The 二级 an entry is filed under: every 成本 二级 (成本指标, 经济成本指标 …) is one."""
    l2 = (l2 or "").strip()
    return "成本指标" if "成本" in l2 else l2


def place(framework, l2: str) -> tuple[str, str] | None:
    """(一级, 二级) of a library 二级 in ``framework``; None where the framework has no such 二级
    (四川's has no 成本)."""
    for l1, l2s in framework.levels.items():
        if l2 in l2s:
            return l1, l2
    if l2_key(l2) == "成本指标" and "成本指标" in framework.levels:
        return "成本指标", framework.levels["成本指标"][0]
    return None
