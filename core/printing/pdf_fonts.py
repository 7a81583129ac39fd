"""The fonts the PDF is printed in: the PC's 宋体 / 黑体 where Windows has them (the look the 财政局
expects), otherwise the bundled 文泉驿微米黑 (Apache-2.0). Registered with reportlab once; reportlab
embeds only the glyphs a document uses (subset), so a PDF carries kilobytes of font, not megabytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.resources import resource_path

BUNDLED = ("wqy-microhei.ttc", 0)


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


# (file, index in a .ttc) by preference; the first that exists is used
BODY_CANDIDATES = (("simsun.ttc", 0), ("simsun.ttf", 0), ("simfang.ttf", 0))
HEADING_CANDIDATES = (("simhei.ttf", 0), ("msyh.ttc", 0))


@dataclass(frozen=True)
class PdfFonts:
    body: str      # reportlab font name for text and tables
    heading: str   # for titles
    body_file: Path

    def missing(self, text: str, font: str | None = None) -> set[str]:
        """The characters of ``text`` that ``font`` (a reportlab font name; the body font if None)
        has no glyph for: they would print as boxes or not at all. Whitespace is never missing."""
        from reportlab.pdfbase import pdfmetrics

        glyphs = pdfmetrics.getFont(font or self.body).face.charToGlyph
        return {ch for ch in set(text) if ord(ch) not in glyphs and not ch.isspace()}


def _register(name: str, path: Path, index: int) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
        return True
    except (TTFError, OSError, ValueError):
        return False


@lru_cache(maxsize=1)
def pdf_fonts() -> PdfFonts:
    """Register the fonts (once per process) and say which are used."""
    bundled = resource_path("fonts", BUNDLED[0])
    if not _register("BD-Bundled", bundled, BUNDLED[1]):
        raise RuntimeError(f"bundled font missing: {bundled}")
    body, body_file = "BD-Bundled", bundled
    heading = "BD-Bundled"
    folder = _windows_fonts()
    for file, index in BODY_CANDIDATES:
        if (folder / file).exists() and _register("BD-Body", folder / file, index):
            body, body_file = "BD-Body", folder / file
            break
    for file, index in HEADING_CANDIDATES:
        if (folder / file).exists() and _register("BD-Heading", folder / file, index):
            heading = "BD-Heading"
            break
    return PdfFonts(body, heading, body_file)
