"""Excel (.xlsx) and Word (.docx) files as rows, read as streams of XML (core/reading/ooxml.py)
within the limits of core/reading/limits.py: the work and the memory follow the cells the file
holds, never the sheet's size or a merged range's span.

Excel: every worksheet top to bottom, the values as openpyxl reads them (``data_only``: a
formula's last result; numbers printed as their cell format prints them, ``0.00`` → ``2.00``;
dates as ``2024-01-31``); a merged range keeps its text in its first cell and ``None`` in the
cells it covers. A row is a table row when one of its cells has a left border or it holds several
texts; a lone text (a title) is a line. A sheet whose content goes past MAX_ROWS or MAX_COLUMNS is
refused, naming the cell.
Word: the body's paragraphs and tables in document order, the text as python-docx gives it; a
cell spanning columns (gridSpan) or continuing a vertical merge (vMerge) gives ``None`` where it
is covered, the columns a row leaves out before its first cell (gridBefore) ``""``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal, InvalidOperation

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from core.errors import ImportFormatError
from core.reading.limits import MAX_COLUMNS, MAX_ROWS, Budget, check_cancelled
from core.reading.ooxml import Handler, main_part, open_package, parse, related, relationships
from core.reading.rows import Row, Source, clean

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROW, CELL, VALUE, INLINE, TEXT, RUN, MERGE, STRING = (S + t for t in ("row", "c", "v", "is", "t", "r", "mergeCell", "si"))


# --- Excel ----------------------------------------------------------------------------------------

def read_xlsx(path, progress=None, cancelled=None) -> Source:
    budget = Budget("Excel", cancelled)
    source = Source(kind="Excel")
    with open_package(path) as package:
        book = main_part(package, budget, "xl/workbook.xml")
        workbook = _Workbook(budget)
        parse(package, book, workbook)
        parts = relationships(package, book, budget)
        strings = _read_optional(package, related(parts, "sharedStrings"), _Strings(budget)).strings
        styles = _read_optional(package, related(parts, "styles"), _Styles(budget)).styles()
        names = set(package.namelist())
        sheets = [(name, parts[rid][1]) for name, rid in workbook.sheets
                  if rid in parts and parts[rid][1] in names and not parts[rid][0].endswith("/chartsheet")]
        for number, (name, part) in enumerate(sheets):
            check_cancelled(cancelled)
            sheet = _Sheet(budget, name, strings, styles, workbook.epoch)
            parse(package, part, sheet)
            for texts, framed in sheet.rows():
                several = sum(1 for t in texts if t) > 1
                source.rows.append(Row(texts, table=number if framed or several else None, page=number))
            source.pages += 1
            if progress:
                progress(number + 1, len(sheets))
    return source


def _read_optional(package, part: str | None, handler: Handler) -> Handler:
    if part is not None and part in package.namelist():
        parse(package, part, handler)
    return handler


class _Workbook(Handler):
    """The sheets (name, relationship id) in the workbook's order, and its date system."""

    def __init__(self, budget: Budget):
        super().__init__(budget)
        self.sheets: list[tuple[str, str]] = []
        self.epoch = CALENDAR_WINDOWS_1900

    def start(self, tag, attrs):
        if tag == S + "sheet" and len(self.path) == 3:
            self.sheets.append((attrs.get("name", ""), attrs.get(R + "id", "")))
        elif tag == S + "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904


class _RichText(Handler):
    """Collects the text of rich-text elements (a shared string ``si``, a cell's inline ``is``),
    as openpyxl's ``Text.content``: the element's own ``t`` then each run's ``t``, phonetic
    guides (``rPh``) left out. A subclass calls :meth:`open_rich` at the element's start and
    :meth:`close_rich` at its end."""

    def __init__(self, budget: Budget):
        super().__init__(budget)
        self._rich_depth = 0
        self._plain: str | None = None
        self._runs: list[str] = []
        self._run: str | None = None
        self._buffer: list[str] | None = None

    def open_rich(self) -> None:
        self._rich_depth = len(self.path)
        self._plain, self._runs, self._run = None, [], None

    def close_rich(self) -> str:
        self._rich_depth = 0
        return (self._plain or "") + "".join(self._runs)

    def start(self, tag, attrs):
        depth = self._rich_depth
        if depth and tag == TEXT and (len(self.path) == depth + 1
                                      or len(self.path) == depth + 2 and self.path[-2] == RUN):
            self._buffer = []

    def end(self, tag):
        depth = self._rich_depth
        if not depth:
            return
        if self._buffer is not None and tag == TEXT:
            text = "".join(self._buffer)
            self._buffer = None
            if len(self.path) == depth + 1:
                self._plain = text
            else:
                self._run = text
        elif tag == RUN and len(self.path) == depth + 1:
            self._runs.append(self._run or "")
            self._run = None

    def text(self, data):
        if self._buffer is not None:
            self._buffer.append(data)


