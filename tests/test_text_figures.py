"""The figures of the text (issue 17): what the 情况说明 / 编制说明 states about the tables agrees with
them, and with itself — each rule tripped by changing one figure or word of the samples' real text
(the 河北 情况说明 of seed 001, the 上海 编制说明 of tests/fixtures/real/putuo_zfb_2025.pdf), and the two
samples as published give no false 错误."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import FIXTURES
from core.checks.rules import text_figures
from core.checks.validation import ERROR, INFO, WARNING, Validator, validate
from core.document import edits, forms

REAL = FIXTURES / "real"
TEXT_RULES = ("E-QUOTED", "E-ITEM", "E-ITEM-NAME", "E-CHANGE", "E-PROCUREMENT", "E-PERFORMANCE")
FORM = "部门预算信息公开情况说明"


@pytest.fixture
def hebei(open_sample):
    return open_sample("001")


def findings(doc, *rules):
    return [f for f in validate(doc) if f.rule in rules]


def set_text(doc, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in the section holding it, as typed into its 内容 cell; its 1-based row."""
    explanation = doc.form(forms.EXPLANATION)
    sections = explanation.grids["sections"]
    row = next(i for i, r in enumerate(sections.records()) if old in (r["text"] or ""))
    doc.apply(edits.set_cells(doc, explanation.id, "sections", row, 1,
                              [[sections.cell(row, "text").replace(old, new, 1)]]))
    return row + 1


def only(found, severity, rule=None):
    mine = [f for f in found if f.severity == severity and (rule is None or f.rule == rule)]
    assert len(mine) == 1, [(f.rule, f.severity, f.message) for f in found]
    return mine[0]


# --- the samples as published ------------------------------------------------------------------------

def test_the_hebei_explanation_as_published_agrees_with_its_tables_and_itself(hebei):
    assert findings(hebei, *TEXT_RULES) == []
    # what it reads there: the changes of 二、 and 四、, each with what it is the change of
    text = hebei.form(forms.EXPLANATION).grids["sections"].cell(1, "text")
    changes = text_figures.changes_of(text)
    assert [(c.phrase, c.sign, c.amount) for c in changes] == [
        ("较2023年预算减少2.35万元", -1, Decimal("2.35")), ("基本支出减少117.88万元", -1, Decimal("117.88")),
        ("主要为人员经费减少123.62万元", -1, Decimal("123.62")), ("日常公用经费增加5.74万元", 1, Decimal("5.74")),
        ("项目支出增加115.53万元", 1, Decimal("115.53"))]
    assert changes[0].base.value == Decimal("4148.23")


def test_the_real_shanghai_pdf_as_published_gives_no_false_error(tmp_path):
    """Imported from the PDF as an officer would: nothing but the one true difference — the projects
    with 绩效目标 (6626 万元) are not all of 项目支出 (66,410,000.00 元), a 警告 saying the scopes may differ."""
    from core.reading import import_file

    doc, _, _ = import_file(REAL / "putuo_zfb_2025.pdf", tmp_path / "putuo.bdoc")
    with doc:
        found = findings(doc, *TEXT_RULES)
    warned = only(found, WARNING, "E-PERFORMANCE")
    assert [f for f in found if f is not warned] == []
    assert warned.location.form == FORM and warned.location.row == 5
    assert warned.message.startswith("情况说明「其他相关情况说明」中“编报绩效目标的项目11个，涉及项目预算资金6626万元”："
                                     "说明中 6626 ≠ 支出预算总表「项目支出」 66410000.00元折合万元 6641（差 15）。")
    assert "口径可能不同" in warned.message


# --- E-QUOTED: each kind of money's share, the 收支 total ---------------------------------------------

@pytest.mark.parametrize("old, new, table", [
    ("基金预算收入0.00万元", "基金预算收入5.00万元", "收支总表「二、政府性基金预算拨款收入」"),
    ("国有资本经营预算收入0.00万元", "国有资本经营预算收入1.00万元", "收支总表「三、国有资本经营预算拨款收入」"),
    ("财政专户核拨收入0.00万元", "财政专户核拨收入2.00万元", "收支总表「四、财政专户管理资金收入」"),
    ("单位资金收入0.00万元", "单位资金收入3.00万元", "收支总表「五、单位资金」"),
    ("2024年预算收支安排4148.23万元", "2024年预算收支安排4148.93万元", "支出总表「合计」"),
])
def test_each_kind_of_money_the_text_quotes_is_the_table_s(hebei, old, new, table):
    set_text(hebei, old, new)
    wrong = only(findings(hebei, "E-QUOTED"), ERROR)
    assert new in wrong.message and table in wrong.message and "请修改说明中的数字，或核对表格。" in wrong.message


