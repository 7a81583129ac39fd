"""Starting 2025 from the 2024 file keeps last year's 公开表 beside this year's: through the file,
through export and import, read back as last year's document by meaning, never shown to the
rules as text."""

import json
from decimal import Decimal

from compare_story import next_year_document
from conftest import sample_json
from core.checks.validation import validate
from core.document import edits, forms
from core.document import table_meaning as tm
from core.document.document import open_document
from core.document.last_year import KEPT_FIELDS, kept_table, last_year, open_last_year
from core.file.json_format import import_json, read_json_file, to_json, write_json
from core.reading import next_year


def _2024():
    return read_json_file(sample_json("001"))


def test_next_year_keeps_each_tables_rows_and_columns_as_last_years(tmp_path):
    doc = next_year_document(tmp_path)
    source = _2024()["budget_tables"]
    assert doc.year == 2025
    for table in doc.budget_tables:
        columns, rows, unit = kept_table(table)
        assert columns == source[table.get("title")]["columns"]
        assert [r[:len(columns)] for r in rows] == [
            r + [None] * (len(columns) - len(r)) for r in source[table.get("title")]["rows"]]
        assert unit == "万元"
    doc.close()
    with open_document(tmp_path / "2025.bdoc", read_only=True) as again:  # kept in the file itself
        assert kept_table(again.budget_table("支出总表"))[1][3][:4] == ["4", "2040601", "行政运行", "967.35"]


def test_a_document_not_started_from_last_year_keeps_nothing(open_sample):
    doc = open_sample("001")
    assert all(kept_table(t) is None for t in doc.budget_tables)
    assert last_year(doc) is None
    assert all("last_year" not in t for t in to_json(doc)["budget_tables"].values())


def test_export_then_import_keeps_last_years_tables(tmp_path):
    doc = next_year_document(tmp_path)
    out = tmp_path / "2025.json"
    write_json(doc, out)
    exported = read_json_file(out)
    kept = exported["budget_tables"]["收入总表"]["last_year"]
    assert kept["columns"][3] == "合计" and kept["rows"][0][3] == "4148.23" and kept["money_unit"] == "万元"
    again = import_json(exported, tmp_path / "again.bdoc")
    assert to_json(again) == to_json(doc)
    assert kept_table(again.budget_table("收入总表")) == kept_table(doc.budget_table("收入总表"))
    doc.close()
    again.close()


def test_a_broken_last_year_table_in_json_is_refused_naming_the_place(tmp_path):
    import pytest

    from core.errors import ImportFormatError

    data, _ = next_year(dict(_2024(), money_unit="万元"))
    data = json.loads(json.dumps(data, default=str))
    data["budget_tables"]["支出总表"]["last_year"]["rows"][2] = "not a row"
    with pytest.raises(ImportFormatError, match=r"budget_tables\.支出总表\.last_year\.rows\[2\]"):
        import_json(data, tmp_path / "x.bdoc")


def test_last_year_reads_as_a_document_by_meaning(tmp_path):
    doc = next_year_document(tmp_path)
    doc.apply(edits.set_cells(doc, doc.budget_table("支出总表").id, "rows", 0, 3, [["5000.00"]]))
    last = last_year(doc)
    assert last.year == 2024 and last.read_only and last.template.key == "hebei"
    assert [t.get("title") for t in last.budget_tables] == [t.get("title") for t in doc.budget_tables]
    spending = last.budget_table("支出总表")
    assert last.money_unit_of(spending) == "万元"
    assert tm.total_figure(spending, tm.TOTAL)[3] == Decimal("4148.23")  # last year's, not the 5000 typed now
    assert [s.code for s in tm.subject_rows(spending)][:3] == ["204", "20406", "2040601"]
    income, outgo = tm.summary_sides(last.budget_table("收支总表"))
    assert income.grand() is not None and outgo.grand() is not None
    assert "car" in tm.sangong_cells(last.budget_table("财政拨款三公经费支出表"))
    assert len(last.projects) == len(doc.projects) == len(last.forms_of(forms.PROJECT))
    first = last.projects[0]
    assert first.get("budget") == "22.59" and first.grids["indicators"].rows[0].cells[4] == "≥7000次"
    doc.close()


def test_open_last_year_reads_last_years_own_file_read_only(tmp_path):
    bdoc = import_json(_2024(), tmp_path / "2024.bdoc")
    bdoc.close()
    before = (tmp_path / "2024.bdoc").read_bytes()
    last = open_last_year(tmp_path / "2024.bdoc")
    assert last.year == 2024 and last.department == "承德市司法局"
    assert tm.total_figure(last.budget_table("收入总表"), tm.TOTAL)[3] == Decimal("4148.23")
    assert len(last.projects) == 28
    assert (tmp_path / "2024.bdoc").read_bytes() == before
    from_json = open_last_year(sample_json("001"))
    assert [t.get("title") for t in from_json.budget_tables] == [t.get("title") for t in last.budget_tables]


def test_open_last_year_of_a_file_without_its_year_takes_the_year_asked(tmp_path):
    import pytest

    from core.errors import ImportFormatError

    data = _2024()
    del data["year"]
    path = tmp_path / "no-year.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportFormatError):
        open_last_year(path)  # the importer refuses a JSON without its year
    assert open_last_year(sample_json("001"), expected_year=2030).year == 2024  # the file's own year wins


def test_the_rules_never_read_last_years_tables_as_text(tmp_path):
    """Markup, placeholders and other years in last year's cells: no finding comes from them (the
    kept fields are not the officer's text), the findings are those of the same document without."""
    data, _ = next_year(dict(_2024(), money_unit="万元"))
    kept = data["budget_tables"]["收支总表"]["last_year"]
    kept["rows"][0][1] = "<p>一、一般公共预算拨款收入</p>XX 2019年 ……，"
    kept["columns"][1] = "收入/项目<br>"
    with_last = import_json(data, tmp_path / "with.bdoc")
    for table in data["budget_tables"].values():
        del table["last_year"]
    without = import_json(data, tmp_path / "without.bdoc")
    found = [f.as_json() for f in validate(with_last)]
    assert found == [f.as_json() for f in validate(without)]
    labels = {with_last.budget_tables[0].field_spec(k).label for k in KEPT_FIELDS}
    assert not [f for f in found if f["location"].get("field") in labels]
    assert "<p>" in json.dumps(to_json(with_last), ensure_ascii=False)  # kept as written, all the same
    stored = with_last.budget_table("收支总表").get("last_rows")
    assert "<" not in stored and "一般" not in stored  # no text rule can match inside the stored field
    with_last.close()
    without.close()


def test_the_window_and_find_never_show_last_years_tables(qtbot, tmp_path):
    from core.document.search import find
    from ui.main_window import MainWindow

    doc = next_year_document(tmp_path)
    assert any(h.grid == "rows" for h in find(doc, "967.35"))  # this year's cell is found …
    assert not [h for h in find(doc, "967.35") if h.field in KEPT_FIELDS]  # … last year's kept copy never
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.select_form(doc.budget_table("收入总表").id)
    page = window.page.widget()
    assert set(page.field_editors) == {"unit", "note", "money_unit"}
    doc.close()
