"""The printed document: read back with pdfplumber, every value of every table is in its own table;
the layout rules (landscape 公开表, repeated headers, escaped text, watermark) hold."""

import re
import subprocess
import sys

import pdfplumber
import pytest

from conftest import ROOT, SEEDS
from core.values import cell_input, money
from core.document import edits, forms
from core.document.document import finance_bureau
from core.errors import BudgetDeskError
from core.printing.pdf_export import MIN_FIGURE_SIZE, PdfOptions, write_pdf
from core.printing.pdf_fonts import pdf_fonts
from core.checks.validation import validate


def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _pages_by_title(pdf, titles: list[str]) -> dict[str, list]:
    """Each form's pages: from the page its printed title starts on (after the 目录) to the next's."""
    texts = [_norm(page.extract_text()) for page in pdf.pages]
    body = next(i for i, t in enumerate(texts) if i > 1 and "....." not in t)  # after the 目录's dot leaders
    starts = []
    for title in titles:
        start = next(i for i in range(max([body] + [s for _, s in starts]), len(texts)) if _norm(title) in texts[i])
        starts.append((title, start))
    pages = {}
    for n, (title, start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(texts)
        pages[title] = pdf.pages[start:max(end, start + 1)]
    return pages


def _cells(pages) -> set[str]:
    return {_norm(cell) for page in pages for table in page.extract_tables() for row in table for cell in row if cell}


def _cell_of(page, word) -> tuple:
    """The (x0, top, x1, bottom) of the table cell a word is printed in."""
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return next(cell for table in page.find_tables() for cell in table.cells
                if cell and cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3])


def _printed_whole(page, amounts) -> list[dict]:
    """Each amount as the one word it prints as (never broken over lines), inside its cell."""
    words = page.extract_words(extra_attrs=["size"])
    found = []
    for amount in amounts:
        matches = [w for w in words if w["text"] == amount]
        assert matches, (amount, [w["text"] for w in words if w["text"][:1].isdigit()])
        for word in matches:
            x0, _, x1, _ = _cell_of(page, word)
            assert x0 < word["x0"] and word["x1"] < x1, (amount, "outside its cell")
        found += matches
    return found


def _row_heights(page) -> list[float]:
    """The gaps between the horizontal grid lines of a page's tables: its rows' heights."""
    ys = sorted({round(line["top"], 1) for line in page.lines if abs(line["top"] - line["bottom"]) < 0.1})
    return [b - a for a, b in zip(ys, ys[1:])]


def _lines(page) -> list[dict]:
    return [dict(line, text=_norm(line["text"])) for line in page.extract_text_lines()]


FUND_KEYS = ["funds_total"] + [f"{part}_{key}" for part in ("basic", "project") for key, _ in forms.FUND_PARTS]


@pytest.fixture(scope="module")
def sample_001_pdf(tmp_path_factory):
    from conftest import sample_json
    from core.file.json_format import import_json, read_json_file

    folder = tmp_path_factory.mktemp("pdf")
    doc = import_json(read_json_file(sample_json("001")), folder / "001.bdoc")
    path = write_pdf(doc, folder / "001.pdf")
    yield doc, pdfplumber.open(path), path
    doc.close()


def test_every_value_of_every_project_table_is_in_that_table(sample_001_pdf):
    doc, pdf, _ = sample_001_pdf
    titles = [f"{i}.{p.get('name')}绩效目标表" for i, p in enumerate(doc.projects, 1)]
    pages = _pages_by_title(pdf, titles)
    for title, project in zip(titles, doc.projects):
        cells = _cells(pages[title])
        expected = [project.get(k) for k in ("code", "name", "purpose", "goal", "plan_3", "plan_6", "plan_10", "plan_12")]
        expected += [c for row in project.grids["indicators"].rows for c in row.cells]
        missing = [v for v in expected if v and _norm(v) not in cells]
        assert not missing, (title, missing)


