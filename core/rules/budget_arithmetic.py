"""Arithmetic inside the 公开表 that list subjects by 科目编码: each 类 (3 digits) equals the sum of
its 款 (5 digits), each 款 the sum of its 项 (7 digits), in every amount column."""

from __future__ import annotations

from decimal import Decimal

from core import cell_input, money
from core.budget_tables import amount_in_row
from core.validation import Finding, Location, difference_finding, each, reads


@each("budget_table")
def subject_sums(doc, table) -> list[Finding]:
    """B-SUBJECT-SUM: 类 = Σ款, 款 = Σ项 (尾差 within 0.03 is a 提示)."""
    grid = table.grids["rows"]
    try:
        code_col = next(i for i, c in enumerate(grid.columns) if c.label == "科目编码")
    except StopIteration:
        return []
    name_col = next((i for i, c in enumerate(grid.columns) if c.label == "科目名称"), code_col)
    amount_cols = [i for i, c in enumerate(grid.columns) if c.kind == cell_input.AMOUNT]
    rows = [(i, (r.cells[code_col] or "").strip(), r.cells) for i, r in enumerate(grid.rows)]
    children: dict[str, list] = {}  # a 类's 款 and a 款's 项, by the parent's code
    for _, code, cells in rows:
        if code.isdigit() and len(code) in (5, 7):
            children.setdefault(code[:len(code) - 2], []).append(cells)
    findings = []
    for i, code, cells in rows:
        below = children.get(code) if code.isdigit() and len(code) in (3, 5) else None
        if not below:
            continue
        for col in amount_cols:
            if cells[col] is None and all(c[col] is None for c in below):
                continue  # a blank column (事业收入, 经营收入, …): nothing to add up
            shown = money.read_amount(cells[col]) or Decimal(0)
            total = sum((money.read_amount(c[col]) or Decimal(0) for c in below), Decimal(0))
            if shown == total:
                continue
            label = grid.columns[col].label
            finding = difference_finding(
                "B-SUBJECT-SUM", Location(table.title, None, i + 1, label, table.id),
                f"{table.title} {code} {cells[name_col] or ''}", label, shown, "下级科目之和", total,
                "请核对该科目及其下级科目的金额。")
            if finding:
                findings.append(finding)
    return findings


# Within a row: the total column equals the sum of its parts (header labels as printed).
ROW_FORMULAS = {
    "收入总表": [("合计", ("本年收入/小计", "上年结转")),
              ("本年收入/小计", ("本年收入/财政拨款收入", "本年收入/财政专户收入", "本年收入/事业收入",
                            "本年收入/经营收入", "本年收入/上级补助收入", "本年收入/附属单位上缴收入",
                            "本年收入/其他收入"))],
    "支出总表": [("合计", ("基本支出", "项目支出", "经营支出", "上解上级支出", "对附属单位补助支出"))],
    "一般公共预算财政拨款支出表": [("合计", ("基本支出", "项目支出"))],
    "政府性基金预算财政拨款支出表": [("合计", ("基本支出", "项目支出"))],
    "国有资本经营预算财政拨款支出表": [("合计", ("基本支出", "项目支出"))],
    "一般公共预算财政拨款基本支出表": [("一般公共预算基本支出/合计",
                          ("一般公共预算基本支出/人员经费", "一般公共预算基本支出/公用经费"))],
}


@each("budget_table")
def row_totals(doc, table) -> list[Finding]:
    """B-ROW-TOTAL: in each row, 合计 = the sum of its parts (合计 = 基本支出 + 项目支出 + …;
    人员经费 + 公用经费 = 合计; 本年收入 + 上年结转 = 合计)."""
    formulas = ROW_FORMULAS.get(table.get("title") or "")
    if not formulas:
        return []
    findings = []
    grid = table.grids["rows"]
    index = {c.label: i for i, c in enumerate(grid.columns)}
    name_col = index.get("科目名称")
    for total_label, part_labels in formulas:
        if total_label not in index:
            continue
        parts = [index[p] for p in part_labels if p in index]
        names = " + ".join(p.rsplit("/", 1)[-1] for p in part_labels if p in index)
        for r, row in enumerate(grid.rows):
            values = [money.read_amount(row.cells[c]) for c in [index[total_label], *parts]]
            if all(v is None for v in values):
                continue
            shown = values[0] or Decimal(0)
            total = sum((v or Decimal(0) for v in values[1:]), Decimal(0))
            if shown == total:
                continue
            subject = " ".join(x for x in (table.title, row.cells[index.get("科目编码", 0)] if "科目编码" in index else None,
                                           row.cells[name_col] if name_col is not None else None) if x)
            finding = difference_finding(
                "B-ROW-TOTAL", Location(table.title, None, r + 1, total_label, table.id), subject,
                total_label.rsplit("/", 1)[-1], shown, names, total, f"请核对{names}。")
            if finding:
                findings.append(finding)
    return findings


