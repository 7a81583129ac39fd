"""Quality of the indicators (提示性): what reviewers send back although the arithmetic is right."""

from __future__ import annotations

import re

from core.project_table import ProjectTable
from core.validation import INFO, WARNING, Finding, Location, each

FORM = "项目支出绩效目标表"
MEASURABLE = re.compile(r"(率|数量|次数|人次|件数|个数|天数|时长)$")
TEXT_PLACEHOLDER = re.compile(r"目标内容\s*\d|指标\s*\d+\b|XX|xx|＊|\*{2,}")



@each("project")
def indicator_quality(doc, project: ProjectTable) -> list[Finding]:
    """Q-INDICATOR: 满意度 used as a 效益 indicator (警告); a vague value (``有所提升``) on a
    measurable name (…率, …次数) (警告); one 依据 on every row of a long table (提示)."""
    findings = []
    name = project.heading
    indicators = project.indicators
    for ind in indicators:
        title = (ind.l3 or "").strip("。 ")
        where = Location(FORM, project.code, ind.row + 1, "三级指标", project.form.id)
        if ind.l1 == "效益指标" and "满意" in title:
            findings.append(Finding("Q-INDICATOR", WARNING, where,
                                    f"{name} 第 {ind.row + 1} 行「{title}」是满意度，应放在满意度指标下，而不是效益指标。"))
        if ind.value.kind == "text" and MEASURABLE.search(title):
            findings.append(Finding("Q-INDICATOR", WARNING,
                                    Location(FORM, project.code, ind.row + 1, "指标值", project.form.id),
                                    f"{name} 第 {ind.row + 1} 行「{title}」可以量化，指标值「{ind.value.text}」"
                                    "不能衡量完成情况，请写成如 ≥95% 的数值。"))
    bases = {(i.basis or "").strip() for i in indicators}
    if len(indicators) >= 6 and len(bases) == 1 and bases != {""}:
        findings.append(Finding("Q-INDICATOR", INFO, Location(FORM, project.code, None, "指标值确定依据",
                                                             project.form.id),
                                f"{name} 所有 {len(indicators)} 行的指标值确定依据都是「{bases.pop()}」，"
                                "请按各指标的实际来源填写（如 年度工作计划、历史数据、行业标准）。"))
    return findings


@each("project")
def text_placeholders(doc, project: ProjectTable) -> list[Finding]:
    """Q-PLACEHOLDER (警告): template leftovers (``目标内容 1``, ``XX``) in project texts and indicators."""
    findings = []
    name = project.heading
    for key, label in (("goal", "绩效目标"), ("purpose", "资金用途"), ("name", "项目名称")):
        value = project.form.get(key) or ""
        if TEXT_PLACEHOLDER.search(value):
            findings.append(Finding("Q-PLACEHOLDER", WARNING, Location(FORM, project.code, None, label,
                                                                       project.form.id),
                                    f"{name}「{label}」含有模板占位文字，请改为实际内容。"))
    for ind in project.indicators:
        for label, value in (("三级指标", ind.l3), ("绩效指标描述", ind.description)):
            if value and TEXT_PLACEHOLDER.search(value):
                findings.append(Finding("Q-PLACEHOLDER", WARNING,
                                        Location(FORM, project.code, ind.row + 1, label, project.form.id),
                                        f"{name} 第 {ind.row + 1} 行「{label}」含有模板占位文字「{value}」。"))
    return findings


ENVIRONMENT_WORDS = ("环保", "节能", "生态", "环境", "绿化", "污染", "减排", "能耗", "供暖", "取暖", "消防")


@each("project")
def generic_filler(doc, project: ProjectTable) -> list[Finding]:
    """Q-FILLER (提示): a 生态效益 indicator in a project whose name, purpose and goal say nothing
    about the environment is usually filler copied from a template (``环保节能`` for legal aid)."""
    findings = []
    name = project.heading
    context = "".join(project.form.get(k) or "" for k in ("name", "purpose", "goal"))
    if any(w in context for w in ENVIRONMENT_WORDS):
        return findings
    for ind in project.indicators:
        if "生态" in (ind.l2 or ""):
            findings.append(Finding("Q-FILLER", INFO,
                                    Location(FORM, project.code, ind.row + 1, "三级指标", project.form.id),
                                    f"{name} 第 {ind.row + 1} 行生态效益指标「{ind.l3 or ''}」与项目内容无关，"
                                    "如项目没有生态效益，请删除该行，不必凑指标。"))
    return findings


CHECKS = [indicator_quality, text_placeholders, generic_filler]
