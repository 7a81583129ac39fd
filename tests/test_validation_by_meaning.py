"""The 公开表 rules read tables by role and columns by meaning, in every template alike: a real 上海
budget (tests/fixtures/real/putuo_zfb_2025.json: other titles, 科目编码 in three columns 类/款/项, amounts
in 元 with thousands separators, a 三公 table in 万元, the 合计 row last) holds every identity, and
breaking one cell trips the rule that checks it — an 错误 for a real difference, a 提示 for a 尾差
within 0.03 万元 (300 元)."""

from decimal import Decimal

from core.document import edits, forms
from core.document import table_meaning as tm
from core.checks.validation import ERROR, INFO, WARNING, Validator, validate

TABLE_RULES = ("B-SUBJECT-SUM", "B-ROW-TOTAL", "B-CROSS-TOTAL", "B-PROJECTS-SUM", "B-SUMMARY", "B-SANGONG",
               "E-QUOTED")

INCOME, SPENDING, SUMMARY, FISCAL = "收入预算总表", "支出预算总表", "财务收支预算总表", "财政拨款收支预算总表"
GENERAL, BASIC = "一般公共预算支出功能分类预算表", "一般公共预算基本支出部门预算经济分类预算表"
SANGONG = "“三公”经费和机关运行经费预算表"


def findings(doc, rule):
    return [f for f in validate(doc) if f.rule == rule]


def set_cell(doc, title, row, column, text):
    """Type ``text`` into the cell of ``title`` in 1-based ``row`` under the header ``column``."""
    table = doc.budget_table(title)
    col = [c.label for c in table.grids["rows"].columns].index(column)
    doc.apply(edits.set_cells(doc, table.id, "rows", row - 1, col, [[text]]))
    return table


def set_text(doc, old, new):
    explanation = doc.form(forms.EXPLANATION)
    sections = explanation.grids["sections"]
    row = next(i for i, r in enumerate(sections.records()) if old in (r["text"] or ""))
    doc.apply(edits.set_cells(doc, explanation.id, "sections", row, 1,
                              [[sections.cell(row, "text").replace(old, new)]]))
    return row


def only(found, severity, form, row=None, field=None):
    """The one finding of ``severity`` at that place; fails listing what was found otherwise."""
    mine = [f for f in found if f.severity == severity and f.location.form == form
            and (row is None or f.location.row == row) and (field is None or f.location.field == field)]
    assert len(mine) == 1, [(f.severity, f.location, f.message) for f in found]
    return mine[0]


# --- roles and meanings -----------------------------------------------------------------------------

def test_every_template_s_tables_have_a_role_from_their_title():
    from core.templates import templates

    expected = {"收支总表": tm.SUMMARY, "财务收支预算总表": tm.SUMMARY, "收入总表": tm.INCOME,
                "收入预算总表": tm.INCOME, "支出总表": tm.SPENDING, "支出预算总表": tm.SPENDING,
                "财政拨款收支总表": tm.FISCAL_SUMMARY, "财政拨款收支预算总表": tm.FISCAL_SUMMARY,
                "一般公共预算财政拨款支出表": tm.GENERAL, "一般公共预算支出功能分类预算表": tm.GENERAL,
                "一般公共预算支出表": tm.GENERAL, "一般公共预算财政拨款基本支出表": tm.GENERAL_BASIC,
                "一般公共预算基本支出部门预算经济分类预算表": tm.GENERAL_BASIC,
                "一般公共预算基本支出表": tm.GENERAL_BASIC, "政府性基金预算财政拨款支出表": tm.FUND,
                "政府性基金预算支出功能分类预算表": tm.FUND, "政府性基金预算支出表": tm.FUND,
                "国有资本经营预算财政拨款支出表": tm.CAPITAL, "国有资本经营预算支出功能分类预算表": tm.CAPITAL,
                "财政拨款三公经费支出表": tm.SANGONG, "“三公”经费和机关运行经费预算表": tm.SANGONG,
                "一般公共预算“三公”经费支出表": tm.SANGONG, "政府采购预算表": tm.PROCUREMENT,
                "固定资产占用情况表": tm.ASSETS}
    titles = {t.title for tpl in templates().values() for t in tpl.tables}
    assert titles <= set(expected)
    assert {title: tm.table_role(title) for title in expected} == expected
    # a printed title, and another province's wording, read the same way
    assert tm.table_role("2025年部门收入预算总表") == tm.INCOME
    assert tm.table_role("部门预算财政拨款收支总表") == tm.FISCAL_SUMMARY
    assert tm.table_role("一般公共预算财政拨款项目支出表") is None  # a list of projects, not of subjects


