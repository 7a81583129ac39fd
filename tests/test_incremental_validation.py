"""The validator reruns only the checks an edit can affect; its result must always equal a full
validation of the document as it is."""

from core.document import edits, forms
from core.checks.rules import RULES
from core.checks.validation import Validator, validate


def test_every_rule_says_what_it_reads():
    kinds = set(forms.KIND_ORDER)
    for check in RULES:
        each, reads = getattr(check, "each", None), getattr(check, "reads", None)
        assert (each is None) != (reads is None), check.__name__
        assert each in (kinds | {"any"}) if each else reads <= kinds, check.__name__


def test_after_every_kind_of_edit_the_result_equals_a_full_validation(open_sample):
    doc = open_sample("001")
    validator = Validator()
    assert validator.run(doc) == validate(doc)
    project = doc.projects[3]
    expenses = doc.budget_table("支出总表")
    explanation = doc.form(forms.EXPLANATION)
    steps = [
        edits.set_cells(doc, project.id, "indicators", 0, 4, [["有所提升"]]),         # a project's cell
        edits.set_field(doc, project.id, "budget", "999"),                           # a project's field
        edits.set_cells(doc, expenses.id, "rows", 0, 5, [["1.00"]]),                 # 支出总表 合计 项目支出
        edits.set_cells(doc, explanation.id, "sections", 0, 1, [["2024年预算收入1.00万元。"]]),
        edits.set_field(doc, doc.meta.id, "framework", "national-2021"),            # the framework
        edits.add_project(doc),                                                       # the list of forms
        edits.duplicate_project(doc, 0),
        edits.delete_project(2),
        edits.move_project(0, 5),
        edits.set_field(doc, doc.projects[0].id, "code", doc.projects[1].get("code")),
    ]
    for edit in steps:
        applied = doc.apply(edit)
        validator.forget(doc, [c.form_id for c in applied.all_changes])
        assert validator.run(doc) == validate(doc), edit.label
        applied = doc.apply(applied.inverse)  # and its undo
        validator.forget(doc, [c.form_id for c in applied.all_changes])
        assert validator.run(doc) == validate(doc), f"undo {edit.label}"
        doc.apply(edit)
        validator.forget(doc, None)