class _Strings(_RichText):
    """The shared strings, as openpyxl reads them."""

    def __init__(self, budget: Budget):
        super().__init__(budget)
        self.strings: list[str] = []

    def start(self, tag, attrs):
        if tag == STRING and len(self.path) == 2:
            self.open_rich()
        else:
            super().start(tag, attrs)

    def end(self, tag):
        if tag == STRING and len(self.path) == 2:
            text = self.close_rich().replace("x005F_", "")
            self.budget.chars(len(text))
            self.strings.append(text)
        else:
            super().end(tag)


class _Styles(Handler):
    """Per cell format (``s`` of a cell): its number format, whether it draws a left border, and
    whether openpyxl reads its numbers as dates or durations."""

    def __init__(self, budget: Budget):
        super().__init__(budget)
        self.formats: dict[int, str] = {}
        self.borders: list[bool] = []
        self.cell_formats: list[tuple[int, int]] = []

    def start(self, tag, attrs):
        where = self.path[-2] if len(self.path) > 1 else ""
        if tag == S + "numFmt" and where == S + "numFmts":
            self.formats[int(attrs.get("numFmtId", 0))] = attrs.get("formatCode", "")
        elif tag == S + "xf" and where == S + "cellXfs":
            self.cell_formats.append((int(attrs.get("numFmtId", 0)), int(attrs.get("borderId", 0))))
        elif tag == S + "border" and where == S + "borders":
            self.borders.append(False)
        elif tag == S + "left" and where == S + "border" and len(self.path) == 4:
            self.borders[-1] = attrs.get("style", "none") not in ("", "none")

    def styles(self) -> list[tuple[str, bool, bool, bool]]:
        """(number format, left border, date, duration) per cell format."""
        styles = []
        for number_format, border in self.cell_formats:
            code = self.formats.get(number_format, BUILTIN_FORMATS.get(number_format))
            framed = 0 <= border < len(self.borders) and self.borders[border]
            styles.append((code or "General", framed, is_date_format(code), is_timedelta_format(code)))
        return styles


_NO_STYLE = ("General", False, False, False)


