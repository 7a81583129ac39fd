"""The 公开表 set is a template: every template's tables are written by BudgetDesk to PDF and .xlsx
and read back exactly; a document records its template (new, import, old files); each table prints
as its template says (title, unit line, 栏次 row or not, its own money unit)."""

import pytest

from core.values import cell_input

from core.document import forms
from core.file.json_format import to_json
from core.templates import DEFAULT_TEMPLATE, new_document, stored_title, template_of, templates


def _filled(doc):
    """Amounts in every amount cell of every table, and for a table listing subjects a 类, a 款 and
    a 项 above its 合计 row: what an officer's tables hold."""
    from core.document import edits

    for table in doc.budget_tables:
        grid = table.grids["rows"]
        columns = grid.columns
        rows = [list(r.cells) for r in grid.rows]
        codes = [i for i, c in enumerate(columns) if c.kind == cell_input.SUBJECT_CODE]
        if codes:
            subject = [["201", "03", "01"][:len(codes)]]
            if len(codes) == 1:
                subject = [["2010301"]]
            added = []
            for code in subject:
                row = [None] * len(columns)
                for i, value in zip(codes, code):
                    row[i] = value
                name = next(i for i, c in enumerate(columns) if c.kind == cell_input.TEXT and i not in codes)
                row[name] = "行政运行"
                added.append(row)
            rows = added + rows
        for row in rows:
            for i, column in enumerate(columns):
                if column.kind == cell_input.AMOUNT and row[i] is None:
                    row[i] = "1234567.89" if doc.money_unit_of(table) == "元" else "123.45"
        if codes:
            doc.apply(edits.InsertRows(table.id, "rows", 0, tuple((None,) * len(columns) for _ in added)))
        doc.apply(edits.set_cells(doc, table.id, "rows", 0, 0, rows))
    return doc


@pytest.fixture(params=list(templates()))
def template_doc(request, tmp_path):
    doc = new_document(tmp_path / f"{request.param}.bdoc", "某某区司法局", "101", 2026,
                       template_key=request.param)
    yield _filled(doc)
    doc.close()


def test_every_template_has_its_tables_and_the_document_records_it(template_doc):
    template = template_of(template_doc)
    assert template_doc.meta.get("template") == template.key
    assert [t.get("title") for t in template_doc.budget_tables] == [t.title for t in template.tables]
    assert template_doc.money_unit == template.money_unit


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_each_template_printed_by_budgetdesk_reads_back_exactly(template_doc, tmp_path, kind):
    from core.printing.pdf_export import PdfOptions, write_pdf
    from core.reading import read_file
    from core.printing.xlsx_export import write_document_xlsx

    expected = to_json(template_doc)
    path = tmp_path / f"out.{kind}"
    if kind == "xlsx":
        write_document_xlsx(template_doc, path, draft=True)
    else:
        write_pdf(template_doc, path, PdfOptions(draft=True))
    result = read_file(path)
    assert result.data["template"] == template_of(template_doc).key
    got = result.data["budget_tables"]
    assert list(got) == list(expected["budget_tables"])
    for title, table in expected["budget_tables"].items():
        assert got[title]["columns"] == table["columns"], title
        assert got[title]["rows"] == [[c.replace(",", "") if c else c for c in row] for row in table["rows"]], title
        assert got[title].get("money_unit") == table.get("money_unit"), title