# --- E-PERFORMANCE ----------------------------------------------------------------------------------

def test_the_performance_sentence_against_project_spending(shanghai):
    warned = only(findings(shanghai, "E-PERFORMANCE"), WARNING)
    assert "6626" in warned.message and "（差 15）" in warned.message
    set_text(shanghai, "涉及项目预算资金6626万元", "涉及项目预算资金6641万元")  # all of 项目支出
    assert findings(shanghai, "E-PERFORMANCE") == []
    set_text(shanghai, "涉及项目预算资金6641万元", "涉及项目预算资金6,641.01万元")  # 0.01 万元: 尾差
    assert only(findings(shanghai, "E-PERFORMANCE"), INFO).message.endswith("尾差）。四舍五入造成的尾差可以保留。")


# --- E-PROCUREMENT and the 政府采购 total -------------------------------------------------------------

def test_procurement_parts_add_up_to_the_total_the_text_states(shanghai):
    assert findings(shanghai, "E-PROCUREMENT") == []  # 34 = 0 + 0 + 34
    set_text(shanghai, "政府采购服务预算34万元", "政府采购服务预算30万元")
    warned = only(findings(shanghai, "E-PROCUREMENT"), WARNING)
    assert warned.message.startswith("情况说明「其他相关情况说明」中“2025年本部门政府采购预算34万元”：合计 34万元 ≠ 货物 + 工程 + "
                                     "服务 30万元（“政府采购货物预算0万元”、“政府采购工程预算0万元”、“政府采购服务预算30万元”）")
    assert findings(shanghai, "E-QUOTED") == []  # no 政府采购预算表 in the 上海 set: nothing else to compare


def _procurement_table(doc):
    """Seed 001's empty 政府采购预算表 filled with a 合计 row and two items (a 货物 and a 服务 品目)."""
    table = doc.budget_table("政府采购预算表")
    rows = [["合计", None, None, None, None, None, None, "12.00", "12.00", None, None, None, None, None],
            ["办公设备购置", "10.00", "台式计算机", "A02010104", "台", "2", "5.00", "10.00", "10.00",
             None, None, None, None, None],
            ["办公设备购置", "10.00", "维修服务", "C1801", "项", "1", "2.00", "2.00", "2.00",
             None, None, None, None, None]]
    doc.apply(edits.set_cells(doc, table.id, "rows", 0, 0, rows))
    return table


def test_procurement_against_the_procurement_table(hebei):
    table = _procurement_table(hebei)
    text = "2024年本部门政府采购预算12.00万元，其中：政府采购货物预算10.00万元、政府采购工程预算0万元、政府采购服务预算2.00万元。"
    explanation = hebei.form(forms.EXPLANATION)
    row = next(i for i, r in enumerate(explanation.grids["sections"].records()) if r["title"].startswith("八、"))
    hebei.apply(edits.set_cells(hebei, explanation.id, "sections", row, 1, [[text]]))
    assert findings(hebei, "E-QUOTED", "E-PROCUREMENT") == []
    set_text(hebei, "政府采购预算12.00万元", "政府采购预算13.00万元")  # the table's own 合计: an 错误
    found = findings(hebei, "E-QUOTED", "E-PROCUREMENT")
    assert "政府采购预算表「合计」 12.00" in only(found, ERROR, "E-QUOTED").message
    assert "合计 13.00万元 ≠ 货物 + 工程 + 服务 12.00万元" in only(found, WARNING, "E-PROCUREMENT").message
    set_text(hebei, "政府采购预算13.00万元", "政府采购预算12.00万元")
    # a 服务 item typed with a 货物 品目: the parts no longer match the table's 品目
    hebei.apply(edits.set_cells(hebei, table.id, "rows", 2, 3, [["A1801"]]))
    found = findings(hebei, "E-PROCUREMENT")
    assert {f.severity for f in found} == {WARNING} and len(found) == 2
    assert any("“政府采购服务预算2.00万元”" in f.message and "品目 C 开头的服务类项目之和 0" in f.message for f in found)


# --- E-ITEM and E-ITEM-NAME: the 科目 items of an 编制说明 ---------------------------------------------

