"""The document printed as the 财政局 expects it (reportlab): cover, 目录 with real page numbers,
第一部分 部门整体绩效目标, 第二部分 one 项目支出绩效目标表 per project, the 部门预算公开表 (landscape, their
two-level headers and 栏次 row repeated on every page), the 情况说明 and the 批复表; optionally a
草案 watermark and the check report as an appendix; or, without the front matter, the chosen forms
alone (one table printed by itself).

Every text that reaches reportlab as markup — paragraphs, table cells, captions, 目录 entries — goes
through :func:`_markup` (a paragraph through :func:`para`): ``<``, ``&`` and ``>`` print as themselves,
never as markup, so no text makes a link, an image, a font change or a layout error; a control
character never prints; a character the font has no glyph for prints as MISSING_MARK and, given the
place, is listed in ``PdfOptions.lost_glyphs`` (told the officer by :func:`lost_glyphs_message`); a
blank text still takes one line, so a blank row keeps a normal height to be written on by hand.

Nothing is too large to print: a paragraph taller than a page continues on the next (:class:`_Text`,
its lines broken once). Tables (:class:`_Table`) split between rows; their header rows repeat on each
page, under ``续表：<the table's title>``; a merged cell split by a page break repeats its label on
the next page, and a row taller than a page is cut, its text continuing on the next page. The 目录
and the 续表 captions shorten a very long title (TOC_CHARS). An amount never wraps (:class:`_Figure`):
columns are sized from what they hold, measured with the font (:func:`_column_widths`), and a figure
that still does not fit prints smaller.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, unescape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table)
from reportlab.platypus.tables import CellStyle, _isLineCommand
from reportlab.platypus.tableofcontents import TableOfContents

from core.values import cell_input, money

from core.document import forms
from core.document.budget_tables import column_number, header_layout, total_label_span
from core.document.document import finance_bureau
from core.errors import BudgetDeskError
from core.file.files import replacing
from core.printing.pdf_fonts import pdf_fonts
from core.document.project_table import ProjectTable, level_runs
from core.templates import template_of

# the kinds of a code column (项目编码, 科目编码 …): printed unbroken
CODE_KINDS = cell_input.CODES
MM = 72 / 25.4
MARGIN = 18 * MM
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = landscape(A4)[0] - 2 * MARGIN
CELL_PADDING = 3         # left and right, in every table cell
TOP_PADDING, BOTTOM_PADDING = 2, 3
MIN_FIGURE_SIZE = 6.0    # the smallest font size an amount shrinks to (still readable)
HANG = 0.4               # of an em: how far the ink of a hanging 。 reaches past the line's end
MISSING_MARK = "〓"      # printed for a character the font has no glyph for (the typesetter's 'geta')
MIN_ROW_HEIGHT = 15      # no table row is lower: one line of the smallest leading (10 pt) and its padding
TOC_CHARS = 60           # a longer title is shortened to this in the 目录 and its 续表 captions
MERGED_LABEL_CHARS = 100  # a longer 一级/二级 prints in each of its rows: a merged label must fit a page


@dataclass(frozen=True)
class LostGlyph:
    """A place where a character the font lacks printed as MISSING_MARK."""

    form: str    # the form's printed title (or 封面)
    place: str   # the field, or the row and column, in it
    chars: str   # the characters printed as MISSING_MARK, each once


@dataclass
class PdfOptions:
    form_ids: list[int] | None = None   # None: every printable form
    draft: bool = False                 # 草案 watermark and (草案) on the cover
    findings: list | None = None        # the check report appendix, if given
    notes: dict[str, str] = field(default_factory=dict)  # 出错说明 by finding ``note_key``
    front_matter: bool = True           # False: no cover, 目录 or part headings; pages numbered from 1
    charts: bool = False                # the 图示 page (资金支出计划 curves, 支出 by 类) in the appendix
    lost_glyphs: list[LostGlyph] = field(default_factory=list)  # set by write_pdf: where a glyph was lost


LOST_GLYPH_PLACES = 10   # lost_glyphs_message lists this many places, then says how many in all


def lost_glyphs_message(lost: list[LostGlyph]) -> str | None:
    """For the officer, in Chinese: where characters the font lacks printed as MISSING_MARK (the first
    LOST_GLYPH_PLACES places, then ``等 N 处``); None when none did."""
    if not lost:
        return None
    places = []
    for glyph in lost[:LOST_GLYPH_PLACES]:
        chars = glyph.chars if len(glyph.chars) <= 10 else glyph.chars[:10] + "…"
        places.append(f"{_shortened(glyph.form)} {glyph.place}（{chars}）")
    more = f" 等 {len(lost)} 处" if len(lost) > LOST_GLYPH_PLACES else ""
    return (f"PDF 中有 {len(lost)} 处文字含有字体里没有的字符，这些字符已印为“{MISSING_MARK}”："
            f"{'；'.join(places)}{more}。请核对打印稿，必要时改用常用字或在打印稿上手写补正。")


class _Place(NamedTuple):
    """Where a text prints, for :attr:`PdfOptions.lost_glyphs`."""

    lost: list
    form: str
    label: str


class _Styles:
    """The paragraph styles of one export, and the list its lost glyphs are told in."""

    def __init__(self, lost: list | None = None):
        self.lost = [] if lost is None else lost
        fonts = pdf_fonts()
        base = dict(fontName=fonts.body, wordWrap="CJK", leading=14, fontSize=10.5)
        self.body = ParagraphStyle("body", **base, firstLineIndent=21, spaceAfter=4)
        self.plain = ParagraphStyle("plain", **base)
        # text in a cell ends HANG em short of the padding: a 。 that CJK line breaking hangs past the
        # line's end then stays inside the cell's border
        self.cell = ParagraphStyle("cell", **{**base, "fontSize": 9, "leading": 11.5}, rightIndent=9 * HANG)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER, rightIndent=0)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT, rightIndent=0)
        self.small_cell = ParagraphStyle("small_cell", **{**base, "fontSize": 8, "leading": 10}, rightIndent=8 * HANG)
        self.small_right = ParagraphStyle("small_right", parent=self.small_cell, alignment=TA_RIGHT, rightIndent=0)
        self.small_center = ParagraphStyle("small_center", parent=self.small_cell, alignment=TA_CENTER, rightIndent=0)
        head = dict(fontName=fonts.heading, wordWrap="CJK", alignment=TA_CENTER)
        self.cover_title = ParagraphStyle("cover_title", **head, fontSize=26, leading=36)
        self.cover_line = ParagraphStyle("cover_line", **head, fontSize=18, leading=28)
        self.part = ParagraphStyle("part", **head, fontSize=20, leading=30, spaceBefore=12, spaceAfter=12)
        self.title = ParagraphStyle("title", **head, fontSize=15, leading=22, spaceAfter=6)
        self.heading = ParagraphStyle("heading", **{**head, "alignment": TA_LEFT}, fontSize=12, leading=18,
                                      spaceBefore=8, spaceAfter=4)
        self.continued = ParagraphStyle("continued", **{**head, "alignment": TA_LEFT}, fontSize=10.5, leading=18)
        self.unit = ParagraphStyle("unit", **base, alignment=TA_RIGHT)
        self.toc = [ParagraphStyle(f"toc{i}", **base, leftIndent=18 * i) for i in range(3)]

    def at(self, form: str, label: str) -> _Place:
        return _Place(self.lost, form, label)


def _invisible(ch: str) -> bool:
    """A format character or a variation selector: nothing to print where the font has no glyph."""
    return unicodedata.category(ch) == "Cf" or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def _control(ch: str) -> bool:
    """A control character other than a line break or tab (NUL, ESC, form feed …): never printed."""
    return (ch < " " or "\x7f" <= ch <= "\x9f") and ch not in "\n\t"


def _printable(text: str, font: str) -> tuple[str, str]:
    """``text`` as it can print in ``font``, and the characters the font lacks, each once. Those print
    as MISSING_MARK, invisible ones are left out; control characters are left out (a CR LF or CR
    line break is a line break)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    missing = pdf_fonts().missing(text, font)
    odd = {ch for ch in set(text) if ch in missing or _control(ch)}
    if not odd:
        return text, ""
    mark = MISSING_MARK if not pdf_fonts().missing(MISSING_MARK, font) else "?"
    lost = "".join(dict.fromkeys(ch for ch in text if ch in missing and not _invisible(ch) and not _control(ch)))
    printed = "".join(ch if ch not in odd else "" if _control(ch) or _invisible(ch) else mark for ch in text)
    return printed, lost


