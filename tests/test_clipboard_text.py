"""Copy and paste of ranges with Excel/WPS: tab-separated text, Excel's quoting."""

from core.clipboard_text import block_to_text, text_to_block


def test_a_block_from_excel():
    assert text_to_block("a\tb\r\nc\td\r\n") == [["a", "b"], ["c", "d"]]
    assert text_to_block("1,234.56\n") == [["1,234.56"]]
    assert text_to_block("") == []


def test_cells_with_line_breaks_and_quotes_survive_both_ways():
    block = [["第一行\n第二行", 'He said "好"'], [None, "x\ty"]]
    text = block_to_text(block)
    assert text_to_block(text) == [["第一行\n第二行", 'He said "好"'], ["", "x\ty"]]


def test_ragged_rows_are_padded():
    assert text_to_block("a\tb\tc\nd") == [["a", "b", "c"], ["d", "", ""]]
