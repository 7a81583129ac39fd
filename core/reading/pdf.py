"""A PDF (pdfplumber) as rows: on each page its ruled tables and the text lines outside them, in
reading order (top to bottom).

Table cells: pdfplumber gives ``None`` for grid cells a merged cell covers and ``""`` for an empty
cell; the lines a cell wrapped are joined back (``经费保障及`` + ``及时性``, a code broken by the
wrap). Text lines: a line ends its paragraph when it stops short of the text's right edge or the
next line is indented or starts a numbered heading; the recognizer joins the others.
"""

from __future__ import annotations

import re
from operator import itemgetter

from core.errors import ImportFormatError
from core.reading.rows import Row, Source, join_wrapped

STARTS_PARAGRAPH = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\s*[、.．]|（\d+）|\(\d+\)|绩效目标：|绩效指标：|第[一二三四五六七八九十]+部分|注[:：])")


MAX_PAGES = 3000
PAGE_NUMBER = re.compile(r"^\s*(?:[—\-–－]\s*\d+\s*[—\-–－]|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+)\s*$")


def _printed(obj) -> bool:
    """Not a watermark: a 草案/样本 stamped across the page is rotated or huge."""
    if obj.get("object_type") != "char":
        return True
    matrix = obj.get("matrix") or (1, 0, 0, 1, 0, 0)
    return obj.get("size", 0) < 48 and abs(matrix[1]) < 1e-3 and abs(matrix[2]) < 1e-3


def read_pdf(path, progress=None, cancelled=None) -> Source:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a damaged file's warnings are not the officer's
    source = Source(kind="PDF")
    with pdfplumber.open(str(path)) as pdf:
        pages = pdf.pages
        source.pages = len(pages)
        if len(pages) > MAX_PAGES:
            raise ImportFormatError(f"这个 PDF 有 {len(pages)} 页，不像是一份部门预算文件。")
        tables = 0
        text_seen = False
        for number, page in enumerate(pages):
            if cancelled and cancelled():
                raise ImportFormatError("已取消导入。")
            if not all(map(_printed, page.chars)):
                page = page.filter(_printed)  # a 草案 watermark is not content
            found = page.find_tables()
            items: list[tuple[float, list[Row]]] = []
            by_height = _by_height(page.chars) if found else None
            for table in found:
                grid = table.rows
                xs = _column_lefts(grid)
                rows = [Row([_cell(c) for c in cells], table=tables, page=number, xs=xs)
                        for cells in _extract(grid, by_height)]
                items.append((table.bbox[1], rows))
                tables += 1
            lines = [ln for ln in _text_lines(_outside(page.chars, [t.bbox for t in found]))
                     if not PAGE_NUMBER.match(ln["text"])]
            text_seen = text_seen or bool(lines) or bool(found)
            items += [(ln["top"], [row]) for ln, row in zip(lines, _line_rows(lines, number))]
            for _, rows in sorted(items, key=lambda item: item[0]):
                source.rows += rows
            page.flush_cache()
            if progress:
                progress(number + 1, len(pages))
    if not text_seen:
        raise ImportFormatError("这个 PDF 没有文字层（可能是扫描件或图片），无法读取其中的表格。"
                                "请改用原始的 Excel、Word 或 BudgetDesk 文件导入。")
    return source


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