@functools.lru_cache(maxsize=4096)  # (the labels, levels and units of every table repeat)
def _markup(text: str, font: str) -> tuple[str, str]:
    """``text`` as reportlab markup that prints it literally in ``font`` (see :func:`_printable`):
    ``<``, ``&`` and ``>`` escaped, line breaks kept ("" if nothing would print); and the characters
    the font lacks. Every text of the PDF that reportlab reads as markup goes through here."""
    printed, lost = _printable(text, font)
    return (escape(printed).replace("\n", "<br/>") if printed.strip() else ""), lost


class _Text(Paragraph):
    """A Paragraph that breaks its lines once per width: wrapping it again at that width reuses them,
    and so does the second part a split makes (reportlab breaks that part again, from its start, on
    each page: a text of n pages took n² time)."""

    _broken_at = None  # the width ``blPara`` holds the lines for

    def wrap(self, availWidth, availHeight):
        if availWidth == self._broken_at and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._broken_at = availWidth if getattr(self, "width", None) == availWidth else None
        return size

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        broken = self.blPara
        parts = super().split(availWidth, availHeight)
        self.blPara = broken  # reportlab drops it where nothing fits
        if len(parts) == 2:
            if hasattr(self, "toc"):  # a heading's 目录 entry goes with its first part
                parts[0].toc = self.toc
            rest = parts[1]
            lines = broken.lines[len(parts[0].blPara.lines):]
            rest.blPara = broken.clone(lines=lines)
            rest.width, rest.height, rest._broken_at = availWidth, len(lines) * rest.style.leading, availWidth
            rest._wrapWidths = [self._wrapWidths[-1]] * 2
        return parts


LINE_FUZZ = 0.01  # pt: a text this close to its width is left to the Paragraph to break (or not)


class _Line(Flowable):
    """A text of one word (no space, no line break) in a plain style (see :func:`_plain_style`),
    most often shorter than its cell: where it fits the width on one line it is drawn as the
    Paragraph of its markup would draw it — the same glyphs at the same place — without making the
    Paragraph (parsing the markup and breaking the lines of tens of thousands of labels was a third
    of the export); where it does not fit, that Paragraph (a :class:`_Text`) does the work."""

    def __init__(self, text: str, markup: str, style):
        super().__init__()
        self.text, self.markup, self.style = text, markup, style
        self.natural = stringWidth(text, style.fontName, style.fontSize)
        self._text = None  # the _Text, once a width too narrow asked for it
        self._one_line = True

    def paragraph(self) -> "_Text":
        if self._text is None:
            self._text = _Text(self.markup, self.style)
        return self._text

    def wrap(self, availWidth, availHeight):
        style = self.style
        self._one_line = self.natural <= availWidth - style.rightIndent - LINE_FUZZ
        if not self._one_line:
            return self.paragraph().wrap(availWidth, availHeight)
        self.width, self.height = availWidth, style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return self.paragraph().split(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        """A line that fits is drawn where Flowable.drawOn would draw it (its own graphics state,
        the origin moved to ``x, y``), the move folded into the text's origin: the canvas's
        saveState, translate and restoreState bookkeeping for each of tens of thousands of cells
        was a tenth of the printing."""
        if not self._one_line:
            return super().drawOn(canvas, x, y, _sW)
        code = canvas._code
        code.append("q")
        self._text_out(canvas, self._hAlignAdjust(x, _sW), y)
        code.append("Q")

    def _text_out(self, canvas, x: float, y: float) -> None:
        style = self.style
        extra = self.width - style.rightIndent - self.natural  # as Paragraph aligns a line
        dx = extra if style.alignment == TA_RIGHT else 0.5 * extra if style.alignment == TA_CENTER else 0
        text = canvas.beginText(x + dx, y + self.height - style.fontSize)
        text.setFillColor(style.textColor)  # (the "Q" after restores the colour)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text._textOut(self.text, 1)
        canvas.drawText(text)

    def draw(self):
        canvas = self.canv
        if not self._one_line:
            self._text.canv = canvas
            self._text.draw()
            del self._text.canv
            return
        self._text_out(canvas, 0, 0)


def _plain_style(style) -> bool:
    """A style whose one-line paragraphs :class:`_Line` draws as reportlab does: no indent but a
    right one, no space around, no border, background, bullet or keep-with-next, CJK line breaking,
    aligned left, centred or right."""
    return (style.wordWrap == "CJK" and style.alignment in (TA_LEFT, TA_CENTER, TA_RIGHT)
            and not any(getattr(style, name, None) for name in (
                "leftIndent", "firstLineIndent", "spaceBefore", "spaceAfter", "backColor", "borderWidth",
                "bulletText", "keepWithNext", "autoLeading", "justifyLastLine")))


def para(text, style, at: _Place | None = None):
    """A Paragraph of ``text`` (see :func:`_markup`), its lost glyphs told at ``at``; a blank text is
    one empty line of the style, so that a blank cell keeps its row a normal height. A one-word text
    in a plain style is a :class:`_Line` (the same print, made faster)."""
    markup, lost = _markup("" if text is None else str(text), style.fontName)
    if lost and at is not None:
        at.lost.append(LostGlyph(at.form, at.label, lost))
    if not markup:
        return Spacer(0, style.leading)
    if _plain_style(style):
        printed = unescape(markup)  # what the Paragraph of the markup prints
        if not any(ch.isspace() for ch in printed):
            return _Line(printed, markup, style)
    return _Text(markup, style)


def _toc_entry(flowable, level: int, text: str):
    """``flowable`` (a heading) listed in the 目录 as ``text`` — its first TOC_CHARS characters: a
    目录 entry must fit a page (reportlab's TableOfContents never splits one), as must a 续表
    caption; the heading itself prints whole."""
    flowable.toc = (level, _markup(_shortened(text), pdf_fonts().body)[0])  # the 目录 reads its entries as markup
    return flowable


def _shortened(title: str) -> str:
    """A title as the 目录 and a 续表 caption repeat it: its first TOC_CHARS characters."""
    return title if len(title) <= TOC_CHARS else title[:TOC_CHARS] + "……"


# --- amounts, column widths, continued tables ----------------------------------------------------


class _Figure(Flowable):
    """Text that never wraps (an amount), on one line of its style: at the style's size, or smaller
    where the cell is too narrow, down to MIN_FIGURE_SIZE (past that it overflows, never breaks).
    Always one line of the style's leading high, aligned as the style says."""

    def __init__(self, text: str, style):
        super().__init__()
        self.text, self.style, self.size = text, style, style.fontSize
        self.natural = stringWidth(text, style.fontName, style.fontSize)

    def wrap(self, availWidth, availHeight):
        style, natural = self.style, self.natural
        self.size = style.fontSize if natural <= availWidth else max(
            MIN_FIGURE_SIZE, style.fontSize * availWidth / natural)
        self.width = availWidth
        return availWidth, style.leading

    def draw(self):
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, self.size)
        baseline = style.leading - style.fontSize + (style.fontSize - self.size) / 2
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        elif style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def _amount(stored, style, at: _Place | None = None):
    """An amount cell: the printed amount as a :class:`_Figure`; text that is not an amount (an
    imported oddity) wraps as text."""
    if stored and money.read_amount(stored) is None:
        return para(stored, style, at)
    return _Figure(money.printed(stored), style)


