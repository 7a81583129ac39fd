"""BudgetDesk's own .xlsx writer (core/file/xlsx_writer.py): what it writes reads back in openpyxl —
the reader Excel-compatible tools agree with — with every value, style and print setting the officer
set, whatever the texts hold (markup, ampersands, quotes, spaces at the ends)."""

import zipfile
from decimal import Decimal
from xml.dom import minidom

import openpyxl
import pytest

from core.errors import BudgetDeskError
from core.file.xlsx_writer import FRAME, Style, Workbook, column_letter


def test_columns_are_lettered_like_excel():
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


@pytest.fixture
def written(tmp_path):
    book = Workbook()
    sheet = book.sheet("收入总表 O'Brien & <b>")
    label = Style("宋体", 10, bold=True, horizontal="center", vertical="center", wrap=True, border=True,
                  fill="DDEBF7")
    sheet.put(1, 1, "<b>标题</b> & ]]> \"引号\"", Style("黑体", 16, bold=True))
    sheet.merge(1, 1, 1, 3)
    sheet.put(2, 1, "  前后空格  ", label)
    sheet.put(2, 2, Decimal("1234.50"), Style(number_format="0.00", border=True, horizontal="right"))
    sheet.put(2, 3, 7)
    sheet.put(3, 1, "=SUM(A1:A2)")
    sheet.put(3, 2, None, FRAME)
    sheet.put(3, 3, "第一行\n第二行", Style(indent=2, vertical="top"))
    sheet.put(4, 2, "文字", Style(number_format="0.00"))
    sheet.widths[1] = 30
    sheet.heights[2] = 28.5
    sheet.landscape = sheet.fit_to_width = sheet.centered = True
    sheet.margins = (0.5, 0.5, 0.6, 0.6)
    sheet.title_rows = (2, 2)
    sheet.freeze = (3, 2)
    sheet.auto_filter = (2, 1, 3, 3)
    sheet.header_right = "（草案）A&B"
    sheet.footer_center = "第 &P 页，共 &N 页"
    book.sheet("第二张")
    path = book.save(tmp_path / "w.xlsx")
    return path, openpyxl.load_workbook(path)


def test_values_and_kinds_read_back(written):
    _, book = written
    sheet = book.worksheets[0]
    assert sheet.title == "收入总表 O'Brien & <b>"
    assert sheet["A1"].value == "<b>标题</b> & ]]> \"引号\""
    assert sheet["A2"].value == "  前后空格  "
    assert sheet["B2"].value == Decimal("1234.5") and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == 7
    assert sheet["A3"].value == "=SUM(A1:A2)" and sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert sheet["C3"].value == "第一行\n第二行"
    assert sheet["B3"].value is None and sheet["B3"].border.left.style == "thin"
    assert sheet["B4"].number_format == "General"  # a number format is for numbers


def test_styles_read_back(written):
    _, book = written
    sheet = book.worksheets[0]
    title, label, amount = sheet["A1"], sheet["A2"], sheet["B2"]
    assert (title.font.name, title.font.sz, title.font.b) == ("黑体", 16, True)
    assert (label.font.name, label.font.sz, label.font.b) == ("宋体", 10, True)
    assert (label.alignment.horizontal, label.alignment.vertical, label.alignment.wrap_text) == ("center", "center", True)
    assert label.fill.fill_type == "solid" and label.fill.fgColor.rgb == "FFDDEBF7"
    assert all(getattr(label.border, side).style == "thin" for side in ("left", "right", "top", "bottom"))
    assert amount.number_format == "0.00" and amount.alignment.horizontal == "right"
    assert sheet["C3"].alignment.indent == 2 and not title.border.left.style


def test_layout_and_print_setup_read_back(written):
    _, book = written
    sheet, second = book.worksheets
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    assert sheet.column_dimensions["A"].width == 30 and sheet.row_dimensions[2].height == 28.5
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.freeze_panes == "B3" and sheet.auto_filter.ref == "A2:C3"
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), int(setup.fitToWidth), int(setup.fitToHeight)) == \
        ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_options.horizontalCentered
    assert (sheet.page_margins.left, sheet.page_margins.top) == (0.5, 0.6)
    assert sheet.oddHeader.right.text == "（草案）A&&B"  # && is how a header prints one &: never a code
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert second.title == "第二张" and second.page_setup.orientation == "portrait" and second.freeze_panes is None


def test_every_part_is_well_formed_xml(written):
    path, _ = written
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            minidom.parseString(archive.read(name))  # raises on anything not well formed


def test_a_file_that_cannot_be_written_is_said_and_nothing_is_left(tmp_path):
    book = Workbook()
    book.sheet("表").put(1, 1, "x")
    folder = tmp_path / "没有的文件夹"
    with pytest.raises(BudgetDeskError, match="无法写入"):
        book.save(folder / "x.xlsx")
    assert not folder.exists()
