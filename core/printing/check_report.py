"""The check report (检查报告): every finding with its 出错说明, as an .xlsx a 财政局 reviewer can
read and print (A4 landscape, header row repeated on every page). Its cells are written by
core.file.xlsx_writer's ``Sheet.put``: whatever a project code, a message or an explanation holds,
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
from core.file.xlsx_writer import Sheet, Style, Workbook
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
    book = Workbook()
    fill_sheet(book.sheet("检查报告"), doc, findings)
    book.save(path)


_TITLE = Style(size=14, bold=True, horizontal="center")
_HEADER = Style(bold=True, fill="DDDDDD", horizontal="center", vertical="center", border=True)
_CELL = Style(wrap=True, vertical="top", border=True)


def fill_sheet(sheet: Sheet, doc, findings: list[Finding]) -> None:
    """The report in ``sheet``: a title, the header row (repeated on every printed page), a row per
    finding, A4 landscape fitted to the page width."""
    sheet.put(1, 1, f"{doc.department or ''} {doc.year or ''} 年部门预算绩效文本 检查报告", _TITLE)
    sheet.merge(1, 1, 1, len(COLUMNS))
    for col, (name, width) in enumerate(COLUMNS, start=1):
        sheet.put(2, col, name, _HEADER)
        sheet.widths[col] = width
    rows = report_rows(doc, findings)
    for row, values in enumerate(rows, start=3):
        for col, value in enumerate(values, start=1):
            sheet.put(row, col, value, _CELL)
    sheet.auto_filter = (2, 1, len(rows) + 2, len(COLUMNS))  # pick a 审核意见, a 级别, a project
    sheet.title_rows = (2, 2)
    sheet.landscape = True
    sheet.fit_to_width = True
    sheet.freeze = (3, 1)
