"""The wording of the texts (issue 17): the years they name, template text left in, and punctuation —
in every text an officer writes: the 情况说明's sections (编制说明 of 上海 included), the 部门整体绩效
目标, each project's 资金用途 and 绩效目标, the 批复表's texts. Each check looks at one form at a time,
so a text edit reruns only the checks of the edited form; all are a few regular expressions a text.

- T-YEAR: a comparison in a budget for year N names year N−1 (``比2024年预算`` in a 2025 budget;
  ``比2023年决算`` may name N−2, the last 决算 there is) — else 警告; a date of one of the two years
  before or a 实施周期 not holding N in a target text, or another year in a heading of the 情况说明 — 提示 (last year's text left in). A
  year inside a 文号 (``冀财政法2022年55号``, ``〔2023〕12号``: core/reading/years.py), a 《title》 or
  the project's own name (``提前下达2021年…资金``), and the 上年 phrases (``2024年结转``, ``截至2024年
  底``) are not dates of the work.
- T-TEMPLATE: template text left in — ``增加（减少）``, ``（增加/减少）``, a reason left empty (``主要原因
  是。``), ``XX`` / ``××`` / ``待填写`` (警告), ``……`` (提示); not in a 目录, and not where Q-PLACEHOLDER
  already reports the project text.
- T-LEVEL (提示): a 单位预算 (its template's level 单位) speaking of its 部门预算, or a 部门 document
  calling itself 单位预算.
- T-PUNCT (提示): doubled marks (``。。``, ``；。``, ``，。``); quotes and brackets that do not pair
  (“ without ”, ``（款)``); a paragraph of the 情况说明 ending without its 。 (headings, captions and table
  rows aside); a text ending on ``，``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.checks.rules.quality import TEXT_PLACEHOLDER
from core.checks.validation import INFO, WARNING, Finding, Location, each
from core.document import forms
from core.reading.years import DOCUMENT_NUMBER, YEAR_IN_TEXT
from core.templates import template_of

EXPLANATION_FORM = "部门预算信息公开情况说明"
PROJECT_FORM = "项目支出绩效目标表"
GRID_NAMES = {"items": "分项", "measures": "保障措施", "tasks": "年度主要任务"}
SHOWN = 3  # places quoted in one message; more are counted


class _Text(NamedTuple):
    where: Location
    place: str   # how messages name it: 情况说明「二、部门预算安排的总体情况」
    text: str
    role: str    # heading (a 情况说明 section's title), section (its text), target (a target text)


def _texts(doc, form) -> list[_Text]:
    """The officer's texts of ``form``, each with where it is."""
    found = []

    def add(where, place, text, role):
        if text and text.strip():
            found.append(_Text(where, place, text, role))

    if form.kind == forms.EXPLANATION:
        for i, section in enumerate(form.grids["sections"].records()):
            title = (section["title"] or "").strip()
            place = f"情况说明「{title}」" if title else f"情况说明第 {i + 1} 节"
            add(Location(EXPLANATION_FORM, None, i + 1, "标题", form.id), f"情况说明第 {i + 1} 节标题", title,
                "heading")
            add(Location(EXPLANATION_FORM, None, i + 1, "内容", form.id), place, section["text"], "section")
    elif form.kind == forms.PROJECT:
        heading = f"项目「{form.get('name') or form.get('code') or '未命名'}」"
        for key in ("purpose", "goal"):
            label = form.field_spec(key).label
            add(Location(PROJECT_FORM, form.get("code"), None, label, form.id), f"{heading}「{label}」",
                form.get(key), "target")
    elif form.kind in (forms.OVERALL, forms.APPROVAL):
        name = "部门整体绩效目标" if form.kind == forms.OVERALL else "批复表"
        for spec in form.spec.fields:
            if spec.kind == "text" and spec.key != "unit":
                add(Location(form.title, None, None, spec.label, form.id), f"{name}「{spec.label}」",
                    form.get(spec.key), "target")
        for grid in form.grids.values():
            if grid.name == "indicators":
                continue  # indicator rows: the indicator rules'
            for r, row in enumerate(grid.rows):
                for column, cell in zip(grid.columns, row.cells):
                    add(Location(form.title, None, r + 1, column.label, form.id),
                        f"{name}{GRID_NAMES.get(grid.name, '')}第 {r + 1} 条「{column.label}」", cell, "target")
    return found


