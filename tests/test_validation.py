"""Every rule trips on a document that has the problem and passes on one that does not."""

import json
import subprocess
import sys

from conftest import ROOT, sample_json
from core.document import edits
from core.checks.validation import ERROR, INFO, WARNING, validate


def findings(doc, rule):
    return [f for f in validate(doc) if f.rule == rule]


def test_required_project_fields(open_sample):
    doc = open_sample("000")
    assert findings(doc, "P-REQUIRED") == []
    doc.apply(edits.set_field(doc, doc.projects[0].id, "purpose", ""))
    [finding] = findings(doc, "P-REQUIRED")
    assert finding.severity == ERROR and finding.location.field == "资金用途"
    assert finding.location.project == doc.projects[0].get("code")


def test_budget_equals_fiscal_plus_other(open_sample):
    doc = open_sample("000")
    assert findings(doc, "P-BUDGET-SPLIT") == []
    project = doc.projects[0]
    doc.apply(edits.set_field(doc, project.id, "other", "0.01"))
    [tail] = findings(doc, "P-BUDGET-SPLIT")
    assert tail.severity == INFO and "尾差" in tail.message
    doc.apply(edits.set_field(doc, project.id, "other", "1"))
    [wrong] = findings(doc, "P-BUDGET-SPLIT")
    assert wrong.severity == ERROR and "预算数 2.00 ≠ 财政资金 + 其他资金 3.00" in wrong.message


def test_spending_plan_is_cumulative_and_reaches_the_end(open_sample):
    doc = open_sample("000")  # amounts 0.50, 1.00, 1.50, 2.00 = 预算数: fine
    project = doc.projects[0]
    assert [f for f in findings(doc, "P-PLAN") if f.location.project == project.get("code")] == []
    doc.apply(edits.set_field(doc, project.id, "plan_6", "0.2"))
    doc.apply(edits.set_field(doc, project.id, "plan_12", "1.8"))
    mine = [f for f in findings(doc, "P-PLAN") if f.location.project == project.get("code")]
    assert {f.location.field for f in mine} == {"6月底", "12月底"}
    assert all(f.severity == ERROR for f in mine)
    assert any("小于" in f.message for f in mine) and any("≠ 预算数" in f.message for f in mine)


def test_a_plan_in_percent_ending_short_says_to_type_100_percent_at_year_end(open_sample):
    doc = open_sample("001")
    project = doc.projects[2]  # 法律援助服务经费: 20%, 50%, 75%, 100%
    doc.apply(edits.set_field(doc, project.id, "plan_12", "90%"))
    [short] = [f for f in findings(doc, "P-PLAN") if f.location.project == project.get("code")]
    assert short.severity == ERROR and short.location.field == "12月底"
    assert "12月底 为 90%，年底累计支出未达到 100%。12月底应为 100%。" in short.message


def test_a_plan_in_amounts_ending_short_says_to_type_the_budget_at_year_end(open_sample):
    doc = open_sample("001")
    project = next(p for p in doc.projects if p.get("budget") == "138.56")  # “四区五中心”建设项目
    for key, typed in (("plan_3", "30"), ("plan_6", "60"), ("plan_10", "100"), ("plan_12", "120")):
        doc.apply(edits.SetFields(project.id, ((key, typed + ".00"),)))
    [short] = [f for f in findings(doc, "P-PLAN") if f.location.project == project.get("code")]
    assert "12月底 120.00 ≠ 预算数 138.56" in short.message
    assert "12月底应等于预算数 138.56。" in short.message


def test_a_blank_year_end_plan_is_a_warning(open_sample):
    doc = open_sample("001")
    first = doc.projects[0]  # 12348法律服务热线: 12月底 blank in the seed
    warned = [f for f in findings(doc, "P-PLAN") if f.location.project == first.get("code")]
    assert [f.severity for f in warned] == [WARNING]
    doc.apply(edits.set_field(doc, first.id, "plan_12", "100%"))
    assert [f for f in findings(doc, "P-PLAN") if f.location.project == first.get("code")] == []


