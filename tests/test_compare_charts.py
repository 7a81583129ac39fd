"""The charts as data — each project's 资金支出计划 as cumulative %, the department's weighted by
预算数, 支出 by 类 this year beside last year — drawn in the window and on a page of the PDF."""

from decimal import Decimal

import pdfplumber

from compare_story import change_spending, next_year_document
from core.compare import charts
from core.document import edits
from core.printing.chart_pages import write_chart_pdf


def test_each_plan_is_cumulative_percent_and_the_department_weighs_them_by_budget(open_sample):
    doc = open_sample("001")
    chart = charts.plan_chart(doc)
    assert chart.year == 2024 and len(chart.projects) == 28
    budgets = [c.budget for c in chart.projects]
    assert budgets == sorted(budgets, reverse=True)  # the largest first: they are drawn in colour
    hotline = next(c for c in chart.projects if c.name == "12348法律服务热线")
    assert hotline.percents == (Decimal(20), Decimal(50), Decimal(90), None)  # 12月底 left blank
    known = [(c.budget, c.percents[0]) for c in chart.projects if c.budget and c.percents[0] is not None]
    expected = sum(b * p for b, p in known) / sum(b for b, _ in known)
    assert chart.department.percents[0] == expected.quantize(Decimal("0.1"))
    assert charts.percent_axis(chart) == 100


def test_a_plan_written_in_amounts_is_read_as_percent_of_the_budget(open_sample):
    doc = open_sample("000")  # 巨鹿县: the plan in 万元 under a % header
    project = doc.projects[0]
    assert project.get("budget") == "2.00" and project.get("plan_12") == "2.00"
    doc.apply(edits.set_field(doc, project.id, "plan_3", "0.30"))
    curve = next(c for c in charts.plan_chart(doc).projects if c.name == project.get("name"))
    assert curve.percents == (Decimal("15.0"), Decimal("50.0"), Decimal("75.0"), Decimal("100.0"))
    runs = charts.curve_points(curve, 100)
    assert runs == [[(0, 0), (3, Decimal("15.0")), (6, 50), (10, 75), (12, 100)]]


def test_spending_by_class_this_year_beside_last_year(tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    chart = charts.spending_chart(doc)
    assert [c.code for c in chart.classes] == ["204", "208", "210", "221"]
    security = chart.classes[0]
    assert (security.this, security.last) == (Decimal("3417.86"), Decimal("3397.31"))
    assert chart.this_total == Decimal("4179.51") and chart.last_total == Decimal("4148.22")
    assert security.share(chart.this_total) == Decimal("81.8") and security.share(chart.last_total, True) == Decimal("81.9")
    doc.close()


def test_without_last_year_the_composition_says_so(open_sample):
    chart = charts.spending_chart(open_sample("001"))
    assert chart.last_total is None and all(c.last is None for c in chart.classes)
    assert chart.table_title == "支出总表"


def test_the_chart_page_of_the_pdf(tmp_path):
    doc = next_year_document(tmp_path)
    change_spending(doc)
    out = write_chart_pdf(doc, None, tmp_path / "charts.pdf")
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1 and pdf.pages[0].width > pdf.pages[0].height  # one landscape page
        text = pdf.pages[0].extract_text().replace(" ", "")
    for shown in ("承德市司法局2025年预算", "资金支出计划", "部门（按预算数加权）", "12月底", "2024年",
                  "204公共安全支出", "3417.86", "3397.31"):
        assert shown in text, shown
    doc.close()


def test_a_department_name_with_markup_prints_as_written(tmp_path):
    doc = next_year_document(tmp_path)
    doc.apply(edits.set_field(doc, doc.meta.id, "department", "<b>司法局</b>&"))
    out = write_chart_pdf(doc, None, tmp_path / "charts.pdf")
    with pdfplumber.open(out) as pdf:
        assert "<b>司法局</b>&" in pdf.pages[0].extract_text().replace(" ", "")
    doc.close()
