"""Real published budgets of another province, read against the 公开表 templates: the 2025 部门预算 of
上海市普陀区人民政府办公室 (tests/fixtures/real/putuo_zfb_2025.json: what a reader sees in its PDF) as
the budget system exports it to Excel — one sheet per table: the title, the ``编制部门：… 单位：元``
line, a header of up to three levels with merged cells and no 栏次 row, the rows, the 合计 row merged
over the code columns, the note; a cover sheet and sheets of text sections — and as the PDF itself.
Each reads back to its JSON cell by cell, with its 部门, 年度, template, money units and 情况说明, and
imports without --department/--year; a 单位预算 gets the 单位 template."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from conftest import FIXTURES
from core.document.budget_tables import column_kind, header_layout
from core.values.cell_input import AMOUNT
from core.file.json_format import to_json
from core.reading import import_file, read_file
from core.reading.budget_table import unit_line
from core.reading.recognize import recognize
from core.reading.rows import Row, Source

REAL = FIXTURES / "real"
SAMPLE = json.loads((REAL / "putuo_zfb_2025.json").read_text("utf-8"))
FRAME = Border(*(Side(style="thin"),) * 4)
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


# --- a workbook as the budget system exports one --------------------------------------------------

def _amount(cell, text: str) -> None:
    """An amount as a number cell whose format prints it as the PDF does (``96,282,213.44``,
    ``867.50``, ``0``)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    cell.value = float(Decimal(text.replace(",", ""))) if decimals else int(text.replace(",", ""))
    cell.number_format = ("#,##0" if "," in text else "0") + ("." + "0" * decimals if decimals else "")


def _table_sheet(book, printed_title: str, table: dict, unit_line_text: str, money: str, numbers: bool,
                 one_cell_unit_line: bool) -> None:
    sheet = book.create_sheet(table.get("sheet") or printed_title[5:25])
    columns = table["columns"]
    n = len(columns)
    sheet.cell(1, 1, printed_title)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    colon = ":" if money == "万元" else "："  # the 三公 table prints 单位:万元 (an ASCII colon)
    if one_cell_unit_line:
        sheet.cell(2, 1, f"{unit_line_text}    单位{colon}{money}")
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    else:
        sheet.cell(2, 1, unit_line_text)
        if n > 2:
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n - 1)
        sheet.cell(2, n, f"单位{colon}{money}")
    levels, cells = header_layout(columns)
    top = 3
    for cell in cells:
        sheet.cell(top + cell.row, cell.col + 1, cell.text)
        if cell.rows > 1 or cell.cols > 1:
            sheet.merge_cells(start_row=top + cell.row, start_column=cell.col + 1,
                              end_row=top + cell.row + cell.rows - 1, end_column=cell.col + cell.cols)
    first = top + levels
    spans = {(r, c): cols for r, c, cols in table.get("spans", [])}
    for r, row in enumerate(table["rows"]):
        for c, text in enumerate(row):
            cell = sheet.cell(first + r, c + 1)
            if text is None:
                continue
            if numbers and column_kind(columns[c]) == AMOUNT and _AMOUNT.match(text):
                _amount(cell, text)
            else:
                cell.value = text
                cell.number_format = "@"
        if (r, 0) in spans:
            sheet.merge_cells(start_row=first + r, start_column=1, end_row=first + r, end_column=spans[(r, 0)])
    last = first + len(table["rows"]) - 1
    for row in sheet.iter_rows(min_row=top, max_row=last, max_col=n):
        for cell in row:
            cell.border = FRAME
    if table.get("note"):
        sheet.cell(last + 1, 1, table["note"])
        sheet.merge_cells(start_row=last + 1, start_column=1, end_row=last + 1, end_column=n)


def _text_sheet(book, name: str, sections: list[dict]) -> None:
    sheet = book.create_sheet(name)
    row = 1
    for section in sections:
        sheet.cell(row, 1, section["title"])
        row += 1
        for line in (section["text"] or "").split("\n"):
            sheet.cell(row, 1, line)
            row += 1