def test_cost_indicators_against_the_budget(open_sample):
    doc = open_sample("001")
    over = [f for f in findings(doc, "P-COST") if f.severity == ERROR]
    assert len(over) == 1 and "≤200万元 超过预算数 138.56" in over[0].message  # the seed's mistake
    index = next(i for i, p in enumerate(doc.projects) if p.get("budget") == "138.56")
    project = doc.projects[index]
    row = over[0].location.row - 1
    doc.apply(edits.set_cells(doc, project.id, "indicators", row, 4, [["≤138.56万元"]]))
    assert [f for f in findings(doc, "P-COST") if f.location.project == project.get("code")] == []
    doc.apply(edits.set_cells(doc, project.id, "indicators", row, 4, [["≤100%"]]))
    [not_amount] = [f for f in findings(doc, "P-COST") if f.location.project == project.get("code")]
    assert not_amount.severity == WARNING and "不是金额" in not_amount.message


def test_subject_sums_with_rounding_differences(open_sample):
    doc = open_sample("001")
    found = findings(doc, "B-SUBJECT-SUM")
    assert found and all(f.severity == INFO for f in found)  # the seed only has 尾差
    table = doc.budget_table("支出总表")
    doc.apply(edits.set_cells(doc, table.id, "rows", 3, 3, [["900.00"]]))  # 2040601 行政运行
    errors = [f for f in findings(doc, "B-SUBJECT-SUM") if f.severity == ERROR and f.location.form == "支出总表"]
    assert any("20406 司法：合计 1365.88 ≠ 下级科目之和" in f.message for f in errors)
    assert errors[0].location.row == 3


def test_cli_validate_json_and_exit_status(tmp_path):
    doc = tmp_path / "d.bdoc"
    sample = sample_json("001")
    subprocess.run([sys.executable, str(ROOT / "main.py"), "import-json", str(sample), str(doc)], check=True,
                   capture_output=True)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", str(doc), "--json"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 1  # the seed has an 错误 (cost above budget)
    issues = json.loads(result.stdout)
    assert {"rule", "severity", "location", "message"} <= set(issues[0])
    assert set(issues[0]["location"]) == {"form", "project", "row", "field"}
    assert {i["severity"] for i in issues} <= {"error", "warning", "info"}


def test_row_totals(open_sample):
    doc = open_sample("001")
    assert all(f.severity == INFO for f in findings(doc, "B-ROW-TOTAL"))  # the seed's 4148.23 尾差
    basic = doc.budget_table("一般公共预算财政拨款基本支出表")
    doc.apply(edits.set_cells(doc, basic.id, "rows", 2, 4, [["700.00"]]))  # 30101 基本工资 人员经费
    [wrong] = [f for f in findings(doc, "B-ROW-TOTAL") if f.severity == ERROR]
    assert wrong.location.form == "一般公共预算财政拨款基本支出表" and wrong.location.row == 3
    assert "合计 685.95 ≠ 人员经费 + 公用经费 700.00" in wrong.message


def test_tables_reporting_the_same_money_agree(open_sample):
    doc = open_sample("001")
    assert findings(doc, "B-CROSS-TOTAL") == []
    income = doc.budget_table("收入总表")
    doc.apply(edits.set_cells(doc, income.id, "rows", 0, 3, [["4200.00"]]))
    [wrong] = findings(doc, "B-CROSS-TOTAL")
    assert wrong.severity == ERROR and "4200.00 ≠ 支出总表「合计」 4148.23" in wrong.message


def test_project_budgets_add_up_to_project_spending(open_sample):
    doc = open_sample("001")
    [tail] = findings(doc, "B-PROJECTS-SUM")  # 1087.33 against 1087.32 in the seed
    assert tail.severity == INFO and "尾差" in tail.message
    doc.apply(edits.delete_project(0))
    [warned] = findings(doc, "B-PROJECTS-SUM")
    assert warned.severity == WARNING and "差 22.58" in warned.message


def _set_indicator(doc, project_index, row, column, text):
    project = doc.projects[project_index]
    doc.apply(edits.set_cells(doc, project.id, "indicators", row, column, [[text]]))
    return project


def test_indicator_structure(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]  # 12348法律服务热线: complete
    mine = lambda: [f for f in findings(doc, "I-STRUCTURE") if f.location.project == project.get("code")]  # noqa: E731
    assert mine() == []
    _set_indicator(doc, 0, 8, 0, "效益指标")  # the 满意度 row moved under 效益
    assert any(f.severity == WARNING and "没有满意度指标" in f.message for f in mine())
    assert any("不属于一级指标「效益指标」" in f.message for f in mine())
    _set_indicator(doc, 0, 1, 2, "解答12348来电次数")
    assert any("与第 1 行重复" in f.message for f in mine())


