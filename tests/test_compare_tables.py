"""This year's 公开表 beside last year's: rows matched by 科目编码 or label, columns by meaning,
the change and the % exact, 暂无上年数 where last year is unknown, largest changes first."""

from decimal import Decimal

from compare_story import change_spending, next_year_document
from conftest import sample_json
from core.compare.comparison import comparison
from core.compare.figures import NO_LAST_YEAR, Figure, changed_over, largest_first
from core.document import edits
from core.document.last_year import open_last_year
from core.file.json_format import import_json, read_json_file


def _row(table, code_or_label):
    return next(r for r in table.rows if code_or_label in (r.code, r.label))


def test_a_changed_row_shows_both_years_the_change_and_the_percent(tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    spending = comparison(doc).table("支出总表")
    assert spending.has_last and spending.unit == "万元"
    assert spending.columns == ("合计", "基本支出", "项目支出")  # 经营支出 … blank in both years: left out
    running = _row(spending, "2040601").figures[0]
    assert (running.this, running.last, running.change, running.percent) == (
        Decimal("1012.40"), Decimal("967.35"), Decimal("45.05"), Decimal("4.7"))
    assert running.percent_text == "4.7%"
    general = _row(spending, "2040602").figures[0]
    assert (general.change, general.percent_text) == (Decimal("-24.50"), "-25.5%")
    total = _row(spending, "合计").figures[0]
    assert total.change == Decimal("31.29") and total.percent == Decimal("0.8")  # 31.29 / 4148.23
    assert _row(spending, "2040601").figures[1].change == 0  # 基本支出 was not changed
    assert _row(spending, "20406").level == 2 and _row(spending, "204").level == 1
    doc.close()


def test_without_last_year_every_figure_says_so(open_sample):
    doc = open_sample("001")
    compared = comparison(doc)
    assert compared.last_year is None and compared.source == ""
    income = compared.table("收入总表")
    assert not income.has_last
    figure = _row(income, "合计").figures[0]
    assert figure.this == Decimal("4148.23") and figure.last is None and figure.change is None
    assert figure.percent_text == NO_LAST_YEAR
    assert all(p.budget.percent_text == NO_LAST_YEAR for p in compared.projects)


def test_the_summary_table_is_compared_side_by_side(tmp_path):
    doc = next_year_document(tmp_path)
    compared = comparison(doc)
    income, spending = compared.table("收支总表（收入）"), compared.table("收支总表（支出）")
    assert income.columns == ("预算数",) and spending.columns == ("预算数",)
    assert _row(income, "一、一般公共预算拨款收入").figures[0] == Figure(Decimal("3771.58"), Decimal("3771.58"))
    assert _row(spending, "四、公共安全支出").figures[0].change == 0
    assert compared.table("收支总表") is None
    doc.close()


def test_rows_are_matched_by_code_when_last_year_orders_or_names_them_otherwise(tmp_path):
    """Last year's file: 行政运行 named differently and printed last; 普法宣传 not there at all;
    a 项 gone this year stays, shown as last year's only."""
    data = read_json_file(sample_json("001"))
    rows = data["budget_tables"]["支出总表"]["rows"]
    running = next(r for r in rows if r[1] == "2040601")
    rows.remove(running)
    rows.append([running[0], "2040601", "行政运行（机关）", "900.00", "900.00", None, None, None, None])
    rows[:] = [r for r in rows if r[1] != "2040605"]
    rows.insert(5, ["x", "2040699", "其他司法支出", "3.61", None, "3.61", None, None, None])
    rows.insert(6, ["x", "2049999", "已取消的支出", "12.00", None, "12.00", None, None, None])
    last_file = tmp_path / "2024.json"
    import json

    last_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    this = dict(read_json_file(sample_json("001")), year=2025)
    doc = import_json(this, tmp_path / "2025.bdoc")
    spending = comparison(doc, open_last_year(last_file)).table("支出总表")
    running = _row(spending, "2040601")
    assert running.label == "行政运行" and running.figures[0] == Figure(Decimal("967.35"), Decimal("900.00"))
    assert _row(spending, "2040605").figures[0] == Figure(Decimal("10.00"), Decimal(0))
    assert _row(spending, "2040605").figures[0].percent_text == "新增"
    gone = _row(spending, "2049999")
    assert gone.only_last and gone.row is None and gone.figures[0].change == Decimal("-12.00")
    assert gone.figures[0].percent_text == "-100.0%"
    doc.close()


def test_last_year_in_yuan_is_compared_in_this_years_wan_yuan(tmp_path):
    data = read_json_file(sample_json("001"))
    data["money_unit"] = "元"
    for row in data["budget_tables"]["收入总表"]["rows"]:
        row[3] = str(Decimal(row[3]) * 10000) if row[3] else None
    data["budget_tables"]["收入总表"]["rows"][0][3] = "41482300.00"
    import json

    path = tmp_path / "2024-yuan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    doc = import_json(dict(read_json_file(sample_json("001")), year=2025), tmp_path / "2025.bdoc")
    income = comparison(doc, open_last_year(path)).table("收入总表")
    assert income.unit == "万元"
    assert _row(income, "合计").figures[0] == Figure(Decimal("4148.23"), Decimal("4148.23"))
    doc.close()


def test_largest_changes_first_and_those_over_a_percent(tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    spending = comparison(doc).table("支出总表")
    ordered = largest_first(spending.rows, lambda r: r.figures[0])
    assert [(r.label, r.figures[0].change) for r in ordered[:3]] == [
        ("行政运行", Decimal("45.05")), ("合计", Decimal("31.29")), ("一般行政管理事务", Decimal("-24.50"))]
    assert ordered[-1].figures[0].change == 0
    over = changed_over(spending.rows, 5, lambda r: r.figures[0])
    assert {r.code for r in over} == {"2040602", "2210201", "22102", "221"}  # 行政运行 +4.7% is not over 5%
    doc.close()


def test_the_three_public_expenses_table_by_rows_is_matched_by_label(tmp_path):
    doc = next_year_document(tmp_path)
    table = doc.budget_table("财政拨款三公经费支出表")
    doc.apply(edits.set_cells(doc, table.id, "rows", 0, 2, [["16.55"]]))
    sangong = comparison(doc).table("财政拨款三公经费支出表")
    total = _row(sangong, "合计").figures[0]
    assert (total.this, total.last, total.percent_text) == (Decimal("16.55"), Decimal("14.55"), "13.7%")
    doc.close()