def test_a_table_prints_as_its_template_says(tmp_path):
    """上海: `2026年部门收入预算总表`, `编制部门：…` and `单位：元` (the 三公 table `单位：万元`), no 栏次 row;
    河北: `部门预算收入总表`, `预算年度：`, `编制单位：…`, the 栏次 row."""
    import openpyxl

    from core.printing.xlsx_export import write_document_xlsx

    texts = {}
    for key in ("shanghai-department", DEFAULT_TEMPLATE):
        with new_document(tmp_path / f"{key}.bdoc", "某某区司法局", None, 2026, template_key=key) as doc:
            write_document_xlsx(doc, tmp_path / f"{key}.xlsx", draft=True)
        book = openpyxl.load_workbook(tmp_path / f"{key}.xlsx")
        texts[key] = {sheet.title: [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
                      for sheet in book.worksheets}
    shanghai, hebei = texts["shanghai-department"], texts[DEFAULT_TEMPLATE]
    assert shanghai["收入预算总表"][:2] == ["2026年部门收入预算总表", "编制部门：某某区司法局"]
    assert "单位：元" in shanghai["收入预算总表"] and "栏次" not in shanghai["收入预算总表"]
    assert "单位：万元" in shanghai["“三公”经费和机关运行经费预算表"]
    assert hebei["收入总表"][:3] == ["部门预算收入总表", "预算年度：2026", "编制单位：某某区司法局"]
    assert "栏次" in hebei["收入总表"]


def test_printed_titles_are_stored_without_year_and_level():
    assert stored_title("2025年部门收入预算总表") == "收入预算总表"
    assert stored_title("2025 年单位“三公”经费和机关运行经费预算表") == "“三公”经费和机关运行经费预算表"
    assert stored_title("部门预算收支总表") == "收支总表"
    assert stored_title("财政拨款收支总表") == "财政拨款收支总表"


def test_an_old_document_migrates_to_the_hebei_template(tmp_path):
    import shutil

    from conftest import FIXTURES
    from core.document.document import open_document

    old = tmp_path / "old.bdoc"
    shutil.copy(FIXTURES / "v1_juluxian_2023.bdoc", old)
    with open_document(old) as doc:
        assert doc.meta.get("template") == DEFAULT_TEMPLATE and template_of(doc).province == "河北"


def test_new_with_a_template_from_the_command_line(tmp_path):
    from core import cli

    out = tmp_path / "new.bdoc"
    assert cli.main(["new", str(out), "--department", "某某区司法局", "--code", "101", "--year", "2026",
                     "--template", "shanghai-unit"]) == 0
    from core.document.document import open_document

    with open_document(out) as doc:
        assert doc.meta.get("template") == "shanghai-unit" and doc.money_unit == "元"
        assert doc.budget_tables[-1].get("money_unit") == "万元"
    assert cli.main(["new", str(tmp_path / "x.bdoc"), "--department", "某", "--code", "1", "--year", "2026",
                     "--template", "guangdong"]) == 1  # refused, in Chinese


def test_the_new_document_dialog_offers_the_templates(qtbot):
    pytest.importorskip("pytestqt")
    from ui.new_document_dialog import NewDocumentDialog

    dialog = NewDocumentDialog()
    qtbot.addWidget(dialog)
    keys = [dialog.template.itemData(i) for i in range(dialog.template.count())]
    assert keys == list(templates()) and keys[0] == DEFAULT_TEMPLATE
    dialog.template.setCurrentIndex(keys.index("shanghai-department"))
    assert dialog.values()["template_key"] == "shanghai-department" and dialog.values()["money_unit"] == "元"
    assert forms.SPECS[forms.DOCUMENT].field("template").label == "公开表模板"


def test_the_window_shows_a_table_as_its_template_prints_it(qtbot, tmp_path):
    """The 栏次 row under the header where the template prints one (河北), none where it does not
    (上海); a table in the document's unit says so instead of showing a blank choice."""
    pytest.importorskip("pytestqt")
    from ui.main_window import MainWindow

    for key, numbered in (("shanghai-department", False), (DEFAULT_TEMPLATE, True)):
        doc = new_document(tmp_path / f"{key}.bdoc", "某某区司法局", None, 2026, template_key=key)
        window = MainWindow(doc)
        qtbot.addWidget(window)
        table = doc.budget_tables[1]
        window.select_form(table.id)
        page = window.page.widget()
        [view] = page.tables
        assert view.horizontalHeader().column_numbers is numbered
        unit = page.field_editors["money_unit"].widget
        assert unit.currentIndex() == -1 and unit.placeholderText() == f"同文档（{doc.money_unit}）"
        window.close_document()
