"""Each project beside last year's: matched by 项目编码, else by name (as 年份顺延 moved it), its
预算数 beside 上年预算数 and each indicator's 指标值 beside 上年指标值."""

import json
from decimal import Decimal

from compare_story import next_year_document
from conftest import sample_json
from core.compare.comparison import comparison
from core.compare.figures import NO_LAST_YEAR
from core.document import edits
from core.document.last_year import open_last_year
from core.file.json_format import import_json, read_json_file


def test_a_project_kept_from_last_year_shows_its_budget_and_indicator_changes(tmp_path):
    doc = next_year_document(tmp_path)
    project = doc.projects[0]
    doc.apply(edits.set_field(doc, project.id, "budget", "25.00"))
    doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 4, [["≥7500次"]]))
    compared = comparison(doc).projects[0]
    assert compared.matched_by == "code" and compared.name == "12348法律服务热线"
    assert (compared.budget.this, compared.budget.last, compared.budget.change, compared.budget.percent_text) == (
        Decimal("25.00"), Decimal("22.59"), Decimal("2.41"), "10.7%")
    calls = compared.indicators[0]
    assert (calls.l3, calls.this, calls.last, calls.changed) == ("解答12348来电次数", "≥7500次", "≥7000次", True)
    assert calls.figure.change == 500 and calls.figure.percent_text == "7.1%"
    assert not compared.indicators[1].changed
    doc.close()


def test_a_project_new_this_year_has_no_last_years_figures(tmp_path):
    doc = next_year_document(tmp_path)
    doc.apply(edits.add_project(doc))
    doc.apply(edits.set_field(doc, doc.projects[-1].id, "budget", "8.00"))
    compared = comparison(doc).projects[-1]
    assert compared.matched_by is None and compared.budget.last is None
    assert compared.budget.percent_text == NO_LAST_YEAR
    doc.close()


def test_projects_are_matched_by_code_then_name_then_the_name_as_its_year_moved(tmp_path):
    last_year = read_json_file(sample_json("000"))  # 巨鹿县司法局 2023
    names = [p["name"] for p in last_year["projects"]]
    moved = next(i for i, n in enumerate(names) if "2023年" in n)
    this_year = json.loads(json.dumps(last_year, default=str))
    this_year["year"] = 2024
    for project in this_year["projects"]:
        project["code"] = None  # the budget system gave new codes this year
    this_year["projects"][moved]["name"] = names[moved].replace("2023年", "2024年")
    this_year["projects"][0]["budget"] = "60.00"
    last_path = tmp_path / "2023.json"
    last_path.write_text(json.dumps(last_year, ensure_ascii=False, default=str), encoding="utf-8")
    doc = import_json(this_year, tmp_path / "2024.bdoc")
    compared = comparison(doc, open_last_year(last_path)).projects
    assert compared[moved].matched_by == "moved name"
    assert {c.matched_by for i, c in enumerate(compared) if i != moved} == {"name"}
    assert compared[0].budget.last == Decimal(last_year["projects"][0]["budget"])
    doc.close()
