"""The window opens a document and shows its forms (the editor itself is the next issue)."""

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("pytestqt")

from ui.main_window import MainWindow  # noqa: E402


def test_the_window_shows_every_project_and_table(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    assert "承德市司法局 2024" in window.windowTitle()
    top = [window.navigator.topLevelItem(i).text(0) for i in range(window.navigator.topLevelItemCount())]
    assert "项目支出绩效目标表" in top and "部门预算公开表" in top
    projects = next(window.navigator.topLevelItem(i) for i in range(len(top))
                    if window.navigator.topLevelItem(i).text(0) == "项目支出绩效目标表")
    assert projects.childCount() == 28
    window.select_form(doc.projects[0].id)
    page = window.page.widget()
    model = page.tables[0].model()
    assert model.rowCount() == 9
    assert model.index(0, 4).data() == "≥7000次"


def test_typing_into_a_cell_commits_and_undo_redo_follow(qtbot, open_sample):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    from core.document.document import open_document

    doc = open_sample("000")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.select_form(doc.projects[0].id)
    view = window.page.widget().tables[0]
    view.setCurrentIndex(view.model().index(0, 4))
    view.setFocus()
    qtbot.keyClick(view, ">")   # typing starts editing, as in Excel
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == ">"
    qtbot.keyClicks(editor, "=3")
    assert editor.text() == ">=3"
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()  # the delegate commits on Return through a queued call
    assert view.currentIndex().row() == 1  # Enter moves down, as in Excel
    assert doc.projects[0].grids["indicators"].cell(0, "value") == "≥3"
    with open_document(doc.path, read_only=True) as other:
        assert other.projects[0].grids["indicators"].cell(0, "value") == "≥3"
    assert "撤销" in window.undo_action.text()
    window.undo_action.trigger()
    assert doc.projects[0].grids["indicators"].cell(0, "value") == "≥1次"
    assert view.model().index(0, 4).data() == "≥1次"
    window.redo_action.trigger()
    assert view.model().index(0, 4).data() == "≥3"


def test_a_bad_amount_is_refused_with_a_message_and_the_old_value_kept(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    table = doc.budget_table("收入总表")
    window.select_form(table.id)
    model = window.page.widget().tables[0].model()
    assert not model.setData(model.index(1, 3), "三千")
    assert table.grids["rows"].cell(1, "c3") == "3397.31"
    assert "金额格式不正确" in window.statusBar().currentMessage()
    assert model.setData(model.index(1, 3), "３,３９７.３２")
    assert table.grids["rows"].cell(1, "c3") == "3397.32"


def _project_sheet(qtbot, doc, index=0):
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.select_form(doc.projects[index].id)
    return window, window.page.widget().tables[0]


def test_paste_a_3x4_block_from_excel_then_undo_and_reopen(qtbot, open_sample):
    from PySide6.QtGui import QGuiApplication

    from core.document.document import open_document

    doc = open_sample("000")
    window, view = _project_sheet(qtbot, doc, 1)
    QGuiApplication.clipboard().setText("a1\tb1\tc1\td1\r\na2\tb2\tc2\td2\r\na3\tb3\tc3\td3\r\n")
    view.setCurrentIndex(view.model().index(1, 2))
    view.paste()
    grid = doc.projects[1].grids["indicators"]
    assert [grid.cell(r, "l3") for r in (1, 2, 3)] == ["a1", "a2", "a3"]
    assert grid.cell(3, "basis") == "d3"
    window.undo_action.trigger()  # one step takes the whole block back
    assert grid.cell(1, "l3") != "a1"
    window.redo_action.trigger()
    assert grid.cell(3, "basis") == "d3"
    window.undo_action.trigger()
    with open_document(doc.path, read_only=True) as other:
        assert "a1" not in [r["l3"] for r in other.projects[1].grids["indicators"].records()]


def test_copy_then_paste_elsewhere_and_delete_clears_a_range(qtbot, open_sample):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
    from PySide6.QtGui import QGuiApplication

    doc = open_sample("000")
    window, view = _project_sheet(qtbot, doc)
    model = view.model()
    view.selectionModel().select(QItemSelection(model.index(0, 0), model.index(1, 2)),
                                 QItemSelectionModel.ClearAndSelect)
    view.copy_selection()
    assert QGuiApplication.clipboard().text().startswith("产出指标\t数量指标\t宣传次数\r\n")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Delete)
    grid = doc.projects[0].grids["indicators"]
    assert grid.cell(0, "l1") is None and grid.cell(1, "l3") is None
    window.undo_action.trigger()
    assert grid.cell(1, "l3") == "宣传覆盖率"
    window.redo_action.trigger()
    assert grid.cell(1, "l3") is None


def test_pasting_past_the_bottom_asks_before_adding_rows(qtbot, open_sample, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    doc = open_sample("000")
    window, view = _project_sheet(qtbot, doc)
    rows = view.model().rowCount()
    QGuiApplication.clipboard().setText("x\ny\nz")
    view.setCurrentIndex(view.model().index(rows - 1, 0))
    monkeypatch.setattr(view, "confirm_add_rows", lambda extra: False)
    view.paste()
    assert view.model().rowCount() == rows
    monkeypatch.setattr(view, "confirm_add_rows", lambda extra: extra == 2)
    view.paste()
    assert view.model().rowCount() == rows + 2
    assert doc.projects[0].grids["indicators"].cell(rows + 1, "l1") == "z"


def test_insert_delete_and_move_rows_from_the_menu_with_undo(qtbot, open_sample):
    doc = open_sample("000")
    window, view = _project_sheet(qtbot, doc)
    grid = doc.projects[0].grids["indicators"]
    names = [r["l3"] for r in grid.records()]
    view.setCurrentIndex(view.model().index(1, 0))
    window.row_actions["insert"].trigger()
    assert len(grid) == len(names) + 1 and grid.cell(1, "l3") is None
    window.row_actions["delete"].trigger()
    assert [r["l3"] for r in grid.records()] == names
    view.setCurrentIndex(view.model().index(0, 2))
    window.row_actions["down"].trigger()
    assert [r["l3"] for r in grid.records()][:2] == [names[1], names[0]]
    assert view.currentIndex().row() == 1
    after = grid.values()
    for _ in range(3):
        window.undo_action.trigger()
    assert [r["l3"] for r in grid.records()] == names
    for _ in range(3):
        window.redo_action.trigger()
    assert grid.values() == after


def test_add_duplicate_reorder_and_delete_projects_from_the_menu(qtbot, open_sample, monkeypatch):
    doc = open_sample("000")
    window, _ = _project_sheet(qtbot, doc)
    names = [p.get("name") for p in doc.projects]
    window.project_actions["duplicate"].trigger()
    assert doc.projects[1].get("name") == names[0] + "（副本）"
    assert window.current_form_id() == doc.projects[1].id
    window.project_actions["up"].trigger()
    assert doc.projects[0].get("name") == names[0] + "（副本）"
    window.project_actions["add"].trigger()
    assert len(doc.projects) == len(names) + 2 and doc.projects[1].get("name") is None
    monkeypatch.setattr(window, "confirm", lambda question: True)
    window.project_actions["delete"].trigger()
    assert len(doc.projects) == len(names) + 1
    after = [p.get("name") for p in doc.projects]
    for _ in range(4):
        window.undo_action.trigger()
    assert [p.get("name") for p in doc.projects] == names
    for _ in range(4):
        window.redo_action.trigger()
    assert [p.get("name") for p in doc.projects] == after
    for _ in range(4):
        window.undo_action.trigger()
    projects = next(window.navigator.topLevelItem(i) for i in range(window.navigator.topLevelItemCount())
                    if window.navigator.topLevelItem(i).text(0) == "项目支出绩效目标表")
    assert projects.childCount() == len(names)


def test_fields_commit_when_left_and_refuse_a_bad_amount(qtbot, open_sample):
    from core.document.document import open_document

    doc = open_sample("000")
    window, _ = _project_sheet(qtbot, doc)
    page = window.page.widget()
    budget = page.field_editors["budget"]
    budget.widget.setText("两万")
    budget.commit()
    assert budget.widget.text() == "2.00" and doc.projects[0].get("budget") == "2.00"
    assert "金额格式不正确" in window.statusBar().currentMessage()
    budget.widget.setText("１,２００.５")
    budget.commit()
    assert doc.projects[0].get("budget") == "1200.50"
    assert window.navigator.currentItem().text(1) == "1200.50"
    name = page.field_editors["name"]
    name.widget.setText("法律援助经费（新）")
    name.commit()
    window.undo_action.trigger()
    assert name.widget.text() == "法律援助经费"
    window.redo_action.trigger()
    assert name.widget.text() == "法律援助经费（新）"
    with open_document(doc.path, read_only=True) as other:
        assert other.projects[0].get("budget") == "1200.50"
        assert other.projects[0].get("name") == "法律援助经费（新）"


def test_status_bar_sums_the_selected_amounts_exactly(qtbot, open_sample):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.select_form(doc.budget_table("收入总表").id)
    assert window.form_label.text() == "收入总表"
    view = window.page.widget().tables[0]
    model = view.model()
    view.selectionModel().select(QItemSelection(model.index(3, 3), model.index(5, 3)),
                                 QItemSelectionModel.ClearAndSelect)
    assert window.sum_label.text() == "求和：1118.35　计数：3"  # 967.35 + 96.00 + 55.00


def test_a_document_in_use_opens_read_only_with_editing_disabled(qtbot, open_sample):
    from core.document.document import open_document

    doc = open_sample("000")
    with open_document(doc.path) as second:
        window = MainWindow(second)
        qtbot.addWidget(window)
        assert "只读" in window.windowTitle() and window.state_label.text() == "只读"
        assert not window.project_actions["add"].isEnabled()
        window.select_form(second.projects[0].id)
        page = window.page.widget()
        model = page.tables[0].model()
        assert not (model.flags(model.index(0, 0)) & Qt.ItemIsEditable)
        assert not page.field_editors["name"].widget.isEnabled()
        window.close()


def test_indicator_levels_are_merged_and_offered_from_the_framework(qtbot, open_sample):
    from ui.cell_delegate import column_options

    doc = open_sample("001")
    window, view = _project_sheet(qtbot, doc)
    assert view.rowSpan(0, 0) == 6  # 产出指标 over six rows, as printed
    assert view.rowSpan(0, 1) == 3  # 数量指标
    assert column_options(view.model(), 0) == ("产出指标", "效益指标", "满意度指标")
    assert "成本指标" in column_options(view.model(), 1)
    assert column_options(view.model(), 2) == ()


def test_the_window_remembers_its_size(qtbot, open_sample):
    doc = open_sample("000")
    window = MainWindow(doc)
    window.show()
    window.resize(700, 500)
    window.close()
    again = MainWindow(open_sample("001"))
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (700, 500)  # the offscreen screen is 800×600


def test_ctrl_f_finds_text_anywhere_and_goes_there(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.start_find()
    window.find_dock.query.setText("受援群众满意度")
    hits = window.find_dock.search()
    cell = next(h for h in hits if h.grid == "indicators")
    window.show_hit(cell)
    assert window.current_form_id() == cell.form_id
    view = window.page.widget().tables[0]
    assert (view.currentIndex().row(), view.currentIndex().column()) == (cell.row, cell.column)


def test_budget_tables_show_two_level_headers_and_the_column_numbers(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.select_form(doc.budget_table("收入总表").id)
    header = window.page.widget().tables[0].horizontalHeader()
    assert header.levels == 2 and header.labels[4] == ["本年收入", "小计"]
    assert [header.numbering(i) for i in (0, 1, 3)] == ["栏次", "1", "3"]


def test_an_editing_session_is_all_there_after_closing_and_reopening(qtbot, open_sample, monkeypatch):
    """Type, paste, restructure, refuse a bad amount, close the window: reopening finds it all."""
    from PySide6.QtGui import QGuiApplication

    from core.document.document import open_document

    doc = open_sample("000")
    path = doc.path
    window, view = _project_sheet(qtbot, doc)
    model = view.model()
    assert model.setData(model.index(0, 4), "≥5次")
    QGuiApplication.clipboard().setText("x1\tx2\tx3\tx4\ny1\ty2\ty3\ty4\nz1\tz2\tz3\tz4")
    view.setCurrentIndex(model.index(2, 1))
    view.paste()
    page = window.page.widget()
    page.field_editors["budget"].widget.setText("abc")
    page.field_editors["budget"].commit()
    page.field_editors["purpose"].widget.setPlainText("新的资金用途")
    page.field_editors["purpose"].commit()
    window.project_actions["duplicate"].trigger()
    window.project_actions["down"].trigger()
    window.project_actions["add"].trigger()
    window.close()  # closes the document too

    with open_document(path) as reopened:
        projects = reopened.projects
        assert projects[0].grids["indicators"].cell(0, "value") == "≥5次"
        assert projects[0].grids["indicators"].values()[2][1:5] == ["x1", "x2", "x3", "x4"]
        assert projects[0].grids["indicators"].values()[4][1:5] == ["z1", "z2", "z3", "z4"]
        assert projects[0].get("budget") == "2.00"  # "abc" was refused
        assert projects[0].get("purpose") == "新的资金用途"
        assert projects[2].get("name") == "法律援助经费（副本）"  # duplicated, then moved down
        assert projects[3].get("name") is None  # the added project, after the selected one
        assert len(projects) == 10


def test_paragraph_cells_are_edited_with_their_line_breaks(qtbot, open_sample):
    from PySide6.QtWidgets import QPlainTextEdit, QStyleOptionViewItem

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    explanation = doc.form("explanation")
    window.select_form(explanation.id)
    view = window.page.widget().tables[0]
    index = view.model().index(0, 1)
    delegate = view.itemDelegate()
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QPlainTextEdit)
    delegate.setEditorData(editor, index)
    text = editor.toPlainText()
    assert text.count("\n") > 5
    editor.setPlainText(text + "\n（十三）新增职责。")
    delegate.setModelData(editor, view.model(), index)
    assert explanation.grids["sections"].cell(0, "text").endswith("财政拨款\n（十三）新增职责。")


def test_the_new_document_dialog_makes_a_document_with_the_templates_forms(qtbot, tmp_path):
    from core.document.document import open_document
    from core.templates import new_document
    from ui.new_document_dialog import NewDocumentDialog

    dialog = NewDocumentDialog()
    qtbot.addWidget(dialog)
    dialog.department.setText("巨鹿县司法局")
    dialog.code.setText("315001")
    dialog.year.setValue(2026)
    dialog.money_unit.setCurrentText("元")
    new_document(tmp_path / "new.bdoc", **dialog.values()).close()
    with open_document(tmp_path / "new.bdoc") as doc:
        assert (doc.department, doc.year, doc.money_unit) == ("巨鹿县司法局", 2026, "元")
        assert doc.budget_table("收入总表").get("unit") == "315001 巨鹿县司法局"
        assert doc.meta.get("framework") == "hebei" and doc.projects == []


def test_a_finding_on_a_task_row_of_the_approval_table_shows_that_row(qtbot, open_sample):
    """The 批复表 has two grids: a finding on 年度主要任务's 主要内容 goes to that grid, not the indicators."""
    doc = open_sample("004")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    cut = next(f for f in window.findings_dock.findings if f.location.field == "主要内容" and f.location.row)
    window.show_finding(cut)
    tasks = window.page.widget().tables[list(doc.form("approval").grids).index("tasks")]
    assert tasks.currentIndex().row() == cut.location.row - 1
    assert tasks.model().headerData(tasks.currentIndex().column(), Qt.Horizontal, Qt.DisplayRole) == "主要内容"


def test_the_validation_panel_follows_the_edits_and_shows_the_cell(qtbot, open_sample):
    from PySide6.QtCore import Qt

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    errors = [f for f in window.findings_dock.findings if f.severity == "error"]
    assert len(errors) == 1 and "≤200万元" in errors[0].message
    assert "错误 1" in window.counts_label.text()
    window.show_finding(errors[0])
    view = window.page.widget().tables[0]
    index = view.currentIndex()
    assert index.row() == errors[0].location.row - 1
    assert view.model().data(index, Qt.BackgroundRole) is not None  # the cell is tinted
    assert "超过预算数" in view.model().data(index, Qt.ToolTipRole)
    assert view.model().setData(index, "≤138.56万元")
    window.revalidate()  # what the timer does once typing pauses
    assert not [f for f in window.findings_dock.findings if f.severity == "error"]
    assert "错误 0" in window.counts_label.text()
    assert view.model().data(index, Qt.BackgroundRole) is None


def test_fields_with_findings_are_tinted_with_the_message(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.select_form(doc.projects[0].id)  # 12月底 blank: a 警告
    editor = window.page.widget().field_editors["plan_12"]
    assert "12月底 未填写" in editor.widget.toolTip()
    editor.widget.setText("100%")
    editor.commit()
    window.revalidate()
    assert editor.widget.toolTip() == ""


def test_a_warning_is_explained_in_the_panel_and_undone(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    warning = next(f for f in window.findings_dock.findings if f.severity == "warning")
    assert window.explain(warning, "资金年底前全部支付。")
    assert window.findings_dock.notes[warning.note_key] == "资金年底前全部支付。"
    row = window.findings_dock.tree.findItems("资金年底前全部支付。", Qt.MatchExactly | Qt.MatchRecursive, 2)[0]
    assert row.data(0, Qt.UserRole) == warning
    window.undo_action.trigger()
    window.revalidate()
    assert warning.note_key not in window.findings_dock.notes


def test_the_check_report_is_exported_from_the_window(qtbot, open_sample, tmp_path):
    doc = open_sample("004")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    assert window.export_check_report(tmp_path / "检查报告.xlsx")
    assert (tmp_path / "检查报告.xlsx").stat().st_size > 0
    assert "已导出" in window.statusBar().currentMessage()


def _tree_text(tree):
    def walk(item, depth):
        yield "  " * depth + " | ".join(item.text(c) for c in range(3))
        for i in range(item.childCount()):
            yield from walk(item.child(i), depth + 1)
    return [line for i in range(tree.topLevelItemCount()) for line in walk(tree.topLevelItem(i), 0)]


def test_the_panel_updated_in_place_shows_what_a_fresh_panel_shows(qtbot, open_sample):
    from core.document import edits
    from ui.findings_dock import FindingsDock

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    project = doc.projects[5]
    steps = [edits.set_cells(doc, project.id, "indicators", 0, 4, [["XX"]]),   # a new 错误 in a project
             edits.set_field(doc, doc.projects[0].id, "plan_12", "100%"),       # a 警告 goes away
             edits.set_cells(doc, doc.budget_table("支出总表").id, "rows", 0, 5, [["1.00"]]),
             edits.set_field(doc, project.id, "name", "改名的项目"),
             edits.delete_project(1)]

    def same_as_fresh(label, severity=0):
        fresh = FindingsDock()
        fresh.filter.setCurrentIndex(severity)
        fresh.project_names = window.findings_dock.project_names
        fresh.show_findings(window.findings_dock.findings, window.findings_dock.notes)
        assert _tree_text(window.findings_dock.tree) == _tree_text(fresh.tree), label

    for edit in steps:
        assert window.session.perform(edit)
        window.revalidate()
        same_as_fresh(edit.label)
    # a project without findings gets one (its group comes, among the others), then loses it again
    clean = next(p for p in doc.projects
                 if not any(f.location.form_id == p.id for f in window.session.findings))
    value = clean.grids["indicators"].rows[0].cells[4]
    for edit in (edits.set_cells(doc, clean.id, "indicators", 0, 4, [["XX"]]),
                 edits.set_cells(doc, clean.id, "indicators", 0, 4, [[value]])):
        assert window.session.perform(edit)
        window.revalidate()
        same_as_fresh(f"{clean.title}：{edit.label}")
    # an export revalidates on its own between two edits: the panel still shows every change
    assert window.session.perform(edits.set_cells(doc, project.id, "indicators", 1, 4, [["YY"]]))
    window.session.revalidate()
    assert window.session.perform(edits.set_cells(doc, doc.budget_table("支出总表").id, "rows", 1, 5, [["2.00"]]))
    window.revalidate()
    same_as_fresh("导出之后")
    window.findings_dock.filter.setCurrentIndex(1)  # 仅错误
    severities = {line.split(" | ")[1] for line in _tree_text(window.findings_dock.tree)} - {""}
    assert severities == {"错误"}
    for edit in (edits.set_cells(doc, project.id, "indicators", 0, 4, [["≥1次"]]),  # the 错误 goes
                 edits.set_cells(doc, doc.budget_table("支出总表").id, "rows", 0, 5, [["3.00"]])):
        assert window.session.perform(edit)
        window.revalidate()
        same_as_fresh(f"仅错误：{edit.label}", severity=1)


def test_export_dialog_forces_a_draft_while_there_are_errors_and_chooses_forms(qtbot, open_sample):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.export_dialog import ExportDialog

    doc = open_sample("001")  # one 错误 (a cost above the budget)
    current = doc.projects[2].id
    dialog = ExportDialog(doc, "导出 PDF", errors=1, current_form_id=current)
    qtbot.addWidget(dialog)
    assert dialog.draft.isChecked() and not dialog.draft.isEnabled()
    assert dialog.choice().form_ids is None  # everything ticked: the whole document
    dialog.select({current})  # 仅当前表
    assert dialog.choice().form_ids == [current]
    dialog.select(set())
    assert not dialog.box.button(QDialogButtonBox.Ok).isEnabled()  # nothing to print
    clean = ExportDialog(doc, "导出 PDF", errors=0)
    qtbot.addWidget(clean)
    assert not clean.draft.isChecked() and clean.draft.isEnabled()


def test_export_refuses_a_submission_while_there_are_errors(qtbot, open_sample, tmp_path, monkeypatch):
    import openpyxl
    import pdfplumber
    from PySide6.QtWidgets import QMessageBox

    from ui.export_dialog import ExportChoice

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert not window.export_pdf(tmp_path / "out.pdf", ExportChoice(None, report=True, draft=False))
    assert not (tmp_path / "out.pdf").exists() and "1 项错误" in warnings[0]
    assert window.export_pdf(tmp_path / "out.pdf", ExportChoice(None, report=True, draft=True))
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        assert "(草案)" in pdf.pages[0].extract_text()
        assert "附：检查报告" in "".join(page.extract_text() for page in pdf.pages)
    assert "草案" in window.statusBar().currentMessage()
    chosen = [doc.projects[0].id, doc.budget_tables[1].id]
    assert window.export_xlsx(tmp_path / "out.xlsx", ExportChoice(chosen, draft=True))
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert [s.title for s in book.worksheets] == [f"1.{doc.projects[0].get('name')}", doc.budget_tables[1].get("title")]


def test_a_pdf_export_says_which_cells_lost_a_character_the_font_lacks(qtbot, open_sample, tmp_path, monkeypatch):
    """A name with 𠀀 (CJK Extension B) and 😀 prints them as a visible mark, and the officer is told
    where, instead of finding blanks in the printout."""
    from PySide6.QtWidgets import QMessageBox

    from core.document import edits
    from ui.export_dialog import ExportChoice

    doc = open_sample("000")
    project = doc.projects[0]
    doc.apply(edits.set_field(doc, project.id, "name", "𠀀村法律顾问😀"))
    window = MainWindow(doc)
    qtbot.addWidget(window)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert window.export_pdf(tmp_path / "out.pdf", ExportChoice(None, draft=True))
    [said] = warnings
    assert "项目名称" in said and "𠀀" in said and "😀" in said and "〓" in said


def test_printing_paints_exactly_the_pages_of_the_pdf(qtbot, open_sample, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from core.printing.pdf_export import PdfOptions, write_pdf
    from ui.printing import paint_pdf

    doc = open_sample("004")
    source = write_pdf(doc, tmp_path / "doc.pdf", PdfOptions())
    printer = QPrinter(QPrinter.ScreenResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(str(source)))
    assert paint_pdf(source, printer) == pages
    assert len(pdfium.PdfDocument(str(tmp_path / "printed.pdf"))) == pages


def test_import_last_year_reads_in_the_background_previews_and_writes_a_new_document(
        qtbot, open_sample, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from conftest import SAMPLE_FILES
    from core.document.document import open_document
    from core.file.json_format import to_json
    from ui.import_dialog import ImportPreview

    doc = open_sample("001")
    before = to_json(doc)
    window = MainWindow(doc)
    qtbot.addWidget(window)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert not window.import_last_year(broken, tmp_path / "x.bdoc")
    assert "损坏" in warnings[-1] and not (tmp_path / "x.bdoc").exists()

    def accept(preview):
        assert not preview.box.button(QDialogButtonBox.Ok).isEnabled()  # 单位 and 年度 are not in the file
        preview.department.setText("巨鹿县司法局")
        preview.year.setValue(2023)
        preview.items.item(2).setCheckState(Qt.Unchecked)  # leave out the second project
        return True

    monkeypatch.setattr(ImportPreview, "exec", accept)
    source = SAMPLE_FILES / "from_docx" / "000_2ced8c98250fdaa8.pdf"
    assert window.import_last_year(source, tmp_path / "2024.bdoc")
    assert to_json(doc) == before  # the open document never changed
    with open_document(tmp_path / "2024.bdoc", read_only=True) as new:
        assert new.year == 2024 and new.department == "巨鹿县司法局"
        names = [p.get("name") for p in new.projects]
        assert len(names) == 7 and "法治工作经费" not in names
        assert "冀财政法2022年55号提前下达2024年中央政法纪检监察转移支付资金" in names


def test_last_year_figures_show_beside_this_years_and_the_table_fits(qtbot, tmp_path):
    from core.reading import import_file
    from conftest import sample_json
    from ui.grid_model import LAST_YEAR_BACKGROUND
    from ui.main_window import TABLE_WIDTH

    source = tmp_path / "2024.json"
    source.write_bytes(sample_json("001").read_bytes())
    doc, _, _ = import_file(source, tmp_path / "2025.bdoc", next_year_from=True)
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.select_form(doc.projects[0].id)
    page = window.page.widget()
    assert page.field_editors["last_budget"].widget.text() == "22.59"
    view = page.tables[0]
    model = view.model()
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Horizontal) == "上年指标值"
    assert model.index(0, last).data() == "≥7000次"
    assert model.index(0, last).data(Qt.BackgroundRole) == LAST_YEAR_BACKGROUND
    assert model.index(0, 4).data(Qt.BackgroundRole) is None
    assert sum(view.columnWidth(c) for c in range(model.columnCount())) <= TABLE_WIDTH
    doc.close()


def test_import_into_the_open_document_is_undone_in_one_step(qtbot, open_sample, monkeypatch):
    from conftest import SAMPLE_FILES
    from core.file.json_format import to_json
    from ui.import_dialog import ImportPreview

    doc = open_sample("000")  # 巨鹿县司法局 2023
    before = to_json(doc)
    window = MainWindow(doc)
    qtbot.addWidget(window)

    def accept(preview):
        assert preview.to_current.isVisibleTo(preview) and "巨鹿县司法局 2023 年" in preview.to_current.text()
        preview.to_current.setChecked(True)
        assert not preview.department.isEnabled()
        preview.year.setValue(2022)  # the file is last year's: started from it, into this year's document
        return True

    monkeypatch.setattr(ImportPreview, "exec", accept)
    source = SAMPLE_FILES / "002_1366c6b225da8731.xlsx"
    assert window.import_last_year(source)
    after = to_json(doc)
    assert after["year"] == 2023 and len(after["projects"]) > len(before["projects"])
    added = after["projects"][len(before["projects"])]
    assert added["last_budget"] == added["budget"]  # started from last year: 上年数 kept
    window.session.undo_stack.undo()
    assert to_json(doc) == before


def test_an_edit_refused_because_another_program_changed_the_file_shows_the_file_and_forgets_undo(
        qtbot, open_sample):
    import sqlite3

    from core.document import edits

    doc = open_sample("000")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    project = doc.projects[0]
    assert window.session.perform(edits.set_field(doc, project.id, "name", "我改的名称"))
    with sqlite3.connect(doc.path) as other:  # another program writes the file behind our back
        other.execute("UPDATE field SET value = '别人改的名称' WHERE form_id = ? AND name = 'name'", (project.id,))
    window.select_form(project.id)
    model = window.page.widget().tables[0].model()
    assert not model.setData(model.index(0, 4), "≥2次")
    assert "被其他程序修改过" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0
    page = window.page.widget()
    assert page.field_editors["name"].widget.text() == "别人改的名称"
    assert window.navigator.currentItem().text(0) == "别人改的名称"


def test_the_panel_names_a_renamed_project_and_shows_a_changed_figure(qtbot, open_sample):
    """Rename a project: its group in the 检查结果 panel says the new name; type another amount into a
    row a finding is about: that finding's row says the new figure (the panel changes rows in place)."""
    from core.document import edits

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    dock = window.findings_dock
    project = next(p for p in doc.projects if any(f.location.form_id == p.id for f in dock.findings))
    code = project.get("code")
    assert window.session.perform(edits.set_field(doc, project.id, "name", "改名后的项目"))
    window.revalidate()
    label = dock._project_items[(dock.findings[[f.location.project for f in dock.findings].index(code)]
                                 .location.form, code)].text(0)
    assert label == f"{code} 改名后的项目"

    def shown_messages():
        texts = []
        for i in range(dock.tree.topLevelItemCount()):
            top = dock.tree.topLevelItem(i)
            stack = [top]
            while stack:
                item = stack.pop()
                texts.append(item.text(0))
                stack += [item.child(k) for k in range(item.childCount())]
        return texts
    table = doc.budget_table("收入总表")
    finding = next(f for f in dock.findings if f.location.form_id == table.id and f.rule == "B-SUBJECT-SUM")
    row, column = finding.location.row - 1, finding.location.field
    col = next(i for i, c in enumerate(table.grids["rows"].columns) if c.label == column)
    assert window.session.perform(edits.set_cells(doc, table.id, "rows", row, col, [["1234.56"]]))
    window.revalidate()
    assert any("1234.56" in text for text in shown_messages())
    assert not any(text == finding.message for text in shown_messages())
