"""Indicators taken from the library into a project: inserted into their 一级/二级 blocks as one
undo step, a row replaced, a fix from the check panel applied and undone, a new project laid out
by its type."""

from core.checks.validation import validate
from core.document.document import open_document
from core.library.edits import fill_row, insert_indicators, replace_indicator
from core.library.fixes import fixes_for
from core.library.learned import records_from
from core.library.library import Library, context_of
from core.library.shipped import load_shipped
from core.library.templates import new_project, project_types, template_rows


def _levels(form):
    return [(r["l1"], r["l2"], r["l3"]) for r in form.grids["indicators"].records()]


def test_ticked_indicators_go_into_their_blocks_and_one_undo_takes_them_all_out(open_sample):
    doc = open_sample("000")
    form = doc.projects[0]  # 法律援助经费: no 满意度 at all
    before = _levels(form)
    library = Library(load_shipped())
    context = context_of(doc, form.id)
    chosen = (library.suggest(context, "服务对象满意度指标", "", 1) + library.suggest(context, "数量指标", "", 1)
              + library.suggest(context, "社会效益指标", "", 1))
    applied = doc.apply(insert_indicators(doc, form.id, chosen))
    after = _levels(form)
    assert len(after) == len(before) + 3
    assert after[1] == ("产出指标", "数量指标", "法律援助案件受理数")      # after the block's last row
    assert after[6] == ("效益指标", "社会效益指标", "困难群众应援尽援率")
    assert after[-1] == ("满意度指标", "服务对象满意度指标", "受援群众满意度")  # a new block, in framework order
    with open_document(doc.path, read_only=True) as other:
        assert _levels(other.projects[0]) == after
    doc.apply(applied.inverse)
    assert _levels(form) == before


def test_a_new_projects_blank_rows_are_filled_before_rows_are_added(open_sample):
    from core.document.edits import add_project

    doc = open_sample("000")
    doc.apply(add_project(doc))
    form = doc.projects[-1]
    rows = len(form.grids["indicators"].rows)
    chosen = Library(load_shipped()).suggest(context_of(doc, form.id), "时效指标", "", 1)
    doc.apply(insert_indicators(doc, form.id, chosen))
    assert len(form.grids["indicators"].rows) == rows
    assert form.grids["indicators"].cell(2, "l3") == chosen[0].l3


def test_choosing_a_suggestion_fills_description_value_and_basis(open_sample):
    doc = open_sample("000")
    form = doc.projects[0]
    suggestion = Library(load_shipped()).suggest(context_of(doc, form.id), "质量指标", "办结", 1)[0]
    doc.apply(fill_row(doc, form.id, 1, suggestion))
    row = form.grids["indicators"].records()[1]
    assert (row["l3"], row["value"], row["basis"]) == ("法律援助案件办结率", "≥95%", "历史同期水平")
    assert row["description"].startswith("年度内办结的法律援助案件数")


def test_replacing_with_an_indicator_of_another_block_moves_it_there_in_one_step(open_sample):
    doc = open_sample("000")
    form = doc.projects[1]  # 法治工作经费: row 6 is 满意度 filed under 可持续影响
    before = _levels(form)
    suggestion = Library(load_shipped()).suggest(context_of(doc, form.id), "服务对象满意度指标", "", 1)[0]
    applied = doc.apply(replace_indicator(doc, form.id, 5, suggestion))
    assert len(_levels(form)) == len(before)
    assert _levels(form)[-1][:2] == ("满意度指标", "服务对象满意度指标")
    doc.apply(applied.inverse)
    assert _levels(form) == before


def test_a_fix_from_the_panel_cures_the_finding_and_undo_brings_it_back(open_sample):
    doc = open_sample("000")
    finding = next(f for f in validate(doc) if f.rule == "Q-INDICATOR" and f.location.field == "三级指标")
    fixes = fixes_for(doc, finding, Library(load_shipped()))
    assert fixes[0].label == "移到满意度指标"
    assert any(f.label.startswith("替换为「") for f in fixes)
    applied = doc.apply(fixes[0].edit)
    assert finding.key not in {f.key for f in validate(doc)}
    doc.apply(applied.inverse)
    assert finding.key in {f.key for f in validate(doc)}


def test_a_cost_cap_that_ignores_the_budget_is_set_to_the_budget(open_sample):
    doc = open_sample("001")
    finding = next(f for f in validate(doc) if f.rule == "P-COST" and "超过预算数" in f.message)
    fix = fixes_for(doc, finding, Library(load_shipped()))[0]
    assert fix.label == "改为「≤138.56万元」"
    doc.apply(fix.edit)
    assert not [f for f in validate(doc) if f.rule == "P-COST" and f.location == finding.location]


def test_a_missing_satisfaction_indicator_is_offered_from_the_officers_history(open_sample):
    last_year = open_sample("001")
    doc = open_sample("000")
    library = Library(load_shipped(), records_from(last_year))
    finding = next(f for f in validate(doc) if f.rule == "I-STRUCTURE" and "没有满意度指标" in f.message
                   and f.location.project == doc.projects[0].get("code"))
    fix = fixes_for(doc, finding, library)[0]
    assert fix.label.startswith("添加「") and "满意" in fix.label
    doc.apply(fix.edit)
    assert "满意度指标" in {r["l1"] for r in doc.projects[0].grids["indicators"].records()}


def test_filler_can_be_replaced_or_deleted(open_sample):
    doc = open_sample("002")
    finding = next(f for f in validate(doc) if f.rule == "Q-FILLER")
    labels = [f.label for f in fixes_for(doc, finding, Library(load_shipped()))]
    assert labels[-1] == "删除该行" and labels[0].startswith("替换为「")


def test_findings_no_indicator_cures_offer_nothing(open_sample):
    doc = open_sample("001")
    others = [f for f in validate(doc) if f.rule not in ("Q-INDICATOR", "I-STRUCTURE", "Q-FILLER", "P-COST")]
    assert others and all(fixes_for(doc, f, Library(load_shipped())) == [] for f in others[:40])


def test_a_new_legal_aid_project_starts_with_that_types_indicators(open_sample):
    doc = open_sample("000")
    assert "法律援助类" in [t.name for t in project_types()]
    rows = template_rows(doc, "legal-aid")
    assert ("产出指标", "数量指标", "法律援助案件受理数") in [tuple(r[:3]) for r in rows]
    assert not [r for r in rows if r[1] == "生态效益指标"]  # no filler
    assert [r[4] for r in rows if r[1] == "成本指标"] == ["≤__万元"]
    count = len(doc.projects)
    applied = doc.apply(new_project(doc, "legal-aid", name="法律援助经费"))
    assert len(doc.projects) == count + 1 and doc.projects[-1].get("name") == "法律援助经费"
    doc.apply(applied.inverse)
    assert len(doc.projects) == count
