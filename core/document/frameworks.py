"""Indicator frameworks (指标体系): which 一级/二级 indicators a document's template uses.

The document stores the id of its framework; validation (and the window's drop-downs) read the
framework from here instead of scattering province rules through the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    levels: dict[str, tuple[str, ...]]  # 一级 → its 二级, in printed order
    weight_total: int | None = None     # 批复表 weights must add up to this, where weights are used
    cost_level: str | None = None       # where 成本指标 is required: "l1", "l2" (under 产出), or None

    def options(self, column: str) -> tuple[str, ...]:
        """The values offered for an indicator's ``l1`` or ``l2`` column (empty for others)."""
        if column == "l1":
            return tuple(self.levels)
        if column == "l2":
            return tuple(l2 for l2s in self.levels.values() for l2 in l2s)
        return ()

    def starting_indicators(self, width: int) -> list[list[str | None]]:
        """The indicator rows a new project starts with: one per 二级 of the framework, in printed
        order, with 一级/二级 filled and the rest (``width`` cells in all) left to fill in."""
        return [[l1, l2] + [None] * (width - 2) for l1, l2s in self.levels.items() for l2 in l2s]


FRAMEWORKS = {
    f.id: f
    for f in (
        Framework("hebei", "河北省（成本指标属产出指标）", {
            "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
            "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
            "满意度指标": ("服务对象满意度指标",),
        }, cost_level="l2"),
        Framework("national-2021", "全国（财预〔2021〕101号，成本指标为一级指标）", {
            "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
            "产出指标": ("数量指标", "质量指标", "时效指标"),
            "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
            "满意度指标": ("服务对象满意度指标",),
        }, cost_level="l1"),
        Framework("sichuan", "四川省整体支出绩效目标批复表（含权重）", {
            "产出指标": ("数量指标", "质量指标", "时效指标"),
            "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
            "满意度指标": ("服务对象满意度指标",),
        }, weight_total=90),
    )
}
DEFAULT_FRAMEWORK = "hebei"


def framework_of(doc) -> Framework:
    """The framework a document names (the default if it names none or an unknown one)."""
    return FRAMEWORKS.get(doc.meta.get("framework") or "", FRAMEWORKS[DEFAULT_FRAMEWORK])