def budget_workbook(path: Path, sample: dict, *, level: str = "部门", cover: bool = True,
                    repeated_header: str | None = None) -> Path:
    """The sample's content as the budget system's Excel export: a cover sheet, the text sections
    before the tables, a sheet per table (half of them with amounts as number cells), the sections
    after. ``repeated_header``: that table's rows run on under its header printed again (a page)."""
    book = Workbook()
    book.remove(book.active)
    label = "预算主管部门" if level == "部门" else "预算单位"
    if cover:
        sheet = book.create_sheet("封面")
        sheet.cell(1, 1, sample["cover_title"])
        sheet.cell(3, 1, f"{label}：{sample['department']}")
    sections = [{"title": s["title"], "text": s["text"]} for s in sample["explanation"]]
    tables_at = next(i for i, s in enumerate(sections) if s["title"].startswith("其他相关"))
    _text_sheet(book, "情况说明", sections[:tables_at])
    for n, (title, table) in enumerate(sample["budget_tables"].items()):
        printed = table["title"] if level == "部门" else table["title"].replace("年部门", "年单位", 1)
        line = table["unit_line"] if level == "部门" else f"编制单位：{sample['department']}"
        if repeated_header == title:
            table = _with_repeated_header(table)
        _table_sheet(book, printed, table, line, table["money_unit"], numbers=n % 2 == 0,
                     one_cell_unit_line=n % 3 == 0)
    _text_sheet(book, "其他情况说明", sections[tables_at:])
    book.save(path)
    return path


def _with_repeated_header(table: dict) -> dict:
    """The table with its header rows printed again in the middle of its rows (as on a new page)."""
    table = copy.deepcopy(table)
    half = len(table["rows"]) // 2
    levels, cells = header_layout(table["columns"])
    header = [[None] * len(table["columns"]) for _ in range(levels)]
    for cell in cells:
        header[cell.row][cell.col] = cell.text
    table["rows"] = table["rows"][:half] + header + table["rows"][half:]
    table["spans"] = [[r + levels if r >= half else r, c, cols] for r, c, cols in table.get("spans", [])]
    table["sheet"] = "续表" + table["title"][5:20]
    return table


def unit_sample() -> dict:
    """The sample as a 单位预算: 预算单位 on the cover, 编制单位 lines, ``2025年单位…`` titles, 本单位 notes."""
    sample = copy.deepcopy(SAMPLE)
    sample["department"] = "上海市普陀区交流服务中心"
    sample["cover_title"] = "上海市普陀区2025年区级单位预算"
    for table in sample["budget_tables"].values():
        if table["note"]:
            table["note"] = table["note"].replace("本部门", "本单位")
    for section in sample["explanation"]:
        section["title"] = section["title"].replace("部门预算编制说明", "单位预算编制说明")
    return sample


# --- what it must read back -----------------------------------------------------------------------

def assert_reads_as(result, sample: dict, template: str) -> None:
    data = result.data
    assert (data["department"], data["year"], data["money_unit"]) == (sample["department"], 2025, "元")
    assert data["template"] == template
    assert list(data["budget_tables"]) == list(sample["budget_tables"])
    for title, expected in sample["budget_tables"].items():
        got = data["budget_tables"][title]
        assert got["columns"] == expected["columns"], title
        assert got["rows"] == expected["rows"], title
        assert got["note"] == expected["note"], title
        assert got["unit"] is None, title  # the 编制部门 is the document's own 单位
        assert got.get("money_unit") == (expected["money_unit"] if expected["money_unit"] != "元" else None), title
    assert data["explanation"] == [{"title": s["title"], "text": s["text"]} for s in sample["explanation"]]
    assert result.missing == []


def test_budget_system_workbook_reads_to_its_json(tmp_path):
    path = budget_workbook(tmp_path / "putuo.xlsx", SAMPLE)
    result = read_file(path)
    assert_reads_as(result, SAMPLE, "shanghai-department")
    assert "公开表「“三公”经费和机关运行经费预算表」：7 列，1 行" in result.found


def test_budget_system_workbook_imports_without_department_or_year(tmp_path):
    path = budget_workbook(tmp_path / "putuo.xlsx", SAMPLE)
    doc, result, _ = import_file(path, tmp_path / "putuo.bdoc")
    with doc:
        got = to_json(doc)
    assert (got["department"], got["year"], got["money_unit"], got["template"]) == \
        ("上海市普陀区人民政府办公室", 2025, "元", "shanghai-department")
    for title, expected in SAMPLE["budget_tables"].items():
        table = got["budget_tables"][title]
        assert (table["columns"], table["rows"], table["note"]) == \
            (expected["columns"], expected["rows"], expected["note"]), title
    assert got["budget_tables"]["“三公”经费和机关运行经费预算表"]["money_unit"] == "万元"
    assert "money_unit" not in got["budget_tables"]["收入预算总表"]
    assert [s["title"] for s in got["explanation"]] == [s["title"] for s in SAMPLE["explanation"]]