def test_every_amount_of_every_budget_table_is_in_that_table_across_page_breaks(sample_001_pdf):
    doc, pdf, _ = sample_001_pdf
    tables = [t for t in doc.budget_tables if t.grids["rows"].rows]
    titles = [t.title if t.title.startswith("部门预算") else f"部门预算{t.title}" for t in tables]
    pages = _pages_by_title(pdf, titles + ["部门预算信息公开情况说明"])
    for title, table in zip(titles, tables):
        cells = _cells(pages[title])
        missing = [v for row in table.grids["rows"].rows for v in row.cells if v and _norm(v) not in cells]
        assert not missing, (title, missing[:5])
        for page in pages[title]:
            assert page.width > page.height  # the wide 公开表 are landscape
    income = pages["部门预算收入总表"]
    assert len(income) >= 2  # 35 rows: continues on a second page …
    for page in income:  # … with its header and 栏次 row repeated
        assert "本年收入" in page.extract_text() and "栏次" in page.extract_text()


def test_project_pages_are_portrait_and_the_contents_page_numbers_are_real(sample_001_pdf):
    doc, pdf, _ = sample_001_pdf
    first = f"1.{doc.projects[0].get('name')}绩效目标表"
    contents = pdf.pages[1].extract_text()
    listed = re.search(re.escape(first) + r"[\s.]*?(\d+)\s*$", contents, re.M)
    printed_number = int(listed.group(1))
    page = pdf.pages[printed_number]  # page n is printed "— n —"; the cover has no number
    assert _norm(first) in _norm(page.extract_text()) and f"—{printed_number}—" in _norm(page.extract_text())
    assert page.height > page.width


def test_the_cover_and_the_fonts(sample_001_pdf):
    doc, pdf, path = sample_001_pdf
    cover = _norm(pdf.pages[0].extract_text())
    assert cover == _norm("承德市司法局 2024 年部门预算绩效文本 承德市司法局编制 承德市财政局审核")
    assert finance_bureau("巨鹿县司法局") == "巨鹿县财政局"
    assert path.stat().st_size < 600_000  # the font is embedded as a subset, not its 5 MB


def test_no_character_of_the_seeds_prints_as_a_box():
    text = "".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt"))
    assert len(set(text)) > 500
    assert pdf_fonts().missing(text) == set()


def test_user_text_is_never_markup_and_the_draft_has_its_watermark(open_sample, tmp_path):
    doc = open_sample("000")
    project = doc.projects[0]
    doc.apply(edits.set_field(doc, project.id, "goal", "A<b>粗体</b> & 1<2 >3 <font size=40>"))
    path = write_pdf(doc, tmp_path / "draft.pdf", PdfOptions(form_ids=[project.id], draft=True))
    with pdfplumber.open(path) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
        assert "A<b>粗体</b>&1<2>3<fontsize=40>" in _norm(text)
        assert all({"草", "案"} <= set(page.extract_text()) for page in pdf.pages)  # the watermark, rotated
        assert "(草案)" in pdf.pages[0].extract_text()
        assert doc.projects[1].get("name") not in text  # only the chosen form


def test_the_check_report_is_appended_with_explanations(open_sample, tmp_path):
    from core.document.check_notes import explain, notes

    doc = open_sample("004")
    findings = validate(doc)
    warning = next(f for f in findings if f.severity == "warning")
    doc.apply(explain(doc, warning, "评价等级按上级模板填写。"))
    path = write_pdf(doc, tmp_path / "report.pdf", PdfOptions(findings=findings, notes=notes(doc)))
    with pdfplumber.open(path) as pdf:
        text = _norm("".join(page.extract_text() for page in pdf.pages))
        cells = _cells(pdf.pages)
    assert "附：检查报告" in text and "评价等级按上级模板填写。" in cells
    # (a 。 at the end of a full line hangs past the cell edge, as CJK line breaking puts it)
    assert all(any(_norm(f.message).rstrip("。") in c for c in cells) for f in findings)