# The first items of the 上海 编制说明, as 上海's other 部门 print them: its names and amounts, the codes
# its tables print for them, a 2024 执行数 beside each.
ITEMS = (
    "财政拨款支出主要内容如下：\n"
    "1、一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）1,202.95万元。主要用于：行政单位的"
    "基本支出。2024年当年预算执行数为1,150.00万元，2025年预算安排1,202.95万元，比2024年预算执行数增加4.6%。\n"
    "2、社会保障和就业支出（208类）行政事业单位养老支出（05款）行政单位离退休（01项）155.42万元。主要用于：实行归口管理的"
    "行政单位开支的离退休经费。2024年当年预算执行数为160.00万元，2025年预算安排155.42万元，比2024年预算执行数减少2.86%。\n"
    "3、住房保障支出（221类）住房改革支出（02款）购房补贴（2210203项）186.77万元。主要用于：按房改政策规定向符合条件职工"
    "发放的购房补贴。2024年当年预算执行数为186.77万元，2025年预算安排186.77万元，比2024年预算执行数持平。\n"
    "4、卫生健康支出（210类）行政事业单位医疗（11款）事业单位医疗（02项）31.42万元。主要用于：事业单位基本医疗保险费。"
    "2024年当年预算执行数为0.30万元，2025年预算安排0.31万元，比2024年预算执行数增加3%。")


@pytest.fixture
def coded(shanghai):
    """The 上海 budget whose 编制说明 lists its items by code (the items above)."""
    explanation = shanghai.form(forms.EXPLANATION)
    sections = explanation.grids["sections"]
    row = next(i for i, r in enumerate(sections.records()) if r["title"].endswith("编制说明"))
    text = sections.cell(row, "text")
    items = ITEMS.replace("0.30万元，2025年预算安排0.31万元", "30.00万元，2025年预算安排31.42万元")  # item 4 as printed
    text = text[:text.index("财政拨款支出主要内容如下：")] + items.replace("增加3%", "增加4.7%")
    shanghai.apply(edits.set_cells(shanghai, explanation.id, "sections", row, 1, [[text]]))
    return shanghai


def test_subject_items_are_read_with_their_codes():
    items = text_figures.items_of(ITEMS)
    assert [(i.key, i.names[-1], i.amount) for i in items] == [
        (("201", "03", "01"), "行政运行", Decimal("1202.95")), (("208", "05", "01"), "行政单位离退休", Decimal("155.42")),
        (("221", "02", "03"), "购房补贴", Decimal("186.77")), (("210", "11", "02"), "事业单位医疗", Decimal("31.42"))]
    assert items[0].executed == (2024, Decimal("1150.00"), "万元")
    assert items[0].planned == (2025, Decimal("1202.95"), "万元")
    assert items[0].change == ("增加", Decimal("4.6"), "比2024年预算执行数增加4.6%")
    assert items[0].names[1] == "政府办公厅（室）及相关机构事务"  # a name with brackets of its own


def test_item_amounts_agree_with_the_table_for_their_code(coded):
    assert findings(coded, *TEXT_RULES[:-1]) == []  # E-PERFORMANCE aside: the 绩效 sentence is still there
    set_text(coded, "行政运行（01项）1,202.95万元", "行政运行（01项）1,212.95万元")
    wrong = only(findings(coded, "E-ITEM"), ERROR)
    assert wrong.location.form == FORM and wrong.location.row == 4 and wrong.location.field == "内容"
    assert wrong.message.startswith("情况说明「2025年部门预算编制说明」第 1 项“一般公共服务支出（201类）政府办公厅（室）及相关机构"
                                    "事务（03款）行政运行（01项）1,212.95万元”：说明中 1212.95 ≠ 一般公共预算支出功能分类预算表"
                                    "「2010301」 12029501.84元折合万元 1202.95（差 10.00）。")
    assert wrong.message.endswith("请按表中该科目的合计修改说明中的金额，或核对表格。")
    set_text(coded, "1,212.95万元", "1,202.96万元")  # 0.01 万元: a 尾差
    assert only(findings(coded, "E-ITEM"), INFO).message.endswith("尾差）。四舍五入造成的尾差可以保留。")
    set_text(coded, "1,202.96万元", "1,202.95万元")
    set_text(coded, "2025年预算安排155.42万元", "2025年预算安排165.42万元")  # the item's 预算安排 against the table
    wrong = only(findings(coded, "E-ITEM"), ERROR)
    assert "第 2 项" in wrong.message and "“2025年预算安排165.42万元”" in wrong.message and "（差 10.00）" in wrong.message


def test_an_item_whose_code_no_table_has(coded):
    set_text(coded, "购房补贴（2210203项）", "购房补贴（2210209项）")
    warned = only(findings(coded, "E-ITEM"), WARNING)
    assert "表中没有科目 2210209" in warned.message


