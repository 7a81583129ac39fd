"""The geometry of a PDF page for reading its tables: what is visible of what the page draws, and the
lines its tables are ruled with.

Visible: a page shows only what lies inside its clipping path (the crop box, each ``W``/``W*``
clip the instructions set until the ``Q`` that restores the state before it, a form's BBox). The
reader tracks the clip as a box in device space (the bounding box of each clipping path, so a
clip that is not a rectangle keeps a little more than it shows, never less), keeps the characters
whose middle lies inside it (core/reading/pdf.py's device), and drops what is drawn wholly outside it (trimming rectangles and
straight lines that cross it). A report tool that prints a paragraph or a cell whole on a page,
cut by the page's clip, then again on the next page, is so read once.

Table lines, drawn in any of the ways report tools draw them:

- a stroked line, rectangle or curve: its segments (as pdfplumber takes them);
- a thin filled rectangle (at most RULE thick): a rule, one line along its middle (the budget
  system's report tool draws its grids so);
- a thicker filled rectangle (a shaded cell or band): its four sides;
- a rectangle or line painted white (the colour of the paper) draws no line — the white filled
  rectangle a report tool lays under each cell, a page's white background, the rows of a table of
  contents — unless it lies on a visible filled area drawn before it, where its sides show (cells
  cut out of a dark background).

None of this depends on where the page puts its tables: only on how they are drawn.
"""

from __future__ import annotations

from pdfminer.layout import LTLine, LTRect
from pdfplumber.table import TableSettings, merge_edges
from pdfplumber.utils import curve_to_edges, filter_edges

RULE = 3.0  # the thickest filled rectangle that is a rule rather than an area (pdfplumber's snap tolerance)
WHITE = 0.97  # a grey or RGB component at least this light (a CMYK one at most 1 - this) is paper white
_PLAIN_SPACES = {None, "DeviceGray", "DeviceRGB", "DeviceCMYK", "ICCBased", "CalGray", "CalRGB"}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (device space) or x0, top, x1, bottom (page)


# --- the clip -------------------------------------------------------------------------------------

def path_box(path, ctm) -> Box | None:
    """The bounding box in device space of a path (pdfminer's segments, in user space) under
    ``ctm``; None for a path without points. (A Bézier curve lies within its control points.)"""
    a, b, c, d, e, f = ctm
    xs, ys = [], []
    for segment in path:
        coords = segment[1:]
        for i in range(0, len(coords) - 1, 2):
            x, y = coords[i], coords[i + 1]
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def rect_box(rect, ctm) -> Box | None:
    """The bounding box in device space of a rectangle [x0 y0 x1 y1] (a BBox) under ``ctm``."""
    try:
        x0, y0, x1, y1 = (float(v) for v in rect)
    except (TypeError, ValueError):
        return None
    return path_box([("m", x0, y0), ("l", x1, y0), ("l", x1, y1), ("l", x0, y1)], ctm)


def intersect(clip: Box | None, box: Box | None) -> Box | None:
    """The clip narrowed to ``box`` (an empty intersection stays empty: x0 > x1 or y0 > y1)."""
    if box is None:
        return clip
    if clip is None:
        return box
    return max(clip[0], box[0]), max(clip[1], box[1]), min(clip[2], box[2]), min(clip[3], box[3])


def clip_paths(objects: list, start: int, clip: Box) -> None:
    """Of the pdfminer path objects ``objects[start:]`` just painted, drop those wholly outside
    the clip and trim the rectangles and straight horizontal or vertical lines crossing it."""
    x0, y0, x1, y1 = clip
    kept = []
    for obj in objects[start:]:
        if obj.x1 < x0 or obj.x0 > x1 or obj.y1 < y0 or obj.y0 > y1 or x0 > x1 or y0 > y1:
            continue  # not visible at all
        if obj.x0 < x0 or obj.x1 > x1 or obj.y0 < y0 or obj.y1 > y1:
            box = (max(obj.x0, x0), max(obj.y0, y0), min(obj.x1, x1), min(obj.y1, y1))
            if isinstance(obj, LTRect):
                obj.set_bbox(box)
                obj.pts = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
            elif isinstance(obj, LTLine) and (obj.x0 == obj.x1 or obj.y0 == obj.y1):
                (ax, ay), (bx, by) = obj.pts[0], obj.pts[-1]
                flip_x, flip_y = ax > bx, ay > by
                obj.set_bbox(box)
                obj.pts = [(box[2] if flip_x else box[0], box[3] if flip_y else box[1]),
                           (box[0] if flip_x else box[2], box[1] if flip_y else box[3])]
        kept.append(obj)
    objects[start:] = kept


def clip_object(obj: dict, clip: Box, height: float) -> dict | None:
    """A path object (core/reading/pdf_page.py's dictionary, ``y0``/``y1`` up from the page's foot)
    as the clip shows it: None when wholly outside, a rectangle or a straight horizontal or vertical
    line crossing it trimmed to it, anything else as it is."""
    x0, y0, x1, y1 = clip
    if obj["x1"] < x0 or obj["x0"] > x1 or obj["y1"] < y0 or obj["y0"] > y1 or x0 > x1 or y0 > y1:
        return None
    if obj["x0"] >= x0 and obj["x1"] <= x1 and obj["y0"] >= y0 and obj["y1"] <= y1:
        return obj
    kind = obj["object_type"]
    if kind == "curve" or (kind == "line" and obj["x0"] != obj["x1"] and obj["y0"] != obj["y1"]):
        return obj
    bx0, by0, bx1, by1 = max(obj["x0"], x0), max(obj["y0"], y0), min(obj["x1"], x1), min(obj["y1"], y1)
    out = {**obj, "x0": bx0, "x1": bx1, "y0": by0, "y1": by1, "top": height - by1, "bottom": height - by0,
           "doctop": height - by1, "width": bx1 - bx0, "height": by1 - by0}
    if kind == "rect":
        out["pts"] = [(bx0, height - by0), (bx1, height - by0), (bx1, height - by1), (bx0, height - by1)]
    else:
        (ax, atop), (bx, btop) = obj["pts"][0], obj["pts"][-1]
        flip_x, flip_y = ax > bx, atop < btop  # (top grows downwards: y up is flipped)
        start = (bx1 if flip_x else bx0, height - (by1 if flip_y else by0))
        end = (bx0 if flip_x else bx1, height - (by0 if flip_y else by1))
        out["pts"] = [start, end]
    return out


