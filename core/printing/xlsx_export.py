"""The document as an .xlsx workbook in the official layout: one sheet per form or project, with the
merged cells, borders, column widths, wrapping, print titles and A4 page setup of the printed tables,
so that a 财政局 that asks for Excel gets a file that prints right in Excel and WPS.

Every cell of every workbook BudgetDesk writes (this export, the check report, the comparison and the
batch review) is written by core.file.xlsx_writer's ``Sheet.put``: amounts are numbers whose stored
text is the exact amount (shown with two decimals, in columns wide enough to show them whole, never
``####``); every other cell is a string cell, never a live formula, whatever the text
(``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, ``@SUM(…)``), and holds no character a workbook cannot.
The layout follows the PDF (core/pdf_export): the same blocks, the same merges, the same two-level
headers of the 公开表, the same unit lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.values import cell_input, money

from core.document import forms
from core.document.budget_tables import column_number, header_layout, total_label_span
from core.errors import BudgetDeskError
from core.file.xlsx_writer import Sheet, Style, Workbook
from core.document.project_table import ProjectTable, level_runs
from core.templates import template_of

AMOUNT_FORMAT = "0.00"
AMOUNT_MARGIN = 3  # characters of column width beside an amount's digits (cell padding, a minus sign)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

_LOOKS = {
    "title": Style("宋体", 16, bold=True, horizontal="center", vertical="center", wrap=True),
    "heading": Style("黑体", 12, bold=True, horizontal="left", vertical="center", wrap=True),
    "cover": Style("黑体", 14, bold=True, horizontal="center", vertical="center"),
    "plain": Style("宋体", 10, horizontal="left", vertical="center"),
    "right": Style("宋体", 10, horizontal="right", vertical="center"),
    "label": Style("宋体", 10, bold=True, horizontal="center", vertical="center", wrap=True),
    "center": Style("宋体", 10, horizontal="center", vertical="center", wrap=True),
    "text": Style("宋体", 10, horizontal="left", vertical="center", wrap=True),
    "amount": Style("宋体", 10, horizontal="right", vertical="center"),
}
# Each look unframed, framed, and (the amounts) with their number format.
_STYLES = {(look, framed): style.but(border=framed) for look, style in _LOOKS.items() for framed in (False, True)}
_AMOUNT_STYLES = {framed: _STYLES["amount", framed].but(number_format=AMOUNT_FORMAT) for framed in (False, True)}


class _SheetWriter:
    """Writes cells into one worksheet: a value with a look, over a merged range, framed. Remembers
    the widest amount of each column, which :meth:`page` makes room for."""

    def __init__(self, sheet: Sheet, widths: list[float]):
        self.sheet = sheet
        self.row = 1
        self._amount_widths: dict[int, int] = {}
        for i, width in enumerate(widths, start=1):
            sheet.widths[i] = width

    def put(self, col: int, value, look: str = "text", *, row: int | None = None, cols: int = 1, rows: int = 1,
            framed: bool = True) -> None:
        """Write ``value`` at (row, col) (1-based; the current row by default), merged over
        ``rows`` × ``cols``, framed with thin borders unless it is a title or a note line."""
        row = self.row if row is None else row
        amount = money.read_amount(value) if look == "amount" else None
        if amount is not None:
            kind = self.sheet.put(row, col, amount, _AMOUNT_STYLES[framed])
            if cols == 1:
                shown = len(format(amount, "f") if kind == "s" else money.format_amount(amount))
                self._amount_widths[col] = max(shown, self._amount_widths.get(col, 0))
        else:
            self.sheet.put(row, col, value, _STYLES[look, framed])
        if rows > 1 or cols > 1:
            self.sheet.merge(row, col, rows, cols, framed)

    def next(self, rows: int = 1) -> None:
        self.row += rows

    def height(self, points: float, row: int | None = None) -> None:
        self.sheet.heights[self.row if row is None else row] = points

    def page(self, landscape: bool, title_rows: tuple[int, int] | None = None) -> None:
        """The sheet's print setup, and its amount columns widened to show every amount whole
        (called last, once the cells are written)."""
        sheet = self.sheet
        for col, shown in self._amount_widths.items():
            sheet.widths[col] = max(sheet.widths.get(col) or 0, shown + AMOUNT_MARGIN)
        sheet.landscape = landscape
        sheet.fit_to_width = True
        sheet.centered = True
        sheet.margins = (0.5, 0.5, 0.6, 0.6)
        sheet.footer_center = "第 &P 页，共 &N 页"
        sheet.title_rows = title_rows


def _lines(text: str | None, per_line: float) -> int:
    """How many printed lines a wrapped cell text takes (CJK characters count double)."""
    if not text:
        return 1
    total = 0
    for line in str(text).splitlines() or [""]:
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
        total += max(1, -(-width // max(1, int(per_line))))
    return total


def _fit_height(w: _SheetWriter, texts: list[tuple[str | None, float]], base: float = 15.0) -> None:
    """Row height for wrapped texts (Excel does not grow merged cells by itself); each pair is a
    text and the width of its (merged) cell in characters."""
    lines = max((_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        w.height(base * lines)


# --- the forms -------------------------------------------------------------------------------------

TEXT_WIDTH = 86  # the one column of the text forms: an A4 portrait line
PROJECT_WIDTHS = [12, 11, 16, 14, 14, 12, 14]


def _project(w: _SheetWriter, form, number: int, doc) -> None:
    project = ProjectTable(form)
    unit = doc.money_unit or "万元"
    w.put(1, f"{number}.{project.name or ''}绩效目标表", "title", cols=7, framed=False)
    w.height(30)
    w.next()
    w.put(1, doc.unit_of(form), "plain", cols=4, framed=False)
    w.put(6, f"单位：{unit}", "right", cols=2, framed=False)
    w.next()
    w.put(1, "项目编码", "label")
    w.put(2, project.code, "center", cols=2)
    w.put(4, "项目名称", "label")
    w.put(5, project.name, "text", cols=3)
    _fit_height(w, [(project.name, 38)])
    w.next()
    w.put(1, "预算规模及资金用途", "label", rows=2)
    for col, (label, key) in zip((2, 4, 6), (("预算数", "budget"), ("其中：财政资金", "fiscal"), ("其他资金", "other"))):
        w.put(col, label, "label")
        w.put(col + 1, form.get(key), "amount")
    w.height(30)
    w.next()
    w.put(2, form.get("purpose"), "text", cols=6)
    _fit_height(w, [(form.get("purpose"), 78)])
    w.next()
    w.put(1, "资金支出计划（%）", "label", rows=2)
    spans = ((2, 1), (3, 2), (5, 2), (7, 1))
    for (col, cols), point in zip(spans, forms.PLAN_POINTS):
        w.put(col, point, "label", cols=cols)
        w.put(col, form.get(forms.plan_field_key(point)), "center", row=w.row + 1, cols=cols)
    w.next(2)
    w.put(1, "绩效目标", "label")
    w.put(2, form.get("goal"), "text", cols=6)
    _fit_height(w, [(form.get("goal"), 78)])
    w.next()
    header_row = w.row
    for col, label in ((1, "一级指标"), (2, "二级指标"), (3, "三级指标"), (4, "绩效指标描述"), (6, "指标值"),
                       (7, "指标值确定依据")):
        w.put(col, label, "label", cols=2 if col == 4 else 1)
    w.next()
    _indicator_rows(w, form.grids["indicators"],
                    [(1, "l1", "center", 1), (2, "l2", "center", 1), (3, "l3", "text", 1),
                     (4, "description", "text", 2), (6, "value", "center", 1), (7, "basis", "text", 1)],
                    [12, 11, 16, 28, 12, 14])
    w.page(landscape=False, title_rows=(header_row, header_row))


def _indicator_rows(w: _SheetWriter, grid, placing: list[tuple[int, str, str, int]], widths: list[float]) -> None:
    """The indicator table's rows below its header, 一级/二级 merged down their runs."""
    first = w.row
    merged = {(col, start): last - start + 1 for col, start, last in level_runs(grid)}
    covered = {(col, r) for (col, start), n in merged.items() for r in range(start + 1, start + n)}
    for i, record in enumerate(grid.records()):
        for grid_col, (col, key, look, cols) in enumerate(placing):
            if (grid_col, i) in covered:
                continue
            w.put(col, record[key], look, row=first + i, cols=cols, rows=merged.get((grid_col, i), 1))
        _fit_height(w, [(record[key], width) for (_, key, _, _), width in zip(placing, widths)])
        w.next()


