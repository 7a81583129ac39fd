"""A department 汇总s its units' documents into its own: every 公开表 summed by 科目 code (a code one unit
lacks comes from the other), projects listed under their unit lines, the 部门整体绩效目标 left to write;
documents of other templates, years or money units refused with the reason."""

from __future__ import annotations

import pytest

from batch_story import amount, consolidation_units, sample, unit, write_json
from core.checks.validation import ERROR, INFO, validate
from core.consolidate.consolidation import ConsolidationError, consolidate
from core.document.document import open_document


@pytest.fixture
def consolidated(tmp_path):
    a_path, b_path, a, b = consolidation_units(tmp_path / "units")
    result = consolidate([a_path, b_path], tmp_path / "司法局.bdoc", "承德市司法局", "324")
    doc = open_document(result.path, read_only=True)
    yield result, doc, a, b
    doc.close()


def by_code(table: dict) -> dict[str, list]:
    at = table["columns"].index("科目编码")
    return {row[at]: row for row in table["rows"] if row[at]}


def total_row(table: dict) -> list:
    name = table["columns"].index("科目名称")
    return next(row for row in table["rows"] if row[name] == "合计")


def test_every_subject_table_is_the_sum_of_the_units_cell_by_cell(consolidated):
    result, doc, a, b = consolidated
    checked = 0
    for title, table in a["budget_tables"].items():
        if "科目编码" not in table["columns"]:
            continue
        mine = doc.budget_table(title)
        got = {row[table["columns"].index("科目编码")]: row for row in mine.grids["rows"].values()
               if row[table["columns"].index("科目编码")]}
        mine_a, mine_b = by_code(table), by_code(b["budget_tables"][title])
        assert set(got) == set(mine_a) | set(mine_b), title
        amounts = [i for i, h in enumerate(table["columns"]) if h not in ("序号", "科目编码", "科目名称")]
        for code, row in got.items():
            for i in amounts:
                expected = amount((mine_a.get(code) or [None] * 99)[i]) + amount((mine_b.get(code) or [None] * 99)[i])
                assert amount(row[i]) == expected, (title, code, table["columns"][i])
                checked += 1
        if mine_a:
            total = next(r for r in mine.grids["rows"].values() if r[2] == "合计")
            for i in amounts:
                assert amount(total[i]) == amount(total_row(table)[i]) + amount(total_row(b["budget_tables"][title])[i])
    assert checked > 300


def test_a_code_one_unit_lacks_comes_from_the_other_in_code_order(consolidated):
    result, doc, a, b = consolidated
    rows = doc.budget_table("支出总表").grids["rows"].values()
    codes = [r[1] for r in rows if r[1]]
    assert "2040604" in codes and "2040609" in codes  # 本级's and 法律援助中心's only
    assert codes == sorted(codes, key=lambda c: (c[:3], c[3:5], c[5:]))
    row = next(r for r in rows if r[1] == "2040609")
    assert row[2] == "司法鉴定管理" and amount(row[3]) == 2 * amount(by_code(a["budget_tables"]["支出总表"])["2040604"][3])
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]  # 序号 numbered again
    assert doc.budget_table("支出总表").get("unit") == "324 承德市司法局"


def test_the_sangong_and_summary_tables_are_summed_row_by_row(consolidated):
    result, doc, a, b = consolidated
    sangong = doc.budget_table("财政拨款三公经费支出表")
    assert amount(sangong.grids["rows"].values()[0][2]) == amount("14.55") * 3
    summary = doc.budget_table("收支总表").grids["rows"].values()
    mine = a["budget_tables"]["收支总表"]["rows"]
    assert [r[1] for r in summary] == [r[1] for r in mine] and [r[3] for r in summary] == [r[3] for r in mine]
    for got, one in zip(summary, mine):
        assert amount(got[2]) == 3 * amount(one[2]) and amount(got[4]) == 3 * amount(one[4])
    from core.batch.figures import document_figures

    figures = document_figures(doc)
    assert figures["operation"] == amount("348.81") * 3 and figures["sangong"] == amount("14.55") * 3


