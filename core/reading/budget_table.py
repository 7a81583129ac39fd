"""The 部门预算公开表 of any province, read from rows against the templates (core/templates.py).

A 公开表 starts at its printed title: a template's stored title once the year and the level prefix
are taken off (``2025年部门收入预算总表`` → ``收入预算总表``, ``部门预算收支总表`` → ``收支总表``), also
after a table number (``表1``) or the name of the unit before the year. Above its header stand the
unit line (``编制部门：… 单位：元``, ``编制单位：324 承德市司法局``, ``单位:万元``) and perhaps
``预算年度：2024``. Its header is every row above a 栏次 row where one is printed (河北); otherwise the
header rows are found by their labels: as many leading rows of labels (no amounts, no codes) as give
the column paths that agree best with the template tables of that title (a merged header cell over
the columns it spans, ``类/款/项`` under ``功能分类科目编码``); a table no template knows takes its rows
of labels. Then come the data rows — amounts as printed, blank cells None, the rows that print nothing
dropped, a header or unit line repeated on a continuation page skipped — up to the next form, and the
``注`` lines under it.

What the file does not print stays None, never taken from a template.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from core.values.cell_input import TOTAL_LABELS
from core.reading.rows import Row, squeeze
from core.templates import Template, TableTemplate, stored_title, templates
from core.templates import matching_template as template_of_titles

MAX_HEADER_ROWS = 4  # the deepest header of a template is three levels; one more is never a header
# What a printed title may carry before the template's title: a table number (表1, 表1-2, 附表3).
_TABLE_NUMBER = re.compile(r"^附?表(?:[0-9]{1,3}(?:[-—－.．][0-9]{1,3})*|[一二三四五六七八九十]+)"
                           r"(?=(?:19|20)[0-9][0-9]年|[^0-9])[:：、.．]?")  # (of squeezed text: 表12025年… is 表1)
# … or the unit's name before the year: 上海市普陀区人民政府办公室2025年部门收支预算总表.
_NAME_BEFORE_YEAR = re.compile(r"^[^\d，。：:；;、,.．]{2,40}?(?=(?:19|20)\d\d年)")
_NAME_AND_LEVEL = re.compile(r"^(?:\{year\}年度?)?[^\d，。：:；;、,.．{}]{2,40}(?:部门|单位)(?:预算)?$")
_CONTINUED = re.compile(r"(?:[（(]续(?:表)?[)）]|续表|（续前表）)$")
_UNKNOWN_TITLE = re.compile(r"^(?:部门预算|(?:19|20)\d\d年度?(?:部门|单位))(.{2,30}表)$")
_TITLE_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
# The labels of a unit line; the value of each runs to the next label.
_UNIT_LABEL = re.compile(r"(编制部门|编制单位|预算主管部门|主管部门|预算部门|预算单位|部门名称|单位名称|金额单位|"
                         r"预算年度|单位)\s*[:：]\s*")
_NAMING_LABELS = {"编制部门", "编制单位", "预算主管部门", "主管部门", "预算部门", "预算单位", "部门名称", "单位名称"}
_MONEY = re.compile(r"^(万元|元)(?![\u4e00-\u9fff])")
_MONEY_END = re.compile(r"\s*(?:万元|元)\s*$")
_DATUM = re.compile(r"^(?:[-+(（]?[0-9][0-9,，]*(?:\.[0-9]+)?[)）%]?|[-—–－]+|\.[0-9]+)$")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[0-9]+\s*[、.．](?![0-9])|（[一二三四五六七八九十0-9]+）|"
                         r"\([一二三四五六七八九十0-9]+\))")
_QUOTES = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "“": None, "”": None, "\"": None, "‘": None,
                         "’": None, "'": None, "「": None, "」": None, "『": None, "』": None})


def normalized(text: str | None) -> str:
    """A title or header label as compared: no whitespace, no quotes, ASCII brackets, a year as
    ``{year}`` (templates write ``{year}年预留中小微企业份额``)."""
    return re.sub(r"(?:19|20)\d\d(?=年)", "{year}", squeeze(text).translate(_QUOTES))


# --- titles ---------------------------------------------------------------------------------------

@cache
def _template_titles() -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.title for tpl in templates().values() for t in tpl.tables))


def known_titles(extra=()) -> dict[str, str]:
    """Every stored title the templates (and ``extra``) know, by its normalized form."""
    return {normalized(t): t for t in (*_template_titles(), *extra)}


def is_continued(text: str) -> bool:
    """``续表``, ``…预算表（续）``: a table going on after a page break, not a new one."""
    text = squeeze(text)
    return text.startswith("续表") or bool(_CONTINUED.search(text))


def table_title(text: str, known: dict[str, str]) -> str | None:
    """The stored title of the 公开表 whose printed title is ``text``, or None: a title the templates
    know, or one printed as a 公开表 title (``部门预算…表``, ``2025年部门…表``) that no template has
    (kept as printed, without its prefix); never a 绩效目标表, 批复表 or the 公开表 cover."""
    whole = squeeze(text)
    if not whole or len(whole) > 80 or is_continued(whole):
        return None
    numbered = _TABLE_NUMBER.sub("", whole, count=1) or whole
    candidates = [whole, numbered]
    name = _NAME_BEFORE_YEAR.match(numbered)
    if name:
        candidates.append(numbered[name.end():])
    for candidate in candidates:
        found = known.get(normalized(stored_title(candidate)))
        if found:
            return found
    for candidate in candidates:  # the unit's name after the year: 2025年上海市XX局部门收支预算总表
        plain = normalized(candidate)
        for name in sorted(known, key=len, reverse=True):
            if plain.endswith(name) and _NAME_AND_LEVEL.match(plain[:-len(name)]):
                return known[name]
    for candidate in candidates:
        match = _UNKNOWN_TITLE.match(candidate)
        if match:
            title = stored_title(candidate)
            if not title.endswith(("绩效目标表", "批复表")) and title != "公开表" and 2 <= len(title) <= 30:
                return title
    return None


def title_year(text: str) -> int | None:
    """The year a printed title names (``2025年部门收入预算总表``, ``某某局2025年部门…`` → 2025)."""
    match = _TITLE_YEAR.search(_TABLE_NUMBER.sub("", squeeze(text), count=1))
    return int(match.group(0)) if match else None


# --- the unit line --------------------------------------------------------------------------------

@dataclass
class UnitLine:
    unit: str | None = None        # the unit it names: 上海市普陀区人民政府办公室, 324 承德市司法局
    labelled: bool = False         # named after 编制部门：/编制单位：… (not a bare name before 单位：元)
    label: str | None = None       # 编制部门, 编制单位, 单位 …
    money_unit: str | None = None  # 元, 万元
    year: int | None = None        # 预算年度：2024


def unit_line(row: Row) -> UnitLine | None:
    """The row as a unit line above a table (``编制部门：上海市普陀区人民政府办公室    单位：元``,
    ``编制单位：324 承德市司法局`` | ``单位：万元``, ``预算年度：2024``), or None if it is none. A label
    starts a text or follows a blank (``价值（金额单位：万元）`` is a header), but for the money unit
    ending a line whose blanks the PDF lost (``…办公室单位：元``)."""
    texts = [t.strip() for t in row.texts]
    if not texts or len(texts) > 4 or any(_DATUM.match(squeeze(t)) for t in texts):
        return None
    joined = "  ".join(texts)
    matches = [m for m in _UNIT_LABEL.finditer(joined) if not m.start() or joined[m.start() - 1].isspace()
               or (m.group(1) == "单位" and _MONEY_END.match(joined, m.end()))]
    if not matches:
        return None
    before = joined[:matches[0].start()].strip()
    if len(squeeze(before)) > 40:
        return None
    line = UnitLine(unit=before or None)
    for n, match in enumerate(matches):
        label = match.group(1)
        value = joined[match.end():matches[n + 1].start() if n + 1 < len(matches) else len(joined)].strip()
        money = _MONEY.match(squeeze(value))
        if label == "预算年度":
            year = re.match(r"((?:19|20)\d\d)", squeeze(value))
            line.year = int(year.group(1)) if year else line.year
        elif label == "金额单位" or money:
            line.money_unit = line.money_unit or (money.group(1) if money else None)
        elif value and not line.labelled:  # a labelled name over a bare one before it
            line.unit, line.label, line.labelled = value, label, True
    return line


# --- the table ------------------------------------------------------------------------------------

@dataclass
class ReadTable:
    title: str                     # stored title
    printed: str                   # the title as printed
    table: dict                    # unit, note, columns, rows (the JSON shape)
    money_unit: str | None = None  # as its unit line prints it
    unit_line: UnitLine | None = None


def candidates(title: str) -> list[TableTemplate]:
    """The template tables stored under ``title``, in every template."""
    return [t for tpl in templates().values() for t in tpl.tables if t.title == title]


def read_table(rows: list[Row], title: str) -> ReadTable | None:
    """The 公开表 whose title is ``rows[0]``, or None when no header is found under it."""
    line: UnitLine | None = None
    i = 1
    while i < len(rows):  # the lines above the header: the unit line, 预算年度, blank rows
        found = unit_line(rows[i])
        if found is not None:
            line = _merged(line, found)
        elif rows[i].table is not None and rows[i].texts:
            break
        i += 1
    lead = [n for n in range(i, min(len(rows), i + 3 * MAX_HEADER_ROWS)) if rows[n].table is not None and rows[n].texts]
    data = next((k for k, n in enumerate(lead) if any(_DATUM.match(squeeze(t)) for t in rows[n].texts)), len(lead))
    if data < len(lead) and _is_column_numbers(rows[lead[data]]):  # 河北: the header is every row above 栏次
        head = [rows[n] for n in lead[:data] if unit_line(rows[n]) is None]
        width = len(rows[lead[data]].cells)
        body = rows[lead[data] + 1:]
    else:
        count = _header_count([rows[n] for n in lead[:data]], candidates(title))
        if not count:
            return None
        head = [rows[n] for n in lead[:count]]
        width = max(len(r.cells) for r in head)
        body = rows[lead[count - 1] + 1:]
    if not head:
        return None
    header_texts = [[squeeze(c) for c in r.cells if c] for r in head]
    table = {"unit": line.unit if line else None, "note": None, "columns": header_labels(head, width), "rows": []}
    notes: list[str] = []
    for row in body:
        text = squeeze(row.text)
        if text.startswith("注") and (row.table is None or len(row.texts) == 1):
            notes.append(row.text.strip())
            continue
        if row.table is None:
            if notes and text:
                notes.append(row.text.strip())
            continue
        if not row.texts or _is_column_numbers(row) or [squeeze(c) for c in row.cells if c] in header_texts:
            continue  # a row that prints nothing; the 栏次 or a header row repeated on a new page
        if unit_line(row) is not None:
            continue  # the unit line repeated on a new page
        cells = [(c or "").strip() or None for c in row.cells[:width]]
        if any(cells):
            table["rows"].append(cells + [None] * (width - len(cells)))
    table["note"] = "\n".join(notes) or None
    return ReadTable(title, squeeze(rows[0].text), table, line.money_unit if line else None, line)


def _merged(line: UnitLine | None, found: UnitLine) -> UnitLine:
    if line is None:
        return found
    return UnitLine(line.unit or found.unit, line.labelled or found.labelled, line.label or found.label,
                    line.money_unit or found.money_unit, line.year or found.year)


def _is_column_numbers(row: Row) -> bool:
    """The 栏次 row under a 公开表's header: 栏次 (over 序号) then 1, 2, 3 … — or just 1, 2, 3 …"""
    texts = [squeeze(c) for c in row.cells if c]
    if texts and texts[0] == "栏次":
        texts = texts[1:]
        if not texts:
            return True
    return len(texts) >= 2 and texts == [str(n) for n in range(1, len(texts) + 1)]


