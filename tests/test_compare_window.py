"""This year beside last year in the window and the PDF: 视图 → 与上年对比… and 图示… open on the
document; a double-click on a row goes to it; closing the document closes them; the exported PDF
carries the 图示 page when asked (and only then)."""

import pytest
from PySide6.QtWidgets import QApplication

pytest.importorskip("pytestqt")

from compare_story import change_spending, next_year_document  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _action(window, text):
    return next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                if a.text().startswith(text))


def test_the_comparison_and_the_charts_open_from_the_view_menu(qtbot, tmp_path):
    from ui.charts import ChartsView
    from ui.compare_view import CompareView

    doc = next_year_document(tmp_path)
    change_spending(doc)
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    _action(window, "与上年对比").trigger()
    _action(window, "图示").trigger()
    views = [d.findChild(CompareView) or d.findChild(ChartsView) for d in window._views]
    assert [type(v).__name__ for v in views] == ["CompareView", "ChartsView"]
    compare = views[0]
    assert compare.comparison.last_year == 2024
    table = doc.budget_table("支出总表")
    compare.form_requested.emit(table.id, 3)
    assert window.current_form_id() == table.id
    window.close_document()
    QApplication.processEvents()
    assert not window._views


def test_the_pdf_appends_the_charts_page_only_when_asked(tmp_path):
    import pdfplumber

    from core.printing.pdf_export import PdfOptions, write_pdf

    doc = next_year_document(tmp_path)
    plain = write_pdf(doc, tmp_path / "plain.pdf", PdfOptions(None, True))
    charted = write_pdf(doc, tmp_path / "charts.pdf", PdfOptions(None, True, charts=True))
    with pdfplumber.open(plain) as a, pdfplumber.open(charted) as b:
        assert len(b.pages) == len(a.pages) + 1
        last = b.pages[-1].extract_text()
        assert "资金支出计划" in last and "资金支出计划" not in a.pages[-1].extract_text()
        assert b.pages[-1].width > b.pages[-1].height  # landscape
