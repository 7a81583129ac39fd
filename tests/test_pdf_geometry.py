"""The geometry of reading PDFs into rows (core/reading/pdf.py, core/reading/pdf_geometry.py): on a
real budget printed by the 上海 budget system (tests/fixtures/real/, its grid drawn with thin filled
rectangles and a white rectangle under every cell), every table's header and data rows come out in
order cell for cell, ruled empty rows left out, text lines outside the tables kept, nothing read
twice; and on small PDFs built here, the same drawn in general: rules from thin filled rectangles,
a cell's text the characters whose middle lies in it, white rectangles drawing no lines unless on a
dark area, text and rules cut by a clip read once, a form drawn inside its BBox.
"""

from __future__ import annotations

import re

import pytest

from core.reading.pdf import read_pdf
from real_sample import REAL_PDF, expected, find_tables, header_matches, squeeze, text_lines


@pytest.fixture(scope="module")
def real():
    return read_pdf(REAL_PDF)


# --- the real budget ------------------------------------------------------------------------------

def test_every_table_of_the_real_budget_is_read_cell_for_cell(real):
    """Each of the nine tables: its printed header rows together, then every data row in order
    with its cells as printed (``91,016,775.35``, blank ``""``, the cells 合计 covers ``None``)."""
    tables = expected()["budget_tables"]
    found = find_tables(real)
    assert [f.name for f in found] == list(tables)
    for f in found:
        assert f.header_at is not None, f"{f.name}: header not found"
        assert not f.wrong, f"{f.name}: {f.wrong[:3]}"
        assert f.right == f.cells, f.name
        assert None not in f.rows and f.rows == sorted(f.rows)


def test_the_real_budgets_table_rows_are_only_its_printed_rows(real):
    """Every table row read is a data row of the JSON or one of its table's header rows (a header
    repeated on a continuation page): no ruled empty row (the 收支总表 pads with 6 and 9 of them,
    the empty 政府性基金/国有资本 tables with 8), no row twice."""
    tables = expected()["budget_tables"]
    found = find_tables(real)
    data = {i for f in found for i in f.rows}
    heads = [h for t in tables.values() for h in t["header_rows"] if any(c is not None for c in h)]
    for i, row in enumerate(real.rows):
        if row.table is None:
            continue
        assert any(row.cells), f"an empty row read: {row}"
        assert i in data or any(header_matches(row, h) for h in heads), f"a row not printed in the JSON: {row.cells}"
    assert len(data) == sum(len(t["rows"]) for t in tables.values())


def test_continuation_pages_with_and_without_the_header_are_read(real):
    """收入预算总表 goes on overleaf without its header, 一般公共预算支出功能分类预算表 with it: both
    tables' rows are on two pages, in order."""
    found = {f.name: f for f in find_tables(real)}
    for name, repeated in (("收入预算总表", False), ("一般公共预算支出功能分类预算表", True)):
        rows = [real.rows[i] for i in found[name].rows]
        pages = sorted({row.page for row in rows})
        assert len(pages) == 2, name
        second = [row for row in real.rows if row.page == pages[1] and row.table is not None]
        assert header_matches(second[0], expected()["budget_tables"][name]["header_rows"][0]) is repeated, name


def test_the_text_outside_the_real_budgets_tables_is_read(real):
    """The cover, the 预算主管部门, each table's title and 编制部门 … 单位 line, the empty tables'
    notes, and every paragraph of the text sections, each once."""
    data = expected()
    lines = [squeeze(line) for line in text_lines(real)]
    assert data["cover_title"] in lines
    assert f"{data['department_label']}：{data['department']}" in lines
    for name, table in data["budget_tables"].items():
        assert lines.count(squeeze(table["title"])) == 1, name
        unit = re.compile(re.escape(squeeze(table["unit_line"])) + r"单位[:：]" + re.escape(table["money_unit"]) + "$")
        assert unit.match(lines[lines.index(squeeze(table["title"])) + 1]), name  # the line under the title
        if table["note"]:
            assert squeeze(table["note"]) in lines
    text = "".join(lines)
    for section in data["explanation"]:
        assert text.count(squeeze(section["title"])) >= 1, section["title"]
        assert text.count(squeeze(section["text"])) == 1, section["title"]  # read once: nothing cut and repeated


def test_the_table_of_contents_on_white_rectangles_is_text(real):
    """The 目录 page lays each line on a white filled rectangle: no table, its lines are text."""
    contents = [row for row in real.rows if row.page == 1]
    assert contents and all(row.table is None for row in contents)
    assert "目录" in [squeeze(row.cells[0]) for row in contents]


# --- the same geometry on PDFs built here ---------------------------------------------------------

