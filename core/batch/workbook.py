"""The batch review as the 审核汇总 workbook (sheets 汇总, 按规则, 明细, 对比; core/batch/tables.py).

Invariants: every cell goes through :func:`core.printing.xlsx_export.write_cell` — amounts are number
cells holding the exact Decimal (shown with two decimals), counts and years integers, a ratio its exact
value shown as ``0.0%``, every text a string cell, never a formula. A float reaching a cell is a bug
(TypeError), never written. Each sheet has its header row frozen and filtered, and prints on A4
landscape fitted to the page width with the header repeated.
"""

from __future__ import annotations

import math
from copy import copy
from decimal import Decimal
from pathlib import Path

from core.printing.xlsx_export import AMOUNT_FORMAT, write_cell

PERCENT_FORMAT = "0.0%"
_WIDTHS = {"file": 28, "message": 60, "example": 60, "remark": 40, "top_rules": 34, "department": 22,
           "template_name": 24, "example_place": 30, "form": 22, "project": 24, "category": 18, "field": 14,
           "figure": 14}


def cell_value(value):
    """A frame's value as a cell takes it: NumPy integers as int, pandas' missing markers as None."""
    if value is None or isinstance(value, (str, Decimal, bool)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        raise TypeError(f"a float reached the review workbook: {value!r}")
    if hasattr(value, "item") and not hasattr(value, "__len__"):  # a NumPy scalar
        return cell_value(value.item())
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def write_review_xlsx(batch, path: Path) -> None:
    """Write the workbook of ``batch`` (a :class:`core.batch.review.BatchReview`) to ``path``
    through a temporary file (core.file.files.save_workbook)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from core.batch.tables import AMOUNT_KEYS, sheets
    from core.file.files import save_workbook

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font, body_font = Font(name="宋体", bold=True, size=10), Font(name="宋体", size=10)
    looks = {  # name: (font, fill, alignment, number format)
        "head": (head_font, PatternFill("solid", fgColor="DDEBF7"),
                 Alignment(horizontal="center", vertical="center", wrap_text=True), "General"),
        "text": (body_font, None, Alignment(vertical="top", wrap_text=True), "General"),
        "number": (body_font, None, Alignment(vertical="top"), "General"),
        "amount": (body_font, None, Alignment(vertical="top"), AMOUNT_FORMAT),
        "ratio": (body_font, None, Alignment(vertical="top"), PERCENT_FORMAT),
    }
    styles = {}  # each look's style, made once and copied to every cell (openpyxl's per-cell styling is slow)
    for name, (frame, columns) in sheets(batch).items():
        sheet = book.create_sheet(name)
        if not styles:
            for look, (font, fill, alignment, number_format) in looks.items():
                proto = sheet.cell(row=1, column=1)
                proto.font, proto.border, proto.alignment, proto.number_format = font, border, alignment, number_format
                if fill is not None:
                    proto.fill = fill
                styles[look] = copy(proto._style)
        keys = [key for key, _ in columns]
        for col, (key, header) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=col)
            cell._style = copy(styles["head"])
            write_cell(cell, header)
            sheet.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(key, 12)
        for r, values in enumerate(frame[keys].itertuples(index=False, name=None), start=2):
            for col, (key, value) in enumerate(zip(keys, values), start=1):
                value = cell_value(value)
                cell = sheet.cell(row=r, column=col)
                look = ("ratio" if key == "ratio" else "amount" if key in AMOUNT_KEYS else "number") \
                    if isinstance(value, (Decimal, int)) else "text"
                cell._style = copy(styles[look])
                write_cell(cell, value)
        sheet.freeze_panes = "B2"
        if len(frame):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(frame) + 1}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    save_workbook(book, Path(path))
