"""Issue 18: the 情况说明 / 编制说明 written from the tables — right by construction, and kept right."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import pytest

from core.checks.validation import validate
from core.document import forms
from core.document.edits import SetCells
from core.file.json_format import from_json, import_json, read_json_file, to_json
from core.writing.explanation import propose, write_edit
from conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "chengde_2024.json"
TEXT_RULES = ("E-QUOTED", "E-ITEM", "E-ITEM-NAME", "E-CHANGE", "E-PROCUREMENT", "E-PERFORMANCE",
              "T-YEAR", "T-TEMPLATE", "T-LEVEL", "T-PUNCT")
FIGURE = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*万元")


def _hebei_last_year() -> dict:
    """Seed 001 as last year's (2023) document: the amounts its 比上年 sentences imply."""
    data = copy.deepcopy(read_json_file(SAMPLE))
    data["year"] = 2023
    tables = data["budget_tables"]
    tables["支出总表"]["rows"][0][3:6] = ["4150.58", "3178.78", "971.79"]
    tables["一般公共预算财政拨款基本支出表"]["rows"][0][3:6] = ["3178.78", "2835.71", "343.07"]
    tables["财政拨款三公经费支出表"]["rows"][0][2:4] = ["14.58", "14.58"]
    tables["财政拨款三公经费支出表"]["rows"][7][2:4] = ["3.18", "3.18"]
    return data


@pytest.fixture
def hebei(tmp_path):
    doc = import_json(read_json_file(SAMPLE), tmp_path / "chengde.bdoc")
    last = import_json(_hebei_last_year(), tmp_path / "chengde_2023.bdoc")
    yield doc, last
    doc.close()
    last.close()


def _published(doc) -> dict[str, str]:
    return {r["title"]: r["text"] or "" for r in doc.form(forms.EXPLANATION).grids["sections"].records()}


def _text_findings(doc):
    return [f for f in validate(doc) if f.rule in TEXT_RULES and f.location.form_id == doc.form(forms.EXPLANATION).id]


def test_seed_001_every_published_figure_the_tables_determine_is_generated(hebei):
    doc, last = hebei
    published = _published(doc)
    proposal = propose(doc, last)
    generated, reproduced, not_given = 0, 0, []
    for section in proposal.sections:
        printed = [Decimal(x.replace(",", "")) for x in FIGURE.findall(published.get(section.title, ""))]
        text = section.text
        for words in section.words().values():
            text = text.replace(words, "")  # the officer's, not generated
        made = [Decimal(x.replace(",", "")) for x in FIGURE.findall(text)]
        generated += len(printed)
        for value in printed:
            if value in made:
                made.remove(value)
                reproduced += 1
            else:
                not_given.append((section.title, value))
    # 34 figures in the sections written; the one not given is 本年度拟购置固定资产总额 0.00, which no
    # table holds: it is the officer's (kept from the text as their words)
    assert generated == 34
    assert reproduced == 33
    assert not_given == [("九、国有资产信息", Decimal("0.00"))]
    assets = proposal.section("九、国有资产信息")
    assert all(q.key != "assets_purchase" for q in assets.figures)
    assert "0.00" in assets.words()["words:assets_purchase"]
    figures = sum(len(s.figures) for s in proposal.sections)
    assert figures >= 26  # this year's own: all of them with a source cell
    assert all(q.sources for s in proposal.sections for q in s.figures)


def test_seed_001_generated_text_written_passes_the_text_checks(hebei):
    doc, last = hebei
    before = len(_text_findings(doc))
    doc.apply(write_edit(doc, propose(doc, last)))
    assert _text_findings(doc) == []
    assert before >= 0
    text = _published(doc)["二、部门预算安排的总体情况"]
    assert "较2023年预算减少2.35万元" in text and "项目支出增加115.53万元，主要为承德市戒毒管理所新增" in text


def test_without_last_year_the_sentence_says_no_figure_and_keeps_the_reason_for_later(hebei, tmp_path):
    doc, last = hebei
    doc.apply(write_edit(doc, propose(doc)))
    text = _published(doc)["二、部门预算安排的总体情况"]
    assert "2024年预算收支安排4148.23万元，暂无上年数。" in text
    assert "主要为承德市戒毒管理所新增" not in text
    doc.apply(write_edit(doc, propose(doc, last)))  # last year's figures come: the officer's reason is back
    assert "项目支出增加115.53万元，主要为承德市戒毒管理所新增四区五中心建设项目和智慧戒毒项目。" in \
        _published(doc)["二、部门预算安排的总体情况"]


