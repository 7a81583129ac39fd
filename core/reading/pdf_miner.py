"""A PDF page read by pdfminer (pdfplumber's parser) where PDFium cannot give its text: characters
of a font without an embedded program whose codes PDFium cannot map to text (a CID font named but
not embedded, as reportlab's UnicodeCIDFont writes it), which pdfminer maps through its own CMaps.
Slower (pdfminer interprets the page in Python), so only for such a page; what it keeps is what
core/reading/pdf_page.py keeps (the same limits, the clip, the colour spaces of paths).
"""

from __future__ import annotations

from itertools import islice

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import dict_value, list_value, stream_value
from pdfminer.psparser import literal_name
from pdfminer.utils import MATRIX_IDENTITY, mult_matrix
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent

from core.reading import pdf_geometry
from core.reading.limits import MAX_PAGE_CONTENT, MAX_PAGE_OBJECTS, check_cancelled
from core.reading.pdf_page import TooMuch as _TooMuch


def read_page(pdf, page_obj, number: int, cancelled):
    """Page ``number`` (pdfminer's ``page_obj`` of pdfplumber's ``pdf``) as a pdfplumber page laid
    out within its limits (TooMuch past them)."""
    page = Page(pdf, page_obj, page_number=number + 1, initial_doctop=0)
    _lay_out(page, cancelled)
    return page


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
        from core.reading.pdf import _check_font, _decoded

        device: _Device = self.device
        for stream in list_value(streams):
            stream = stream_value(stream)
            data = _decoded(stream, MAX_PAGE_CONTENT - device.content, f"绘图指令超过 {MAX_PAGE_CONTENT // (1024 * 1024)} MB")
            stream.data, stream.rawdata = data, None  # (pdfminer would inflate a damaged one a byte at a time)
            device.content += len(data)
        for spec in dict_value(dict_value(resources).get("Font")).values():
            _check_font(dict_value(spec))
        super().render_contents(resources, streams, ctm)


def _lay_out(page, cancelled) -> None:
    """Interpret ``page`` as pdfplumber's ``Page.layout`` does (its device, so the same objects),
    within the page's limits, and hand pdfplumber the result as the page's layout."""
    device = _Device(page.pdf.rsrcmgr, page.page_number, page.pdf.laparams, cancelled)
    _Interpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()


