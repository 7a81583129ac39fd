"""The comparison as a workbook an officer hands to the 分管领导 (``main.py compare DOC --xlsx OUT``):
one sheet per 公开表 (a 收支总表 as its 收入 and 支出), a sheet 项目 (预算数 beside 上年预算数) and a
sheet 项目指标 (each 指标值 beside 上年指标值).

Invariants: every cell goes through core.file.xlsx_writer's ``Sheet.put`` (amounts are
number cells holding the exact amount, a percent the exact ratio shown as ``0.0%``, every text a
string cell, never a formula); each sheet prints on A4 landscape fitted to the page width, its
header rows repeated on every page and frozen on screen.
"""

from __future__ import annotations

from pathlib import Path

from core.compare.comparison import Comparison
from core.compare.figures import Figure
from core.file.xlsx_writer import Sheet, Style, Workbook
from core.printing.xlsx_export import AMOUNT_FORMAT, sheet_name

PERCENT_FORMAT = "0.0%"
PARTS = ("{this}", "{last}", "增减额", "增减%")
NOTE = ("注：增减额 = 本年 − 上年；增减% = 增减额 ÷ 上年。“暂无上年数”：上年的表或栏目中没有这一项；"
        "“新增”：上年为零。本年、上年都为零的行和栏目未列出。")


_LOOKS = {
    "title": Style("宋体", 16, bold=True, horizontal="center", vertical="center"),
    "line": Style("宋体", 10, horizontal="left", vertical="center"),
    "line_right": Style("宋体", 10, horizontal="right", vertical="center"),
    "head": Style("宋体", 10, bold=True, horizontal="center", vertical="center", wrap=True),
    "text": Style("宋体", 10, horizontal="left", vertical="center", wrap=True),
    "bold": Style("宋体", 10, bold=True, horizontal="left", vertical="center", wrap=True),
    "center": Style("宋体", 10, horizontal="center", vertical="center"),
    "number": Style("宋体", 10, horizontal="right", vertical="center"),
    "note": Style("宋体", 9, horizontal="left", vertical="top", wrap=True),
}


class _Sheet:
    """Writes one sheet: looks by name, thin borders, the print setup."""

    def __init__(self, sheet: Sheet, widths: list[float]):
        self.sheet = sheet
        for i, width in enumerate(widths, start=1):
            sheet.widths[i] = width

    def put(self, row: int, col: int, value, look: str = "text", *, cols: int = 1, rows: int = 1,
            framed: bool = True, number_format: str | None = None, indent: int = 0) -> None:
        style = _LOOKS[look].but(border=framed, number_format=number_format, indent=indent)
        self.sheet.put(row, col, value, style)
        if rows > 1 or cols > 1:
            self.sheet.merge(row, col, rows, cols, framed)

    def figure(self, row: int, col: int, figure: Figure) -> None:
        """本年, 上年, 增减额, 增减% from ``col`` on."""
        self.put(row, col, figure.this, "number", number_format=AMOUNT_FORMAT)
        self.put(row, col + 1, figure.last, "number", number_format=AMOUNT_FORMAT)
        self.put(row, col + 2, figure.change, "number", number_format=AMOUNT_FORMAT)
        percent = figure.percent
        if percent is None:
            self.put(row, col + 3, figure.percent_text, "center")
        else:
            self.put(row, col + 3, percent / 100, "number", number_format=PERCENT_FORMAT)

    def page(self, header: tuple[int, int], freeze: tuple[int, int]) -> None:
        """A4 landscape fitted to the page width, ``header`` rows repeated on every page, the
        panes frozen above and left of ``freeze`` (row, column)."""
        sheet = self.sheet
        sheet.landscape = sheet.fit_to_width = sheet.centered = True
        sheet.margins = (0.5, 0.5, 0.6, 0.6)
        sheet.footer_center = "第 &P 页，共 &N 页"
        sheet.title_rows = header
        sheet.freeze = freeze


def _heading(w: _Sheet, title: str, width: int, comparison: Comparison, unit: str | None) -> None:
    w.put(1, 1, title, "title", cols=width, framed=False)
    w.sheet.heights[1] = 28
    left = "　".join(x for x in (comparison.department,
                                f"本年：{comparison.this_label}　上年：{comparison.last_label}",
                                f"上年数来源：{comparison.source}" if comparison.source else "无上年数") if x)
    right_cols = 3 if width > 6 else 2
    w.put(2, 1, left, "line", cols=width - right_cols, framed=False)
    w.put(2, width - right_cols + 1, f"金额单位：{unit}" if unit else "", "line_right", cols=right_cols, framed=False)


def _parts(comparison: Comparison) -> list[str]:
    return [p.format(this=comparison.this_label, last=comparison.last_label) for p in PARTS]


