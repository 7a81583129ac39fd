"""A project's 绩效目标 text against its indicator rows (issue 17): a figure the goal states
(``接听次数达 7000 次以上``, ``总成本 ≤ 22.59 万元``, ``办结率100%``) has an indicator with the same value.

A figure is a number with a unit (%, 元/万元, 人/人次, 次/场次/期, 件/个/套 …, 小时, 日/工作日, 平方米, 米);
numbers of dates and years (``12 月底``, ``2024 年度``), of phones and hotlines (``12348 来电``), and
the items' numbering (``1.``) are not figures. Values are compared as numbers in one unit (22.59万元 =
225900元); how the direction is written (≥, 以上, 不低于, 达, 以内) does not matter, nor the classifier
(人 / 人次, 次 / 场次, 件 / 份). The words before a figure name what it measures: an indicator whose
三级指标 shares them (and measures the same rate: 纠错率 is not 审结率) is the figure's own, and a
different value there is a mismatch; a figure no indicator names is found when any indicator has
its value, else it is missing.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from core.checks import categories
from core.checks.rules.quality import _bare, _measures
from core.checks.validation import WARNING, Finding, Location, each
from core.document.project_table import ProjectTable, is_not_applicable

FORM = "项目支出绩效目标表"

# unit as written → (what it counts, how many of the family's base unit)
UNITS: dict[str, tuple[str, int]] = {
    "%": ("%", 1), "百分比": ("%", 1),
    "元": ("元", 1), "千元": ("元", 1_000), "万元": ("元", 10_000), "亿元": ("元", 100_000_000), "万": ("元", 10_000),
    "人": ("人", 1), "人次": ("人", 1), "名": ("人", 1), "位": ("人", 1), "万人": ("人", 10_000), "万人次": ("人", 10_000),
    "次": ("次", 1), "场": ("次", 1), "场次": ("次", 1), "期": ("次", 1), "批次": ("次", 1), "轮": ("次", 1),
    **{u: ("件", 1) for u in ("件", "宗", "份", "篇", "册", "本", "卷", "套", "台", "辆", "个", "项", "家", "户",
                              "处", "座", "条", "张", "批", "所")},
    "小时": ("小时", 1), "分钟": ("分钟", 1),
    "日": ("日", 1), "天": ("日", 1), "工作日": ("日", 1), "个工作日": ("日", 1),
    "平方米": ("平方米", 1), "平米": ("平方米", 1), "m2": ("平方米", 1), "亩": ("亩", 1),
    "米": ("米", 1), "延长米": ("米", 1), "公里": ("米", 1_000), "千米": ("米", 1_000),
}
_UNIT_RE = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
FIGURE = re.compile(rf"(?<![\d.])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>{_UNIT_RE})")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# what follows a unit and makes it something else: 5万余人, 3个月, 150元/件, 人民, 项目
_NOT_AFTER = {"万": _CJK, "个": re.compile(r"[月季年]"), "人": re.compile(r"[民员大]"), "项": re.compile(r"[目]"),
              "名": re.compile(r"[称单]"), "位": re.compile(r"[置于]"), "期": re.compile(r"[间限]"),
              "次": re.compile(r"[年日月序]"), "所": re.compile(r"[内属长在以有]"), "本": re.compile(r"[年月级单次]"),
              "条": re.compile(r"[件例款]"), "处": re.compile(r"[理置]"), "家": re.compile(r"[庭属]")}
GREATER = ("不低于", "不少于", "大于等于", "≥", ">=", "高于", "超过", "多于", "大于", "达到", "达")
LESS = ("不超过", "不高于", "小于等于", "≤", "<=", "低于", "少于", "小于", "控制在")
AFTER_GREATER = ("及以上", "以上")
AFTER_LESS = ("以内", "之内", "以下", "内")
# what ends the words naming a figure (NFKC: ，→, ；→; ：→:)
CLAUSE_BREAK = re.compile(r"[,;:。、!?\n()（）“”\"]|(?<!\d)\d+\.(?!\d)")
VERB_TAIL = re.compile(r"(?:达到|达|为|在|是|不低于|不少于|大于等于|小于等于|不超过|不高于|低于|高于|超过|少于|多于|大于|小于|"
                       r"控制在|保持在|保持|约|共|计|累计|≥|≤|>=|<=|>|<|=|\s)+$")
RELATED = 3  # characters a goal's words and a 三级指标 share to be about the same thing (2 for the
# only indicator counting in the figure's unit: 接听次数 and 解答12348来电次数)


class Figure(NamedTuple):
    number: Decimal   # in the family's base unit (元, 人, …)
    family: str
    written: str      # as the text writes it: 7000次, 22.59万元
    operator: str     # ≥, ≤ or "" (from 以上, 不低于, 以内 …)
    words: str        # the words before it in its clause (what it measures), without the verb
    quoted: str       # words, figure and its 以上 / 以内, as the goal says it


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def figures(text: str | None) -> tuple[Figure, ...]:
    """The figures of a text, in order."""
    if not text:
        return ()
    text = _fold(text)
    found = []
    last_end = 0
    for match in FIGURE.finditer(text):
        unit, start, end = match.group("unit"), match.start(), match.end()
        after = text[end:end + 1]
        before = text[:start].rstrip()
        if after == "/" or (unit in _NOT_AFTER and _NOT_AFTER[unit].match(after)):
            continue  # a unit cost (150元/件), or the unit is the start of another word
        if before.endswith(("第", "月", "年", "号", "-")) or text[end:end + 1] in ("月", "年"):
            continue  # 第 2 次, 12 月 31 日, a 文号
        family, scale = UNITS[unit]
        number = Decimal(match.group("num").replace(",", "")) * scale
        clause_start = max(last_end, max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)), default=0))
        lead = text[clause_start:start]
        words = VERB_TAIL.sub("", lead).strip()
        gap = len(text[end:end + 4]) - len(text[end:end + 4].lstrip())
        ahead = next((w for w in AFTER_GREATER + AFTER_LESS if text.startswith(w, end + gap)), "")
        close = end + gap + len(ahead) if ahead else end  # through its 以上 / 以内
        said = lead.rstrip()
        operator = "≥" if (said.endswith(GREATER) or ahead in AFTER_GREATER) else \
            "≤" if (said.endswith(LESS) or ahead in AFTER_LESS) else ""
        found.append(Figure(number, family, f"{match.group('num')}{unit}", operator, words,
                            text[clause_start:close].strip()))
        last_end = close
    return tuple(found)


def _value_figure(text: str | None) -> Figure | None:
    """The figure of an indicator's 指标值 (``≥7000次``, ``≤51万``, ``建筑面积2360.46平方米``)."""
    found = figures(text)
    return found[0] if len(found) == 1 else None