def test_a_unit_budget_gets_the_unit_template(tmp_path):
    sample = unit_sample()
    path = budget_workbook(tmp_path / "unit.xlsx", sample, level="单位")
    result = read_file(path)
    assert_reads_as(result, sample, "shanghai-unit")
    assert result.data["explanation"][3]["title"] == "2025年单位预算编制说明"


def test_without_a_cover_the_unit_line_names_the_department_and_the_titles_the_year(tmp_path):
    path = budget_workbook(tmp_path / "nocover.xlsx", SAMPLE, cover=False)
    result = read_file(path)
    assert_reads_as(result, SAMPLE, "shanghai-department")
    unit = budget_workbook(tmp_path / "unit-nocover.xlsx", unit_sample(), level="单位", cover=False)
    assert_reads_as(read_file(unit), unit_sample(), "shanghai-unit")


def test_a_header_repeated_within_the_table_is_skipped(tmp_path):
    path = budget_workbook(tmp_path / "repeated.xlsx", SAMPLE, repeated_header="一般公共预算基本支出部门预算经济分类预算表")
    assert_reads_as(read_file(path), SAMPLE, "shanghai-department")


def test_the_real_pdf_reads_to_its_json():
    """The published PDF itself (tables drawn with filled rectangles, continuation pages with and
    without the repeated header, the 收支总表 padded with empty rows, a 目录 drawn as a table)."""
    result = read_file(REAL / "putuo_zfb_2025.pdf")
    assert_reads_as(result, SAMPLE, "shanghai-department")



def test_the_real_pdf_imported_holds_every_identity_and_prints_as_its_template(tmp_path):
    """Imported as the officer would (no --department/--year): validation finds nothing, and
    BudgetDesk's own PDF of it prints 上海's titles and unit lines, 合计 over the code columns."""
    import pdfplumber

    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.checks.validation import validate

    doc, _, _ = import_file(REAL / "putuo_zfb_2025.pdf", tmp_path / "putuo.bdoc")
    with doc:
        found = validate(doc)
        assert [f for f in found if f.severity == "error"] == []
        assert {f.rule for f in found} <= {"E-PERFORMANCE", "T-PUNCT"}  # the text's own slips, not the tables'
        write_pdf(doc, tmp_path / "out.pdf", PdfOptions())
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "2025年部门收入预算总表" in text and "编制部门：上海市普陀区人民政府办公室" in text
    assert "单位：万元" in text and "栏次" not in text

# --- the pieces, on rows of any reader -------------------------------------------------------------

@pytest.mark.parametrize("cells, expected", [
    (["编制部门：上海市普陀区人民政府办公室 单位：元"], ("上海市普陀区人民政府办公室", "编制部门", "元")),
    (["编制部门：上海市普陀区人民政府办公室单位:万元"], ("上海市普陀区人民政府办公室", "编制部门", "万元")),
    (["编制单位：324 承德市司法局", None, None, "单位：万元"], ("324 承德市司法局", "编制单位", "万元")),
    (["单位：324 承德市司法局"], ("324 承德市司法局", "单位", None)),
    (["315001 巨鹿县司法局本级", "单位：万元"], ("315001 巨鹿县司法局本级", None, "万元")),
    (["金额单位：元"], (None, None, "元")),
])
def test_unit_lines(cells, expected):
    line = unit_line(Row(cells, table=0))
    assert (line.unit, line.label, line.money_unit) == expected


@pytest.mark.parametrize("cells", [["项目", "数量", "价值（金额单位：万元）"], ["单位名称", "单位性质"],
                                   ["一、财政拨款收入", "91,016,775.35"]])
def test_header_and_data_rows_are_not_unit_lines(cells):
    assert unit_line(Row(cells, table=0)) is None


def _table(title: str, header: list[list], body: list[list], unit: str = "编制部门：某某局    单位：元") -> list[Row]:
    return [Row([title]), Row([unit]), *(Row(r, table=0) for r in header), *(Row(r, table=0) for r in body)]


