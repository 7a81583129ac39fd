"""A PDF as rows: on each page its ruled tables and the text lines outside them, in reading order
(top to bottom).

What a page draws is read by PDFium (core/reading/pdf_page.py: characters and paths in C++, as
pdfplumber's dictionaries), a page at a time, each released before the next; a page whose text
PDFium cannot map (a font named but not embedded) by pdfminer (core/reading/pdf_miner.py). The
tables are found in what it draws by pdfplumber's own table finder, cells and lines of text as
pdfplumber's extract_text makes them (re-written here for speed).

Each page is read within the limits of core/reading/limits.py: its drawing instructions — its own,
and each form's each time it is drawn — and its fonts' data are counted before any page is parsed
(pdfminer reads the file's structure for it; nothing decoded is kept), its characters and line
segments as they are read; a page past them refuses the file.
A page whose table lines cross too often to look for cells in is read as text, and said so.

Only what the page shows is read (core/reading/pdf_geometry.py): the characters inside its
clipping path (a report tool that prints a cell or paragraph whole at a page's foot, cut by the
clip, and again overleaf, is read once), and as table lines what it draws visibly however it draws
them — stroked lines, thin filled rectangles (rules), the sides of shaded areas — not the white
rectangles a report tool lays under each cell or line of text.

Table cells: a cell's text is the characters whose middle lies in it (a name whose glyphs cross its
row's rule belongs to its own row); pdfplumber gives ``None`` for grid cells a merged cell covers
(合计 over the code columns) and ``""`` for an empty cell; the lines a cell wrapped are joined back
(``经费保障及`` + ``及时性``, a code broken by the wrap); text as printed (``96,282,213.44``,
``0.00``, ``0``); a ruled row with nothing in it is padding and left out. Text lines: a line ends its paragraph when it stops short of the text's right edge or the
next line is indented or starts a numbered heading; the recognizer joins the others.
"""

from __future__ import annotations

import logging
import re
import zlib
from itertools import islice
from operator import itemgetter

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, dict_value, list_value, resolve1, stream_value
from pdfminer.psparser import literal_name
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils.exceptions import PdfminerException

from core.errors import ImportFormatError
from core.reading import pdf_geometry, pdf_miner, pdf_page
from core.reading.limits import (MAX_CROSSINGS, MAX_EDGE_PAIRS, MAX_FILE_CONTENT, MAX_FONT_DATA, MAX_PAGE_CONTENT,
                                 MAX_PAGE_OBJECTS, MAX_PAGES, check_cancelled)
from core.reading.rows import Row, Source, join_wrapped

STARTS_PARAGRAPH = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\s*[、.．]|（\d+）|\(\d+\)|绩效目标：|绩效指标：|第[一二三四五六七八九十]+部分|注[:：])")

PAGE_NUMBER = re.compile(r"^\s*(?:[—\-–－]\s*\d+\s*[—\-–－]|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+)\s*$")


def _printed(obj) -> bool:
    """Not a watermark: a 草案/样本 stamped across the page is rotated or huge."""
    if obj.get("object_type") != "char":
        return True
    matrix = obj.get("matrix") or (1, 0, 0, 1, 0, 0)
    return obj.get("size", 0) < 48 and abs(matrix[1]) < 1e-3 and abs(matrix[2]) < 1e-3


LOCKED = ("这个 PDF 有密码保护，无法读取。请先用 PDF 阅读器打开它并取消密码（或另存为无密码的 PDF）再导入，"
          "或改用原始的 Excel、Word 文件。")


