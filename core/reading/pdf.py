"""A PDF (pdfplumber) as rows: on each page its ruled tables and the text lines outside them, in
reading order (top to bottom).

Each page is read within the limits of core/reading/limits.py: its drawing instructions are
counted before they are parsed (a form drawn many times counts each time), its characters and line
segments as they are drawn, its fonts' data before it is loaded; a page past them refuses the file.
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
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, dict_value, list_value, resolve1, stream_value
from pdfminer.psparser import literal_name
from pdfminer.utils import MATRIX_IDENTITY, mult_matrix
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.table import (Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections,
                              intersections_to_cells)
from pdfplumber.utils.exceptions import PdfminerException

from core.errors import ImportFormatError
from core.reading import pdf_geometry
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
        if sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1)) > MAX_PAGES:
            raise ImportFormatError(f"这个 PDF 超过 {MAX_PAGES} 页，不像是一份部门预算文件。")
        pages = pdf.pages
        source.pages = len(pages)
        _check_contents(pages)
        tables = 0
        text_seen = False
        for number, page in enumerate(pages):
            check_cancelled(cancelled)
            try:
                _lay_out(page, cancelled)
            except _TooMuch as exc:
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
            page.root_page.flush_cache()
            if progress:
                progress(number + 1, len(pages))
    if not text_seen:
        raise ImportFormatError("这个 PDF 没有文字层（可能是扫描件或图片），无法读取其中的表格。"
                                "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。")
    return source


# --- a page within its limits ---------------------------------------------------------------------

class _TooMuch(Exception):
    """A page past one of its limits; the message says which, in Chinese."""


class _Device(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, counting the characters, line segments and images it is given against
    MAX_PAGE_OBJECTS, and the content streams it is made to run against MAX_PAGE_CONTENT; keeping
    only what is visible inside the clip the interpreter tracks (core/reading/pdf_geometry.py),
    its paths marked with their colour spaces (a white in a spot colour is ink)."""

    def __init__(self, rsrcmgr, pageno: int, laparams, cancelled):
        super().__init__(rsrcmgr, pageno=pageno, laparams=laparams)
        self.cancelled = cancelled
        self.content = 0
        self.objects = 0
        self.painting = False
        self.clip: pdf_geometry.Box | None = None  # device space; None: the whole page

    def begin_page(self, page, ctm) -> None:
        """The page shows its crop box (within its media box); a box that shows nothing is ignored."""
        super().begin_page(page, ctm)
        media = pdf_geometry.rect_box(page.mediabox, ctm)
        crop = pdf_geometry.intersect(media, pdf_geometry.rect_box(getattr(page, "cropbox", None) or page.mediabox, ctm))
        self.clip = next((box for box in (crop, media) if box and box[0] < box[2] and box[1] < box[3]), None)

    def count(self, objects: int) -> None:
        self.objects += objects
        if self.objects > MAX_PAGE_OBJECTS:
            raise _TooMuch(f"超过 {MAX_PAGE_OBJECTS // 10000} 万个字符和线条")
        if self.objects % 1024 < objects:
            check_cancelled(self.cancelled)

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        outer, self.painting = self.painting, True  # (pdfminer paints each subpath by calling this again)
        if not outer:
            self.count(len(path))
        objects = self.cur_item._objs
        start = len(objects)
        try:
            super().paint_path(gstate, stroke, fill, evenodd, path)
        finally:
            self.painting = outer
        if outer:
            return
        for obj in islice(objects, start, None):
            obj.ncs, obj.scs = gstate.ncs, gstate.scs
        if self.clip is not None:
            pdf_geometry.clip_paths(objects, start, self.clip)

    def render_char(self, *args, **kwargs):
        self.count(1)
        advance = super().render_char(*args, **kwargs)
        clip = self.clip
        if clip is not None:
            objects = self.cur_item._objs
            char = objects[-1]
            x, y = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
            if not (clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3]):
                objects.pop()  # cut by the clip: not on this page (a report tool prints it again on the next)
        return advance

    def render_image(self, *args, **kwargs) -> None:
        self.count(1)
        super().render_image(*args, **kwargs)


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, each content stream it runs (a form's, each time it is drawn)
    counted on its device before it is parsed, the fonts of its resources checked before they are
    loaded. (pdfminer makes the interpreter of a form as ``self.__class__(rsrcmgr, device)``.)

    It tracks the clipping path, which pdfminer ignores, on its device: ``W``/``W*`` narrow it to
    the path's box, ``q``/``Q`` save and restore it with the rest of the state, a form is drawn
    inside its BBox and the clip it sets ends with it."""

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.clips: list = []  # the clip each q saved, beside pdfminer's gstack

    def do_q(self) -> None:
        super().do_q()
        self.clips.append(self.device.clip)

    def do_Q(self) -> None:
        if self.gstack and self.clips:
            self.device.clip = self.clips.pop()
        super().do_Q()

    def do_W(self) -> None:
        self.device.clip = pdf_geometry.intersect(self.device.clip, pdf_geometry.path_box(self.curpath, self.ctm))

    do_W_a = do_W

    def do_Do(self, xobjid_arg) -> None:
        saved = self.device.clip
        try:
            xobj = stream_value(self.xobjmap[literal_name(xobjid_arg)])
            if "BBox" in xobj:
                matrix = list_value(xobj.get("Matrix", MATRIX_IDENTITY))
                box = pdf_geometry.rect_box(list_value(xobj["BBox"]), mult_matrix(tuple(map(float, matrix)), self.ctm))
                self.device.clip = pdf_geometry.intersect(saved, box)
        except Exception:  # noqa: BLE001 (a damaged form)
            pass  # pdfminer decides what to make of a form it cannot draw
        try:
            super().do_Do(xobjid_arg)
        finally:
            self.device.clip = saved

    def render_contents(self, resources, streams, ctm=MATRIX_IDENTITY) -> None:
        device: _Device = self.device
        for stream in list_value(streams):
            device.content += _decoded_size(stream_value(stream), MAX_PAGE_CONTENT - device.content,
                                            f"绘图指令超过 {MAX_PAGE_CONTENT // (1024 * 1024)} MB")
        for spec in dict_value(dict_value(resources).get("Font")).values():
            _check_font(dict_value(spec))
        super().render_contents(resources, streams, ctm)


def _check_contents(pages) -> None:
    """Every page's own drawing instructions within MAX_PAGE_CONTENT, all of them within
    MAX_FILE_CONTENT, before any is parsed."""
    total = 0
    for number, page in enumerate(pages):
        size = 0
        for stream in list_value(page.page_obj.contents):
            left_on_page, left_in_file = MAX_PAGE_CONTENT - size, MAX_FILE_CONTENT - total - size
            what = (f"第 {number + 1} 页的绘图指令超过 {MAX_PAGE_CONTENT // (1024 * 1024)} MB" if left_on_page <= left_in_file
                    else f"全部页面的绘图指令超过 {MAX_FILE_CONTENT // (1024 * 1024)} MB")
            try:
                size += _decoded_size(stream_value(stream), min(left_on_page, left_in_file), what)
            except _TooMuch:
                raise ImportFormatError(f"这个 PDF 的内容过多（{what}），不像是一份部门预算文件，无法读取。"
                                        "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。") from None
        total += size


def _lay_out(page, cancelled) -> None:
    """Interpret ``page`` as pdfplumber's ``Page.layout`` does (its device, so the same objects),
    within the page's limits, and hand pdfplumber the result as the page's layout."""
    device = _Device(page.pdf.rsrcmgr, page.page_number, page.pdf.laparams, cancelled)
    _Interpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


def _check_font(font: dict) -> None:
    """A font's character map and Type 1 program (what pdfminer parses of a font) within MAX_FONT_DATA."""
    too_much = f"字体数据超过 {MAX_FONT_DATA // (1024 * 1024)} MB"
    for part in [font, *map(dict_value, list_value(font.get("DescendantFonts") or []))]:
        for stream in (resolve1(part.get("ToUnicode")), resolve1(dict_value(part.get("FontDescriptor")).get("FontFile"))):
            if isinstance(stream, PDFStream):
                _decoded_size(stream, MAX_FONT_DATA, too_much)


def _decoded_size(stream, cap: int, too_much: str) -> int:
    """The length of ``stream`` decoded; _TooMuch(too_much) past ``cap`` bytes, found before more
    is inflated. A Flate stream (nearly every one) is inflated here and handed to pdfminer decoded
    (pdfminer inflates a damaged one a byte at a time into a growing string, which takes hours for a
    large one); other filters are left to pdfminer."""
    if stream.data is None and stream.rawdata is not None:
        filters = stream.get_filters()
        if len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE:
            data = stream.rawdata
            if stream.decipher:
                data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
            inflated = _inflate(data, cap, too_much)
            if not (isinstance(filters[0][1], dict) and "Predictor" in filters[0][1]):
                stream.data, stream.rawdata = inflated, None
    size = len(stream.get_data())
    if size > cap:
        raise _TooMuch(too_much)
    return size


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
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, cells) for cells in cells_to_tables(self.cells)]


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
