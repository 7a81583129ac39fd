"""The officer types a 三级指标 and the library suggests: their own history of a project like this
one first (last year's value), then the 司法行政 pack's indicators of this project type, then the
common ones — filtered by the row's 二级, and fast enough to follow typing."""

from decimal import Decimal

import pytest

from core.library import names
from core.library.entries import COMMON, OWN, PACK
from core.library.learned import records_from
from core.library.library import Library, ProjectContext, context_of
from core.library.shipped import load_shipped


@pytest.fixture
def last_year(open_sample):
    """巨鹿县司法局 2023 — last year's document, learned into the officer's own library."""
    return open_sample("000")


def test_own_history_comes_first_with_last_years_value_then_pack_then_common(last_year):
    library = Library(load_shipped(), records_from(last_year))
    this_year = ProjectContext("法律援助经费", "用于法律援助工作支出", "巨鹿县司法局", budget=Decimal("3.00"))
    got = library.suggest(this_year, "数量指标", "", limit=8)
    assert got[0].entry.origin == OWN and got[0].l3 == "宣传次数" and got[0].value == "≥1次"
    assert got[0].where_from == "本单位历年（2023 法律援助经费）"
    origins = [s.entry.origin for s in got]
    assert origins.index(PACK) < origins.index(COMMON)
    first_pack = got[origins.index(PACK)]
    assert first_pack.entry.type_name == "法律援助类"  # the project's type before other packs' types
    assert all(s.entry.l2 == "数量指标" for s in got)


def test_typing_narrows_and_a_name_starting_with_it_leads_its_tier():
    library = Library(load_shipped())
    project = ProjectContext("社区矫正经费", "用于社区矫正工作支出", "巨鹿县司法局")
    got = library.suggest(project, "质量指标", "脱管", limit=5)
    assert [s.l3 for s in got] == ["社区矫正对象脱管率"]
    assert got[0].value == "≤0.5%" and got[0].entry.direction == "反向"
    assert library.suggest(project, "质量指标", "社区矫正对象接", 5)[0].l3 == "社区矫正对象接收率"


def test_a_total_cost_is_valued_at_this_years_budget_in_any_framework(last_year):
    library = Library(load_shipped(), records_from(last_year))
    project = ProjectContext("法律援助经费", "", "巨鹿县司法局", budget=Decimal("3.50"))
    for l2 in ("成本指标", "经济成本指标"):  # 河北 (under 产出) and 2021 national (成本 as 一级)
        costs = library.suggest(project, l2, "成本", limit=3)
        assert costs and all(s.value == "≤3.50万元" for s in costs)  # not last year's ≤2万元


def test_names_already_in_the_project_are_not_offered_again():
    library = Library(load_shipped())
    project = ProjectContext("法律援助经费", "", "某县司法局")
    taken = frozenset({names.fold("受援群众满意度")})
    assert "受援群众满意度" not in [s.l3 for s in library.suggest(project, "服务对象满意度指标", "", 8, taken)]


def test_a_department_outside_the_pack_gets_the_common_indicators_before_the_pack():
    library = Library(load_shipped())
    school = ProjectContext("法律援助经费", "", "某县教育局")  # the name says 法律援助, the department not 司法
    assert library.suggest(school, "服务对象满意度指标", "", 1)[0].entry.origin == COMMON


def test_context_of_a_project_reads_its_name_budget_and_unit(open_sample):
    doc = open_sample("001")
    form = doc.projects[0]
    context = context_of(doc, form.id)
    assert context.name == "12348法律服务热线" and context.budget == Decimal("22.59")
    assert context.department == "承德市司法局" and context.money_unit == "万元"


def test_same_meaning_as_the_measurement_judges_it():
    assert names.same_meaning("社区矫正人数(人）", "社区矫正人数")
    assert names.same_meaning("法律援助受理案件办结率", "法律援助案件办结率")
    assert names.same_meaning("总成本", "法律援助工作总成本")
    assert not names.same_meaning("法律援助案件办结率", "法律援助案件受理率")  # another rate word
    assert not names.same_meaning("宣传次数", "宣传覆盖率")


def test_every_shipped_row_has_a_source_a_known_second_level_and_an_explanation():
    shipped = load_shipped()
    from core.document.frameworks import FRAMEWORKS

    known = set(FRAMEWORKS["hebei"].options("l2"))
    assert len(shipped.entries) >= 100 and shipped.version
    for e in shipped.entries:
        assert e.source in shipped.sources and e.l2 in known and e.explanation and e.direction
    kinds = {t.name for t in shipped.types}
    for wanted in ("法律援助类", "人民调解类", "社区矫正类", "普法宣传类", "信息化建设类", "装备被装类"):
        assert wanted in kinds
