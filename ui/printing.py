"""Print preview and printing of exactly the pages of the PDF export: the PDF is written to a
temporary file, and each page is rendered by pypdfium2 (it comes with pdfplumber) at the printer's
resolution onto the QPrinter's pages, landscape pages turned to fit."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog


def paint_pdf(pdf_path: Path, printer: QPrinter) -> int:
    """Paint every page of the PDF onto the printer (or preview); returns the number of pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = min(printer.resolution(), 200)  # sharp on paper, light on an old PC's memory
        for index in range(len(pdf)):
            if index:
                printer.newPage()
            page = pdf[index]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = image.tobytes("raw", "RGB")
            qimage = QImage(data, image.width, image.height, image.width * 3, QImage.Format_RGB888)
            target = QRectF(painter.viewport())
            if (qimage.width() > qimage.height()) != (target.width() > target.height()):
                painter.save()  # a landscape page on portrait paper: turn it
                painter.translate(target.width(), 0)
                painter.rotate(90)
                target = QRectF(0, 0, target.height(), target.width())
                _draw(painter, qimage, target)
                painter.restore()
            else:
                _draw(painter, qimage, target)
        return len(pdf)
    finally:
        painter.end()
        pdf.close()


def _draw(painter: QPainter, image: QImage, target: QRectF) -> None:
    scaled = image.size().scaled(target.size().toSize(), Qt.KeepAspectRatio)
    painter.drawImage(QRectF(target.topLeft(), scaled.toSizeF()), image)


def preview(parent, write_pdf) -> bool:
    """Show the print preview of the PDF that ``write_pdf(path)`` writes; the officer prints from it."""
    with tempfile.TemporaryDirectory(prefix="budgetdesk-print-") as folder:
        path = Path(folder) / "print.pdf"
        write_pdf(path)
        printer = QPrinter(QPrinter.HighResolution)
        printer.setFullPage(True)  # the PDF pages carry their own margins
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle("打印预览")
        dialog.paintRequested.connect(lambda p: paint_pdf(path, p))
        dialog.resize(1000, 700)
        return bool(dialog.exec())