def read_pdf(path, progress=None, cancelled=None) -> Source:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a damaged file's warnings are not the officer's
    source = Source(kind="PDF")
    try:
        pdf = pdfplumber.open(str(path))
    except PdfminerException as exc:
        if any(isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) for cause in exc.args):
            raise ImportFormatError(LOCKED) from None
        raise
    with pdf:
        declared = list(islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
        if len(declared) > MAX_PAGES:
            raise ImportFormatError(f"这个 PDF 超过 {MAX_PAGES} 页，不像是一份部门预算文件。")
        _check_contents(declared, cancelled)
        pdf.doc._cached_objs.clear()  # (what the checks parsed; the pages are read by PDFium)
        _read_pages(pdf, declared, path, source, progress, cancelled)
    return source


def _read_pages(pdf, declared: list, path, source: Source, progress, cancelled) -> None:
    """Each page read by PDFium, one at a time (what it drew released before the next), a page whose
    text PDFium cannot map by pdfminer (core/reading/pdf_miner.py)."""
    try:
        document = pdf_page.open_document(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ImportFormatError(LOCKED) from None
        raise ImportFormatError("这个 PDF 已损坏，无法读取。请改用原始的 Excel、Word 或 BudgetDesk 文件导入。") from None
    try:
        count = len(document)
        source.pages = count
        tables = 0
        text_seen = False
        for number in range(count):
            check_cancelled(cancelled)
            try:
                page = pdf_page.read_page(document, number, MAX_PAGE_OBJECTS, lambda: check_cancelled(cancelled))
                if page.unmapped and number < len(declared):
                    page = pdf_miner.read_page(pdf, declared[number], number, cancelled)
                    pdf.doc._cached_objs.clear()
            except pdf_page.TooMuch as exc:
                raise ImportFormatError(f"这个 PDF 的第 {number + 1} 页内容过多（{exc}），不像是部门预算表格，无法读取。"
                                        "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。") from None
            if not all(map(_printed, page.chars)):
                page = page.filter(_printed)  # a 草案 watermark is not content
            try:
                found = _TableFinder(page).tables
            except _TooMuch as exc:
                source.problems.append(f"PDF 第 {number + 1} 页的表格线过多（{exc}），未能识别其中的表格，只读取了这一页的文字。")
                found = []
            items: list[tuple[float, list[Row]]] = []
            by_height = _by_height(page.chars) if found else None
            for table in found:
                grid = table.rows
                xs = _column_lefts(grid)
                rows = [Row([_cell(c) for c in cells], table=tables, page=number, xs=xs)
                        for cells in _extract(grid, by_height) if any(cells)]  # a ruled empty row is padding
                if rows:
                    items.append((table.bbox[1], rows))
                    tables += 1
            lines = [ln for ln in _text_lines(_outside(page.chars, [t.bbox for t in found]))
                     if not PAGE_NUMBER.match(ln["text"])]
            text_seen = text_seen or bool(lines) or bool(found)
            items += [(ln["top"], [row]) for ln, row in zip(lines, _line_rows(lines, number))]
            for _, rows in sorted(items, key=lambda item: item[0]):
                source.rows += rows
            if progress:
                progress(number + 1, count)
    finally:
        document.close()
    if not text_seen:
        raise ImportFormatError("这个 PDF 没有文字层（可能是扫描件或图片），无法读取其中的表格。"
                                "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。")


# --- a page within its limits ---------------------------------------------------------------------

_TooMuch = pdf_page.TooMuch


_DRAWS = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


def _check_contents(pages, cancelled=None) -> None:
    """Before PDFium parses any page: every page's drawing instructions — its own and its forms',
    each form counted each time the instructions draw it — within MAX_PAGE_CONTENT, the pages' own
    within MAX_FILE_CONTENT, its fonts' data within MAX_FONT_DATA. Nothing decoded is kept."""
    total = 0
    for number, page in enumerate(pages):
        check_cancelled(cancelled)
        size = 0
        own = []
        for stream in list_value(page.contents):
            left_on_page, left_in_file = MAX_PAGE_CONTENT - size, MAX_FILE_CONTENT - total - size
            what = (f"第 {number + 1} 页的绘图指令超过 {MAX_PAGE_CONTENT // (1024 * 1024)} MB" if left_on_page <= left_in_file
                    else f"全部页面的绘图指令超过 {MAX_FILE_CONTENT // (1024 * 1024)} MB")
            try:
                data = _decoded(stream_value(stream), min(left_on_page, left_in_file), what)
            except _TooMuch:
                raise ImportFormatError(f"这个 PDF 的内容过多（{what}），不像是一份部门预算文件，无法读取。"
                                        "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。") from None
            size += len(data)
            own.append(data)
        total += size
        try:
            _drawn(page.resources, b"\n".join(own), size, {}, 0)
        except _TooMuch as exc:
            raise ImportFormatError(f"这个 PDF 的第 {number + 1} 页内容过多（{exc}），不像是部门预算表格，无法读取。"
                                    "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。") from None


def _drawn(resources, data: bytes, size: int, forms: dict, depth: int) -> int:
    """The bytes of instructions drawing ``data`` (already ``size`` of them) runs, with each form
    it draws counted each time (forms' own forms likewise); _TooMuch past MAX_PAGE_CONTENT. Its
    fonts' data checked on the way."""
    too_much = f"绘图指令超过 {MAX_PAGE_CONTENT // (1024 * 1024)} MB"
    try:
        resources = dict_value(resources)
        for spec in dict_value(resources.get("Font")).values():
            _check_font(dict_value(spec))
        xobjects = dict_value(resources.get("XObject"))
    except _TooMuch:
        raise
    except Exception:  # noqa: BLE001 (damaged resources: PDFium decides what to make of them)
        return size
    if not xobjects or depth > 16:
        return size
    for match in _DRAWS.finditer(data):
        name = match.group(1).decode("latin-1")
        try:
            form = stream_value(xobjects.get(name))
        except Exception:  # noqa: BLE001
            continue
        if literal_name(form.get("Subtype")) != "Form":
            continue
        key = id(form)
        if key not in forms:
            forms[key] = 0  # (a form drawing itself counts once)
            inner = _decoded(form, MAX_PAGE_CONTENT, too_much)
            forms[key] = _drawn(form.get("Resources") or resources, inner, len(inner), forms, depth + 1)
        size += forms[key]
        if size > MAX_PAGE_CONTENT:
            raise _TooMuch(too_much)
    return size


def _check_font(font: dict) -> None:
    """A font's character map and Type 1 program within MAX_FONT_DATA."""
    too_much = f"字体数据超过 {MAX_FONT_DATA // (1024 * 1024)} MB"
    for part in [font, *map(dict_value, list_value(font.get("DescendantFonts") or []))]:
        for stream in (resolve1(part.get("ToUnicode")), resolve1(dict_value(part.get("FontDescriptor")).get("FontFile"))):
            if isinstance(stream, PDFStream):
                _decoded(stream, MAX_FONT_DATA, too_much)


def _decoded(stream, cap: int, too_much: str) -> bytes:
    """``stream`` decoded (not kept in it); _TooMuch(too_much) past ``cap`` bytes, found before more
    is inflated. A Flate stream (nearly every one) is inflated here (pdfminer inflates a damaged one
    a byte at a time into a growing string, which takes hours for a large one); other filters are
    left to pdfminer."""
    if stream.data is None and stream.rawdata is not None:
        filters = stream.get_filters()
        if len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE and \
                not (isinstance(filters[0][1], dict) and "Predictor" in filters[0][1]):
            data = stream.rawdata
            if stream.decipher:
                data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
            return _inflate(data, cap, too_much)
    data = stream.get_data()
    if len(data) > cap:
        raise _TooMuch(too_much)
    return data


def _inflate(data: bytes, cap: int, too_much: str) -> bytes:
    """``data`` inflated as pdfminer inflates it (of a stream damaged in its last bytes, its checksum,
    what comes before; of one damaged before, nothing), in linear time; _TooMuch(too_much) as soon
    as it passes ``cap`` bytes."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    step = 1 << 16
    for at in range(0, len(data), step):
        piece = data[at:at + step]
        before = inflater.copy()
        try:
            pieces = [inflater.decompress(piece, cap + 1 - size)]
        except zlib.error:
            pieces = []
            for i in range(len(piece)):  # the damage is in this piece: up to it, a byte at a time
                try:
                    pieces.append(before.decompress(piece[i:i + 1], cap + 1 - size - sum(map(len, pieces))))
                except zlib.error:
                    if at + i < len(data) - 3:
                        return b""
                    break
            inflater = None
        out += pieces
        size += sum(map(len, pieces))
        if size > cap:
            raise _TooMuch(too_much)
        if inflater is None or inflater.eof:
            break
    return b"".join(out)


class _TableFinder(TableFinder):
    """pdfplumber's TableFinder (the steps of its ``__init__``, with its default settings), its
    lines those the page draws visibly however it draws them — lines, thin filled rectangles
    (rules), the sides of shaded areas, not the white under each cell (core/reading/pdf_geometry.py);
    _TooMuch for a page whose lines would take too long to search for cells: the search compares
    every vertical line with every horizontal one, then every crossing with the others."""

    def __init__(self, page):
        self.page, self.settings = page, TableSettings.resolve(None)
        self.edges = pdf_geometry.table_edges(page, self.settings, MAX_EDGE_PAIRS)
        vertical = sum(1 for e in self.edges if e["orientation"] == "v")
        if vertical * (len(self.edges) - vertical) > MAX_EDGE_PAIRS:
            raise _TooMuch(f"{vertical} 条竖线、{len(self.edges) - vertical} 条横线")
        self.intersections = edges_to_intersections(self.edges, self.settings.intersection_x_tolerance,
                                                    self.settings.intersection_y_tolerance)
        if len(self.intersections) > MAX_CROSSINGS:
            raise _TooMuch(f"{len(self.intersections)} 个交点")
        self.cells = _cells(self.intersections)
        self.tables = [Table(self.page, cells) for cells in cells_to_tables(self.cells)]


def _cells(intersections: dict) -> list[tuple]:
    """pdfplumber's intersections_to_cells, the same cells in the same order, without comparing
    each pair of crossings' edges anew as sets (a third of reading a page): for each crossing in
    order, the smallest cell it is the top left of — the first crossing below it joined to it by a
    vertical edge, then the first to its right joined by a horizontal one, whose bottom right
    corner is a crossing joined to both."""
    points = sorted(intersections)
    verticals = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges["v"]} for p, edges in intersections.items()}
    horizontals = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges["h"]} for p, edges in intersections.items()}
    below: dict[float, list] = {}  # each x's crossings, top to bottom
    right: dict[float, list] = {}  # each top's crossings, left to right
    for p in points:
        below.setdefault(p[0], []).append(p)
        right.setdefault(p[1], []).append(p)
    at_x = {p: i for column in below.values() for i, p in enumerate(column)}
    at_y = {p: i for row in right.values() for i, p in enumerate(row)}
    cells = []
    for pt in points:
        down, across = verticals[pt], horizontals[pt]
        found = None
        for below_pt in islice(below[pt[0]], at_x[pt] + 1, None):
            if down.isdisjoint(verticals[below_pt]):
                continue
            for right_pt in islice(right[pt[1]], at_y[pt] + 1, None):
                if across.isdisjoint(horizontals[right_pt]):
                    continue
                corner = (right_pt[0], below_pt[1])
                if (corner in intersections and not verticals[corner].isdisjoint(verticals[right_pt])
                        and not horizontals[corner].isdisjoint(horizontals[below_pt])):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    return join_wrapped(text.split("\n"))


def _column_lefts(grid) -> list[float | None]:
    """The left edge of each grid column of a pdfplumber table's rows (a merged cell counts for
    the first column it covers)."""
    width = max((len(r.cells) for r in grid), default=0)
    lefts: list[float | None] = []
    for j in range(width):
        edges = [r.cells[j][0] for r in grid if j < len(r.cells) and r.cells[j] is not None]
        lefts.append(min(edges) if edges else None)
    return lefts


def _by_height(chars: list[dict]) -> tuple[list[float], list[tuple[float, int, dict]]]:
    """The page's characters sorted by the height of their middle (with their original order)."""
    keyed = sorted((((c["top"] + c["bottom"]) / 2, i, c) for i, c in enumerate(chars)), key=lambda k: k[:2])
    return [k[0] for k in keyed], keyed


def _extract(grid, by_height) -> list[list[str | None]]:
    """What pdfplumber's Table.extract() gives (the same cell membership: a character belongs to
    the cell holding its middle; the same text per cell), finding each row's characters by
    bisection instead of scanning the whole page once per row."""
    from bisect import bisect_left

    middles, keyed = by_height
    table = []
    for row in grid:
        _, top, _, bottom = row.bbox
        inside = sorted(keyed[bisect_left(middles, top):bisect_left(middles, bottom)], key=lambda k: k[1])
        row_chars = [(c, (c["x0"] + c["x1"]) / 2) for _, _, c in inside]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            x0, top, x1, bottom = cell
            chars = [c for c, h_mid in row_chars if x0 <= h_mid < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom]
            cells.append(cell_text(chars) if chars else "")
        table.append(cells)
    return table


TOLERANCE = 3  # pdfplumber's default x and y tolerance


def _clusters(items: list, key) -> list[list]:
    """pdfplumber's cluster_objects(items, key, TOLERANCE): values chained within the tolerance
    form a cluster; clusters in value order, items in their given order within each."""
    values = sorted(set(map(key, items)))
    index, cluster, last = {}, -1, None
    for value in values:
        if last is None or value > last + TOLERANCE:
            cluster += 1
        index[value] = cluster
        last = value
    groups: list[list] = [[] for _ in range(cluster + 1)]
    for item in items:
        groups[index[key(item)]].append(item)
    return groups


def _word_lines(chars: list[dict]) -> list[list[tuple[list[dict], str]]]:
    """pdfplumber's words (their characters and text) of upright characters, by line: lines by
    ``top``, characters left to right, a word split at a space or a gap, ligatures expanded."""
    from pdfplumber.utils.text import LIGATURES

    words = []
    for line in _clusters(chars, itemgetter("top")):
        line.sort(key=itemgetter("x0"))
        word: list[dict] = []
        for char in line:
            text = char["text"]
            if text.isspace() or text == "":
                if word:
                    words.append(word)
                word = [] if text.isspace() else [char]
                if text == "":  # pdfplumber: an empty text is "in" its (empty) punctuation split set
                    words.append(word)
                    word = []
                continue
            if word:
                prev = word[-1]
                if char["x0"] < prev["x0"] or char["x0"] > prev["x1"] + TOLERANCE \
                        or abs(char["top"] - prev["top"]) > TOLERANCE:
                    words.append(word)
                    word = []
            word.append(char)
        if word:
            words.append(word)
    merged = [(w, min(c["top"] for c in w), "".join(LIGATURES.get(c["text"], c["text"]) for c in w)) for w in words]
    return [[(w, text) for w, _, text in line] for line in _clusters(merged, itemgetter(1))]


def cell_text(chars: list[dict]) -> str:
    """What pdfplumber's extract_text(chars) gives with its defaults, for the text of a table
    cell, in a fraction of its time (a cell with rotated text is left to pdfplumber)."""
    if not all(c["upright"] for c in chars):
        from pdfplumber.utils import extract_text

        return extract_text(chars)
    return "\n".join(" ".join(text for _, text in line) for line in _word_lines(chars))


def _text_lines(chars: list[dict]) -> list[dict]:
    """The lines of text the characters outside the tables make, as pdfplumber's
    ``chars_to_textmap(chars).extract_text_lines()`` finds them: text, x0, x1, top, bottom."""
    if not chars:
        return []
    if not all(c["upright"] for c in chars):
        from pdfplumber.utils.text import chars_to_textmap

        return chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=False)
    lines = []
    for line in _word_lines(chars):
        used = [c for word, _ in line for c in word]
        lines.append({"text": " ".join(text for _, text in line),
                      "x0": min(c["x0"] for c in used), "x1": max(c["x1"] for c in used),
                      "top": min(c["top"] for c in used), "bottom": max(c["bottom"] for c in used)})
    return lines


def _outside(chars: list[dict], boxes: list) -> list[dict]:
    """The characters outside every table (a little margin around each)."""
    if not boxes:
        return list(chars)
    bands = [(top - 1, bottom + 1, x0 - 2, x1 + 2) for x0, top, x1, bottom in boxes]
    outside = []
    for c in chars:
        middle, x = (c["top"] + c["bottom"]) / 2, c["x0"]
        for top, bottom, left, right in bands:
            if top <= middle <= bottom and left <= x <= right:
                break
        else:
            outside.append(c)
    return outside


def _line_rows(lines: list[dict], page: int) -> list[Row]:
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    right = max(ln["x1"] for ln in lines)
    rows = []
    for i, line in enumerate(lines):
        size = max(1.0, line["bottom"] - line["top"])
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        short = line["x1"] < right - 1.5 * size
        if nxt is None:  # the page's last line: its paragraph may go on overleaf
            rows.append(Row([line["text"].strip()], page=page, paragraph_end=short))
            continue
        ends = short or nxt["x0"] > left + size or bool(STARTS_PARAGRAPH.match(nxt["text"])) \
            or nxt["top"] - line["bottom"] > 1.2 * size
        rows.append(Row([line["text"].strip()], page=page, paragraph_end=ends))
    return rows
