"""The story the comparison tests tell: the 承德市司法局 2024 sample (seed 001) started as 2025 from
last year's file, then some of this year's figures changed as an officer types them."""

from __future__ import annotations

from decimal import Decimal

from conftest import sample_json
from core.document import edits
from core.document import table_meaning as tm
from core.reading import import_file

# (科目编码, change of its 合计 this year): carried up to its 款, 类 and the 合计 row
SPENDING_CHANGES = (("2040601", "45.05"), ("2040602", "-24.50"), ("2210201", "10.74"))


def next_year_document(tmp_path, name: str = "2025.bdoc"):
    """2025 started from the 2024 file: every 公开表 and project keeps last year's as 上年数."""
    source = tmp_path / "2024.json"
    source.write_bytes(sample_json("001").read_bytes())
    doc, _, _ = import_file(source, tmp_path / name, next_year_from=True)
    return doc


def change_spending(doc, changes=SPENDING_CHANGES) -> None:
    """Type this year's 合计 of some 项 of the 支出总表, and of their 款, 类 and the 合计 row."""
    table = doc.budget_table("支出总表")
    cols = tm.columns_of(table)
    total = cols.find(tm.TOTAL)
    rows = {s.code: s.index for s in tm.subject_rows(table, cols)}
    rows["合计"] = tm.total_row(table, cols)
    for code, delta in changes:
        for key in (code, code[:5], code[:3], "合计"):
            now = tm.amount(doc.budget_table("支出总表").grids["rows"].rows[rows[key]].cells, total)
            doc.apply(edits.set_cells(doc, table.id, "rows", rows[key], total, [[str(now + Decimal(delta))]]))
