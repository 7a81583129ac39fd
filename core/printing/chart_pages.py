"""The charts as a page of the PDF (reportlab): the 资金支出计划 curves beside the composition of
支出 by 类 this year and last year, from core/compare/charts.py (the window draws the same data,
ui/charts.py).

:func:`chart_flowables` is what the PDF export appends as a landscape part, on request (see the
proposed ``PdfOptions.charts``); :func:`write_chart_pdf` writes the page alone (``main.py compare
--pdf``). The heading is a Paragraph made by pdf_export's :func:`para` (its text escaped, never
markup); the charts are reportlab.graphics drawings whose strings are drawn as plain text.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.compare import charts
from core.printing.pdf_fonts import pdf_fonts
from core.values import money

POINT_LABELS = ("3月底", "6月底", "10月底", "12月底")


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with … to print within ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _string(x, y, text, size=8, anchor="start", bold=False, color=colors.black) -> String:
    fonts = pdf_fonts()
    return String(x, y, text, fontName=fonts.heading if bold else fonts.body, fontSize=size,
                  textAnchor=anchor, fillColor=color)


def _plan(d: Drawing, chart: charts.PlanChart, x0: float, y0: float, w: float, h: float) -> None:
    """The curves in the box (x0, y0, w, h): axes, the projects thin, the department bold, a legend below."""
    font = pdf_fonts().body
    year = f"{chart.year}年" if chart.year else ""
    d.add(_string(x0 + w / 2, y0 + h - 12, f"{year}项目资金支出计划（累计支出占预算数 %）", 11, "middle", True))
    legend_rows = min(len([c for c, color in charts.highlighted(chart) if color != charts.OTHER_COLOR]) + 2, 11)
    legend_h = 12 * ((legend_rows + 1) // 2) + 6
    left, bottom = x0 + 34, y0 + legend_h + 30
    pw, ph = w - 44, h - 12 - 20 - (bottom - y0)
    top = charts.percent_axis(chart)

    def px(month):
        return left + pw * month / 12

    def py(percent):
        return bottom + ph * float(percent) / top

    for percent in range(0, top + 1, 20):
        d.add(Line(left, py(percent), left + pw, py(percent), strokeColor=colors.HexColor("#e2e2e2"), strokeWidth=0.5))
        d.add(_string(left - 4, py(percent) - 3, f"{percent}%", 7, "end"))
    d.add(Line(left, bottom, left + pw, bottom, strokeWidth=0.8))
    d.add(Line(left, bottom, left, bottom + ph, strokeWidth=0.8))
    for month, label in ((0, "年初"), *zip(charts.MONTHS, POINT_LABELS)):
        d.add(Line(px(month), bottom, px(month), bottom - 3, strokeWidth=0.8))
        d.add(_string(px(month), bottom - 12, label, 7.5, "middle"))
    if not any(c.known for c in chart.projects):
        d.add(_string(left + pw / 2, bottom + ph / 2, "各项目的资金支出计划都未填写，没有可画的曲线。", 9, "middle"))
        return
    drawn = [*charts.highlighted(chart), (chart.department, charts.DEPARTMENT_COLOR)]
    for curve, color in drawn:
        bold = curve is chart.department
        width = 2.6 if bold else 1.0 if color != charts.OTHER_COLOR else 0.6
        for run in charts.curve_points(curve, top):
            points = [v for m, p in run for v in (px(m), py(p))]
            if len(run) > 1:
                d.add(PolyLine(points, strokeColor=colors.HexColor(color), strokeWidth=width,
                               strokeLineJoin=1, strokeLineCap=1))
            if bold:
                for m, p in run:
                    if m:
                        d.add(Circle(px(m), py(p), 2.6, fillColor=colors.HexColor(color), strokeColor=None))
                        d.add(_string(px(m) - 4, py(p) + 5, f"{p}%", 7.5, "end", True, colors.HexColor(color)))
    entries = [(chart.department.name, charts.DEPARTMENT_COLOR, 2.6, True)]
    entries += [(c.name + (f"（{money.format_amount(c.budget)}{chart.unit}）" if c.budget is not None else ""), color,
                 1.0, False)
                for c, color in charts.highlighted(chart) if color != charts.OTHER_COLOR]
    if charts.others(chart):
        entries.append((f"其他 {charts.others(chart)} 个项目", charts.OTHER_COLOR, 0.6, False))
    column_w = (w - 10) / 2
    for i, (name, color, width, bold) in enumerate(entries[:legend_rows]):
        ex = x0 + 10 + (i % 2) * column_w
        ey = y0 + legend_h - 12 * (i // 2 + 1)
        d.add(Line(ex, ey + 3, ex + 16, ey + 3, strokeColor=colors.HexColor(color), strokeWidth=width))
        d.add(_string(ex + 20, ey, _fit(name, font, 7, column_w - 26), 7, bold=bold))


def _spending(d: Drawing, chart: charts.SpendingChart, x0: float, y0: float, w: float, h: float) -> None:
    """The composition in the box: a 100% bar per year, a legend of amounts and shares below."""
    font = pdf_fonts().body
    d.add(_string(x0 + w / 2, y0 + h - 12, "支出按功能分类（类）的构成：本年与上年", 11, "middle", True))
    if not chart.classes:
        d.add(_string(x0 + w / 2, y0 + h / 2, "支出总表中没有按类列出的支出，没有可画的构成。", 9, "middle"))
        return
    fills = [colors.HexColor(c) for c in charts.class_colors(chart)]
    label_w, bar_h = 58, 26
    y = y0 + h - 30 - bar_h
    for name, total, last in ((f"{chart.year or '本'}年", chart.this_total, False),
                              (f"{chart.last_year or '上'}年", chart.last_total, True)):
        d.add(_string(x0 + label_w - 6, y + bar_h / 2 + 1, name, 9, "end", True))
        shown = f"{money.format_amount(total)}{chart.unit}" if total is not None else "暂无上年数"
        d.add(_string(x0 + label_w - 6, y + bar_h / 2 - 9, shown, 6.5, "end"))
        bar_w = w - label_w
        if not total:
            d.add(Rect(x0 + label_w, y, bar_w, bar_h, fillColor=None, strokeColor=colors.grey, strokeDashArray=[2, 2]))
            d.add(_string(x0 + label_w + bar_w / 2, y + bar_h / 2 - 3, "暂无上年数" if last else "无支出", 8, "middle"))
        else:
            x = x0 + label_w
            for share, fill in zip(chart.classes, fills):
                value = share.last if last else share.this
                if not value:
                    continue
                sw = bar_w * float(value / total)
                d.add(Rect(x, y, sw, bar_h, fillColor=fill, strokeColor=colors.white, strokeWidth=0.5))
                text = f"{share.share(total, last)}%"
                if stringWidth(text, font, 7) + 4 < sw:
                    d.add(_string(x + sw / 2, y + bar_h / 2 - 2.5, text, 7, "middle", color=colors.white))
                x += sw
        y -= bar_h + 16
    heads = ("类", f"{chart.year or '本'}年", "占比", f"{chart.last_year or '上'}年", "占比")
    columns = [x0 + 12, x0 + w * 0.62, x0 + w * 0.74, x0 + w * 0.90, x0 + w]
    y -= 4
    d.add(_string(x0, y + 12, f"金额单位：{chart.unit}", 7))
    for i, head in enumerate(heads):
        d.add(_string(columns[i], y, head, 7.5, "start" if i == 0 else "end", True))
    for share, fill in zip(chart.classes, fills):
        y -= 12
        if y < y0:
            break
        d.add(Rect(x0, y - 0.5, 8, 7, fillColor=fill, strokeColor=None))
        cells = (f"{share.code} {share.name}", money.format_amount(share.this),
                 f"{share.share(chart.this_total)}%" if chart.this_total else "",
                 money.format_amount(share.last) if share.last is not None else "暂无上年数",
                 f"{share.share(chart.last_total, True)}%" if chart.last_total else "")
        d.add(_string(columns[0], y, _fit(cells[0], font, 7, columns[1] - columns[0] - 50), 7))
        for i, cell in enumerate(cells[1:], start=1):
            d.add(_string(columns[i], y, cell, 7, "end"))


def chart_drawing(doc, last, width: float, height: float) -> Drawing:
    """Both charts side by side in one drawing of ``width`` × ``height`` points."""
    d = Drawing(width, height)
    gap = 24
    plan_w = width * 0.56
    _plan(d, charts.plan_chart(doc), 0, 0, plan_w, height)
    _spending(d, charts.spending_chart(doc, last), plan_w + gap, 0, width - plan_w - gap, height)
    return d


def chart_flowables(doc, last=None, width: float | None = None, height: float | None = None) -> list:
    """The chart page's flowables for a landscape A4 frame (pdf_export's LANDSCAPE_WIDTH by
    default): its heading and the drawing. ``last``: a LastYearDocument (None: what ``doc`` keeps)."""
    from reportlab.lib.pagesizes import A4, landscape

    from core.printing.pdf_export import LANDSCAPE_WIDTH, MARGIN, para

    if last is None:
        from core.document.last_year import last_year

        last = last_year(doc)
    width = width or LANDSCAPE_WIDTH
    height = height or landscape(A4)[1] - 2 * MARGIN - 60  # the heading, the frame's padding
    style = ParagraphStyle("chart-heading", fontName=pdf_fonts().heading, fontSize=15, leading=22,
                           alignment=TA_CENTER, spaceAfter=8)
    title = f"{doc.department or ''}{doc.year or ''}年预算　图示：资金支出计划与支出构成"
    return [para(title, style), chart_drawing(doc, last, width, height)]


def write_chart_pdf(doc, last, path: Path) -> Path:
    """The chart page alone as a landscape A4 PDF at ``path`` (through a temporary file)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    from core.file.files import replacing
    from core.printing.pdf_export import MARGIN

    path = Path(path)
    with replacing(path) as temporary:
        template = SimpleDocTemplate(str(temporary), pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
                                     topMargin=MARGIN, bottomMargin=MARGIN, title="资金支出计划与支出构成",
                                     author="BudgetDesk")
        template.build(chart_flowables(doc, last))
    return path
