"""Input by the kind of cell: spending plan points, years, choices, codes, numbers, free text."""

import pytest

from core.values import cell_input as kinds
from core.errors import InputError

IN_PERCENT = kinds.InputContext(plan_points=("25%", "50%", None))
IN_AMOUNTS = kinds.InputContext(plan_points=("0.50", "1.00", "1.50"))


def test_spending_plan_takes_an_amount_or_a_percentage():
    assert kinds.normalize(kinds.PLAN, "25 ％") == "25%"
    assert kinds.normalize(kinds.PLAN, "0.5", context=IN_AMOUNTS) == "0.50"
    with pytest.raises(InputError, match="资金支出计划"):
        kinds.normalize(kinds.PLAN, "一半")
    with pytest.raises(InputError):
        kinds.normalize(kinds.PLAN, "-5%")


def test_a_bare_number_in_a_plan_point_is_read_as_the_projects_other_points_are():
    # 001 writes its plans in %: the officer types 100 at 12月底 and means 100%
    assert kinds.normalize(kinds.PLAN, "100", context=IN_PERCENT) == "100%"
    # 000 writes them in 万元: 2 at 12月底 is 2.00 万元
    assert kinds.normalize(kinds.PLAN, "2", context=IN_AMOUNTS) == "2.00"
    # what is written out wins over the neighbours
    assert kinds.normalize(kinds.PLAN, "25%", context=IN_AMOUNTS) == "25%"
    assert kinds.normalize(kinds.PLAN, "6万", context=IN_PERCENT) == "6.00"


def test_a_plan_point_with_no_neighbour_filled_follows_the_documents_other_projects():
    alone_in_amounts_doc = kinds.InputContext(plans_in_percent=False)
    alone_in_percent_doc = kinds.InputContext(plans_in_percent=True)
    assert kinds.normalize(kinds.PLAN, "0.5", context=alone_in_amounts_doc) == "0.50"
    assert kinds.normalize(kinds.PLAN, "25", context=alone_in_percent_doc) == "25%"
    # neighbours split evenly: the document decides
    split = kinds.InputContext(plan_points=("25%", "1.00", None), plans_in_percent=False)
    assert kinds.normalize(kinds.PLAN, "3", context=split) == "3.00"


def test_how_a_document_writes_its_plans_is_the_majority_of_its_projects():
    percent, amounts, empty = ("20%", "50%", "90%", None), ("0.50", "1.00", "1.50", "2.00"), (None,) * 4
    assert kinds.plans_in_percent([percent, percent, amounts, empty]) is True
    assert kinds.plans_in_percent([amounts, amounts, percent]) is False
    # nothing to go by (a new document, or as many of each): the printed header 资金支出计划（%）
    assert kinds.plans_in_percent([]) is True
    assert kinds.plans_in_percent([empty, percent, amounts]) is True


def test_a_percentage_pasted_from_excel_is_stored_as_the_seeds_write_it():
    assert kinds.normalize(kinds.PLAN, "5%") == "5%"
    assert kinds.normalize(kinds.PLAN, "100.00%") == "100%"
    assert kinds.normalize(kinds.PLAN, "12.50%") == "12.5%"


@pytest.mark.parametrize("kind", [kinds.AMOUNT, kinds.PLAN, kinds.NUMBER])
@pytest.mark.parametrize("pasted", ["-", "—", " - ", "－"])
def test_a_dash_pasted_into_a_numeric_cell_leaves_it_blank(kind, pasted):
    assert kinds.normalize(kind, pasted) is None


def test_a_dash_in_a_text_cell_is_kept_as_typed():
    assert kinds.normalize(kinds.TEXT, "-") == "-"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "—") == "—"


def test_amounts_follow_the_documents_money_unit():
    wan, yuan = kinds.InputContext(money_unit="万元"), kinds.InputContext(money_unit="元")
    assert kinds.normalize(kinds.AMOUNT, "6万", context=wan) == "6.00"
    assert kinds.normalize(kinds.AMOUNT, "60000元", context=wan) == "6.00"
    assert kinds.normalize(kinds.AMOUNT, "6万", context=yuan) == "60000.00"
    assert kinds.normalize(kinds.PLAN, "6万", context=kinds.InputContext("元", IN_AMOUNTS.plan_points)) == "60000.00"


def test_an_amount_rounded_to_whole_fen_says_so():
    yuan = kinds.InputContext(money_unit="元")
    assert kinds.read_input(kinds.AMOUNT, "1.005", context=yuan) == kinds.Entry("1.01", rounded=True)
    assert kinds.read_input(kinds.AMOUNT, "1.00", context=yuan) == kinds.Entry("1.00")
    assert kinds.read_input(kinds.PLAN, "0.1234567", context=IN_AMOUNTS).rounded
    assert not kinds.read_input(kinds.PLAN, "12.3456789%").rounded  # percentages are kept as typed
    assert kinds.rounding_notice(0, "万元") is None
    assert kinds.rounding_notice(3, "万元") == "3 个金额小数位过多，已四舍五入到分（万元保留 6 位小数）。"


def test_year_and_choices():
    assert kinds.normalize(kinds.YEAR, "２０２５") == "2025"
    with pytest.raises(InputError, match="预算年度"):
        kinds.normalize(kinds.YEAR, "25")
    assert kinds.normalize(kinds.CHOICE, "＝", ("=", "≥", "≤", "定性")) == "="
    with pytest.raises(InputError, match="可选值"):
        kinds.normalize(kinds.CHOICE, "千元", ("万元", "元"))


