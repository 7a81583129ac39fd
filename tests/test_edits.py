"""Every edit is committed as it is made, and every edit can be undone and redone — also after
reopening the file."""

import json

import pytest

from core import edits
from core.document import FormData, open_document
from core.errors import InputError
from core.json_format import to_json


def reopened_json(doc):
    """The document as the file holds it now (opened read-only beside the open one)."""
    with open_document(doc.path, read_only=True) as other:
        return to_json(other)


def undo_redo(doc, edit):
    """Apply, undo, redo an edit, checking file and memory agree at each step; returns the states."""
    before = to_json(doc)
    applied = doc.apply(edit)
    after = to_json(doc)
    assert after != before, "the edit changed nothing"
    assert reopened_json(doc) == after
    undone = doc.apply(applied.inverse)
    assert to_json(doc) == before
    assert reopened_json(doc) == before
    doc.apply(undone.inverse)
    assert to_json(doc) == after
    assert reopened_json(doc) == after
    return before, after


def test_typing_a_cell(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    edit = edits.set_cells(doc, project.id, "indicators", 0, 4, [["≥2次"]])
    _, after = undo_redo(doc, edit)
    assert after["projects"][0]["indicators"][0]["value"] == "≥2次"


def test_pasting_a_block_is_one_edit(open_sample):
    doc = open_sample("000")
    project = doc.projects[1]
    block = [["a1", "b1", "c1", "d1"], ["a2", "b2", "c2", "d2"], ["a3", "b3", "c3", "d3"]]
    _, after = undo_redo(doc, edits.set_cells(doc, project.id, "indicators", 1, 2, block))
    rows = after["projects"][1]["indicators"]
    assert [rows[i]["l3"] for i in (1, 2, 3)] == ["a1", "a2", "a3"]
    assert rows[3]["basis"] == "d3"


def test_pasting_below_the_last_row_adds_rows_and_undo_removes_them(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    n = len(project.grids["indicators"])
    edit = edits.set_cells(doc, project.id, "indicators", n - 1, 0, [["产出指标"]] * 3)
    before, after = undo_redo(doc, edit)
    assert len(after["projects"][0]["indicators"]) == n + 2
    assert len(before["projects"][0]["indicators"]) == n


def test_pasting_past_the_right_edge_is_refused(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    with pytest.raises(InputError, match="右边界"):
        edits.set_cells(doc, project.id, "indicators", 0, 5, [["a", "b", "c"]])


def test_a_bad_amount_is_refused_and_the_old_value_kept(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    with pytest.raises(InputError, match="金额格式不正确"):
        edits.set_field(doc, project.id, "budget", "两万")
    assert project.get("budget") == "2.00"
    assert reopened_json(doc)["projects"][0]["budget"] == "2.00"


def test_setting_a_field_normalizes_what_was_typed(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    _, after = undo_redo(doc, edits.set_field(doc, project.id, "budget", "１,２３４.５"))
    assert after["projects"][0]["budget"] == "1234.50"


def test_a_bad_cell_in_a_pasted_budget_block_names_the_cell(open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    with pytest.raises(InputError, match="第 3 行「合计」"):
        edits.set_cells(doc, table.id, "rows", 1, 3, [["1.00"], ["abc"]])


def test_insert_delete_move_rows(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    grid = project.grids["indicators"]
    first_two = grid.values()[:2]
    undo_redo(doc, edits.InsertRows(project.id, "indicators", 1, (("产出指标", "数量指标", "新增"),)))
    assert grid.cell(1, "l3") == "新增" and grid.cell(1, "value") is None
    undo_redo(doc, edits.DeleteRows(project.id, "indicators", 0, 2))
    assert grid.values()[:2] != first_two
    first_two = grid.values()[:2]
    _, after = undo_redo(doc, edits.MoveRows(project.id, "indicators", 0, 2, 3))
    moved = after["projects"][0]["indicators"]
    assert [moved[3]["l3"], moved[4]["l3"]] == [first_two[0][2], first_two[1][2]]


def test_add_duplicate_delete_reorder_projects(open_sample):
    doc = open_sample("000")
    names = [p.get("name") for p in doc.projects]
    _, after = undo_redo(doc, edits.add_project(doc))
    assert len(after["projects"]) == len(names) + 1 and after["projects"][-1]["name"] is None
    _, after = undo_redo(doc, edits.duplicate_project(doc, 0))
    assert after["projects"][1]["name"] == names[0] + "（副本）"
    assert after["projects"][1]["indicators"] == after["projects"][0]["indicators"]
    _, after = undo_redo(doc, edits.move_project(0, 2))
    assert [p["name"] for p in after["projects"]][:3] == [names[0] + "（副本）", names[1], names[0]]
    _, after = undo_redo(doc, edits.delete_project(1))
    assert names[1] not in [p["name"] for p in after["projects"]]


def test_undoing_a_delete_brings_back_the_same_project_for_earlier_undos(open_sample):
    doc = open_sample("000")
    project = doc.projects[2]
    typed = doc.apply(edits.set_field(doc, project.id, "name", "改名"))
    deleted = doc.apply(edits.delete_project(2))
    doc.apply(deleted.inverse)
    doc.apply(typed.inverse)  # refers to the project by id: still valid after the undo
    assert doc.projects[2].get("name") == json.loads(json.dumps(to_json(doc)))["projects"][2]["name"]
    assert doc.projects[2].get("name") != "改名"


def test_a_long_session_of_edits_undone_in_reverse_restores_the_original(open_sample):
    doc = open_sample("001")
    original = to_json(doc)
    table = doc.budget_table("三公" and "财政拨款三公经费支出表")
    steps = [
        edits.set_cells(doc, table.id, "rows", 0, 2, [["15.00", "15.00"]]),
        edits.add_project(doc, 0, FormData("project", {"name": "新项目", "budget": "1.00"},
                                           {"indicators": [["产出指标", "数量指标", "x"]]})),
        edits.move_project(0, 5),
        edits.InsertRows(doc.form("overall").id, "measures", 0, (("标题", "内容"),)),
        edits.delete_project(10),
    ]
    inverses = [doc.apply(step).inverse for step in steps]
    for inverse in reversed(inverses):
        doc.apply(inverse)
    assert to_json(doc) == original
    assert reopened_json(doc) == original


def test_compound_edit_that_fails_midway_changes_nothing(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]
    before = to_json(doc)
    bad = edits.Compound((edits.InsertRows(project.id, "indicators", 0, (("x",),)),
                          edits.DeleteRows(project.id, "indicators", 99, 1)))
    with pytest.raises(IndexError):
        doc.apply(bad)
    assert to_json(doc) == before
    assert reopened_json(doc) == before
    doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 0, [["still works"]]))
    assert reopened_json(doc)["projects"][0]["indicators"][0]["l1"] == "still works"


def test_save_as_continues_in_the_copy_and_leaves_the_original_as_it_was(open_sample, tmp_path):
    doc = open_sample("000")
    original = doc.path
    doc.apply(edits.set_field(doc, doc.projects[0].id, "name", "另存前"))
    doc.save_as(tmp_path / "copy.bdoc")
    assert doc.path == tmp_path / "copy.bdoc" and not doc.read_only
    doc.apply(edits.set_field(doc, doc.projects[0].id, "name", "另存后"))
    assert reopened_json(doc)["projects"][0]["name"] == "另存后"
    with open_document(original) as before:
        assert before.projects[0].get("name") == "另存前"
        assert not before.read_only  # the original is no longer held by this document


def test_save_as_onto_a_file_open_elsewhere_is_refused_and_changes_nothing(open_sample, tmp_path):
    from core.errors import DocumentFileError

    doc = open_sample("000")
    other = open_sample("002")
    with pytest.raises(DocumentFileError, match="正在被"):
        doc.save_as(other.path)
    assert doc.path.name == "000.bdoc"
    doc.apply(edits.set_field(doc, doc.projects[0].id, "name", "仍可编辑"))
    assert other.projects[0].get("name") != "仍可编辑"