def _clause(text: str, start: int, end: int, width: int = 30) -> str:
    """The words around ``text[start:end]`` up to the nearest marks, for a message: “较2023年预算减少2.35万元”."""
    left = max(text.rfind(mark, 0, start) for mark in "，。；\n") + 1
    rights = [i for i in (text.find(mark, end) for mark in "，。；\n") if i != -1]
    right = min(rights, default=len(text))
    clause = text[left:right].strip()
    if len(clause) > width:
        clause = text[max(left, start - 10):min(right, end + 16)].strip()
    return clause


def _listed(clauses: list[str]) -> str:
    """The places quoted for a message: the first few different ones, and how many there are."""
    shown = list(dict.fromkeys(clauses))[:SHOWN]
    quoted = "、".join(f"“{c}”" for c in shown)
    return quoted + (f"等 {len(clauses)} 处" if len(clauses) > len(shown) else "")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _inside(spans, at: int) -> bool:
    return any(a <= at < b for a, b in spans)


# --- T-YEAR ---------------------------------------------------------------------------------------

COMPARED = re.compile(
    r"(?:比|较|对比|相比)\s*(?:于\s*)?(?:上年度?\s*[（(]\s*)?(20\d\d)\s*年"
    r"|(?:与|同|和|跟)\s*(20\d\d)\s*年[^，。；;,\n]{0,16}?(?:相比|持平|比较|对比|同期)"
    r"|在\s*(20\d\d)\s*年[^，。；;,\n]{0,12}?基础上")
FINAL_ACCOUNTS = re.compile(r"\s*年\s*度?\s*(?:部门|单位)?\s*决算")
TITLED = re.compile(r"《[^《》]{0,60}》")
DOTTED_DATE = re.compile(r"(?<!\d)(20\d\d)\s*[.\-/．]\s*(?:1[0-2]|0?[1-9])\s*[.\-/．]\s*(?:3[01]|[12]\d|0?[1-9])(?!\d)")
YEAR_RANGE = re.compile(r"(?<!\d)(20\d\d)\s*年?[^，。；;,\n至到]{0,10}?(?:至|到|－|-|—|–|～|~)\s*(20\d\d)\s*年?")
STALE = 2  # a text left from the year before names it, or the one before that; older years are history
# what a budget's target text rightly says of last year: its money carried over, its end as the base
LAST_YEAR_WORDS = re.compile(r"\s*(?:年度?|年末|年底)?\s*(?:的)?\s*(?:预算)?\s*(?:结转|结余|执行|决算|底|末|基础|同期|水平|实际)")
AS_OF = re.compile(r"(?:截至|截止)到?\s*$")


def _comparisons(text: str, year: int) -> list[tuple[int, int, int]]:
    """(year named, start, end) of each comparison naming another year than ``year - 1``."""
    wrong = []
    numbers = _spans(DOCUMENT_NUMBER, text)
    for m in COMPARED.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g))
        named, at = int(m.group(group)), m.start(group)
        if _inside(numbers, at) or named == year - 1:
            continue
        if named == year - 2 and FINAL_ACCOUNTS.match(text, m.end(group)):
            continue  # the last 决算 there is when the budget is made
        wrong.append((named, m.start(), m.end()))
    return wrong