def test_cli_refuses_the_submission_pdf_while_there_are_errors(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, str(ROOT / "main.py"), *a], capture_output=True, text=True)
    doc = tmp_path / "d.bdoc"
    assert run("import-json", str(ROOT / "resources" / "samples" / "chengde_2024.json"), str(doc)).returncode == 0
    refused = run("export", str(doc), "--pdf", str(tmp_path / "out.pdf"))
    assert refused.returncode == 1 and "错误" in refused.stderr and "--draft" in refused.stderr
    assert not (tmp_path / "out.pdf").exists()
    draft = run("export", str(doc), "--pdf", str(tmp_path / "out.pdf"), "--draft", "--report", "--forms", "收入总表")
    assert draft.returncode == 0, draft.stderr
    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        assert "部门预算收入总表" in pdf.pages[2].extract_text() or "部门预算收入总表" in pdf.pages[3].extract_text()


def test_approval_amounts_print_whole_on_one_line(open_sample, tmp_path):
    doc = open_sample("004")  # amounts in 元: 16650900.00 broke as "16650900.0" / "0"
    approval = doc.form(forms.APPROVAL)
    path = write_pdf(doc, tmp_path / "a.pdf", PdfOptions(form_ids=[approval.id]))
    amounts = [money.printed(approval.get(key)) for key in FUND_KEYS if approval.get(key)]
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "总体资金" in p.extract_text())
        words = _printed_whole(page, amounts)
    assert {w["size"] for w in words} == {8}  # room enough: the columns are sized to their amounts


def test_an_amount_too_wide_for_any_column_shrinks_its_font_and_never_wraps(open_sample, tmp_path):
    doc = open_sample("004")
    approval = doc.form(forms.APPROVAL)
    amounts = [f"{i}234567890.12" for i in range(1, len(FUND_KEYS) + 1)]  # 元, 十亿 and more: nine too wide for the page
    doc.apply(edits.SetFields(approval.id, tuple(zip(FUND_KEYS, amounts))))
    path = write_pdf(doc, tmp_path / "a.pdf", PdfOptions(form_ids=[approval.id]))
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "总体资金" in p.extract_text())
        words = _printed_whole(page, amounts)
    assert all(MIN_FIGURE_SIZE <= w["size"] < 8 for w in words)


def test_public_table_amount_columns_are_sized_to_their_amounts(open_sample, tmp_path):
    doc = open_sample("001")
    table = doc.budget_table("收入总表")
    grid = table.grids["rows"]
    amount_columns = [i for i, c in enumerate(grid.columns) if c.kind == cell_input.AMOUNT]
    doc.apply(edits.SetCells(table.id, "rows", tuple((0, i, "9876543210.99") for i in amount_columns)))
    path = write_pdf(doc, tmp_path / "t.pdf", PdfOptions(form_ids=[table.id]))
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "9876543210" in p.extract_text())
        words = _printed_whole(page, ["9876543210.99"])
    assert len(words) == len(amount_columns) and {w["size"] for w in words} == {8}


def test_blank_rows_keep_a_row_height_to_write_in(open_sample, tmp_path):
    doc = open_sample("000")
    project = doc.projects[0]
    doc.apply(edits.SetFields(project.id, tuple((forms.plan_field_key(p), None) for p in forms.PLAN_POINTS)
                              + (("goal", None),)))
    indicators = project.grids["indicators"]
    doc.apply(edits.InsertRows(project.id, "indicators", len(indicators), ((None,) * len(indicators.columns),) * 3))
    path = write_pdf(doc, tmp_path / "blank.pdf", PdfOptions(form_ids=[project.id]))
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "绩效目标表" in p.extract_text() and "....." not in _norm(p.extract_text()))
        heights = _row_heights(page)
    one_line = 11.5 + 2 + 3  # the cell's leading and its top and bottom padding
    assert len(heights) > 15 and min(heights) >= one_line - 0.5, heights


def test_a_public_table_continued_on_a_page_says_so_above_its_repeated_header(sample_001_pdf):
    doc, pdf, _ = sample_001_pdf
    titles = [f"部门预算{t.title.removeprefix('部门预算')}" for t in doc.budget_tables if t.grids["rows"].rows]
    income = _pages_by_title(pdf, titles + ["部门预算信息公开情况说明"])["部门预算收入总表"]
    assert len(income) == 2
    assert "续表" not in income[0].extract_text()
    lines = _lines(income[1])
    assert lines[0]["text"] == "续表：部门预算收入总表"
    header = next(line for line in lines if line["text"].startswith("序号"))
    assert lines[0]["bottom"] <= header["top"]


