"""From rows (any file format) to the forms they print: the document in the JSON shape of
``export --json``, plus a report of what was found and what was not.

Forms are found by their printed titles and header labels, never by positions: a project table
starts at ``N.<名称>绩效目标表`` and its fields are the cells after their labels (项目编码, 预算数, …);
the indicator table's columns are where its header row puts 一级指标 … 指标值确定依据; a 公开表 starts
at a title one of the templates knows (core/templates.py), its unit line, header and rows are read
by core/reading/budget_table.py, and the document records the template its tables follow; the
情况说明 is either one titled part of numbered sections (河北) or the template's sections, each under
its own heading (上海: 主要职能 … 其他相关情况说明, and each ``…项目经费情况说明``); the 批复表 is read by
core/reading/approval.py, the indicator tables of both by core/reading/indicator_table.py. The 单位
and 年度 come from the cover (``2024 年部门预算``, ``上海市普陀区2025年区级部门预算``,
``预算主管部门：…``, ``预算单位：…``), else from the tables' ``编制部门：``/``编制单位：`` line and their
titles' year. What the file does not hold stays empty (None), never invented.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from core.values import cell_input

from core.document import forms
from core.reading import budget_table as public
from core.reading.approval import approval
from core.reading.indicator_table import Header, indicator_row, is_indicator_header
from core.reading.rows import BUDGET_YEAR, Row, Source, after, has, squeeze
from core.templates import templates

PROJECT_TITLE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
PROJECT_TITLE_START = re.compile(r"^\s*\d+\s*[.．、]\s*\S")
COVER_YEAR = re.compile(r"(20\d\d)\s*年\s*部门预算")
COVER_LEVELS = {"预算单位": "单位", "单位名称": "单位", "编制单位": "单位", "预算主管部门": "部门", "主管部门": "部门",
                "预算部门": "部门", "部门名称": "部门", "编制部门": "部门"}
# A cover's title: 上海市普陀区2025年区级部门预算 (a level word after the year: what precedes is a
# place), 承德市司法局2025年部门预算, 2025年上海市XX局部门预算 (the 单位 before or after the year).
COVER_TITLE = re.compile(r"^(.*?)((?:19|20)\d\d)年度?(.*?)(部门|单位)预算(?:信息公开|公开|草案|（草案）|\(草案\)|绩效文本)?$")
LEVEL = re.compile(r"^(?:省|市|区|县|乡|镇|旗|州|盟)?(?:本)?级$")
COVER_LABEL = re.compile(r"^(预算主管部门|主管部门|预算部门|预算单位|部门名称|单位名称|编制部门|编制单位)[:：](.+)$")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
NUMBERED = re.compile(r"^\s*(\d+)\s*[、.．]\s*(.*)$", re.S)
PROJECT_EXPLANATION = ("项目经费情况说明", "经费情况说明", "项目情况说明")  # 上海: one per project
UNIT_LINE = re.compile(r"^(\d{3,})\s*(\D.*)$")  # 315001 巨鹿县司法局本级: the unit's code, then its name
PROJECT_LABELS = {"项目编码": "code", "项目名称": "name", "预算数": "budget", "其中：财政资金": "fiscal",
                  "其中:财政资金": "fiscal", "财政资金": "fiscal", "其他资金": "other", "绩效目标": "goal"}


@dataclass
class Recognized:
    data: dict
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unit_line: tuple[str, str] | None = None  # (code, name): see _unit_line


def recognize(source: Source, known_tables: tuple[str, ...] | None = None) -> Recognized:
    """The forms ``source`` prints; ``known_tables``: the stored 公开表 titles to look for besides
    the templates' own."""
    rows = source.rows
    result = Recognized({"department": None, "year": None, "money_unit": None, "overall": None,
                         "explanation": None, "projects": [], "budget_tables": {}, "approval": None})
    data = result.data
    known = public.known_titles(known_tables or ())
    titles = [(title, squeeze(row.text)) for row in rows if row.texts and len(row.texts) <= 2
              and (title := public.table_title(row.text, known))]
    headings = public.section_headings(public.matching_titles_template(titles)) if titles \
        else public.section_headings(None)
    starts = _form_starts(rows, known, headings)
    cover_level = _cover(rows, data, starts[0][0] if starts else len(rows), headings)
    read: list[public.ReadTable] = []
    titled: list[str] = []
    for n, (index, kind, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(rows)
        part = rows[index:end]
        if kind == "project":
            data["projects"].append(_project(part, title, data))
        elif kind == "overall":
            data["overall"] = _overall(part[1:])
        elif kind == "budget_table":
            titled.append(title)
            table = public.read_table(part, title)
            if table is not None and title not in data["budget_tables"]:
                data["budget_tables"][title] = table.table
                read.append(table)
        elif kind == "explanation":
            data["explanation"] = (data["explanation"] or []) + _explanation(part[1:])
        elif kind == "section":
            texts = _paragraphs(part[1:])
            section = {"title": title, "text": "\n".join(texts) or None}
            data["explanation"] = (data["explanation"] or []) + [section]
        elif kind == "approval":
            data["approval"] = approval(part) or data["approval"]  # (a 目录 line holds nothing)
            if data["approval"] and data["money_unit"] is None:
                data["money_unit"] = data["approval"]["money_unit"]
    if data["explanation"]:  # a 目录 listing the sections: the headings without text, found again later
        sections = data["explanation"]
        data["explanation"] = [s for n, s in enumerate(sections) if s["text"] is not None
                               or all(later["title"] != s["title"] for later in sections[n + 1:])]
    for title in dict.fromkeys(titled):
        if title not in data["budget_tables"]:
            result.missing.append(f"「{title}」：找到表名，但没有找到表头（或栏次行），未导入。")
    _tables_document(data, read, cover_level)
    for project in data["projects"]:
        if project["code"]:  # a code printed in a narrow cell wraps, and PDF text may space it
            project["code"] = re.sub(r"\s+", "", project["code"])
        problem = cell_input.code_problem(project["code"])
        if problem:  # a code is letters and digits: other text there is not taken (a formula, a note)
            result.missing.append(f"项目「{project['name']}」：{problem}这个编码没有导入，请导入后填写正确的项目编码。")
            project["code"] = None
        rows_read = len(project["indicators"])
        result.found.append(f"项目「{project['name'] or '（无名称）'}」：编码 {project['code'] or '（无）'}，"
                            f"预算数 {project['budget'] or '（无）'}，指标 {rows_read} 行")
        if not project["code"] and not problem:
            result.missing.append(f"项目「{project['name']}」：没有找到项目编码。")
        if not rows_read:
            result.missing.append(f"项目「{project['name']}」：没有找到绩效指标表。")
    for title, table in data["budget_tables"].items():
        result.found.append(f"公开表「{title}」：{len(table['columns'])} 列，{len(table['rows'])} 行")
    if data.get("template"):
        result.found.append(f"公开表模板：{templates()[data['template']].name}")
    if data["overall"]:
        o = data["overall"]
        result.found.append(f"部门整体绩效目标：分项 {len(o['items'])} 个，保障措施 {len(o['measures'])} 条")
    if data["explanation"]:
        result.found.append(f"情况说明：{len(data['explanation'])} 节")
    if data["approval"]:
        a = data["approval"]
        result.found.append(f"整体支出绩效目标批复表：预算支出总额 {a['funds']['total'] or '（无）'}，"
                            f"任务 {len(a['tasks'])} 项，指标 {len(a['indicators'])} 行")
        if not a["indicators"]:
            result.missing.append("整体支出绩效目标批复表：没有找到年度绩效指标表。")
    elif any(kind == "approval" for _, kind, _ in starts):
        result.missing.append("整体支出绩效目标批复表：找到表名，但没有读出资金、目标、任务或指标，未导入。")
    result.unit_line = _unit_line(data)
    _drop_document_units(data)
    if not data["department"]:
        offered = f"；表格上方的单位行是「{' '.join(result.unit_line)}」，请确认或另行指定" if result.unit_line \
            else "，请另行指定"
        result.missing.append(f"文件中没有预算单位名称（封面）{offered}。")
    if not data["year"]:
        result.missing.append("文件中没有预算年度（封面或“预算年度：”），请另行指定。")
    return result


# --- where each form starts ------------------------------------------------------------------------

def _form_starts(rows: list[Row], known: dict[str, str], headings: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(row, kind, title) of each form's first row. A 公开表 printed again under its own title (a
    continuation page) goes on in the form before."""
    starts: list[tuple[int, str, str]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        text = squeeze(row.text)
        if public.is_continued(text):  # a table continued on the next page: not a new form
            i += 1
            continue
        if len(row.texts) == 1 or (row.table is None and text):
            title, used = _project_title(rows, i)
            if title:
                starts.append((i, "project", title))
                i += used
                continue
            section = _section_heading(row, headings)
            table = public.table_title(row.text, known) if len(row.texts) <= 2 else None
            if "部门整体绩效目标" in text and len(text) <= 20 and row.table is None and not public.is_enumerated(text):
                starts.append((i, "overall", text))
            elif section:
                starts.append((i, "section", section))
            elif text.endswith("情况说明") and len(text) <= 40 and row.table is None and not public.is_enumerated(text):
                starts.append((i, "explanation", text))
            elif "批复表" in text and len(text) <= 40:
                starts.append((i, "approval", text))
            elif table:
                if not (starts and starts[-1][1:] == ("budget_table", table)):
                    starts.append((i, "budget_table", table))
            if PART_HEADING.match(text) and "部门整体绩效目标" not in text:
                starts.append((i, "end", text))  # a part heading ends the form before it
        i += 1
    return starts


def _section_heading(row: Row, headings: tuple[str, ...]) -> str | None:
    """The title of a 情况说明 section printed as a heading of its own (``上海市普陀区人民政府办公室
    主要职能``, ``2025年部门预算编制说明``, ``…项目经费情况说明``), or None."""
    text = squeeze(row.text)
    if row.table is not None or not text or len(text) > 60 or public.is_enumerated(text) \
            or re.search(r"[，。；;：:,!！?？…]", text):
        return None
    if text.endswith(PROJECT_EXPLANATION):
        return text
    name = public.normalized(text)
    if len(text) <= 40 and any(name.endswith(h) and len(name) - len(h) <= 30 for h in headings):
        return text
    return None


def _project_title(rows: list[Row], i: int) -> tuple[str | None, int]:
    """The project name of a title starting at row i (a long title may wrap over two lines)."""
    text = rows[i].text.strip()
    match = PROJECT_TITLE.match(text)
    if match:
        return match.group(2).strip(), 1
    if PROJECT_TITLE_START.match(text) and len(text) <= 60 and i + 1 < len(rows) \
            and rows[i + 1].table is None and rows[i].table is None \
            and not PROJECT_TITLE_START.match(rows[i + 1].text):
        match = PROJECT_TITLE.match(text + rows[i + 1].text.strip())
        if match:
            return match.group(2).strip(), 2
    return None, 0


# --- the cover ------------------------------------------------------------------------------------

def _cover(rows: list[Row], data: dict, first_form: int, headings: tuple[str, ...]) -> str | None:
    """The 单位 and 年度 the cover prints; returns the level it names (部门 or 单位: by the label
    of the 单位, ``预算单位：``, else by its title, ``…单位预算``), None if it names none.
    Before the first form: ``预算主管部门：…``/``预算单位：…`` name the 单位, a cover title
    (``上海市普陀区2025年区级部门预算``) the year (and the 单位 before it, unless a level word says
    it is a place); then, as for 河北, ``2024 年部门预算`` in the first rows with the 单位 before it or
    on the line above, and ``预算年度：``."""
    level = named = titled = titled_level = None
    for row in rows[:min(first_form, 60)]:
        if len(row.texts) != 1 and row.table is not None:
            continue
        text = squeeze(row.text)
        match = COVER_LABEL.match(text)
        if match and named is None:
            named, level = row.text.split(match.group(1), 1)[1].strip(" \t:：") or None, COVER_LEVELS[match.group(1)]
            continue
        match = COVER_TITLE.match(text)
        if match and data["year"] is None and len(text) <= 60:
            data["year"] = int(match.group(2))
            titled_level = match.group(4)
            before, after = match.group(1), match.group(3)
            if not LEVEL.match(after or "级"):
                titled = after
            elif before and not after:
                titled = before
    data["department"] = named or titled
    level = level or titled_level
    for n, row in enumerate(rows[:40]):
        match = COVER_YEAR.search(squeeze(row.text))
        if not match or _section_heading(row, headings):
            continue
        data["year"] = data["year"] or int(match.group(1))
        level = level or "部门"
        before = squeeze(row.text)[:match.start()]
        if data["department"] is not None:
            pass
        elif before:
            data["department"] = before
        elif n and rows[n - 1].text and len(squeeze(rows[n - 1].text)) <= 30:
            data["department"] = squeeze(rows[n - 1].text)
        break
    if data["year"] is None:
        for row in rows:
            match = BUDGET_YEAR.search(squeeze(row.text))
            if match:
                data["year"] = int(match.group(1))
                break
    return level


def _tables_document(data: dict, read: list, cover_level: str | None) -> None:
    """What the 公开表 say of the whole document: its template, its money unit (the one most
    tables print; a table printing another keeps its own), and — where the cover does not say — the
    单位 every ``编制部门：``/``编制单位：`` line names (not a code and name: the officer confirms
    those, see _unit_line) and the year of the titles."""
    if not read:
        return
    data["template"] = public.matching_template(read, cover_level)
    if data["money_unit"] is None:
        data["money_unit"] = public.document_money_unit(read)
    for table in read:
        if table.money_unit and table.money_unit != data["money_unit"]:
            table.table["money_unit"] = table.money_unit
    if data["department"] is None:
        names = {squeeze(t.unit_line.unit): t.unit_line.unit for t in read
                 if t.unit_line and t.unit_line.labelled and t.unit_line.unit and t.unit_line.label != "单位"}
        if len(names) == 1 and not UNIT_LINE.match(next(iter(names))):
            data["department"] = next(iter(names.values()))
    if data["year"] is None:
        years = Counter(y for t in read if (y := public.title_year(t.printed) or (t.unit_line and t.unit_line.year)))
        if years:
            data["year"] = years.most_common(1)[0][0]


def _drop_document_units(data: dict) -> None:
    """A form's unit line that names the document's own 单位 (``324 承德市司法局``) is what a form
    without a unit of its own prints: read back as no unit of its own, so that a file read and
    printed again is the same."""
    own = squeeze(" ".join(x for x in (data.get("department_code"), data.get("department")) if x))
    if not own:
        return
    for form in [*data["projects"], *data["budget_tables"].values()]:
        if form.get("unit") and squeeze(form["unit"]) == own:
            form["unit"] = None


def _unit_line(data: dict) -> tuple[str, str] | None:
    """The unit that every unit line above the tables names (``315001 巨鹿县司法局本级``, a code of
    digits then the name, squeezed: ``315001``, ``巨鹿县司法局本级``), or None when they name none or
    several units. It is what the tables say, not a cover: the officer confirms it."""
    printed = [p["unit"] for p in data["projects"]] + [t["unit"] for t in data["budget_tables"].values()]
    units = {(m.group(1), m.group(2)) for m in (UNIT_LINE.match(squeeze(u)) for u in printed if u) if m}
    return units.pop() if len(units) == 1 else None


# --- a project table ------------------------------------------------------------------------------

def _project(rows: list[Row], name: str, data: dict) -> dict:
    project = {"code": None, "name": name, "unit": None, "budget": None, "fiscal": None, "other": None,
               "purpose": None, "plan": {p: None for p in forms.PLAN_POINTS}, "goal": None, "indicators": []}
    header: Header | None = None
    budget_row = plan_row = None
    last_field = None
    for n, row in enumerate(rows[1:], start=1):
        previous = rows[n - 1]
        if header is not None:
            if row.table is None:
                continue  # text between tables (a heading, a page's notes) is not an indicator
            if is_indicator_header(row):
                header = Header(row)  # the header repeated on a new page: its columns may differ
                continue
            indicator_row(project["indicators"], row, header.columns(row), previous)
            continue
        if last_field and row.table is not None and row.table != previous.table and _continues(row):
            project[last_field] = (project[last_field] or "") + row.texts[0]  # a field the page cut
            continue
        text = squeeze(row.text)
        if "单位：" in text.replace(":", "：") and not has(row, "项目编码") and project["unit"] is None \
                and project["code"] is None:
            unit, _, money_unit = row.text.replace(":", "：").partition("单位：")
            project["unit"] = unit.strip() or None
            if money_unit.strip() in forms.MONEY_UNITS and data["money_unit"] is None:
                data["money_unit"] = money_unit.strip()
            continue
        last_field = None
        for label, key in PROJECT_LABELS.items():
            if has(row, label) and project[key] is None and (key != "goal" or squeeze(row.cells[0]) == label):
                project[key] = after(row, label)
                last_field = key
        if has(row, "预算数"):
            budget_row = n
        elif budget_row is not None and n == budget_row + 1 and project["purpose"] is None:
            texts = [c for c in row.cells[1:] if c]
            project["purpose"] = texts[0].strip() if texts else None
            last_field = "purpose"
        if any(squeeze(c) == forms.PLAN_POINTS[0] for c in row.cells if c):
            plan_row = n
        elif plan_row is not None and n == plan_row + 1 and not _labelled(row):
            columns = Header.match(rows[plan_row], row)
            for j, cell in enumerate(rows[plan_row].cells):
                point = squeeze(cell)
                k = columns.get(j, j)
                if point in project["plan"] and k < len(row.cells):
                    project["plan"][point] = (row.cells[k] or "").strip() or None
        if is_indicator_header(row):
            header = Header(row)
    return project


def _labelled(row: Row) -> bool:
    """Whether the row starts with one of the project table's labels (not a row of values)."""
    first = next((squeeze(c) for c in row.cells if c), "")
    return first in PROJECT_LABELS or first in ("一级指标", "预算规模及资金用途")


def _continues(row: Row) -> bool:
    """The first row of a table on a new page that only carries the rest of a cell the break cut:
    no label in its first column, one text."""
    return bool(row.cells) and not row.cells[0] and len(row.texts) == 1


# --- 部门整体绩效目标 -------------------------------------------------------------------------------

def _paragraphs(rows: list[Row]) -> list[str]:
    """The text rows as paragraphs: PDF lines joined until a line ends its paragraph."""
    paragraphs, current = [], ""
    for row in rows:
        if row.table is not None:
            continue
        current += row.text.strip()
        if row.paragraph_end and current:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _overall(rows: list[Row]) -> dict:
    overall = {"summary": None, "items": [], "measures": []}
    section = None
    for text in _paragraphs(rows):
        heading = squeeze(text)
        if heading.startswith("一、") and "总体" in heading and len(heading) <= 12:
            section = "summary"
            continue
        if heading.startswith("二、") and "分项" in heading and len(heading) <= 12:
            section = "items"
            continue
        if heading.startswith("三、") and "保障" in heading and len(heading) <= 12:
            section = "measures"
            continue
        if section == "summary":
            overall["summary"] = text if overall["summary"] is None else overall["summary"] + "\n" + text
        elif section == "items":
            _item(overall["items"], text)
        elif section == "measures":
            match = NUMBERED.match(text)
            if match or not overall["measures"]:
                overall["measures"].append({"title": None, "text": match.group(2) if match else text})
            else:
                last = overall["measures"][-1]
                last["text"] = (last["text"] or "") + "\n" + text
    _measure_titles(overall["measures"])
    return overall


def _item(items: list[dict], text: str) -> None:
    for label, key in (("绩效目标：", "goal"), ("绩效指标：", "indicators")):
        if text.startswith(label) and items:
            items[-1][key] = text[len(label):].strip() or None
            return
    match = NUMBERED.match(text)
    if match and len(match.group(2)) <= 40:
        items.append({"title": match.group(2).strip(), "goal": None, "indicators": None})
    else:
        items.append({"title": None, "goal": text, "indicators": None})


def _measure_titles(measures: list[dict]) -> None:
    """``1、加强组织领导。建立健全…``: the short first sentence is the measure's title — when every
    measure of the list starts so (a list of headed measures), never for one by chance."""
    heads = [re.match(r"^([^。\n]{2,20})。(.+)$", m["text"] or "", re.S) for m in measures]
    if measures and all(heads):
        for measure, head in zip(measures, heads):
            measure["title"], measure["text"] = head.group(1), head.group(2)


# --- 情况说明 ---------------------------------------------------------------------------------------

def _explanation(rows: list[Row]) -> list[dict]:
    sections: list[dict] = []
    for text in _paragraphs(rows):
        if re.match(r"^[一二三四五六七八九十]+、", text) and len(text) <= 30:
            sections.append({"title": text, "text": None})
        elif sections:
            last = sections[-1]
            last["text"] = text if last["text"] is None else last["text"] + "\n" + text
    return sections
