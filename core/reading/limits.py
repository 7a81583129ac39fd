"""What one imported file may cost, in one place: every reader checks these as it reads and refuses
a file past them with a plain Chinese message, so no file can hang the program or exhaust its
memory, and the officer can cancel the import at any time.

The limits are far above what a department's budget file holds (the largest real ones: a few
hundred rows per table, a few thousand characters and lines per PDF page, 40 sheets) and below
what would take more than a few seconds or a few hundred MB on an office PC.
"""

from __future__ import annotations

from core.errors import Cancelled, ImportFormatError

MAX_BYTES = 200 * 1024 * 1024       # the file itself
MAX_PAGES = 3000                    # PDF pages

# Excel and Word files (zip packages of XML parts)
MAX_MEMBERS = 10_000                # files inside the zip
MAX_XML_BYTES = 64 * 1024 * 1024    # the XML parts read, uncompressed, as the zip declares them
MAX_XML_ELEMENTS = 1_000_000        # XML elements parsed in the parts read
MAX_XML_DEPTH = 256                 # nesting of XML elements (libxml2's own default)
MAX_CELLS = 200_000                 # cells read: Excel cells with content, merged ranges; Word table cells
MAX_TEXT = 10_000_000               # characters of cell and paragraph text kept
MAX_ROWS = 100_000                  # an Excel sheet's content: its last row …
MAX_COLUMNS = 1_000                 # … and its last column; a Word table's columns

# PDF pages
MAX_PAGE_CONTENT = 1024 * 1024      # bytes of drawing instructions per page (its forms included, each time drawn)
MAX_FILE_CONTENT = 32 * 1024 * 1024  # … of all the pages' own instructions
MAX_PAGE_OBJECTS = 50_000           # characters, line segments and images per page
MAX_FONT_DATA = 4 * 1024 * 1024     # a font's character map or Type 1 program
MAX_EDGE_PAIRS = 1_000_000          # vertical × horizontal table lines a page's table finder compares
MAX_CROSSINGS = 5_000               # crossings of table lines on a page (cells are found among them)

REOPEN = "请用 Excel/WPS 或 Word 打开后删除多余的内容再另存，或改用原始文件导入。"


class Budget:
    """What one file has spent of its limits so far; raises ImportFormatError the moment one is
    exceeded, and Cancelled when the officer cancels. A parser counts ``elements`` itself and
    calls :meth:`checkpoint` every 4096 of them."""

    def __init__(self, label: str, cancelled=None):
        self.label = label  # Excel, Word: named in the messages
        self.cancelled = cancelled
        self.elements = 0
        self.xml_bytes = 0
        self.cells = 0
        self.text = 0

    def part(self, size: int) -> None:
        """An XML part of ``size`` bytes (uncompressed, as the zip declares it) is about to be read."""
        self.xml_bytes += size
        if self.xml_bytes > MAX_XML_BYTES:
            raise self.too_much(f"XML 超过 {MAX_XML_BYTES // (1024 * 1024)} MB")

    def checkpoint(self) -> None:
        if self.elements > MAX_XML_ELEMENTS:
            raise self.too_much(f"超过 {MAX_XML_ELEMENTS // 10000} 万个 XML 元素")
        check_cancelled(self.cancelled)

    def cell(self, count: int = 1) -> None:
        self.cells += count
        if self.cells > MAX_CELLS:
            raise self.too_much(f"超过 {MAX_CELLS // 10000} 万个单元格")

    def chars(self, count: int) -> None:
        self.text += count
        if self.text > MAX_TEXT:
            raise self.too_much(f"文字超过 {MAX_TEXT // 10000} 万字")

    def too_much(self, what: str) -> ImportFormatError:
        return ImportFormatError(f"这个 {self.label} 文件的内容过多（{what}），不像是一份部门预算文件。{REOPEN}")


def check_cancelled(cancelled) -> None:
    if cancelled and cancelled():
        raise Cancelled("已取消导入，没有写入文件。")
