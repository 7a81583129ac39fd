"""Draw the application icon: resources/icons/budgetdesk.png (256 px, the window icon) and
budgetdesk.ico (16–256 px, the Windows executable and the .bdoc file icon).

Run once after changing the design: ``QT_QPA_PLATFORM=offscreen python tools/make_icon.py``.
Each size is drawn by Qt at that size (crisper than scaling one image down), then Pillow (already
installed with reportlab) packs them into one .ico.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE, WHITE = QColor("#1f5fa8"), QColor("#ffffff")


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size / 16
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BLUE)
    p.drawRoundedRect(box, size / 6, size / 6)
    if size >= 32:  # ledger lines under the character; too fine to see below 32 px
        p.setPen(QPen(QColor(255, 255, 255, 90), max(1.0, size / 64)))
        for k in (0.80, 0.89):
            y = margin + box.height() * k
            p.drawLine(int(box.left() + size * 0.18), int(y), int(box.right() - size * 0.18), int(y))
    font = QFont(family)
    font.setPixelSize(int(size * (0.56 if size >= 32 else 0.74)))
    font.setBold(True)
    p.setFont(font)
    p.setPen(WHITE)
    text_box = QRectF(box.left(), box.top() - (size * 0.09 if size >= 32 else 0), box.width(), box.height())
    p.drawText(text_box, Qt.AlignmentFlag.AlignCenter, "预")
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def main() -> int:
    from PIL import Image

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts need an application
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc"))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    images = {size: Image.open(io.BytesIO(png_bytes(draw(size, family)))) for size in SIZES}
    images[256].save(out / "budgetdesk.png")
    images[256].save(out / "budgetdesk.ico", sizes=[(s, s) for s in SIZES],
                     append_images=[images[s] for s in SIZES if s != 256])
    print(f"wrote {out / 'budgetdesk.png'} and {out / 'budgetdesk.ico'} ({', '.join(map(str, SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