# (table, column) pairs whose 合计 rows must agree, as 财政局 reviewers cross-check them.
CROSS_TOTALS = [
    (("收入总表", "合计"), ("支出总表", "合计"), "收入总表与支出总表的合计应相等"),
    (("一般公共预算财政拨款基本支出表", "一般公共预算基本支出/合计"), ("支出总表", "基本支出"),
     "基本支出表的合计应等于支出总表的基本支出"),
    (("一般公共预算财政拨款支出表", "项目支出"), ("支出总表", "项目支出"),
     "一般公共预算财政拨款支出表与支出总表的项目支出应相等"),
]


@reads("budget_table")
def cross_table_totals(doc) -> list[Finding]:
    """B-CROSS-TOTAL: the 合计 rows of tables that report the same money agree (尾差 is a 提示)."""
    findings = []
    for (table_a, col_a), (table_b, col_b), rule_text in CROSS_TOTALS:
        a_form, b_form = doc.budget_table(table_a), doc.budget_table(table_b)
        a, b = amount_in_row(a_form, "合计", col_a), amount_in_row(b_form, "合计", col_b)
        if a is None or b is None:
            continue
        finding = difference_finding(
            "B-CROSS-TOTAL", Location(table_a, None, None, col_a, a_form.id), rule_text,
            f"{table_a}「{col_a.rsplit('/', 1)[-1]}」", a, f"{table_b}「{col_b}」", b,
            f"请核对{table_a}和{table_b}。")
        if finding:
            findings.append(finding)
    return findings


@reads("budget_table", "project")
def projects_vs_project_spending(doc) -> list[Finding]:
    """B-PROJECTS-SUM (警告; 提示 for 尾差 up to 0.01 per project): Σ of the project tables' 预算数
    vs 支出总表's 项目支出 合计."""
    table = doc.budget_table("支出总表")
    shown = amount_in_row(table, "合计", "项目支出")
    budgets = [money.read_amount(p.get("budget")) for p in doc.projects]
    if shown is None or not doc.projects:
        return []
    total = sum((b or Decimal(0) for b in budgets), Decimal(0))
    diff = total - shown
    where = Location("支出总表", None, None, "项目支出", table.id)
    if diff == 0:
        return []
    if abs(diff) <= Decimal("0.01") * len(budgets):  # each project rounded to 0.01 on its own
        return [Finding("B-PROJECTS-SUM", "info", where,
                        f"项目绩效目标表的预算数合计 {total} ≠ 支出总表项目支出 {shown}（差 {abs(diff)}，尾差）。"
                        "四舍五入造成的尾差可以保留。")]
    return [Finding("B-PROJECTS-SUM", "warning", where,
                    f"项目绩效目标表的预算数合计 {total} ≠ 支出总表项目支出 {shown}（差 {abs(diff)}）。"
                    "请确认每个项目都有绩效目标表，且预算数与项目支出一致；如有原因请填写说明。")]




def _label_value(grid, label_col: int, value_col: int, label: str) -> tuple[int, Decimal] | None:
    for r, row in enumerate(grid.rows):
        if (row.cells[label_col] or "").replace(" ", "") == label:
            return r, money.read_amount(row.cells[value_col]) or Decimal(0)
    return None


def _strip_numeral(name: str) -> str:
    """``四、公共安全支出`` → ``公共安全支出``."""
    return name.split("、", 1)[-1].strip()


