"""Every workbook BudgetDesk writes is inert: whatever a text holds (``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0``, ``+1``, ``@SUM``), it is a string cell that reads back exactly, never a
formula; amounts are number cells whose stored text is the amount itself."""

import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from conftest import ROOT
from core.document import check_notes, edits
from core.printing import check_report
from core.file.json_format import import_json
from core.checks.validation import ERROR, validate
from core.printing.xlsx_export import write_document_xlsx

HYPERLINK = '=HYPERLINK("http://example.com/x","点这里")'
CMD = "=cmd|' /C calc'!A0"
EXPLANATION = '=HYPERLINK("http://example.com/why","说明")'

# Texts each printed alone in a cell of some sheet: they must read back exactly.
WHOLE_CELLS = [
    HYPERLINK, CMD, "=1+1", "@SUM(A1:A2)", "=产出指标", "+数量指标", "-三级指标", "@描述", "=≥1次",
    "=25%", "+50%", '=SUM(A1:A9)&"x"', "=1", "@204", "+公共安全支出", "=SUM(D1:D9)", "#N/A",
    "=任务", "-任务内容", "=产出", "-数量", "@三级", "+1", "=个", "+目标", "+情况", "=第二行",
]


def _hostile() -> dict:
    return {
        "department": HYPERLINK, "department_code": "@324", "year": 2024, "money_unit": "万元",
        "framework": "hebei",
        "overall": {"summary": "=1+1", "items": [{"title": "+分项", "goal": "-目标", "indicators": "@指标"}],
                    "measures": [{"title": "=措施", "text": CMD}]},
        "explanation": [{"title": "=一、说明", "text": "+情况\n=第二行"}],
        "projects": [
            {"code": CMD, "name": "=1+1", "unit": "-315001 单位", "budget": "12.50", "fiscal": "10.00",
             "other": "2.50", "purpose": "@SUM(A1:A2)",
             "plan": {"3月底": "=25%", "6月底": "+50%", "10月底": None, "12月底": "100%"},
             "goal": HYPERLINK,
             "indicators": [{"l1": "=产出指标", "l2": "+数量指标", "l3": "-三级指标", "description": "@描述",
                             "value": "=≥1次", "basis": '=SUM(A1:A9)&"x"'},
                            {"l1": "=产出指标", "l2": "+数量指标", "l3": "#N/A", "description": CMD,
                             "value": "=1", "basis": HYPERLINK}]},
            {"code": HYPERLINK, "name": "+项目二", "budget": "=1", "fiscal": None, "other": None,
             "purpose": CMD, "goal": "-目标", "indicators": []},
        ],
        "budget_tables": {"=收入总表": {"unit": "=324 单位", "columns": ["序号", "科目编码", "科目名称", "合计"],
                                     "rows": [["=1", "@204", "+公共安全支出", "=SUM(D1:D9)"]],
                                     "note": "-注：无"}},
        "approval": {"year": 2024, "unit": "=135-单位", "money_unit": "元",
                     "funds": {"total": "100.00", "basic": {"total": "=1"}, "project": {"total": CMD}},
                     "overall_goal": "+目标", "tasks": [{"name": "=任务", "content": "-任务内容"}],
                     "indicators": [{"l1": "=产出", "l2": "-数量", "l3": "@三级", "nature": "=", "value": "+1",
                                     "unit": "=个", "weight": "-5"}],
                     "other": HYPERLINK},
        "check_notes": [],
    }


@pytest.fixture
def hostile(tmp_path):
    """A document whose every text starts like a formula, with an 出错说明 that does too."""
    doc = import_json(_hostile(), tmp_path / "hostile.bdoc")
    warning = next(f for f in validate(doc) if f.severity != ERROR)
    doc.apply(check_notes.explain(doc, warning, EXPLANATION))
    yield doc
    doc.close()


def _run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


def _every_workbook(doc, folder) -> list:
    """Every kind of workbook the program writes, from ``doc``."""
    findings = validate(doc)
    paths = [write_document_xlsx(doc, folder / "document.xlsx"),
             write_document_xlsx(doc, folder / "with-report.xlsx", findings=findings, draft=True)]
    check_report.write_xlsx(doc, findings, folder / "report.xlsx")
    paths.append(folder / "report.xlsx")
    doc.close()
    validated = _run("validate", doc.path, "--xlsx", folder / "cli-report.xlsx")
    assert validated.returncode == 1 and "Traceback" not in validated.stderr, validated.stderr  # it has 错误
    exported = _run("export", doc.path, "--xlsx", folder / "cli-export.xlsx", "--draft", "--report")
    assert exported.returncode == 0, exported.stderr
    return paths + [folder / "cli-report.xlsx", folder / "cli-export.xlsx"]