def test_every_page_of_a_long_project_table_after_its_first_says_it_continues(open_sample, tmp_path):
    doc = open_sample("000")
    project = doc.projects[0]
    rows = tuple(tuple(r.cells) for r in project.grids["indicators"].rows)
    doc.apply(edits.InsertRows(project.id, "indicators", len(rows), rows * 20))
    path = write_pdf(doc, tmp_path / "long.pdf", PdfOptions(form_ids=[project.id]))
    title = f"1.{project.get('name')}绩效目标表"
    with pdfplumber.open(path) as pdf:
        pages = _pages_by_title(pdf, [title])[title]
        assert len(pages) >= 3
        assert "续表" not in pages[0].extract_text()
        for page in pages[1:]:
            lines = _lines(page)
            assert lines[0]["text"] == f"续表：{title}"
            assert lines[0]["bottom"] <= lines[1]["top"] and lines[1]["text"].startswith("一级指标")


def test_public_table_unit_line_names_the_compiling_unit_left_and_the_money_unit_right(sample_001_pdf):
    doc, pdf, _ = sample_001_pdf
    page = _pages_by_title(pdf, ["部门预算收入总表"])["部门预算收入总表"][0]
    words = page.extract_words()
    left = next(w for w in words if w["text"].startswith("编制单位："))
    right = next(w for w in words if w["text"] == "单位：万元")
    line = [w["text"] for w in words if abs(w["top"] - left["top"]) < 1]
    assert line == ["编制单位：324", "承德市司法局", "单位：万元"]
    assert left["x0"] < page.width * 0.1 and right["x1"] > page.width * 0.9
    assert not any(w["text"].startswith("单位：324") for w in words)  # one 单位 label for the money unit only
    assert "预算年度：2024" in _norm(page.extract_text())


def test_a_project_without_a_unit_line_prints_the_documents_unit(open_sample, tmp_path):
    doc = open_sample("001")  # its projects have no unit line of their own
    project = doc.projects[0]
    assert not project.get("unit")
    doc.apply(edits.SetFields(doc.meta.id, (("department_code", "324"),)))
    path = write_pdf(doc, tmp_path / "p.pdf", PdfOptions(form_ids=[project.id]))
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "绩效目标表" in p.extract_text() and "....." not in _norm(p.extract_text()))
        words = page.extract_words()
    right = next(w for w in words if w["text"] == "单位：万元")
    assert [w["text"] for w in words if abs(w["top"] - right["top"]) < 1] == ["324", "承德市司法局", "单位：万元"]


def test_without_front_matter_only_the_chosen_table_is_printed(open_sample, tmp_path):
    doc = open_sample("001")
    income = doc.budget_table("收入总表")
    path = write_pdf(doc, tmp_path / "one.pdf", PdfOptions(form_ids=[income.id], front_matter=False))
    with pdfplumber.open(path) as pdf:
        texts = [_norm(page.extract_text()) for page in pdf.pages]
        assert len(pdf.pages) == 2 and all(page.width > page.height for page in pdf.pages)
    assert texts[0].startswith("部门预算收入总表") and texts[1].startswith("续表：部门预算收入总表")
    assert texts[0].endswith("—1—") and texts[1].endswith("—2—")  # numbered from its first page
    assert not any(word in "".join(texts) for word in ("目录", "部门预算公开表", "年部门预算绩效文本", "编制承德"))
    project = doc.projects[0]
    path = write_pdf(doc, tmp_path / "project.pdf", PdfOptions(form_ids=[project.id], front_matter=False))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 1 and pdf.pages[0].height > pdf.pages[0].width
        assert _norm(pdf.pages[0].extract_text()).startswith(f"1.{project.get('name')}绩效目标表")
    with pytest.raises(BudgetDeskError, match="请至少选择一张表"):
        write_pdf(doc, tmp_path / "none.pdf", PdfOptions(form_ids=[], front_matter=False))
    assert not (tmp_path / "none.pdf").exists()