def test_projects_carry_their_unit_lines_and_the_overall_goal_is_left_to_write(consolidated):
    result, doc, a, b = consolidated
    assert result.projects == len(doc.projects) == 56
    lines = {p.get("unit") for p in doc.projects}
    assert lines == {"324001 承德市司法局本级", "324002 承德市法律援助中心"}
    overall = doc.form("overall")
    assert overall.get("summary") is None
    titles = [r["title"] for r in overall.grids["items"].records()]
    assert "（承德市司法局本级）总体绩效目标" in titles and any(t.startswith("（承德市法律援助中心）") for t in titles)
    assert (doc.department, doc.meta.get("department_code"), doc.year) == ("承德市司法局", "324", 2024)


def test_the_result_validates_with_the_same_rules_and_rounding_stays_a_hint(consolidated):
    result, doc, a, b = consolidated
    findings = validate(doc)
    assert result.errors == sum(1 for f in findings if f.severity == ERROR)
    rounding = [f for f in findings if "尾差" in f.message]
    assert rounding and all(f.severity == INFO for f in rounding) and result.rounding == len(rounding)
    # the units' own 尾差 add up: 本级 0.02 and 法律援助中心 (doubled) 0.04 on 301 is 0.06, beyond 0.03
    sums = [f for f in findings if f.severity == ERROR and f.rule == "B-SUBJECT-SUM"]
    assert all("301" in f.message and "差 0.06" in f.message for f in sums)


def test_documents_of_different_templates_are_refused(tmp_path):
    from core.templates import new_document

    a_path, _, _, _ = consolidation_units(tmp_path / "units")
    other = new_document(tmp_path / "上海.bdoc", "普陀区某单位", "101", 2024, template_key="shanghai-unit")
    other.close()
    with pytest.raises(ConsolidationError) as refused:
        consolidate([a_path, tmp_path / "上海.bdoc"], tmp_path / "out.bdoc", "承德市司法局", "324")
    assert "公开表模板不一致" in str(refused.value) and "上海.bdoc" in str(refused.value)
    assert not (tmp_path / "out.bdoc").exists()


def test_documents_of_different_years_or_money_units_are_refused(tmp_path):
    a_path, _, a, _ = consolidation_units(tmp_path / "units")
    last = write_json(unit(sample("001"), "承德市公证处", "324003", 2023), tmp_path / "公证处.json")
    with pytest.raises(ConsolidationError, match="预算年度不一致"):
        consolidate([a_path, last], tmp_path / "out.bdoc", "承德市司法局", "324")
    in_yuan = write_json({**unit(sample("001"), "承德市公证处", "324003"), "money_unit": "元"}, tmp_path / "元.json")
    with pytest.raises(ConsolidationError, match="金额单位不一致"):
        consolidate([a_path, in_yuan], tmp_path / "out.bdoc", "承德市司法局", "324")
    assert not (tmp_path / "out.bdoc").exists()


def test_the_command_line_consolidation(tmp_path, capsys):
    from core import cli

    a_path, b_path, _, _ = consolidation_units(tmp_path / "units")
    assert cli.main(["consolidate", str(tmp_path / "out.bdoc"), "--department", "承德市司法局", "--code", "324",
                     str(a_path), str(b_path)]) == 0
    out = capsys.readouterr().out
    assert "已汇总 2 个单位（承德市司法局本级、承德市法律援助中心）" in out and "56 个项目" in out
    assert cli.main(["consolidate", str(tmp_path / "again.bdoc"), "--department", "承德市司法局", "--code", "324",
                     str(a_path), str(a_path)]) == cli.EXIT_ERROR
    assert "选择了不止一次" in capsys.readouterr().err