def _least(texts, style) -> float:
    """The width a column needs to print each of ``texts`` unbroken in ``style``, padding and indent
    included (at least two characters wide)."""
    widest = max((stringWidth(t, style.fontName, style.fontSize) for t in texts if t), default=0.0)
    return max(widest, 2 * style.fontSize) + 2 * CELL_PADDING + style.rightIndent


def _column_widths(width: float, weights: list[float], least: list[float],
                   preferred: list[float] | None = None) -> list[float]:
    """Column widths filling ``width`` in proportion to ``weights``, none below its ``least`` (what
    its content needs unbroken, see :func:`_least`) — nor below its ``preferred`` (its header on one
    line) where all of those fit: a column whose share falls short gets its least and the others
    share the rest. No least width counts for more than a third of ``width`` (a column of very
    long codes wraps them rather than squeeze the others to nothing). Where the least widths alone
    exceed ``width`` they are scaled down together (the figures then print smaller)."""
    least = [min(x, width / 3) for x in least]
    if preferred and sum(map(max, least, preferred)) <= width:
        least = list(map(max, least, preferred))
    needed = sum(least)
    if needed >= width:
        return [width * x / needed for x in least]
    widths = list(least)
    free, room = set(range(len(weights))), width
    while True:
        total = sum(weights[i] for i in free)
        short = {i for i in free if room * weights[i] / total < least[i]}
        if not short:
            for i in free:
                widths[i] = room * weights[i] / total
            return widths
        room -= sum(least[i] for i in short)
        free -= short


_CELL_ATTRIBUTES = {"VALIGN": "valign", "LEFTPADDING": "leftPadding", "RIGHTPADDING": "rightPadding",
                    "TOPPADDING": "topPadding", "BOTTOMPADDING": "bottomPadding"}


def _shared_cell_style(style: list) -> tuple[CellStyle | None, list]:
    """One CellStyle for every cell of a table, and the style commands left for reportlab, where
    every cell command of ``style`` addresses the whole table (as :func:`_table_style`'s do):
    reportlab would otherwise make a CellStyle per cell of each page's table and apply each
    command to each. (None, ``style``) where a cell command addresses only some cells."""
    shared, rest = CellStyle("shared"), []
    for command in style:
        name = command[0]
        if name in _CELL_ATTRIBUTES and tuple(command[1]) == (0, 0) and tuple(command[2]) == (-1, -1):
            setattr(shared, _CELL_ATTRIBUTES[name], command[3])
        elif name in ("BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT") or _isLineCommand(command):
            rest.append(command)
        else:
            return None, list(style)
    return shared, rest


