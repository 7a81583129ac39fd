"""The printed document: read back with pdfplumber, every value of every table is in its own table;
the layout rules (landscape 公开表, repeated headers, escaped text, watermark) hold."""

import re
import subprocess
import sys

import pdfplumber
import pytest

from conftest import ROOT, SEEDS
from core import edits
from core.document import finance_bureau
from core.pdf_export import PdfOptions, write_pdf
from core.pdf_fonts import pdf_fonts
from core.validation import validate


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


@pytest.fixture(scope="module")
def sample_001_pdf(tmp_path_factory):
    from conftest import sample_json
    from core.json_format import import_json, read_json_file

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
    from core.check_notes import explain, notes

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
