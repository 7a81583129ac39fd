"""I-GOAL: a figure a project's 绩效目标 states has an indicator with the same value (issue 17),
tripped and passed on the seeds' real goals by changing one figure or word."""

import pytest

from core.checks import categories
from core.checks.rules.goal_figures import figures
from core.checks.validation import WARNING, validate
from core.document import edits


def goal_findings(doc, project=None):
    code = project.get("code") if project is not None else None
    return [f for f in validate(doc) if f.rule == "I-GOAL" and (code is None or f.location.project == code)]


def project_named(doc, name):
    return next(p for p in doc.projects if p.get("name") == name)


def set_goal(doc, project, old, new):
    goal = project.get("goal")
    assert old in goal
    doc.apply(edits.set_field(doc, project.id, "goal", goal.replace(old, new)))


def test_the_seeds_goals_agree_with_their_indicators_but_one(open_sample):
    for seed in ("000", "002", "004"):
        assert goal_findings(open_sample(seed)) == [], seed
    doc = open_sample("001")
    [wrong] = goal_findings(doc)  # 001 行政复议经费: the goal says 10%, the indicator ≥15%
    assert wrong.severity == WARNING and wrong.category == categories.VALUE_MISMATCH
    assert wrong.location.project == project_named(doc, "行政复议经费").get("code")
    assert (wrong.location.row, wrong.location.field) == (6, "指标值")
    assert "“行政复议案件直接纠错率大于等于 10%”" in wrong.message and "「≥15%」" in wrong.message


def test_a_goal_put_right_passes(open_sample):
    doc = open_sample("001")
    project = project_named(doc, "行政复议经费")
    set_goal(doc, project, "直接纠错率大于等于 10%", "直接纠错率大于等于 15%")
    assert goal_findings(doc) == []


def test_a_figure_changed_in_the_goal_is_named_against_its_indicator(open_sample):
    doc = open_sample("001")
    hotline = doc.projects[0]  # 12348法律服务热线: 接听次数达 7000 次以上 against 解答12348来电次数 ≥7000次
    assert goal_findings(doc, hotline) == []
    set_goal(doc, hotline, "接听次数达 7000 次以上", "接听次数达 8000 次以上")
    [wrong] = goal_findings(doc, hotline)
    assert (wrong.location.row, wrong.location.field) == (1, "指标值")
    assert "“接听次数达 8000 次以上”" in wrong.message and "「解答12348来电次数」" in wrong.message
    assert "「≥7000次」" in wrong.message


def test_an_indicator_value_changed_is_found_from_the_goal(open_sample):
    doc = open_sample("001")
    hotline = doc.projects[0]
    doc.apply(edits.set_cells(doc, hotline.id, "indicators", 5, 4, [["≤20万元"]]))  # 总成本
    [wrong] = goal_findings(doc, hotline)
    assert wrong.location.row == 6 and "“总成本 ≤ 22.59 万元”" in wrong.message and "「≤20万元」" in wrong.message


@pytest.mark.parametrize("old, new", [
    ("接听次数达 7000 次以上", "接听次数不低于7000次"),        # another way to write ≥
    ("接听次数达 7000 次以上", "接听次数大于等于 7,000 次"),    # a thousands separator
    ("总成本 ≤ 22.59 万元", "总成本不超过 225900 元"),          # another unit of money
    ("解答来访群众咨询人次 400 人次以上", "解答来访群众 400 人以上"),  # 人 / 人次
    ("受援群众满意度达 95%", "受援群众满意度达９５％"),          # full-width
])
def test_the_same_value_written_otherwise_passes(open_sample, old, new):
    doc = open_sample("001")
    hotline = doc.projects[0]
    set_goal(doc, hotline, old, new)
    assert goal_findings(doc, hotline) == []


def test_a_figure_no_indicator_has_is_missing(open_sample):
    doc = open_sample("001")
    hotline = doc.projects[0]
    set_goal(doc, hotline, "代写法律文书 60 份以上，", "代写法律文书 60 份以上，开展普法讲座 12 场，")
    [missing] = goal_findings(doc, hotline)
    assert missing.location.row is None and missing.location.field == "绩效目标"
    assert missing.category == categories.INCOMPLETE
    assert "“开展普法讲座 12 场”" in missing.message and "「开展普法讲座」12场" in missing.message


def test_dates_years_hotlines_and_numbering_are_no_figures(open_sample):
    doc = open_sample("001")
    hotline = doc.projects[0]
    goal = ("1. 2024 年 12 月 31 日前完成第 2 次培训，热线 12348 全天接听；2. 实施周期 12 个月，"
            "150元/件的成本另计。")
    assert figures(goal) == ()
    doc.apply(edits.set_field(doc, hotline.id, "goal", goal))
    assert goal_findings(doc, hotline) == []


def test_a_rate_is_matched_with_its_own_rate_only():
    stated = figures("行政复议案件审结率达 100%，行政复议案件直接纠错率大于等于 10%，7 日内受理，总成本控制在 3 万元以内")
    assert [(f.written, f.operator, f.words) for f in stated] == [
        ("100%", "≥", "行政复议案件审结率"), ("10%", "≥", "行政复议案件直接纠错率"), ("7日", "≤", ""),
        ("3万元", "≤", "总成本")]
    from core.checks.rules.goal_figures import _related
    assert _related("行政复议案件直接纠错率", "行政复议案件审结率") == 0  # shares 行政复议案件, measures another rate
    assert _related("行政复议案件直接纠错率", "行政复议案件直接纠错率") >= 3