FONT = "STSong-Light"


@pytest.fixture(autouse=True, params=["STSong-Light", "embedded"])
def font(request):
    """Each drawn page twice: in a CID font named but not embedded (as reportlab's UnicodeCIDFont
    writes it: PDFium cannot map its codes to text, so pdfminer reads the page) and in the bundled
    font embedded (PDFium reads the page)."""
    global FONT
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if request.param == "embedded":
        from core.printing.pdf_fonts import pdf_fonts

        FONT = pdf_fonts().body
    else:
        FONT = request.param
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    yield FONT
    FONT = "STSong-Light"


def _canvas(path, size=(420, 320)):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=size)
    c.setFont(FONT, 10)
    return c


def _ruled_table(c, x0, top, widths, heights, merged=(), rule=0.8, white=True, texts=None):
    """A grid of thin filled black rectangles (rules) over a white filled rectangle per cell, as
    the budget system draws it (a vertical rule one rectangle the height of the rows it divides);
    ``merged``: (row, first column, last column) without the rules
    between; ``texts``: (row, column) → text, written at the cell's left, 3 pt above its bottom."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    if white:
        c.setFillColorRGB(1, 1, 1)
        for r in range(len(heights)):
            for j in range(len(widths)):
                c.rect(xs[j], ys[r + 1], widths[j], heights[r], stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for y in ys:
        c.rect(xs[0], y - rule / 2, xs[-1] - xs[0], rule, stroke=0, fill=1)
    for j, x in enumerate(xs):  # each vertical rule one rectangle down to where a merged cell breaks it
        run = None
        for r in range(len(heights) + 1):
            broken = r == len(heights) or any(r == mr and a < j <= b for mr, a, b in merged)
            if broken and run is not None:
                c.rect(x - rule / 2, ys[r], rule, ys[run] - ys[r], stroke=0, fill=1)
                run = None
            elif not broken and run is None:
                run = r
    for (r, j), text in (texts or {}).items():
        c.drawString(xs[j] + 2, ys[r + 1] + 3, text)
    return xs, ys


def test_a_grid_of_filled_rectangles_is_read_as_a_table(tmp_path):
    """Rules drawn as thin filled rectangles, a white rectangle under each cell: the table read with
    its header, its amounts as printed, a blank cell ``""``, a ruled empty row left out, 合计 merged
    over the two code columns in the first cell and ``None`` in the one it covers; a name wrapped
    past its row's rule (its glyphs crossing the rule, their middles above it) in its own row."""
    path = tmp_path / "rules.pdf"
    c = _canvas(path)
    c.drawString(40, 290, "2025年部门收入预算总表")
    texts = {(0, 0): "类", (0, 1): "款", (0, 2): "科目名称", (0, 3): "金额",
             (1, 0): "201", (1, 2): "一般公共服务支出", (1, 3): "96,282,213.44",
             (2, 0): "201", (2, 1): "03", (2, 3): "0.00",
             (3, 0): "208", (3, 2): "其他", (3, 3): "0",
             (5, 0): "合计", (5, 3): "96,282,213.44"}
    xs, ys = _ruled_table(c, 40, 270, [40, 40, 160, 100], [20, 20, 30, 20, 20, 20], merged=[(5, 0, 1)], texts=texts)
    c.drawString(xs[2] + 2, ys[2] - 12, "政府办公厅（室）")  # row 2's name, two lines ...
    c.drawString(xs[2] + 2, ys[3] - 2, "及相关机构事务")  # ... the second crossing the row's rule
    c.save()
    source = read_pdf(path)
    table = [row.cells for row in source.rows if row.table is not None]
    assert table == [["类", "款", "科目名称", "金额"],
                     ["201", "", "一般公共服务支出", "96,282,213.44"],
                     ["201", "03", "政府办公厅（室）及相关机构事务", "0.00"],
                     ["208", "", "其他", "0"],
                     ["合计", None, "", "96,282,213.44"]]
    assert [row.cells for row in source.rows if row.table is None] == [["2025年部门收入预算总表"]]