def _past_dates(text: str, year: int, allowed: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of the dates and 实施周期 of a target text outside ``year``: a date of one of
    the two years before (older ones are history: ``2018年成立``), or a range that does not hold
    ``year`` and ends no earlier. ``allowed``: text whose years are the project's own (its name:
    ``提前下达2021年…资金``; not a year of a 文号 in it)."""
    skip = _spans(DOCUMENT_NUMBER, text) + _spans(TITLED, text)
    compared = [(m.start(), m.end()) for m in COMPARED.finditer(text)]
    named_numbers = _spans(DOCUMENT_NUMBER, allowed)
    own = {int(m.group(1)) for m in YEAR_IN_TEXT.finditer(allowed) if not _inside(named_numbers, m.start(1))}
    found = []
    ranges = []
    for m in YEAR_RANGE.finditer(text):
        first, last = int(m.group(1)), int(m.group(2))
        if first <= last and not _inside(skip, m.start(1)):
            ranges.append(m.span())
            if not (first <= year <= last or last < year - STALE) and not {first, last} <= own:
                found.append((last if last < year else first, m.start(), m.end()))
    for m in [*YEAR_IN_TEXT.finditer(text), *DOTTED_DATE.finditer(text)]:
        named, at = int(m.group(1)), m.start(1)
        if not year - STALE <= named < year or named in own or _inside(skip, at) or _inside(ranges, at) \
                or _inside(compared, at):
            continue
        if named == year - 1 and (LAST_YEAR_WORDS.match(text, m.end(1)) or AS_OF.search(text, 0, at)):
            continue
        found.append((named, m.start(), m.end()))
    return sorted(found, key=lambda x: x[1])


def _heading_years(text: str, year: int) -> list[tuple[int, int, int]]:
    """Another year than ``year`` in a heading (last year's 执行, 决算 or 结转 aside)."""
    numbers = _spans(DOCUMENT_NUMBER, text) + _spans(TITLED, text)
    return [(int(m.group(1)), m.start(), m.end()) for m in YEAR_IN_TEXT.finditer(text)
            if int(m.group(1)) != year and not _inside(numbers, m.start(1))
            and not (int(m.group(1)) == year - 1 and LAST_YEAR_WORDS.match(text, m.end(1)))]


@each("any")
def years(doc, form) -> list[Finding]:
    """T-YEAR: a comparison names the year before the budget year (警告); a target text's dates, and
    the 情况说明's headings, are of the budget year (提示)."""
    year = doc.year
    if form.kind == forms.APPROVAL and (form.get("year") or "").isdigit():
        year = int(form.get("year"))
    if year is None:
        return []
    findings = []
    for item in _texts(doc, form):
        text = item.text
        if "20" not in text:
            continue  # no year in it
        wrong = _comparisons(text, year)
        if wrong:
            named = sorted({w[0] for w in wrong})
            itself = "预算年度本身" if named == [year] else "、".join(f"{y}年" for y in named)
            findings.append(Finding("T-YEAR", WARNING, item.where,
                                    f"{item.place}中{_listed([_clause(text, a, b) for _, a, b in wrong])}"
                                    f"比较的是{itself}。{year}年预算应与上年（{year - 1}年）比较：请改为“{year - 1}年”，"
                                    f"并核对比较的数字是{year - 1}年的。"))
        if item.role == "target":
            allowed = (form.get("name") or "") if form.kind == forms.PROJECT else ""
            dates = _past_dates(text, year, allowed)
            if dates:
                named = "、".join(f"{y}年" for y in sorted({d[0] for d in dates}))
                places = _listed([_clause(text, a, b) for _, a, b in dates])
                findings.append(Finding("T-YEAR", INFO, item.where,
                                        f"{item.place}写的是{named}（{places}），"
                                        f"不是预算年度 {year} 年，可能是上年的文字未改。请改为{year}年的内容和时间；"
                                        "确是上年的工作延续到本年的，可以保留。"))
        else:
            lines = [(0, text)] if item.role == "heading" else _headings(text)
            others = [(y, at + a, at + b) for at, line in lines for y, a, b in _heading_years(line, year)]
            if others:
                named = "、".join(f"{y}年" for y in sorted({o[0] for o in others}))
                findings.append(Finding("T-YEAR", INFO, item.where,
                                        f"{item.place}的标题{_listed([_clause(text, a, b, 40) for _, a, b in others])}"
                                        f"写的是{named}，本预算是{year}年的。请改为“{year}年”。"))
    return findings


# --- the paragraphs of a 情况说明 -----------------------------------------------------------------

NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
                      r"|\d+(?:\.\d+)*\s*[、.．)）]|第[一二三四五六七八九十\d]+[章节部分条项]|[①-⑳])")
