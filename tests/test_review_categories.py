"""The reviewers' own words (issue 17): one indicator naming several measures (Q-SEVERAL), a 资金支出计划
with nothing filled (P-PLAN-EMPTY), and the 审核意见 every indicator-quality finding carries — in
``validate --json``, the panel, the check report (grouped by it) and the PDF appendix."""

import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT, sample_json
from core.checks import categories
from core.checks.categories import CATEGORIES, INDICATOR_RULES, UNCATEGORISED, by_category
from core.checks.rules.quality import several_measures
from core.checks.validation import WARNING, Finding, Location, validate
from core.document import edits, forms


def findings(doc, rule):
    return [f for f in validate(doc) if f.rule == rule]


# --- Q-SEVERAL ------------------------------------------------------------------------------------


def test_several_measures_in_one_approved_indicator(open_sample):
    doc = open_sample("004")
    [several] = findings(doc, "Q-SEVERAL")  # 批复表 row 13, as published
    assert several.severity == WARNING and several.category == categories.SPLIT
    assert (several.location.form, several.location.row, several.location.field) == \
        ("部门（单位）整体支出绩效目标批复表", 13, "三级指标")
    assert "「人民群众知晓率、首选率、满意率」一行写了 3 个指标" in several.message and "权重" in several.message
    approval = doc.form(forms.APPROVAL)
    doc.apply(edits.set_cells(doc, approval.id, "indicators", 12, 2, [["人民群众知晓率"]]))  # split: the first
    assert findings(doc, "Q-SEVERAL") == []


def test_several_measures_in_one_project_indicator(open_sample):
    doc = open_sample("001")
    assert findings(doc, "Q-SEVERAL") == []  # 解答12348来电、来访、代写法律文书响应率 is one measure
    hotline = doc.projects[0]
    doc.apply(edits.set_cells(doc, hotline.id, "indicators", 3, 2, [["律师到岗率、值班率"]]))  # was 律师到岗值班率
    [several] = findings(doc, "Q-SEVERAL")
    assert several.location.row == 4 and several.location.project == hotline.get("code")
    assert "2 个指标（律师到岗率；值班率）" in several.message and "请拆分为 2 行" in several.message


@pytest.mark.parametrize("title, measures", [
    ("人民群众知晓率、首选率、满意率", ["人民群众知晓率", "首选率", "满意率"]),
    ("案件受理数、办结率(%)", ["案件受理数", "办结率"]),
    ("培训人数、培训次数", ["培训人数", "培训次数"]),
    ("省、市、县三级覆盖率", []),                    # one measure of three places
    ("宣传、活动区域覆盖率", []),                    # 002, as published
    ("案件、资料上报及时率", []),                    # 002
    ("人数、次数统计准确率", []),                    # a bare 人数 qualifies the 准确率
    ("巩固提升行政复议、行政诉讼办案质量，维护社会稳定。", []),  # 001: 质量 is no measure word
    ("年度、季度工作制度", []),
    ("知晓率", []),
])
def test_what_names_several_measures(title, measures):
    assert several_measures(title) == measures


# --- P-PLAN-EMPTY ---------------------------------------------------------------------------------


def test_a_spending_plan_with_nothing_filled(open_sample):
    doc = open_sample("002")
    [empty] = findings(doc, "P-PLAN-EMPTY")  # 提前下达2022年社区矫正补助资金, as published
    project = next(p for p in doc.projects if p.get("code") == empty.location.project)
    assert project.get("name") == "提前下达2022年社区矫正补助资金"
    assert empty.severity == WARNING and empty.location.field == "12月底" and "都未填写" in empty.message
    assert "预算数 23.04" in empty.message
    doc.apply(edits.set_field(doc, project.id, "plan_12", "100%"))
    assert findings(doc, "P-PLAN-EMPTY") == []


def test_emptying_a_plan_trips_it_and_says_nothing_else_of_the_plan(open_sample):
    doc = open_sample("001")
    project = doc.projects[1]  # 法律顾问经费: 6月底 50%, 10月底 75%, 12月底 100%
    assert [f for f in findings(doc, "P-PLAN-EMPTY") if f.location.project == project.get("code")] == []
    for point in forms.PLAN_POINTS:
        doc.apply(edits.set_field(doc, project.id, forms.plan_field_key(point), ""))
    found = [f for f in validate(doc) if f.rule.startswith("P-PLAN") and f.location.project == project.get("code")]
    assert [f.rule for f in found] == ["P-PLAN-EMPTY"]


# --- 审核意见 ---------------------------------------------------------------------------------------


