"""A project table read as typed values, as validation will read it."""

from decimal import Decimal

from core.document.project_table import ProjectTable


def test_amounts_plan_and_indicator_parts(open_sample):
    juluxian = ProjectTable(open_sample("000").projects[0])
    assert juluxian.budget == Decimal("2.00") and juluxian.other is None
    assert [p.amount for p in juluxian.plan.values()] == [Decimal("0.50"), Decimal("1.00"),
                                                          Decimal("1.50"), Decimal("2.00")]
    cost = next(i for i in juluxian.indicators if i.l2 == "成本指标")
    assert (cost.value.operator, cost.value.number, cost.value.unit) == ("≤", Decimal("2"), "万元")
    assert cost.value.text == "≤2万元"

    chengde = ProjectTable(open_sample("001").projects[0])
    plan = chengde.plan
    assert plan["3月底"].percent == Decimal("20") and plan["12月底"].text is None
    assert chengde.indicators[6].value.kind == "text"  # 有所提升


def test_core_never_imports_qt():
    from conftest import ROOT

    for path in (ROOT / "core").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "PySide6" not in text and "PyQt" not in text, path