class _Table(Flowable):
    """A table laid out a page at a time, each page's part a reportlab Table of only the rows that
    can fit there (so a long table takes time in proportion to its rows; reportlab's own Table
    measures all the rows left on every page). ``rows`` hold cell flowables, ``""`` where a span
    covers the cell; the first ``header`` of them repeat on every page, under the ``caption`` (a
    Paragraph, ``续表：<title>``) on each page after the first. ``style`` holds table style commands;
    other than SPAN they address the whole table or its header rows only.

    A page ends between rows. A span the page end cuts is split in two, its content repeated at the
    top of the second part: a merged 一级 label prints again on the next page. A row taller than a
    page is cut instead of moved on (:meth:`_cut`): each paragraph taller than the space left
    continues in a new row below, on the next page. Where even an empty page cannot take the header
    rows and two lines of the next row, the header prints once and is not repeated (:meth:`split`).
    The parts a split makes are _Tables viewing rows ``first`` to ``last`` of the same rows; all but
    the first are ``continued``. The reportlab Table a view was last laid out as is kept until it is
    printed (the frame asks wrap, split and wrap again with the same sizes)."""

    def __init__(self, rows, widths, style=(), header: int = 0, caption=None):
        super().__init__()
        columns = len(widths)
        spans = [(a, b) for command, a, b, *_ in style if command == "SPAN"]
        self._set(rows, [(c0 % columns, r0 % len(rows), c1 % columns, r1 % len(rows)) for (c0, r0), (c1, r1) in spans],
                  header, len(rows), False)
        self.widths, self.header, self.caption = list(widths), header, caption
        self.cell_style, self.style = _shared_cell_style([command for command in style if command[0] != "SPAN"])
        self.hAlign = "CENTER"

    def _set(self, rows, spans, first: int, last: int, continued: bool) -> None:
        self.rows, self.spans, self.first, self.last, self.continued = rows, spans, first, last, continued
        self._laid = None  # (first, last, width, height, the reportlab Table laid out in them)
        self._wrapped = None  # the _lay arguments of the last wrap: what draw draws

    def _view(self, first: int, last: int, rows=None, spans=None, continued: bool = True,
              header: int | None = None) -> "_Table":
        view = _Table.__new__(_Table)
        Flowable.__init__(view)
        view.widths, view.caption, view.style, view.hAlign = self.widths, self.caption, self.style, self.hAlign
        view.cell_style = self.cell_style
        view.header = self.header if header is None else header
        view._set(self.rows if rows is None else rows, self.spans if spans is None else spans, first, last, continued)
        return view

    def _part(self, first: int, last: int) -> Table:
        """The header rows and rows ``first`` to ``last`` as a reportlab Table."""
        h = self.header
        body = self.rows[first:last]
        commands = list(self.style)
        for c0, r0, c1, r1 in self.spans:
            if r1 < h:
                end = r1
            elif r0 < h:  # from the header down into the body
                end = min(r1, last - 1) - first + h if r1 >= first else h - 1
            elif r1 < first or r0 >= last:
                continue
            else:
                if r0 < first:  # cut by the page break above: its content again at the top
                    body[0] = body[0][:c0] + [self.rows[r0][c0]] + body[0][c0 + 1:]
                r0, end = max(r0, first) - first + h, min(r1, last - 1) - first + h
            commands.append(("SPAN", (c0, r0), (c1, end)))
        rows = self.rows[:h] + body
        shared = None if self.cell_style is None else [[self.cell_style] * len(self.widths) for _ in rows]
        return Table(rows, colWidths=self.widths, style=commands, cellStyles=shared)

    def _lay(self, first: int, last: int, width: float, height: float) -> Table:
        if self._laid is None or self._laid[:4] != (first, last, width, height):
            table = self._part(first, last)
            table.wrap(width, height)
            self._laid = (first, last, width, height, table)
        return self._laid[4]

    def _caption_height(self, width: float, continued: bool) -> float:
        return self.caption.wrap(width, 1e6)[1] if continued and self.caption else 0.0

    def _fitting(self, room: float) -> int:
        """The end of the rows that could fit in ``room`` at most: every row is at least
        MIN_ROW_HEIGHT high."""
        return min(self.last, self.first + max(1, int(room / MIN_ROW_HEIGHT) + 1))

    def wrap(self, availWidth, availHeight):
        """The height of the rows left where they fit in ``availHeight``, else more than that."""
        extra = self._caption_height(availWidth, self.continued)
        last = self._fitting(availHeight - extra)
        self._wrapped = (self.first, last, availWidth, availHeight - extra)
        table = self._lay(*self._wrapped)
        height = table._height + extra
        return table._width, height if last == self.last else max(height, availHeight + 1)

    def split(self, availWidth, availHeight):
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        page = frame._aH if frame is not None else availHeight  # the height of a whole page
        parts = self._split_anew(availWidth, availHeight, page, frame)
        if self not in parts:
            self._laid = None  # its parts are drawn instead
        return parts

    def _split_anew(self, availWidth, availHeight, page: float, frame) -> list:
        parts = self._split(availWidth, availHeight, page)
        if parts or frame is None or not frame._atTop:
            return parts
        # Nothing fits even at the top of a page (reportlab would give up: LayoutError). The header
        # rows are taller than a page, or leave no room for two lines of the first row: they print
        # once, as rows like the others, and are not repeated.
        view = self
        if self.header:
            view = self._view(0 if self.first == self.header else self.first, self.last,
                              continued=self.continued, header=0)
            parts = view._split(availWidth, availHeight, page)
            if parts:
                return parts
        # Or a cell merged down is taller than a page: unmerged, its text is cut in its first row.
        first = view.first
        spans = [(c0, r0, c1, r1) for c0, r0, c1, r1 in view.spans if not r0 <= first <= r1 or r0 == r1]
        if spans == view.spans:
            return []
        return view._view(first, view.last, spans=spans, continued=self.continued, header=0)._split(
            availWidth, availHeight, page)

    def _split(self, availWidth, availHeight, page: float):
        room = availHeight - self._caption_height(availWidth, self.continued)
        first, h = self.first, self.header
        heights = self._lay(first, self._fitting(room), availWidth, room)._rowHeights
        if None in heights[:h] or sum(heights[:h]) > room:  # not even the header fits
            return []
        used, n = sum(heights[:h]), 0
        for height in heights[h:]:
            if height is None or used + height > room:
                break
            used, n = used + height, n + 1
        if first + n == self.last:
            return [self]
        if h + n < len(heights) and heights[h + n] is not None:
            if sum(heights[:h]) + heights[h + n] > page - self._caption_height(availWidth, True):
                parts = self._cut(first + n, room - used, availWidth, room)  # taller than any page
                if parts:
                    return parts
        for n in range(n, 0, -1):
            head = self._view(first, first + n, continued=self.continued)
            if head._lay(first, first + n, availWidth, room)._height <= room:
                return [head, self._view(first + n, self.last)]
        return []

    def _cut(self, r: int, space: float, width: float, room: float) -> list:
        """[the rows up to ``r`` and the part of row ``r`` that fits in ``space``, the rest], or []
        where no paragraph of row ``r`` splits there. Row ``r`` becomes two rows: in the first, what
        fits; in the second, what continues. The cells left of the first one that continues (the
        row's labels: 一级, 二级, 序号 …) are merged over both rows, so they print again on the next
        page; the other cells that fit print in the first row only."""
        padding = TOP_PADDING + BOTTOM_PADDING
        row = self.rows[r]
        top, rest = list(row), [""] * len(row)
        covered = {c for c0, r0, c1, r1 in self.spans if r0 <= r <= r1
                   for c in range(c0, c1 + 1) if (c, r) != (c0, r0)}
        merged = {c0 for c0, r0, c1, r1 in self.spans if r0 == r < r1}
        ends = {c0: c1 for c0, r0, c1, r1 in self.spans if r0 == r}
        split = False
        for c, content in enumerate(row):
            if isinstance(content, _Line):
                content = content.paragraph()
            if c in covered or c in merged or not isinstance(content, Paragraph):
                continue
            inner = sum(self.widths[c:ends.get(c, c) + 1]) - 2 * CELL_PADDING
            if content.wrap(inner, space - padding)[1] <= space - padding:
                continue
            parts = content.split(inner, space - padding)
            if len(parts) == 2:
                top[c], rest[c], split = parts[0], parts[1], True
            else:  # not even its first lines fit: all of it in the second row
                top[c], rest[c] = "", content
        if not split:
            return []
        cut = min(c for c in range(len(row)) if rest[c] != "")
        spans = []
        for c0, r0, c1, r1 in self.spans:
            if r1 < r:
                spans.append((c0, r0, c1, r1))
            elif r0 > r:
                spans.append((c0, r0 + 1, c1, r1 + 1))
            elif r0 < r1 or c1 < cut:  # merged down (or a label left of the cut): over both rows
                spans.append((c0, r0, c1, r1 + 1))
            else:  # a cell merged across, its parts in both rows
                spans += [(c0, r, c1, r), (c0, r + 1, c1, r + 1)]
        spans += [(c, r, c, r + 1) for c in range(cut) if c not in covered and c not in ends]
        rows = self.rows[:r] + [top, rest] + self.rows[r + 1:]
        head = self._view(self.first, r + 1, rows, spans, self.continued)
        if head._lay(self.first, r + 1, width, room)._height > room:
            return []
        return [head, self._view(r + 1, self.last + 1, rows, spans)]

    def draw(self):
        table = self._lay(*self._wrapped)
        table.drawOn(self.canv, 0, 0)
        if self.continued and self.caption:
            self.caption.wrap(table._width, 1e6)
            self.caption.drawOn(self.canv, 0, table._height)
        self._laid = None  # (a page's table, once printed, is not kept)