def test_an_export_reports_its_progress_and_a_cancelled_one_writes_nothing(open_sample, tmp_path):
    from core.errors import Cancelled
    from core.printing.xlsx_export import write_document_xlsx

    doc = open_sample("000")
    seen = []
    write_pdf(doc, tmp_path / "a.pdf", PdfOptions(), progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and all(a <= b for a, b in seen)
    for write in (lambda p, **k: write_pdf(doc, p, PdfOptions(), **k),
                  lambda p, **k: write_document_xlsx(doc, p, **k)):
        with pytest.raises(Cancelled):
            write(tmp_path / "b.out", cancelled=lambda: True)
        assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".bdoc" and p.suffix != ".lock") == ["a.pdf"]


HOSTILE = ['<a href="http://x">链接</a>', '<link href="javascript:alert(1)">x</link>', "<font size=80>大</font>",
           '<img src="/etc/passwd"/>', "<para>", "<onDraw name=x/>", "a < b & c > d", "&amp;", "]]>"]


def _hostile_document(tmp_path):
    """Seed 001 with a 批复表 (seed 004's), every text the PDF prints from the document a hostile one."""
    from conftest import sample_json
    from core.file.json_format import import_json, read_json_file

    data = read_json_file(sample_json("001"))
    data["approval"] = read_json_file(sample_json("004"))["approval"]
    doc = import_json(data, tmp_path / "hostile.bdoc")
    h = lambda i: f"{HOSTILE[i % len(HOSTILE)]}"  # noqa: E731
    project, table = doc.projects[0], doc.budget_table("收支总表")
    explanation, overall, approval = (doc.form(k) for k in (forms.EXPLANATION, forms.OVERALL, forms.APPROVAL))
    doc.apply(edits.SetFields(doc.meta.id, (("department", h(0)),)))
    doc.apply(edits.SetFields(project.id, (("code", h(1)), ("goal", h(3)), ("purpose", h(4)))))
    for i, other in enumerate(doc.projects[:len(HOSTILE)]):  # in the 目录: each as a project's name
        doc.apply(edits.SetFields(other.id, (("name", h(i)),)))
    doc.apply(edits.SetCells(project.id, "indicators", tuple((0, c, h(5 + c)) for c in range(6))))
    doc.apply(edits.SetFields(table.id, (("title", h(6)), ("note", h(7)))))
    doc.apply(edits.SetCells(table.id, "rows", ((0, 1, h(8)), (0, 3, h(0)), (1, 1, h(1)))))
    doc.apply(edits.SetCells(explanation.id, "sections", ((0, 0, h(2)), (0, 1, h(3)))))
    doc.apply(edits.SetFields(overall.id, (("summary", h(4)),)))
    doc.apply(edits.SetFields(approval.id, (("overall_goal", h(5)), ("other", h(6)))))
    return doc