def test_columns_mean_the_same_whatever_the_header_says():
    assert tm.column_meaning("科目编码") == tm.CODE
    assert tm.column_meaning("项目/功能分类科目编码/类") == tm.CODE_PART
    assert tm.column_meaning("项目/部门预算经济分类科目编码/款") == tm.CODE_PART
    assert tm.column_meaning("项目/功能分类科目名称") == tm.NAME
    assert tm.column_meaning("收入/项目") == tm.LABEL
    for header in ("合计", "收入预算/合计", "一般公共预算基本支出/合计", "支出/合计"):
        assert tm.column_meaning(header) == tm.TOTAL, header
    assert tm.column_meaning("本年收入/小计") == tm.SUBTOTAL
    assert tm.column_meaning("支出预算/基本支出") == tm.BASIC
    assert tm.column_meaning("一般公共预算支出/项目支出") == tm.PROJECT
    assert tm.column_meaning("一般公共预算基本支出/人员经费") == tm.PERSONNEL
    assert tm.column_meaning("一般公共预算基本支出/公用经费") == tm.PUBLIC
    assert tm.column_meaning("上年结转") == tm.CARRIED
    assert tm.column_meaning("本年收入/财政拨款收入") == tm.FISCAL
    assert tm.column_meaning("财政拨款支出/一般公共预算") == tm.GENERAL_MONEY
    assert tm.column_meaning("支出/政府性基金预算财政拨款") == tm.FUND_MONEY
    assert tm.column_meaning("财政拨款支出/国有资本经营预算") == tm.CAPITAL_MONEY
    assert tm.column_meaning("本年收入/预算数") == tm.VALUE
    assert tm.column_meaning("机关运行经费预算数") == tm.OPERATION


def test_the_real_shanghai_tables_are_read_by_role_and_meaning(shanghai):
    roles = {t.title: tm.table_role(t.title) for t in shanghai.budget_tables}
    assert sorted(roles.values()) == sorted([tm.SUMMARY, tm.INCOME, tm.SPENDING, tm.FISCAL_SUMMARY, tm.GENERAL,
                                             tm.FUND, tm.CAPITAL, tm.GENERAL_BASIC, tm.SANGONG])
    spending = shanghai.budget_table(SPENDING)
    keys = {row.code: row.key for row in tm.subject_rows(spending)}
    assert keys["201"] == ("201",) and keys["20103"] == ("201", "03") and keys["2010301"] == ("201", "03", "01")
    assert tm.total_row(spending) == 20  # the 合计 row is the last
    assert shanghai.money_unit_of(shanghai.budget_table(SANGONG)) == "万元"
    assert shanghai.money_unit_of(spending) == "元"
    assert tm.tolerance("元") == Decimal("300") and tm.tolerance("万元") == Decimal("0.03")


# --- the sample as printed holds every identity --------------------------------------------------------

def test_the_real_shanghai_budget_holds_every_identity(shanghai):
    """No 错误, no table finding; the one 警告 is the text's 绩效 sentence (6626万元 for the projects with
    targets, against 项目支出 6641万元: the scopes may differ, as the finding says)."""
    found = validate(shanghai)
    assert [f for f in found if f.severity == ERROR] == []
    assert [(f.rule, "6626" in f.message) for f in found if f.severity == WARNING] == [("E-PERFORMANCE", True)]
    assert [f for f in found if f.rule in TABLE_RULES] == []


