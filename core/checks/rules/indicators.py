"""Checks of the indicator rows of each project table (and the 批复表's): structure against the
document's framework, 指标值 format, direction, weights."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from core.values import cell_input as kinds
from core.values import money
from core.document.frameworks import framework_of
from core.values.indicator_value import parse_indicator_value
from core.document.project_table import ProjectTable, is_not_applicable
from core.checks.rules.quality import TIME_NAME
from core.checks import categories
from core.checks.validation import ERROR, INFO, WARNING, Finding, Location, each, reads

FORM = "项目支出绩效目标表"
APPROVAL = "部门（单位）整体支出绩效目标批复表"
PLACEHOLDER = re.compile(r"^[\s*_\-—－xX×]+$|XX|xx|目标内容\s*\d|指标\s*\d+$")
REVERSE_WORDS = ("投诉率", "脱管率", "再犯罪率", "重新犯罪率", "事故率", "差错率", "发生率", "投诉", "期限", "时限", "天数",
                 "脱漏", "漏管", "脱管", "流失", "失败", "错误", "违规", "违法", "故障", "死亡", "返工", "不合格",
                 "误差", "逃")
REDUCTION_WORDS = ("下降", "降低", "减少", "压缩")  # 投诉下降率: a reduction is better when higher
FORWARD_WORDS = ("覆盖率", "合格率", "完成率", "及时率", "满意度", "满意率", "达标率", "知晓率", "办结率", "到岗率", "率")



@each("project")
def structure(doc, project: ProjectTable) -> list[Finding]:
    """I-STRUCTURE: each project has 产出 and 效益 indicators (错误), 满意度 (警告) and 成本 where the
    framework requires it (警告, as 一级 or as 二级 under 产出); every 二级
    belongs to its 一级 in the document's framework (警告); no 三级 appears twice (警告)."""
    framework = framework_of(doc)
    findings = []
    name = project.heading
    where = Location(FORM, project.code, None, "一级指标", project.form.id)
    indicators = project.indicators
    present = {i.l1 for i in indicators}
    for l1, severity in (("产出指标", ERROR), ("效益指标", ERROR), ("满意度指标", WARNING)):
        if l1 in framework.levels and l1 not in present:
            findings.append(Finding("I-STRUCTURE", severity, where,
                                    f"{name} 没有{l1}。请至少填写一行{l1}。", categories.ADD_INDICATOR))
    if framework.cost_level and not any("成本" in (getattr(i, framework.cost_level) or "") for i in indicators):
        level = "一级指标" if framework.cost_level == "l1" else "产出指标下的二级指标"
        findings.append(Finding("I-STRUCTURE", WARNING, where,
                                f"{name} 没有成本指标（{framework.name}要求作为{level}）。"
                                f"请填写总成本，如 ≤{project.budget or '预算数'}万元。", categories.INCOMPLETE))
    seen: dict[str, int] = {}
    for ind in indicators:
        row = Location(FORM, project.code, ind.row + 1, "二级指标", project.form.id)
        if ind.l1 in framework.levels and ind.l2 and ind.l2 not in framework.levels[ind.l1]:
            findings.append(Finding("I-STRUCTURE", WARNING, row,
                                    f"{name} 第 {ind.row + 1} 行：二级指标「{ind.l2}」不属于一级指标「{ind.l1}」"
                                    f"（{framework.name}：{'、'.join(framework.levels[ind.l1])}）。",
                                    categories.WRONG_LEVEL))
        key = (ind.l3 or "").strip()
        if key and key in seen and not is_not_applicable(key):
            findings.append(Finding("I-STRUCTURE", WARNING,
                                    Location(FORM, project.code, ind.row + 1, "三级指标", project.form.id),
                                    f"{name} 第 {ind.row + 1} 行：三级指标「{key}」与第 {seen[key] + 1} 行重复。",
                                    categories.OTHER))
        seen.setdefault(key, ind.row)
    return findings


