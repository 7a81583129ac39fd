"""From rows (any file format) to the forms they print: the document in the JSON shape of
``export --json``, plus a report of what was found and what was not.

Forms are found by their printed titles and header labels, never by positions: a project table
starts at ``N.<名称>绩效目标表`` and its fields are the cells after their labels (项目编码, 预算数, …);
the indicator table's columns are where its header row puts 一级指标 … 指标值确定依据; a 公开表 starts
at its title, its header is every row above the 栏次 row, its data ends at the 注 line or the next
title; the 批复表 is read by core/reading/approval.py, the indicator tables of both by
core/reading/indicator_table.py. What the file does not hold stays empty (None), never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core import cell_input, forms
from core.reading.approval import approval
from core.reading.indicator_table import Header, indicator_row, is_indicator_header
from core.reading.rows import BUDGET_YEAR, Row, Source, after, has, squeeze

PROJECT_TITLE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
PROJECT_TITLE_START = re.compile(r"^\s*\d+\s*[.．、]\s*\S")
COVER_YEAR = re.compile(r"(20\d\d)\s*年\s*部门预算")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
NUMBERED = re.compile(r"^\s*(\d+)\s*[、.．]\s*(.*)$", re.S)
BUDGET_TABLE_TITLE = re.compile(r"^(?:\d{4}\s*年)?\s*(?:部门预算)?\s*(.{2,30}表)\s*$")
UNIT_LINE = re.compile(r"^(\d{3,})\s*(\D.*)$")  # 315001 巨鹿县司法局本级: the unit's code, then its name
PROJECT_LABELS = {"项目编码": "code", "项目名称": "name", "预算数": "budget", "其中：财政资金": "fiscal",
                  "其中:财政资金": "fiscal", "财政资金": "fiscal", "其他资金": "other", "绩效目标": "goal"}


@dataclass
class Recognized:
    data: dict
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unit_line: tuple[str, str] | None = None  # (code, name): see _unit_line


def recognize(source: Source, known_tables: tuple[str, ...] = ()) -> Recognized:
    rows = source.rows
    result = Recognized({"department": None, "year": None, "money_unit": None, "overall": None,
                         "explanation": None, "projects": [], "budget_tables": {}, "approval": None})
    data = result.data
    _cover(rows, data)
    starts = _form_starts(rows, known_tables)
    for n, (index, kind, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(rows)
        part = rows[index:end]
        if kind == "project":
            data["projects"].append(_project(part, title, data))
        elif kind == "overall":
            data["overall"] = _overall(part[1:])
        elif kind == "budget_table":
            table = _budget_table(part, title)
            if table is None:
                result.missing.append(f"「{title}」：找到表名，但没有找到表头和栏次行，未导入。")
            else:
                data["budget_tables"][title] = table
        elif kind == "explanation":
            data["explanation"] = _explanation(part[1:])
        elif kind == "approval":
            data["approval"] = approval(part) or data["approval"]  # (a 目录 line holds nothing)
            if data["approval"] and data["money_unit"] is None:
                data["money_unit"] = data["approval"]["money_unit"]
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

def _form_starts(rows: list[Row], known_tables: tuple[str, ...]) -> list[tuple[int, str, str]]:
    starts: list[tuple[int, str, str]] = []
    known = {squeeze(t): t for t in known_tables}
    i = 0
    while i < len(rows):
        row = rows[i]
        text = squeeze(row.text)
        if text.startswith("续表"):  # a table continued on the next page: not a new form
            i += 1
            continue
        if len(row.texts) == 1 or (row.table is None and text):
            title, used = _project_title(rows, i)
            if title:
                starts.append((i, "project", title))
                i += used
                continue
            if "部门整体绩效目标" in text and len(text) <= 20 and row.table is None:
                starts.append((i, "overall", text))
            elif text.endswith("情况说明") and len(text) <= 40 and row.table is None:
                starts.append((i, "explanation", text))
            elif "批复表" in text and len(text) <= 40:
                starts.append((i, "approval", text))
            else:
                match = BUDGET_TABLE_TITLE.match(text)
                name = match.group(1) if match else None
                if name and name != "公开表" and (name in known or (text.startswith("部门预算") and not name.endswith("绩效目标表"))):
                    starts.append((i, "budget_table", known.get(name, name)))
            if PART_HEADING.match(text) and "部门整体绩效目标" not in text:
                starts.append((i, "end", text))  # a part heading ends the form before it
        i += 1
    return starts


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

def _cover(rows: list[Row], data: dict) -> None:
    for n, row in enumerate(rows[:40]):
        text = row.text
        match = COVER_YEAR.search(squeeze(text))
        if match and data["year"] is None:
            data["year"] = int(match.group(1))
            before = squeeze(text)[:match.start()]
            if before:
                data["department"] = before
            elif n and rows[n - 1].text and len(squeeze(rows[n - 1].text)) <= 30:
                data["department"] = squeeze(rows[n - 1].text)
    if data["year"] is None:
        for row in rows:
            match = BUDGET_YEAR.search(squeeze(row.text))
            if match:
                data["year"] = int(match.group(1))
                break


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


# --- 公开表 and 情况说明 ----------------------------------------------------------------------------

def _budget_table(rows: list[Row], title: str) -> dict | None:
    table = {"unit": None, "note": None, "columns": [], "rows": []}
    head: list[Row] = []
    header_texts: list[list[str]] = []
    body_started = False
    width = 0
    notes = []
    for row in rows[1:]:
        text = squeeze(row.text)
        if not body_started:
            if row.table is None or all(squeeze(t).startswith(("预算年度", "单位", "编制单位")) for t in row.texts):
                if "单位：" in text and table["unit"] is None:
                    parts = [p for p in re.split(r"(?:编制)?单位[:：]", row.text) if p.strip()]
                    for p in parts:
                        p = p.strip()
                        if p and p not in forms.MONEY_UNITS and "预算年度" not in p:
                            table["unit"] = p
                continue
            if _is_column_numbers(row):
                width = len(row.cells)
                table["columns"] = _header_labels(head, width)
                header_texts = [[squeeze(c) for c in r.cells if c] for r in head]
                body_started = True
                continue
            head.append(row)
            continue
        if text.startswith("注"):
            notes.append(row.text.strip())
            continue
        if row.table is None:
            if notes:
                notes.append(row.text.strip())
            continue
        if _is_column_numbers(row):
            continue  # repeated on a new page
        if [squeeze(c) for c in row.cells if c] in header_texts:
            continue  # a header row repeated on a new page
        cells = [(c or "").strip() or None for c in row.cells[:width]]
        table["rows"].append(cells + [None] * (width - len(cells)))
    if not body_started:
        return None
    table["note"] = "\n".join(notes) or None
    return table


def _is_column_numbers(row: Row) -> bool:
    """The 栏次 row under a 公开表's header: 栏次 (over 序号) then 1, 2, 3 … — or just 1, 2, 3 …"""
    texts = [squeeze(c) for c in row.cells if c]
    if texts and texts[0] == "栏次":
        texts = texts[1:]
        if not texts:
            return True
    return len(texts) >= 2 and texts == [str(n) for n in range(1, len(texts) + 1)]