class _Sheet(_RichText):
    """A worksheet's cells with content (their text) and left borders, and its merged ranges; the
    cells are placed as openpyxl places them (by ``r``, else after the previous cell / row)."""

    def __init__(self, budget: Budget, name: str, strings: list[str], styles: list, epoch):
        super().__init__(budget)
        self.name = name
        self.strings = strings
        self.styles = styles
        self.epoch = epoch
        self.texts: dict[int, dict[int, str]] = {}
        self.framed: dict[int, int] = {}  # row → bit c set for a cell of column c with a left border
        self.merges: list[tuple[int, int, int, int]] = []
        self.row = self.column = 0
        self.cell: tuple | None = None  # (row, column, type, style) of the cell being read
        self.value: str | None = None
        self.inline: str | None = None
        self._value: list[str] | None = None

    def start(self, tag, attrs):
        depth = len(self.path)
        if depth == 3 and tag == ROW:
            number = attrs.get("r")
            self.row = _row_number(number) if number else self.row + 1
            self.column = 0
        elif depth == 4 and tag == CELL:
            coordinate = attrs.get("r")
            if coordinate:
                row, self.column = coordinate_to_tuple(coordinate)
            else:
                row, self.column = self.row, self.column + 1
            style = attrs.get("s")
            self.cell = (row, self.column, attrs.get("t", "n"), int(style) if style else 0)
            self.value = self.inline = None
        elif depth == 5 and self.cell and tag == VALUE and self.value is None:
            self._value = []
        elif depth == 5 and self.cell and tag == INLINE:
            self.open_rich()
        elif depth == 3 and tag == MERGE:
            self.budget.cell()
            self.merges.append(range_boundaries(attrs.get("ref", "")))
        else:
            super().start(tag, attrs)

    def end(self, tag):
        depth = len(self.path)
        if depth == 5 and self._value is not None and tag == VALUE:
            self.value = "".join(self._value) or None
            self._value = None
        elif depth == 5 and self.cell and tag == INLINE:
            self.inline = self.close_rich()
        elif depth == 4 and self.cell and tag == CELL:
            self._place(*self.cell)
            self.cell = None
        elif depth == 3 and tag == ROW and self.row not in self.texts:
            self.framed.pop(self.row, None)  # (a row without text is never read: its borders are not kept)
        else:
            super().end(tag)

    def text(self, data):
        if self._value is not None:
            self._value.append(data)
        else:
            super().text(data)

    def _place(self, row: int, column: int, kind: str, style_id: int) -> None:
        style = self.styles[style_id] if 0 <= style_id < len(self.styles) else _NO_STYLE
        if style[1] and column <= MAX_COLUMNS:
            self.framed[row] = self.framed.get(row, 0) | 1 << column
        text = _cell_text(self._typed(kind, style), style[0]) if self.value is not None or self.inline else ""
        if not text:
            if row in self.texts:
                self.texts[row].pop(column, None)
            return
        if row > MAX_ROWS or column > MAX_COLUMNS:
            raise ImportFormatError(
                f"工作表「{self.name}」的单元格 {get_column_letter(column)}{row} 有内容，超出了预算表的合理范围"
                f"（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）。请删除表格以外的内容后另存，再导入。")
        self.budget.cell()
        self.budget.chars(len(text))
        self.texts.setdefault(row, {})[column] = text

    def _typed(self, kind: str, style: tuple):
        """The cell's value as openpyxl's reader types it (``data_only``)."""
        if kind == "inlineStr":
            return self.inline
        value = self.value
        if value is None:
            return None
        if kind == "n":
            number = float(value) if "." in value or "E" in value or "e" in value else int(value)
            if not style[2]:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=style[3])
            except (OverflowError, ValueError):
                return "#VALUE!"
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value

    def rows(self):
        """(texts, framed) of each row with text, top to bottom: the row's cells up to its last
        text, ``None`` where a merged range covers a cell (every cell of a range but its first).
        A range is applied to the rows with text it spans only, and to no column past
        MAX_COLUMNS, so a range over the whole sheet costs what the sheet's text does."""
        numbers = sorted(self.texts)
        covered: dict[int, int] = {}
        for first_column, first_row, last_column, last_row in self.merges:
            first_column, first_row = first_column or 1, first_row or 1
            last_column = min(last_column or MAX_COLUMNS, MAX_COLUMNS)
            last_row = last_row or (numbers[-1] if numbers else 0)
            if first_column > last_column:
                continue
            span = (1 << last_column + 1) - (1 << first_column)
            inside = numbers[bisect_left(numbers, first_row):bisect_right(numbers, last_row)]
            self.budget.cell(len(inside))
            for number in inside:
                bits = span & ~(1 << first_column) if number == first_row else span
                covered[number] = covered.get(number, 0) | bits
        for number in numbers:
            by_column = self.texts[number]
            cover = covered.get(number, 0)
            last = max(by_column)
            self.budget.cell(last - len(by_column))
            texts: list[str | None] = [None if cover >> c & 1 else by_column.get(c, "") for c in range(1, last + 1)]
            while texts and not texts[-1]:
                texts.pop()
            if any(texts):
                yield texts, bool(self.framed.get(number, 0) & ~cover)


