"""The document printed as the 财政局 expects it (reportlab): cover, 目录 with real page numbers,
第一部分 部门整体绩效目标, 第二部分 one 项目支出绩效目标表 per project, the 部门预算公开表 (landscape, their
two-level headers and 栏次 row repeated on every page), the 情况说明 and the 批复表; optionally a
草案 watermark and the check report as an appendix; or, without the front matter, the chosen forms
alone (one table printed by itself).

Every piece of user text goes through :func:`para`, which escapes it: ``<``, ``&`` and ``>`` print as
themselves, never as markup; a blank text still takes one line, so a blank row keeps a normal height
to be written on by hand. Tables split between rows only; their header rows repeat on each page,
under ``续表：<the table's title>`` (:class:`_Table`). An amount never wraps (:class:`_Figure`):
columns are sized from what they hold, measured with the font (:func:`_column_widths`), and a figure
that still does not fit prints smaller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from core import cell_input, forms, money
from core.budget_tables import column_number, header_layout
from core.document import finance_bureau
from core.errors import BudgetDeskError
from core.files import replacing
from core.pdf_fonts import pdf_fonts
from core.project_table import ProjectTable, level_runs

MM = 72 / 25.4
MARGIN = 18 * MM
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = landscape(A4)[0] - 2 * MARGIN
CELL_PADDING = 3         # left and right, in every table cell
MIN_FIGURE_SIZE = 6.0    # the smallest font size an amount shrinks to (still readable)
HANG = 0.4               # of an em: how far the ink of a hanging 。 reaches past the line's end


@dataclass
class PdfOptions:
    form_ids: list[int] | None = None   # None: every printable form
    draft: bool = False                 # 草案 watermark and (草案) on the cover
    findings: list | None = None        # the check report appendix, if given
    notes: dict[str, str] = field(default_factory=dict)  # 出错说明 by finding ``note_key``
    front_matter: bool = True           # False: no cover, 目录 or part headings; pages numbered from 1


class _Styles:
    def __init__(self):
        fonts = pdf_fonts()
        base = dict(fontName=fonts.body, wordWrap="CJK", leading=14, fontSize=10.5)
        self.body = ParagraphStyle("body", **base, firstLineIndent=21, spaceAfter=4)
        self.plain = ParagraphStyle("plain", **base)
        # text in a cell ends HANG em short of the padding: a 。 that CJK line breaking hangs past the
        # line's end then stays inside the cell's border
        self.cell = ParagraphStyle("cell", **{**base, "fontSize": 9, "leading": 11.5}, rightIndent=9 * HANG)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER, rightIndent=0)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT, rightIndent=0)
        self.small_cell = ParagraphStyle("small_cell", **{**base, "fontSize": 8, "leading": 10}, rightIndent=8 * HANG)
        self.small_right = ParagraphStyle("small_right", parent=self.small_cell, alignment=TA_RIGHT, rightIndent=0)
        self.small_center = ParagraphStyle("small_center", parent=self.small_cell, alignment=TA_CENTER, rightIndent=0)
        head = dict(fontName=fonts.heading, wordWrap="CJK", alignment=TA_CENTER)
        self.cover_title = ParagraphStyle("cover_title", **head, fontSize=26, leading=36)
        self.cover_line = ParagraphStyle("cover_line", **head, fontSize=18, leading=28)
        self.part = ParagraphStyle("part", **head, fontSize=20, leading=30, spaceBefore=12, spaceAfter=12)
        self.title = ParagraphStyle("title", **head, fontSize=15, leading=22, spaceAfter=6)
        self.heading = ParagraphStyle("heading", **{**head, "alignment": TA_LEFT}, fontSize=12, leading=18,
                                      spaceBefore=8, spaceAfter=4)
        self.continued = ParagraphStyle("continued", **{**head, "alignment": TA_LEFT}, fontSize=10.5, leading=18)
        self.unit = ParagraphStyle("unit", **base, alignment=TA_RIGHT)
        self.toc = [ParagraphStyle(f"toc{i}", **base, leftIndent=18 * i) for i in range(3)]


def para(text, style):
    """A Paragraph of user text: escaped (never markup), line breaks kept; a blank text is one empty
    line of the style, so that a blank cell keeps its row a normal height."""
    text = "" if text is None else str(text)
    if not text.strip():
        return Spacer(0, style.leading)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _toc_entry(flowable, level: int, text: str):
    flowable.toc = (level, text)
    return flowable


# --- amounts, column widths, continued tables ----------------------------------------------------


class _Figure(Flowable):
    """Text that never wraps (an amount), on one line of its style: at the style's size, or smaller
    where the cell is too narrow, down to MIN_FIGURE_SIZE (past that it overflows, never breaks).
    Always one line of the style's leading high, aligned as the style says."""

    def __init__(self, text: str, style):
        super().__init__()
        self.text, self.style, self.size = text, style, style.fontSize

    def wrap(self, availWidth, availHeight):
        style = self.style
        natural = stringWidth(self.text, style.fontName, style.fontSize)
        self.size = style.fontSize if natural <= availWidth else max(
            MIN_FIGURE_SIZE, style.fontSize * availWidth / natural)
        self.width = availWidth
        return availWidth, style.leading

    def draw(self):
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, self.size)
        baseline = style.leading - style.fontSize + (style.fontSize - self.size) / 2
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        elif style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def _amount(stored, style):
    """An amount cell: the printed amount as a :class:`_Figure`; text that is not an amount (an
    imported oddity) wraps as text."""
    if stored and money.read_amount(stored) is None:
        return para(stored, style)
    return _Figure(money.printed(stored), style)


