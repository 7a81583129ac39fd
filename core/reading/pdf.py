"""A PDF (pdfplumber) as rows: on each page its ruled tables and the text lines outside them, in
reading order (top to bottom).

Table cells: pdfplumber gives ``None`` for grid cells a merged cell covers and ``""`` for an empty
cell; the lines a cell wrapped are joined back (``经费保障及`` + ``及时性``, a code broken by the
wrap). Text lines: a line ends its paragraph when it stops short of the text's right edge or the
next line is indented or starts a numbered heading; the recognizer joins the others.
"""

from __future__ import annotations

import re

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
            if not all(_printed(c) for c in page.chars):
                page = page.filter(_printed)  # a 草案 watermark is not content
            found = page.find_tables()
            items: list[tuple[float, list[Row]]] = []
            for table in found:
                xs = _column_lefts(table)
                rows = [Row([_cell(c) for c in cells], table=tables, page=number, xs=xs)
                        for cells in table.extract()]
                items.append((table.bbox[1], rows))
                tables += 1
            boxes = [t.bbox for t in found]
            chars = [c for c in page.chars if not any(_char_inside(c, box) for box in boxes)]
            lines = [ln for ln in _text_lines(chars) if not PAGE_NUMBER.match(ln["text"])]
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


def _column_lefts(table) -> list[float | None]:
    """The left edge of each grid column of a pdfplumber table (a merged cell counts for the first
    column it covers)."""
    width = max((len(r.cells) for r in table.rows), default=0)
    lefts: list[float | None] = []
    for j in range(width):
        edges = [r.cells[j][0] for r in table.rows if j < len(r.cells) and r.cells[j] is not None]
        lefts.append(min(edges) if edges else None)
    return lefts


def _text_lines(chars: list[dict]) -> list[dict]:
    """The lines of text the characters outside the tables make (pdfplumber's own line finder)."""
    if not chars:
        return []
    from pdfplumber.utils.text import chars_to_textmap

    return chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=False)


def _char_inside(char: dict, box) -> bool:
    x0, top, x1, bottom = box
    middle = (char["top"] + char["bottom"]) / 2
    return top - 1 <= middle <= bottom + 1 and x0 - 2 <= char["x0"] <= x1 + 2


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
