"""Checks of each 项目支出绩效目标表: filled fields, 预算数 = 财政资金 + 其他资金, the spending plan,
and cost indicators against the budget."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from core.values import cell_input
from core.document.project_table import ProjectTable
from core.checks import categories
from core.checks.validation import ERROR, WARNING, Finding, Location, difference_finding, each, reads

FORM = "项目支出绩效目标表"
REQUIRED = (("code", "项目编码"), ("name", "项目名称"), ("budget", "预算数"), ("purpose", "资金用途"),
            ("goal", "绩效目标"))


def _where(project: ProjectTable, field: str | None = None, row: int | None = None) -> Location:
    return Location(FORM, project.code, row, field, project.form.id)



@each("project")
def required_fields(doc, project: ProjectTable) -> list[Finding]:
    """P-REQUIRED (错误): 项目编码, 项目名称, 预算数, 资金用途 and 绩效目标 are filled."""
    return [Finding("P-REQUIRED", ERROR, _where(project, label), f"{project.heading}：{label}未填写。请填写{label}。")
            for key, label in REQUIRED if not (project.form.get(key) or "").strip()]


@each("project")
def code_format(doc, project: ProjectTable) -> list[Finding]:
    """P-CODE (错误): the 项目编码 is a code, letters and digits (typing refuses anything else, and
    an import leaves such a code out; a document from before keeps what it holds until fixed)."""
    problem = cell_input.code_problem(project.form.get("code"))
    return [Finding("P-CODE", ERROR, _where(project, "项目编码"), f"{project.heading}：{problem}")] if problem else []


@each("project")
def budget_split(doc, project: ProjectTable) -> list[Finding]:
    """P-BUDGET-SPLIT: 预算数 = 财政资金 + 其他资金 (尾差 within 0.03 is a 提示)."""
    if project.budget is None or (project.fiscal is None and project.other is None):
        return []
    parts = (project.fiscal or Decimal(0)) + (project.other or Decimal(0))
    finding = difference_finding("P-BUDGET-SPLIT", _where(project, "预算数"), project.heading,
                                 "预算数", project.budget, "财政资金 + 其他资金", parts,
                                 "请核对预算数、财政资金和其他资金。")
    return [finding] if finding else []


@each("project")
def spending_plan(doc, project: ProjectTable) -> list[Finding]:
    """P-PLAN: the 资金支出计划 is cumulative (never decreasing) and reaches 100% (or the 预算数)
    by 12月底 (警告 if 12月底 is blank, 错误 if it decreases or ends elsewhere; the message gives the
    value to type at 12月底). P-PLAN-EMPTY (警告): no point of the plan is filled at all."""
    findings = []
    points = project.plan
    if all(point.text is None or not point.text.strip() for point in points.values()):
        budget = f"（或预算数 {project.budget}）" if project.budget is not None else ""
        return [Finding("P-PLAN-EMPTY", WARNING, _where(project, "12月底"),
                        f"{project.heading} 资金支出计划 {'、'.join(points)} 都未填写。请填写截至各时点的累计支出"
                        f"（百分比或金额），12月底应为 100%{budget}。")]
    values = []
    for label, point in points.items():
        if point.text is None:
            continue
        value = point.percent if point.percent is not None else point.amount
        if value is None:
            findings.append(Finding("P-PLAN", ERROR, _where(project, label),
                                    f"{project.heading} 资金支出计划 {label}「{point.text}」不是金额或百分比。"))
            continue
        values.append((label, value, point.percent is not None))
    for (prev_label, prev, _), (label, value, _) in zip(values, values[1:]):
        if value < prev:
            findings.append(Finding("P-PLAN", ERROR, _where(project, label),
                                    f"{project.heading} 资金支出计划是累计数，{label} {value} 小于 {prev_label} {prev}。"
                                    "请填写截至各时点的累计支出。"))
    last = points["12月底"]
    if last.text is None:
        if values:
            findings.append(Finding("P-PLAN", WARNING, _where(project, "12月底"),
                                    f"{project.heading} 资金支出计划 12月底 未填写：年底累计应达到 100%"
                                    f"（或预算数 {project.budget}）。"))
        return findings
    if last.percent is not None and last.percent != 100:
        how = "未达到" if last.percent < 100 else "超过"
        findings.append(Finding("P-PLAN", ERROR, _where(project, "12月底"),
                                f"{project.heading} 资金支出计划 12月底 为 {last.text}，年底累计支出{how} 100%。"
                                "12月底应为 100%。"))
    elif last.amount is not None and project.budget is not None and last.amount != project.budget:
        how = "未达到" if last.amount < project.budget else "超过"
        findings.append(Finding("P-PLAN", ERROR, _where(project, "12月底"),
                                f"{project.heading} 资金支出计划 12月底 {last.amount} ≠ 预算数 {project.budget}，"
                                f"年底累计支出{how}预算数。12月底应等于预算数 {project.budget}。"))
    return findings


@each("project")
def cost_vs_budget(doc, project: ProjectTable) -> list[Finding]:
    """P-COST: a cost indicator (二级 成本指标) given in 万元 must not exceed the 预算数 (错误) and
    normally equals it (警告 when below); values that are not amounts (``≤100%``, ``实际金额``) get a 警告."""
    findings = []
    if project.budget is None:
        return findings
    for indicator in project.indicators:
        if "成本" not in (indicator.l2 or "") and "成本" not in (indicator.l1 or ""):
            continue
        value = indicator.value
        where = _where(project, "指标值", indicator.row + 1)
        unit = value.normalized_unit or ""
        if "/" in unit:  # a unit cost (150元/件, 元/人/年): not comparable with the budget
            continue
        if value.kind != "quantity" or unit not in ("万元", "万", "元"):
            findings.append(Finding("P-COST", WARNING, where,
                                    f"{project.heading} 成本指标「{indicator.l3}」的指标值「{value.text}」不是金额。"
                                    f"请填写成本金额，如 ≤{project.budget}万元。", categories.VALUE_MISMATCH))
            continue
        cost = value.number if unit != "元" else value.number / 10000
        if cost > project.budget:
            findings.append(Finding("P-COST", ERROR, where,
                                    f"{project.heading} 成本指标「{indicator.l3}」{value.text} 超过预算数 "
                                    f"{project.budget} 万元。成本不应超过预算。", categories.OTHER))
        elif cost < project.budget:
            findings.append(Finding("P-COST", WARNING, where,
                                    f"{project.heading} 成本指标「{indicator.l3}」{value.text} 小于预算数 "
                                    f"{project.budget} 万元：总成本通常等于预算数，请确认。", categories.OTHER))
    return findings


@reads("project")
def duplicate_codes(doc) -> list[Finding]:
    """P-DUPLICATE-CODE (错误): two project tables with the same 项目编码 (a copied project whose
    code was not changed): the 财政局's system keys projects by their code."""
    return list(_duplicates(tuple((f.id, f.get("code"), f.get("name")) for f in doc.projects)))


@lru_cache(maxsize=8)  # rerun after every edit of a project: only a changed code or name counts again
def _duplicates(projects: tuple[tuple[int, str | None, str | None], ...]) -> tuple[Finding, ...]:
    first: dict[str, str] = {}
    findings = []
    for form_id, printed, name in projects:
        code = (printed or "").strip()
        if not code:
            continue
        heading = f"项目「{name or printed or '未命名'}」"  # as ProjectTable.heading names it
        if code in first:
            findings.append(Finding("P-DUPLICATE-CODE", ERROR, Location(FORM, printed, None, "项目编码", form_id),
                                    f"{heading} 的项目编码 {code} 与{first[code]}相同。"
                                    "每个项目的编码必须不同，请修改编码。"))
        else:
            first[code] = heading
    return tuple(findings)


CHECKS = [required_fields, code_format, budget_split, spending_plan, cost_vs_budget, duplicate_codes]