def test_indicator_values(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]
    mine = lambda: [f for f in findings(doc, "I-VALUE") if f.location.project == project.get("code")]  # noqa: E731
    assert mine() == []
    _set_indicator(doc, 0, 0, 4, "")
    _set_indicator(doc, 0, 1, 4, "XX")
    _set_indicator(doc, 0, 3, 4, "≥120%")
    _set_indicator(doc, 0, 4, 4, "95百分比")
    messages = {(f.location.row, f.severity): f.message for f in mine()}
    assert "未填写" in messages[(1, ERROR)] and "占位符" in messages[(2, ERROR)]
    assert "超过 100%" in messages[(4, ERROR)]
    assert any(row == 5 and sev == INFO for row, sev in messages)


def test_indicator_direction(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]
    mine = lambda: [f for f in findings(doc, "I-DIRECTION") if f.location.project == project.get("code")]  # noqa: E731
    assert mine() == []
    _set_indicator(doc, 0, 3, 4, "≤95%")  # 律师到岗值班率: forward
    [forward] = mine()
    assert "越高越好" in forward.message
    _set_indicator(doc, 0, 3, 4, "≥95%")
    _set_indicator(doc, 0, 2, 2, "群众投诉率")
    _set_indicator(doc, 0, 2, 4, "≥5%")
    [reverse] = mine()
    assert "越低越好" in reverse.message
    _set_indicator(doc, 0, 2, 2, "群众投诉下降率")  # a reduction: higher is better
    assert mine() == []


def test_indicator_copied_from_last_year_while_the_budget_moved(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]  # 12348法律服务热线: 22.59 万元; rows 1-3 数量, 6 成本 (≤22.59万元)
    mine = lambda: {f.location.row: f for f in findings(doc, "I-LAST-YEAR")}  # noqa: E731
    assert mine() == {}  # no 上年数: nothing to compare
    doc.apply(edits.set_field(doc, project.id, "last_budget", "22.59"))
    for row in range(len(project.grids["indicators"])):
        _set_indicator(doc, 0, row, 6, project.grids["indicators"].rows[row].cells[4])
    doc.apply(edits.set_field(doc, project.id, "budget", "24"))  # +6%: not a lot
    assert mine() == {}
    doc.apply(edits.set_field(doc, project.id, "budget", "30"))  # +33%
    found = mine()
    assert sorted(found) == [1, 2, 3, 6]  # 数量 and 成本; 质量/时效/效益/满意度 do not follow the money
    assert found[1].severity == INFO and "增加 33%" in found[1].message and "「≥7000次」" in found[1].message
    _set_indicator(doc, 0, 0, 4, "≥9000次")  # the officer raised it
    assert sorted(mine()) == [2, 3, 6]
    doc.apply(edits.set_field(doc, project.id, "budget", "10"))
    assert "减少 56%" in mine()[2].message


def test_approval_weights_and_grades(open_sample):
    doc = open_sample("004")
    found = findings(doc, "A-WEIGHTS")
    assert not any("权重合计" in f.message for f in found)  # the seed's weights add up to 90
    assert sum("评价等级" in f.message for f in found) == 6  # 优良差 / 好坏 instead of a target grade
    approval = doc.form("approval")
    doc.apply(edits.set_cells(doc, approval.id, "indicators", 0, 6, [["10"]]))
    assert any(f.severity == ERROR and "权重合计 95 ≠ 90" in f.message for f in findings(doc, "A-WEIGHTS"))


def test_markup_left_in_texts(open_sample):
    doc = open_sample("004")
    [markup] = findings(doc, "T-MARKUP")
    assert markup.location.field == "整体绩效目标"
    approval = doc.form("approval")
    doc.apply(edits.set_field(doc, approval.id, "overall_goal", "一是全面依法治县方面。"))
    assert findings(doc, "T-MARKUP") == []


def test_a_warning_can_be_explained_and_the_explanation_is_kept(open_sample):
    import pytest

    from core.document.check_notes import explain, notes
    from core.document.document import open_document
    from core.errors import InputError
    from core.file.json_format import from_json, to_json

    doc = open_sample("001")
    warning = next(f for f in validate(doc) if f.severity == WARNING)
    applied = doc.apply(explain(doc, warning, "该项目资金年底前全部支付，12月底为 100%。"))
    assert notes(doc)[warning.note_key].startswith("该项目资金")
    doc.apply(explain(doc, warning, "已与财政局确认。"))
    assert notes(doc)[warning.note_key] == "已与财政局确认。"
    with open_document(doc.path, read_only=True) as other:
        assert notes(other)[warning.note_key] == "已与财政局确认。"
        exported = to_json(other)
    assert exported["check_notes"] == [{"key": warning.note_key, "text": "已与财政局确认。"}]
    _, parts = from_json(exported)
    assert parts[-1].kind == "check_notes"
    error = next(f for f in validate(doc) if f.severity == ERROR)
    with pytest.raises(InputError, match="不能用说明代替"):
        explain(doc, error, "理由")
    assert applied.inverse.kind == "check_notes"  # undoing the first explanation removes the form again


