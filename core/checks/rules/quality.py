"""Quality of the indicators (提示性): what reviewers send back although the arithmetic is right."""

from __future__ import annotations

import re

from core.document.project_table import ProjectTable, is_not_applicable
from core.checks import categories
from core.checks.validation import INFO, WARNING, Finding, Location, each

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
                                    f"{name} 第 {ind.row + 1} 行「{title}」是满意度，应放在满意度指标下，而不是效益指标。",
                                    categories.WRONG_LEVEL))
        if ind.value.kind == "text" and MEASURABLE.search(title):
            findings.append(Finding("Q-INDICATOR", WARNING,
                                    Location(FORM, project.code, ind.row + 1, "指标值", project.form.id),
                                    f"{name} 第 {ind.row + 1} 行「{title}」可以量化，指标值「{ind.value.text}」"
                                    f"不能衡量完成情况，请写成数值，如 {'≥95%' if title.endswith('率') else '≥1套、≥100人次'}。",
                                    categories.NOT_QUANTIFIED))
    bases = {(i.basis or "").strip() for i in indicators}
    if len(indicators) >= 6 and len(bases) == 1 and bases != {""}:
        findings.append(Finding("Q-INDICATOR", INFO, Location(FORM, project.code, None, "指标值确定依据",
                                                             project.form.id),
                                f"{name} 所有 {len(indicators)} 行的指标值确定依据都是「{bases.pop()}」，"
                                "请按各指标的实际来源填写（如 年度工作计划、历史数据、行业标准）。", categories.OTHER))
    return findings


@each("project")
def text_placeholders(doc, project: ProjectTable) -> list[Finding]:
    """Q-PLACEHOLDER: template leftovers (``目标内容 1``, ``XX``) in project texts and indicators
    (警告); an indicator row filled with ``不涉及`` is not an indicator (提示)."""
    findings = []
    name = project.heading
    for key, label in (("goal", "绩效目标"), ("purpose", "资金用途"), ("name", "项目名称")):
        value = project.form.get(key) or ""
        if TEXT_PLACEHOLDER.search(value):
            findings.append(Finding("Q-PLACEHOLDER", WARNING, Location(FORM, project.code, None, label,
                                                                       project.form.id),
                                    f"{name}「{label}」含有模板占位文字，请改为实际内容。", categories.OTHER))
    for ind in project.indicators:
        if is_not_applicable(ind.l3):
            findings.append(Finding("Q-PLACEHOLDER", INFO,
                                    Location(FORM, project.code, ind.row + 1, "三级指标", project.form.id),
                                    f"{name} 第 {ind.row + 1} 行填写「{ind.l3.strip()}」，不是指标。"
                                    f"如项目没有{ind.l2 or '此类'}，请删除该行，不必凑指标。", categories.OTHER))
            continue
        for label, value in (("三级指标", ind.l3), ("绩效指标描述", ind.description)):
            if value and TEXT_PLACEHOLDER.search(value):
                findings.append(Finding("Q-PLACEHOLDER", WARNING,
                                        Location(FORM, project.code, ind.row + 1, label, project.form.id),
                                        f"{name} 第 {ind.row + 1} 行「{label}」含有模板占位文字「{value}」。",
                                        categories.INCOMPLETE))
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
        if "生态" in (ind.l2 or "") and not is_not_applicable(ind.l3):
            findings.append(Finding("Q-FILLER", INFO,
                                    Location(FORM, project.code, ind.row + 1, "三级指标", project.form.id),
                                    f"{name} 第 {ind.row + 1} 行生态效益指标「{ind.l3 or ''}」与项目内容无关，"
                                    "如项目没有生态效益，请删除该行，不必凑指标。"))
    return findings


RATE = re.compile(r"(比率|比例|效率|率)$")
COUNT_NAME = re.compile(r"(数量|人数|次数|件数|个数|场次|期数|案件数|人次|金额|额)$")
TIME_NAME = re.compile(r"(时间|时限|期限|时效)$")
COUNT_UNITS = ("人", "件", "次", "个", "套", "份", "场", "期", "万元", "元", "万", "人次")


