"""Print preview and printing of exactly the pages of the PDF export.

The PDF (written in the background, ui.outputs) is shown page by page, each in its own
orientation (the 公开表 landscape, the project tables portrait), rendered by pypdfium2 (it comes
with pdfplumber) only when scrolled into view. 打印 asks for the printer, then paints every page at
the printer's resolution in the background (QPainter on a QPrinter works on a worker thread),
landscape pages turned to fit portrait paper.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from core.errors import BudgetDeskError

PREVIEW_DPI = 80   # sharp enough on screen, light on an old PC's memory
PRINT_DPI = 200    # sharp on paper, ditto
CACHED_PAGES = 12  # rendered preview pages kept; the others are rendered again when scrolled to


def _render(page, dpi: int) -> QImage:
    image = page.render(scale=dpi / 72).to_pil().convert("RGB")
    data = image.tobytes("raw", "RGB")
    return QImage(data, image.width, image.height, image.width * 3, QImage.Format_RGB888).copy()


def paint_pdf(pdf_path: Path, printer: QPrinter, progress=None, cancelled=None) -> int:
    """Paint every page of the PDF onto the printer; the number of pages painted. ``progress`` /
    ``cancelled`` as in ui.background (a cancelled print stops after the page being painted)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    painter = QPainter()
    if not painter.begin(printer):
        pdf.close()
        raise BudgetDeskError("无法开始打印：打印机不可用或被取消。")
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        total = len(pdf)
        for index in range(total):
            if cancelled and cancelled():
                return index
            if index:
                printer.newPage()
            image = _render(pdf[index], dpi)
            target = QRectF(painter.viewport())
            if (image.width() > image.height()) != (target.width() > target.height()):
                painter.save()  # a landscape page on portrait paper: turn it
                painter.translate(target.width(), 0)
                painter.rotate(90)
                _draw(painter, image, QRectF(0, 0, target.height(), target.width()))
                painter.restore()
            else:
                _draw(painter, image, target)
            if progress:
                progress(index + 1, total)
        return total
    finally:
        painter.end()
        pdf.close()


def _draw(painter: QPainter, image: QImage, target: QRectF) -> None:
    scaled = image.size().scaled(target.size().toSize(), Qt.KeepAspectRatio)
    painter.drawImage(QRectF(target.topLeft(), scaled.toSizeF()), image)


class _Page(QLabel):
    """One page of the preview: its size known at once, its picture rendered when it is painted."""

    def __init__(self, preview: "PrintPreview", index: int, size: QSize):
        super().__init__()
        self.preview, self.index = preview, index
        self.setFixedSize(size)
        self.setStyleSheet("background: white; border: 1px solid #999;")

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.preview.pixmap(self.index))
        painter.end()


class PrintPreview(QDialog):
    """打印预览: every page of the PDF in its own orientation, 打印… and 关闭."""

    def __init__(self, pdf_path: Path, parent=None, print_pages=None):
        """``print_pages(printer)`` prints (the window passes one that runs in the background)."""
        import pypdfium2 as pdfium

        super().__init__(parent)
        self.setWindowTitle("打印预览")
        self.pdf = pdfium.PdfDocument(str(pdf_path))
        self.page_count = len(self.pdf)
        self.path = Path(pdf_path)
        self.print_pages = print_pages or (lambda printer: paint_pdf(self.path, printer))
        self._cache: dict[int, QPixmap] = {}
        self._printing = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton("打印(&P)…")
        self.print_button.clicked.connect(self.print_document)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bar.addWidget(QLabel(f"共 {len(self.pdf)} 页"))
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout.addLayout(bar)
        body = QWidget()
        pages = QVBoxLayout(body)
        pages.setAlignment(Qt.AlignHCenter)
        self.pages: list[_Page] = []
        for index in range(len(self.pdf)):
            width, height = self.pdf[index].get_size()
            page = _Page(self, index, QSize(round(width * PREVIEW_DPI / 72), round(height * PREVIEW_DPI / 72)))
            pages.addWidget(page, 0, Qt.AlignHCenter)
            self.pages.append(page)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: #808080; }")
        layout.addWidget(scroll, 1)
        self.resize(1000, 700)

    def pixmap(self, index: int) -> QPixmap:
        pixmap = self._cache.get(index)
        if pixmap is None and (self._printing or self.pdf is None):  # pdfium: one thread at a time
            return QPixmap()
        if pixmap is None:
            if len(self._cache) >= CACHED_PAGES:
                self._cache.pop(next(iter(self._cache)))
            pixmap = self._cache[index] = QPixmap.fromImage(_render(self.pdf[index], PREVIEW_DPI))
        return pixmap

    def print_document(self) -> bool:
        printer = QPrinter(QPrinter.HighResolution)
        printer.setFullPage(True)  # the PDF pages carry their own margins
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.Accepted:
            return False
        self._printing = True
        try:
            printed = self.print_pages(printer)
        finally:
            self._printing = False
        if printed:
            self.accept()
        return bool(printed)

    def release(self) -> None:
        """Let go of the PDF file (Windows cannot delete a file that is open); safe to call twice."""
        self._cache.clear()
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    def done(self, result: int) -> None:
        self.release()
        super().done(result)