def _long_table(rows, widths, title: str, s: "_Styles", style=(), header: int = 0) -> _Table:
    """A table that may run over pages: its first ``header`` rows repeat on each, under
    ``续表：<title>`` (the title's first TOC_CHARS characters, as in the 目录)."""
    return _Table(rows, widths, style, header, para(f"续表：{_shortened(title)}", s.continued))


# --- the document template ------------------------------------------------------------------------


def _make_template(path: Path, options: PdfOptions, title: str, first: str, steps=None):
    """The document template; ``first`` names the page template of the first page; ``steps``
    (core.progress) is stepped at each part's marker."""
    fonts = pdf_fonts()
    unnumbered = 1 if options.front_matter else 0  # the cover has no number

    def decorate(canvas, doc):
        canvas.saveState()
        if doc.page > unnumbered:
            canvas.setFont(fonts.body, 9)
            width = canvas._pagesize[0]
            canvas.drawCentredString(width / 2, 10 * MM, f"— {doc.page - unnumbered} —")
        if options.draft:
            width, height = canvas._pagesize
            canvas.setFont(fonts.heading, 110)
            canvas.setFillColorRGB(0.85, 0.85, 0.85, alpha=0.35)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(40)
            canvas.drawCentredString(0, -40, "草案")
        canvas.restoreState()

    class Template(BaseDocTemplate):
        def afterFlowable(self, flowable):
            if steps is not None and getattr(flowable, "part_done", False):
                steps.step()
            toc = getattr(flowable, "toc", None)
            if toc:
                level, text = toc
                self.notify("TOCEntry", (level, text, self.page - unnumbered))

    sizes = {"portrait": A4, "landscape": landscape(A4)}

    def page(name: str) -> PageTemplate:
        width, height = sizes[name]
        frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id=name[0])
        return PageTemplate(name, [frame], onPage=decorate, pagesize=sizes[name])

    template = Template(str(path), pagesize=sizes[first], title=title, author="BudgetDesk",
                        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    template.pageTemplates = [page(first)] + [page(name) for name in sizes if name != first]
    return template


def _table_style(extra=(), grid: bool = True) -> list:
    return [
        *([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if grid else []),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
        *extra,
    ]


def _unit_line(left, right, width: float) -> _Table:
    """The line above a table: the unit on the left, the money unit on the right (reportlab's
    default cell padding, as it always printed)."""
    return _Table([[left, right]], [width * 0.7, width * 0.3])


# --- the parts --------------------------------------------------------------------------------------


def _cover(doc, s: _Styles, options: PdfOptions) -> list:
    department = doc.department or ""
    story = [Spacer(1, 60 * MM), para(department, s.cover_title, s.at("封面", "部门")), Spacer(1, 12 * MM),
             para(f"{doc.year} 年部门预算绩效文本", s.cover_title)]
    if options.draft:
        story += [Spacer(1, 6 * MM), para("(草案)", s.cover_line)]
    story += [Spacer(1, 70 * MM), para(f"{department}编制", s.cover_line),
              para(f"{finance_bureau(department)}审核", s.cover_line)]
    return story


class _Contents(TableOfContents):
    """The 目录 (reportlab's), printed in the one pass that prints everything else although its
    page numbers are known only at the end. Its entries are known before (one per heading of the
    story, :func:`_build`), each holding its own position where reportlab's hold a page number
    (which never changes a line), so it is laid out as it will print; where each of its parts
    is drawn, the page shows a form (an XObject) that :meth:`draw_forms` fills in at the end,
    when the page number of each position is known: the same part drawn at the same place."""

    def __init__(self, **kwds):
        super().__init__(formatter=self._page_of, **kwds)
        self.deferred: list["_Deferred"] = []  # the parts drawn, in order

    def _page_of(self, position: int) -> int:
        return self._entries[position][2]  # (what the build reported, at the end)

    def split(self, availWidth, availHeight):
        return [_Deferred(self, part) for part in super().split(availWidth, availHeight)]

    def drawOn(self, canvas, x, y, _sW=0):
        _Deferred(self, self._table).drawOn(canvas, x, y, _sW)

    def draw_forms(self, canvas) -> None:
        """Each drawn part's form, its page numbers those the build reported."""
        laid, printed = ([entry[:2] for entry in entries] for entries in (self._lastEntries, self._entries))
        if laid != printed:
            raise RuntimeError(f"目录 entries changed while printing: {len(laid)} laid out, {len(printed)} printed")
        for part in self.deferred:
            canvas.beginForm(part.name, 0, 0, *part.page_size)
            part.part.drawOn(canvas, *part.placed)
            canvas.endForm()


class _Deferred(Flowable):
    """A part of the 目录 (see :class:`_Contents`): it takes the room its ``part`` takes, and
    where it is drawn shows the form the part is drawn in at the end."""

    def __init__(self, contents: _Contents, part):
        super().__init__()
        self.contents, self.part = contents, part
        self.name = self.placed = self.page_size = None

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.part.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return [_Deferred(self.contents, part) for part in self.part.splitOn(self.canv, availWidth, availHeight)]

    def drawOn(self, canvas, x, y, _sW=0):
        deferred = self.contents.deferred
        self.name = f"contents{len(deferred) + 1}"
        self.placed, self.page_size = (x, y, _sW), tuple(canvas._pagesize)
        deferred.append(self)
        canvas.doForm(self.name)


def _contents(s: _Styles) -> list:
    toc = _Contents(levelStyles=s.toc, dotsMinLevel=0)
    return [para("目  录", s.part), toc]


def _build(template, story: list) -> None:
    """What ``template.multiBuild(story)`` prints, in one pass instead of three: reportlab's first
    pass lays out the 目录 as one placeholder line, its second with the entries at pages that the
    目录's real length then shifts, its third prints. Here the 目录 is laid out with its real lines
    from the start (each ``toc`` flowable of the story is an entry, in order), so every page is
    where it will be, and its page numbers are filled in at the end (:class:`_Contents`)."""
    contents = [f for f in story if isinstance(f, TableOfContents)]
    if not contents:
        template.multiBuild(story)
        return
    toc, = contents
    template._indexingFlowables = [toc]
    toc.clearEntries()
    for flowable in story:
        entry = getattr(flowable, "toc", None)
        if entry:
            toc.addEntry(entry[0], entry[1], len(toc._entries))  # (its position: see _Contents)
    toc.beforeBuild()  # (what it lays out; the build reports the entries again with their pages)
    template._doSave = 0
    template.build(story)
    toc.draw_forms(template.canv)
    template.canv.save()


def _overall(form, s: _Styles) -> list:
    part = "第一部分　部门整体绩效目标"
    story = [_toc_entry(para(part, s.part), 0, part)]
    summary = form.get("summary")
    items = form.grids["items"].records()
    measures = form.grids["measures"].records()
    story.append(_toc_entry(para("一、总体绩效目标", s.heading), 1, "一、总体绩效目标"))
    story += [para(line, s.body, s.at(part, "总体绩效目标")) for line in (summary or "").splitlines() if line.strip()]
    if items:
        story.append(_toc_entry(para("二、分项绩效目标", s.heading), 1, "二、分项绩效目标"))
        for i, item in enumerate(items, 1):
            at = s.at(part, f"分项绩效目标第{i}项")
            story.append(para(f"{i}、{item['title'] or ''}", s.plain, at))
            if item["goal"]:
                story.append(para(f"绩效目标：{item['goal']}", s.body, at))
            if item["indicators"]:
                story.append(para(f"绩效指标：{item['indicators']}", s.body, at))
    if measures:
        story.append(_toc_entry(para("三、工作保障措施", s.heading), 1, "三、工作保障措施"))
        for i, measure in enumerate(measures, 1):
            title = (measure["title"] or "").strip()
            text = measure["text"] or ""
            story.append(para(f"{i}、{title}{'。' if title and not title.endswith(('。', '：')) else ''}{text}", s.body,
                              s.at(part, f"工作保障措施第{i}项")))
    return story


def _level_spans(grid) -> list[tuple]:
    """The SPAN commands merging 一级 and 二级 down their runs, below one header row; a label longer
    than MERGED_LABEL_CHARS is printed in each of its rows instead."""
    return [("SPAN", (col, first + 1), (col, last + 1)) for col, first, last in level_runs(grid)
            if len(grid.rows[first].cells[col]) <= MERGED_LABEL_CHARS]


def _project(form, number: int, doc, s: _Styles, width: float) -> list:
    project = ProjectTable(form)
    unit = doc.money_unit or "万元"
    title = f"{number}.{project.name or ''}绩效目标表"
    at = lambda label: s.at(title, label)  # noqa: E731
    story = [_toc_entry(para(title, s.title), 1, title),
             _unit_line(para(doc.unit_of(form), s.plain, at("单位")), para(f"单位：{unit}", s.unit), width)]
    c = s.cell_center
    keys = ("budget", "fiscal", "other")
    stored = [form.get(key) for key in keys]
    amounts = [_amount(value, s.cell_right, at(form.field_spec(key).label)) for key, value in zip(keys, stored)]
    figure = _least([money.printed(value) for value in stored], s.cell_right)
    least = [_least([], c)] * 7
    least[2] = least[4] = least[6] = figure
    headers = [_least([text], c) for text in ("预算规模及资金用途", "预算数", "", "其中：财政资金", "项目名称", "其他资金", "")]
    widths = _column_widths(width, [1.2, 0.9, 1.0, 1.1, 1.0, 0.8, 1.0], least, headers)
    block = _long_table([
        [para("项目编码", c), para(project.code, s.cell, at("项目编码")), "", "", para("项目名称", c),
         para(project.name, s.cell, at("项目名称")), ""],
        [para("预算规模及资金用途", c), para("预算数", c), amounts[0], para("其中：财政资金", c),
         amounts[1], para("其他资金", c), amounts[2]],
        ["", para(form.get("purpose"), s.cell, at("资金用途")), "", "", "", "", ""],
    ], widths, title, s, _table_style([("SPAN", (1, 0), (3, 0)), ("SPAN", (5, 0), (6, 0)), ("SPAN", (0, 1), (0, 2)),
                                       ("SPAN", (1, 2), (6, 2))]))
    label = widths[0]  # the label column of the tables below lines up with the block's
    points = forms.PLAN_POINTS
    plan = _long_table([
        [para("资金支出计划（%）", c)] + [para(p, c) for p in points],
        [""] + [para(form.get(forms.plan_field_key(p)), c, at(f"资金支出计划{p}")) for p in points],
    ], [label] + [(width - label) / len(points)] * len(points), title, s, _table_style([("SPAN", (0, 0), (0, 1))]))
    goal = _long_table([[para("绩效目标", c), para(form.get("goal"), s.cell, at("绩效目标"))]],
                       [label, width - label], title, s, _table_style())
    story += [block, plan, goal]
    grid = form.grids["indicators"]
    columns = forms.PRINTED_INDICATOR_COLUMNS
    rows = [[para(col.label, c) for col in columns]]
    for n, record in enumerate(grid.records(), 1):
        rows.append([para(record[col.key], s.cell_center if col.key in ("l1", "l2", "value") else s.cell,
                          at(f"第{n}行{col.label}")) for col in columns])
    widths = [0.12, 0.14, 0.2, 0.22, 0.14, 0.18]
    story.append(_long_table(rows, [width * f for f in widths], title, s, _table_style(_level_spans(grid)), 1))
    return story


def _budget_table(form, doc, s: _Styles, width: float) -> list:
    grid = form.grids["rows"]
    labels = [c.label for c in grid.columns]
    template = template_of(doc)
    printed = template.printed_title(form.get("title") or "", doc.year)
    story = [_toc_entry(para(printed, s.title, s.at(printed, "标题")), 1, printed)]
    if "{year}" not in template.title:  # (a title without the year: 河北's 部门预算收支总表)
        story.append(para(f"预算年度：{doc.year}", s.plain))
    story.append(_unit_line(para(template.printed_unit_line(doc.unit_of(form)), s.plain, s.at(printed, "编制单位")),
                            para(f"单位：{doc.money_unit_of(form)}", s.unit), width))
    if not labels:
        return story
    levels, cells = header_layout(labels)
    heads = [para(cell.text, s.small_center, s.at(printed, "表头")) for cell in cells]
    numbers = [[para(column_number(labels, i), s.small_center) for i in range(len(labels))]] \
        if template.column_numbers else []  # the 栏次 row, where the template prints one
    top = levels + len(numbers)  # the header rows, repeated on each page
    amounts = [col.kind == cell_input.AMOUNT for col in grid.columns]
    styles = [s.small_right if amount else s.small_center if col.label == "序号" else s.small_cell
              for col, amount in zip(grid.columns, amounts)]
    body = [[(_amount if amount else para)(value, style, s.at(printed, f"第{n}行{label}"))
             for value, style, amount, label in zip(row.cells, styles, amounts, labels)]
            for n, row in enumerate(grid.rows, 1)]
    least = []
    for i, col in enumerate(grid.columns):
        unbroken = amounts[i] or col.kind in (*CODE_KINDS, cell_input.NUMBER) or col.label == "序号"
        texts = [money.printed(row.cells[i]) if amounts[i] else row.cells[i] for row in grid.rows] if unbroken else []
        least.append(_least(texts, styles[i]))
    headers = [_least([label.rsplit("/", 1)[-1]], s.small_center) for label in labels]
    weights = [_column_weight(c) for c in grid.columns]
    for n, band in enumerate(_column_bands(least, width, MIN_FIGURE_SIZE / s.small_right.fontSize)):
        at = {col: i for i, col in enumerate(band)}  # a column's place in the band
        header = [["" for _ in band] for _ in range(levels)]
        spans = []
        for n_row, row in enumerate(grid.rows):  # a 合计 label merged over the code and name columns
            inside = [at[col] for col in range(total_label_span(grid.columns, row.cells)) if col in at]
            if len(inside) > 1:
                spans.append(("SPAN", (inside[0], top + n_row), (inside[-1], top + n_row)))
        for cell, head in zip(cells, heads):  # a header cell over columns in the band: over those
            inside = [at[col] for col in range(cell.col, cell.col + cell.cols) if col in at]
            if inside:
                header[cell.row][inside[0]] = head
                if cell.rows > 1 or len(inside) > 1:
                    spans.append(("SPAN", (inside[0], cell.row), (inside[-1], cell.row + cell.rows - 1)))
        table = _long_table(header + [[row[col] for col in band] for row in numbers + body],
                            _column_widths(width, [weights[c] for c in band], [least[c] for c in band],
                                           [headers[c] for c in band]), printed, s,
                            _table_style(spans + [("BACKGROUND", (0, 0), (-1, top - 1), colors.HexColor("#f2f2f2"))]),
                            top)
        if n:  # the next band of columns: on a page of its own, saying it continues the table
            table.continued = True
            story.append(PageBreak())
        story.append(table)
    note = form.get("note")
    if note:
        story += [para(line, s.plain, s.at(printed, "注")) for line in note.splitlines() if line.strip()]
    return story


def _column_bands(least: list[float], width: float, readable: float) -> list[list[int]]:
    """The columns of a table as printed: all together where they fit ``width`` readably (their
    least widths, see :func:`_column_widths`, scaled by no less than ``readable``: a figure stays at
    least MIN_FIGURE_SIZE); else in bands that each fit ``width``, printed one after the other, each
    after the first starting with the first column again (序号 or 科目编码: which row is which)."""
    least = [min(x, width / 3) for x in least]
    if sum(least) * readable <= width:
        return [list(range(len(least)))]
    bands, band, used = [], [0], least[0]
    for col in range(1, len(least)):
        if len(band) > 1 and used + least[col] > width:
            bands.append(band)
            band, used = [0], least[0]
        band.append(col)
        used += least[col]
    return bands + [band]


def _column_weight(column) -> float:
    last = column.label.rsplit("/", 1)[-1]
    if last == "序号":
        return 0.6
    if column.kind == cell_input.AMOUNT:
        return 1.3
    if column.kind in CODE_KINDS:
        return 0.6 if last in ("类", "款", "项") else 1.3  # one part of a code in three columns: 201 / 03 / 01
    return 3.2 if last.endswith("名称") or last in ("项目", "采购物品名称") or "项目" in last else 1.2


def _explanation(form, doc, s: _Styles) -> list:
    title = f"{doc.department or ''}{doc.year}年部门预算信息公开情况说明"
    story = [_toc_entry(para(title, s.part, s.at(title, "标题")), 0, "部门预算信息公开情况说明")]
    for i, section in enumerate(form.grids["sections"].records(), 1):
        at = s.at(title, f"第{i}节")
        if section["title"]:
            story.append(para(section["title"], s.heading, at))
        story += [para(line, s.body, at) for line in (section["text"] or "").splitlines() if line.strip()]
    return story


def _approval(form, doc, s: _Styles, width: float) -> list:
    c = s.cell_center
    title = form.title
    at = lambda label: s.at(title, label)  # noqa: E731
    unit = form.get("money_unit") or "元"
    story = [_toc_entry(para(title, s.title), 0, title),
             para(f"预算年度：{form.get('year') or doc.year}", s.plain, at("预算年度")),
             _unit_line(para(f"预算（单位）名称：{doc.unit_of(form)}", s.plain, at("单位")),
                        para(f"单位：{unit}", s.unit, at("金额单位")), width)]
    small, right = s.small_center, s.small_right
    parts = [label for _, label in forms.FUND_PARTS]
    keys = ["funds_total"] + [f"{part}_{key}" for part in ("basic", "project") for key, _ in forms.FUND_PARTS]
    label = "总体资金情况"
    funds = [
        [para(f"{label}（{unit}）", small), para("预算支出总额", small), para("基本支出", small), "", "", "",
         para("项目支出", small), "", "", ""],
        ["", ""] + [para(p, small) for p in parts] * 2,
        [""] + [_amount(form.get(key), right, at(form.field_spec(key).label)) for key in keys],
    ]
    least = [_least([label], small)] + [_least([money.printed(form.get(key))], right) for key in keys]
    headers = [0.0] + [_least([text], small) for text in ["预算支出总额"] + parts * 2]
    story.append(_long_table(funds, _column_widths(width, [1.2, 1.2] + [0.95] * 8, least, headers), title, s,
                             _table_style([("SPAN", (0, 0), (0, 2)), ("SPAN", (1, 0), (1, 1)),
                                           ("SPAN", (2, 0), (5, 0)), ("SPAN", (6, 0), (9, 0))])))
    story.append(_long_table([[para("整体绩效目标", c), para(form.get("overall_goal"), s.cell, at("整体绩效目标"))]],
                             [width * 0.2, width * 0.8], title, s, _table_style()))
    tasks = form.grids["tasks"].records()
    if tasks:
        rows = [[para("年度主要任务", c), para("任务名称", c), para("主要内容", c)]]
        rows += [["", para(t["name"], s.cell, at(f"年度主要任务第{n}行任务名称")),
                  para(t["content"], s.cell, at(f"年度主要任务第{n}行主要内容"))] for n, t in enumerate(tasks, 1)]
        story.append(_long_table(rows, [width * 0.2, width * 0.3, width * 0.5], title, s,
                                 _table_style([("SPAN", (0, 0), (0, len(rows) - 1))]), 1))
    grid = form.grids["indicators"]
    rows = [[para(col.label, c) for col in grid.columns]]
    rows += [[para(r[col.key], s.cell if col.key == "l3" else c, at(f"年度绩效指标第{n}行{col.label}"))
              for col in grid.columns] for n, r in enumerate(grid.records(), 1)]
    widths = [0.11, 0.13, 0.36, 0.1, 0.12, 0.1, 0.08]
    story.append(_long_table(rows, [width * f for f in widths], title, s, _table_style(_level_spans(grid)), 1))
    if form.get("other"):
        story.append(_long_table([[para("其他说明", c), para(form.get("other"), s.cell, at("其他说明"))]],
                                 [width * 0.2, width * 0.8], title, s, _table_style()))
    return story


def _check_report(findings: list, notes: dict[str, str], s: _Styles, width: float, doc=None) -> list:
    """The check report: the counts, then a table per group of core.printing.check_report — the
    findings that are no indicator's, then one per 审核意见 — under its heading, numbered throughout."""
    from core.checks.categories import UNCATEGORISED, by_category
    from core.checks.validation import SEVERITY_LABELS

    title = "附：检查报告"
    story = [_toc_entry(para(title, s.part), 0, title)]
    counts = {label: sum(1 for f in findings if SEVERITY_LABELS[f.severity] == label)
              for label in SEVERITY_LABELS.values()}
    story.append(para("　".join(f"{k} {v} 项" for k, v in counts.items()), s.plain))
    c = s.cell_center
    heading = ParagraphStyle("report_group", parent=s.heading, keepWithNext=1)
    order = {form.id: i for i, form in enumerate(doc.forms)} if doc is not None else None
    i = 0
    for category, group in by_category(findings, order):
        name = UNCATEGORISED if category is None else f"审核意见：{category}"
        story.append(para(f"{name}（{len(group)} 项）", heading))
        rows = [[para("序号", c), para("级别", c), para("位置", c), para("问题", c), para("出错说明", c)]]
        for finding in group:
            i += 1
            loc = finding.location
            place = " ".join(str(x) for x in (loc.form, loc.project, f"第{loc.row}行" if loc.row else None, loc.field)
                             if x)
            rows.append([para(i, c), para(SEVERITY_LABELS[finding.severity], c),
                         para(place, s.small_cell, s.at(title, f"第{i}项位置")),
                         para(finding.message, s.small_cell, s.at(title, f"第{i}项问题")),
                         para(notes.get(finding.note_key, ""), s.small_cell, s.at(title, f"第{i}项出错说明"))])
        story.append(_long_table(rows, [width * f for f in (0.06, 0.07, 0.22, 0.45, 0.2)], "检查报告", s,
                                 _table_style(), 1))
    return story


# --- the whole ----------------------------------------------------------------------------------------


def write_pdf(doc, path: Path, options: PdfOptions | None = None, progress=None, cancelled=None) -> Path:
    """Print ``doc`` (or the chosen forms) to ``path`` as PDF (through a temporary file). Each part
    starts on a new page: cover and 目录 (with the front matter), 整体绩效目标, each project, each
    公开表 (landscape), 情况说明, 批复表, check report, in one pass (see :func:`_build`).
    ``progress(done, total)`` is told each part printed; when ``cancelled()`` it stops (Cancelled)
    and writes nothing. Raises BudgetDeskError (Chinese) when there is nothing to print.
    ``options.lost_glyphs`` is set to the places where a character the font lacks printed as
    MISSING_MARK (empty when none did)."""
    from core.progress import Steps

    options = options or PdfOptions()
    path = Path(path)
    options.lost_glyphs.clear()
    s = _Styles(options.lost_glyphs)
    chosen = set(options.form_ids) if options.form_ids is not None else None

    def wanted(form) -> bool:
        return form is not None and (chosen is None or form.id in chosen)

    def heading(text: str) -> list:
        """A part's heading before its first form, with the front matter."""
        return [_toc_entry(para(text, s.part), 0, text)] if options.front_matter else []

    parts: list[tuple[str, list]] = []  # (page template, flowables)
    if options.front_matter:
        parts += [("portrait", _cover(doc, s, options)), ("portrait", _contents(s))]
    overall = doc.form(forms.OVERALL)
    if wanted(overall):
        parts.append(("portrait", _overall(overall, s)))
    projects = [(number, form) for number, form in enumerate(doc.projects, 1) if wanted(form)]
    for i, (number, form) in enumerate(projects):  # each table on its own page(s), as the seeds print them
        parts.append(("portrait", (heading("第二部分　预算项目绩效目标") if i == 0 else [])
                      + _project(form, number, doc, s, PORTRAIT_WIDTH)))
    tables = [table for table in doc.budget_tables if wanted(table)]
    for i, table in enumerate(tables):
        parts.append(("landscape", (heading("部门预算公开表") if i == 0 else [])
                      + _budget_table(table, doc, s, LANDSCAPE_WIDTH)))
    explanation = doc.form(forms.EXPLANATION)
    if wanted(explanation) and explanation.grids["sections"].rows:
        parts.append(("portrait", _explanation(explanation, doc, s)))
    approval = doc.form(forms.APPROVAL)
    if wanted(approval):
        parts.append(("portrait", _approval(approval, doc, s, PORTRAIT_WIDTH)))
    if options.charts:
        from core.printing.chart_pages import chart_flowables

        parts.append(("landscape", chart_flowables(doc)))
    if options.findings is not None:
        parts.append(("portrait", _check_report(options.findings, options.notes, s, PORTRAIT_WIDTH, doc)))
    if not parts:
        raise BudgetDeskError("没有可导出的表：请至少选择一张表。")
    story = []
    for orientation, flowables in parts:
        if story:
            story += [NextPageTemplate(orientation), PageBreak()]
        marker = Spacer(0, 0)
        marker.part_done = True  # the template counts it when laid out (afterFlowable)
        story += [marker, *flowables]
    steps = Steps(len(parts), progress, cancelled)
    with replacing(path) as temporary:
        title = _printable(f"{doc.department or ''} {doc.year} 年部门预算", pdf_fonts().body)[0]  # the file's title
        _build(_make_template(temporary, options, title, parts[0][0], steps), story)
    steps.finish()
    return path
