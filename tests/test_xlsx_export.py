"""The .xlsx export: read back with openpyxl, every value of every table is in its own sheet, amounts
are numbers equal to the document's, and the sheets carry the print setup of the official tables."""

import re
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pytest

from conftest import ROOT
from core.document import edits, forms
from core.values import money
from core.errors import BudgetDeskError
from core.checks.validation import validate
from core.printing.xlsx_export import sheet_name, write_document_xlsx


def _norm(value) -> str:
    if isinstance(value, (int, float, Decimal)):
        return money.format_amount(Decimal(str(value)))
    return re.sub(r"\s+", "", str(value or ""))


def _sheet_by_title(book, title: str):
    return next(s for s in book.worksheets if _norm(s["A1"].value) == _norm(title))


def _values(sheet) -> set[str]:
    return {_norm(v) for row in sheet.iter_rows(values_only=True) for v in row if v not in (None, "")}


@pytest.fixture
def exported(open_sample, tmp_path):
    def make(prefix: str, **kwargs):
        doc = open_sample(prefix)
        path = write_document_xlsx(doc, tmp_path / f"{prefix}.xlsx", **kwargs)
        return doc, openpyxl.load_workbook(path)
    return make


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_every_project_value_is_in_its_own_sheet(exported, prefix):
    doc, book = exported(prefix)
    for number, form in enumerate(doc.projects, 1):
        sheet = _sheet_by_title(book, f"{number}.{form.get('name')}绩效目标表")
        found = _values(sheet)
        for field in forms.SPECS[forms.PROJECT].fields:
            value = form.get(field.key)
            if value and field.key != "unit":
                expected = money.printed(value) if field.kind == "amount" else _norm(value)
                assert expected in found, (form.get("name"), field.label, value)
        if form.get("unit"):
            assert _norm(form.get("unit")) in found
        for record in form.grids["indicators"].records():
            for key, value in record.items():
                if value:
                    assert _norm(value) in found, (form.get("name"), key, value)


def test_every_budget_table_cell_is_in_its_own_sheet_with_amounts_as_numbers(exported):
    doc, book = exported("001")
    for table in doc.budget_tables:
        sheet = _sheet_by_title(book, "部门预算" + table.get("title").removeprefix("部门预算"))
        found = _values(sheet)
        grid = table.grids["rows"]
        numbers = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, (int, float))]
        for row in grid.rows:
            for column, value in zip(grid.columns, row.cells):
                if value:
                    assert (money.printed(value) if column.kind == "amount" else _norm(value)) in found, \
                        (table.get("title"), column.label, value)
        amounts = [money.read_amount(v) for row in grid.rows for c, v in zip(grid.columns, row.cells)
                   if c.kind == "amount" and money.read_amount(v) is not None]
        assert sorted(Decimal(str(n)) for n in numbers) == sorted(amounts)  # every amount a number, exact
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.print_title_rows  # the header and 栏次 repeat on every printed page


def test_income_table_has_the_two_level_header_merged(exported):
    doc, book = exported("001")
    sheet = _sheet_by_title(book, "部门预算收入总表")
    merged = {str(r): sheet[str(r).split(":")[0]].value for r in sheet.merged_cells.ranges}
    assert "本年收入" in merged.values()
    top = next(r for r, v in merged.items() if v == "本年收入")
    start, end = top.split(":")
    below = [sheet.cell(row=sheet[start].row + 1, column=c).value
             for c in range(sheet[start].column, sheet[end].column + 1)]
    assert below[:2] == ["小计", "财政拨款收入"]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    assert any(r[0] == "栏次" for r in rows)
    first, last = (int(x) for x in sheet.print_title_rows.replace("$", "").split(":"))
    assert sheet.cell(row=last, column=1).value == "栏次" and first == sheet[start].row


def test_project_sheet_merges_like_the_official_table(exported):
    doc, book = exported("000")
    form = doc.projects[0]
    sheet = _sheet_by_title(book, f"1.{form.get('name')}绩效目标表")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "一级指标")
    outputs = sum(1 for r in form.grids["indicators"].records() if r["l1"] == "产出指标")
    assert f"A{header + 1}:A{header + outputs}" in merged  # 产出指标 merged down its rows
    assert "A1:G1" in merged and "B8:G8" in merged  # title and 绩效目标 across
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "portrait"
    assert sheet["C4"].value == Decimal(form.get("budget")) and sheet["C4"].number_format == "0.00"
    assert sheet.cell(row=header + 1, column=1).alignment.wrap_text