def _bare(text: str) -> str:
    """A name or description without its trimmings: ``案件结案率(%)`` → ``案件结案率``; a definition
    ``着装达标率=达标人数/总人数*100%`` → ``着装达标率``."""
    text = re.split(r"[=＝]", text.strip(), maxsplit=1)[0]
    text = re.sub(r"[（(]\s*[%％人]\s*[)）]", "", text)
    return text.strip(" 。.；;").removesuffix("指标")


def _measures(text: str) -> str | None:
    """What a rate or a satisfaction measures, as the words before 率: ``办结率`` → ``办结``,
    ``…满意度`` → ``满意``; None for other names."""
    text = _bare(text)
    if "满意" in text:
        return "满意"
    match = RATE.search(text)
    if match and match.start() >= 2:
        return text[match.start() - 2:match.start()]
    return None


def _mentions(measure: str, text: str) -> bool:
    return any(ch in text for ch in measure)


@each("project")
def name_mismatch(doc, project: ProjectTable) -> list[Finding]:
    """Q-MISMATCH (警告): a 三级指标 whose 描述 or 指标值 measures something else — a rate described
    as another rate (``办结率`` / ``受理率``), a satisfaction described as a goal, a description
    that says nothing (``1``), a count or a time valued in %, a rate valued in 人, 万元 or by a date."""
    findings = []
    name = project.heading
    for ind in project.indicators:
        title, description = (ind.l3 or "").strip(), (ind.description or "").strip()
        if not title:
            continue
        head = f"{name} 第 {ind.row + 1} 行「{title}」"
        value = ind.value
        unit = value.normalized_unit or ""
        problem = None
        cost_row = "成本" in (ind.l1 or "") + (ind.l2 or "")  # P-COST says what their value should be
        count = COUNT_NAME.search(_bare(title)) if value.kind == "quantity" and value.is_percentage else None
        if cost_row:
            if value.kind == "quantity" and unit in COUNT_UNITS and RATE.search(_bare(title)):
                problem = ("三级指标", f"{head}是比率，指标值「{value.text}」却是{unit}。成本指标填写金额时，"
                                    "请把名称改为“总成本”。", categories.VALUE_MISMATCH)
        elif count and count.group().endswith("额"):
            problem = ("指标值", f"{head}是金额，指标值「{value.text}」却是百分比。请填写金额，如 ≤{project.budget or 10}万元。")
        elif count:
            problem = ("指标值", f"{head}是数量，指标值「{value.text}」却是百分比。请填写数量和单位，如 ≥100件、≥20人次。")
        elif value.kind == "quantity" and value.is_percentage and TIME_NAME.search(_bare(title)):
            problem = ("指标值", f"{head}是时间，指标值「{value.text}」却是百分比。请填写完成时间，如 12月底前。")
        elif value.kind == "quantity" and unit in COUNT_UNITS and RATE.search(_bare(title)) \
                and not _bare(title).endswith("效率"):
            problem = ("指标值", f"{head}是比率，指标值「{value.text}」却是{unit}。"
                                f"请填写百分比，或把指标名称改为所衡量的数量。")
        elif value.kind == "deadline" and RATE.search(_bare(title)):
            problem = ("指标值", f"{head}是比率，指标值「{value.text}」却是时间。请填写百分比，如 ≥95%；"
                                "完成时间请另设时效指标。")
        elif description and description != title:
            if len(description) <= 1 or description.replace(".", "").isdigit():
                problem = ("绩效指标描述", f"{head}的指标描述「{description}」不能说明指标的含义。"
                                        "请写明衡量什么、如何计算。", categories.INCOMPLETE)
            else:
                measured, described = _measures(title), _measures(description)
                if measured and not _mentions(measured, description) \
                        and not (described and _mentions(described, title)):
                    problem = ("绩效指标描述", f"{head}衡量“{measured}”，指标描述「{description[:40]}」却说的是另一件事。"
                                            "请使名称和描述一致。", categories.OTHER)
                elif measured is None and described and not _mentions(described, title):
                    problem = ("绩效指标描述", f"{head}的指标描述「{description[:40]}」衡量的是另一个指标。"
                                            "请使名称和描述一致。", categories.OTHER)
        if problem:
            field, message, *category = problem  # the 指标值 cases: 指标与指标值不匹配
            findings.append(Finding("Q-MISMATCH", WARNING,
                                    Location(FORM, project.code, ind.row + 1, field, project.form.id), message,
                                    category[0] if category else categories.VALUE_MISMATCH))
    return findings