INNER_MARKS = re.compile(r"[，。；！？,;]")
CLOSED = "。！？；;.!?…：:）)」”’》】"


def _lines(text: str) -> list[tuple[int, str]]:
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    return lines


def _unmarked(line: str) -> bool:
    """No sentence marks in the line (a last ``：`` aside), and not ending as a sentence does."""
    body = line.strip()
    return not body.endswith("。") and not INNER_MARKS.search(body[:-1])


def _paragraphs(text: str) -> list[tuple[int, str, bool]]:
    """(start, line, whether it is a heading or a caption) of the lines of ``text`` that are not blank
    and not a table row (cells split by tabs). A heading has no sentence marks and is numbered
    (``1、收入说明``, ``七、绩效目标``) or short with a text or a table after it (``部门机构设置情况``
    above its table, ``主要职能`` above its numbered items) — not a numbered heading after it."""
    lines = [line for line in _lines(text) if line[1].strip()]
    found = []
    for k, (at, line) in enumerate(lines):
        if "\t" in line:
            continue
        heading = False
        if _unmarked(line):
            if NUMBERED.match(line):
                heading = True
            elif len(line.strip()) <= 20 and k + 1 < len(lines):
                after = lines[k + 1][1]
                heading = "\t" in after or not (NUMBERED.match(after) and _unmarked(after))
        found.append((at, line, heading))
    return found


def _headings(text: str) -> list[tuple[int, str]]:
    return [(at, line) for at, line, heading in _paragraphs(text) if heading]


def _last_clause(paragraph: str, width: int = 24) -> str:
    """The end of a paragraph, for a message: its last clause (``…详见单位的项目绩效目标表``)."""
    start = max(paragraph.rfind(mark) for mark in "，。；：,;") + 1
    clause = paragraph[start:].strip()
    if len(clause) > width:
        clause = clause[-width:]
    return clause if start == 0 and len(paragraph.strip()) <= width else f"…{clause}"


