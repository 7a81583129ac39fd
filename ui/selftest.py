"""``python main.py selftest`` — and ``BudgetDesk selftest`` of the frozen build: proves that an
installation has everything it needs, without a screen and without touching the officer's files.

It opens the bundled sample in the main window (offscreen), validates it, exports PDF and .xlsx to a
temporary folder and reads both back with the import readers, reads last year's Word file (a bundled
example), so pdfplumber, pypdfium2, openpyxl and python-docx are proven to work, not just to import;
prints a page through Qt's print support, and exits 0 only if every check passed. Each check prints one line; a failure prints its traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path


class _Checks:
    def __init__(self, folder: Path):
        self.folder = folder
        self.failed: list[str] = []
        self.doc = None
        self.main_window = None
        self.findings: list = []

    def run(self, name: str, check) -> None:
        start = time.perf_counter()
        try:
            detail = check()
        except Exception:  # noqa: BLE001 - report every failing check, then fail the whole test
            self.failed.append(name)
            print(f"  失败  {name}", flush=True)
            traceback.print_exc(file=sys.stdout)
            return
        print(f"  通过  {name}：{detail}（{(time.perf_counter() - start) * 1000:.0f} ms）", flush=True)

    # -- the checks, in order; later ones use what earlier ones made --------------------------------

    def fonts(self) -> str:
        from PySide6.QtGui import QFontDatabase, QFontMetrics
        from PySide6.QtWidgets import QApplication

        from ui.app import install_translations, set_identity
        from ui.fonts import install_fonts

        app = QApplication.instance() or QApplication(sys.argv[:1])
        set_identity(app)
        family = install_fonts(app)
        assert "WenQuanYi Micro Hei" in QFontDatabase.families(), "bundled font not registered"
        assert QFontMetrics(app.font()).inFontUcs4(ord("预")), f"{family} has no 预"
        assert not app.windowIcon().isNull(), "application icon missing"
        assert install_translations(app) is not None, "Qt's Chinese translation (qtbase_zh_CN) missing"
        return f"界面字体 {family}，Qt 中文翻译已载入"

    def window(self) -> str:
        from PySide6.QtWidgets import QApplication

        from core.document.document import open_document
        from ui.app import sample_document
        from ui.main_window import MainWindow

        self.doc = open_document(sample_document(self.folder))
        self.main_window = MainWindow(self.doc)
        self.main_window.resize(1366, 740)
        self.main_window.show()
        QApplication.processEvents()
        image = self.main_window.grab().toImage()
        assert image.width() >= 1000, f"window is {image.width()} px wide"
        assert self.main_window.navigator.topLevelItemCount() > 0, "navigator empty"
        return f"{self.doc.department} {self.doc.year}，{len(self.doc.projects)} 个项目，窗口 {image.width()}×{image.height()}"

    def validation(self) -> str:
        from core.checks.validation import SEVERITY_LABELS, validate

        self.findings = validate(self.doc)
        assert self.findings, "the sample's known problems were not found"
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return "，".join(f"{label} {counts[severity]} 项" for severity, label in SEVERITY_LABELS.items()
                        if severity in counts)

    def pdf(self) -> str:
        from core.document.check_notes import notes
        from core.printing.pdf_export import PdfOptions, write_pdf
        from core.reading import read_file

        from reportlab.lib import rl_accel

        assert not hasattr(rl_accel.fp_str, "__code__"), "reportlab's C speed-ups (_rl_accel) missing"
        path = write_pdf(self.doc, self.folder / "自检.pdf", PdfOptions(None, True, self.findings, notes(self.doc)))
        assert path.read_bytes()[:5] == b"%PDF-", "not a PDF"
        back = read_file(path)
        assert len(back.data["projects"]) == len(self.doc.projects), (
            f"read back {len(back.data['projects'])} of {len(self.doc.projects)} projects")
        return f"{back.pages} 页，{path.stat().st_size // 1024} KiB，读回 {len(back.data['projects'])} 个项目"

    def xlsx(self) -> str:
        from openpyxl import load_workbook

        from core.reading import read_file
        from core.printing.xlsx_export import write_document_xlsx

        path = write_document_xlsx(self.doc, self.folder / "自检.xlsx", None, self.findings, True)
        sheets = len(load_workbook(path, read_only=True).sheetnames)
        back = read_file(path)
        assert len(back.data["projects"]) == len(self.doc.projects), (
            f"read back {len(back.data['projects'])} of {len(self.doc.projects)} projects")
        return f"{sheets} 张工作表，读回 {len(back.data['projects'])} 个项目"

    def printing(self) -> str:
        from PySide6.QtPrintSupport import QPrinter

        from core.printing.pdf_export import PdfOptions, write_pdf
        from ui.printing import paint_pdf

        source = write_pdf(self.doc, self.folder / "打印.pdf", PdfOptions([self.doc.projects[0].id], True))
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.folder / "打印输出.pdf"))
        pages = paint_pdf(source, printer)
        assert pages >= 1, "nothing printed"
        return f"{pages} 页经 Qt 打印"

    def word_reader(self) -> str:
        from core.reading import read_file
        from core.resources import resource_path

        back = read_file(resource_path("samples", "last_year_example.docx"))
        assert len(back.data["projects"]) == 8, f"read {len(back.data['projects'])} of 8 projects"
        return f"上年 Word 示例读出 {len(back.data['projects'])} 个项目"

    def batch_review(self) -> str:
        """A folder of two files reviewed on two worker processes, the 汇总 tabulated (pandas) and
        written: the frozen program carries pandas and can start its workers."""
        from openpyxl import load_workbook

        from core.batch.review import review_folder
        from core.batch.workbook import write_review_xlsx
        from core.file.json_format import write_json

        folder = self.folder / "批量审核"
        folder.mkdir()
        write_json(self.doc, folder / "示例.json")
        (folder / "坏文件.pdf").write_bytes(b"not a pdf")
        batch = review_folder(folder, workers=2, timeout=120)
        reviewed = [r for r in batch.reviews if r.ok]
        assert len(batch.reviews) == 2 and len(reviewed) == 1, [(r.name, r.reason) for r in batch.reviews]
        path = folder / "审核汇总.xlsx"
        write_review_xlsx(batch, path)
        sheets = load_workbook(path, read_only=True).sheetnames
        assert "汇总" in sheets and "明细" in sheets, sheets
        return f"2 份文件，审核 1 份、未能读取 1 份，汇总表 {len(sheets)} 张工作表"

    def close(self) -> None:
        if self.main_window is not None:
            self.main_window.close()
        if self.doc is not None:
            self.doc.close()


def main(argv: list[str]) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, none touched
    with tempfile.TemporaryDirectory(prefix="budgetdesk-selftest-") as tmp:
        folder = Path(tmp)
        os.environ["BUDGETDESK_DATA_DIR"] = str(folder / "data")  # never the officer's settings
        frozen = "打包版" if getattr(sys, "frozen", False) else "源码"
        from core.version import VERSION

        print(f"BudgetDesk {VERSION} 自检（{frozen}，{sys.platform}）", flush=True)
        checks = _Checks(folder)
        for name, check, needs_document in (
                ("字体与图标", checks.fonts, False), ("打开示例文档", checks.window, False),
                ("检查", checks.validation, True), ("导出 PDF 并读回", checks.pdf, True),
                ("导出 Excel 并读回", checks.xlsx, True), ("打印", checks.printing, True),
                ("读取 Word 文件", checks.word_reader, False), ("批量审核", checks.batch_review, True)):
            if needs_document and checks.doc is None:
                print(f"  跳过  {name}（示例文档未能打开）", flush=True)
                continue
            checks.run(name, check)
        checks.close()
    if checks.failed:
        print(f"selftest: FAILED ({', '.join(checks.failed)})", flush=True)
        return 1
    print("selftest: ok", flush=True)
    return 0