def test_item_names_are_the_names_the_tables_print(coded):
    assert findings(coded, "E-ITEM-NAME") == []
    set_text(coded, "1、一般公共服务支出（201类）", "1、一般公共服务（201类）")  # an old or shortened 类 name
    warned = only(findings(coded, "E-ITEM-NAME"), WARNING)
    assert "类级科目 201 名为“一般公共服务”，一般公共预算支出功能分类预算表中为“一般公共服务支出”" in warned.message


def test_a_subject_quoted_by_its_path_names_one_the_tables_have(shanghai):
    assert findings(shanghai, "E-ITEM-NAME") == []
    set_text(shanghai, "相关机构事务-行政运行”科目", "相关机构事务-行政运行费”科目")
    warned = only(findings(shanghai, "E-ITEM-NAME"), WARNING)
    assert "项级科目名称“行政运行费”与表中不符，科目 2010301 在一般公共预算支出功能分类预算表中为“行政运行”" in warned.message
    set_text(shanghai, "行政运行费”科目", "机关运行”科目")
    set_text(shanghai, "“社会保障和就业支出-行政事业单位养老支出-", "“社会保障支出-养老支出-")  # nothing near
    found = findings(shanghai, "E-ITEM-NAME")
    assert len(found) == 2 and any("表中找不到名为“社会保障支出-养老支出-行政单位离退休”的科目" in f.message for f in found)


# --- E-CHANGE ------------------------------------------------------------------------------------------

def test_an_item_s_percentage_is_recomputed_from_its_two_figures(coded):
    assert findings(coded, "E-CHANGE") == []  # 4.6%, 2.86%, 持平, 4.7% all follow from the figures
    set_text(coded, "增加4.6%", "增加4.8%")
    warned = only(findings(coded, "E-CHANGE"), WARNING)
    assert warned.message.startswith("情况说明「2025年部门预算编制说明」第 1 项“一般公共服务支出（201类）")
    assert "执行数 1150.00万元、预算安排 1202.95万元，按这两个金额计算应为增加 4.6%，说明写的是“比2024年预算执行数增加4.8%”" \
        in warned.message


def test_an_item_s_direction_follows_the_sign(coded):
    set_text(coded, "比2024年预算执行数减少2.86%", "比2024年预算执行数增加2.86%")
    warned = only(findings(coded, "E-CHANGE"), WARNING)
    assert "说明写“比2024年预算执行数增加2.86%”，但预算安排少于执行数，应为“减少2.86%”" in warned.message
    set_text(coded, "增加2.86%", "减少2.86%")
    set_text(coded, "2024年当年预算执行数为186.77万元", "2024年当年预算执行数为180.00万元")
    warned = only(findings(coded, "E-CHANGE"), WARNING)
    assert "说明写“比2024年预算执行数持平”，但两个金额不相等（增加6.77万元）" in warned.message


def test_small_amounts_get_no_tolerance_beyond_their_rounding(shanghai):
    """0.30 → 0.31 万元 is 3.3% as printed, but figures that print as 0.30 and 0.31 give anything from 0%
    to 6.8%: 3% is right, 8% is not — no floor on small amounts, no tolerance beyond the rounding."""
    explanation = shanghai.form(forms.EXPLANATION)
    sections = explanation.grids["sections"]
    row = next(i for i, r in enumerate(sections.records()) if r["title"].endswith("编制说明"))
    shanghai.apply(edits.set_cells(shanghai, explanation.id, "sections", row, 1, [[ITEMS]]))
    assert [f for f in findings(shanghai, "E-CHANGE")] == []
    set_text(shanghai, "增加3%", "增加8%")
    warned = only(findings(shanghai, "E-CHANGE"), WARNING)
    assert "第 4 项" in warned.message and "应为增加 3%" in warned.message


def test_a_total_s_change_is_the_sum_of_its_parts_changes(hebei):
    set_text(hebei, "日常公用经费增加5.74万元", "日常公用经费减少5.74万元")
    warned = only(findings(hebei, "E-CHANGE"), WARNING)
    assert warned.location.row == 2
    assert warned.message.startswith("情况说明「二、部门预算安排的总体情况」中“基本支出减少117.88万元”，而其各部分的增减 "
                                     "“主要为人员经费减少123.62万元”、“日常公用经费减少5.74万元” 合计为减少129.36万元"
                                     "（差 11.48万元）。")


def test_the_sangong_change_is_the_sum_of_its_parts(hebei):
    set_text(hebei, "公务接待费3.15万元，同比减少0.03万元", "公务接待费3.15万元，同比减少0.05万元")
    warned = only(findings(hebei, "E-CHANGE"), WARNING)
    assert "中“我部门财政拨款“三公”经费预算安排14.55万元，与2023年相比减少0.03万元”，而其各部分的增减 " in warned.message
    assert "、“公务接待费3.15万元，同比减少0.05万元” 合计为减少0.05万元（差 0.02万元）" in warned.message


