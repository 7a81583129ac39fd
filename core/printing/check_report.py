"""The check report (检查报告): every finding with its 出错说明, as an .xlsx a 财政局 reviewer can
read and print (A4 landscape, header row repeated on every page). Its cells are written by
:func:`core.printing.xlsx_export.write_cell`: whatever a project code, a message or an explanation holds,
it is text, never a formula.

One row per finding (the sheet can be sorted and filtered, and the header's filter picks one
审核意见): first the findings that are no indicator's, as validation lists them — the tables'
arithmetic and the texts, whose 错误 block submission — then the indicator findings grouped by their
审核意见 (core/checks/categories.py), in the 一体化系统's order, project by project: the officer reads
what the 财政局 will write back, one kind of correction at a time. The PDF's appendix prints the same
groups under a heading each."""

from __future__ import annotations

from pathlib import Path

from core.document.check_notes import notes
from core.file.files import save_workbook
from core.printing.xlsx_export import write_cell
from core.checks.categories import by_category
from core.checks.validation import SEVERITY_LABELS, Finding

COLUMNS = (("级别", 8), ("规则", 16), ("表", 22), ("项目编码", 24), ("行", 6), ("栏目", 14),
           ("问题", 70), ("出错说明", 40), ("审核意见", 18))


def report_order(doc, findings: list[Finding]) -> list[tuple[str | None, list[Finding]]]:
    """The report's groups: (审核意见 or None, its findings), as :func:`core.checks.categories.by_category`."""
    return by_category(findings, {form.id: i for i, form in enumerate(doc.forms)})


def report_rows(doc, findings: list[Finding]) -> list[list]:
    explained = notes(doc)
    rows = []
    for _, group in report_order(doc, findings):
        for f in group:
            loc = f.location
            rows.append([SEVERITY_LABELS[f.severity], f.rule, loc.form, loc.project or "", loc.row or "",
                         loc.field or "", f.message, explained.get(f.note_key, ""), f.category or ""])
    return rows


def write_xlsx(doc, findings: list[Finding], path: Path) -> None:
    """Write the report; raises BudgetDeskError (Chinese) if the file cannot be written."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "检查报告"
    fill_sheet(sheet, doc, findings)
    save_workbook(book, path)


def fill_sheet(sheet, doc, findings: list[Finding]) -> None:
    """The report in ``sheet``: a title, the header row (repeated on every printed page), a row per
    finding, A4 landscape fitted to the page width."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    def put_row(row: int, values: list) -> list:
        cells = [sheet.cell(row=row, column=col) for col in range(1, len(values) + 1)]
        for cell, value in zip(cells, values):
            write_cell(cell, value)
        return cells

    title, = put_row(1, [f"{doc.department or ''} {doc.year or ''} 年部门预算绩效文本 检查报告"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in put_row(2, [name for name, _ in COLUMNS]):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    rows = report_rows(doc, findings)
    for row, values in enumerate(rows, start=3):
        for cell in put_row(row, values):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    last = sheet.cell(row=2, column=len(COLUMNS)).column_letter
    sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"  # pick a 审核意见, a 级别, a project
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=i).column_letter].width = width
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.freeze_panes = "A3"