def test_titles_of_any_form_and_tables_no_template_has():
    """A table number or the unit's name before the title, quotes of another kind; a 公开表 no
    template has is read by its rows of labels; a 目录 line or a 绩效目标表 is no table."""
    header = [["项目", None, "支出预算", None], ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出"]]
    body = [["201", "一般公共服务支出", "10.00", "8.00"], ["合计", None, "10.00", "8.00"]]
    rows = (_table("表1 2025年部门支出预算总表", header, body)
            + _table("某某局2025年部门\"三公\"经费和机关运行经费预算表",
                     [["“三公”经费预算数", None], ["合计", "公务接待费"]], [["1.00", "1.00"]], "单位:万元")
            + _table("2025年部门项目支出预算表", [["项目名称", "金额"]], [["办公设备购置", "20.00"], ["合计", "20.00"]])
            + [Row(["1. 2025年部门收入预算总表 ……………… 3"]), Row(["2025年部门整体绩效目标表"])])
    result = recognize(Source(rows))
    tables = result.data["budget_tables"]
    assert list(tables) == ["支出预算总表", "“三公”经费和机关运行经费预算表", "项目支出预算表"]
    assert tables["支出预算总表"]["columns"] == ["项目/功能分类科目编码", "项目/功能分类科目名称", "支出预算/合计",
                                            "支出预算/基本支出"]
    assert tables["支出预算总表"]["rows"] == body and tables["支出预算总表"]["unit"] is None
    assert tables["“三公”经费和机关运行经费预算表"]["money_unit"] == "万元"
    assert tables["项目支出预算表"]["rows"] == [["办公设备购置", "20.00"], ["合计", "20.00"]]
    assert (result.data["department"], result.data["year"], result.data["template"]) == \
        ("某某局", 2025, "shanghai-department")


def test_an_empty_table_keeps_its_total_row_out_of_the_header():
    """The 政府性基金 table of a 部门 without such funds: header, padding rows, the 合计 row alone."""
    header = [["项目", None, None, None, "政府性基金预算支出", None, None],
              ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
              ["类", "款", "项"]]
    rows = _table("2025年部门政府性基金预算支出功能分类预算表", header, [["合计", None, None, None]]) \
        + [Row(["注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"])]
    table = recognize(Source(rows)).data["budget_tables"]["政府性基金预算支出功能分类预算表"]
    expected = SAMPLE["budget_tables"]["政府性基金预算支出功能分类预算表"]
    assert (table["columns"], table["rows"], table["note"]) == (expected["columns"], expected["rows"], expected["note"])


def test_a_table_continued_under_its_title_again_is_one_table():
    header = [["本年收入", None, "本年支出", None], ["项目", "预算数", "项目", "预算数"]]
    first = _table("2025年部门财务收支预算总表", header, [["一、财政拨款收入", "5.00", "一、一般公共服务支出", "5.00"]])
    again = _table("2025年部门财务收支预算总表", header, [["收入总计", "5.00", "支出总计", "5.00"]])
    result = recognize(Source(first + again + [Row(["续表"]), Row(["", "", "", ""], table=1)]))
    assert result.data["budget_tables"]["财务收支预算总表"]["rows"] == [
        ["一、财政拨款收入", "5.00", "一、一般公共服务支出", "5.00"], ["收入总计", "5.00", "支出总计", "5.00"]]
    assert result.missing == []


def budget_document(path: Path, sample: dict) -> Path:
    """The sample as a Word file (a budget exported to .docx): paragraphs for the cover, the unit
    lines and the text, a table per 公开表 with gridSpan/vMerge merges."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(sample["cover_title"])
    document.add_paragraph(f"{sample['department_label']}：{sample['department']}")
    sections = [{"title": s["title"], "text": s["text"]} for s in sample["explanation"]]
    tables_at = next(i for i, s in enumerate(sections) if s["title"].startswith("其他相关"))

    def text(part):
        for section in part:
            document.add_paragraph(section["title"])
            for line in section["text"].split("\n"):
                document.add_paragraph(line)

    text(sections[:tables_at])
    for table in sample["budget_tables"].values():
        document.add_paragraph(table["title"])
        document.add_paragraph(f"{table['unit_line']}\t单位：{table['money_unit']}")
        levels, cells = header_layout(table["columns"])
        grid = document.add_table(rows=levels + len(table["rows"]), cols=len(table["columns"]))
        for cell in cells:
            target = grid.cell(cell.row, cell.col)
            if cell.rows > 1 or cell.cols > 1:
                target = target.merge(grid.cell(cell.row + cell.rows - 1, cell.col + cell.cols - 1))
            target.text = cell.text
        spans = {r: cols for r, c, cols in table["spans"]}
        for r, row in enumerate(table["rows"]):
            if r in spans:
                grid.cell(levels + r, 0).merge(grid.cell(levels + r, spans[r] - 1))
            for c, value in enumerate(row):
                if value is not None:
                    grid.cell(levels + r, c).text = value
        if table["note"]:
            document.add_paragraph(table["note"])
    text(sections[tables_at:])
    document.save(path)
    return path


def test_a_word_export_reads_the_same(tmp_path):
    result = read_file(budget_document(tmp_path / "putuo.docx", SAMPLE))
    assert_reads_as(result, SAMPLE, "shanghai-department")


@pytest.mark.parametrize("cover, unit, title, template", [
    ("预算主管部门", "编制部门", "2025年部门", "shanghai-department"),
    ("预算单位", "编制单位", "2025年单位", "shanghai-unit"),
    ("预算单位", "编制单位", "2025年部门", "shanghai-unit"),   # the titles alone do not outweigh the rest
    (None, "编制单位", "2025年单位", "shanghai-unit"),
    (None, "编制部门", "2025年部门", "shanghai-department"),
])
def test_the_level_follows_the_cover_the_unit_lines_and_the_titles(cover, unit, title, template):
    header = [["本年收入", None, "本年支出", None], ["项目", "预算数", "项目", "预算数"]]
    rows = [Row(["上海市普陀区2025年区级部门预算"])] + ([Row([f"{cover}：某某中心"])] if cover else [])
    rows += _table(f"{title}财务收支预算总表", header, [["收入总计", "5.00", "支出总计", "5.00"]], f"{unit}：某某中心 单位：元")
    data = recognize(Source(rows)).data
    assert (data["template"], data["department"], data["year"]) == (template, "某某中心", 2025)
    assert data["budget_tables"]["财务收支预算总表"]["unit"] is None


def test_a_contents_page_listing_the_titles_reads_nothing_twice():
    """A 目录 printing the section headings and table titles plainly (no dots, no numbers): the
    sections and tables are the ones after it, reported once."""
    header = [["本年收入", None, "本年支出", None], ["项目", "预算数", "项目", "预算数"]]
    contents = [Row(["目录"]), Row(["部门主要职能"]), Row(["2025年部门财务收支预算总表"]), Row(["其他相关情况说明"])]
    body = [Row(["部门主要职能"]), Row(["协助区政府领导处理日常工作。"])] \
        + _table("2025年部门财务收支预算总表", header, [["收入总计", "5.00", "支出总计", "5.00"]]) \
        + [Row(["其他相关情况说明"]), Row(["一、2025年“三公”经费预算情况说明"]), Row(["与2024年预算持平。"])]
    result = recognize(Source([Row(["上海市普陀区2025年区级部门预算"]), Row(["预算主管部门：某某局"])] + contents + body))
    assert result.data["explanation"] == [
        {"title": "部门主要职能", "text": "协助区政府领导处理日常工作。"},
        {"title": "其他相关情况说明", "text": "一、2025年“三公”经费预算情况说明\n与2024年预算持平。"}]
    assert result.data["budget_tables"]["财务收支预算总表"]["rows"] == [["收入总计", "5.00", "支出总计", "5.00"]]
    assert result.missing == []


@pytest.mark.parametrize("printed, stored", [
    ("2025年部门收入预算总表", "收入预算总表"),
    ("2025 年 单位 收入预算总表", "收入预算总表"),
    ("部门预算收支总表", "收支总表"),
    ("表3 2025年部门支出预算总表", "支出预算总表"),
    ("上海市普陀区人民政府办公室2025年部门财政拨款收支预算总表", "财政拨款收支预算总表"),
    ("2025年上海市普陀区人民政府办公室部门财务收支预算总表", "财务收支预算总表"),
    ('2025年部门"三公"经费和机关运行经费预算表', "“三公”经费和机关运行经费预算表"),
    ("2025年部门一般公共预算“三公”经费支出表", "一般公共预算“三公”经费支出表"),
    ("2025年部门项目支出预算表", "项目支出预算表"),  # no template has it: kept as printed
    ("1. 2025年部门收入预算总表 ……………… 3", None),  # a 目录 line
    ("2025年部门收入预算总表（续）", None),
    ("1.法律援助经费绩效目标表", None),
    ("部门预算公开表", None),
    ("2025年部门预算编制说明", None),
])
def test_table_titles(printed, stored):
    from core.reading.budget_table import known_titles, table_title

    assert table_title(printed, known_titles()) == stored
