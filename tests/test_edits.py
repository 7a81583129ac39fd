"""Every edit is committed as it is made, and every edit can be undone and redone — also after
reopening the file."""

import json

import pytest

from core.document import edits
from core.document.document import FormData, open_document
from core.errors import InputError
from core.file.json_format import to_json


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


# --- what Excel and WPS put on the clipboard, pasted into a document ----------------------------

def new_yuan_document(tmp_path):
    from core.templates import new_document

    return new_document(tmp_path / "yuan.bdoc", "某县司法局", None, 2025, money_unit="元")


def test_pasting_6wan_into_an_amount_cell_of_a_wanyuan_document_holds_6_00(open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    edit = edits.set_cells(doc, table.id, "rows", 0, 3, [["6万", "6万元", "60000元"]])
    doc.apply(edit)
    assert table.grids["rows"].values()[0][3:6] == ["6.00", "6.00", "6.00"]
    assert edit.notice is None  # exact: nothing to tell


def test_pasting_6wan_into_a_yuan_document_holds_60000_00(tmp_path):
    doc = new_yuan_document(tmp_path)
    try:
        table = doc.budget_table("收入总表")
        doc.apply(edits.set_cells(doc, table.id, "rows", 0, 3, [["6万", "1.5万元", "60000元"]]))
        assert table.grids["rows"].values()[0][3:6] == ["60000.00", "15000.00", "60000.00"]
    finally:
        doc.close()


def test_the_approval_table_reads_amounts_in_its_own_money_unit(open_sample):
    doc = open_sample("004")  # 批复表 in 元
    approval = doc.form("approval")
    doc.apply(edits.set_field(doc, approval.id, "project_special", "6万"))
    assert approval.get("project_special") == "60000.00"


def test_dashes_from_an_accounting_format_leave_numeric_cells_blank_and_text_cells_as_pasted(open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    doc.apply(edits.set_cells(doc, table.id, "rows", 1, 2, [["-", "-", "—", " - ", "¥ -"]]))
    assert table.grids["rows"].values()[1][2:7] == ["-", None, None, None, None]


def test_amounts_with_too_many_decimals_are_rounded_half_up_and_said_once(open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    edit = edits.set_cells(doc, table.id, "rows", 0, 3, [["1.2345675", "2.0000005", "3.1"],
                                                         ["0.0000004", "5", "6"]])
    doc.apply(edit)
    rows = table.grids["rows"].values()
    assert rows[0][3:6] == ["1.234568", "2.000001", "3.10"] and rows[1][3] == "0.00"
    assert edit.notice == "3 个金额小数位过多，已四舍五入到分（万元保留 6 位小数）。"
    assert doc.apply(edit).inverse.notice is None  # undo has nothing to announce


def test_a_typed_amount_in_a_yuan_document_keeps_two_decimals_and_says_so(open_sample):
    doc = open_sample("004")
    approval = doc.form("approval")
    edit = edits.set_field(doc, approval.id, "project_own", "12.345")
    doc.apply(edit)
    assert approval.get("project_own") == "12.35"
    assert edit.notice == "1 个金额小数位过多，已四舍五入到分（元保留 2 位小数）。"
    assert edits.set_field(doc, approval.id, "project_own", "12.34").notice is None


def test_every_refused_cell_of_a_paste_is_listed_and_nothing_changes(open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    before = reopened_json(doc)
    with pytest.raises(InputError) as refused:
        edits.set_cells(doc, table.id, "rows", 1, 3, [["1.00", "abc", "2.00"],
                                                      ["3.00", "4.00", "5%"],
                                                      ["两万", "6.00", "7.00"]])
    message = str(refused.value)
    assert message.splitlines()[0] == "粘贴未完成，表格没有改动：有 3 处无法填入，请改正后重新粘贴。"
    for where in ("第 2 行「本年收入/小计」", "第 3 行「本年收入/财政拨款收入」", "第 4 行「合计」"):
        assert where in message
    assert "「两万」" in message and "「5%」" in message
    assert reopened_json(doc) == before == to_json(doc)


def test_a_long_list_of_refused_cells_shows_the_first_ten_and_the_count(open_sample):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    with pytest.raises(InputError) as refused:
        edits.set_cells(doc, table.id, "rows", 0, 3, [["x"] * 10] * 3)
    lines = str(refused.value).splitlines()
    assert "有 30 处无法填入" in lines[0]
    assert len(lines) == 12 and lines[1].startswith("第 1 行「合计」") and lines[-1] == "等 30 处。"


def test_typing_100_at_12yuedi_of_a_project_planned_in_percent_holds_100_percent(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]  # 12348法律服务热线: 20%, 50%, 90%, 12月底 blank
    doc.apply(edits.set_field(doc, project.id, "plan_12", "100"))
    assert project.get("plan_12") == "100%"


def test_typing_a_number_into_a_project_planned_in_wanyuan_keeps_an_amount(open_sample):
    doc = open_sample("000")
    project = doc.projects[0]  # 0.50, 1.00, 1.50, 2.00 万元
    doc.apply(edits.set_field(doc, project.id, "plan_12", "2"))
    assert project.get("plan_12") == "2.00"
    doc.apply(edits.set_field(doc, project.id, "plan_10", "1.6万"))
    assert project.get("plan_10") == "1.60"


def test_the_first_plan_point_of_a_project_follows_the_documents_other_projects(open_sample, tmp_path):
    for sample, typed, stored in (("001", "25", "25%"), ("000", "0.5", "0.50")):
        doc = open_sample(sample)
        project = doc.projects[0]
        doc.apply(edits.SetFields(project.id, tuple((f"plan_{m}", None) for m in (3, 6, 10, 12))))
        doc.apply(edits.set_field(doc, project.id, "plan_3", typed))
        assert project.get("plan_3") == stored
    doc = new_yuan_document(tmp_path)  # no project has a plan yet: as the header 资金支出计划（%） says
    try:
        doc.apply(edits.add_project(doc))
        doc.apply(edits.set_field(doc, doc.projects[0].id, "plan_3", "25"))
        assert doc.projects[0].get("plan_3") == "25%"
    finally:
        doc.close()


def test_the_window_reads_what_a_field_would_hold_with_the_same_context(open_sample):
    doc = open_sample("001")
    project = doc.projects[0]
    context = edits.input_context(doc, project.id, "plan_12")
    assert project.field_spec("plan_12").normalize("100", context) == "100%"
    assert edits.input_context(doc, doc.form("overall").id).money_unit == "万元"


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
