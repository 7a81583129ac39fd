"""The document printed as the 财政局 expects it (reportlab): cover, 目录 with real page numbers,
第一部分 部门整体绩效目标, 第二部分 one 项目支出绩效目标表 per project, the 部门预算公开表 (landscape, their
two-level headers and 栏次 row repeated on every page), the 情况说明 and the 批复表; optionally a
草案 watermark and the check report as an appendix.

Every piece of user text goes through :func:`para`, which escapes it: ``<``, ``&`` and ``>`` print as
themselves, never as markup. Tables split between rows only; a header row repeats on each page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from core import cell_input, forms, money
from core.budget_tables import column_number, header_layout
from core.document import finance_bureau
from core.files import replacing
from core.pdf_fonts import pdf_fonts
from core.project_table import ProjectTable, level_runs

MM = 72 / 25.4


@dataclass
class PdfOptions:
    form_ids: list[int] | None = None   # None: every printable form
    draft: bool = False                 # 草案 watermark and (草案) on the cover
    findings: list | None = None        # the check report appendix, if given
    notes: dict[str, str] = field(default_factory=dict)


class _Styles:
    def __init__(self):
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        fonts = pdf_fonts()
        base = dict(fontName=fonts.body, wordWrap="CJK", leading=14, fontSize=10.5)
        self.body = ParagraphStyle("body", **base, firstLineIndent=21, spaceAfter=4)
        self.plain = ParagraphStyle("plain", **base)
        self.cell = ParagraphStyle("cell", **{**base, "fontSize": 9, "leading": 11.5})
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.small_cell = ParagraphStyle("small_cell", **{**base, "fontSize": 8, "leading": 10})
        self.small_right = ParagraphStyle("small_right", parent=self.small_cell, alignment=TA_RIGHT)
        # amounts never break inside the number
        self.amount = ParagraphStyle("amount", fontName=fonts.body, fontSize=7.5, leading=9.5, alignment=TA_RIGHT)
        self.small_center = ParagraphStyle("small_center", parent=self.small_cell, alignment=TA_CENTER)
        head = dict(fontName=fonts.heading, wordWrap="CJK", alignment=TA_CENTER)
        self.cover_title = ParagraphStyle("cover_title", **head, fontSize=26, leading=36)
        self.cover_line = ParagraphStyle("cover_line", **head, fontSize=18, leading=28)
        self.part = ParagraphStyle("part", **head, fontSize=20, leading=30, spaceBefore=12, spaceAfter=12)
        self.title = ParagraphStyle("title", **head, fontSize=15, leading=22, spaceAfter=6)
        self.heading = ParagraphStyle("heading", **{**head, "alignment": TA_LEFT}, fontSize=12, leading=18,
                                      spaceBefore=8, spaceAfter=4)
        self.unit = ParagraphStyle("unit", **base, alignment=TA_RIGHT)
        self.unit_left = ParagraphStyle("unit_left", **base, alignment=TA_LEFT)
        self.toc = [ParagraphStyle(f"toc{i}", **base, leftIndent=18 * i) for i in range(3)]


def para(text, style):
    """A Paragraph of user text: escaped (never markup), line breaks kept."""
    from reportlab.platypus import Paragraph

    safe = escape("" if text is None else str(text)).replace("\n", "<br/>")
    return Paragraph(safe, style)


def _toc_entry(flowable, level: int, text: str):
    flowable.toc = (level, text)
    return flowable


# --- the document template ------------------------------------------------------------------------


def _make_template(path: Path, options: PdfOptions, title: str):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    fonts = pdf_fonts()
    margin = 18 * MM

    def decorate(canvas, doc):
        canvas.saveState()
        if doc.page > 1:  # the cover has no number
            canvas.setFont(fonts.body, 9)
            width = canvas._pagesize[0]
            canvas.drawCentredString(width / 2, 10 * MM, f"— {doc.page - 1} —")
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
            toc = getattr(flowable, "toc", None)
            if toc:
                level, text = toc
                self.notify("TOCEntry", (level, text, self.page - 1))

    portrait_size, landscape_size = A4, landscape(A4)
    template = Template(str(path), pagesize=A4, title=title, author="BudgetDesk",
                        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin)
    template.pageTemplates = [
        PageTemplate("portrait", [Frame(margin, margin, portrait_size[0] - 2 * margin,
                                        portrait_size[1] - 2 * margin, id="p")],
                     onPage=decorate, pagesize=portrait_size),
        PageTemplate("landscape", [Frame(margin, margin, landscape_size[0] - 2 * margin,
                                         landscape_size[1] - 2 * margin, id="l")],
                     onPage=decorate, pagesize=landscape_size),
    ]
    return template


def _table_style(extra=()):
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


# --- the parts --------------------------------------------------------------------------------------


def _cover(doc, s: _Styles, options: PdfOptions) -> list:
    from reportlab.platypus import PageBreak, Spacer

    department = doc.department or ""
    story = [Spacer(1, 60 * MM), para(department, s.cover_title), Spacer(1, 12 * MM),
             para(f"{doc.year} 年部门预算绩效文本", s.cover_title)]
    if options.draft:
        story += [Spacer(1, 6 * MM), para("(草案)", s.cover_line)]
    story += [Spacer(1, 70 * MM), para(f"{department}编制", s.cover_line),
              para(f"{finance_bureau(department)}审核", s.cover_line), PageBreak()]
    return story


def _contents(s: _Styles) -> list:
    from reportlab.platypus import PageBreak
    from reportlab.platypus.tableofcontents import TableOfContents

    toc = TableOfContents(levelStyles=s.toc, dotsMinLevel=0)
    return [para("目  录", s.part), toc, PageBreak()]


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
    from reportlab.platypus import Table

    project = ProjectTable(form)
    unit = doc.money_unit or "万元"
    title = f"{number}.{project.name or ''}绩效目标表"
    story = [_toc_entry(para(title, s.title), 1, title),
             Table([[para(form.get("unit"), s.plain), para(f"单位：{unit}", s.unit)]],
                   colWidths=[width * 0.7, width * 0.3])]
    c = s.cell_center
    w = width / 7
    amounts = [money.printed(form.get(key)) for key in ("budget", "fiscal", "other")]
    block = Table([
        [para("项目编码", c), para(project.code, s.cell), "", "", para("项目名称", c), para(project.name, s.cell), ""],
        [para("预算规模及资金用途", c), para("预算数", c), para(amounts[0], s.cell_right), para("其中：财政资金", c),
         para(amounts[1], s.cell_right), para("其他资金", c), para(amounts[2], s.cell_right)],
        ["", para(form.get("purpose"), s.cell), "", "", "", "", ""],
    ], colWidths=[w * 1.2, w * 0.9, w * 1.0, w * 1.1, w * 1.0, w * 0.8, w * 1.0],
        style=_table_style([("SPAN", (1, 0), (3, 0)), ("SPAN", (5, 0), (6, 0)), ("SPAN", (0, 1), (0, 2)),
                            ("SPAN", (1, 2), (6, 2))]))
    points = forms.PLAN_POINTS
    plan = Table([
        [para("资金支出计划（%）", c)] + [para(p, c) for p in points],
        [""] + [para(form.get(forms.plan_field_key(p)), c) for p in points],
    ], colWidths=[w * 1.2] + [(width - w * 1.2) / len(points)] * len(points),
        style=_table_style([("SPAN", (0, 0), (0, 1))]))
    goal = Table([[para("绩效目标", c), para(form.get("goal"), s.cell)]],
                 colWidths=[w * 1.2, width - w * 1.2], style=_table_style())
    story += [block, plan, goal]
    grid = form.grids["indicators"]
    columns = forms.PRINTED_INDICATOR_COLUMNS
    rows = [[para(col.label, c) for col in columns]]
    for record in grid.records():
        rows.append([para(record[col.key], s.cell_center if col.key in ("l1", "l2", "value") else s.cell)
                     for col in columns])
    spans = _level_spans(grid)
    widths = [0.12, 0.14, 0.2, 0.22, 0.14, 0.18]
    story.append(Table(rows, colWidths=[width * f for f in widths], repeatRows=1,
                       style=_table_style(spans)))
    return story


def _budget_table(form, doc, s: _Styles, width: float) -> list:
    from reportlab.platypus import Table

    grid = form.grids["rows"]
    labels = [c.label for c in grid.columns]
    title = form.get("title") or ""
    printed = title if title.startswith("部门预算") else f"部门预算{title}"
    story = [_toc_entry(para(printed, s.title), 1, printed)]
    info = Table([[para(f"预算年度：{doc.year}", s.unit_left), para(f"单位：{form.get('unit') or ''}", s.plain),
                   para(f"单位：{doc.money_unit or '万元'}", s.unit)]],
                 colWidths=[width * 0.25, width * 0.5, width * 0.25])
    story.append(info)
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
    body = []
    for row in grid.rows:
        line = []
        for col, value in zip(grid.columns, row.cells):
            if col.kind == cell_input.AMOUNT:
                line.append(para(money.printed(value), s.small_right))
            else:
                line.append(para(value, s.small_center if col.label in ("序号",) else s.small_cell))
        body.append(line)
    weights = [_column_weight(c) for c in grid.columns]
    total = sum(weights)
    from reportlab.lib import colors

    table = Table(header + [numbers] + body, colWidths=[width * w / total for w in weights],
                  repeatRows=levels + 1,
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
    from reportlab.platypus import Table

    c = s.cell_center
    title = form.title
    unit = form.get("money_unit") or "元"
    story = [_toc_entry(para(title, s.title), 0, title),
             para(f"预算年度：{form.get('year') or doc.year}", s.plain),
             Table([[para(f"预算（单位）名称：{form.get('unit') or ''}", s.plain), para(f"单位：{unit}", s.unit)]],
                   colWidths=[width * 0.7, width * 0.3])]
    small, right = s.small_center, s.amount
    parts = [label for _, label in forms.FUND_PARTS]
    funds = [
        [para(f"总体资金情况（{unit}）", small), para("预算支出总额", small), para("基本支出", small), "", "", "",
         para("项目支出", small), "", "", ""],
        ["", ""] + [para(p, small) for p in parts] * 2,
        ["", para(money.printed(form.get("funds_total")), right)]
        + [para(money.printed(form.get(f"{part}_{key}")), right)
           for part in ("basic", "project") for key, _ in forms.FUND_PARTS],
    ]
    story.append(Table(funds, colWidths=[width * 0.12, width * 0.12] + [width * 0.095] * 8,
                       style=_table_style([("SPAN", (0, 0), (0, 2)), ("SPAN", (1, 0), (1, 1)),
                                           ("SPAN", (2, 0), (5, 0)), ("SPAN", (6, 0), (9, 0))])))
    story.append(Table([[para("整体绩效目标", c), para(form.get("overall_goal"), s.cell)]],
                       colWidths=[width * 0.2, width * 0.8], style=_table_style()))
    tasks = form.grids["tasks"].records()
    if tasks:
        rows = [[para("年度主要任务", c), para("任务名称", c), para("主要内容", c)]]
        rows += [["", para(t["name"], s.cell), para(t["content"], s.cell)] for t in tasks]
        story.append(Table(rows, colWidths=[width * 0.2, width * 0.3, width * 0.5], repeatRows=1,
                           style=_table_style([("SPAN", (0, 0), (0, len(rows) - 1))])))
    grid = form.grids["indicators"]
    rows = [[para(col.label, c) for col in grid.columns]]
    rows += [[para(r[col.key], s.cell if col.key == "l3" else c) for col in grid.columns] for r in grid.records()]
    spans = _level_spans(grid)
    widths = [0.11, 0.13, 0.36, 0.1, 0.12, 0.1, 0.08]
    story.append(Table(rows, colWidths=[width * f for f in widths], repeatRows=1, style=_table_style(spans)))
    if form.get("other"):
        story.append(Table([[para("其他说明", c), para(form.get("other"), s.cell)]],
                           colWidths=[width * 0.2, width * 0.8], style=_table_style()))
    return story


def _check_report(findings: list, notes: dict[str, str], s: _Styles, width: float) -> list:
    from reportlab.platypus import Table

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
                     para(finding.message, s.small_cell), para(notes.get(finding.key, ""), s.small_cell)])
    story.append(Table(rows, colWidths=[width * f for f in (0.06, 0.07, 0.22, 0.45, 0.2)], repeatRows=1,
                       style=_table_style()))
    return story


# --- the whole ----------------------------------------------------------------------------------------


def write_pdf(doc, path: Path, options: PdfOptions | None = None) -> Path:
    """Print ``doc`` (or the chosen forms) to ``path`` as PDF (through a temporary file)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import NextPageTemplate, PageBreak

    options = options or PdfOptions()
    path = Path(path)
    s = _Styles()
    chosen = set(options.form_ids) if options.form_ids is not None else None

    def wanted(form) -> bool:
        return chosen is None or form.id in chosen

    portrait_width = A4[0] - 36 * MM
    landscape_width = landscape(A4)[0] - 36 * MM
    story = _cover(doc, s, options) + _contents(s)
    overall = doc.form(forms.OVERALL)
    if overall is not None and wanted(overall):
        story += _overall(overall, s) + [PageBreak()]
    projects = [p for p in doc.projects if wanted(p)]
    if projects:
        part = "第二部分　预算项目绩效目标"
        story.append(_toc_entry(para(part, s.part), 0, part))
        for number, form in enumerate(doc.projects, 1):
            if wanted(form):  # each table on its own page(s), as the seeds print them
                if form is not projects[0]:
                    story.append(PageBreak())
                story += _project(form, number, doc, s, portrait_width)
        story.append(PageBreak())
    tables = [t for t in doc.budget_tables if wanted(t)]
    if tables:
        if isinstance(story[-1], PageBreak):
            story.pop()
        story += [NextPageTemplate("landscape"), PageBreak()]
        heading = "部门预算公开表"
        story.append(_toc_entry(para(heading, s.part), 0, heading))
        for i, table in enumerate(tables):
            story += _budget_table(table, doc, s, landscape_width)
            story.append(NextPageTemplate("portrait" if i == len(tables) - 1 else "landscape"))
            story.append(PageBreak())
    explanation = doc.form(forms.EXPLANATION)
    if explanation is not None and wanted(explanation) and explanation.grids["sections"].rows:
        story += _explanation(explanation, doc, s) + [PageBreak()]
    approval = doc.form(forms.APPROVAL)
    if approval is not None and wanted(approval):
        story += _approval(approval, doc, s, portrait_width) + [PageBreak()]
    if options.findings is not None:
        story += _check_report(options.findings, options.notes, s, portrait_width)
    while story and isinstance(story[-1], (PageBreak, NextPageTemplate)):
        story.pop()
    with replacing(path) as temporary:
        _make_template(temporary, options, f"{doc.department or ''} {doc.year} 年部门预算").multiBuild(story)
    return path