def test_the_check_report_exports_to_xlsx_with_explanations(open_sample, tmp_path):
    from openpyxl import load_workbook

    from core.document.check_notes import explain
    from core.printing.check_report import write_xlsx

    doc = open_sample("001")
    found = validate(doc)
    warning = next(f for f in found if f.severity == WARNING)
    doc.apply(explain(doc, warning, "已说明"))
    write_xlsx(doc, found, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx")["检查报告"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(found)
    assert sheet.cell(row=2, column=7).value == "问题"
    assert any(r[6] == warning.message and r[7] == "已说明" for r in rows)
    assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.orientation == "landscape"


def test_figures_quoted_in_the_explanation_agree_with_the_tables(open_sample):
    doc = open_sample("001")
    assert findings(doc, "E-QUOTED") == []  # every quoted figure of the seed agrees; 减少2.35万元 is no total
    explanation = doc.form("explanation")
    sections = explanation.grids["sections"]
    row = next(i for i, r in enumerate(sections.records()) if "“三公”经费预算安排14.55万元" in (r["text"] or ""))
    text = sections.cell(row, "text").replace("“三公”经费预算安排14.55万元", "“三公”经费预算安排15.55万元")
    doc.apply(edits.set_cells(doc, explanation.id, "sections", row, 1, [[text]]))
    [wrong] = findings(doc, "E-QUOTED")
    assert wrong.severity == ERROR and "说明中 15.55 ≠ 财政拨款三公经费支出表「合计」 14.55" in wrong.message
    table = doc.budget_table("财政拨款三公经费支出表")
    doc.apply(edits.set_cells(doc, table.id, "rows", 0, 2, [["15.56"]]))
    [tail] = findings(doc, "E-QUOTED")
    assert tail.severity == INFO and "尾差" in tail.message


def test_summary_tables_balance_and_agree_with_spending_by_class(open_sample):
    doc = open_sample("001")
    assert {f.severity for f in findings(doc, "B-SUMMARY")} == {INFO}  # 3771.58 + 376.64 → 4148.23: 尾差
    summary = doc.budget_table("收支总表")
    doc.apply(edits.set_cells(doc, summary.id, "rows", 3, 4, [["3300.00"]]))  # 四、公共安全支出
    errors = [f for f in findings(doc, "B-SUMMARY") if f.severity == ERROR]
    assert len(errors) == 1 and "四、公共安全支出" in errors[0].message and "3397.31" in errors[0].message
    doc.apply(edits.set_cells(doc, summary.id, "rows", 33, 4, [["4000.00"]]))  # 支出总计
    assert any("收入总计 4148.23 ≠ 支出总计 4000.00" in f.message for f in findings(doc, "B-SUMMARY"))


def test_sangong_parts_add_up(open_sample):
    doc = open_sample("001")
    assert findings(doc, "B-SANGONG") == []
    table = doc.budget_table("财政拨款三公经费支出表")
    doc.apply(edits.set_cells(doc, table.id, "rows", 6, 2, [["12.00"]]))  # 公务用车运行维护费
    messages = [f.message for f in findings(doc, "B-SANGONG")]
    assert any("公务用车购置及运维费：合计 11.40 ≠ 公务用车购置费 + 公务用车运行维护费 12.00" in m for m in messages)


def test_indicator_quality(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]  # 12348法律服务热线: no quality problem
    mine = lambda: [f for f in findings(doc, "Q-INDICATOR") if f.location.project == project.get("code")]  # noqa: E731
    assert mine() == []
    _set_indicator(doc, 0, 6, 2, "群众满意度")  # a 效益 row named as 满意度
    _set_indicator(doc, 0, 3, 4, "有所提升")    # 律师到岗值班率 with a vague value
    messages = [f.message for f in mine()]
    assert any("应放在满意度指标下" in m for m in messages)
    assert any("律师到岗值班率」可以量化" in m for m in messages)


def test_the_same_basis_on_every_row(open_sample):
    doc = open_sample("000")
    first = doc.projects[0]  # every row: 单位年度工作计划
    mine = lambda: [f for f in findings(doc, "Q-INDICATOR") if f.location.project == first.get("code")]  # noqa: E731
    assert [f.severity for f in mine()] == [INFO]
    _set_indicator(doc, 0, 0, 5, "历史数据")
    assert mine() == []


def test_template_placeholders_in_texts(open_sample):
    doc = open_sample("001")
    [found] = [f for f in findings(doc, "Q-PLACEHOLDER") if f.severity == WARNING]  # "1. 目标内容 1"
    project = doc.form_by_id(found.location.form_id)
    assert project.get("name") == "消防设施修缮项目" and found.location.field == "绩效目标"
    doc.apply(edits.set_field(doc, project.id, "goal", "完成所内消防设施整体修缮。"))
    assert [f for f in findings(doc, "Q-PLACEHOLDER") if f.severity == WARNING] == []


def test_rows_filled_with_not_applicable_are_not_indicators(open_sample):
    doc = open_sample("001")
    project = next(p for p in doc.projects if p.get("name") == "被装购置项目")
    mine = [f for f in validate(doc) if f.location.project == project.get("code") and f.location.row in (5, 6)]
    # one 提示 per 不涉及 row, not also a duplicate-三级 警告 and an ecological-filler 提示
    assert [(f.rule, f.severity, f.location.row) for f in mine if f.location.field == "三级指标"] == [
        ("Q-PLACEHOLDER", INFO, 5), ("Q-PLACEHOLDER", INFO, 6)]
    assert "经济效益指标" in mine[0].message and "删除该行" in mine[0].message
    doc.apply(edits.DeleteRows(project.id, "indicators", 4, 2))
    assert not [f for f in findings(doc, "Q-PLACEHOLDER") if f.location.project == project.get("code")]


def test_cost_indicator_required_where_the_framework_says(open_sample):
    doc = open_sample("001")  # 河北: 成本指标 under 产出, present in 12348法律服务热线
    project = doc.projects[0]
    mine = lambda: [f for f in findings(doc, "I-STRUCTURE") if f.location.project == project.get("code")]  # noqa: E731
    assert mine() == []
    doc.apply(edits.DeleteRows(project.id, "indicators", 5, 1))  # the 成本指标 row
    [missing] = mine()
    assert "没有成本指标" in missing.message and "二级指标" in missing.message
    doc.apply(edits.set_field(doc, doc.meta.id, "framework", "sichuan"))  # 四川: no 成本
    assert not any("成本" in f.message for f in mine())


def test_ecological_filler_in_a_project_that_has_nothing_to_do_with_it(open_sample):
    doc = open_sample("002")
    filler = findings(doc, "Q-FILLER")
    assert filler and all(f.severity == INFO for f in filler)
    legal_aid = next(p for p in doc.projects if p.get("name") == "法律援助")
    mine = [f for f in filler if f.location.form_id == legal_aid.id]
    assert len(mine) == 1 and "生态环境质量改善" in mine[0].message
    doc.apply(edits.set_field(doc, legal_aid.id, "purpose", "法律援助办案及办公场所节能改造"))
    assert not [f for f in findings(doc, "Q-FILLER") if f.location.form_id == legal_aid.id]


def test_duplicated_project_codes(open_sample):
    doc = open_sample("000")
    assert findings(doc, "P-DUPLICATE-CODE") == []
    doc.apply(edits.duplicate_project(doc, 2))  # a copy keeps the code until the officer changes it
    [dup] = findings(doc, "P-DUPLICATE-CODE")
    assert dup.severity == ERROR and dup.location.field == "项目编码"
    assert dup.location.project == doc.projects[2].get("code") and "（副本）" in dup.message
    doc.apply(edits.set_field(doc, doc.projects[3].id, "code", "13052923P9999999"))
    assert findings(doc, "P-DUPLICATE-CODE") == []


def test_a_project_code_that_is_not_a_code_is_an_error(tmp_path):
    """A document holding such a code (from JSON, or typed before codes were checked) is told to fix
    it; typing one is refused with the same sentence."""
    import pytest

    from core.errors import InputError
    from core.file.json_format import import_json, read_json_file

    data = read_json_file(sample_json("000"))
    data["projects"][1]["code"] = "=cmd|' /C calc'!A0"
    with import_json(data, tmp_path / "odd.bdoc") as doc:
        [odd] = findings(doc, "P-CODE")
        assert odd.severity == ERROR and odd.location.form_id == doc.projects[1].id
        assert "不能有「=」" in odd.message and "字母和数字" in odd.message
        with pytest.raises(InputError, match="不能有「=」"):
            edits.set_field(doc, doc.projects[0].id, "code", "=1+1")
        doc.apply(edits.set_field(doc, doc.projects[1].id, "code", "13052923P00584011499X"))
        assert findings(doc, "P-CODE") == []


def test_name_description_and_value_measuring_different_things(open_sample):
    doc = open_sample("000")
    found = findings(doc, "Q-MISMATCH")
    # the seed's own: 办结率 described as 受理率, 接收率 described as the 再犯罪 ratio
    assert {(f.location.project, f.location.row) for f in found} == {
        (doc.projects[3].get("code"), 2), (doc.projects[4].get("code"), 5)}
    assert all(f.severity == WARNING and f.location.field == "绩效指标描述" for f in found)
    for f in found:  # fixing the description clears it
        form = next(p for p in doc.projects if p.get("code") == f.location.project)
        title = form.grids["indicators"].rows[f.location.row - 1].cells[2]
        doc.apply(edits.set_cells(doc, form.id, "indicators", f.location.row - 1, 3, [[title]]))
    assert findings(doc, "Q-MISMATCH") == []
    project = doc.projects[0]
    checks = [("宣传次数", "≥80%", "指标值", "是数量"), ("宣传完成时间", "≥95百分比", "指标值", "是时间"),
              ("宣传覆盖率", "≥20万元", "指标值", "是比率"), ("宣传覆盖率", "≥90%", None, None)]
    for title, value, field, words in checks:
        doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 2, [[title, title, value]]))
        mine = [f for f in findings(doc, "Q-MISMATCH") if f.location.project == project.get("code")]
        assert [f.location.field for f in mine] == ([field] if field else []), title
        assert all(words in f.message for f in mine)
    doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 3, [["1"]]))
    [meaningless] = [f for f in findings(doc, "Q-MISMATCH") if f.location.project == project.get("code")]
    assert "不能说明" in meaningless.message