# --- table lines ----------------------------------------------------------------------------------

def _white(color, space) -> bool:
    """Whether a colour is the paper's white (a plain grey, RGB or CMYK colour; a spot colour, a
    pattern or an indexed colour is taken as ink)."""
    if space not in _PLAIN_SPACES:
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:
        return all(v <= 1 - WHITE for v in color)
    return len(color) in (1, 3) and all(v >= WHITE for v in color)


def _paint(obj) -> tuple[bool, bool]:
    """(ink, white): whether the object paints something visible on paper, and whether it paints
    only white (so shows only on a darker area beneath it)."""
    filled = bool(obj.get("fill"))
    stroked = bool(obj.get("stroke"))
    ink_fill = filled and not _white(obj.get("non_stroking_color"), obj.get("ncs"))
    ink_stroke = stroked and not _white(obj.get("stroking_color"), obj.get("scs"))
    return ink_fill or ink_stroke, (filled or stroked) and not (ink_fill or ink_stroke)


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float, kind: str) -> dict:
    return {"object_type": kind, "orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top}


def _sides(obj: dict, kind: str) -> list[dict]:
    x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
    return [_edge("h", x0, top, x1, top, kind), _edge("h", x0, bottom, x1, bottom, kind),
            _edge("v", x0, top, x0, bottom, kind), _edge("v", x1, top, x1, bottom, kind)]


def _rule(rect: dict) -> dict | None:
    """The line a thin filled rectangle draws, along its middle; None for one that is not thin
    (or a dot, thin both ways)."""
    width, height = rect["x1"] - rect["x0"], rect["bottom"] - rect["top"]
    if height <= RULE < width:
        middle = (rect["top"] + rect["bottom"]) / 2
        return _edge("h", rect["x0"], middle, rect["x1"], middle, "rule_edge")
    if width <= RULE < height:
        middle = (rect["x0"] + rect["x1"]) / 2
        return _edge("v", middle, rect["top"], middle, rect["bottom"], "rule_edge")
    return None


def _on_backdrop(obj: dict, backdrops: list[tuple[int, dict]], order: int) -> bool:
    x0, top, x1, bottom = obj["x0"] + 0.5, obj["top"] + 0.5, obj["x1"] - 0.5, obj["bottom"] - 0.5
    return any(i < order and b["x0"] <= x0 and b["x1"] >= x1 and b["top"] <= top and b["bottom"] >= bottom
               for i, b in backdrops)


def table_edges(page, settings: TableSettings, max_pairs: int) -> list[dict]:
    """The lines of the page's tables (pdfplumber edges, snapped and joined with ``settings``
    as pdfplumber's own "lines" strategy does) from what it draws visibly. ``max_pairs`` bounds
    the white-on-backdrop search (white objects × backdrops); past it white draws no lines."""
    edges: list[dict] = []
    whites: list[tuple[int, dict]] = []
    backdrops: list[tuple[int, dict]] = []
    for line in page.lines:
        ink, white = _paint({**line, "fill": False, "stroke": line.get("stroke", True)})
        if white:
            whites.append((len(page.rects), line))  # (its order among the rectangles is not known: after them)
        elif ink:
            kind = "h" if line["top"] == line["bottom"] else "v"
            edges.append({**line, "orientation": kind})
    for curve in page.curves:
        ink, _ = _paint(curve)
        if ink:
            edges += curve_to_edges(curve)
    for order, rect in enumerate(page.rects):
        ink, white = _paint(rect)
        if white:
            whites.append((order, rect))
            continue
        if not ink:
            continue
        rule = _rule(rect) if rect.get("fill") else None
        if rule is not None:
            edges.append(rule)
            continue
        edges += _sides(rect, "rect_edge")
        if rect.get("fill") and not _white(rect.get("non_stroking_color"), rect.get("ncs")):
            backdrops.append((order, rect))
    if whites and backdrops and len(whites) * len(backdrops) <= max_pairs:
        for i, obj in whites:
            if _on_backdrop(obj, backdrops, i):
                if obj["object_type"] == "rect":
                    edges += _sides(obj, "rect_edge")
                else:
                    edges.append({**obj, "orientation": "h" if obj["top"] == obj["bottom"] else "v"})
    prefilter = settings.edge_min_length_prefilter
    edges = filter_edges(edges, "v", min_length=prefilter) + filter_edges(edges, "h", min_length=prefilter)
    edges = merge_edges(edges, snap_x_tolerance=settings.snap_x_tolerance, snap_y_tolerance=settings.snap_y_tolerance,
                        join_x_tolerance=settings.join_x_tolerance, join_y_tolerance=settings.join_y_tolerance)
    return filter_edges(edges, min_length=settings.edge_min_length)
