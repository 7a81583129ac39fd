"""Arithmetic inside the 公开表 that list subjects by 科目编码: each 类 (3 digits) equals the sum of
its 款 (5 digits), each 款 the sum of its 项 (7 digits), in every amount column."""

from __future__ import annotations

from decimal import Decimal

from core import cell_input, money
from core.validation import Finding, Location, difference_finding


def subject_sums(doc) -> list[Finding]:
    """B-SUBJECT-SUM: 类 = Σ款, 款 = Σ项 (尾差 within 0.03 is a 提示)."""
    findings = []
    for table in doc.budget_tables:
        grid = table.grids["rows"]
        try:
            code_col = next(i for i, c in enumerate(grid.columns) if c.label == "科目编码")
        except StopIteration:
            continue
        name_col = next((i for i, c in enumerate(grid.columns) if c.label == "科目名称"), code_col)
        amount_cols = [i for i, c in enumerate(grid.columns) if c.kind == cell_input.AMOUNT]
        rows = [(i, (r.cells[code_col] or "").strip(), r.cells) for i, r in enumerate(grid.rows)]
        for i, code, cells in rows:
            child_len = {3: 5, 5: 7}.get(len(code))
            if not code.isdigit() or child_len is None:
                continue
            children = [c for _, cc, c in rows if len(cc) == child_len and cc.startswith(code)]
            if not children:
                continue
            for col in amount_cols:
                shown = money.read_amount(cells[col]) or Decimal(0)
                total = sum((money.read_amount(c[col]) or Decimal(0) for c in children), Decimal(0))
                label = grid.columns[col].label
                finding = difference_finding(
                    "B-SUBJECT-SUM", Location(table.title, None, i + 1, label, table.id),
                    f"{table.title} {code} {cells[name_col] or ''}", label, shown, "下级科目之和", total,
                    "请核对该科目及其下级科目的金额。")
                if finding:
                    findings.append(finding)
    return findings


CHECKS = [subject_sums]
