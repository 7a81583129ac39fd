"""The .xlsx files BudgetDesk writes, written as their XML directly: a workbook of sheets, each a grid
of cells with a style, merged ranges, column widths, row heights, the print setup (A4, orientation,
fitted to the page width, repeated title rows, header and footer), frozen panes and a filter.

Why not openpyxl's writer: through its cell objects (descriptors, style lookups, an XML element per
cell) the document export took 3.2× what plain openpyxl needs for the same values unstyled; here a cell
is a style index and a text, and a sheet's XML is joined strings: 0.4× (bench/export.py). openpyxl
still serves the .xlsx reader (number formats, dates) and the tests, which read every workbook back.

Invariants, for every workbook written here (tests/test_workbooks_inert.py reads them back):
- :meth:`Sheet.put` is the one way a value gets into a cell (:func:`cell_content`): a text is a
  string cell holding exactly :func:`core.values.cell_input.plain_text` of it, never a formula, an
  error value or a number, marked to stay text when edited in Excel (quote prefix) if it starts with
  = + - @; an amount (Decimal) is a number cell whose stored text is its exact decimal text; one with more significant digits than a spreadsheet keeps (15) is a string
  cell with its exact text; an int is a number; None and "" leave the cell empty.
- Every text is XML-escaped where it is written (cells, sheet names, header and footer); nothing a
  document holds becomes markup, a formula or a header code.
- The file appears whole or not at all (core.file.files.replacing); a failure is a BudgetDeskError
  in Chinese.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from core.values import cell_input

SPREADSHEET_DIGITS = 15  # what Excel and WPS keep of a number
# What makes Excel and WPS read a typed text as a formula when the cell is edited and entered again.
_FORMULA_STARTS = ("=", "+", "-", "@")
_BUILTIN_FORMATS = {"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Style:
    """How a cell looks: its font (None: the workbook's default, Calibri 11), alignment, solid fill
    (RGB hex), thin frame and number format; ``quote`` keeps a text a text when edited in Excel."""

    font: str | None = None
    size: float | None = None
    bold: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    indent: int = 0
    fill: str | None = None
    border: bool = False
    number_format: str | None = None
    quote: bool = False

    def but(self, **changes) -> "Style":
        return _changed(self, tuple(sorted(changes.items())))


@lru_cache(maxsize=None)
def _changed(style: Style, changes: tuple) -> Style:
    return replace(style, **dict(changes))


PLAIN = Style()
FRAME = Style(border=True)


def cell_content(value) -> tuple[str | None, str]:
    """What a cell holds for ``value``: ("n", number text), ("s", text) or (None, "") for an empty
    cell — the rule of the module's docstring."""
    if isinstance(value, Decimal):
        number = number_text(value)
        if number is not None:
            return "n", number
        value = format(value, "f")
    elif isinstance(value, bool):
        value = str(value)
    elif isinstance(value, int):
        return "n", str(value)
    text = "" if value is None else cell_input.plain_text(str(value))
    return ("s", text) if text else (None, "")


def number_text(amount: Decimal) -> str | None:
    """The exact decimal text of ``amount`` for a number cell (``66.74``, ``1234.5``, ``0``), or
    None if a spreadsheet cannot hold it exactly."""
    if not amount.is_finite():
        return None
    if amount == 0:
        return "0"
    amount = amount.normalize()
    if len(amount.as_tuple().digits) > SPREADSHEET_DIGITS:
        return None
    return format(amount, "f")


@lru_cache(maxsize=None)
def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Sheet:
    """One worksheet: fill it with :meth:`put`, :meth:`merge`, widths, heights and the print setup."""

    def __init__(self, book: "Workbook", title: str):
        self.book = book
        self.title = title
        self._cells: dict[int, dict[int, str]] = {}  # row → column → the cell's XML
        self._merges: list[str] = []
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.landscape = False
        self.fit_to_width = False
        self.centered = False
        self.margins: tuple[float, float, float, float] | None = None  # left, right, top, bottom (inches)
        self.title_rows: tuple[int, int] | None = None
        self.freeze: tuple[int, int] | None = None  # the first row and column that scroll
        self.auto_filter: tuple[int, int, int, int] | None = None  # first row, first col, last row, last col
        self.header_right = ""
        self.footer_center = ""  # may hold the header codes &P and &N: written as given

    def put(self, row: int, col: int, value, style: Style = PLAIN) -> str | None:
        """Write ``value`` at (row, col), 1-based, in ``style``; returns the cell's kind ("n", "s"
        or None when it is empty). An empty cell keeps its style (a frame, a fill)."""
        kind, text = cell_content(value)
        if kind != "n" and style.number_format is not None:  # a number format is for numbers
            style = style.but(number_format=None)
        if kind == "s" and text.startswith(_FORMULA_STARTS):
            style = style.but(quote=True)
        xf = self.book.style_index(style)
        ref = f"{column_letter(col)}{row}"
        if kind == "n":
            xml = f'<c r="{ref}" s="{xf}" t="n"><v>{text}</v></c>'
        elif kind == "s":
            xml = f'<c r="{ref}" s="{xf}" t="s"><v>{self.book.string_index(text)}</v></c>'
        elif xf:
            xml = f'<c r="{ref}" s="{xf}"/>'
        else:
            self._cells.get(row, {}).pop(col, None)
            return None
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = {}
        cells[col] = xml
        return kind

    def merge(self, row: int, col: int, rows: int, cols: int, framed: bool = False) -> None:
        """Merge ``rows`` × ``cols`` from (row, col); ``framed``: every cell it covers gets the thin
        frame too (Excel draws a merged range's borders from each covered cell's own)."""
        self._merges.append(f"{column_letter(col)}{row}:{column_letter(col + cols - 1)}{row + rows - 1}")
        if framed:
            for r in range(row, row + rows):
                for c in range(col, col + cols):
                    if r != row or c != col:
                        self.put(r, c, None, FRAME)

    def xml(self) -> str:
        rows = sorted(self._cells.keys() | self.heights.keys())
        last_col = max((max(cells) for cells in self._cells.values() if cells), default=1)
        parts = [f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">']
        if self.fit_to_width:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        parts.append(f'<dimension ref="A1:{column_letter(last_col)}{rows[-1] if rows else 1}"/>')
        parts.append(self._views())
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            parts.append("<cols>")
            parts += [f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in sorted(self.widths.items())]
            parts.append("</cols>")
        parts.append("<sheetData>")
        for r in rows:
            height = self.heights.get(r)
            parts.append(f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">')
            cells = self._cells.get(r)
            if cells:
                parts += [cells[c] for c in sorted(cells)]
            parts.append("</row>")
        parts.append("</sheetData>")
        if self.auto_filter:
            top, left, bottom, right = self.auto_filter
            parts.append(f'<autoFilter ref="{column_letter(left)}{top}:{column_letter(right)}{bottom}"/>')
        if self._merges:
            parts.append(f'<mergeCells count="{len(self._merges)}">')
            parts += [f'<mergeCell ref="{ref}"/>' for ref in self._merges]
            parts.append("</mergeCells>")
        if self.centered:
            parts.append('<printOptions horizontalCentered="1"/>')
        left, right, top, bottom = self.margins or (0.75, 0.75, 1, 1)
        parts.append(f'<pageMargins left="{left:g}" right="{right:g}" top="{top:g}" bottom="{bottom:g}" '
                     'header="0.5" footer="0.5"/>')
        fit = ' fitToWidth="1" fitToHeight="0"' if self.fit_to_width else ""
        parts.append(f'<pageSetup paperSize="9" orientation="{"landscape" if self.landscape else "portrait"}"{fit}/>')
        if self.header_right or self.footer_center:
            parts.append("<headerFooter>")
            if self.header_right:
                parts.append(f"<oddHeader>{escape('&R' + self.header_right.replace('&', '&&'))}</oddHeader>")
            if self.footer_center:
                parts.append(f"<oddFooter>{escape('&C' + self.footer_center)}</oddFooter>")
            parts.append("</headerFooter>")
        parts.append("</worksheet>")
        return "".join(parts)

    def _views(self) -> str:
        selected = ' tabSelected="1"' if self.book.sheets[0] is self else ""
        if not self.freeze:
            return f'<sheetViews><sheetView workbookViewId="0"{selected}/></sheetViews>'
        row, col = self.freeze
        cell = f"{column_letter(col)}{row}"
        split = (f' xSplit="{col - 1}"' if col > 1 else "") + (f' ySplit="{row - 1}"' if row > 1 else "")
        pane = {(True, True): "bottomRight", (True, False): "bottomLeft", (False, True): "topRight"}[row > 1, col > 1]
        return (f'<sheetViews><sheetView workbookViewId="0"{selected}><pane{split} topLeftCell="{cell}" '
                f'activePane="{pane}" state="frozen"/><selection pane="{pane}" activeCell="{cell}" sqref="{cell}"/>'
                "</sheetView></sheetViews>")


class Workbook:
    """Sheets in order, and the styles and strings their cells share."""

    def __init__(self):
        self.sheets: list[Sheet] = []
        self._styles: dict[Style, int] = {PLAIN: 0}
        self._strings: dict[str, int] = {}

    def sheet(self, title: str) -> Sheet:
        """A new last sheet named ``title`` (a valid, unique name: core.printing.xlsx_export.sheet_name)."""
        sheet = Sheet(self, title)
        self.sheets.append(sheet)
        return sheet

    def style_index(self, style: Style) -> int:
        index = self._styles.get(style)
        if index is None:
            index = self._styles[style] = len(self._styles)
        return index

    def string_index(self, text: str) -> int:
        index = self._strings.get(text)
        if index is None:
            index = self._strings[text] = len(self._strings)
        return index

    def to_bytes(self) -> bytes:
        """The .xlsx file."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            n = len(self.sheets)
            archive.writestr("[Content_Types].xml", _content_types(n))
            archive.writestr("_rels/.rels", _rels([("officeDocument", "xl/workbook.xml")], _REL))
            archive.writestr("xl/workbook.xml", self._workbook_xml())
            archive.writestr("xl/_rels/workbook.xml.rels", _rels(
                [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, n + 1)]
                + [("styles", "styles.xml"), ("sharedStrings", "sharedStrings.xml")], _REL))
            archive.writestr("xl/styles.xml", _styles_xml(list(self._styles)))
            for i, sheet in enumerate(self.sheets, 1):
                archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())
            archive.writestr("xl/sharedStrings.xml", self._strings_xml())
        return buffer.getvalue()

    def save(self, path: Path) -> Path:
        """Write the file at ``path`` whole or not at all; raises BudgetDeskError (Chinese) if it
        cannot be written (磁盘空间不足, 没有写入权限…), leaving ``path`` as it was."""
        from core.file.files import save_bytes

        return save_bytes(path, self.to_bytes())

    def _workbook_xml(self) -> str:
        sheets, names = [], []
        for i, sheet in enumerate(self.sheets, 1):
            sheets.append(f"<sheet name={quoteattr(sheet.title)} sheetId=\"{i}\" r:id=\"rId{i}\"/>")
            quoted = "'" + sheet.title.replace("'", "''") + "'"
            if sheet.auto_filter:
                top, left, bottom, right = sheet.auto_filter
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
                             f"{escape(quoted)}!${column_letter(left)}${top}:${column_letter(right)}${bottom}"
                             "</definedName>")
            if sheet.title_rows:
                first, last = sheet.title_rows
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i - 1}">'
                             f"{escape(quoted)}!${first}:${last}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
                '<bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{''.join(sheets)}</sheets>{defined}<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/>"
                "</workbook>")

    def _strings_xml(self) -> str:
        items = []
        for text in self._strings:
            space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
            items.append(f"<si><t{space}>{escape(text)}</t></si>")
        n = len(items)
        return f'<sst xmlns="{_MAIN}" count="{n}" uniqueCount="{n}">{"".join(items)}</sst>'


def _rels(targets: list[tuple[str, str]], kind_base: str) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{kind_base}/{kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(targets, 1))
    return f'<Relationships xmlns="{_PACKAGE_REL}">{rels}</Relationships>'


def _content_types(sheets: int) -> str:
    base = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [("/xl/workbook.xml", f"{base}.sheet.main+xml"), ("/xl/styles.xml", f"{base}.styles+xml"),
                 ("/xl/sharedStrings.xml", f"{base}.sharedStrings+xml")]
    overrides += [(f"/xl/worksheets/sheet{i}.xml", f"{base}.worksheet+xml") for i in range(1, sheets + 1)]
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in overrides)
            + "</Types>")


def _styles_xml(styles: list[Style]) -> str:
    """styles.xml: each distinct font, fill, border and number format once, one cell format per style."""
    fonts: dict[tuple, int] = {(None, None, False): 0}
    fills: dict[str | None, int] = {None: 0}
    formats: dict[str, int] = {}
    xfs = []
    for style in styles:
        font = fonts.setdefault((style.font, style.size, style.bold), len(fonts))
        fill = 0 if style.fill is None else fills.setdefault(style.fill, len(fills) + 1)  # 1 is gray125
        if style.number_format is None:
            number = 0
        else:
            number = _BUILTIN_FORMATS.get(style.number_format)
            if number is None:
                number = formats.setdefault(style.number_format, 164 + len(formats))
        attrs = (f'numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="{int(style.border)}" xfId="0"'
                 + (' applyNumberFormat="1"' if number else "") + (' applyFont="1"' if font else "")
                 + (' applyFill="1"' if fill else "") + (' applyBorder="1"' if style.border else "")
                 + (' quotePrefix="1"' if style.quote else ""))
        align = "".join(
            (f' horizontal="{style.horizontal}"' if style.horizontal else "",
             f' vertical="{style.vertical}"' if style.vertical else "",
             ' wrapText="1"' if style.wrap else "", f' indent="{style.indent}"' if style.indent else ""))
        xfs.append(f'<xf {attrs} applyAlignment="1"><alignment{align}/></xf>' if align else f"<xf {attrs}/>")
    font_xml = []
    for i, (name, size, bold) in enumerate(fonts):
        if i == 0:  # the workbook's default font
            name, size = "Calibri", 11
        font_xml.append("<font>" + ("<b/>" if bold else "") + (f'<sz val="{size:g}"/>' if size else "")
                        + (f"<name val={quoteattr(name)}/>" if name else "")
                        + ('<family val="2"/>' if i == 0 else "") + "</font>")
    fill_xml = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
    fill_xml += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/>'
                 "</patternFill></fill>" for rgb in fills if rgb is not None]
    thin = "".join(f'<{side} style="thin"><color indexed="64"/></{side}>' for side in ("left", "right", "top", "bottom"))
    format_xml = "".join(f"<numFmt numFmtId=\"{i}\" formatCode={quoteattr(code)}/>" for code, i in formats.items())
    return (f'<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{format_xml}</numFmts>' if formats else "")
            + f'<fonts count="{len(font_xml)}">{"".join(font_xml)}</fonts>'
            + f'<fills count="{len(fill_xml)}">{"".join(fill_xml)}</fills>'
            + f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
              f"<border>{thin}<diagonal/></border></borders>"
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            + "</styleSheet>")
