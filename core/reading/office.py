"""Excel (.xlsx, openpyxl) and Word (.docx, python-docx) files as rows.

Excel: every sheet top to bottom; a merged range keeps its text in its first cell and ``None`` in
the cells it covers; numbers are printed as their cell format prints them (``0.00`` → ``2.00``).
A row is a table row when it is framed or holds several cells; a lone text (a title) is a line.
Word: paragraphs and tables in document order; a cell spanning columns (gridSpan) or continuing a
vertical merge (vMerge) gives ``None`` where it is covered.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core.reading.rows import Row, Source, clean


def read_xlsx(path, progress=None) -> Source:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    source = Source(kind="Excel")
    sheets = book.worksheets
    for number, sheet in enumerate(sheets):
        covered = set()
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        covered.add((r, c))
        for r, cells in enumerate(sheet.iter_rows(), start=1):
            texts: list[str | None] = []
            framed = False
            for c, cell in enumerate(cells, start=1):
                if (r, c) in covered:
                    texts.append(None)
                    continue
                texts.append(_cell_text(cell))
                border = cell.border
                framed = framed or bool(border and border.left and border.left.style)
            while texts and not texts[-1]:
                texts.pop()
            if not any(texts):
                continue
            several = sum(1 for t in texts if t) > 1
            source.rows.append(Row(texts, table=number if framed or several else None, page=number))
        source.pages += 1
        if progress:
            progress(number + 1, len(sheets))
    return source


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value, cell.number_format or "General")
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


def read_docx(path, progress=None) -> Source:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    source = Source(kind="Word", pages=1)
    body = document.element.body
    children = list(body.iterchildren())
    tables = 0
    for done, child in enumerate(children, start=1):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = clean(Paragraph(child, document).text)
            if text:
                source.rows.append(Row([text]))
        elif tag == "tbl":
            table = Table(child, document)
            above: list = []
            for row in table.rows:
                cells, previous = [], None
                row_cells = list(row.cells)
                for j, cell in enumerate(row_cells):
                    merged = cell._tc is previous or (j < len(above) and above[j] is cell._tc)
                    cells.append(None if merged else clean("\n".join(p.text for p in cell.paragraphs)))
                    previous = cell._tc
                above = [c._tc for c in row_cells]
                source.rows.append(Row(cells, table=tables))
            tables += 1
        if progress and done % 20 == 0:
            progress(done, len(children))
    return source
