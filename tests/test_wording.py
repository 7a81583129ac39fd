"""The wording rules (core/checks/rules/wording.py: T-YEAR, T-TEMPLATE, T-LEVEL, T-PUNCT): each trips on
the samples' real text with one word, figure or mark changed, and passes on the text as published —
the 河北 情况说明 and project texts of the seeds, the 编制说明 of the real 上海 budget
(tests/fixtures/real/putuo_zfb_2025.pdf)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from conftest import sample_json
from core.checks.rules import wording
from core.checks.validation import ERROR, INFO, WARNING, Validator, validate
from core.document import edits, forms
from core.file.json_format import import_json
from real_sample import REAL_PDF

WORDING = {"T-YEAR", "T-TEMPLATE", "T-LEVEL", "T-PUNCT"}


def found(doc, rule=None):
    return [f for f in validate(doc) if f.rule in WORDING and rule in (None, f.rule)]


@cache
def _putuo_data() -> str:
    from core.reading import prepared, read_file

    data, _ = prepared(read_file(REAL_PDF))
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture
def putuo(tmp_path):
    """The real 上海 budget imported as published (read once, imported afresh for each test)."""
    doc = import_json(json.loads(_putuo_data()), tmp_path / "putuo.bdoc")
    yield doc
    doc.close()


@pytest.fixture
def sample_with(tmp_path):
    """``sample_with("001", change)``: the seed imported after ``change(data)`` edited its JSON."""
    opened = []

    def make(prefix, change):
        data = json.loads(sample_json(prefix).read_text("utf-8"))
        change(data)
        doc = import_json(data, tmp_path / f"{prefix}-changed.bdoc")
        opened.append(doc)
        return doc

    yield make
    for doc in opened:
        doc.close()


def section(doc, start: str) -> tuple[int, str]:
    """The row and text of the 情况说明 section whose title starts with ``start``."""
    records = doc.form(forms.EXPLANATION).grids["sections"].records()
    return next((i, r["text"]) for i, r in enumerate(records) if (r["title"] or "").startswith(start))


def rewrite(doc, start: str, old: str, new: str) -> int:
    """Change ``old`` to ``new`` in the section titled ``start…``, as an officer types it."""
    row, text = section(doc, start)
    assert old in text, old
    explanation = doc.form(forms.EXPLANATION)
    doc.apply(edits.set_cells(doc, explanation.id, "sections", row, 1, [[text.replace(old, new, 1)]]))
    return row + 1


def project(doc, name: str):
    return next(p for p in doc.projects if p.get("name") == name)


def retype(doc, form, key: str, old: str, new: str) -> None:
    text = form.get(key)
    assert old in text, old
    doc.apply(edits.set_field(doc, form.id, key, text.replace(old, new, 1)))


# --- T-YEAR: comparisons --------------------------------------------------------------------------

def test_a_comparison_names_the_year_before_the_budget_year(open_sample):
    doc = open_sample("001")  # 2024: “较2023年预算减少2.35万元”, “与2023年相比减少0.03万元”
    assert [f for f in found(doc, "T-YEAR") if f.severity == WARNING] == []
    row = rewrite(doc, "二、", "较2023年预算减少2.35万元", "较2022年预算减少2.35万元")
    [wrong] = [f for f in found(doc, "T-YEAR") if f.severity == WARNING]
    assert (wrong.location.form, wrong.location.row, wrong.location.field) == ("部门预算信息公开情况说明", row, "内容")
    assert wrong.location.form_id == doc.form(forms.EXPLANATION).id
    assert "“较2022年预算减少2.35万元”比较的是2022年" in wrong.message
    assert "应与上年（2023年）比较" in wrong.message


def test_a_comparison_with_the_budget_year_itself_is_wrong(putuo):
    assert [f for f in found(putuo, "T-YEAR") if f.severity == WARNING] == []  # 比2024年预算 in 2025
    rewrite(putuo, "2025年部门预算编制说明", "比2024年预算减少2,389.52万元；事业收入",
            "比2025年预算减少2,389.52万元；事业收入")
    [wrong] = [f for f in found(putuo, "T-YEAR") if f.severity == WARNING]
    assert "比较的是预算年度本身" in wrong.message and "“2024年”" in wrong.message


def test_every_wrong_comparison_of_a_section_is_listed_once(putuo):
    row, text = section(putuo, "其他相关情况说明")
    explanation = putuo.form(forms.EXPLANATION)
    putuo.apply(edits.set_cells(putuo, explanation.id, "sections", row, 1,
                                [[text.replace("与2024年预算持平", "与2023年预算持平")]]))
    [wrong] = [f for f in found(putuo, "T-YEAR") if f.severity == WARNING]
    assert "等 6 处" in wrong.message and wrong.location.row == row + 1


def test_a_document_number_and_a_final_account_are_no_comparison(open_sample):
    doc = open_sample("001")
    rewrite(doc, "二、", "较2023年预算减少2.35万元", "较2023年预算减少2.35万元（依据冀财政法2022年55号），"
                                                 "比2022 年度决算数增加1.00万元")
    assert [f for f in found(doc, "T-YEAR") if f.severity == WARNING] == []
    rewrite(doc, "二、", "比2022 年度决算数", "比2022 年度预算数")
    assert len([f for f in found(doc, "T-YEAR") if f.severity == WARNING]) == 1


# --- T-YEAR: a target text's dates, a heading's year -----------------------------------------------

def test_a_project_text_of_last_year_is_a_hint(open_sample):
    doc = open_sample("001")  # 2024
    smart = project(doc, "智慧戒毒项目")  # “完成 2023 年度智慧戒毒建设”: as published
    [hint] = [f for f in found(doc, "T-YEAR") if f.location.project == smart.get("code")]
    assert hint.severity == INFO and hint.location.field == "绩效目标"
    assert "写的是2023年（“1. 完成 2023 年度智慧戒毒建设”）" in hint.message
    retype(doc, smart, "goal", "2023 年度", "2024 年度")
    assert [f for f in found(doc, "T-YEAR") if f.location.project == smart.get("code")] == []


def test_a_past_implementation_period_is_a_hint_and_one_holding_the_year_is_not(open_sample):
    doc = open_sample("001")
    hotline = project(doc, "12348法律服务热线")
    retype(doc, hotline, "purpose", "值班费用", "值班费用，实施周期：2024年1月至2026年12月")
    assert [f for f in found(doc, "T-YEAR") if f.location.project == hotline.get("code")] == []
    retype(doc, hotline, "purpose", "2024年1月至2026年12月", "2023年1月至2023年12月")
    [hint] = [f for f in found(doc, "T-YEAR") if f.location.project == hotline.get("code")]
    assert hint.severity == INFO and hint.location.field == "资金用途" and "2023年1月至2023年12月" in hint.message


def test_document_numbers_the_projects_name_and_last_years_money_are_no_stale_dates(open_sample):
    doc = open_sample("000")  # 2023: 冀财政法2022年55号提前下达2023年中央政法纪检监察转移支付资金
    named = doc.projects[2]
    assert named.get("name").startswith("冀财政法2022年55号")
    retype(doc, named, "purpose", "用于司法行政系统办案业务和业务装备支出",
           "根据冀财政法2022年55号、财预〔2022〕12号，用于司法行政系统办案业务，使用2022年结转资金，"
           "依据《2022年政法工作要点》，延续2015年以来的做法")  # a year long past is history
    assert found(doc, "T-YEAR") == []
    retype(doc, named, "purpose", "使用2022年结转资金", "完成2022年办案任务")
    [hint] = found(doc, "T-YEAR")
    assert "“完成2022年办案任务”" in hint.message and "文号" not in hint.message


def test_a_heading_of_the_explanation_names_the_budget_year(putuo):
    assert [f for f in found(putuo, "T-YEAR")] == []
    explanation = putuo.form(forms.EXPLANATION)
    row, _ = section(putuo, "2025年部门预算编制说明")
    putuo.apply(edits.set_cells(putuo, explanation.id, "sections", row, 0, [["2024年部门预算编制说明"]]))
    [title] = found(putuo, "T-YEAR")
    assert (title.severity, title.location.field, title.location.row) == (INFO, "标题", row + 1)
    rewrite(putuo, "其他相关情况说明", "一、2025年“三公”经费预算情况说明", "一、2024年“三公”经费预算情况说明")
    heading = next(f for f in found(putuo, "T-YEAR") if f.location.field == "内容")
    assert "“一、2024年“三公”经费预算情况说明”" in heading.message
    rewrite(putuo, "其他相关情况说明", "一、2024年“三公”经费预算情况说明", "一、2024年预算执行情况")
    assert [f.location.field for f in found(putuo, "T-YEAR")] == ["标题"]  # last year's 执行 may be told


# --- T-TEMPLATE -----------------------------------------------------------------------------------

def test_increase_or_decrease_and_an_empty_reason_are_template_text(open_sample):
    doc = open_sample("001")
    assert found(doc, "T-TEMPLATE") == []
    rewrite(doc, "四、", "与2023年相比减少0.03万元，增减变化的主要原因是公务接待费减少。",
            "与2023年相比增加（减少）0.03万元，增减变化的主要原因是。")
    both, reason = found(doc, "T-TEMPLATE")
    assert both.severity == reason.severity == WARNING
    assert "“与2023年相比增加（减少）0.03万元”是模板文字" in both.message
    assert "“增减变化的主要原因是”没有写出原因" in reason.message


@pytest.mark.parametrize("typed", ["（增加/减少）0.03万元", "增加(减少)0.03万元"])
def test_both_words_in_any_brackets_are_template_text(open_sample, typed):
    doc = open_sample("001")
    rewrite(doc, "四、", "减少0.03万元，增减", f"{typed}，增减")
    assert [f.severity for f in found(doc, "T-TEMPLATE")] == [WARNING]


def test_blanks_left_to_fill_and_an_ellipsis(open_sample):
    doc = open_sample("001")
    rewrite(doc, "三、", "共计安排348.81万元", "共计安排XX万元")
    [blank] = found(doc, "T-TEMPLATE")
    assert blank.severity == WARNING and "待填内容“XX”" in blank.message
    rewrite(doc, "三、", "共计安排XX万元", "共计安排××万元")
    assert [f.severity for f in found(doc, "T-TEMPLATE")] == [WARNING]
    rewrite(doc, "三、", "共计安排××万元", "共计安排348.81万元")
    rewrite(doc, "三、", "等日常运行支出", "……等日常运行支出")
    [dots] = found(doc, "T-TEMPLATE")
    assert dots.severity == INFO and "“……”" in dots.message


def test_a_contents_page_and_a_project_text_q_placeholder_reports_are_not_template_text(open_sample):
    doc = open_sample("001")
    rewrite(doc, "一、", "部门职责：", "目录\n一、部门职责……1\n二、部门预算……3\n部门职责：")
    assert found(doc, "T-TEMPLATE") == []
    fire = project(doc, "消防设施修缮项目")  # 绩效目标 “1. 目标内容 1”: Q-PLACEHOLDER's
    doc.apply(edits.set_field(doc, fire.id, "goal", "1. 目标内容 1，增加（减少）XX次"))
    assert found(doc, "T-TEMPLATE") == []
    assert "绩效目标" in [f.location.field for f in validate(doc) if f.rule == "Q-PLACEHOLDER" and
                          f.location.project == fire.get("code")]
    hotline = project(doc, "12348法律服务热线")
    retype(doc, hotline, "goal", "接听次数达 7000 次以上", "接听次数达 ×× 次以上")
    [blank] = found(doc, "T-TEMPLATE")
    assert blank.location.project == hotline.get("code") and blank.location.field == "绩效目标"


# --- T-LEVEL --------------------------------------------------------------------------------------

def test_a_department_document_calling_itself_a_unit_budget(putuo):
    assert found(putuo, "T-LEVEL") == []  # 部门预算编制说明, 基层预算单位
    rewrite(putuo, "上海市普陀区人民政府办公室机构设置", "办公室部门预算是包括", "办公室单位预算是包括")
    [hint] = found(putuo, "T-LEVEL")
    assert hint.severity == INFO and "却称“单位预算”" in hint.message and "请改为“部门预算”" in hint.message
    rewrite(putuo, "上海市普陀区人民政府办公室机构设置", "办公室单位预算是包括", "办公室部门预算包括所属单位预算，是包括")
    assert found(putuo, "T-LEVEL") == []


def test_a_unit_budget_speaking_of_its_department_budget(putuo):
    putuo.apply(edits.set_field(putuo, putuo.meta.id, "template", "shanghai-unit"))
    said = found(putuo, "T-LEVEL")  # the 部门 text kept under a 单位 template
    # 机构设置: “…办公室部门预算是包括…”; the 编制说明's title; 国有资产: “2025年部门预算安排购置车辆0辆”
    assert {(f.location.row, f.location.field) for f in said} == {(2, "内容"), (4, "标题"), (5, "内容")}
    assert all(f.severity == INFO and "请改为“单位预算”" in f.message for f in said)
    rewrite(putuo, "上海市普陀区人民政府办公室机构设置", "办公室部门预算是包括", "办公室单位预算纳入主管部门预算，包括")
    assert {(f.location.row, f.location.field) for f in found(putuo, "T-LEVEL")} == {(4, "标题"), (5, "内容")}


# --- T-PUNCT --------------------------------------------------------------------------------------

@pytest.mark.parametrize("marks", ["。。", "；。", "，。"])
def test_doubled_marks(open_sample, marks):
    doc = open_sample("001")
    assert [f for f in found(doc, "T-PUNCT") if f.location.form == "部门预算信息公开情况说明"] == []
    row = rewrite(doc, "三、", "348.81万元，主要用于", f"348.81万元{marks}主要用于")
    [doubled] = found(doc, "T-PUNCT")[:1]
    assert (doubled.severity, doubled.location.row) == (INFO, row)
    assert f"有重复的标点「{marks}」" in doubled.message


def test_quotes_and_brackets_pair(open_sample):
    doc = open_sample("001")
    row = rewrite(doc, "四、", "“三公”经费预算安排14.55万元", "“三公经费预算安排14.55万元")
    [quote] = [f for f in found(doc, "T-PUNCT") if f.location.row == row]
    assert "「“三公经费预算安排14.…」中的「“」没有对应的「”」" in quote.message
    rewrite(doc, "四、", "“三公经费预算安排14.55万元", "“三公”经费预算安排14.55万元")
    rewrite(doc, "四、", "（一）因公出国（境）费0万元", "（一）因公出国（境)费0万元")
    [mixed] = [f for f in found(doc, "T-PUNCT") if f.location.row == row]
    assert "「（境)」全角、半角括号混用" in mixed.message
    rewrite(doc, "四、", "（一）因公出国（境)费0万元", "（一）因公出国（境）费0万元")
    assert [f for f in found(doc, "T-PUNCT") if f.location.row == row] == []  # (1)… list markers pair


def test_a_paragraph_of_the_explanation_ends_with_its_full_stop(putuo):
    [unended] = found(putuo, "T-PUNCT")  # as published: “七、绩效目标 / 详见单位的项目绩效目标表”
    assert (unended.severity, unended.location.field) == (INFO, "内容")
    assert "中“详见单位的项目绩效目标表”没有以句号结尾" in unended.message
    rewrite(putuo, "区政府督查", "详见单位的项目绩效目标表", "详见单位的项目绩效目标表。")
    assert found(putuo, "T-PUNCT") == []
    rewrite(putuo, "其他相关情况说明", "采购服务预算34万元。", "采购服务预算34万元")
    [unended] = found(putuo, "T-PUNCT")
    assert "政府采购服务预算34万元”没有以句号结尾" in unended.message


def test_headings_captions_and_table_rows_need_no_full_stop(open_sample):
    doc = open_sample("001")  # 1、收入说明 / 部门机构设置情况 above its table / 单位名称\t单位性质…
    assert [f for f in found(doc, "T-PUNCT") if f.location.form == "部门预算信息公开情况说明"] == []
    row = rewrite(doc, "二、", "包含在部门预算中。\n", "包含在部门预算中\n")
    [unended] = [f for f in found(doc, "T-PUNCT") if f.location.form == "部门预算信息公开情况说明"]
    assert "所属事业单位的收支包含在部门预算中”没有以句号结尾" in unended.message and unended.location.row == row


def test_a_target_ending_on_a_comma(open_sample):
    doc = open_sample("001")
    training = project(doc, "执法培训经费")  # as published: “…服务对象满意度达 95%以上，”
    [comma] = [f for f in found(doc, "T-PUNCT") if f.location.project == training.get("code")]
    assert (comma.severity, comma.location.field) == (INFO, "绩效目标") and "以「，」结尾" in comma.message
    retype(doc, training, "goal", "95%以上，", "95%以上。")
    assert [f for f in found(doc, "T-PUNCT") if f.location.project == training.get("code")] == []


def test_a_text_cut_off_is_t_cut_s_not_an_unpaired_quote(open_sample):
    doc = open_sample("004")  # 主要内容 “…利用春节、春秋季开学、“4.15”“6.5”“6.2”: cut by the cell
    assert found(doc) == []
    assert any(f.rule == "T-CUT" and f.location.row == 3 for f in validate(doc))


# --- the samples as published -----------------------------------------------------------------------

PUBLISHED = {
    "000": [],
    "001": [("T-YEAR", INFO, "项目支出绩效目标表", "智慧戒毒项目", "绩效目标"),
            ("T-PUNCT", INFO, "项目支出绩效目标表", "执法培训经费", "绩效目标")],
    "002": [("T-YEAR", INFO, "部门整体绩效目标", 4, "内容")],  # 保障措施: 制定了2021年法治宣传教育工作计划
    "004": [],
    "putuo": [("T-PUNCT", INFO, "部门预算信息公开情况说明", 6, "内容")],  # 详见单位的项目绩效目标表
}


def _as_listed(doc, finding):
    loc = finding.location
    where = loc.row if loc.project is None else doc.form_by_id(loc.form_id).get("name")
    return finding.rule, finding.severity, loc.form, where, loc.field


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_the_samples_as_published(name, open_sample, putuo):
    doc = putuo if name == "putuo" else open_sample(name)
    said = found(doc)
    assert [f for f in said if f.severity == ERROR] == []
    assert [_as_listed(doc, f) for f in said] == PUBLISHED[name]


def test_the_wording_rules_read_one_form_and_rerun_with_it(open_sample):
    assert all(getattr(check, "each", None) == "any" for check in wording.CHECKS)
    doc = open_sample("001")
    validator = Validator()
    validator.run(doc)
    training = project(doc, "执法培训经费")
    applied = doc.apply(edits.set_field(doc, training.id, "goal", training.get("goal").replace("95%以上，", "95%以上。")))
    validator.forget(doc, [c.form_id for c in applied.all_changes])
    assert validator.run(doc) == validate(doc)
    assert not any(f.rule == "T-PUNCT" and f.location.form_id == training.id for f in validator.run(doc))
