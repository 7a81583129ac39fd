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
    basic, sangong = doc.budget_table("一般公共预算财政拨款基本支出表"), doc.budget_table("财政拨款三公经费支出表")
    summary = doc.budget_table("收支总表")
    explanation = doc.form(forms.EXPLANATION)
    steps = [
        edits.set_cells(doc, project.id, "indicators", 0, 4, [["有所提升"]]),         # a project's cell
        edits.set_field(doc, project.id, "budget", "999"),                           # a project's field
        edits.set_cells(doc, expenses.id, "rows", 0, 5, [["1.00"]]),                 # 支出总表 合计 项目支出
        edits.set_cells(doc, basic.id, "rows", 21, 3, [["99.00"]]),                    # 基本支出表 公务接待费
        edits.set_cells(doc, sangong.id, "rows", 7, 2, [["1.00"]]),                   # 三公 公务接待费
        edits.set_cells(doc, summary.id, "rows", 3, 4, [["1.00"]]),                   # 收支总表 公共安全支出
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


def test_the_window_tints_the_cells_a_full_validation_would(open_sample, qtbot):
    """The session moves only the findings an edit changed between cells; after a series of edits
    and undos every cell shows what a full validation finds there, and the cells reported changed
    are those whose findings differ."""
    from ui.session import DocumentSession

    doc = open_sample("001")
    session = DocumentSession(doc)
    session.revalidate()
    project, expenses = doc.projects[3], doc.budget_table("支出总表")

    def cells(findings):
        by_cell = {}
        for f in findings:
            if f.location.form_id is not None:
                row = None if f.location.row is None else f.location.row - 1
                by_cell.setdefault((f.location.form_id, row, f.location.field), []).append(f)
        return {k: sorted(v, key=lambda f: (f.rule, f.message)) for k, v in by_cell.items()}

    steps = [edits.set_cells(doc, project.id, "indicators", 0, 4, [["有所提升"]]),
             edits.set_cells(doc, expenses.id, "rows", 0, 5, [["1.00"]]),
             edits.set_field(doc, project.id, "budget", "999")]
    for edit in steps:
        before = cells(session.findings)
        assert session.perform(edit)
        session.revalidate()
        after = cells(validate(doc))
        assert cells(session.findings) == after
        shown = {k: sorted(session.findings_at(k[0], k[1], k[2]), key=lambda f: (f.rule, f.message))
                 for k in after}
        assert shown == after, edit.label
        assert all(not session.findings_at(*k) for k in before.keys() - after.keys()), edit.label
        changed = {(form_id, *cell) for form_id, found in session.changed_cells.items() for cell in found}
        assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} <= changed
        assert changed, edit.label  # each of these edits changes what some cell shows
    session.undo_stack.undo()
    session.revalidate()
    assert {k: sorted(session.findings_at(*k), key=lambda f: (f.rule, f.message))
            for k in cells(validate(doc))} == cells(validate(doc))


def test_a_long_session_of_edits_stays_equal_to_a_full_validation(open_sample):
    """What the rules remember between runs (a quoted figure per table, what a generated figure's
    source holds now, a check's unchanged findings) never outlives what it was read from: edit after
    edit, without starting afresh, with the 情况说明 written from the tables (so its figures are
    followed), the result is a full validation's."""
    from core.writing.explanation import propose, write_edit

    doc = open_sample("001")
    doc.apply(write_edit(doc, propose(doc)))
    validator = Validator()
    assert validator.run(doc) == validate(doc)
    income, spending = doc.budget_table("收入总表"), doc.budget_table("支出总表")
    sangong = doc.budget_table("财政拨款三公经费支出表")
    steps = [
        edits.set_cells(doc, income.id, "rows", 0, 3, [["1.00"]]),             # a generated figure's source
        edits.set_cells(doc, spending.id, "rows", 0, 3, [["2.00"]]),
        edits.set_cells(doc, sangong.id, "rows", 7, 2, [["3.00"]]),
        edits.set_field(doc, sangong.id, "title", "某表"),                      # the 三公 table loses its role
        edits.set_cells(doc, sangong.id, "rows", 7, 2, [["4.00"]]),
        edits.set_field(doc, sangong.id, "title", "财政拨款三公经费支出表"),     # and has it again
        edits.set_cells(doc, income.id, "rows", 0, 3, [[None]]),
        edits.set_cells(doc, doc.projects[0].id, "indicators", 0, 4, [["有所提升"]]),
    ]
    history = []
    for edit in steps:
        applied = doc.apply(edit)
        history.append(applied.inverse)
        validator.forget(doc, [c.form_id for c in applied.all_changes])
        assert validator.run(doc) == validate(doc), edit.label
    for inverse in reversed(history):  # and every undo
        applied = doc.apply(inverse)
        validator.forget(doc, [c.form_id for c in applied.all_changes])
        assert validator.run(doc) == validate(doc), f"undo {inverse.label}"
