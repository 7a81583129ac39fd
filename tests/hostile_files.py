"""Hostile, odd and large files for the import, built small on disk at test (or bench) time, and
a child process that imports them under a time and memory limit.

Used by tests/test_hostile_files.py and bench/hostile_import.py, so the test and the bench build
exactly the same files. ``HOSTILE`` names each file, its builder and what importing it must give:
``"refused"`` (a Chinese message matching the pattern) or ``"read"``.

Run as a script it is the child: ``python tests/hostile_files.py measure FILE OUT`` imports FILE
into OUT and prints one JSON line (outcome, message, seconds, peak memory); ``python
tests/hostile_files.py batch FOLDER OUT`` imports every file of FOLDER in turn, printing a line as
each starts and one as it ends, so the parent can stop a case that runs too long.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import resource
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SAMPLE_XLSX = SAMPLES / "000_2ced8c98250fdaa8.xlsx"
SAMPLE_DOCX = SAMPLES / "000_2ced8c98250fdaa8.docx"
SAMPLE_PDF = SAMPLES / "from_xlsx" / "000_2ced8c98250fdaa8.pdf"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = R + "/officeDocument"


def plain_chinese(message: str) -> bool:
    """A message for the officer: Chinese, and nothing of an exception's or a library's own text
    (a traceback, an exception's name, an English phrase such as SQLite's or a decoder's); names
    the message quotes (「…」) aside."""
    text = re.sub(r"「[^」]*」", "", message).replace("BudgetDesk", "")
    return (bool(CHINESE.search(message)) and "Traceback" not in text
            and not re.search(r"Error|Exception|errno|[a-z][A-Z]", text)
            and not re.search(r"[A-Za-z]+[ ,:;(-]+[A-Za-z]+[ ,:;(-]+[A-Za-z]+", text))


# --- building blocks ------------------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _ooxml(path: Path, main: str, content_type: str, parts: dict[str, str | bytes], rels: dict[str, str] = {}) -> Path:
    """A package whose main part is ``main`` (its relationships ``rels``: id → "type target")."""
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in
                        [(main, content_type)] + [(n, _part_type(n)) for n in parts if n != main and _part_type(n)])
    folder, base = main.rsplit("/", 1)
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                               f"{overrides}</Types>",
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" Type="{_OFFICE_DOCUMENT}" '
                       f'Target="{main}"/></Relationships>',
        f"{folder}/_rels/{base}.rels": f'<Relationships xmlns="{_PACKAGE_RELS}">' + "".join(
            f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"/>'
            for rid, (kind, target) in ((rid, spec.split(" ")) for rid, spec in rels.items())) + "</Relationships>",
    }
    return _zip(path, members | parts)


def _part_type(name: str) -> str | None:
    if "/worksheets/" in name:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    return None


def xlsx(path: Path, sheets: list[str]) -> Path:
    """A workbook of worksheets, each given as what goes inside its ``<worksheet>``."""
    book = (f'<workbook xmlns="{S}" xmlns:r="{R}"><sheets>' + "".join(
        f'<sheet name="表{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets))) + "</sheets></workbook>")
    parts = {"xl/workbook.xml": book}
    parts |= {f"xl/worksheets/sheet{i + 1}.xml": f'<worksheet xmlns="{S}">{body}</worksheet>' for i, body in enumerate(sheets)}
    return _ooxml(path, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                  parts, {f"rId{i + 1}": f"worksheet worksheets/sheet{i + 1}.xml" for i in range(len(sheets))})


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def with_sheet(path: Path, sample: Path, body: str) -> Path:
    """``sample``'s workbook with one more worksheet (``body`` inside its ``<worksheet>``), last."""
    with zipfile.ZipFile(sample) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    members["xl/worksheets/hostile.xml"] = f'<worksheet xmlns="{S}">{body}</worksheet>'.encode()
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"</sheets>", f'<sheet xmlns:r="{R}" name="附表" sheetId="99" r:id="rIdHostile"/></sheets>'.encode())
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdHostile" Type="{R}/worksheet" '
                             f'Target="/xl/worksheets/hostile.xml"/></Relationships>'.encode())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/worksheets/hostile.xml" ContentType="{_part_type("/worksheets/")}"/>'
                     f"</Types>".encode())
    return _zip(path, members)