def test_text_cut_off_by_a_fixed_width_cell(open_sample):
    doc = open_sample("004")
    cut = findings(doc, "T-CUT")
    assert {f.location.row for f in cut if f.location.field == "主要内容"} == {1, 2, 3, 4, 5, 7, 8}
    assert all(f.severity == WARNING for f in cut)
    approval = doc.form("approval")
    tasks = approval.grids["tasks"]
    for row in (0, 1, 2, 3, 4, 6, 7):  # the officer completes each text
        doc.apply(edits.set_cells(doc, approval.id, "tasks", row, 1, [[tasks.rows[row].cells[1] + "等工作。"]]))
    assert [f for f in findings(doc, "T-CUT") if f.location.field == "主要内容"] == []


def test_docs_rules_lists_every_rule():
    import re

    ids = {m for path in (ROOT / "core" / "checks" / "rules").glob("*.py")
           for m in re.findall(r'"([A-Z]-[A-Z]+(?:-[A-Z]+)*)"', path.read_text("utf-8"))}
    listed = set(re.findall(r"^\| ([A-Z]-[A-Z-]+) \|", (ROOT / "docs" / "rules.md").read_text("utf-8"), re.M))
    assert len(ids) >= 20 and ids == listed


def test_an_explanation_belongs_to_its_finding_and_never_carries_over_to_another(open_sample):
    from core.document.check_notes import explain, notes

    doc = open_sample("001")
    warning = next(f for f in validate(doc) if f.rule == "P-PLAN")
    project = doc.form_by_id(warning.location.form_id)
    doc.apply(explain(doc, warning, "年底前全部支付。"))
    assert notes(doc).get(warning.note_key) == "年底前全部支付。"
    doc.apply(edits.set_field(doc, project.id, "plan_12", "100%"))
    assert all(f.key != warning.key for f in validate(doc))  # the finding went
    doc.apply(edits.set_field(doc, project.id, "budget", "99.00"))
    doc.apply(edits.set_field(doc, project.id, "plan_12", None))
    again = next(f for f in validate(doc) if f.key == warning.key)  # same rule, same field, other figures
    assert again.message != warning.message
    assert notes(doc).get(again.note_key) is None
    doc.apply(explain(doc, again, "预算调整后另行说明。"))
    assert list(notes(doc).values()) == ["预算调整后另行说明。"]  # the old one's row was reused