def _table_sheet(w: _Sheet, table, comparison: Comparison) -> None:
    width = 3 + 4 * len(table.columns)
    _heading(w, f"{table.title}　本年与上年对比", width, comparison, table.unit)
    for col, label in enumerate(("序号", "科目编码", "科目名称 / 项目"), start=1):
        w.put(3, col, label, "head", rows=2)
    for k, label in enumerate(table.columns):
        col = 4 + 4 * k
        w.put(3, col, label.replace("/", " / "), "head", cols=4)
        for j, part in enumerate(_parts(comparison)):
            w.put(4, col + j, part, "head")
    w.sheet.heights[3] = 30
    row = 5
    for n, compared in enumerate(table.rows, start=1):
        look = "bold" if compared.level <= 1 else "text"
        w.put(row, 1, n, "center")
        w.put(row, 2, compared.code, "center")
        label = compared.label + ("（仅上年有）" if compared.only_last else "")
        w.put(row, 3, label, look, indent=max(compared.level - 1, 0))
        for k, figure in enumerate(compared.figures):
            w.figure(row, 4 + 4 * k, figure)
        row += 1
    w.put(row + 1, 1, NOTE, "note", cols=width, framed=False)
    w.sheet.heights[row + 1] = 30
    w.page((3, 4), (5, 4))


def _projects_sheet(w: _Sheet, comparison: Comparison) -> None:
    width = 7
    _heading(w, "项目预算数　本年与上年对比", width, comparison, comparison.projects[0].unit if comparison.projects else None)
    for col, label in enumerate(("序号", "项目编码", "项目名称", *_parts(comparison)), start=1):
        w.put(3, col, label, "head")
    row = 4
    for n, project in enumerate(comparison.projects, start=1):
        w.put(row, 1, n, "center")
        w.put(row, 2, project.code, "center")
        w.put(row, 3, project.name, "text")
        w.figure(row, 4, project.budget)
        row += 1
    w.put(row + 1, 1, NOTE.replace("本年、上年都为零的行和栏目未列出。", ""), "note", cols=width, framed=False)
    w.sheet.heights[row + 1] = 30
    w.page((3, 3), (4, 4))


def _indicators_sheet(w: _Sheet, comparison: Comparison) -> None:
    width = 9
    _heading(w, "项目绩效指标　本年与上年对比", width, comparison, None)
    heads = ("项目名称", "一级指标", "二级指标", "三级指标", f"{comparison.this_label}指标值",
             f"{comparison.last_label}指标值", "增减", "增减%", "变化")
    for col, label in enumerate(heads, start=1):
        w.put(3, col, label, "head")
    row = 4
    for project in comparison.projects:
        first = row
        for indicator in project.indicators:
            w.put(row, 2, indicator.l1, "text")
            w.put(row, 3, indicator.l2, "text")
            w.put(row, 4, indicator.l3, "text")
            w.put(row, 5, indicator.this, "text")
            w.put(row, 6, indicator.last if indicator.has_last else "暂无上年数", "text")
            figure = indicator.figure
            if figure is not None:
                w.put(row, 7, figure.change, "number")
                if figure.percent is None:
                    w.put(row, 8, figure.percent_text, "center")
                else:
                    w.put(row, 8, figure.percent / 100, "number", number_format=PERCENT_FORMAT)
            else:
                w.put(row, 7, None, "number")
                w.put(row, 8, None, "number")
            status = ("本年新增" if not indicator.has_last else "本年取消" if indicator.row is None
                      else "已调整" if indicator.changed else "")
            w.put(row, 9, status, "center")
            row += 1
        if row == first:
            row += 1  # a project without indicators still has its line
        w.put(first, 1, project.shown_label, "text", rows=row - first)
    w.page((3, 3), (4, 2))


TABLE_WIDTHS = [6, 11, 30]
PART_WIDTHS = [13, 13, 12, 9]


def write_comparison_xlsx(comparison: Comparison, path: Path) -> Path:
    """Write ``comparison`` to ``path`` (through a temporary file, as every workbook BudgetDesk
    writes). Raises BudgetDeskError (Chinese) when the file cannot be written."""
    book = Workbook()
    taken: set[str] = set()
    for table in comparison.tables:
        ws = book.sheet(sheet_name(table.title, taken))
        _table_sheet(_Sheet(ws, TABLE_WIDTHS + PART_WIDTHS * len(table.columns)), table, comparison)
    if comparison.projects:
        _projects_sheet(_Sheet(book.sheet(sheet_name("项目", taken)), [6, 24, 40, *PART_WIDTHS]), comparison)
        _indicators_sheet(_Sheet(book.sheet(sheet_name("项目指标", taken)),
                                 [30, 11, 12, 24, 14, 14, 10, 9, 10]), comparison)
    if not book.sheets:
        from core.errors import BudgetDeskError

        raise BudgetDeskError("文档中没有公开表或项目，没有可对比的内容。")
    return book.save(Path(path))