def _header_count(lead: list[Row], known: list[TableTemplate]) -> int:
    """How many of the leading rows (rows of labels only) are the header: the count whose column
    paths agree with a template table of this title on the most columns (the fewest rows on a tie:
    a 合计 row of an empty table is not a header row); without any agreement, every row of labels up
    to a lone 合计 or a numbered item (一、…)."""
    run = lead[:MAX_HEADER_ROWS]
    if not run:
        return 0
    wanted = [Counter(normalized(c) for c in t.columns) for t in known]
    best, count = 0, 0
    for k in range(1, len(run) + 1):
        labels = [normalized(label) for label in header_labels(run[:k], max(len(r.cells) for r in run[:k]))]
        score = max((sum(1 for label in labels if label in w) for w in wanted), default=0)
        if score > best:
            best, count = score, k
    if best:
        return count
    for k, row in enumerate(run):
        texts = [squeeze(t) for t in row.texts]
        if (len(texts) == 1 and texts[0] in TOTAL_LABELS) or _ENUMERATED.match(texts[0]):
            return k
    return len(run)


def header_labels(head: list[Row], width: int) -> list[str]:
    """Column labels from the header rows: a merged top cell over its sub-columns gives
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


# --- which template -------------------------------------------------------------------------------

def _pattern(printed: str) -> re.Pattern:
    """A template's printed title or unit line as a pattern (``{year}年部门{title}``)."""
    text = re.escape(squeeze(printed))
    return re.compile("^" + text.replace(r"\{year\}", r"\d{4}").replace(r"\{title\}", ".+")
                      .replace(r"\{unit\}", ".*") + "$")