def test_approval_and_check_report_sheets(exported):
    doc, book = exported("004")
    assert [s.title for s in book.worksheets] == ["封面", "批复表"]
    assert {_norm(doc.department), _norm(f"{doc.year} 年部门预算绩效文本")} <= _values(book["封面"])
    approval = doc.form(forms.APPROVAL)
    found = _values(book["批复表"])
    for record in approval.grids["indicators"].records():
        for value in record.values():
            if value:
                assert _norm(value) in found
    assert money.printed(approval.get("funds_total")) in found


def test_check_report_sheet_and_chosen_forms(open_sample, tmp_path):
    doc = open_sample("002")
    findings = validate(doc)
    chosen = [doc.projects[1].id]
    book = openpyxl.load_workbook(write_document_xlsx(doc, tmp_path / "o.xlsx", form_ids=chosen, findings=findings))
    assert [s.title for s in book.worksheets] == [f"2.{doc.projects[1].get('name')}", "检查报告"]
    assert book["检查报告"].max_row == len(findings) + 2
    with pytest.raises(BudgetDeskError, match="请至少选择一张表"):
        write_document_xlsx(doc, tmp_path / "none.xlsx", form_ids=[])
    assert not (tmp_path / "none.xlsx").exists()


def test_user_text_that_looks_like_a_formula_stays_text(open_sample, tmp_path):
    doc = open_sample("000")
    project = doc.projects[0]
    doc.apply(edits.SetFields(project.id, (("purpose", '=SUM(A1:A9)&"x"'),)))
    doc.apply(edits.SetCells(project.id, "indicators", ((0, 5, "=1+1"),)))
    book = openpyxl.load_workbook(write_document_xlsx(doc, tmp_path / "f.xlsx"))
    sheet = _sheet_by_title(book, f"1.{project.get('name')}绩效目标表")
    values = _values(sheet)
    assert '=SUM(A1:A9)&"x"' in values and "=1+1" in values
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name("1.项目[一]/二:三*?" + "长" * 40, taken), sheet_name("收入总表", taken),
             sheet_name("收入总表", taken), sheet_name("", taken)]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == 4 and names[2] == "收入总表(2)"


def test_cli_exports_xlsx(tmp_path, open_sample):
    doc = open_sample("002")
    path = doc.path
    doc.close()
    out = tmp_path / "out.xlsx"
    command = [sys.executable, str(ROOT / "main.py"), "export", str(path), "--xlsx", str(out), "--forms", "法律援助"]
    refused = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 1 and "错误" in refused.stderr and not out.exists()  # seed 002 has an 错误
    result = subprocess.run(command + ["--draft"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert [s.title for s in book.worksheets] == ["5.法律援助"]
    assert book.worksheets[0].oddHeader.right.text == "（草案）"


def test_budget_table_unit_line_names_the_compiling_unit_left_and_the_money_unit_right(exported):
    doc, book = exported("001")
    sheet = _sheet_by_title(book, "部门预算收入总表")
    rows = [[c for c in row if c.value not in (None, "")] for row in sheet.iter_rows(max_row=4)]
    line = next(r for r in rows if r and str(r[0].value).startswith("编制单位"))
    assert [c.value for c in line] == ["编制单位：324 承德市司法局", "单位：万元"]
    assert line[0].column == 1 and line[-1].alignment.horizontal == "right"
    right = next(r for r in sheet.merged_cells.ranges if (r.min_row, r.min_col) == (line[-1].row, line[-1].column))
    assert right.max_col == sheet.max_column  # at the right edge of the table
    assert ["预算年度：2024"] in [[c.value for c in r] for r in rows]
    assert not any(str(v).startswith("单位：324") for v in _values(sheet))


def test_a_project_without_a_unit_line_prints_the_documents_unit(open_sample, tmp_path):
    doc = open_sample("001")  # its projects have no unit line of their own
    doc.apply(edits.SetFields(doc.meta.id, (("department_code", "324"),)))
    project = doc.projects[0]
    book = openpyxl.load_workbook(write_document_xlsx(doc, tmp_path / "p.xlsx", form_ids=[project.id]))
    sheet = book.worksheets[0]
    assert sheet["A2"].value == "324 承德市司法局" and sheet["F2"].value == "单位：万元"


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_amount_columns_are_wide_enough_to_show_every_amount(exported, prefix):
    """An amount wider than its column shows as #### in Excel and WPS: the column is sized to it."""
    doc, book = exported(prefix)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float, Decimal)):
                    shown = len(money.format_amount(Decimal(str(cell.value))))
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert width >= shown + 2, (sheet.title, cell.coordinate)