def _unended(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a 情况说明 section that ends without its 。: not a heading,
    a caption, a table row (cells split by tabs) or a one-word answer (``无``)."""
    found = []
    paragraphs = _paragraphs(text)
    for k, (at, line, heading) in enumerate(paragraphs):
        body = line.rstrip()
        if body[-1] in CLOSED or len(body.strip()) < 5 or heading:
            continue
        if k == len(paragraphs) - 1 and body[-1] in "，、的和及与" and len(body) >= 15:
            continue  # a text stopping mid-sentence: T-CUT says it is cut off
        found.append((at, at + len(body)))
    return found


# --- T-TEMPLATE, T-LEVEL --------------------------------------------------------------------------

BOTH_WAYS = re.compile(r"[增减上下](?:(?<=增)(?:加|长)?|(?<=上)升|(?<=减)少?|(?<=下)降)\s*[（(/／]\s*"
                       r"(?:(?:减少|下降|降低|减)\s*[)）]?|(?:增加|增长|上升)\s*[)）])")
EMPTY_REASON = re.compile(r"原因(?:主要)?(?:是|为|在于)?\s*[：:]?\s*(?=[。；;，,])|原因(?:主要)?(?:是|为|在于)\s*[：:]?\s*$")
BLANKS = re.compile(r"[Xx×Ｘ╳](?<![A-Za-z][Xx])(?:(?<=X)X+|(?<=x)x+|(?<=×)×+|(?<=Ｘ)Ｘ+|(?<=╳)╳+)(?![A-Za-z])"
                    r"|待填写|待补充|请填写|此处填写|[(（]\s*填写[^）)\n]{0,12}[)）]")
ELLIPSIS = re.compile(r"[….·](?:(?<=…)…+|(?<=\.)\.\.+|(?<=·)··+)")
CONTENTS_LINE = re.compile(r"(?:…|\.|·){2,}\s*\d+\s*$")


def _template_places(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """Where ``pattern`` matches ``text``, but in a line of a 目录 (``一、部门职责……1``)."""
    places = [m.span() for m in pattern.finditer(text)]
    if places:
        contents = [(at, at + len(line)) for at, line in _lines(text) if CONTENTS_LINE.search(line)]
        places = [p for p in places if not _inside(contents, p[0])]
    return places


@each("any")
def template_text(doc, form) -> list[Finding]:
    """T-TEMPLATE: template text left in — 增加（减少）, an empty 原因是。, XX / 待填写 (警告), …… (提示)."""
    findings = []
    for item in _texts(doc, form):
        text = item.text
        if item.role == "heading" and "目录" in text:
            continue
        if form.kind == forms.PROJECT and TEXT_PLACEHOLDER.search(text):
            continue  # Q-PLACEHOLDER reports this text as template text already
        both = _template_places(BOTH_WAYS, text)
        if both:
            findings.append(Finding("T-TEMPLATE", WARNING, item.where,
                                    f"{item.place}中{_listed([_clause(text, a, b) for a, b in both])}是模板文字"
                                    "“增加（减少）”：请按实际数字只写“增加”或“减少”（相同时写“持平”）。"))
        empty = _template_places(EMPTY_REASON, text)
        if empty:
            findings.append(Finding("T-TEMPLATE", WARNING, item.where,
                                    f"{item.place}中{_listed([_clause(text, a, b) for a, b in empty])}没有写出原因。"
                                    "请写明增减变化的原因，如“主要原因是新增……项目”。"))
        blanks = _template_places(BLANKS, text)
        if blanks:
            findings.append(Finding("T-TEMPLATE", WARNING, item.where,
                                    f"{item.place}中{_listed([_clause(text, a, b) for a, b in blanks])}含有模板的"
                                    f"待填内容“{text[blanks[0][0]:blanks[0][1]]}”。请填写实际内容。"))
        dots = _template_places(ELLIPSIS, text)
        if dots:
            findings.append(Finding("T-TEMPLATE", INFO, item.where,
                                    f"{item.place}中{_listed([_clause(text, a, b) for a, b in dots])}有“……”，"
                                    "可能是模板中待填的空位。请填写实际内容；确是省略号的可以保留。"))
    return findings


@lru_cache(maxsize=16)
def _calling_itself(word: str, department: str) -> re.Pattern:
    """``word`` where the document names itself: at the start of a line, after 本 / 我 / a year
    (``本单位预算``, ``2025年单位预算编制说明``), or after its own name — not its units' (``所属单位
    预算``) nor its 主管部门's."""
    named = f"|(?<={re.escape(department)})" if department else ""
    return re.compile(f"(?:^|(?<=[\n本我年度]){named}){word}", re.M)


@each("any")
def level_words(doc, form) -> list[Finding]:
    """T-LEVEL (提示): a 单位预算 speaking of 部门预算, a 部门 document calling itself 单位预算."""
    level = template_of(doc).level
    wrong, right = ("部门预算", "单位预算") if level == "单位" else ("单位预算", "部门预算")
    pattern = _calling_itself(wrong, (doc.department or "").strip())
    findings = []
    for item in _texts(doc, form):
        if wrong not in item.text:
            continue
        places = [m.span() for m in pattern.finditer(item.text)]
        if places:
            findings.append(Finding("T-LEVEL", INFO, item.where,
                                    f"本文档是{right}（公开表模板：{template_of(doc).level}），{item.place}中"
                                    f"{_listed([_clause(item.text, a, b) for a, b in places])}却称“{wrong}”。"
                                    f"请改为“{right}”。"))
    return findings


# --- T-PUNCT --------------------------------------------------------------------------------------