def _unit_label(tpl: Template) -> str:
    return squeeze(tpl.unit_line.split("{unit}")[0]).rstrip(":：")


def matching_template(tables: list[ReadTable], cover_level: str | None = None) -> str | None:
    """The key of the template these tables are printed by: the one holding most of their titles;
    among those (上海's 部门 and 单位 templates hold the same tables), the one most of the evidence
    follows — its printed titles (``{year}年单位{title}``), its unit lines (``编制单位：``), the level
    the cover names (``cover_level``: 部门 or 单位), each counting alike; None if no template has any."""
    count = max(len(tables), 1)

    def evidence(tpl: Template) -> float:
        title, label = _pattern(tpl.title), _unit_label(tpl)
        printed = sum(1 for t in tables if title.match(t.printed))
        lines = sum(1 for t in tables if t.unit_line and t.unit_line.label == label)
        return printed / count + lines / count + (cover_level == tpl.level)

    return template_of_titles([t.title for t in tables], evidence)


def matching_titles_template(titles: list[tuple[str, str]]) -> Template | None:
    """The template of the printed (stored, printed) titles alone, before the tables are read."""
    key = matching_template([ReadTable(stored, printed, {}) for stored, printed in titles])
    return templates()[key] if key else None


def document_money_unit(tables: list[ReadTable]) -> str | None:
    """The money unit most tables print (the 上海 三公 table alone is in 万元)."""
    units = Counter(t.money_unit for t in tables if t.money_unit)
    return units.most_common(1)[0][0] if units else None


def section_headings(template: Template | None) -> tuple[str, ...]:
    """The 情况说明 sections that are headings of their own (上海: 主要职能 … 其他相关情况说明), not
    numbered ``一、…`` within one 情况说明 as in 河北: those of every template that has such
    sections (the 部门 and the 单位 level alike), unless the file's template numbers its sections."""
    if template is not None and _numbered(template):
        return ()
    names = []
    for tpl in templates().values():
        if tpl.explanation_sections and not _numbered(tpl):
            names += [normalized(s.replace("{year}", "2000")) for s in tpl.explanation_sections]
    return tuple(dict.fromkeys(names))


def _numbered(template: Template) -> bool:
    return any(_ENUMERATED.match(s) for s in template.explanation_sections)


def is_enumerated(text: str) -> bool:
    return bool(_ENUMERATED.match(squeeze(text)))