def _cells(path):
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_cell_of_any_workbook_is_a_formula_and_every_text_reads_back_exactly(hostile, tmp_path):
    for path in _every_workbook(hostile, tmp_path):
        cells = _cells(path)
        formulas = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
        assert formulas == [], path.name
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets), path.name
        texts = [c.value for c in cells if isinstance(c.value, str)]
        if path.name.startswith(("document", "with-report", "cli-export")):
            missing = [t for t in WHOLE_CELLS if t not in texts]
            assert missing == [], path.name
        if "report" in path.name:
            assert CMD in texts and HYPERLINK in texts and EXPLANATION in texts, path.name  # 项目编码, 出错说明
            assert texts[0].startswith(HYPERLINK)  # the title in A1: 单位 first


def test_text_that_starts_like_a_formula_stays_text_when_edited_in_excel(hostile, tmp_path):
    cells = _cells(write_document_xlsx(hostile, tmp_path / "d.xlsx"))
    starting = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert starting and all(c.quotePrefix and c.data_type == "s" for c in starting)
    plain = [c for c in cells if isinstance(c.value, str) and c.value[:1] not in "=+-@"]
    assert plain and not any(c.quotePrefix for c in plain)


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        [sheet] = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return archive.read(sheet).decode("utf-8")


def test_amounts_are_numbers_whose_stored_text_is_the_amount(tmp_path):
    data = _hostile()
    data["projects"][0].update(budget="1234.567891", fiscal="66.74", other="1167.827891")
    amounts = ["0.1", "-3.20", "9999999999.99", "0.000001", "4148.23", "0.00"]
    data["budget_tables"] = {"收入总表": {"columns": ["序号", "科目名称"] + [f"金额{i}" for i in range(len(amounts))],
                                      "rows": [["1", "合计", *amounts]]}}
    with import_json(data, tmp_path / "a.bdoc") as doc:
        project_xml = _sheet_xml(write_document_xlsx(doc, tmp_path / "p.xlsx", form_ids=[doc.projects[0].id]))
        table_xml = _sheet_xml(write_document_xlsx(doc, tmp_path / "t.xlsx", form_ids=[doc.budget_tables[0].id]))
    numbers = dict(re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*t="n"[^>]*><v>([^<]*)</v>', project_xml))
    assert (numbers["C4"], numbers["E4"], numbers["G4"]) == ("1234.567891", "66.74", "1167.827891")
    written = re.findall(r't="n"[^>]*><v>([^<]*)</v>', table_xml)
    assert sorted(written, key=Decimal) == sorted(["0.1", "-3.2", "9999999999.99", "0.000001", "4148.23", "0"],
                                                  key=Decimal)


def test_an_amount_no_spreadsheet_number_holds_is_written_as_its_exact_text(tmp_path):
    data = _hostile()
    data["budget_tables"] = {"收入总表": {"columns": ["序号", "科目名称", "合计"],
                                      "rows": [["1", "合计", "12345678901.123456"]]}}
    with import_json(data, tmp_path / "a.bdoc") as doc:
        path = write_document_xlsx(doc, tmp_path / "t.xlsx", form_ids=[doc.budget_tables[0].id])
    cell = next(c for c in _cells(path) if c.value == "12345678901.123456")
    assert cell.data_type == "s"  # 17 digits: as a number a spreadsheet would show 12345678901.1235


def test_a_document_already_holding_control_characters_exports(open_sample, tmp_path):
    """An old file may hold what typing and importing now drop: the export writes the text without it."""
    doc = open_sample("000")
    project = doc.projects[0]
    doc.apply(edits.SetFields(project.id, (("name", "法律\x00援助\x1b[31m经费"),
                                           ("purpose", "用途\u202e\ufffe\x0b第二行"))))
    doc.apply(edits.SetCells(project.id, "indicators", ((0, 5, "依据\x07"),)))
    doc.apply(edits.SetFields(doc.meta.id, (("department", "巨鹿县\x01司法局"),)))
    findings = validate(doc)
    texts = {c.value for c in _cells(write_document_xlsx(doc, tmp_path / "c.xlsx", findings=findings, draft=True))}
    assert {"法律援助[31m经费", "用途\n第二行", "依据", "巨鹿县司法局"} <= texts
    check_report.write_xlsx(doc, findings, tmp_path / "r.xlsx")
    assert any("法律援助[31m经费" in str(c.value) for c in _cells(tmp_path / "r.xlsx"))