MEASURE_END = re.compile(r"(率|比例|比重|指数|系数|度|数|量)$")
NOT_A_MEASURE = re.compile(r"(年度|季度|月度|制度|态度|尺度|维度|角度|难度|质量|力量|能量|考量|分量|多数|少数|半数|无数|"
                           r"参数|函数|变数)$")
PARTS = re.compile(r"[、，,；;]")
APPROVAL = "部门（单位）整体支出绩效目标批复表"


def several_measures(title: str | None) -> list[str]:
    """The measures a 三级指标 names when it names several, joined by 、 (``人民群众知晓率、首选率、满意率``
    → three); [] for one. A part is a measure when it ends with a measure word (率, 度, 数, 量, 比例 …,
    not 年度, 制度, 质量) and has a word of its own before it: ``省、市、县三级覆盖率`` is one measure
    (省 and 市 measure nothing), ``人数、次数统计准确率`` too (a bare 人数 qualifies the 准确率)."""
    if not title or "、" not in title:
        return []
    parts = [_bare(p) for p in PARTS.split(title)]
    measures = [p for p in parts if len(p) >= 3 and MEASURE_END.search(p) and not NOT_A_MEASURE.search(p)]
    return measures if len(measures) >= 2 else []


def _split_message(head: str, title: str, measures: list[str], what: str) -> str:
    return (f"{head}「{title}」一行写了 {len(measures)} 个指标（{'；'.join(measures)}）。"
            f"请拆分为 {len(measures)} 行，每行一个指标，分别填写{what}。")


@each("project")
def several_in_one(doc, project: ProjectTable) -> list[Finding]:
    """Q-SEVERAL (警告): one 三级指标 naming several measures joined by 、 (``知晓率、首选率、满意率``):
    each needs its own row and value (the reviewers' 建议拆分指标)."""
    findings = []
    grid = project.form.grids["indicators"]
    column = grid.column_index("l3")
    for r, row in enumerate(grid.rows):  # the names only: most have no 、 and cost one look
        title = row.cells[column]
        measures = several_measures(title)
        if measures:
            findings.append(Finding("Q-SEVERAL", WARNING,
                                    Location(FORM, project.code, r + 1, "三级指标", project.form.id),
                                    _split_message(f"{project.heading} 第 {r + 1} 行", title.strip(), measures,
                                                   "指标值")))
    return findings


@each("approval")
def several_in_one_approved(doc, form) -> list[Finding]:
    """Q-SEVERAL in the 批复表's indicators (seed 004: ``人民群众知晓率、首选率、满意率``)."""
    findings = []
    for r, ind in enumerate(form.grids["indicators"].records()):
        measures = several_measures(ind["l3"])
        if measures:
            findings.append(Finding("Q-SEVERAL", WARNING, Location(APPROVAL, None, r + 1, "三级指标", form.id),
                                    _split_message(f"批复表第 {r + 1} 行", ind["l3"].strip(), measures,
                                                   "指标值和权重")))
    return findings


CHECKS = [indicator_quality, text_placeholders, generic_filler, name_mismatch, several_in_one, several_in_one_approved]