def test_a_figure_the_text_does_not_quote_as_a_total_is_left_alone(shanghai):
    # 涉及项目预算资金6626万元 counts the projects with targets, not 项目支出 66,410,000.00 元: not read as it
    assert not any("6626" in f.message for f in findings(shanghai, "E-QUOTED"))


# --- each rule, tripped by one cell ------------------------------------------------------------------

def test_subject_sums_with_the_code_in_three_columns(shanghai):
    set_cell(shanghai, SPENDING, 3, "支出预算/合计", "12,029,701.84")  # 201 03 01 行政运行 +200 元
    found = findings(shanghai, "B-SUBJECT-SUM")
    tail = only(found, INFO, SPENDING, 2, "支出预算/合计")  # the 款 20103
    assert tail.message.startswith("支出预算总表 20103 政府办公厅（室）及相关机构事务：支出预算/合计 82096797.42 ≠ "
                                   "下级科目之和 82096997.42（差 200.00，尾差）")
    set_cell(shanghai, SPENDING, 3, "支出预算/合计", "12,129,501.84")  # +100,000 元
    wrong = only(findings(shanghai, "B-SUBJECT-SUM"), ERROR, SPENDING, 2, "支出预算/合计")
    assert "（差 100000.00）。请核对该科目及其下级科目的金额。" in wrong.message
    set_cell(shanghai, SPENDING, 2, "支出预算/合计", "82,196,797.42")  # the 款 itself: now its 类 201 is off
    wrong = only(findings(shanghai, "B-SUBJECT-SUM"), ERROR, SPENDING, 1, "支出预算/合计")
    assert wrong.message.startswith("支出预算总表 201 一般公共服务支出：支出预算/合计 82096797.42 ≠ 下级科目之和 82196797.42")


def test_subject_sums_with_the_economic_code_in_two_columns(shanghai):
    set_cell(shanghai, BASIC, 19, "一般公共预算基本支出/公用经费", "186,000.00")  # 302 17 公务接待费
    wrong = only(findings(shanghai, "B-SUBJECT-SUM"), ERROR, BASIC, 11, "一般公共预算基本支出/公用经费")
    assert "302 商品和服务支出" in wrong.message and "下级科目之和 1933777.54" in wrong.message


def test_a_subject_sum_in_a_wan_yuan_table_keeps_its_0_03_tolerance(open_sample):
    doc = open_sample("001")  # 河北, 万元
    doc.apply(edits.set_cells(doc, doc.budget_table("支出总表").id, "rows", 3, 3, [["967.37"]]))  # +0.02
    mine = [f for f in findings(doc, "B-SUBJECT-SUM") if f.location.form == "支出总表" and f.location.row == 3]
    assert [f.severity for f in mine] == [INFO] and "差 0.02，尾差" in mine[0].message
    doc.apply(edits.set_cells(doc, doc.budget_table("支出总表").id, "rows", 3, 3, [["967.39"]]))  # +0.04
    mine = [f for f in findings(doc, "B-SUBJECT-SUM") if f.location.form == "支出总表" and f.location.row == 3]
    assert [f.severity for f in mine] == [ERROR]


def test_row_totals(shanghai):
    set_cell(shanghai, SPENDING, 21, "支出预算/基本支出", "24,606,975.35")  # 合计 row, +200 元
    tail = only(findings(shanghai, "B-ROW-TOTAL"), INFO, SPENDING, 21, "支出预算/合计")
    assert tail.message.startswith("支出预算总表 合计：合计 91016775.35 ≠ 基本支出 + 项目支出 91016975.35（差 200.00，尾差）")
    set_cell(shanghai, SPENDING, 21, "支出预算/基本支出", "24,607,175.35")  # +400 元: more than 300
    wrong = only(findings(shanghai, "B-ROW-TOTAL"), ERROR, SPENDING, 21, "支出预算/合计")
    assert "（差 400.00）。请核对基本支出 + 项目支出。" in wrong.message
    set_cell(shanghai, BASIC, 2, "一般公共预算基本支出/人员经费", "2,540,292.00")  # 301 01 基本工资
    wrong = only(findings(shanghai, "B-ROW-TOTAL"), INFO, BASIC, 2, "一般公共预算基本支出/合计")
    assert wrong.message.startswith(f"{BASIC} 30101 基本工资：合计 2540192.00 ≠ 人员经费 + 公用经费 2540292.00")
    set_cell(shanghai, FISCAL, 1, "财政拨款支出/一般公共预算", "82,000,000.00")
    wrong = only(findings(shanghai, "B-ROW-TOTAL"), ERROR, FISCAL, 1, "财政拨款支出/合计")
    assert wrong.message.startswith(f"{FISCAL} 一、一般公共服务支出：合计 82096797.42 ≠ 一般公共预算 + 政府性基金预算 + "
                                    "国有资本经营预算 82000000.00")


