"""JSON → document → JSON is lossless for every seed sample, through the file and the CLI."""

import json

import pytest

from conftest import SAMPLES
from core.document import open_document
from core.json_format import ADDED_KEYS, from_json, to_json


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