def test_the_fiscal_spending_change_is_the_sum_of_each_money_s(shanghai):
    assert findings(shanghai, "E-CHANGE") == []
    set_text(shanghai, "政府性基金拨款支出预算0万元，比2024年预算持平", "政府性基金拨款支出预算0万元，比2024年预算减少3万元")
    warned = only(findings(shanghai, "E-CHANGE"), WARNING)
    assert "中“财政拨款支出预算9101.68万元，比2024年预算减少2,389.52万元”" in warned.message
    assert "合计为减少2392.52万元（差 3.00万元）" in warned.message


def test_a_change_s_percentage_is_recomputed_from_the_figure_it_is_of(hebei):
    set_text(hebei, "较2023年预算减少2.35万元", "较2023年预算减少2.35万元，下降0.06%")  # 2.35 / 4150.58
    assert findings(hebei, "E-CHANGE") == []
    set_text(hebei, "下降0.06%", "下降0.6%")
    warned = only(findings(hebei, "E-CHANGE"), WARNING)
    assert "上年数为 4150.58万元，下降幅度应为 0.1%，说明写的是 0.6%" in warned.message


def test_a_change_is_recomputed_where_the_text_gives_last_year_s_figure_too(hebei):
    set_text(hebei, "较2023年预算减少2.35万元", "2023年预算为4150.58万元，较2023年预算减少2.35万元")
    assert findings(hebei, "E-CHANGE") == []
    set_text(hebei, "2023年预算为4150.58万元", "2023年预算为4150.68万元")
    warned = only(findings(hebei, "E-CHANGE"), WARNING)
    assert warned.message.startswith("情况说明「二、部门预算安排的总体情况」中“2024年预算收支安排4148.23万元”、“2023年预算为"
                                     "4150.68万元”，“较2023年预算减少2.35万元”：按两年的金额应为减少2.45万元。")


# --- what the text rules read ---------------------------------------------------------------------

def test_the_text_rules_never_rerun_on_a_project_edit(hebei):
    for check in text_figures.CHECKS:
        assert forms.PROJECT not in check.reads and forms.EXPLANATION in check.reads, check.__name__
    validator = Validator()
    validator.run(hebei)
    project = hebei.projects[0]
    applied = hebei.apply(edits.set_field(hebei, project.id, "budget", "999"))
    validator.forget(hebei, [c.form_id for c in applied.all_changes])
    assert all(check in validator._per_document for check in text_figures.CHECKS)  # kept, not rerun
    explanation = hebei.form(forms.EXPLANATION)
    applied = hebei.apply(edits.set_cells(hebei, explanation.id, "sections", 1, 1, [["2024年预算收入1.00万元。"]]))
    validator.forget(hebei, [c.form_id for c in applied.all_changes])
    assert not any(check in validator._per_document for check in text_figures.CHECKS)
    assert validator.run(hebei) == validate(hebei)


def test_items_by_code_in_a_table_with_the_code_in_one_column(hebei):
    """河北's tables print the 科目编码 in one column (2040601): an item reads them the same way."""
    item = "1、公共安全支出（204类）司法（06款）行政运行（01项）967.35万元。主要用于：机关正常运转。"
    set_text(hebei, "3、比上年增减情况", item + "\n3、比上年增减情况")
    assert findings(hebei, *TEXT_RULES) == []
    set_text(hebei, "行政运行（01项）967.35万元", "行政运行（01项）968.35万元")
    wrong = only(findings(hebei, "E-ITEM"), ERROR)
    assert "说明中 968.35 ≠ 一般公共预算财政拨款支出表「2040601」 967.35（差 1.00）" in wrong.message
    set_text(hebei, "司法（06款）", "司法行政（06款）")
    assert "款级科目 20406 名为“司法行政”，一般公共预算财政拨款支出表中为“司法”" in \
        only(findings(hebei, "E-ITEM-NAME"), WARNING).message


def test_a_subject_named_by_its_lower_names_alone_is_no_unknown_subject(shanghai):
    set_text(shanghai, "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目", "“行政运行”科目")
    set_text(shanghai, "“一般公共服务支出-政府办公厅（室）及相关机构事务-一般行政管理事务”",
             "“一般公共服务支出-政府办公厅(室)及相关机构事务-一般行政管理事务”")  # half-width brackets
    assert findings(shanghai, "E-ITEM-NAME") == []
