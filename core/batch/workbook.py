"""The batch review as the 审核汇总 workbook (sheets 汇总, 按规则, 明细, 对比; core/batch/tables.py).

Invariants: every cell goes through core.file.xlsx_writer's ``Sheet.put`` — amounts are number
cells holding the exact Decimal (shown with two decimals), counts and years integers, a ratio its exact
value shown as ``0.0%``, every text a string cell, never a formula. A float reaching a cell is a bug
(TypeError), never written. Each sheet has its header row frozen and filtered, and prints on A4
landscape fitted to the page width with the header repeated.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

from core.file.xlsx_writer import Style, Workbook
from core.printing.xlsx_export import AMOUNT_FORMAT

PERCENT_FORMAT = "0.0%"
_LOOKS = {
    "head": Style("宋体", 10, bold=True, fill="DDEBF7", horizontal="center", vertical="center", wrap=True, border=True),
    "text": Style("宋体", 10, vertical="top", wrap=True, border=True),
    "number": Style("宋体", 10, vertical="top", border=True),
    "amount": Style("宋体", 10, vertical="top", border=True, number_format=AMOUNT_FORMAT),
    "ratio": Style("宋体", 10, vertical="top", border=True, number_format=PERCENT_FORMAT),
}
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
    whole or not at all (core.file.xlsx_writer)."""
    from core.batch.tables import AMOUNT_KEYS, sheets

    book = Workbook()
    for name, (frame, columns) in sheets(batch).items():
        sheet = book.sheet(name)
        keys = [key for key, _ in columns]
        for col, (key, header) in enumerate(columns, start=1):
            sheet.put(1, col, header, _LOOKS["head"])
            sheet.widths[col] = _WIDTHS.get(key, 12)
        for r, values in enumerate(frame[keys].itertuples(index=False, name=None), start=2):
            for col, (key, value) in enumerate(zip(keys, values), start=1):
                value = cell_value(value)
                look = ("ratio" if key == "ratio" else "amount" if key in AMOUNT_KEYS else "number") \
                    if isinstance(value, (Decimal, int)) else "text"
                sheet.put(r, col, value, _LOOKS[look])
        sheet.freeze = (2, 2)
        if len(frame):
            sheet.auto_filter = (1, 1, len(frame) + 1, len(keys))
        sheet.title_rows = (1, 1)
        sheet.landscape = sheet.fit_to_width = True
    book.save(Path(path))
