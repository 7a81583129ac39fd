"""Copy and paste of ranges with Excel/WPS: tab-separated text, Excel's quoting.

What Excel and WPS put on the clipboard as text: cells separated by tabs, rows by CRLF, and a CRLF
after the last row too; a cell is quoted only when it holds a line break (its quotes then doubled);
a cell with quotes but no line break is put there as it is."""

from core.values.clipboard_text import block_to_text, text_to_block


def test_a_block_from_excel():
    assert text_to_block("a\tb\r\nc\td\r\n") == [["a", "b"], ["c", "d"]]
    assert text_to_block("1,234.56\n") == [["1,234.56"]]
    assert text_to_block("") == []


def test_a_single_cell_with_or_without_the_trailing_line_break():
    assert text_to_block("法律援助\r\n") == [["法律援助"]]
    assert text_to_block("法律援助") == [["法律援助"]]  # copied from inside a cell being edited
    assert text_to_block("\r\n") == [[""]]              # one empty cell: pasting it clears the cell


def test_a_cell_holding_line_breaks_is_one_cell():
    assert text_to_block('"第一行\n第二行"\t2.00\r\n') == [["第一行\n第二行", "2.00"]]
    assert text_to_block('"1.开展普法宣传\n"\r\n') == [["1.开展普法宣传\n"]]  # a single cell ending in a line break
    assert text_to_block('"""三公""经费\n说明"\tx\r\n') == [['"三公"经费\n说明', "x"]]


def test_quotes_in_a_cell_without_a_line_break_are_kept_as_excel_put_them():
    assert text_to_block('"三公"经费\t14.55\r\n') == [['"三公"经费', "14.55"]]
    assert text_to_block('He said "好"\r\n') == [['He said "好"']]
    assert text_to_block('"未闭合\tx\r\n') == [['"未闭合', "x"]]


def test_empty_trailing_cells_and_rows_are_kept():
    assert text_to_block("a\t\r\n") == [["a", ""]]
    assert text_to_block("a\tb\r\n\t\r\n") == [["a", "b"], ["", ""]]
    assert text_to_block("a\r\n\r\n") == [["a"], [""]]  # a column whose last cell is empty
    assert text_to_block("a\r\n\r\nb\r\n") == [["a"], [""], ["b"]]


def test_old_mac_line_ends():
    assert text_to_block("a\tb\rc\td\r") == [["a", "b"], ["c", "d"]]


def test_cells_with_line_breaks_and_quotes_survive_both_ways():
    block = [["第一行\n第二行", 'He said "好"'], [None, "x\ty"], ['"三公"经费', ""]]
    text = block_to_text(block)
    assert text_to_block(text) == [["第一行\n第二行", 'He said "好"'], ["", "x\ty"], ['"三公"经费', ""]]


def test_ragged_rows_are_padded():
    assert text_to_block("a\tb\tc\nd") == [["a", "b", "c"], ["d", "", ""]]
