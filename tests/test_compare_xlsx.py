"""The comparison workbook the officer hands to the 分管领导: a sheet per 公开表 and for the
projects, amounts exact numbers, texts never formulas, A4 landscape with a frozen header; and
``main.py compare`` that writes it."""

import subprocess
import sys

import openpyxl

from compare_story import change_spending, next_year_document
from conftest import ROOT, sample_json
from core.compare.comparison import comparison
from core.compare.xlsx import write_comparison_xlsx
from core.document import edits


def _find(sheet, text):
    return next(cell for row in sheet.iter_rows() for cell in row if cell.value == text)


def test_each_sheet_holds_exact_numbers_and_prints_on_a4_landscape(tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    out = write_comparison_xlsx(comparison(doc), tmp_path / "对比.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["收支总表（收入）", "收支总表（支出）", "收入总表"]
    assert book.sheetnames[-2:] == ["项目", "项目指标"]
    sheet = book["支出总表"]
    assert sheet["A1"].value == "支出总表　本年与上年对比"
    assert [sheet.cell(4, c).value for c in range(4, 8)] == ["2025年", "2024年", "增减额", "增减%"]
    row = _find(sheet, "行政运行").row
    this, last, change, percent = (sheet.cell(row, c) for c in range(4, 8))
    assert (this.value, last.value, change.value) == (1012.4, 967.35, 45.05)
    assert all(c.data_type == "n" and c.number_format == "0.00" for c in (this, last, change))
    assert percent.value == 0.047 and percent.number_format == "0.0%"
    assert sheet.freeze_panes == "D5" and sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    doc.close()


def test_stored_numbers_are_the_exact_amounts_and_no_cell_is_a_formula(tmp_path):
    import re
    import zipfile

    doc = next_year_document(tmp_path)
    project = doc.projects[0]
    doc.apply(edits.set_field(doc, project.id, "name", '=HYPERLINK("http://example.com","点")'))
    doc.apply(edits.set_field(doc, project.id, "budget", "66.74"))
    out = write_comparison_xlsx(comparison(doc), tmp_path / "对比.xlsx")
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)
    values = {v for s in sheets for v in re.findall(r"<v>([^<]*)</v>", s)}
    assert {"66.74", "22.59", "44.15"} <= values  # this year, last year, the change: never 66.73999…
    book = openpyxl.load_workbook(out)
    name = _find(book["项目"], '=HYPERLINK("http://example.com","点")')
    assert name.data_type == "s"
    doc.close()


def test_the_indicator_sheet_sets_each_value_beside_last_years(tmp_path):
    doc = next_year_document(tmp_path)
    project = doc.projects[0]
    doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 4, [["≥7500次"]]))
    book = openpyxl.load_workbook(write_comparison_xlsx(comparison(doc), tmp_path / "对比.xlsx"))
    sheet = book["项目指标"]
    row = _find(sheet, "解答12348来电次数").row
    assert [sheet.cell(row, c).value for c in (5, 6, 7, 9)] == ["≥7500次", "≥7000次", 500, "已调整"]
    doc.close()


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


def test_cli_compare_with_the_kept_year_and_with_last_years_file(tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    doc.close()
    out = tmp_path / "kept.xlsx"
    result = run("compare", tmp_path / "2025.bdoc", "--xlsx", out)
    assert result.returncode == 0, result.stderr
    assert "已导出" in result.stdout and out.exists()
    sheet = openpyxl.load_workbook(out)["支出总表"]
    assert sheet.cell(_find(sheet, "行政运行").row, 6).value == 45.05
    other = tmp_path / "with.xlsx"
    result = run("compare", tmp_path / "2025.bdoc", "--with", sample_json("001"), "--xlsx", other,
                 "--pdf", tmp_path / "charts.pdf")
    assert result.returncode == 0, result.stderr
    assert "上年数来源：「001_" in openpyxl.load_workbook(other)["支出总表"]["A2"].value
    assert (tmp_path / "charts.pdf").read_bytes().startswith(b"%PDF")


def test_cli_compare_says_in_chinese_what_is_wrong(tmp_path):
    result = run("compare", sample_json("001"), "--xlsx", tmp_path / "x.xlsx")
    assert result.returncode == 1 and "错误：" in result.stderr and "Traceback" not in result.stderr
    doc = next_year_document(tmp_path)
    doc.close()
    later = tmp_path / "later.json"
    import json

    data = json.loads(sample_json("001").read_text("utf-8"))
    data["year"] = 2026
    later.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("compare", tmp_path / "2025.bdoc", "--with", later, "--xlsx", tmp_path / "x.xlsx")
    assert result.returncode == 1 and "2026 年" in result.stderr and "上一年" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
