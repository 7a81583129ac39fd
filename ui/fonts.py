"""Make Chinese readable on any PC: register the bundled CJK font and use it as the fallback."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from core.resources import resource_path

PREFERRED = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC")


def install_fonts(app: QApplication) -> str:
    """Register the bundled font; set the application font to a CJK family. Returns the family."""
    bundled = ""
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
    if font_id >= 0:
        families = QFontDatabase.applicationFontFamilies(font_id)
        bundled = families[0] if families else ""
    available = set(QFontDatabase.families())
    families = [f for f in PREFERRED if f in available] + ([bundled] if bundled else [])
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    return families[0] if families else font.family()