def _budget_table(w: _SheetWriter, form, doc) -> None:
    grid = form.grids["rows"]
    labels = [c.label for c in grid.columns]
    n = max(len(labels), 3)
    template = template_of(doc)
    w.put(1, template.printed_title(form.get("title") or "", doc.year), "title", cols=n, framed=False)
    w.height(30)
    w.next()
    if "{year}" not in template.title:  # (a title without the year: 河北's 部门预算收支总表)
        w.put(1, f"预算年度：{doc.year}", "plain", cols=n, framed=False)
        w.next()
    right = max(1, n // 4)
    w.put(1, template.printed_unit_line(doc.unit_of(form)), "plain", cols=n - right, framed=False)
    w.put(n - right + 1, f"单位：{doc.money_unit_of(form)}", "right", cols=right, framed=False)
    w.next()
    if not labels:
        w.page(landscape=True)
        return
    levels, cells = header_layout(labels)
    top = w.row
    for cell in cells:
        w.put(cell.col + 1, cell.text, "label", row=top + cell.row, cols=cell.cols, rows=cell.rows)
    w.next(levels)
    if template.column_numbers:
        for i in range(len(labels)):
            w.put(i + 1, column_number(labels, i), "center")
        w.next()
    for row in grid.rows:
        label_span = total_label_span(grid.columns, row.cells)
        for i, (col, value) in enumerate(zip(grid.columns, row.cells), start=1):
            if 1 < i <= label_span:
                continue  # covered by the 合计 label
            if col.kind == cell_input.AMOUNT:
                w.put(i, value, "amount")
            else:
                w.put(i, value, "center" if col.label == "序号" else "text", cols=label_span if i == 1 else 1)
        w.next()
    note = form.get("note")
    for line in (note or "").splitlines():
        if line.strip():
            w.put(1, line, "plain", cols=n, framed=False)
            w.next()
    for i, column in enumerate(grid.columns, start=1):
        w.sheet.widths[i] = _column_width(column)
    w.page(landscape=True, title_rows=(top, top + levels))


def _column_width(column) -> float:
    last = column.label.rsplit("/", 1)[-1]
    if last == "序号":
        return 6
    if column.kind in cell_input.CODES and last in ("类", "款", "项"):
        return 6
    if column.kind in (cell_input.AMOUNT, *cell_input.CODES):
        return 13
    return 30 if last.endswith("名称") or last in ("项目", "采购物品名称") or "项目" in last else 12


def _overall(w: _SheetWriter, form) -> None:
    w.put(1, "第一部分　部门整体绩效目标", "title", framed=False)
    w.height(30)
    w.next()

    def line(text: str | None, look: str = "text") -> None:
        if text:
            w.put(1, text, look, framed=False)
            _fit_height(w, [(text, TEXT_WIDTH - 4)])
            w.next()

    summary = form.get("summary")
    items = form.grids["items"].records()
    measures = form.grids["measures"].records()
    if summary:
        line("一、总体绩效目标", "heading")
        line(summary)
    if items:
        line("二、分项绩效目标", "heading")
        for i, item in enumerate(items, 1):
            line(f"{i}. {item['title'] or ''}", "heading")
            line(f"绩效目标：{item['goal']}" if item["goal"] else None)
            line(f"绩效指标：{item['indicators']}" if item["indicators"] else None)
    if measures:
        line("三、工作保障措施", "heading")
        for i, measure in enumerate(measures, 1):
            title = (measure["title"] or "").strip()
            stop = "。" if title and not title.endswith(("。", "：")) else ""
            line(f"{i}、{title}{stop}{measure['text'] or ''}")
    w.page(landscape=False)


def _cover(w: _SheetWriter, doc, draft: bool) -> None:
    """The cover as the PDF prints it: department, year, (草案), who compiled and who reviews."""
    from core.document.document import finance_bureau

    department = doc.department or ""
    w.next(6)
    for text, look in ((department, "title"), (f"{doc.year} 年部门预算绩效文本", "title"),
                       ("(草案)" if draft else None, "cover"), (None, "plain"), (f"{department}编制", "cover"),
                       (f"{finance_bureau(department)}审核", "cover")):
        if text:
            w.put(1, text, look, framed=False)
            w.height(36)
        w.next()
    w.page(landscape=False)


def _explanation(w: _SheetWriter, form, doc) -> None:
    w.put(1, f"{doc.department or ''}{doc.year}年部门预算信息公开情况说明", "title", framed=False)
    w.height(30)
    w.next()
    for section in form.grids["sections"].records():
        if section["title"]:
            w.put(1, section["title"], "heading", framed=False)
            w.next()
        for text in (section["text"] or "").splitlines():
            if text.strip():
                w.put(1, text, "text", framed=False)
                _fit_height(w, [(text, TEXT_WIDTH - 4)])
                w.next()
    w.page(landscape=False)


APPROVAL_WIDTHS = [12, 12, 11, 11, 11, 11, 11, 11, 11, 11]


def _approval(w: _SheetWriter, form, doc) -> None:
    unit = form.get("money_unit") or "元"
    w.put(1, form.title, "title", cols=10, framed=False)
    w.height(30)
    w.next()
    w.put(1, f"预算年度：{form.get('year') or doc.year}", "plain", cols=10, framed=False)
    w.next()
    w.put(1, f"预算（单位）名称：{doc.unit_of(form)}", "plain", cols=7, framed=False)
    w.put(8, f"单位：{unit}", "right", cols=3, framed=False)
    w.next()
    w.put(1, f"总体资金情况（{unit}）", "label", rows=3)
    w.put(2, "预算支出总额", "label", rows=2)
    w.put(3, "基本支出", "label", cols=4)
    w.put(7, "项目支出", "label", cols=4)
    for i, (_, label) in enumerate(forms.FUND_PARTS * 2):
        w.put(3 + i, label, "label", row=w.row + 1)
    w.put(2, form.get("funds_total"), "amount", row=w.row + 2)
    keys = [f"{part}_{key}" for part in ("basic", "project") for key, _ in forms.FUND_PARTS]
    for i, key in enumerate(keys):
        w.put(3 + i, form.get(key), "amount", row=w.row + 2)
    w.next(3)
    w.put(1, "整体绩效目标", "label")
    w.put(2, form.get("overall_goal"), "text", cols=9)
    _fit_height(w, [(form.get("overall_goal"), 100)])
    w.next()
    tasks = form.grids["tasks"].records()
    if tasks:
        w.put(1, "年度主要任务", "label", rows=len(tasks) + 1)
        w.put(2, "任务名称", "label", cols=3)
        w.put(5, "主要内容", "label", cols=6)
        w.next()
        for task in tasks:
            w.put(2, task["name"], "text", cols=3)
            w.put(5, task["content"], "text", cols=6)
            _fit_height(w, [(task["name"], 34), (task["content"], 66)])
            w.next()
    header_row = w.row
    placing = [(1, "l1", "center", 1), (2, "l2", "center", 1), (3, "l3", "text", 3), (6, "nature", "center", 1),
               (7, "value", "center", 1), (8, "unit", "center", 1), (9, "weight", "center", 2)]
    for (col, key, _, cols), column in zip(placing, forms.APPROVAL_INDICATOR_COLUMNS):
        w.put(col, column.label, "label", cols=cols)
    w.next()
    _indicator_rows(w, form.grids["indicators"], placing, [12, 12, 33, 11, 11, 11, 22])
    if form.get("other"):
        w.put(1, "其他说明", "label")
        w.put(2, form.get("other"), "text", cols=9)
        w.next()
    w.page(landscape=False, title_rows=(header_row, header_row))


# --- the whole -------------------------------------------------------------------------------------


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters on one line, none of []:*?/\\, no character a
    workbook cannot hold, not Excel's reserved ``History``) close to ``wanted``."""
    base = " ".join(cell_input.plain_text(_BAD_SHEET_CHARS.sub("", wanted)).split()).strip("'").strip() or "表"
    name, n = base[:31], 2
    while name.casefold() in taken or name.casefold() == "history":
        suffix = f"({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def write_document_xlsx(doc, path: Path, form_ids=None, findings=None, draft: bool = False,
                        progress=None, cancelled=None) -> Path:
    """Write ``doc`` (or the forms whose ids are in ``form_ids``) to ``path`` as .xlsx, through a
    temporary file. With ``findings``, a last sheet holds the check report; a ``draft`` prints
    （草案） at the top of every page. ``progress(done, total)`` is told each sheet; when
    ``cancelled()`` it stops (Cancelled) and writes nothing. Raises BudgetDeskError (Chinese) if
    the file cannot be written."""
    from core.progress import Steps

    chosen = set(form_ids) if form_ids is not None else None

    def wanted(form) -> bool:
        return form is not None and (chosen is None or form.id in chosen)

    book = Workbook()
    taken: set[str] = set()
    steps = Steps(sum(map(wanted, doc.forms)) + (chosen is None) + (findings is not None), progress, cancelled)

    def sheet(name: str, widths: list[float]) -> _SheetWriter:
        steps.step()
        return _SheetWriter(book.sheet(sheet_name(name, taken)), widths)

    if chosen is None:
        _cover(sheet("封面", [TEXT_WIDTH]), doc, draft)
    overall = doc.form(forms.OVERALL)
    if wanted(overall):
        _overall(sheet("整体绩效目标", [TEXT_WIDTH]), overall)
    for number, form in enumerate(doc.projects, 1):
        if wanted(form):
            _project(sheet(f"{number}.{form.get('name') or '项目'}", PROJECT_WIDTHS), form, number, doc)
    for table in doc.budget_tables:
        if wanted(table):
            _budget_table(sheet(table.get("title") or "公开表", []), table, doc)
    explanation = doc.form(forms.EXPLANATION)
    if wanted(explanation) and explanation.grids["sections"].rows:
        _explanation(sheet("情况说明", [TEXT_WIDTH]), explanation, doc)
    approval = doc.form(forms.APPROVAL)
    if wanted(approval):
        _approval(sheet("批复表", APPROVAL_WIDTHS), approval, doc)
    if findings is not None:
        from core.printing.check_report import fill_sheet

        steps.step()
        fill_sheet(book.sheet(sheet_name("检查报告", taken)), doc, findings)
    if draft:
        for ws in book.sheets:
            ws.header_right = "（草案）"
    if not book.sheets:
        raise BudgetDeskError("没有可导出的表：请至少选择一张表。")
    return book.save(path)