DOUBLED = re.compile(r"[，。；：、][，。；：、,;]+|[,;][，。；：、]+")
OPENS = {"（": "）", "(": ")", "《": "》", "“": "”", "‘": "’", "【": "】", "「": "」"}
CLOSES = {close: open_ for open_, close in OPENS.items()}
SAME_KIND = {"（": "()", "(": "()", "）": "()", ")": "()"}
BRACKETS = re.compile("[" + re.escape("".join(OPENS) + "".join(CLOSES)) + "]")
LIST_MARKER = re.compile(r"\s*[0-9０-９a-zA-Z一二三四五六七八九十]{1,3}")


def _unpaired(text: str) -> list[tuple[str, int, int]]:
    """What does not pair: (what, start, end) — ``mixed`` for ``（款)``, ``open`` for “ never closed,
    ``close`` for ） never opened (a list marker ``1）`` aside)."""
    found, stack = [], []
    for m in BRACKETS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in OPENS:
            stack.append((ch, i))
        elif ch in CLOSES:
            match = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == CLOSES[ch]), None)
            kin = None
            if match is None and ch in SAME_KIND:
                kin = next((k for k in range(len(stack) - 1, -1, -1)
                            if SAME_KIND.get(stack[k][0]) == SAME_KIND[ch]), None)
            if match is not None:
                del stack[match:]
            elif kin is not None:
                found.append(("mixed", stack[kin][1], i + 1))
                del stack[kin:]
            elif not LIST_MARKER.fullmatch(text, text.rfind("\n", 0, i) + 1, i):
                found.append(("close", i, i + 1))
    ended = text.rstrip()[-1:] in CLOSED
    for ch, i in stack:
        if ended or len(text.rstrip()) - i > 20:  # one near the end of a text cut off: T-CUT's
            found.append(("open", i, i + 1))
    return sorted(found, key=lambda x: x[1])


@each("any")
def punctuation(doc, form) -> list[Finding]:
    """T-PUNCT (提示): doubled marks, quotes and brackets that do not pair, a 情况说明 paragraph without
    its 。, a text that ends on ，."""
    findings = []
    for item in _texts(doc, form):
        text = item.text
        doubled = [m.span() for m in DOUBLED.finditer(text)]
        if doubled:
            marks = "、".join(dict.fromkeys(f"「{text[a:b]}」" for a, b in doubled))
            findings.append(Finding("T-PUNCT", INFO, item.where,
                                    f"{item.place}中{_listed([_clause(text, a, b, 24) for a, b in doubled])}"
                                    f"有重复的标点{marks}。请删去多余的标点。"))
        unpaired = _unpaired(text)
        if unpaired:
            said = []
            for what, a, b in unpaired:
                if what == "mixed":
                    said.append(f"「{text[a:b][:20]}」全角、半角括号混用")
                elif what == "open":
                    said.append(f"「{text[a:a + 12]}…」中的「{text[a]}」没有对应的「{OPENS[text[a]]}」")
                else:
                    said.append(f"「…{text[max(0, a - 11):b]}」中的「{text[a]}」没有对应的「{CLOSES[text[a]]}」")
            findings.append(Finding("T-PUNCT", INFO, item.where,
                                    f"{item.place}中{'；'.join(said[:SHOWN])}"
                                    f"{f'等 {len(said)} 处' if len(said) > SHOWN else ''}。"
                                    "引号、括号要成对，全角的「（」配全角的「）」。"))
        if item.role == "section":
            unended = _unended(text)
            if unended:
                quoted = "、".join(f"“{_last_clause(text[a:b])}”" for a, b in unended[:SHOWN])
                more = f"等 {len(unended)} 段" if len(unended) > SHOWN else ""
                findings.append(Finding("T-PUNCT", INFO, item.where,
                                        f"{item.place}中{quoted}{more}没有以句号结尾。请在段末加上「。」。"))
        elif item.role == "target" and item.where.row is None and text.rstrip()[-1] in "，、,":
            findings.append(Finding("T-PUNCT", INFO, item.where,
                                    f"{item.place}以「{text.rstrip()[-1]}」结尾（“…{text.rstrip()[-16:]}”），"
                                    "句子不完整。请补全或改为「。」。"))
    return findings


CHECKS = [years, template_text, level_words, punctuation]