@each("project")
def value_format(doc, project: ProjectTable) -> list[Finding]:
    """I-VALUE: 指标值 filled and not a placeholder (错误); percentages ≤ 100% (错误); a number
    without ≥/≤/= asks for one (提示); ``百分比`` is written ``%`` (提示)."""
    findings = []
    name = project.heading
    for ind in project.indicators:
        where = Location(FORM, project.code, ind.row + 1, "指标值", project.form.id)
        value = ind.value
        head = f"{name} 第 {ind.row + 1} 行{ind.named}"
        if value.kind == "blank":
            findings.append(Finding("I-VALUE", ERROR, where, f"{head}：指标值未填写。", categories.INCOMPLETE))
            continue
        if PLACEHOLDER.search(value.text):
            findings.append(Finding("I-VALUE", ERROR, where,
                                    f"{head}：指标值「{value.text}」是占位符，请填写实际目标值。", categories.INCOMPLETE))
            continue
        if value.kind != "quantity":
            continue
        if value.is_percentage and value.number > 100:
            findings.append(Finding("I-VALUE", ERROR, where, f"{head}：百分比「{value.text}」超过 100%。",
                                    categories.VALUE_MISMATCH))
        if value.operator is None and "成本" not in (ind.l2 or ""):
            findings.append(Finding("I-VALUE", INFO, where,
                                    f"{head}：指标值「{value.text}」没有 ≥、≤ 或 =，请注明目标方向，如 ≥{value.number}{value.unit}。",
                                    categories.NOT_QUANTIFIED))
        if value.unit == "百分比":
            findings.append(Finding("I-VALUE", INFO, where,
                                    f"{head}：「{value.text}」中的“百分比”应写作 %，如 {value.text.replace('百分比', '%')}。",
                                    categories.OTHER))
    return findings


@each("project")
def direction(doc, project: ProjectTable) -> list[Finding]:
    """I-DIRECTION (警告): reverse indicators (投诉率, 脱管率, 再犯罪率, 事故率, 期限 …) use ≤ or =;
    forward ones (覆盖率, 合格率, 完成率, 满意度, and reductions like 投诉下降率) use ≥ or =."""
    findings = []
    name = project.heading
    for ind in project.indicators:
        value = ind.value
        title = ind.l3 or ""
        if value.kind != "quantity" or value.operator is None:
            continue
        if value.is_percentage and TIME_NAME.search(title):
            continue  # a time valued in % measures nothing: Q-MISMATCH says so
        where = Location(FORM, project.code, ind.row + 1, "指标值", project.form.id)
        reverse = any(w in title for w in REVERSE_WORDS) and not any(w in title for w in REDUCTION_WORDS)
        if reverse and value.operator in ("≥", ">"):
            findings.append(Finding("I-DIRECTION", WARNING, where,
                                    f"{name} 第 {ind.row + 1} 行「{title}」越低越好，指标值应使用 ≤，而不是「{value.text}」。"))
        elif not reverse and any(w in title for w in FORWARD_WORDS) \
                and value.operator in ("≤", "<") and "成本" not in (ind.l2 or ""):
            findings.append(Finding("I-DIRECTION", WARNING, where,
                                    f"{name} 第 {ind.row + 1} 行「{title}」越高越好，指标值应使用 ≥ 或 =，而不是「{value.text}」。"))
    return findings


@reads("approval")
def approval_weights(doc) -> list[Finding]:
    """A-WEIGHTS: the 批复表's weights add up to the framework's total (错误); a 定性 value is a
    target grade (``优``), not the grading scale (``优良差``) (警告); 指标性质 agrees with the value."""
    form = doc.form("approval")
    if form is None:
        return []
    framework = framework_of(doc)
    total_wanted = framework.weight_total
    grid = form.grids["indicators"]
    findings = []
    total = Decimal(0)
    for r, ind in enumerate(grid.records()):
        where = Location(APPROVAL, None, r + 1, "权重", form.id)
        weight = money.read_amount(ind["weight"])
        if weight is None:
            findings.append(Finding("A-WEIGHTS", ERROR, where, f"批复表第 {r + 1} 行「{ind['l3'] or ''}」权重未填写或不是数字。",
                                    categories.INCOMPLETE))
        else:
            total += weight
        value = (ind["value"] or "").strip()
        if ind["nature"] == "定性" and len(value) > 1 and all(ch in "优良中差好坏较一般" for ch in value):
            findings.append(Finding("A-WEIGHTS", WARNING, Location(APPROVAL, None, r + 1, "指标值", form.id),
                                    f"批复表第 {r + 1} 行「{(ind['l3'] or '')[:20]}」：定性指标值「{value}」是评价等级，"
                                    "应填写目标等级，如“优”或“好”。", categories.VALUE_MISMATCH))
        elif ind["nature"] in ("=", "≥", "≤") and parse_indicator_value(value).kind != "quantity":
            findings.append(Finding("A-WEIGHTS", WARNING, Location(APPROVAL, None, r + 1, "指标值", form.id),
                                    f"批复表第 {r + 1} 行：指标性质为「{ind['nature']}」，指标值「{value}」应为数字。",
                                    categories.VALUE_MISMATCH))
    if total_wanted is not None and grid.rows and total != total_wanted:
        findings.append(Finding("A-WEIGHTS", ERROR, Location(APPROVAL, None, None, "权重", form.id),
                                f"批复表权重合计 {total} ≠ {total_wanted}（{framework.name}）。请调整各指标权重。",
                                categories.OTHER))
    return findings