def _least(texts, style) -> float:
    """The width a column needs to print each of ``texts`` unbroken in ``style``, padding and indent
    included (at least two characters wide)."""
    widest = max((stringWidth(t, style.fontName, style.fontSize) for t in texts if t), default=0.0)
    return max(widest, 2 * style.fontSize) + 2 * CELL_PADDING + style.rightIndent


def _column_widths(width: float, weights: list[float], least: list[float],
                   preferred: list[float] | None = None) -> list[float]:
    """Column widths filling ``width`` in proportion to ``weights``, none below its ``least`` (what
    its content needs unbroken, see :func:`_least`) — nor below its ``preferred`` (its header on one
    line) where all of those fit: a column whose share falls short gets its least and the others
    share the rest. Where the least widths alone exceed ``width`` they are scaled down together (the
    figures then print smaller)."""
    if preferred and sum(map(max, least, preferred)) <= width:
        least = list(map(max, least, preferred))
    needed = sum(least)
    if needed >= width:
        return [width * x / needed for x in least]
    widths = list(least)
    free, room = set(range(len(weights))), width
    while True:
        total = sum(weights[i] for i in free)
        short = {i for i in free if room * weights[i] / total < least[i]}
        if not short:
            for i in free:
                widths[i] = room * weights[i] / total
            return widths
        room -= sum(least[i] for i in short)
        free -= short


class _Table(Table):
    """A table that says on each page after its first that it continues: its ``caption`` (a
    Paragraph, ``续表：<title>``) is drawn above the header rows reportlab repeats there. The parts a
    split makes are _Tables too (reportlab builds them with ``self.__class__``); all but the first
    are ``continued``."""

    caption = None
    continued = False

    def _caption_height(self, availWidth) -> float:
        return self.caption.wrap(availWidth, 1e6)[1] if self.continued else 0.0

    def wrap(self, availWidth, availHeight):
        extra = self._caption_height(availWidth)
        width, height = super().wrap(availWidth, availHeight - extra)
        return width, height + extra

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight - self._caption_height(availWidth))
        for i, part in enumerate(parts):
            part.caption, part.continued = self.caption, self.continued or i > 0
        return parts

    def draw(self):
        super().draw()
        if self.continued:
            self.caption.wrap(self._width, 1e6)
            self.caption.drawOn(self.canv, 0, self._height)


def _long_table(rows, title: str, s: "_Styles", header_rows: int, **kwargs) -> _Table:
    """A table that may run over pages: its first ``header_rows`` repeat on each, under
    ``续表：<title>``."""
    table = _Table(rows, repeatRows=header_rows, **kwargs)
    table.caption = para(f"续表：{title}", s.continued)
    return table


# --- the document template ------------------------------------------------------------------------


