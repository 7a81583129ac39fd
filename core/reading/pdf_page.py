"""What a PDF page draws, read through PDFium (pypdfium2, which pdfplumber itself depends on): its
characters with their boxes and its paths, as the dictionaries pdfplumber gives (``page.chars``,
``page.lines``, ``page.rects``, ``page.curves``), so that core/reading/pdf.py finds tables and text
lines in them exactly as it did with pdfplumber.

PDFium parses a page's drawing instructions in C++; pdfminer (pdfplumber's parser) did it in Python,
which was nine tenths of reading a PDF. The objects are made as pdfminer makes them:

- a character: its text, its box (left and right from its advance; bottom at the font's descent and
  ``size`` above it, ``size`` being the font size under the text and page matrices), its matrix,
  ``upright``; a space PDFium puts where the page draws one (it keeps one for a run of spaces) is a
  space between the characters around it; the line ends it adds are not characters;
- a path: each subpath painted on its own, a straight segment as a line, a closed axis-aligned
  four-sided one as a rectangle, anything else a curve through its segments' end points; filled,
  stroked, and their colours (as RGB, which is how the page shows them).

Only what the page shows is kept (core/reading/pdf_geometry.py): the clip each object is drawn under
(PDFium keeps it with the object; a form's BBox is part of it) as a box, the crop box around all.
A page's /Rotate turns the coordinates as pdfminer turns them, so the page is read as it is seen.
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.reading import pdf_geometry

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
                                        pdfium_c.FPDF_PAGEOBJ_SHADING, pdfium_c.FPDF_PAGEOBJ_FORM)
_MOVE, _LINE, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_MAX_DEPTH = 16  # forms inside forms
SPACE = 0.24  # the narrowest space a font draws, in ems (Times: 0.25; a CJK font's: 0.5)

Matrix = tuple[float, float, float, float, float, float]


class TooMuch(Exception):
    """A page past one of its limits; the message says which, in Chinese."""


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention, as pdfminer's mult_matrix)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1,
            e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def _view(page) -> tuple[Matrix, float, float]:
    """The matrix from PDFium's page space to pdfminer's (y up, origin at the media box's corner,
    the page's /Rotate applied), and the page's width and height as seen."""
    x0, y0, x1, y1 = page.get_mediabox()
    w, h = x1 - x0, y1 - y0
    rotation = page.get_rotation() % 360
    shift = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    turn = {0: (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 90: (0.0, -1.0, 1.0, 0.0, 0.0, w),
            180: (-1.0, 0.0, 0.0, -1.0, w, h), 270: (0.0, 1.0, -1.0, 0.0, h, 0.0)}[rotation]
    width, height = (h, w) if rotation in (90, 270) else (w, h)
    return _multiply(shift, turn), width, height


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _box(m: Matrix, left: float, bottom: float, right: float, top: float) -> pdf_geometry.Box:
    points = [_apply(m, x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _drop_covered(chars: list[dict], spaces: list[dict]) -> None:
    """Of the spaces found in text objects, drop those another character is drawn over (a word
    processor leaves a space in a line's text where it draws a quotation mark on its own)."""
    lines: dict[int, list[dict]] = {}
    for c in chars:
        if c["text"] != " ":
            lines.setdefault(int(c["bottom"]), []).append(c)
    covered = set()
    for space in spaces:
        line = int(space["bottom"])
        for near in (line - 1, line, line + 1):
            if any(c["x0"] < space["x1"] - 0.1 and c["x1"] > space["x0"] + 0.1 for c in lines.get(near, ())):
                covered.add(id(space))
                break
    if covered:
        chars[:] = [c for c in chars if id(c) not in covered]


def _unmapped(obj, textpage) -> bool:
    """A text object PDFium gives no text for, in a font not embedded: its codes could not be mapped
    (one of only spaces gives none either, in any font)."""
    if pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) > 2:
        return False
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    return not font or not pdfium_c.FPDFFont_GetIsEmbedded(font)


def _address(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value if handle else None


class PageObjects:
    """A page's characters, lines, rectangles and curves as pdfplumber's dictionaries (top-down
    coordinates), what core/reading/pdf.py's table finder and text lines read."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self.chars: list[dict] = []
        self.lines: list[dict] = []
        self.rects: list[dict] = []
        self.curves: list[dict] = []
        self.unmapped = False  # a text object whose text PDFium cannot give (core/reading/pdf_miner.py reads it)

    def filter(self, keep) -> "PageObjects":
        other = PageObjects(self.width, self.height)
        other.chars = [c for c in self.chars if keep(c)]
        other.lines, other.rects, other.curves = self.lines, self.rects, self.curves
        return other


class _Reader:
    """One page read: the object tree walked (through forms), then the text page's characters."""

    def __init__(self, page, max_objects: int, check_cancelled):
        self.page = page
        self.view, width, height = _view(page)
        self.out = PageObjects(width, height)
        self.max_objects, self.objects = max_objects, 0
        self.check_cancelled = check_cancelled
        crop = _box(self.view, *page.get_cropbox())
        media = (0.0, 0.0, width, height)
        crop = pdf_geometry.intersect(media, crop)
        self.page_clip = crop if crop[0] < crop[2] and crop[1] < crop[3] else media
        self.text_clips: dict[int, pdf_geometry.Box | None] = {}
        self.texts: list = []  # the text objects  # a text object's address → its clip (view space)
        self._matrix = pdfium_c.FS_MATRIX()
        self._floats = [ctypes.c_float() for _ in range(2)]
        self._ints = [ctypes.c_uint() for _ in range(4)]
        self._fill, self._stroke = ctypes.c_int(), ctypes.c_int()

    def count(self, n: int) -> None:
        self.objects += n
        if self.objects > self.max_objects:
            raise TooMuch(f"超过 {self.max_objects // 10000} 万个字符和线条")
        if self.objects % 1024 < n:
            self.check_cancelled()

    # --- the object tree ---

    def _object_matrix(self, obj) -> Matrix:
        m = self._matrix
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            return 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
        return m.a, m.b, m.c, m.d, m.e, m.f

    def _clip(self, obj, parent: Matrix) -> pdf_geometry.Box | None:
        """The box (view space) of the clip ``obj`` is drawn under, within the page's crop box; an
        empty one (x0 > x1) shows nothing."""
        clip = self.page_clip
        handle = pdfium_c.FPDFPageObj_GetClipPath(obj)
        if not handle:
            return clip
        x, y = self._floats
        for i in range(pdfium_c.FPDFClipPath_CountPaths(handle)):
            xs, ys = [], []
            for j in range(max(0, pdfium_c.FPDFClipPath_CountPathSegments(handle, i))):
                segment = pdfium_c.FPDFClipPath_GetPathSegment(handle, i, j)
                if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                    px, py = _apply(parent, x.value, y.value)
                    xs.append(px)
                    ys.append(py)
            if xs:
                clip = pdf_geometry.intersect(clip, (min(xs), min(ys), max(xs), max(ys)))
        return clip

    def walk(self, holder, count, get, matrix: Matrix, depth: int = 0) -> None:
        for i in range(count(holder)):
            obj = get(holder, i)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == _TEXT:
                self.text_clips[_address(obj)] = self._clip(obj, matrix)
                self.texts.append(obj)
            elif kind == _PATH:
                self._path(obj, matrix)
            elif kind == _FORM and depth < _MAX_DEPTH:
                inner = _multiply(self._object_matrix(obj), matrix)
                self.walk(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, inner, depth + 1)
            elif kind == _IMAGE:
                self.count(1)

    def _path(self, obj, parent: Matrix) -> None:
        n = pdfium_c.FPDFPath_CountSegments(obj)
        if n <= 0:
            return
        self.count(n)
        fill, stroke = self._fill, self._stroke
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
            return
        filled, stroked = fill.value != 0, bool(stroke.value)
        if not (filled or stroked):
            return  # a clipping path only
        clip = self._clip(obj, parent)
        if clip is not None and (clip[0] > clip[2] or clip[1] > clip[3]):
            return
        m = _multiply(self._object_matrix(obj), parent)
        r, g, b, a = self._ints
        ncolor = scolor = None
        if filled and pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
            ncolor = (r.value / 255, g.value / 255, b.value / 255)
            filled = a.value > 0
        if stroked and pdfium_c.FPDFPageObj_GetStrokeColor(obj, r, g, b, a):
            scolor = (r.value / 255, g.value / 255, b.value / 255)
            stroked = a.value > 0
        if not (filled or stroked):
            return
        x, y = self._floats
        subpaths: list[list[tuple[str, float, float]]] = []
        bezier = 0
        for i in range(n):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            px, py = _apply(m, x.value, y.value)
            if kind == _MOVE or not subpaths:
                subpaths.append([("m", px, py)])
                bezier = 0
            elif kind == _BEZIER:
                bezier += 1
                if bezier % 3 == 0:  # the curve's end (the two before it are its control points)
                    subpaths[-1].append(("c", px, py))
            else:
                subpaths[-1].append(("l", px, py))
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                subpaths[-1].append(("h",) + subpaths[-1][0][1:])
        start = len(self.out.lines), len(self.out.rects), len(self.out.curves)
        for path in subpaths:
            self._shape(path, filled, stroked, ncolor, scolor)
        if clip is not None:
            for kept, first in zip((self.out.lines, self.out.rects, self.out.curves), start):
                kept[first:] = [o for o in (pdf_geometry.clip_object(o, clip, self.out.height) for o in kept[first:]) if o]

    def _shape(self, path, filled, stroked, ncolor, scolor) -> None:
        """One subpath as pdfminer's paint_path makes it: a line, a rectangle or a curve."""
        shape = "".join(p[0] for p in path)
        pts = [(p[1], p[2]) for p in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        kind = "curve"
        if shape in ("mlh", "ml"):
            kind = "line"
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                     or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                kind = "rect"
        elif len(pts) < 2:
            return
        height = self.out.height
        if kind == "line":
            pts = pts[:2]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        obj = {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": height - y1, "bottom": height - y0,
               "doctop": height - y1, "width": x1 - x0, "height": y1 - y0, "fill": filled, "stroke": stroked,
               "non_stroking_color": ncolor, "stroking_color": scolor, "ncs": "DeviceRGB", "scs": "DeviceRGB",
               "pts": [(px, height - py) for px, py in pts]}
        {"line": self.out.lines, "rect": self.out.rects, "curve": self.out.curves}[kind].append(obj)

    # --- the characters ---

    def chars(self, textpage) -> None:
        raw = textpage.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        self.count(max(0, n))
        box, m = pdfium_c.FS_RECTF(), self._matrix
        view, height = self.view, self.out.height
        va, vb, vc, vd, ve, vf = view
        straight = vb == 0 and vc == 0  # (no /Rotate of 90 or 270: x from x, y from y)
        page_clip = self.page_clip
        # Which text object a character is in matters only where the objects' clips differ.
        clips = self.text_clips if any(clip != page_clip for clip in self.text_clips.values()) else None
        get_unicode, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
        get_box, get_matrix, get_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetMatrix, pdfium_c.FPDFText_GetFontSize
        hypot = math.hypot
        chars = self.out.chars
        supposed = False  # PDFium supposed a space before this character
        spaces: list[dict] = []
        for i in range(n):
            code = get_unicode(raw, i)
            if generated(raw, i):
                supposed = supposed or code == 32
                continue  # a line end, or a space PDFium supposes
            space, supposed = supposed, False
            if code == 2:
                code = 0x2D  # PDFium's mark for a hyphen that ends a line
            if not get_box(raw, i, box) or not get_matrix(raw, i, m):
                continue
            clip = page_clip if clips is None else clips.get(_address(pdfium_c.FPDFText_GetTextObject(raw, i)), page_clip)
            if straight:
                x0, x1 = va * box.left + ve, va * box.right + ve
                y0, y1 = vd * box.bottom + vf, vd * box.top + vf
                if x0 > x1:
                    x0, x1 = x1, x0
                if y0 > y1:
                    y0, y1 = y1, y0
            else:
                x0, y0, x1, y1 = _box(view, box.left, box.bottom, box.right, box.top)
            if clip is not None:
                mx, my = (x0 + x1) / 2, (y0 + y1) / 2
                if not (clip[0] <= mx <= clip[2] and clip[1] <= my <= clip[3]):
                    continue  # cut by the clip: not on this page (a report tool prints it again on the next)
            ma, mb, mc, md = m.a, m.b, m.c, m.d
            a, b = ma * va + mb * vc, ma * vb + mb * vd
            c, d = mc * va + md * vc, mc * vb + md * vd
            size = get_size(raw, i) * hypot(c, d)
            upright = a * d > 0 and b * c <= 0
            if upright:
                y1 = y0 + size  # pdfminer: the box is the font size tall from the descent
            if space and chars:
                before = chars[-1]
                if before["upright"] and upright and before["x1"] + SPACE * size <= x0 and abs(before["y0"] - y0) < 0.5 * size:
                    chars.append({**before, "text": " ", "x0": before["x1"], "x1": x0, "width": x0 - before["x1"]})
                    spaces.append(chars[-1])
            chars.append({"object_type": "char", "text": chr(code) if code < 0x110000 else "\ufffd",
                          "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": height - y1, "bottom": height - y0,
                          "doctop": height - y1, "width": x1 - x0, "height": y1 - y0, "size": size,
                          "matrix": (a, b, c, d, x0, y0), "upright": upright})
        if spaces:
            _drop_covered(chars, spaces)


def read_page(document, index: int, max_objects: int, check_cancelled) -> PageObjects:
    """Page ``index`` of a pypdfium2 PdfDocument: what it shows, its objects counted against
    ``max_objects`` (TooMuch past it); the page is closed before this returns."""
    page = document[index]
    try:
        reader = _Reader(page, max_objects, check_cancelled)
        reader.walk(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, reader.view)
        textpage = page.get_textpage()
        try:
            reader.out.unmapped = any(_unmapped(obj, textpage.raw) for obj in reader.texts)
            if not reader.out.unmapped:
                reader.chars(textpage)
        finally:
            textpage.close()
        return reader.out
    finally:
        page.close()


def open_document(path) -> "pdfium.PdfDocument":
    return pdfium.PdfDocument(str(path))