BUDGET_CHANGE = Decimal("0.2")  # a budget 20% above or below last year's "changed a lot"
SCALES_WITH_BUDGET = ("数量", "成本")  # 二级 (or, 2021 national, 一级) indicators that follow the money


@each("project")
def copied_from_last_year(doc, project: ProjectTable) -> list[Finding]:
    """I-LAST-YEAR (提示): the budget moved by 20% or more from 上年预算数, yet a 数量 or 成本
    indicator's 指标值 is still last year's, unchanged."""
    last, budget = project.last_budget, project.budget
    if not last or budget is None or abs(budget - last) < BUDGET_CHANGE * last:
        return []
    change = (budget - last) / last * 100
    unit = doc.money_unit or "万元"
    moved = (f"{'增加' if change > 0 else '减少'} {abs(change):.0f}%（上年 {money.format_amount(last)}{unit}，"
             f"本年 {money.format_amount(budget)}{unit}）")
    findings = []
    for ind in project.indicators:
        if ind.value.kind != "quantity" or not any(w in f"{ind.l1 or ''}{ind.l2 or ''}" for w in SCALES_WITH_BUDGET):
            continue
        if _squeezed(ind.value.text) == _squeezed(ind.last_value):
            findings.append(Finding(
                "I-LAST-YEAR", INFO, Location(FORM, project.code, ind.row + 1, "指标值", project.form.id),
                f"{project.heading} 预算数比上年{moved}，第 {ind.row + 1} 行{ind.named}的指标值仍是上年的"
                f"「{ind.value.text}」。若数量或成本随预算变化，请相应调整指标值。"))
    return findings


def _squeezed(text: str | None) -> str:
    return "".join((text or "").split())


MARKUP = re.compile(r"</?(p|br|div|span)\b[^>]*>", re.IGNORECASE)


@each("any")
def text_hygiene(doc, form) -> list[Finding]:
    """T-MARKUP (警告): leftovers of other programs' output (``<p>…</p>``) in texts."""
    return [Finding("T-MARKUP", WARNING, Location(form.title, form.get("code"), None, spec.label, form.id),
                    f"{form.title}「{spec.label}」含有网页标记（如 <p>），打印时会原样显示。请删除这些标记。")
            for spec in form.spec.fields if spec.kind != kinds.RECORD and MARKUP.search(form.get(spec.key) or "")]


OPEN_ENDINGS = "，、的和及与（(“‘《：:"
CLOSED_ENDINGS = "。！？；;.!?）)」”’》…"


def _width(text: str) -> int:
    """Printed width in half-width cells (a Chinese character is two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


@each("any")
def cut_texts(doc, form) -> list[Finding]:
    """T-CUT (警告): text cut off by a fixed-width cell of the program that printed it (seed 004's
    主要内容 all stop at the same width, mid-word): in a column, three or more long texts of the
    same printed width that do not end a sentence; or a long text that stops on ``，`` or ``的``."""
    findings = []
    if form.kind == "budget_table":  # subject names, not prose
        return findings
    for grid in form.grids.values():
        for col, column in enumerate(grid.columns):
            if column.kind != kinds.TEXT or column.key in ("l1", "l2", "basis", "name", "code"):
                continue
            texts = [(r, (row.cells[col] or "").strip()) for r, row in enumerate(grid.rows)]
            widths = {r: _width(t) for r, t in texts if t}
            widest = max(widths.values(), default=0)
            at_limit = [r for r, w in widths.items() if w >= widest - 2]
            for r, text in texts:
                if not text or text[-1] in CLOSED_ENDINGS or widths[r] < 30:
                    continue
                if (len(at_limit) >= 3 and r in at_limit) or text[-1] in OPEN_ENDINGS:
                    where = Location(form.title, form.get("code"), r + 1, column.label, form.id)
                    findings.append(Finding("T-CUT", WARNING, where,
                                            f"{form.title} 第 {r + 1} 行「{column.label}」“…{text[-12:]}”似乎不完整"
                                            "（被原表格的固定列宽截断）。请补全文字。",
                                            categories.INCOMPLETE if grid.name == "indicators" else None))
    return findings


CHECKS = [structure, value_format, direction, copied_from_last_year, approval_weights, text_hygiene, cut_texts]