def _row_number(text: str) -> int:
    """A row's ``r`` as openpyxl reads it (``"5"``, ``"5.0"``)."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise
        return int(value)


def _cell_text(value, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value, number_format or "General")
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return clean(value)


def _number_text(value, number_format: str) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    fmt = number_format.split(";")[0]
    percent = fmt.endswith("%")
    if percent:
        number *= 100
    if "." in fmt:
        decimals = len(fmt.split(".")[1].rstrip("%").replace("_", "").split(" ")[0].replace(")", ""))
        text = format(number.quantize(Decimal(1).scaleb(-decimals)), "f")
    elif fmt not in ("General", "@") and "0" in fmt:
        text = format(number.quantize(Decimal(1)), "f")
    else:
        text = format(number.normalize(), "f") if number == number.to_integral_value() else str(number)
    if "," in fmt:
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text + ("%" if percent else "")


# --- Word -----------------------------------------------------------------------------------------

def read_docx(path, progress=None, cancelled=None) -> Source:
    budget = Budget("Word", cancelled)
    source = Source(kind="Word", pages=1)
    with open_package(path) as package:
        body = _Body(budget, source.rows)
        parse(package, main_part(package, budget, "word/document.xml"), body,
              progress and (lambda done, total: progress(done * 100 // max(total, 1), 100)))
    return source


(DOCUMENT, BODY, PARAGRAPH, WORD_RUN, WORD_TEXT, BREAK, HYPERLINK, TABLE, TABLE_ROW, TABLE_CELL, CELL_PROPERTIES,
 ROW_PROPERTIES, GRID_SPAN, VERTICAL_MERGE, GRID_BEFORE) = (W + t for t in (
    "document", "body", "p", "r", "t", "br", "hyperlink", "tbl", "tr", "tc", "tcPr", "trPr", "gridSpan", "vMerge",
    "gridBefore"))
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


class _Body(Handler):
    """The rows of the document's body: a paragraph directly in the body is a row of its text, a
    row of a table directly in the body a row of its cells (a cell's text: its paragraphs, one a
    line); what nests deeper (text boxes, tables in cells) is not read, as python-docx does not.
    Depths: the document 1, the body 2, its paragraphs and tables 3, rows 4, cells 5, a cell's
    paragraphs 6."""

    def __init__(self, budget: Budget, rows: list[Row]):
        super().__init__(budget)
        self.rows = rows
        self.tables = 0
        self.paragraph: list[str] | None = None  # the text of the paragraph being read
        self.paragraph_depth = 0
        self.in_text = False
        self.in_table = self.in_row = self.in_cell = self.in_properties = False
        self.above: list[int] = []  # the cell covering each grid column of the table's previous row
        self.ids: list[int] = []    # … of the row being read
        self.cells: list[str | None] = []
        self.cell_texts: list[str] = []
        self.span = 1
        self.merge: str | None = None
        self.next_id = 0

    def start(self, tag, attrs):
        depth = len(self.path)
        if self.paragraph is not None:
            base, path = self.paragraph_depth, self.path
            if (depth == base + 2 and path[base] == WORD_RUN
                    or depth == base + 3 and path[base] == HYPERLINK and path[base + 1] == WORD_RUN):
                if tag == WORD_TEXT:
                    self.in_text = True
                elif tag == BREAK:
                    self.paragraph.append("\n" if attrs.get(W + "type", "textWrapping") == "textWrapping" else "")
                elif tag in _RUN_TEXT:
                    self.paragraph.append(_RUN_TEXT[tag])
        elif depth == 3 and self.path[1] == BODY:
            if tag == PARAGRAPH:
                self.paragraph, self.paragraph_depth = [], 3
            elif tag == TABLE:
                self.in_table = True
        elif depth == 4 and self.in_table and tag == TABLE_ROW:
            self.in_row, self.ids, self.cells = True, [], []
        elif depth == 5 and self.in_row:
            if tag == TABLE_CELL:
                self.in_cell, self.cell_texts, self.span, self.merge = True, [], 1, None
            elif tag == ROW_PROPERTIES:
                self.in_properties = True
        elif depth == 6 and self.in_cell:
            if tag == PARAGRAPH:
                self.paragraph, self.paragraph_depth = [], 6
            elif tag == CELL_PROPERTIES:
                self.in_properties = True
        elif depth == 6 and self.in_properties and tag == GRID_BEFORE:
            for _ in range(int(attrs.get(W + "val", 0))):
                self._place("", 1)
        elif depth == 7 and self.in_properties and self.in_cell:
            if tag == GRID_SPAN:
                self.span = max(1, int(attrs.get(W + "val", 1)))
            elif tag == VERTICAL_MERGE:
                self.merge = attrs.get(W + "val", "continue")

    def end(self, tag):
        depth = len(self.path)
        if self.in_text and tag == WORD_TEXT:
            self.in_text = False
        elif self.paragraph is not None and depth == self.paragraph_depth:
            text = "".join(self.paragraph)
            self.paragraph = None
            self.budget.chars(len(text))
            if depth == 6:
                self.cell_texts.append(text)
            elif text := clean(text):
                self.rows.append(Row([text]))
        elif self.in_properties and (depth == 6 and tag == CELL_PROPERTIES or depth == 5 and tag == ROW_PROPERTIES):
            self.in_properties = False
        elif depth == 5 and self.in_cell:
            self.in_cell = False
            column = len(self.ids)
            if self.merge == "continue" and column < len(self.above):
                self._place(None, self.span, self.above[column])
            else:
                self._place(clean("\n".join(self.cell_texts)), self.span)
        elif depth == 4 and self.in_row:
            self.in_row = False
            self.budget.cell(len(self.cells) + 1)
            self.rows.append(Row(self.cells, table=self.tables))
            self.above = self.ids
        elif depth == 3 and self.in_table:
            self.in_table = False
            self.tables += 1
            self.above = []

    def _place(self, text: str | None, span: int, covering: int | None = None) -> None:
        """A cell of ``span`` grid columns: its text in its first, ``None`` in the others (all of
        them when it continues the merge of the cell ``covering`` it from above)."""
        if len(self.ids) + span > MAX_COLUMNS:
            raise self.budget.too_much(f"表格超过 {MAX_COLUMNS} 列")
        if covering is None:
            self.next_id += 1
            covering = self.next_id
            self.cells.append(text)
            span -= 1
        self.cells += [None] * span
        self.ids += [covering] * (len(self.cells) - len(self.ids))

    def text(self, data):
        if self.in_text:
            self.paragraph.append(data)
