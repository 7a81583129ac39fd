"""Large input always prints (issue 15): a merged 一级/二级 block taller than a page, a 绩效目标 of
100,000 characters, a 公开表 of 10,000 rows, a single cell taller than a page, a header or a merged
cell taller than a page, a very long project name. Nothing raises, nothing is dropped, nothing is
shrunk; a long table takes time in proportion to its rows."""

import re
import time

import pdfplumber
import pypdfium2 as pdfium
import pytest

from conftest import sample_json
from core.document import edits, forms
from core.file.json_format import import_json, read_json_file
from core.printing.pdf_export import MIN_FIGURE_SIZE, TOC_CHARS, PdfOptions, write_pdf

MARK = "◆"  # counted in the output: no sample text holds it


def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _document(tmp_path, prefix: str = "000", change=None):
    data = read_json_file(sample_json(prefix))
    if change is not None:
        change(data)
    return import_json(data, tmp_path / f"{prefix}.bdoc")


def _page_texts(path) -> list[str]:
    """Each page's text in the order it was drawn (a cell's text together), whitespace removed
    (pypdfium2: fast on hundreds of pages)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [_norm(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()


def _sentences(length: int, last: str) -> str:
    """A text of about ``length`` characters, a MARK in each sentence, ending with ``last``."""
    text, i = [], 0
    while sum(map(len, text)) < length - len(last):
        i += 1
        text.append(f"第{i}句目标{MARK}。")
    return "".join(text) + last


def _char_sizes(path) -> set[float]:
    """The font sizes of the printed characters (pypdfium2: pdfplumber takes seconds on a long text)."""
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    sizes = set()
    try:
        for i in range(len(pdf)):
            text = pdf[i].get_textpage()
            for k in range(text.count_chars()):
                if not raw.FPDFText_IsGenerated(text.raw, k) and not chr(raw.FPDFText_GetUnicode(text.raw, k)).isspace():
                    sizes.add(round(raw.FPDFText_GetFontSize(text.raw, k), 1))
    finally:
        pdf.close()
    return sizes


def test_sixty_indicator_rows_under_one_level_split_across_pages_with_the_merged_labels_repeated(tmp_path):
    doc = _document(tmp_path)
    project = doc.projects[0]
    grid = project.grids["indicators"]
    rows = tuple(("产出指标", "数量指标", f"三级{i:02d}{MARK}", f"描述{i}", "≥1次", "年度计划") for i in range(60))
    doc.apply(edits.DeleteRows(project.id, "indicators", 0, len(grid.rows)))
    doc.apply(edits.InsertRows(project.id, "indicators", 0, rows))
    path = write_pdf(doc, tmp_path / "p.pdf", PdfOptions(form_ids=[project.id], front_matter=False))
    texts = _page_texts(path)
    assert len(texts) >= 2
    assert [i for i in range(60) if f"三级{i:02d}{MARK}" not in "".join(texts)] == []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:  # each page the block runs over shows its 一级 and 二级 once: merged
            words = [w["text"] for w in page.extract_words()]
            assert words.count("产出指标") == 1 and words.count("数量指标") == 1, words
            assert any(MARK in w for w in words)
        assert _norm(pdf.pages[1].extract_text()).startswith("续表：")
    assert min(_char_sizes(path)) >= 8  # nothing shrunk


@pytest.mark.parametrize("length", [5_000, 100_000])
def test_a_long_goal_continues_on_the_following_pages_whole(tmp_path, length):
    doc = _document(tmp_path)
    project = doc.projects[0]
    goal = _sentences(length, "全文到此为止。")
    assert MARK not in "".join(str(v) for v in project.fields.values())
    doc.apply(edits.set_field(doc, project.id, "goal", goal))
    start = time.perf_counter()
    path = write_pdf(doc, tmp_path / "goal.pdf", PdfOptions(form_ids=[project.id]))
    took = time.perf_counter() - start
    print(f"a goal of {len(goal):,} characters: {took:.2f} s")
    texts = _page_texts(path)
    whole = "".join(texts)
    assert whole.count(MARK) == goal.count(MARK) and "全文到此为止。" in whole and "第1句目标" in whole
    assert len(texts) >= 2 + length // 4_000  # it runs on over the pages, at its own size
    assert min(_char_sizes(path)) >= 8
    assert took < 30


def test_a_long_explanation_paragraph_continues_on_the_following_pages(tmp_path):
    doc = _document(tmp_path, "001")
    explanation = doc.form(forms.EXPLANATION)
    text = _sentences(100_000, "说明到此为止。")
    doc.apply(edits.SetCells(explanation.id, "sections", ((0, 1, text),)))
    start = time.perf_counter()
    path = write_pdf(doc, tmp_path / "e.pdf", PdfOptions(form_ids=[explanation.id]))
    print(f"an explanation of {len(text):,} characters: {time.perf_counter() - start:.2f} s")
    whole = "".join(_page_texts(path))
    assert whole.count(MARK) == text.count(MARK) and "说明到此为止。" in whole


def _public_table_rows(doc, table, count: int):
    """``count`` rows of the 收支总表, their 收入 项目 R00000, R00001 …"""
    grid = table.grids["rows"]
    assert [c.label for c in grid.columns] == ["序号", "收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    rows = tuple((str(i + 1), f"R{i:05d}", "1.00", f"支出{i}", "2.00") for i in range(count))
    doc.apply(edits.DeleteRows(table.id, "rows", 0, len(grid.rows)))
    doc.apply(edits.InsertRows(table.id, "rows", 0, rows))


def test_a_public_table_of_ten_thousand_rows_prints_every_row_in_time_proportional_to_its_rows(tmp_path):
    doc = _document(tmp_path, "001")
    table = doc.budget_table("收支总表")
    took = {}
    for count in (1_000, 10_000):
        _public_table_rows(doc, table, count)
        start = time.perf_counter()
        path = write_pdf(doc, tmp_path / f"{count}.pdf", PdfOptions(form_ids=[table.id], front_matter=False))
        took[count] = time.perf_counter() - start
    print(f"a public table of 1,000 rows: {took[1_000]:.2f} s, of 10,000 rows: {took[10_000]:.2f} s")
    texts = _page_texts(path)
    whole = "".join(texts)
    found = set(re.findall(r"R\d{5}", whole))
    assert len(found) == 10_000 == whole.count("R")  # every row, once
    assert all("栏次" in text for text in texts)  # its header on every page
    assert took[10_000] < 25 * took[1_000]  # about ten times (linear); it was over forty (quadratic)
    assert took[10_000] < 60


def test_an_indicator_cell_taller_than_a_page_continues_on_the_next_with_its_labels_repeated(tmp_path):
    doc = _document(tmp_path)
    project = doc.projects[0]
    first = project.grids["indicators"].rows[0].cells
    description = _sentences(12_000, "描述到此为止。")
    doc.apply(edits.SetCells(project.id, "indicators", ((0, 3, description),)))
    path = write_pdf(doc, tmp_path / "cell.pdf", PdfOptions(form_ids=[project.id], front_matter=False))
    texts = _page_texts(path)
    whole = "".join(texts)
    assert whole.count(MARK) == description.count(MARK) and "描述到此为止。" in whole
    running = [text for text in texts if MARK in text]
    assert len(running) >= 3
    for text in running:  # the 一级, 二级 and 三级 of the row print again on each page it runs over
        assert all(_norm(label) in text for label in first[:3]), text[:80]
    assert min(_char_sizes(path)) >= 8


def test_a_public_table_cell_taller_than_a_page_continues_with_its_row_number_repeated(tmp_path):
    doc = _document(tmp_path, "001")
    table = doc.budget_table("收支总表")
    name = _sentences(8_000, "项目到此为止。")
    doc.apply(edits.SetCells(table.id, "rows", ((2, 1, name),)))
    path = write_pdf(doc, tmp_path / "t.pdf", PdfOptions(form_ids=[table.id], front_matter=False))
    texts = _page_texts(path)
    assert "".join(texts).count(MARK) == name.count(MARK) and "项目到此为止。" in "".join(texts)
    with pdfplumber.open(path) as pdf:
        running = [page for page in pdf.pages if MARK in page.extract_text()]
        assert len(running) >= 2
        for page in running:  # its 序号 (3) in the first column of each page it runs over
            numbers = [w["text"] for w in page.extract_words() if w["x0"] < 80 and w["text"].isdigit()]
            assert "3" in numbers, numbers


def test_a_header_or_a_merged_cell_taller_than_a_page_still_prints(tmp_path):
    def long_header(data):
        data["budget_tables"] = {"长表头表": {
            "unit": "单位", "columns": ["序号", "长" * 3000 + "头到此为止", "组" * 3000 + "/甲", "组/乙"],
            "rows": [["1", "a", "b", "c"], ["2", "d" * 5000 + "格到此为止", "e", "f"]]}}

    doc = _document(tmp_path, "001", long_header)
    path = write_pdf(doc, tmp_path / "h.pdf", PdfOptions(form_ids=[doc.budget_tables[0].id]))
    whole = "".join(_page_texts(path))
    assert "头到此为止" in whole and "格到此为止" in whole and whole.count("d") >= 5000
    assert whole.count("组") >= 3001


def test_a_very_long_project_name_prints_whole_and_shortened_in_the_contents(tmp_path):
    doc = _document(tmp_path, "001")
    project = doc.projects[0]
    name = "很长的项目名称" * 800 + "名称到此为止"
    doc.apply(edits.SetFields(project.id, (("name", name),)))
    path = write_pdf(doc, tmp_path / "n.pdf", PdfOptions(form_ids=[project.id]))
    texts = _page_texts(path)
    assert "".join(texts).count("名称到此为止") == 2  # its title and its 项目名称 cell
    contents = texts[1]
    assert f"1.{name[:TOC_CHARS - 2]}……" in contents and "名称到此为止" not in contents
    captions = [t[t.index("续表："):][:TOC_CHARS + 5] for t in texts if "续表：" in t]
    assert captions and all(c == f"续表：1.{name[:TOC_CHARS - 2]}……" for c in captions), captions[:1]


def test_a_public_table_too_wide_for_the_page_prints_in_bands_of_columns_at_a_readable_size(tmp_path):
    def wide(data):
        data["budget_tables"] = {"宽表": {"unit": "单位", "columns": ["序号"] + [f"本年收入/列{i:02d}" for i in range(80)],
                                        "rows": [[str(r)] + [f"{r}{i:02d}345.67" for i in range(80)] for r in (1, 2)]}}

    doc = _document(tmp_path, "001", wide)
    path = write_pdf(doc, tmp_path / "w.pdf", PdfOptions(form_ids=[doc.budget_tables[0].id], front_matter=False))
    texts = _page_texts(path)
    whole = "".join(texts)
    assert all(f"列{i:02d}" in whole and f"1{i:02d}345.67" in whole and f"2{i:02d}345.67" in whole for i in range(80))
    assert len(texts) >= 3 and all("栏次" in text and "本年收入" in text for text in texts)  # 序号 and header again
    assert all("续表：" in text for text in texts[1:])
    assert min(_char_sizes(path)) >= MIN_FIGURE_SIZE