def docx(path: Path, body: str | None = None, document: bytes | None = None) -> Path:
    """A Word file whose body is ``body`` (or whose whole document part is ``document``)."""
    document = document or f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    return _ooxml(path, "word/document.xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                  {"word/document.xml": document})


def _deflate(block: bytes, times: int) -> bytes:
    """``block * times`` deflated, without holding it whole."""
    packer = zlib.compressobj(9)
    return b"".join(packer.compress(block) for _ in range(times)) + packer.flush()


def pdf(path: Path, pages: list[bytes], forms: dict[str, bytes] | None = None, deflated: bool = False) -> Path:
    """A PDF of pages with the given content streams (deflated here unless ``deflated``),
    Helvetica as /F1 and the form XObjects ``forms`` (name → content) on every page."""
    objects: list[bytes] = [b"", b""]  # 1 the catalog, 2 the page tree: filled last

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        data = data if deflated else zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n%s\nendstream" % (len(data), extra, data)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    named = {name: add(stream(zlib.compress(data) if deflated else data, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "))
             for name, data in (forms or {}).items()}
    resources = b"<< /Font << /F1 %d 0 R >> /XObject << %s >> >>" % (
        font, b" ".join(b"/%s %d 0 R" % (name.encode(), number) for name, number in named.items()))
    kids = [add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (resources, add(stream(content)))) for content in pages]
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    path.write_bytes(out)
    return path


def compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A Compound File (OLE2, what an .xls/.doc or a password-protected .xlsx/.docx is) holding the
    given streams, each at least 4096 bytes (so in regular sectors, no mini stream)."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    data, chains, starts = b"", [], []
    first = 2  # sector 0: the FAT, sector 1: the directory
    for content in streams.values():
        content += bytes(-len(content) % sector)
        count = len(content) // sector
        starts.append(first + len(data) // sector)
        chains += [starts[-1] + i + 1 for i in range(count - 1)] + [end]
        data += content
    fat = [fat_sector, end] + chains
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0) + b"".join(
        entry(name, 2, free, i + 2 if i + 1 < len(names) else free, starts[i], len(streams[name]))
        for i, name in enumerate(names))
    directory = directory.ljust(sector * -(-len(directory) // sector), b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    path.write_bytes(header + fat_bytes + directory[:sector] + data)
    return path


# --- the hostile files ----------------------------------------------------------------------------

def far_cell(folder: Path) -> Path:
    """One cell, at the sheet's last row and column (XFD1048576): 4.9 KB."""
    return xlsx(folder / "far-cell.xlsx", [f'<sheetData><row r="1048576">{inline("XFD1048576", "x")}</row></sheetData>'])


def tall_merge(folder: Path) -> Path:
    """The sample workbook and a sheet merging B1:D1048576 (its text above and beside the range)."""
    body = (f'<sheetData><row r="1">{inline("A1", "附注")}{inline("B1", "合并")}</row>'
            f'<row r="2">{inline("A2", "甲")}{inline("B2", "被合并")}</row></sheetData>'
            '<mergeCells count="1"><mergeCell ref="B1:D1048576"/></mergeCells>')
    return with_sheet(folder / "tall-merge.xlsx", SAMPLE_XLSX, body)


def sheet_merge(folder: Path) -> Path:
    """The sample workbook and a sheet merged whole (A1:XFD1048576)."""
    body = (f'<sheetData><row r="1">{inline("A1", "附注")}</row></sheetData>'
            '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    return with_sheet(folder / "sheet-merge.xlsx", SAMPLE_XLSX, body)


def many_merges(folder: Path) -> Path:
    """60,000 overlapping merges over the rows of a sheet with text in every row."""
    rows = "".join(f'<row r="{r}">{inline(f"A{r}", "行")}{inline(f"C{r}", "列")}</row>' for r in range(1, 3001))
    merges = "".join(f'<mergeCell ref="B{r % 3000 + 1}:XFD1048576"/>' for r in range(60_000))
    return xlsx(folder / "many-merges.xlsx", [f"<sheetData>{rows}</sheetData><mergeCells>{merges}</mergeCells>"])


def many_rows(folder: Path) -> Path:
    """150,000 rows of text in one sheet (past MAX_ROWS)."""
    rows = "".join(f'<row r="{r}">{inline(f"A{r}", "文字")}</row>' for r in range(1, 150_001))
    return xlsx(folder / "many-rows.xlsx", [f"<sheetData>{rows}</sheetData>"])


def empty_cells(folder: Path) -> Path:
    """3 million formatted empty cells (what exists costs work even without text): 30 KB."""
    row = b"<row>" + b'<c s="0"/>' * 10 + b"</row>"
    sheet = f'<worksheet xmlns="{S}"><sheetData>'.encode() + row * 300_000 + b"</sheetData></worksheet>"
    return _replace_member(xlsx(folder / "empty-cells.xlsx", ["<sheetData/>"]), "xl/worksheets/sheet1.xml", sheet)


def _replace_member(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    return _zip(path, members | {name: data})


def deep_xml(folder: Path) -> Path:
    """A sheet nested 100,000 elements deep."""
    sheet = f'<worksheet xmlns="{S}"><sheetData>'.encode() + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</sheetData></worksheet>"
    return _replace_member(xlsx(folder / "deep-xml.xlsx", ["<sheetData/>"]), "xl/worksheets/sheet1.xml", sheet)


def inflated_part(folder: Path) -> Path:
    """A 150 KB workbook whose sheet inflates to 150 MB of blanks."""
    path = xlsx(folder / "inflated-part.xlsx", ["<sheetData/>"])
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist() if i.filename != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{S}"><sheetData>'.encode())
            blank = b" " * (1 << 20)
            for _ in range(150):
                part.write(blank)
            part.write(b"</sheetData></worksheet>")
    return path


def many_members(folder: Path) -> Path:
    """The sample workbook and 20,000 more (empty) files in its zip."""
    path = shutil.copy(SAMPLE_XLSX, folder / "many-members.xlsx")
    with zipfile.ZipFile(path, "a") as z:
        for i in range(20_000):
            z.writestr(f"customXml/item{i}.xml", b"")
    return Path(path)


def big_table(folder: Path, rows: int = 20_000, columns: int = 50) -> Path:
    """A Word table of 20,000 rows × 50 columns (190 KB)."""
    cell = b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    row = b"<w:tr>" + cell * columns + b"</w:tr>"
    document = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>1.大表格绩效目标表</w:t></w:r></w:p><w:tbl>'.encode()
                + row * rows + b"</w:tbl></w:body></w:document>")
    return docx(folder / "big-table.docx", document=document)


def wide_span(folder: Path) -> Path:
    """A Word table cell spanning a billion columns."""
    return docx(folder / "wide-span.docx", '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
                                           "<w:p><w:r><w:t>宽</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")


def many_lines(folder: Path) -> Path:
    """A 156 KB PDF page of 5 million line operators."""
    return pdf(folder / "many-lines.pdf", [_deflate(b"10 10 m 500 800 l S\n" * 50_000, 100)], deflated=True)


def many_objects(folder: Path) -> Path:
    """A PDF page of 200,000 small rectangles (its instructions 2.6 MB: past the page's objects)."""
    return pdf(folder / "many-objects.pdf", [b"0 0 1 1 re f\n" * 60_000])


def form_bomb(folder: Path) -> Path:
    """A PDF page drawing a form of 2,000 lines 20,000 times (its own instructions 140 KB)."""
    return pdf(folder / "form-bomb.pdf", [b"/F0 Do\n" * 20_000], {"F0": b"10 10 m 500 800 l S\n" * 2_000})


def damaged_stream(folder: Path) -> Path:
    """A PDF page whose 900 KB of instructions end in a damaged checksum (pdfminer then inflates it a
    byte at a time into a growing string)."""
    content = bytearray(zlib.compress((b"%" + b"x" * 1000 + b"\n") * 900 + b"BT /F1 12 Tf 72 700 Td (1. Page) Tj ET\n"))
    content[-4:] = bytes(b ^ 0xFF for b in content[-4:])
    return pdf(folder / "damaged-stream.pdf", [bytes(content)], deflated=True)


def dense_grid(folder: Path) -> Path:
    """A PDF page of 100 vertical and 100 horizontal lines crossing (10,000 crossings) and a line of text."""
    lines = b"".join(b"%d 20 m %d 820 l S\n" % (20 + i * 5.5, 20 + i * 5.5) for i in range(100))
    lines += b"".join(b"20 %d m 575 %d l S\n" % (20 + i * 8, 20 + i * 8) for i in range(100))
    return pdf(folder / "dense-grid.pdf", [lines + b"BT /F1 12 Tf 72 830 Td (Grid) Tj ET\n"])


def locked_pdf(folder: Path) -> Path:
    from reportlab.pdfgen import canvas

    path = folder / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(100, 700, "1. test")
    c.save()
    return path


def _encrypted_package(path: Path) -> Path:
    return compound_file(path, {"EncryptionInfo": bytes(4096), "EncryptedPackage": os.urandom(8192)})


def locked_xlsx(folder: Path) -> Path:
    return _encrypted_package(folder / "locked.xlsx")


def locked_docx(folder: Path) -> Path:
    return _encrypted_package(folder / "locked.docx")


def deep_json(folder: Path) -> Path:
    path = folder / "deep.json"
    path.write_text('{"department": "局", "year": 2024, "projects": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return path


TOO_MUCH = r"内容过多|超出了预算表的合理范围|表格线过多"
HOSTILE = {  # name: (builder, "refused" with a message matching …, or "read")
    "far-cell": (far_cell, "refused", r"XFD1048576.*超出了预算表的合理范围"),
    "tall-merge": (tall_merge, "read", None),
    "sheet-merge": (sheet_merge, "read", None),
    "many-merges": (many_merges, "refused", r"内容过多.*单元格"),
    "many-rows": (many_rows, "refused", r"A100001.*超出了预算表的合理范围"),
    "empty-cells": (empty_cells, "refused", r"内容过多.*XML 元素"),
    "deep-xml": (deep_xml, "refused", r"已损坏或内容不完整"),
    "inflated-part": (inflated_part, "refused", r"内容过多.*XML 超过"),
    "many-members": (many_members, "refused", r"压缩文件中有 2\d{4} 个文件"),
    "big-table": (big_table, "refused", r"内容过多"),
    "wide-span": (wide_span, "refused", r"表格超过 1000 列"),
    "many-lines": (many_lines, "refused", r"绘图指令超过 1 MB"),
    "many-objects": (many_objects, "refused", r"第 1 页内容过多.*字符和线条"),
    "form-bomb": (form_bomb, "refused", r"第 1 页内容过多"),
    "damaged-stream": (damaged_stream, "refused", r"没有找到部门预算或绩效目标表"),
    "dense-grid": (dense_grid, "refused", r"没有找到部门预算或绩效目标表"),
    "locked-pdf": (locked_pdf, "refused", r"PDF 有密码保护"),
    "locked-xlsx": (locked_xlsx, "refused", r"Excel 文件有密码保护"),
    "locked-docx": (locked_docx, "refused", r"Word 文件有密码保护"),
    "deep-json": (deep_json, "refused", r"JSON"),
}


def build(name: str, folder: Path) -> Path:
    return HOSTILE[name][0](Path(folder))


# --- fuzzing --------------------------------------------------------------------------------------

FUZZ_SOURCES = sorted([*SAMPLES.glob("*.xlsx"), *SAMPLES.glob("*.docx"), *SAMPLES.glob("from_*/*.pdf"),
                       *SAMPLES.glob("json/*.json"), ROOT / "tests" / "fixtures" / "v1_juluxian_2023.bdoc"])


def mutants(folder: Path, seed: int, per_source: dict[str, int], sources: list[Path]) -> list[Path]:
    """Broken variants of each source (``per_source[suffix]`` of each: truncated, bytes flipped,
    zip members corrupted, removed, duplicated or swapped, odd JSON), some under a wrong extension;
    written into ``folder``, the same ones for the same ``seed``."""
    rng = random.Random(seed)
    made = []
    for source in sources:
        data = source.read_bytes()
        kind = source.suffix
        for n in range(per_source[kind]):
            how, content = _mutant(rng, data, kind)
            suffix = kind if rng.random() < 0.8 else rng.choice([".xlsx", ".docx", ".pdf", ".json", ".bdoc"])
            path = folder / f"{source.parent.name}-{source.stem[:3]}-{n:02d}-{how}{suffix}"
            path.write_bytes(content)
            made.append(path)
    return made


def _mutant(rng: random.Random, data: bytes, kind: str) -> tuple[str, bytes]:
    ways = ["truncated", "flipped", "zeroed", "spliced"]
    if kind in (".xlsx", ".docx"):
        ways += ["member-flipped", "member-removed", "member-duplicated", "member-truncated", "member-swapped"] * 2
    if kind == ".json":
        ways += ["json-odd"] * 4
    how = rng.choice(ways)
    if how == "truncated":
        return how, data[:rng.randrange(len(data))]
    if how == "flipped":
        out = bytearray(data)
        for _ in range(rng.choice([1, 2, 8, 64])):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return how, bytes(out)
    if how == "zeroed":
        at = rng.randrange(len(data))
        return how, data[:at] + bytes(min(rng.randrange(1, 4096), len(data) - at)) + data[at + 4096:]
    if how == "spliced":
        at, length = rng.randrange(len(data)), rng.randrange(1, 2048)
        return how, data[:at] + data[at + length:at + 2 * length] + data[at:]
    if how == "json-odd":
        return how, _odd_json(rng, json.loads(data.decode("utf-8-sig"))).encode("utf-8", "surrogatepass")
    return how, _mutant_package(rng, data, how)


def _mutant_package(rng: random.Random, data: bytes, how: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    at = rng.randrange(len(members))
    name, content = members[at]
    if how == "member-removed":
        del members[at]
    elif how == "member-duplicated":
        members.insert(rng.randrange(len(members)), (name, content[:rng.randrange(len(content) + 1)]))
    elif how == "member-truncated":
        members[at] = (name, content[:rng.randrange(len(content) + 1)])
    elif how == "member-swapped":
        other = rng.randrange(len(members))
        members[at], members[other] = (name, members[other][1]), (members[other][0], content)
    else:
        flipped = bytearray(content)
        for _ in range(rng.choice([1, 4, 16])):
            if flipped:
                flipped[rng.randrange(len(flipped))] = rng.choice(b"<>&\"'/=x\x00\xff")
        members[at] = (name, bytes(flipped))
    out = io.BytesIO()
    import warnings

    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # (a duplicated name)
        for name, content in members:
            z.writestr(name, content)
    return out.getvalue()


def _odd_json(rng: random.Random, data) -> str:
    """The document with one odd change: a value replaced by something of another type, very long,
    very deep, a huge number, or a control character."""
    odd = rng.choice([None, True, 1e308, -0.0, 10 ** 400, "", "\x00\u202e\ud800", "字" * 100_000, [], {}, [[[[[[]]]]]],
                      {"a": {"b": {"c": {"d": {}}}}}, "<p>标签</p>", "9" * 5000])
    node = data
    for _ in range(8):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if not children:
            break
        key, child = rng.choice(children)
        if isinstance(child, (dict, list)) and child and rng.random() < 0.7:
            node = child
            continue
        node[key] = odd
        break
    text = json.dumps(data, ensure_ascii=False)
    if rng.random() < 0.2:
        depth = rng.choice([100, 1000, 50_000])
        text = text[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"
    return text


# --- the child process ----------------------------------------------------------------------------

def run_child(args: list[str], memory_mb: int = 1024, **kwargs) -> subprocess.Popen:
    """This module as a child process, its address space limited to ``memory_mb``."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], preexec_fn=limit, env=env,
                            stdout=subprocess.PIPE, text=True, **kwargs)


def measure(path: Path, out: Path, timeout: float = 60, memory_mb: int = 1024) -> dict:
    """Import ``path`` into the new document ``out`` in a child process; its outcome ("read",
    "refused", "escaped" with the exception, "killed" when past ``timeout`` or its memory), its
    message, the seconds the import took and the child's peak memory (MB)."""
    child = run_child(["measure", str(path), str(out)], memory_mb)
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return {"outcome": "killed", "message": f"past {timeout} s", "seconds": timeout, "peak_mb": None}
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"outcome": "killed", "message": stderr[-2000:], "seconds": None, "peak_mb": None}
    return json.loads(lines[-1])


def batch(folder: Path, out: Path, per_case: float, memory_mb: int = 1024) -> list[dict]:
    """Import every file of ``folder`` in one child process (into ``out``), each within
    ``per_case`` seconds; the outcome of each, the child's peak memory so far with it. A case past
    its time, or the death of the child, ends the batch with that case's outcome "killed"."""
    import queue
    import tempfile
    import threading

    with tempfile.TemporaryFile("w+") as errors:
        child = run_child(["batch", str(folder), str(out)], memory_mb, stderr=errors)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [*map(lines.put, child.stdout), lines.put(None)], daemon=True).start()
        outcomes, current = [], None
        while (line := _next(lines, per_case)) not in (None, ""):
            if line.startswith("BEGIN "):
                current = line[6:].strip()
            elif line.startswith("{"):
                outcomes.append(json.loads(line))
                current = None
        if line == "":
            child.kill()
        child.wait()
        if current is not None:
            errors.seek(0)
            outcomes.append({"case": current, "outcome": "killed", "seconds": None,
                             "message": "past its time" if line == "" else errors.read()[-2000:]})
    return outcomes


def _next(lines, timeout: float) -> str | None:
    """The next line, None at the end, "" if none came within ``timeout`` seconds."""
    import queue

    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


def _import_one(path: Path, out: Path) -> dict:
    """Import ``path`` into ``out`` (core.reading.import_file: read_file, then the new document);
    what happened, and what it left in out's folder but a document it made."""
    import traceback

    from core.errors import BudgetDeskError
    from core.reading import import_file

    before = set(os.listdir(out.parent))
    start = time.perf_counter()
    outcome = {"case": path.name}
    try:
        doc, _, _ = import_file(path, out, department="巨鹿县司法局", year=2023)
        doc.close()
        outcome |= {"outcome": "read", "message": ""}
    except BudgetDeskError as exc:
        outcome |= {"outcome": "refused", "message": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - what must never happen, reported to the parent
        outcome |= {"outcome": "escaped", "message": "".join(traceback.format_exception(exc))[-3000:]}
    outcome["seconds"] = time.perf_counter() - start
    left = set(os.listdir(out.parent)) - before - ({out.name} if outcome["outcome"] == "read" else set())
    outcome["left_behind"] = sorted(left)
    return outcome


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    if argv[0] == "measure":
        import importlib

        for reader in ("core.reading.office", "core.reading.pdf", "core.file.json_format"):
            importlib.import_module(reader)  # (their import is not the file's time)
        outcome = _import_one(Path(argv[1]), Path(argv[2]))
        print(json.dumps(outcome | {"peak_mb": _peak_mb()}, ensure_ascii=False), flush=True)
        return 0
    folder, out = Path(argv[1]), Path(argv[2])
    for path in sorted(folder.iterdir()):
        print(f"BEGIN {path.name}", flush=True)
        outcome = _import_one(path, out / f"{path.name}.bdoc")
        if (out / f"{path.name}.bdoc").exists():
            (out / f"{path.name}.bdoc").unlink()
        print(json.dumps(outcome | {"peak_mb": _peak_mb()}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