def _tripped(open_sample, tmp_path):
    """The seeds, and 001 with one of each new problem."""
    from core.file.json_format import import_json, read_json_file

    docs = [open_sample(seed) for seed in ("000", "001", "002", "004")]
    doc = import_json(read_json_file(sample_json("001")), tmp_path / "x.bdoc")
    hotline = doc.projects[0]
    doc.apply(edits.set_cells(doc, hotline.id, "indicators", 3, 2, [["律师到岗率、值班率"]]))
    doc.apply(edits.set_field(doc, hotline.id, "goal", hotline.get("goal") + "开展普法讲座 12 场。"))
    doc.apply(edits.set_cells(doc, hotline.id, "indicators", 0, 4, [[""]]))
    return docs + [doc]


def test_every_indicator_quality_finding_has_its_category(open_sample, tmp_path):
    seen = set()
    docs = _tripped(open_sample, tmp_path)
    for doc in docs:
        for finding in validate(doc):
            if finding.rule in INDICATOR_RULES:
                assert finding.category in CATEGORIES, finding
                seen.add(finding.rule)
            elif finding.rule.startswith(("B-", "P-PLAN", "P-REQUIRED", "P-BUDGET")):
                assert finding.category is None, finding  # the arithmetic and the plan are no indicator's
    docs[-1].close()
    assert seen == INDICATOR_RULES - {"I-LAST-YEAR"}  # (no seed starts from last year's document)


def test_the_categories_of_the_seeds(open_sample):
    doc = open_sample("001")
    found = validate(doc)

    def category(rule, text):
        return next(f.category for f in found if f.rule == rule and text in f.message)

    assert category("Q-INDICATOR", "是满意度，应放在满意度指标下") == categories.WRONG_LEVEL
    assert category("Q-INDICATOR", "「设施建设数量」可以量化") == categories.NOT_QUANTIFIED
    assert category("Q-MISMATCH", "却是时间") == categories.VALUE_MISMATCH
    assert category("I-GOAL", "行政复议案件直接纠错率") == categories.VALUE_MISMATCH
    assert category("P-COST", "超过预算数") == categories.OTHER
    doc = open_sample("000")
    assert next(f for f in validate(doc) if "没有满意度指标" in f.message).category == categories.ADD_INDICATOR
    doc = open_sample("002")
    assert next(f for f in validate(doc) if f.rule == "Q-FILLER").category == categories.UNRELATED


def test_the_category_is_data_not_identity():
    where = Location("项目支出绩效目标表", "P1", 3, "指标值", 7)
    plain = Finding("Q-MISMATCH", WARNING, where, "第 3 行…")
    told = Finding("Q-MISMATCH", WARNING, where, "第 3 行…", categories.OTHER)
    assert plain.key == told.key and plain.note_key == told.note_key  # officers' 出错说明 stay where they were
    assert told.as_json()["category"] == "其他" and plain.as_json()["category"] is None
    assert Finding("Q-FILLER", WARNING, where, "…").category == categories.UNRELATED  # by its rule


def test_validate_json_gives_the_category(tmp_path):
    doc = tmp_path / "d.bdoc"
    run = lambda *a: subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, a)],
                                    capture_output=True, text=True, encoding="utf-8")
    assert run("import-json", sample_json("004"), doc).returncode == 0
    listed = json.loads(run("validate", doc, "--json").stdout)
    several = next(f for f in listed if f["rule"] == "Q-SEVERAL")
    assert several["category"] == "建议拆分指标"
    assert all("category" in f for f in listed)


# --- the check report, grouped ----------------------------------------------------------------------


def _groups_in_order(names):
    """The categories in the order the report shows them (each once, uncategorised first)."""
    order = list(dict.fromkeys(names))
    assert order[0] in ("", UNCATEGORISED) or order[0] in CATEGORIES
    shown = [n for n in order if n not in ("", UNCATEGORISED)]
    assert shown == [c for c in CATEGORIES if c in shown], order  # the 一体化系统's order
    return order


def test_by_category_groups_in_the_systems_order_uncategorised_first(open_sample):
    doc = open_sample("001")
    found = validate(doc)
    groups = by_category(found, {form.id: i for i, form in enumerate(doc.forms)})
    assert groups[0][0] is None and [c for c, _ in groups[1:]] == [c for c in CATEGORIES if any(
        f.category == c for f in found)]
    assert sorted(map(id, (f for _, g in groups for f in g))) == sorted(map(id, found))  # each once
    assert groups[0][1] == [f for f in found if f.category is None]  # as validated
    positions = {form.id: i for i, form in enumerate(doc.forms)}
    for _, group in groups[1:]:
        keys = [({"error": 0, "warning": 1, "info": 2}[f.severity], positions[f.location.form_id], f.location.row or 0)
                for f in group]
        assert keys == sorted(keys)  # by severity, then project by project, row by row