def test_white_rectangles_alone_draw_no_table(tmp_path):
    """Lines of text each on a white filled rectangle (a table of contents, a page's white
    background) are text, not a table."""
    path = tmp_path / "white.pdf"
    c = _canvas(path)
    c.setFillColorRGB(1, 1, 1)
    c.rect(0, 0, 420, 320, stroke=0, fill=1)
    for i in range(4):
        c.setFillColorRGB(1, 1, 1)
        c.rect(40, 250 - 22 * i, 300, 22, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(44, 256 - 22 * i, f"{i + 1}. 第{i + 1}部分 ……………… {i + 3}")
    c.save()
    source = read_pdf(path)
    assert all(row.table is None for row in source.rows)
    assert [row.cells[0] for row in source.rows] == [f"{i + 1}. 第{i + 1}部分 ……………… {i + 3}" for i in range(4)]


def test_white_cells_cut_out_of_a_dark_area_are_a_table(tmp_path):
    """White cell rectangles laid on a dark filled area, the gaps between them the grid: a table."""
    path = tmp_path / "backdrop.pdf"
    c = _canvas(path)
    c.setFillColorRGB(0.2, 0.2, 0.2)
    c.rect(40, 200, 200, 60, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    for r in range(2):
        for j in range(2):
            c.rect(41 + 100 * j, 201 + 30 * r, 98, 28, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for (r, j), text in {(1, 0): "项目", (1, 1): "预算数", (0, 0): "合计", (0, 1): "1,000.00"}.items():
        c.drawString(45 + 100 * j, 210 + 30 * r, text)
    c.save()
    assert [row.cells for row in read_pdf(path).rows] == [["项目", "预算数"], ["合计", "1,000.00"]]


def test_text_and_rules_cut_by_the_clip_are_read_once(tmp_path):
    """A report tool prints a paragraph's last line and a table's last rows whole at the foot of a
    page, cut by the page's clip, then again on the next page: each is read once, where it shows.
    The rules the clip cuts end at it (the footer under it, with its own rule, is not a table row),
    and the clip ends with the Q that restores the state before it (the footer shows)."""
    path = tmp_path / "clip.pdf"
    c = _canvas(path)
    c.saveState()
    clip = c.beginPath()
    clip.rect(30, 70, 360, 240)  # the page's printable area: from 70 pt up
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(40, 290, "第一行写完了。")
    c.drawString(40, 275, "第二行也写完了。")
    _ruled_table(c, 40, 260, [80, 100], [20] * 12,  # down to 20 pt: rows 9 to 11 under the clip
                 texts={**{(r, 0): f"行{r}" for r in range(12)}, **{(r, 1): f"{r}.00" for r in range(12)}})
    c.drawString(250, 50, "被裁掉的一句话。")  # wholly under the clip
    c.restoreState()
    c.drawString(60, 45, "（完）")
    c.rect(30, 38, 360, 0.8, stroke=0, fill=1)
    c.showPage()
    c.setFont(FONT, 10)
    c.drawString(40, 290, "被裁掉的一句话。")
    _ruled_table(c, 40, 270, [80, 100], [20] * 3, texts={**{(r, 0): f"行{r + 9}" for r in range(3)},
                                                       **{(r, 1): f"{r + 9}.00" for r in range(3)}})
    c.save()
    source = read_pdf(path)
    lines = [(row.page, row.cells[0]) for row in source.rows if row.table is None]
    assert lines == [(0, "第一行写完了。"), (0, "第二行也写完了。"), (0, "（完）"), (1, "被裁掉的一句话。")]
    table = [(row.page, row.cells) for row in source.rows if row.table is not None]
    # the clip runs through row 9 (its text's middle below it): rows 0-8 on page 1, 9-11 on page 2
    assert table == [(0 if r < 9 else 1, [f"行{r}", f"{r}.00"]) for r in range(12)]


def test_a_form_is_drawn_inside_its_bbox(tmp_path):
    """What a form XObject draws outside its BBox does not show; the form's clip ends with it."""
    path = tmp_path / "form.pdf"
    c = _canvas(path)
    c.beginForm("stamp", 0, 0, 200, 40)
    c.setFont(FONT, 10)
    c.drawString(10, 10, "表内文字")
    c.drawString(10, 60, "表外文字")
    c.endForm()
    c.doForm("stamp")
    c.drawString(10, 200, "表单之后")
    c.save()
    assert [row.cells[0] for row in read_pdf(path).rows] == ["表单之后", "表内文字"]


def test_a_dense_grid_of_filled_rules_is_still_read_as_text(tmp_path):
    """The table finder's limits hold for rules drawn as rectangles: 100 × 100 crossing thin
    rectangles are too many crossings to look for cells in; the page is read as text, and said."""
    path = tmp_path / "dense.pdf"
    c = _canvas(path, size=(600, 900))
    for i in range(100):
        c.rect(20 + i * 5.5, 20, 0.5, 800, stroke=0, fill=1)
        c.rect(20, 20 + i * 8, 560, 0.5, stroke=0, fill=1)
    c.drawString(72, 860, "Grid")
    c.save()
    source = read_pdf(path)
    assert [row.cells for row in source.rows] == [["Grid"]]
    assert source.problems == ["PDF 第 1 页的表格线过多（10000 个交点），未能识别其中的表格，只读取了这一页的文字。"]