def test_a_reason_is_asked_for_a_change_of_ten_percent_and_not_invented(hebei):
    doc, last = hebei
    form = doc.form(forms.EXPLANATION)
    row = [r["title"] for r in form.grids["sections"].records()].index("二、部门预算安排的总体情况")
    text = form.grids["sections"].rows[row].cells[1]
    without = text.replace("，主要为承德市戒毒管理所新增四区五中心建设项目和智慧戒毒项目", "")
    doc.apply(SetCells(form.id, "sections", ((row, 1, without),)))
    section = propose(doc, last).section("二、部门预算安排的总体情况")
    asked = {a.slot: a for a in section.asks}
    assert asked["reason:spending_project"].required  # 115.53 on 971.79: 11.9%
    assert "项目支出增加115.53万元，主要为待填写。" in section.text
    assert "reason:spending_personnel" not in asked  # a part below the threshold asks nothing


def test_a_table_edit_marks_the_section_stale_and_regenerating_keeps_the_officers_words(hebei):
    doc, last = hebei
    doc.apply(write_edit(doc, propose(doc, last)))
    assert [f for f in validate(doc) if f.rule == "T-STALE"] == []
    sangong = doc.budget_table("财政拨款三公经费支出表")
    doc.apply(SetCells(sangong.id, "rows", ((7, 2, "4.15"), (7, 3, "4.15"), (0, 2, "15.55"), (0, 3, "15.55"))))
    stale = [f for f in validate(doc) if f.rule == "T-STALE"]
    assert len(stale) == 1 and stale[0].severity == "info"
    assert stale[0].message.startswith("已过期: 表格已改，请重新生成")
    assert stale[0].location.row == [r["title"] for r in doc.form(forms.EXPLANATION).grids["sections"].records()
                                     ].index("四、财政拨款“三公”经费预算情况及增减变化原因") + 1
    doc.apply(write_edit(doc, propose(doc, last)))
    text = _published(doc)["四、财政拨款“三公”经费预算情况及增减变化原因"]
    assert "公务接待费4.15万元，同比增加0.97万元，增加的主要原因是厉行节约。" in text
    assert "增减变化的主要原因是公务接待费减少" in text  # the officer's words, kept
    assert [f for f in validate(doc) if f.rule == "T-STALE"] == []


def test_writing_is_one_undo_step_and_the_record_survives_json(hebei, tmp_path):
    doc, last = hebei
    before = _published(doc)
    applied = doc.apply(write_edit(doc, propose(doc, last)))
    assert _published(doc) != before
    meta, parts = from_json(to_json(doc))
    explanation = next(p for p in parts if p.kind == forms.EXPLANATION)
    assert explanation.fields["generated"] == doc.form(forms.EXPLANATION).get("generated")
    doc.apply(applied.inverse)
    assert _published(doc) == before
    assert not doc.form(forms.EXPLANATION).get("generated")


def test_shanghai_items_match_the_published_ones_figure_for_figure(shanghai):
    from core.checks.rules.text_figures import items_of
    from core.checks.rules import explanation_figures as ef

    published = _published(shanghai)["2025年部门预算编制说明"]
    printed = [(m.group(1), m.group(2)) for m in ef._SUBJECT.finditer(published)]
    section = propose(shanghai).section("2025年部门预算编制说明")
    items = items_of(section.text)
    assert len(printed) == len(items) == 12
    for (path, amount), item in zip(printed, items):
        assert "-".join(n for n in item.names) == path
        assert f"{item.amount:,}".rstrip("0").rstrip(".") == amount.replace(".00", "") or \
            Decimal(amount.replace(",", "")) == item.amount
    assert "主要用于：行政单位的基本支出。" in section.text  # the officer's 主要用于, kept
    assert "2025年预算安排1,202.95万元，暂无上年数。" in section.text


def test_shanghai_items_compare_with_the_executed_figures_given(shanghai):
    executed = {"2010301": Decimal("1100.00"), "2010302": Decimal("4614")}
    section = propose(shanghai, executed=executed).section("2025年部门预算编制说明")
    lines = section.text.split("\n")
    first = next(line for line in lines if "（01项）1,202.95" in line)
    assert "2024年当年预算执行数为1,100万元，2025年预算安排1,202.95万元，比2024年预算执行数增加9.36%。" in first
    assert "主要原因是" not in first  # 9.36% < 10%: no reason asked
    second = next(line for line in lines if "（02项）4,614" in line)
    assert "比2024年预算执行数持平。" in second
    shanghai.apply(write_edit(shanghai, propose(shanghai, executed={"2010301": Decimal("1000")})))
    text = _published(shanghai)["2025年部门预算编制说明"]
    assert "比2024年预算执行数增加20.30%。主要原因是：待填写。" in text  # asked, not invented
    again = propose(shanghai).section("2025年部门预算编制说明")  # the 执行数 read back from the text
    assert "2024年当年预算执行数为1,000万元" in again.text
    checks = [f for f in validate(shanghai) if f.rule in ("E-ITEM", "E-ITEM-NAME", "E-CHANGE", "E-QUOTED")
              and f.location.row == 4]
    assert checks == []