def test_the_xlsx_report_has_the_category_column_and_is_grouped(open_sample, tmp_path):
    from openpyxl import load_workbook

    from core.printing.check_report import write_xlsx

    doc = open_sample("001")
    found = validate(doc)
    write_xlsx(doc, found, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx")["检查报告"]
    assert sheet.cell(row=2, column=9).value == "审核意见" and sheet.cell(row=2, column=7).value == "问题"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(found)
    _groups_in_order([r[8] or "" for r in rows])
    assert next(r for r in rows if r[1] == "I-GOAL")[8] == "指标与指标值不匹配"
    assert sheet.auto_filter.ref == f"A2:I{len(rows) + 2}"


def test_validate_xlsx_from_the_command_line_is_grouped(tmp_path):
    from openpyxl import load_workbook

    doc = tmp_path / "d.bdoc"
    run = lambda *a: subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, a)],
                                    capture_output=True, text=True, encoding="utf-8")
    assert run("import-json", sample_json("002"), doc).returncode == 0
    assert run("validate", doc, "--xlsx", tmp_path / "r.xlsx").returncode == 1  # it has 错误
    rows = list(load_workbook(tmp_path / "r.xlsx")["检查报告"].iter_rows(min_row=3, values_only=True))
    order = _groups_in_order([r[8] or "" for r in rows])
    assert order[0] == "" and "指标与项目的相关性不够" in order


def test_the_pdf_appendix_prints_a_heading_per_category(open_sample, tmp_path):
    import pdfplumber

    from core.document.check_notes import notes
    from core.printing.pdf_export import PdfOptions, write_pdf

    doc = open_sample("004")
    found = validate(doc)
    path = write_pdf(doc, tmp_path / "r.pdf", PdfOptions(findings=found, notes=notes(doc)))
    with pdfplumber.open(path) as pdf:
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
    appendix = text[text.index("附：检查报告", text.index("附：检查报告") + 1):]  # after the 目录's entry
    headings = re.findall(r"(表格、计算与文字|审核意见：[^（]+)（(\d+)项）", appendix)
    names = [h for h, _ in headings]
    expected = [(UNCATEGORISED if c is None else f"审核意见：{c}", str(len(g))) for c, g in by_category(found)]
    assert headings == [(n.replace(" ", ""), k) for n, k in expected]
    assert "审核意见：建议拆分指标" in names


# --- the panel ------------------------------------------------------------------------------------


def test_the_panel_shows_the_category_and_fits_a_small_screen(qtbot, open_sample):
    pytest.importorskip("pytestqt")
    from PySide6.QtCore import Qt

    from ui.findings_dock import CATEGORY, NOTE, SEVERITY
    from ui.main_window import MainWindow

    doc = open_sample("004")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    tree = window.findings_dock.tree
    assert tree.headerItem().text(CATEGORY) == "审核意见"
    header = tree.header()
    assert [header.logicalIndex(i) for i in range(4)] == [0, SEVERITY, CATEGORY, NOTE]  # before 出错说明
    [row] = tree.findItems("建议拆分指标", Qt.MatchExactly | Qt.MatchRecursive, CATEGORY)
    assert row.data(0, Qt.UserRole).rule == "Q-SEVERAL" and "建议拆分指标" in row.toolTip(CATEGORY)
    arithmetic = next(f for f in window.findings_dock.findings if f.category is None)
    item = tree.findItems(arithmetic.message, Qt.MatchExactly | Qt.MatchRecursive, 0)[0]
    assert item.text(CATEGORY) == ""
    widths = sum(tree.columnWidth(c) for c in (0, SEVERITY, CATEGORY))
    assert widths + 200 <= tree.viewport().width()  # the 出错说明 keeps room, nothing scrolls sideways
    assert tree.horizontalScrollBar().maximum() == 0


def test_a_category_change_reaches_the_panel_in_place(qtbot, open_sample):
    pytest.importorskip("pytestqt")
    from PySide6.QtCore import Qt

    from ui.findings_dock import CATEGORY
    from ui.main_window import MainWindow

    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    hotline = doc.projects[0]
    assert window.session.perform(edits.set_cells(doc, hotline.id, "indicators", 3, 2, [["律师到岗率、值班率"]]))
    window.revalidate()
    [row] = window.findings_dock.tree.findItems("建议拆分指标", Qt.MatchExactly | Qt.MatchRecursive, CATEGORY)
    assert row.data(0, Qt.UserRole).location.row == 4
