"""What the window prints and exports: PDF, Excel, the print preview and the check report. Each
asks which forms (the export dialog), refuses a submission while 错误 remain, and writes in the
background (ui.background): the window repaints, 取消 stops it, nothing half-written is left."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from core.errors import BudgetDeskError
from ui.background import CANCELLED, run_in_background
from ui.plain import shown

NAMES = {"pdf": "PDF", "xlsx": "Excel"}


def ask_choice(window, title: str, report_option: bool = True, charts_option: bool = False):
    """The forms and options the officer wants printed or exported; None if they cancelled."""
    from core.checks.validation import ERROR
    from ui.export_dialog import ExportDialog

    errors = sum(1 for f in window.session.revalidate() if f.severity == ERROR)
    dialog = ExportDialog(window.doc, title, errors, window.current_form_id(), window, report_option, charts_option)
    return dialog.choice() if dialog.exec() == QDialog.Accepted else None


def pdf_options(window, choice, report=None):
    """The PDF of the officer's choice. Printing only the current table leaves out the cover and
    the 目录 (a single table is what was asked for)."""
    from core.document.check_notes import notes
    from core.printing.pdf_export import PdfOptions

    single = choice.form_ids is not None and choice.form_ids == [window.current_form_id()]
    return PdfOptions(choice.form_ids, choice.draft, report, notes(window.doc), front_matter=not single,
                      charts=choice.charts and not single)


def export(window, kind: str, path: Path | None, choice) -> bool:
    """Export as ``kind`` ("pdf" or "xlsx") with the officer's choice (asked if None)."""
    from core.checks.validation import ERROR

    name = NAMES[kind]
    if choice is None:
        choice = ask_choice(window, f"导出 {name}", charts_option=kind == "pdf")
        if choice is None:
            return False
    findings = window.session.revalidate()
    errors = sum(1 for f in findings if f.severity == ERROR)
    if errors and not choice.draft:
        QMessageBox.warning(window, "还有错误", f"文档还有 {errors} 项错误，不能导出报送版。"
                            "请先改正（见“检查结果”），或导出草案。")
        return False
    if path is None:
        filters = {"pdf": "PDF 文件 (*.pdf)", "xlsx": "Excel 文件 (*.xlsx)"}[kind]
        chosen, _ = QFileDialog.getSaveFileName(window, f"导出 {name}", str(window.doc.path.with_suffix(f".{kind}")),
                                                filters)
        if not chosen:
            return False
        path = Path(chosen)
    report = findings if choice.report else None
    doc = window.doc
    if kind == "pdf":
        from core.printing.pdf_export import write_pdf

        options = pdf_options(window, choice, report)

        def work(progress, cancelled):
            return write_pdf(doc, path, options, progress=progress, cancelled=cancelled)
    else:
        from core.printing.xlsx_export import write_document_xlsx

        def work(progress, cancelled):
            return write_document_xlsx(doc, path, choice.form_ids, report, choice.draft,
                                       progress=progress, cancelled=cancelled)
    outcome = run_in_background(window, f"导出 {name}", f"正在生成 {name}…", work,
                                failure=f"无法写入「{path}」", step="第 {done}/{total} 张表")
    if outcome.error:
        if outcome.error != CANCELLED:
            QMessageBox.warning(window, "导出失败", shown(outcome.error))
        else:
            window.statusBar().showMessage("已取消导出，没有写入文件。", 8000)
        return False
    window.statusBar().showMessage(f"已导出 {name}{'（草案）' if choice.draft else ''}：{path}", 8000)
    if kind == "pdf":
        _tell_lost_glyphs(window, options)
    return True


def _tell_lost_glyphs(window, options) -> None:
    """Where characters the font lacks printed as a mark: said, never silently blank."""
    from core.printing.pdf_export import lost_glyphs_message

    message = lost_glyphs_message(options.lost_glyphs)
    if message:
        QMessageBox.warning(window, "有字符无法打印", shown(message))


def print_preview(window, choice=None, show=None) -> bool:
    """打印预览 of the PDF the choice makes (a 草案 while 错误 remain); the officer prints from it.
    ``show(preview)`` runs the dialog (tests replace it)."""
    from core.printing.pdf_export import write_pdf
    from core.checks.validation import ERROR
    from ui.printing import PrintPreview, paint_pdf

    if choice is None:
        choice = ask_choice(window, "打印", report_option=False)
        if choice is None:
            return False
    draft = choice.draft or any(f.severity == ERROR for f in window.session.revalidate())
    options = pdf_options(window, replace(choice, report=False, draft=draft))
    doc = window.doc
    with tempfile.TemporaryDirectory(prefix="budgetdesk-print-", ignore_cleanup_errors=True) as folder:
        path = Path(folder) / "print.pdf"
        outcome = run_in_background(window, "打印预览", "正在排版…",
                                    lambda progress, cancelled: write_pdf(doc, path, options, progress=progress,
                                                                          cancelled=cancelled),
                                    failure="无法生成打印预览", step="第 {done}/{total} 张表")
        if outcome.error:
            if outcome.error != CANCELLED:
                QMessageBox.warning(window, "打印预览失败", shown(outcome.error))
            return False
        _tell_lost_glyphs(window, options)

        def print_pages(printer) -> bool:
            printed = run_in_background(window, "打印", "正在打印…",
                                        lambda progress, cancelled: paint_pdf(path, printer, progress, cancelled),
                                        failure="打印失败", step="第 {done}/{total} 页")
            if printed.error and printed.error != CANCELLED:
                QMessageBox.warning(window, "打印失败", shown(printed.error))
            return printed.ok

        preview = PrintPreview(path, window, print_pages)
        try:
            return bool((show or (lambda dialog: dialog.exec()))(preview))
        finally:
            preview.release()
            preview.deleteLater()


def export_check_report(window, path: Path | None = None) -> bool:
    from core.printing.check_report import write_xlsx

    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(
            window, "导出检查报告", str(window.doc.path.with_name(window.doc.path.stem + "-检查报告.xlsx")),
            "Excel 文件 (*.xlsx)")
        if not chosen:
            return False
        path = Path(chosen)
    try:
        write_xlsx(window.doc, window.session.revalidate(), path)
    except BudgetDeskError as exc:
        QMessageBox.warning(window, "导出失败", shown(str(exc)))
        return False
    window.statusBar().showMessage(f"检查报告已导出：{path}", 8000)
    return True