def test_tables_reporting_the_same_money_agree(shanghai):
    set_cell(shanghai, INCOME, 21, "收入预算/合计", "91,016,975.35")
    tail = only(findings(shanghai, "B-CROSS-TOTAL"), INFO, INCOME, None, "收入预算/合计")
    assert tail.message.startswith("收入预算总表与支出预算总表的合计应相等：收入预算总表「合计」 91016975.35 ≠ "
                                   "支出预算总表「合计」 91016775.35（差 200.00，尾差）")
    set_cell(shanghai, INCOME, 21, "收入预算/合计", "91,116,775.35")
    assert only(findings(shanghai, "B-CROSS-TOTAL"), ERROR, INCOME).location.field == "收入预算/合计"


def test_the_basic_spending_table_agrees_with_the_general_budget_table(shanghai):
    set_cell(shanghai, BASIC, 30, "一般公共预算基本支出/合计", "24,706,775.35")
    wrong = only(findings(shanghai, "B-CROSS-TOTAL"), ERROR, BASIC, None, "一般公共预算基本支出/合计")
    assert wrong.message.startswith(f"基本支出表的合计应等于{GENERAL}的基本支出：{BASIC}「合计」 24706775.35 ≠ "
                                    f"{GENERAL}「基本支出」 24606775.35（差 100000.00）")


def test_the_sangong_table_in_wan_yuan_against_tables_in_yuan(shanghai):
    # 机关运行经费 213.28 万元 is 2,132,777.54 元 of 公用经费 printed in 万元: no difference at all
    assert findings(shanghai, "B-CROSS-TOTAL") == []
    set_cell(shanghai, SANGONG, 1, "机关运行经费预算数", "213.30")  # 2,133,000 元: 222.46 元 more
    tail = only(findings(shanghai, "B-CROSS-TOTAL"), INFO, SANGONG, None, "机关运行经费预算数")
    assert tail.message.startswith("机关运行经费不应大于基本支出表的公用经费：“三公”经费和机关运行经费预算表「机关运行经费预算数」"
                                   " 213.30万元 大于 一般公共预算基本支出部门预算经济分类预算表「公用经费」 2132777.54元"
                                   "（超出 222.46元，尾差）")
    set_cell(shanghai, SANGONG, 1, "机关运行经费预算数", "223.28")
    assert only(findings(shanghai, "B-CROSS-TOTAL"), ERROR, SANGONG).severity == ERROR
    set_cell(shanghai, SANGONG, 1, "机关运行经费预算数", "213.28")
    # the basic spending's 公务接待费 (185,000 元) is part of the 三公 公务接待费 (28.50 万元)
    set_cell(shanghai, BASIC, 19, "一般公共预算基本支出/合计", "300,000.00")
    wrong = only(findings(shanghai, "B-CROSS-TOTAL"), ERROR, BASIC, None, "一般公共预算基本支出/合计")
    assert "30217 公务接待费不应大于三公经费的公务接待费" in wrong.message
    assert "300000.00元 大于 “三公”经费和机关运行经费预算表「公务接待费」 28.50万元（超出 15000.00元）" in wrong.message


