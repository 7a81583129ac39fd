"""审核意见: the standard opinions the 一体化系统's reviewers return indicators with. Every finding of an
indicator-quality rule carries one (``Finding.category``), so an officer sees what the 财政局 will
write back before it does; the panel shows it, and the check report groups by it.

A rule whose findings always mean one thing is listed in :data:`BY_RULE` (a finding of it made
without a category gets that one); a rule whose findings mean different things passes the category
case by case (``Finding(…, category=categories.NOT_QUANTIFIED)``). Pure data: no imports.
"""

INCOMPLETE = "指标不够完整"
NOT_QUANTIFIED = "指标不够细化、量化"
UNRELATED = "指标与项目的相关性不够"
VALUE_MISMATCH = "指标与指标值不匹配"
SPLIT = "建议拆分指标"
WRONG_LEVEL = "一级/二级指标类型错误"
ADD_INDICATOR = "建议增加明确的效益/产出/满意度指标"
OTHER = "其他"

CATEGORIES = (INCOMPLETE, NOT_QUANTIFIED, UNRELATED, VALUE_MISMATCH, SPLIT, WRONG_LEVEL, ADD_INDICATOR, OTHER)
"""In the order the 一体化系统 lists them (and the check report prints its groups)."""

BY_RULE = {
    "Q-FILLER": UNRELATED,         # a 生态效益 row in a project that has none
    "Q-SEVERAL": SPLIT,            # 知晓率、首选率、满意率 in one row
    "I-DIRECTION": VALUE_MISMATCH,  # 投诉率 ≥ …: the value says the opposite of the name
    "I-LAST-YEAR": OTHER,          # last year's 数量 left while the budget moved
}

INDICATOR_RULES = frozenset({
    "I-STRUCTURE", "I-VALUE", "I-DIRECTION", "I-LAST-YEAR", "I-GOAL", "A-WEIGHTS", "P-COST",
    "Q-INDICATOR", "Q-PLACEHOLDER", "Q-FILLER", "Q-MISMATCH", "Q-SEVERAL",
})
"""The indicator-quality rules: each of their findings has a category (tests/test_review_categories.py).
Others (arithmetic, the 资金支出计划, the texts) have none, except a T-CUT in an indicator column."""

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}  # core.checks.validation's, which imports this module

UNCATEGORISED = "表格、计算与文字"
"""The check report's first group: the findings that are no indicator's (their 错误 block submission)."""


def by_category(findings: list, form_order: dict | None = None) -> list[tuple[str | None, list]]:
    """The findings as the check report groups them: first those without a 审核意见, as validation
    lists them; then one group per 审核意见 in the order of :data:`CATEGORIES`, its findings by
    severity (what the reviewer returns before the 提示 that are advice), then form by form
    (``form_order``: form id → position in the document; else by id) and row by row, each project's
    own findings (no row) first. Groups without findings are left out."""
    order = form_order or {}
    groups: dict[str | None, list] = {None: []}
    for category in CATEGORIES:
        groups[category] = []
    for finding in findings:
        groups.setdefault(finding.category, []).append(finding)

    def place(finding):
        loc = finding.location
        form = order.get(loc.form_id, loc.form_id if loc.form_id is not None else -1)
        return _SEVERITY_RANK.get(finding.severity, 3), form, loc.row or 0

    return [(category, found if category is None else sorted(found, key=place))
            for category, found in groups.items() if found]