def _same(a: Figure, b: Figure) -> bool:
    return a.family == b.family and a.number == b.number


@lru_cache(maxsize=65536)  # pure, and asked for each figure and each row of its unit
def _related(words: str, title: str) -> int:
    """How many characters the words naming a figure share with a 三级指标 (0 when they measure
    different rates: 直接纠错率 is not 审结率)."""
    words, title = words.replace(" ", ""), _bare(_fold(title)).replace(" ", "")
    if not words or not title:
        return 0
    measured, named = _measures(words), _measures(title)
    if measured and named and measured != named:
        return 0
    match = SequenceMatcher(None, words, title, autojunk=False).find_longest_match(0, len(words), 0, len(title))
    return match.size


@each("project")
def goal_figures(doc, project: ProjectTable) -> list[Finding]:
    """I-GOAL (警告): each figure of the 绩效目标 has an indicator with the same value: the indicator
    whose 三级指标 names what the figure measures differs (``直接纠错率大于等于 10%`` against ``≥15%``),
    or no indicator has the value at all (the goal promises what no indicator measures)."""
    goal = project.form.get("goal")
    stated = figures(goal)
    if not stated:
        return []
    rows = [(ind, _value_figure(ind.value.text)) for ind in project.indicators if not is_not_applicable(ind.l3)]
    rows = [(ind, figure) for ind, figure in rows if figure is not None]
    findings, said = [], set()
    for figure in stated:
        kin = [(ind, value) for ind, value in rows if value.family == figure.family]
        scored = [(_related(figure.words, ind.l3 or ""), ind, value) for ind, value in kin]
        best = max((score for score, _, _ in scored), default=0)
        if best >= RELATED or (best >= 2 and len(kin) == 1):  # named, or the only one of its kind
            own = [(ind, value) for score, ind, value in scored if score == best]
            if any(_same(figure, value) for _, value in own):
                continue
            ind, value = own[0]
            message = (f"{project.heading} 绩效目标“{figure.quoted}”与第 {ind.row + 1} 行「{ind.l3}」的指标值"
                       f"「{ind.value.text}」不一致。请使绩效目标和指标值一致。")
            where = Location(FORM, project.code, ind.row + 1, "指标值", project.form.id)
            category = categories.VALUE_MISMATCH
        elif any(_same(figure, value) for _, value in kin):
            continue
        else:
            name = f"「{figure.words}」" if figure.words else ""
            message = (f"{project.heading} 绩效目标“{figure.quoted}”没有对应的指标：没有指标值为 {figure.written} 的指标。"
                       f"请增加指标（如 {name}{figure.operator}{figure.written}），或修改绩效目标。")
            where = Location(FORM, project.code, None, "绩效目标", project.form.id)
            category = categories.INCOMPLETE
        if message not in said:
            said.add(message)
            findings.append(Finding("I-GOAL", WARNING, where, message, category))
    return findings


CHECKS = [goal_figures]