def _make_template(path: Path, options: PdfOptions, title: str, first: str, steps=None):
    """The document template; ``first`` names the page template of the first page; ``steps``
    (core.progress) is stepped at each part's marker."""
    fonts = pdf_fonts()
    unnumbered = 1 if options.front_matter else 0  # the cover has no number

    def decorate(canvas, doc):
        canvas.saveState()
        if doc.page > unnumbered:
            canvas.setFont(fonts.body, 9)
            width = canvas._pagesize[0]
            canvas.drawCentredString(width / 2, 10 * MM, f"— {doc.page - unnumbered} —")
        if options.draft:
            width, height = canvas._pagesize
            canvas.setFont(fonts.heading, 110)
            canvas.setFillColorRGB(0.85, 0.85, 0.85, alpha=0.35)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(40)
            canvas.drawCentredString(0, -40, "草案")
        canvas.restoreState()

    class Template(BaseDocTemplate):
        def afterFlowable(self, flowable):
            if steps is not None and getattr(flowable, "part_done", False):
                steps.step()
            toc = getattr(flowable, "toc", None)
            if toc:
                level, text = toc
                self.notify("TOCEntry", (level, text, self.page - unnumbered))

    sizes = {"portrait": A4, "landscape": landscape(A4)}

    def page(name: str) -> PageTemplate:
        width, height = sizes[name]
        frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id=name[0])
        return PageTemplate(name, [frame], onPage=decorate, pagesize=sizes[name])

    template = Template(str(path), pagesize=sizes[first], title=title, author="BudgetDesk",
                        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    template.pageTemplates = [page(first)] + [page(name) for name in sizes if name != first]
    return template


def _table_style(extra=()):
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


# --- the parts --------------------------------------------------------------------------------------


def _cover(doc, s: _Styles, options: PdfOptions) -> list:
    department = doc.department or ""
    story = [Spacer(1, 60 * MM), para(department, s.cover_title), Spacer(1, 12 * MM),
             para(f"{doc.year} 年部门预算绩效文本", s.cover_title)]
    if options.draft:
        story += [Spacer(1, 6 * MM), para("(草案)", s.cover_line)]
    story += [Spacer(1, 70 * MM), para(f"{department}编制", s.cover_line),
              para(f"{finance_bureau(department)}审核", s.cover_line)]
    return story


def _contents(s: _Styles) -> list:
    toc = TableOfContents(levelStyles=s.toc, dotsMinLevel=0)
    return [para("目  录", s.part), toc]


def _overall(form, s: _Styles) -> list:
    story = [_toc_entry(para("第一部分　部门整体绩效目标", s.part), 0, "第一部分　部门整体绩效目标")]
    summary = form.get("summary")
    items = form.grids["items"].records()
    measures = form.grids["measures"].records()
    story.append(_toc_entry(para("一、总体绩效目标", s.heading), 1, "一、总体绩效目标"))
    story += [para(line, s.body) for line in (summary or "").splitlines() if line.strip()]
    if items:
        story.append(_toc_entry(para("二、分项绩效目标", s.heading), 1, "二、分项绩效目标"))
        for i, item in enumerate(items, 1):
            story.append(para(f"{i}、{item['title'] or ''}", s.plain))
            if item["goal"]:
                story.append(para(f"绩效目标：{item['goal']}", s.body))
            if item["indicators"]:
                story.append(para(f"绩效指标：{item['indicators']}", s.body))
    if measures:
        story.append(_toc_entry(para("三、工作保障措施", s.heading), 1, "三、工作保障措施"))
        for i, measure in enumerate(measures, 1):
            title = (measure["title"] or "").strip()
            text = measure["text"] or ""
            story.append(para(f"{i}、{title}{'。' if title and not title.endswith(('。', '：')) else ''}{text}", s.body))
    return story


def _level_spans(grid) -> list[tuple]:
    """The SPAN commands merging 一级 and 二级 down their runs, below one header row."""
    return [("SPAN", (col, first + 1), (col, last + 1)) for col, first, last in level_runs(grid)]


def _project(form, number: int, doc, s: _Styles, width: float) -> list:
    project = ProjectTable(form)
    unit = doc.money_unit or "万元"
    title = f"{number}.{project.name or ''}绩效目标表"
    story = [_toc_entry(para(title, s.title), 1, title),
             Table([[para(doc.unit_of(form), s.plain), para(f"单位：{unit}", s.unit)]],
                   colWidths=[width * 0.7, width * 0.3])]
    c = s.cell_center
    stored = [form.get(key) for key in ("budget", "fiscal", "other")]
    amounts = [_amount(value, s.cell_right) for value in stored]
    figure = _least([money.printed(value) for value in stored], s.cell_right)
    least = [_least([], c)] * 7
    least[2] = least[4] = least[6] = figure
    headers = [_least([text], c) for text in ("预算规模及资金用途", "预算数", "", "其中：财政资金", "项目名称", "其他资金", "")]
    widths = _column_widths(width, [1.2, 0.9, 1.0, 1.1, 1.0, 0.8, 1.0], least, headers)
    block = Table([
        [para("项目编码", c), para(project.code, s.cell), "", "", para("项目名称", c), para(project.name, s.cell), ""],
        [para("预算规模及资金用途", c), para("预算数", c), amounts[0], para("其中：财政资金", c),
         amounts[1], para("其他资金", c), amounts[2]],
        ["", para(form.get("purpose"), s.cell), "", "", "", "", ""],
    ], colWidths=widths,
        style=_table_style([("SPAN", (1, 0), (3, 0)), ("SPAN", (5, 0), (6, 0)), ("SPAN", (0, 1), (0, 2)),
                            ("SPAN", (1, 2), (6, 2))]))
    label = widths[0]  # the label column of the tables below lines up with the block's
    points = forms.PLAN_POINTS
    plan = Table([
        [para("资金支出计划（%）", c)] + [para(p, c) for p in points],
        [""] + [para(form.get(forms.plan_field_key(p)), c) for p in points],
    ], colWidths=[label] + [(width - label) / len(points)] * len(points),
        style=_table_style([("SPAN", (0, 0), (0, 1))]))
    goal = Table([[para("绩效目标", c), para(form.get("goal"), s.cell)]],
                 colWidths=[label, width - label], style=_table_style())
    story += [block, plan, goal]
    grid = form.grids["indicators"]
    columns = forms.PRINTED_INDICATOR_COLUMNS
    rows = [[para(col.label, c) for col in columns]]
    for record in grid.records():
        rows.append([para(record[col.key], s.cell_center if col.key in ("l1", "l2", "value") else s.cell)
                     for col in columns])
    spans = _level_spans(grid)
    widths = [0.12, 0.14, 0.2, 0.22, 0.14, 0.18]
    story.append(_long_table(rows, title, s, 1, colWidths=[width * f for f in widths], style=_table_style(spans)))
    return story


def _budget_table(form, doc, s: _Styles, width: float) -> list:
    grid = form.grids["rows"]
    labels = [c.label for c in grid.columns]
    title = form.get("title") or ""
    printed = title if title.startswith("部门预算") else f"部门预算{title}"
    story = [_toc_entry(para(printed, s.title), 1, printed)]
    story += [para(f"预算年度：{doc.year}", s.plain),
              Table([[para(f"编制单位：{doc.unit_of(form)}", s.plain), para(f"单位：{doc.money_unit or '万元'}", s.unit)]],
                    colWidths=[width * 0.7, width * 0.3])]
    if not labels:
        return story
    levels, cells = header_layout(labels)
    header = [["" for _ in labels] for _ in range(levels)]
    spans = []
    for cell in cells:
        header[cell.row][cell.col] = para(cell.text, s.small_center)
        if cell.rows > 1 or cell.cols > 1:
            spans.append(("SPAN", (cell.col, cell.row), (cell.col + cell.cols - 1, cell.row + cell.rows - 1)))
    numbers = [para(column_number(labels, i), s.small_center) for i in range(len(labels))]
    amounts = [col.kind == cell_input.AMOUNT for col in grid.columns]
    styles = [s.small_right if amount else s.small_center if col.label == "序号" else s.small_cell
              for col, amount in zip(grid.columns, amounts)]
    body = [[_amount(value, style) if amount else para(value, style)
             for value, style, amount in zip(row.cells, styles, amounts)] for row in grid.rows]
    least = []
    for i, col in enumerate(grid.columns):
        unbroken = amounts[i] or col.kind in (cell_input.CODE, cell_input.NUMBER) or col.label == "序号"
        texts = [money.printed(row.cells[i]) if amounts[i] else row.cells[i] for row in grid.rows] if unbroken else []
        least.append(_least(texts, styles[i]))
    headers = [_least([label.rsplit("/", 1)[-1]], s.small_center) for label in labels]
    widths = _column_widths(width, [_column_weight(c) for c in grid.columns], least, headers)
    table = _long_table(header + [numbers] + body, printed, s, levels + 1, colWidths=widths,
                        style=_table_style(spans + [("BACKGROUND", (0, 0), (-1, levels), colors.HexColor("#f2f2f2"))]))
    story.append(table)
    note = form.get("note")
    if note:
        story += [para(line, s.plain) for line in note.splitlines() if line.strip()]
    return story


def _column_weight(column) -> float:
    last = column.label.rsplit("/", 1)[-1]
    if last == "序号":
        return 0.6
    if column.kind == cell_input.AMOUNT:
        return 1.3
    if column.kind == cell_input.CODE:
        return 1.3
    return 3.2 if last in ("科目名称", "项目", "项目名称", "采购物品名称") or "项目" in last else 1.2


def _explanation(form, doc, s: _Styles) -> list:
    title = f"{doc.department or ''}{doc.year}年部门预算信息公开情况说明"
    story = [_toc_entry(para(title, s.part), 0, "部门预算信息公开情况说明")]
    for section in form.grids["sections"].records():
        if section["title"]:
            story.append(para(section["title"], s.heading))
        story += [para(line, s.body) for line in (section["text"] or "").splitlines() if line.strip()]
    return story


def _approval(form, doc, s: _Styles, width: float) -> list:
    c = s.cell_center
    title = form.title
    unit = form.get("money_unit") or "元"
    story = [_toc_entry(para(title, s.title), 0, title),
             para(f"预算年度：{form.get('year') or doc.year}", s.plain),
             Table([[para(f"预算（单位）名称：{doc.unit_of(form)}", s.plain), para(f"单位：{unit}", s.unit)]],
                   colWidths=[width * 0.7, width * 0.3])]
    small, right = s.small_center, s.small_right
    parts = [label for _, label in forms.FUND_PARTS]
    keys = ["funds_total"] + [f"{part}_{key}" for part in ("basic", "project") for key, _ in forms.FUND_PARTS]
    label = "总体资金情况"
    funds = [
        [para(f"{label}（{unit}）", small), para("预算支出总额", small), para("基本支出", small), "", "", "",
         para("项目支出", small), "", "", ""],
        ["", ""] + [para(p, small) for p in parts] * 2,
        [""] + [_amount(form.get(key), right) for key in keys],
    ]
    least = [_least([label], small)] + [_least([money.printed(form.get(key))], right) for key in keys]
    headers = [0.0] + [_least([text], small) for text in ["预算支出总额"] + parts * 2]
    story.append(Table(funds, colWidths=_column_widths(width, [1.2, 1.2] + [0.95] * 8, least, headers),
                       style=_table_style([("SPAN", (0, 0), (0, 2)), ("SPAN", (1, 0), (1, 1)),
                                           ("SPAN", (2, 0), (5, 0)), ("SPAN", (6, 0), (9, 0))])))
    story.append(Table([[para("整体绩效目标", c), para(form.get("overall_goal"), s.cell)]],
                       colWidths=[width * 0.2, width * 0.8], style=_table_style()))
    tasks = form.grids["tasks"].records()
    if tasks:
        rows = [[para("年度主要任务", c), para("任务名称", c), para("主要内容", c)]]
        rows += [["", para(t["name"], s.cell), para(t["content"], s.cell)] for t in tasks]
        story.append(_long_table(rows, title, s, 1, colWidths=[width * 0.2, width * 0.3, width * 0.5],
                                 style=_table_style([("SPAN", (0, 0), (0, len(rows) - 1))])))
    grid = form.grids["indicators"]
    rows = [[para(col.label, c) for col in grid.columns]]
    rows += [[para(r[col.key], s.cell if col.key == "l3" else c) for col in grid.columns] for r in grid.records()]
    spans = _level_spans(grid)
    widths = [0.11, 0.13, 0.36, 0.1, 0.12, 0.1, 0.08]
    story.append(_long_table(rows, title, s, 1, colWidths=[width * f for f in widths], style=_table_style(spans)))
    if form.get("other"):
        story.append(Table([[para("其他说明", c), para(form.get("other"), s.cell)]],
                           colWidths=[width * 0.2, width * 0.8], style=_table_style()))
    return story


def _check_report(findings: list, notes: dict[str, str], s: _Styles, width: float) -> list:
    from core.validation import SEVERITY_LABELS

    title = "附：检查报告"
    story = [_toc_entry(para(title, s.part), 0, title)]
    counts = {label: sum(1 for f in findings if SEVERITY_LABELS[f.severity] == label)
              for label in SEVERITY_LABELS.values()}
    story.append(para("　".join(f"{k} {v} 项" for k, v in counts.items()), s.plain))
    c = s.cell_center
    rows = [[para("序号", c), para("级别", c), para("位置", c), para("问题", c), para("出错说明", c)]]
    for i, finding in enumerate(findings, 1):
        loc = finding.location
        place = " ".join(str(x) for x in (loc.form, loc.project, f"第{loc.row}行" if loc.row else None, loc.field) if x)
        rows.append([para(i, c), para(SEVERITY_LABELS[finding.severity], c), para(place, s.small_cell),
                     para(finding.message, s.small_cell), para(notes.get(finding.note_key, ""), s.small_cell)])
    story.append(_long_table(rows, "检查报告", s, 1, colWidths=[width * f for f in (0.06, 0.07, 0.22, 0.45, 0.2)],
                             style=_table_style()))
    return story


# --- the whole ----------------------------------------------------------------------------------------


def write_pdf(doc, path: Path, options: PdfOptions | None = None, progress=None, cancelled=None) -> Path:
    """Print ``doc`` (or the chosen forms) to ``path`` as PDF (through a temporary file). Each part
    starts on a new page: cover and 目录 (with the front matter), 整体绩效目标, each project, each
    公开表 (landscape), 情况说明, 批复表, check report. ``progress(done, total)`` is told each part
    laid out (over again with the 目录: its page numbers take further passes); when ``cancelled()``
    it stops (Cancelled) and writes nothing. Raises BudgetDeskError (Chinese) when there is nothing
    to print."""
    from core.progress import Steps

    options = options or PdfOptions()
    path = Path(path)
    s = _Styles()
    chosen = set(options.form_ids) if options.form_ids is not None else None

    def wanted(form) -> bool:
        return form is not None and (chosen is None or form.id in chosen)

    def heading(text: str) -> list:
        """A part's heading before its first form, with the front matter."""
        return [_toc_entry(para(text, s.part), 0, text)] if options.front_matter else []

    parts: list[tuple[str, list]] = []  # (page template, flowables)
    if options.front_matter:
        parts += [("portrait", _cover(doc, s, options)), ("portrait", _contents(s))]
    overall = doc.form(forms.OVERALL)
    if wanted(overall):
        parts.append(("portrait", _overall(overall, s)))
    projects = [(number, form) for number, form in enumerate(doc.projects, 1) if wanted(form)]
    for i, (number, form) in enumerate(projects):  # each table on its own page(s), as the seeds print them
        parts.append(("portrait", (heading("第二部分　预算项目绩效目标") if i == 0 else [])
                      + _project(form, number, doc, s, PORTRAIT_WIDTH)))
    tables = [table for table in doc.budget_tables if wanted(table)]
    for i, table in enumerate(tables):
        parts.append(("landscape", (heading("部门预算公开表") if i == 0 else [])
                      + _budget_table(table, doc, s, LANDSCAPE_WIDTH)))
    explanation = doc.form(forms.EXPLANATION)
    if wanted(explanation) and explanation.grids["sections"].rows:
        parts.append(("portrait", _explanation(explanation, doc, s)))
    approval = doc.form(forms.APPROVAL)
    if wanted(approval):
        parts.append(("portrait", _approval(approval, doc, s, PORTRAIT_WIDTH)))
    if options.findings is not None:
        parts.append(("portrait", _check_report(options.findings, options.notes, s, PORTRAIT_WIDTH)))
    if not parts:
        raise BudgetDeskError("没有可导出的表：请至少选择一张表。")
    story = []
    for orientation, flowables in parts:
        if story:
            story += [NextPageTemplate(orientation), PageBreak()]
        marker = Spacer(0, 0)
        marker.part_done = True  # the template counts it when laid out (afterFlowable)
        story += [marker, *flowables]
    steps = Steps(len(parts) * (3 if options.front_matter else 1), progress, cancelled)  # multiBuild's passes
    with replacing(path) as temporary:
        _make_template(temporary, options, f"{doc.department or ''} {doc.year} 年部门预算", parts[0][0],
                       steps).multiBuild(story)
    steps.finish()
    return path