def test_no_text_is_ever_markup_on_any_page_of_the_pdf(tmp_path):
    """Cover, 目录, part and form titles, unit lines, tables, 续表 captions, 情况说明, 批复表 and the check
    report: every text prints literally — no link, no image, no font change, no layout error."""
    import pypdfium2 as pdfium

    from core.checks.validation import Finding, Location

    doc = _hostile_document(tmp_path)
    table = doc.budget_table(HOSTILE[6])
    rows = tuple(tuple(r.cells) for r in table.grids["rows"].rows)
    doc.apply(edits.InsertRows(table.id, "rows", len(rows), rows * 3))  # a 续表 caption of the hostile title
    finding = Finding("rule", "warning", Location(HOSTILE[7], HOSTILE[8], 3, HOSTILE[0]), HOSTILE[1])
    findings = validate(doc) + [finding]
    chosen = [f.id for f in doc.projects[:len(HOSTILE)]] + [table.id] + [
        doc.form(kind).id for kind in (forms.EXPLANATION, forms.OVERALL, forms.APPROVAL)]
    path = write_pdf(doc, tmp_path / "h.pdf",
                     PdfOptions(chosen, findings=findings, notes={finding.note_key: HOSTILE[2]}))
    pdf = pdfium.PdfDocument(str(path))
    texts = [_norm(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    pdf.close()
    whole = "".join(texts)
    for text in HOSTILE:  # each printed literally
        assert _norm(text) in whole, text
    assert _norm(HOSTILE[0]) in texts[0]  # the cover: the department
    contents = "".join(text for text in texts[1:4] if "....." in text)
    assert all(_norm(text) in contents for text in HOSTILE)  # the 目录: the projects' names
    assert f"续表：部门预算{_norm(HOSTILE[6])}" in whole
    raw = path.read_bytes()
    # (the 目录's page numbers are filled in as form XObjects: vector drawing of its own text; an image is not)
    assert not any(key in raw for key in (b"/URI", b"/JavaScript", b"/Launch", b"/Annots", b"/Subtype /Image"))
    with pdfplumber.open(path) as plumber:
        assert not any(page.annots or page.hyperlinks or page.images for page in plumber.pages)
        assert max(c["size"] for page in plumber.pages for c in page.chars) < 30  # the cover title is 26


def test_characters_the_font_lacks_print_as_a_mark_and_each_place_is_listed(open_sample, tmp_path):
    from core.printing.pdf_export import MISSING_MARK, LostGlyph, lost_glyphs_message

    assert pdf_fonts().missing(MISSING_MARK) == set() and pdf_fonts().missing("𠀀😀") == {"𠀀", "😀"}
    doc = open_sample("001")
    project, table = doc.projects[0], doc.budget_table("收支总表")
    doc.apply(edits.SetFields(doc.meta.id, (("department", "司法局𠀀"),)))
    doc.apply(edits.SetFields(project.id, (("goal", "目标😀达成\x00\x1b"),)))
    doc.apply(edits.SetCells(project.id, "indicators", ((1, 2, "三级𠀀😀𠀀"),)))
    doc.apply(edits.SetCells(table.id, "rows", ((0, 1, "收入😀️"),)))  # with a variation selector
    options = PdfOptions(form_ids=[project.id, table.id])
    path = write_pdf(doc, tmp_path / "g.pdf", options)
    title = f"1.{project.get('name')}绩效目标表"
    assert options.lost_glyphs == [
        LostGlyph("封面", "部门", "𠀀"), LostGlyph(title, "单位", "𠀀"), LostGlyph(title, "绩效目标", "😀"),
        LostGlyph(title, "第2行三级指标", "𠀀😀"),
        LostGlyph("部门预算收支总表", "第1行收入/项目", "😀")]  # the project's unit line prints the department
    with pdfplumber.open(path) as pdf:
        text = _norm("".join(page.extract_text() for page in pdf.pages))
    assert "司法局〓" in text and "目标〓达成" in text and "三级〓〓〓" in text and "收入〓" in text
    assert not {"𠀀", "😀", "\x00", "\x1b"} & set(text)
    message = lost_glyphs_message(options.lost_glyphs)
    assert "〓" in message and "封面 部门（𠀀）" in message and f"{title} 第2行三级指标（𠀀😀）" in message
    assert "部门预算收支总表 第1行收入/项目（😀）" in message and "等" not in message
    write_pdf(doc, tmp_path / "g.pdf", options)  # a second export lists its own places only
    assert len(options.lost_glyphs) == 5


def test_the_lost_glyphs_message_names_ten_places_then_how_many_in_all():
    from core.printing.pdf_export import LostGlyph, lost_glyphs_message

    assert lost_glyphs_message([]) is None
    lost = [LostGlyph("1.项目绩效目标表", f"第{n}行三级指标", "𠀀") for n in range(1, 14)]
    message = lost_glyphs_message(lost)
    assert all(f"第{n}行三级指标（𠀀）" in message for n in range(1, 11))
    assert "第11行" not in message and "等 13 处" in message and "印为“〓”" in message