def test_codes_and_numbers():
    assert kinds.normalize(kinds.CODE, "１３０８００２４P0001") == "13080024P0001"
    with pytest.raises(InputError, match="空格"):
        kinds.normalize(kinds.CODE, "1308 0024")
    assert kinds.normalize(kinds.NUMBER, "4,942") == "4942"
    with pytest.raises(InputError):
        kinds.normalize(kinds.NUMBER, "很多")


@pytest.mark.parametrize("code, stored", [
    ("13080024P00010310005F", "13080024P00010310005F"), ("13030321EXDHKHBVZCVYN", "13030321EXDHKHBVZCVYN"),
    ("324", "324"), ("315001", "315001"), ("2040601", "2040601"), ("A02010104", "A02010104"),
    ("NEW-1", "NEW-1"), ("P_1", "P_1"), ("  13080024P0001 ", "13080024P0001"), ("１３０８Ｐ０１", "1308P01"),
])
def test_a_code_is_ascii_letters_and_digits(code, stored):
    """项目编码 (the seeds' 13080024P00010310005F), 单位编码 (324, 315001), 科目编码 (2040601),
    政府采购目录序号 (A02010104): letters and digits, maybe - or _ between them."""
    assert kinds.normalize(kinds.CODE, code) == stored
    assert kinds.code_problem(code) is None


@pytest.mark.parametrize("typed, odd", [
    ('=HYPERLINK("http://x","y")', "="),
    ("=cmd|'/C calc'!A0", "="),
    ("13080024P0001。", "。"),
    ("合计", "合"),
    ("10²", "²"),
    ("①23", "①"),
    ("1308/0024", "/"),
    ("1308 0024", "空格"),
    ("-P0001", "- 和 _"),
    ("P0001-", "- 和 _"),
    ("P--1", "- 和 _"),
])
def test_a_typed_code_with_anything_else_is_refused_saying_what_is_allowed(typed, odd):
    with pytest.raises(InputError) as err:
        kinds.normalize(kinds.CODE, typed)
    message = str(err.value)
    assert f"「{typed}」" in message and odd in message
    assert "只能由英文字母和数字组成" in message and message == kinds.code_problem(typed)


@pytest.mark.parametrize("typed", ["1.234,56", "12,34", "12 34", "10²", "𝟙𝟚", "(-5)", "5%"])
def test_a_number_cell_refuses_what_is_not_one_plain_number(typed):
    """A comma is a thousands separator or nothing: 1.234,56 was stored as 1.23456."""
    with pytest.raises(InputError) as err:
        kinds.normalize(kinds.NUMBER, typed)
    assert f"数值「{typed}」格式不正确" in str(err.value)


def test_numbers_percentages_and_years_take_only_plain_digits():
    assert kinds.normalize(kinds.NUMBER, "１，２３４．５") == "1234.5"
    assert kinds.normalize(kinds.NUMBER, " -5 ") == "-5"
    with pytest.raises(InputError, match="「10²%」"):
        kinds.normalize(kinds.PLAN, "10²%")
    with pytest.raises(InputError, match="资金支出计划「①」"):
        kinds.normalize(kinds.PLAN, "①")
    with pytest.raises(InputError, match="预算年度"):
        kinds.normalize(kinds.YEAR, "²⁰²⁵")
    with pytest.raises(InputError, match="预算年度"):
        kinds.parse_year("0" * 5000 + "2025")


@pytest.mark.parametrize("typed, stored", [
    ("法律\x00援助", "法律援助"),
    ("\x1b[31m红字", "[31m红字"),
    ("a\x7fb\x80c\x9fd", "abcd"),
    ("a\u200bb\u2060c\ufeffd", "abcd"),
    ("编码\u202e5F01\u202c", "编码5F01"),
    ("a\u2066b\u2069c\u200ed\u200f", "abcd"),
    ("a\ud800b\udc00", "ab"),
    ("\ud83d\ude00", "😀"),
    ("a\ufffeb\uffff\ufdd0c\U0010fffe", "abc"),
    ("一\r\n二\r三\x0b四\x0c五\x85六\u2028七\u2029八", "一\n二\n三\n四\n五\n六\n七\n八"),
    ("单位名称\t单位性质", "单位名称\t单位性质"),
    ("  两端去空格  中间 保留 ", "两端去空格  中间 保留"),
    ("\x00\u200b\ufeff", None),
])
def test_typed_text_keeps_only_what_is_text(typed, stored):
    assert kinds.normalize(kinds.TEXT, typed) == stored
    assert kinds.clean_text(typed) == (kinds.plain_text(typed).strip() or None)


def test_text_keeps_what_was_typed_but_drops_invisible_controls():
    assert kinds.normalize(kinds.TEXT, "  法律援助\r\n经费\x00 ") == "法律援助\n经费"
    assert kinds.normalize(kinds.TEXT, "<p>a & b</p>") == "<p>a & b</p>"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "≥1次") == "≥1次"
    assert kinds.normalize(kinds.TEXT, "\u200b") is None


def test_indicator_values_get_printed_signs_for_keyboard_operators():
    assert kinds.normalize(kinds.INDICATOR_VALUE, ">=95%") == "≥95%"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "<=2万元") == "≤2万元"
    assert kinds.normalize(kinds.INDICATOR_VALUE, "有所提升") == "有所提升"