def _header_labels(head: list[Row], width: int) -> list[str]:
    """Column labels from the header rows above 栏次: a merged top cell over its sub-columns gives
    ``本年收入/小计``. A covered cell (None) under a cell that starts there is merged down; otherwise
    it is covered by the cell to its left."""
    grid = [[(r.cells[j] if j < len(r.cells) else None) for j in range(width)] for r in head if r.table is not None]
    owner = [[None] * width for _ in grid]  # the text each grid cell shows (its merged cell's)
    for r, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell is not None:
                owner[r][j] = (r, j)
            elif r and owner[r - 1][j] is not None and grid[r - 1][j] is not None:
                owner[r][j] = owner[r - 1][j]          # merged down from the cell above
            elif r and owner[r - 1][j] is not None and owner[r - 1][j][0] < r - 1 and \
                    (j == 0 or owner[r][j - 1] != owner[r - 1][j - 1] or owner[r - 1][j] == owner[r - 1][j - 1]):
                owner[r][j] = owner[r - 1][j]          # a taller merge going on down
            elif j:
                owner[r][j] = owner[r][j - 1]          # merged across from the left
    labels = []
    for j in range(width):
        parts: list[str] = []
        for r in range(len(grid)):
            at = owner[r][j]
            text = squeeze(grid[at[0]][at[1]]) if at else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append("/".join(parts))
    return labels


def _explanation(rows: list[Row]) -> list[dict]:
    sections: list[dict] = []
    for text in _paragraphs(rows):
        if re.match(r"^[一二三四五六七八九十]+、", text) and len(text) <= 30:
            sections.append({"title": text, "text": None})
        elif sections:
            last = sections[-1]
            last["text"] = text if last["text"] is None else last["text"] + "\n" + text
    return sections