def test_a_table_s_own_money_unit_is_read(shanghai):
    table = shanghai.budget_table(SANGONG)
    shanghai.apply(edits.set_field(shanghai, table.id, "money_unit", "元"))  # 867.50 is now 元, not 万元
    wrong = [f for f in findings(shanghai, "E-QUOTED") if f.severity == ERROR]
    assert any("“三公”经费预算数为867.50万元" in f.message and "867.50元折合万元 0.09" in f.message for f in wrong)


def test_summary_tables_balance(shanghai):
    set_cell(shanghai, SUMMARY, 8, "本年支出/预算数", "91,016,975.35")  # 支出总计 +200 元
    found = findings(shanghai, "B-SUMMARY")
    tail = only(found, INFO, SUMMARY, 8, "本年收入/预算数")
    assert tail.message.startswith("财务收支预算总表：收入总计 91016775.35 ≠ 支出总计 91016975.35（差 200.00，尾差）")
    set_cell(shanghai, SUMMARY, 8, "本年支出/预算数", "91,016,775.35")
    set_cell(shanghai, SUMMARY, 1, "本年支出/预算数", "82,000,000.00")  # 一、一般公共服务支出
    found = findings(shanghai, "B-SUMMARY")
    wrong = [f for f in found if f.severity == ERROR and f.location.row == 1]
    assert len(wrong) == 1 and wrong[0].message.startswith(
        "财务收支预算总表 一、一般公共服务支出：预算数 82000000.00 ≠ 支出预算总表该类合计 82096797.42")
    set_cell(shanghai, SUMMARY, 1, "本年支出/预算数", "82,096,797.42")
    set_cell(shanghai, SUMMARY, 2, "本年收入/预算数", "91,000,000.00")  # 1. 一般公共预算资金
    wrong = only(findings(shanghai, "B-SUMMARY"), ERROR, SUMMARY, 1, "本年收入/预算数")
    assert wrong.message.startswith("财务收支预算总表 一、财政拨款收入：预算数 91016775.35 ≠ 1. 一般公共预算资金 + "
                                    "2. 政府性基金 + 3. 国有资本经营预算 91000000.00")


def test_the_fiscal_summary_agrees_with_the_fiscal_spending_tables(shanghai):
    set_cell(shanghai, GENERAL, 17, "一般公共预算支出/合计", "3,609,325.22")  # 221 住房保障支出 +200 元
    mine = [f for f in findings(shanghai, "B-SUMMARY") if f.location.form == FISCAL]
    assert {(f.severity, f.location.row, f.location.field) for f in mine} == {
        (INFO, 4, "财政拨款支出/合计"), (INFO, 4, "财政拨款支出/一般公共预算")}
    assert all("一般公共预算支出功能分类预算表该类合计 3609325.22" in f.message for f in mine)
    set_cell(shanghai, FISCAL, 5, "财政拨款支出/合计", "91,116,775.35")  # 支出总计
    found = findings(shanghai, "B-SUMMARY")
    wrong = only(found, ERROR, FISCAL, 5, "财政拨款收入/预算数")
    assert "收入总计 91016775.35 ≠ 支出总计 91116775.35" in wrong.message
    assert any(f.severity == ERROR and f.location.field == "财政拨款支出/合计" and "支出总计" in f.message
               for f in found)  # the 类 above no longer add up to it


def test_sangong_parts_add_up_by_columns(shanghai):
    set_cell(shanghai, SANGONG, 1, "“三公”经费预算数/因公出国(境)费", "839.02")  # +0.02 万元
    tail = only(findings(shanghai, "B-SANGONG"), INFO, SANGONG, 1, "“三公”经费预算数/合计")
    assert tail.message.startswith(f"{SANGONG}：合计 867.50 ≠ 因公出国(境)费 + 公务用车购置及运行费小计 + 公务接待费 867.52"
                                   "（差 0.02，尾差）")
    set_cell(shanghai, SANGONG, 1, "“三公”经费预算数/因公出国(境)费", "839.00")
    set_cell(shanghai, SANGONG, 1, "“三公”经费预算数/公务用车购置及运行费/运行费", "5.00")
    found = findings(shanghai, "B-SANGONG")
    wrong = only(found, ERROR, SANGONG, 1, "“三公”经费预算数/公务用车购置及运行费/小计")
    assert "公务用车购置及运行费小计 0 ≠ 购置费 + 运行费 5.00" in wrong.message