@reads("budget_table")
def summary_tables(doc) -> list[Finding]:
    """B-SUMMARY: in 收支总表 and 财政拨款收支总表, 收入总计 = 支出总计 and 本年收入合计 + 上年结转 =
    收入总计; each 类 of spending equals that 类's 合计 in 支出总表."""
    findings = []
    spending = doc.budget_table("支出总表")
    class_totals: dict[str, Decimal] = {}
    if spending is not None:
        grid = spending.grids["rows"]
        labels = [c.label for c in grid.columns]
        if {"科目编码", "科目名称", "合计"} <= set(labels):
            for row in grid.rows:
                code = (row.cells[labels.index("科目编码")] or "").strip()
                if len(code) == 3 and code.isdigit():
                    class_totals[(row.cells[labels.index("科目名称")] or "").strip()] = \
                        money.read_amount(row.cells[labels.index("合计")]) or Decimal(0)
    for title in ("收支总表", "财政拨款收支总表"):
        table = doc.budget_table(title)
        if table is None:
            continue
        grid = table.grids["rows"]
        labels = [c.label for c in grid.columns]
        try:
            in_label, in_value = labels.index("收入/项目"), labels.index(next(l for l in labels if l.startswith("收入/") and l != "收入/项目"))
            out_label = labels.index("支出/项目")
            out_value = labels.index(next(l for l in labels if l.startswith("支出/") and l != "支出/项目"))
        except (ValueError, StopIteration):
            continue
        total_in = _label_value(grid, in_label, in_value, "收入总计")
        total_out = _label_value(grid, out_label, out_value, "支出总计")
        if total_in and total_out:
            finding = difference_finding("B-SUMMARY", Location(title, None, total_in[0] + 1, labels[in_value], table.id),
                                         title, "收入总计", total_in[1], "支出总计", total_out[1],
                                         "收入总计应等于支出总计，请核对收支两方。")
            if finding:
                findings.append(finding)
        this_year = _label_value(grid, in_label, in_value, "本年收入合计")
        carried = next((v for v in (_label_value(grid, in_label, in_value, label)
                                    for label in ("上年结转结余", "年初财政拨款结转和结余", "上年结转")) if v), None)
        if total_in and this_year and carried:
            finding = difference_finding("B-SUMMARY", Location(title, None, total_in[0] + 1, labels[in_value], table.id),
                                         title, "收入总计", total_in[1], "本年收入合计 + 上年结转",
                                         this_year[1] + carried[1], "请核对本年收入合计和上年结转结余。")
            if finding:
                findings.append(finding)
        for r, row in enumerate(grid.rows):
            name = _strip_numeral(row.cells[out_label] or "")
            if name in class_totals:
                shown = money.read_amount(row.cells[out_value]) or Decimal(0)
                finding = difference_finding("B-SUMMARY", Location(title, None, r + 1, labels[out_value], table.id),
                                             f"{title} {row.cells[out_label]}", labels[out_value].rsplit('/', 1)[-1],
                                             shown, "支出总表该类合计", class_totals[name],
                                             "请核对本表与支出总表的该类支出。")
                if finding:
                    findings.append(finding)
    return findings


SANGONG_PARTS = {
    "合计": ("一、因公出国（境）费", "二、公务用车购置及运维费", "三、公务接待费"),
    "一、因公出国（境）费": ("其中：教学科研人员因公出国（境）费", "其他因公出国（境）费"),
    "二、公务用车购置及运维费": ("其中：公务用车购置费", "公务用车运行维护费"),
}


@reads("budget_table")
def sangong(doc) -> list[Finding]:
    """B-SANGONG: 三公 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运维; 出国 = its two parts."""
    table = doc.budget_table("财政拨款三公经费支出表")
    if table is None:
        return []
    grid = table.grids["rows"]
    labels = [c.label for c in grid.columns]
    if "项目" not in labels:
        return []
    name_col = labels.index("项目")
    rows = {(r.cells[name_col] or "").replace(" ", ""): (i, r.cells) for i, r in enumerate(grid.rows)}
    findings = []
    for total, parts in SANGONG_PARTS.items():
        if total not in rows or not all(p in rows for p in parts):
            continue
        index, cells = rows[total]
        for col, column in enumerate(grid.columns):
            if column.kind != cell_input.AMOUNT:
                continue
            shown = money.read_amount(cells[col]) or Decimal(0)
            summed = sum((money.read_amount(rows[p][1][col]) or Decimal(0) for p in parts), Decimal(0))
            finding = difference_finding(
                "B-SANGONG", Location(table.title, None, index + 1, column.label, table.id),
                f"三公经费表 {total}", column.label.rsplit("/", 1)[-1], shown,
                " + ".join(p.removeprefix("其中：") for p in parts), summed, "请核对三公经费各项。")
            if finding:
                findings.append(finding)
    return findings


CHECKS = [subject_sums, row_totals, cross_table_totals, projects_vs_project_spending, summary_tables, sangong]
