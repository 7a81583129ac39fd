"""JSON → document → JSON is lossless for every seed sample, through the file and the CLI."""

import json

import pytest

from conftest import SAMPLES
from core.values import cell_input as kinds
from core.document.document import open_document
from core.errors import ImportFormatError
from core.file.json_format import ADDED_KEYS, from_json, import_json, to_json


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:3])
def test_every_sample_survives_the_round_trip(sample, open_sample):
    original = json.loads(sample.read_text("utf-8"))
    doc = open_sample(sample.name[:3])
    path = doc.path
    doc.close()
    with open_document(path) as reopened:
        exported = json.loads(json.dumps(to_json(reopened), ensure_ascii=False))
    assert {k: v for k, v in exported.items() if k not in ADDED_KEYS} == original
    assert set(exported) - set(original) <= set(ADDED_KEYS)


def test_the_json_is_read_in_full(open_sample):
    doc = open_sample("001")
    assert doc.department == "承德市司法局" and doc.year == 2024 and doc.money_unit == "万元"
    assert len(doc.projects) == 28
    assert [t.get("title") for t in doc.budget_tables][:2] == ["收支总表", "收入总表"]
    income = doc.budget_table("收入总表").grids["rows"]
    assert income.rows[1].cells[1:4] == ["204", "公共安全支出", "3397.31"]
    first = doc.projects[0]
    assert first.get("code") == "13080024P00010310005F"
    assert first.grids["indicators"].cell(0, "value") == "≥7000次"


def test_approval_amounts_stay_in_yuan(open_sample):
    doc = open_sample("004")
    approval = doc.form("approval")
    assert approval.get("funds_total") == "19233900.00"
    assert approval.grids["indicators"].cell(15, "value") == "优良差"
    assert doc.meta.get("framework") == "sichuan"


def test_a_document_without_projects_or_tables_exports_empty_forms(open_sample):
    exported = to_json(open_sample("004"))
    assert exported["projects"] == [] and exported["budget_tables"] == {}
    assert exported["overall"] is None and exported["explanation"] is None


def test_department_code_and_framework_survive_too(tmp_path):
    data = json.loads(SAMPLES[0].read_text("utf-8"))
    data.update(department_code="315001", framework="national-2021")
    meta, _ = from_json(data)
    assert meta["department_code"] == "315001" and meta["framework"] == "national-2021"


ODD = " 法律\x00援助\x1b \u202e经费\ufeff\r\n第二行\t(续) "


def test_imported_text_loses_what_is_not_text_and_nothing_else(tmp_path):
    """Every import goes through from_json: the characters typing drops are dropped, and nothing
    else is changed (ends and inner spaces as printed, tabs kept)."""
    data = {"department": "巨鹿县\x00司法局", "year": 2024,
            "projects": [{"code": "13052923P\u200b00584011435N", "name": ODD,
                          "indicators": [{"l1": "产出指标\x07", "value": "≥1次\x85"}]}],
            "budget_tables": {"收入\x00总表": {"columns": ["序号", "科目\x1b名称"], "rows": [["1", ODD]]}}}
    kept = kinds.plain_text(ODD)
    assert kept == " 法律援助 经费\n第二行\t(续) " and kinds.clean_text(ODD) == kept.strip()
    with import_json(data, tmp_path / "i.bdoc") as doc:
        project = doc.projects[0]
        assert doc.department == "巨鹿县司法局"
        assert (project.get("code"), project.get("name")) == ("13052923P00584011435N", kept)
        assert project.grids["indicators"].records()[0]["l1"] == "产出指标"
        assert project.grids["indicators"].records()[0]["value"] == "≥1次\n"
        table = doc.budget_tables[0]
        assert table.get("title") == "收入总表"
        assert [c.label for c in table.grids["rows"].columns] == ["序号", "科目名称"]
        assert table.grids["rows"].values() == [["1", kept]]


def test_an_imported_odd_code_is_kept_as_printed_and_named_as_odd(tmp_path):
    """The JSON is a document's exact copy (a document from before the rule round-trips): an odd
    项目编码 is kept exactly, and code_problem is what its P-CODE finding and a refused typing say.
    (The readers of printed files leave such a code out: tests/test_import.py.)"""
    data = json.loads(SAMPLES[0].read_text("utf-8"))
    data["projects"][0]["code"] = "=cmd|' /C calc'!A0"
    data["projects"][1]["code"] = "13052923P０05840 11437X"
    meta, parts = from_json(data)
    codes = [p.fields["code"] for p in parts if p.kind == "project"][:2]
    assert codes == ["=cmd|' /C calc'!A0", "13052923P０05840 11437X"]
    assert "不能有「=」" in kinds.code_problem(codes[0])
    assert "不能有空格" in kinds.code_problem(codes[1])


@pytest.mark.parametrize("year", ["²⁰²⁴", "0" * 5000 + "2024", "2024.0", "二〇二四"])
def test_an_odd_year_is_refused_in_chinese(year):
    data = json.loads(SAMPLES[0].read_text("utf-8"))
    data["year"] = year
    with pytest.raises(ImportFormatError, match="应为四位年份"):
        from_json(data)
