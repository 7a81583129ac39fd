"""The figures of one document that the batch review's 汇总 lists: 单位, 年度, template, the 收入 and
支出 totals, 基本/项目支出, 项目数 and 项目资金, 三公 and 机关运行经费.

Invariant: every amount is an exact Decimal in 万元 (a document in 元 converted exactly, never
rounded), or None where the document has no such figure; the tables are read by meaning
(core/document/table_meaning.py), the same for every template.
"""

from __future__ import annotations

from decimal import Decimal

from core.document import table_meaning as tm
from core.values import money

FIGURE_UNIT = "万元"

# The amounts of a summary record, in the order the 汇总 and 对比 sheets print them: (key, label).
AMOUNTS = (
    ("income", "收入合计"),
    ("spending", "支出合计"),
    ("basic", "基本支出"),
    ("project_spending", "项目支出"),
    ("project_funds", "项目资金"),
    ("sangong", "三公经费"),
    ("operation", "机关运行经费"),
)


def _in_figure_unit(value: Decimal | None, unit: str) -> Decimal | None:
    return None if value is None else tm.convert(value, unit, FIGURE_UNIT)


def _table_total(doc, role: str, *meanings: str) -> Decimal | None:
    """The 合计 row's amount under the first column of ``meanings`` of the first table of ``role``."""
    for table in tm.tables_of_role(doc, role):
        found = tm.total_figure(table, *meanings)
        if found is not None:
            return _in_figure_unit(found[3], doc.money_unit_of(table))
    return None


def _summary_side_total(doc, which: int) -> Decimal | None:
    """收入总计 (``which`` 0) or 支出总计 (1) of the 收支总表."""
    for table in tm.tables_of_role(doc, tm.SUMMARY):
        side = tm.summary_sides(table)[which]
        grand = side.grand() if side is not None else None
        if grand is not None:
            return _in_figure_unit(tm.amount(grand[2], side.values[0]), doc.money_unit_of(table))
    return None


def _sangong(doc, item: str) -> Decimal | None:
    for table in tm.tables_of_role(doc, tm.SANGONG):
        cells = tm.sangong_cells(table).get(item)
        if cells:
            return _in_figure_unit(tm.sangong_figure(table, cells).value, doc.money_unit_of(table))
    return None


def _approval_total(doc, key: str) -> Decimal | None:
    """A 批复表 amount (四川: 预算支出总额, 项目支出合计), in 万元."""
    from core.document import forms

    approval = doc.form(forms.APPROVAL)
    value = money.read_amount(approval.get(key)) if approval else None
    return _in_figure_unit(value, doc.money_unit_of(approval)) if value is not None else None


def document_figures(doc) -> dict:
    """The summary figures of an open document (see the module's invariant)."""
    from core.templates import template_of

    funds = [money.read_amount(p.get("budget")) for p in doc.projects]
    project_funds = sum((f for f in funds if f is not None), Decimal(0)) if doc.projects else None
    income = _table_total(doc, tm.INCOME, tm.TOTAL)
    if income is None:
        income = _summary_side_total(doc, 0)
    spending = _table_total(doc, tm.SPENDING, tm.TOTAL)
    if spending is None:
        spending = _summary_side_total(doc, 1)
    if spending is None:
        spending = _approval_total(doc, "funds_total")
    project_spending = _table_total(doc, tm.SPENDING, tm.PROJECT)
    if project_spending is None:
        project_spending = _approval_total(doc, "project_total")
    template = template_of(doc)
    operation = _sangong(doc, tm.OPERATION)
    if operation is None:  # 河北: the 机关运行经费 is the 基本支出表's 公用经费
        operation = _table_total(doc, tm.GENERAL_BASIC, tm.PUBLIC)
    return {
        "department": doc.department or "",
        "department_code": doc.meta.get("department_code") or "",
        "year": doc.year,
        "template": template.key,
        "template_name": template.name,
        "money_unit": doc.money_unit or "",
        "income": income,
        "spending": spending,
        "basic": _table_total(doc, tm.SPENDING, tm.BASIC),
        "project_spending": project_spending,
        "projects": len(doc.projects),
        "project_funds": _in_figure_unit(project_funds, doc.money_unit or FIGURE_UNIT),
        "sangong": _sangong(doc, tm.SANGONG_TOTAL),
        "operation": operation,
    }