def test_project_budgets_add_up_to_project_spending_in_yuan(shanghai):
    shanghai.apply(edits.add_project(shanghai))
    project = shanghai.projects[0]
    shanghai.apply(edits.set_field(shanghai, project.id, "budget", "66,410,000.00"))
    assert findings(shanghai, "B-PROJECTS-SUM") == []
    shanghai.apply(edits.set_field(shanghai, project.id, "budget", "66,409,950.00"))  # 50 元: 分 rounding
    [tail] = findings(shanghai, "B-PROJECTS-SUM")
    assert tail.severity == INFO and tail.location.form == SPENDING and tail.location.field == "支出预算/项目支出"
    shanghai.apply(edits.set_field(shanghai, project.id, "budget", "66,000,000.00"))
    [warned] = findings(shanghai, "B-PROJECTS-SUM")
    assert warned.severity == WARNING and "支出预算总表项目支出 66410000.00（差 410000.00）" in warned.message


def test_figures_quoted_in_wan_yuan_against_tables_in_yuan(shanghai):
    set_text(shanghai, "收入预算9,101.68万元", "收入预算9,101.70万元")  # the table's 9,101.6775335 万元
    tail = only(findings(shanghai, "E-QUOTED"), INFO, "部门预算信息公开情况说明")
    assert "说明中 9101.70 ≠ 收入预算总表「合计」 91016775.35元折合万元 9101.68（差 0.02，尾差）" in tail.message
    set_text(shanghai, "收入预算9,101.70万元", "收入预算9,201.68万元")
    wrong = only(findings(shanghai, "E-QUOTED"), ERROR, "部门预算信息公开情况说明")
    assert "收入预算9,201.68万元" in wrong.message and "（差 100.00）" in wrong.message


def test_figures_quoted_from_the_sangong_table_and_by_subject(shanghai):
    set_text(shanghai, "公务接待费28.50万元", "公务接待费38.50万元")
    wrong = only(findings(shanghai, "E-QUOTED"), ERROR, "部门预算信息公开情况说明")
    assert f"说明中 38.50 ≠ {SANGONG}「公务接待费」 28.50" in wrong.message
    set_text(shanghai, "公务接待费38.50万元", "公务接待费28.50万元")
    set_text(shanghai, "科目1,202.95万元", "科目1,302.95万元")
    wrong = only(findings(shanghai, "E-QUOTED"), ERROR, "部门预算信息公开情况说明")
    assert "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,302.95万元" in wrong.message
    assert "12029501.84元折合万元 1202.95" in wrong.message


def test_after_edits_the_validator_equals_a_full_validation(shanghai):
    validator = Validator()
    assert validator.run(shanghai) == validate(shanghai)
    spending, sangong = shanghai.budget_table(SPENDING), shanghai.budget_table(SANGONG)
    explanation = shanghai.form(forms.EXPLANATION)
    steps = [
        edits.set_cells(shanghai, spending.id, "rows", 2, 4, [["12,129,501.84"]]),   # a 项 row's 合计
        edits.set_cells(shanghai, sangong.id, "rows", 0, 6, [["300.00"]]),           # 机关运行经费
        edits.set_field(shanghai, sangong.id, "money_unit", "元"),                   # a table's own unit
        edits.set_cells(shanghai, explanation.id, "sections", 3, 1, [["收入预算1.00万元。"]]),
        edits.set_field(shanghai, shanghai.meta.id, "money_unit", "万元"),          # the document's unit
    ]
    for edit in steps:
        applied = shanghai.apply(edit)
        validator.forget(shanghai, [c.form_id for c in applied.all_changes])
        assert validator.run(shanghai) == validate(shanghai), edit.label
        applied = shanghai.apply(applied.inverse)
        validator.forget(shanghai, [c.form_id for c in applied.all_changes])
        assert validator.run(shanghai) == validate(shanghai), f"undo {edit.label}"
