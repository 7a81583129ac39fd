"""Long work never freezes the window: export, print preview and printing run in the background
with 取消; the preview shows landscape pages landscape; 打印 仅当前表 prints that table alone."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QProgressDialog, QPushButton

pytest.importorskip("pytestqt")

from ui.export_dialog import ExportChoice  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _window(qtbot, doc):
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    return window


def _page_text(pdf, index: int) -> str:
    page = pdf[index]
    return page.get_textpage().get_text_range()


def test_the_preview_shows_each_page_in_its_own_orientation(qtbot, open_sample):
    from ui import outputs

    doc = open_sample("001")
    window = _window(qtbot, doc)
    seen = {}

    def look(preview):
        seen["sizes"] = [(page.width(), page.height()) for page in preview.pages]
        return 0

    chosen = [doc.projects[0].id, doc.budget_table("收入总表").id]
    assert not outputs.print_preview(window, ExportChoice(chosen, draft=True), show=look)
    sizes = seen["sizes"]
    assert any(w > h for w, h in sizes) and any(h > w for w, h in sizes)  # the 公开表 landscape


def test_printing_only_the_current_table_prints_no_cover_and_no_contents(qtbot, open_sample):
    from ui import outputs

    doc = open_sample("001")
    window = _window(qtbot, doc)
    table = doc.budget_table("收入总表")
    window.select_form(table.id)
    seen = {}

    def look(preview):
        seen["pages"] = preview.page_count
        seen["first"] = _page_text(preview.pdf, 0)
        return 0

    outputs.print_preview(window, ExportChoice([table.id], draft=True), show=look)
    assert "收入总表" in seen["first"] and "目录" not in seen["first"] and "编制" in seen["first"]
    assert "承德市财政局审核" not in seen["first"]  # not the cover
    assert seen["pages"] <= 3


def test_printing_from_the_preview_paints_every_page_in_the_background(qtbot, open_sample, tmp_path, monkeypatch):
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from ui import outputs

    doc = open_sample("004")
    window = _window(qtbot, doc)
    printed = tmp_path / "printed.pdf"

    def choose_printer(dialog):
        dialog.printer().setOutputFormat(QPrinter.PdfFormat)  # the printer is a file here
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_printer)
    seen = {}

    def press_print(preview):
        seen["pages"] = preview.page_count
        return preview.print_document()

    assert outputs.print_preview(window, ExportChoice(None, draft=True), show=press_print)
    assert len(pdfium.PdfDocument(str(printed))) == seen["pages"]


def test_cancel_stops_long_work_and_the_window_gets_a_chinese_word_back(qtbot, open_sample):
    from ui.background import CANCELLED, run_in_background

    window = _window(qtbot, open_sample("000"))
    QTimer.singleShot(0, lambda: window.findChild(QProgressDialog).findChild(QPushButton).click())  # 取消

    def work(progress, cancelled):
        progress(0, 10)
        while not cancelled():  # stops as soon as the officer presses 取消
            pass
        return "not used"

    outcome = run_in_background(window, "导出", "正在生成…", work)
    assert outcome.error == CANCELLED and not outcome.ok


def test_an_unexpected_error_in_the_background_is_a_chinese_message_and_logged(qtbot, open_sample):
    from core.file.user_data import log_file
    from ui.background import run_in_background

    window = _window(qtbot, open_sample("000"))

    def work(progress, cancelled):
        raise ZeroDivisionError("a bug")

    outcome = run_in_background(window, "导出", "正在生成…", work, failure="无法导出")
    assert outcome.error.startswith("无法导出") and "日志" in outcome.error and "Traceback" not in outcome.error
    assert "ZeroDivisionError" in log_file().read_text("utf-8")


def test_an_export_cancelled_writes_nothing(qtbot, open_sample, tmp_path, monkeypatch):
    from ui import outputs
    from ui.background import CANCELLED, Outcome

    doc = open_sample("000")
    window = _window(qtbot, doc)
    calls = []

    def cancelled_at_once(parent, title, label, work, **kwargs):
        calls.append(title)
        try:
            work(lambda done, total: None, lambda: True)
        except Exception as exc:  # the work stops by raising Cancelled
            assert "已取消" in str(exc)
        return Outcome(None, CANCELLED)

    monkeypatch.setattr(outputs, "run_in_background", cancelled_at_once)
    assert not window.export_pdf(tmp_path / "out.pdf", ExportChoice(None, draft=True))
    assert not window.export_xlsx(tmp_path / "out.xlsx", ExportChoice(None, draft=True))
    assert calls == ["导出 PDF", "导出 Excel"]
    assert not (tmp_path / "out.pdf").exists() and not (tmp_path / "out.xlsx").exists()
    assert "已取消导出" in window.statusBar().currentMessage()
