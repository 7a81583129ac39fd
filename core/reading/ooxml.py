"""Office Open XML packages (.xlsx, .docx: a zip of XML parts), read within the limits of
core/reading/limits.py.

The zip's directory is checked in its end record before Python lists it; a part is decompressed
no further than the size the zip declares for it (zipfile stops there) and parsed as a stream of
SAX events (expat), so nothing of the XML is kept but what a :class:`Handler` takes from it:
memory stays that of one element's text, however large or deep the part.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from xml.parsers import expat

from core.errors import ImportFormatError
from core.reading.limits import MAX_MEMBERS, MAX_XML_DEPTH, Budget

RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 1 << 16


def open_package(path) -> zipfile.ZipFile:
    """The zip at ``path``. ImportFormatError if its directory holds more than MAX_MEMBERS entries
    (or more than 1 KB each), read from its end record before the directory itself is read;
    zipfile.BadZipFile if it is not a zip."""
    with open(path, "rb") as f:
        entries, directory = _directory_size(f)
    if entries > MAX_MEMBERS or directory > MAX_MEMBERS * 1024:
        raise ImportFormatError(f"这个压缩文件中有 {entries} 个文件，不像是 Excel 或 Word 文件。")
    return zipfile.ZipFile(path)


def _directory_size(f) -> tuple[int, int]:
    """(entries, bytes) of the zip's central directory as its end record (or the zip64 one) says;
    (0, 0) when there is no end record (zipfile then refuses the file)."""
    f.seek(0, 2)
    size = f.tell()
    f.seek(max(0, size - (1 << 16) - 22))
    tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return 0, 0
    entries, directory = struct.unpack("<HI", tail[at + 10:at + 16])
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":
        f.seek(struct.unpack("<Q", tail[at - 12:at - 4])[0])
        record = f.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


class Handler:
    """Receives a part's elements: ``start(tag, attrs)`` and ``end(tag)`` with ``self.path`` the
    tags from the root down to the element (``"{namespace}local"`` without the brace:
    ``namespace}local``, as expat names them), ``text(data)`` for character data (in pieces)."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.path: list[str] = []

    def start(self, tag: str, attrs: dict) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass

    def _started(self, tag: str, attrs: dict) -> None:
        budget = self.budget
        budget.elements += 1
        if not budget.elements % 4096:
            budget.checkpoint()
        self.path.append(tag)
        if len(self.path) > MAX_XML_DEPTH:
            raise ValueError("XML nested too deep")
        self.start(tag, attrs)

    def _ended(self, tag: str) -> None:
        self.end(tag)
        self.path.pop()


def parse(package: zipfile.ZipFile, name: str, handler: Handler, progress=None) -> None:
    """Feed the part ``name`` to ``handler``; ``progress(done, total)`` in bytes as it goes.
    KeyError if the package has no such part; a part with a DTD is refused (OOXML has none)."""
    info = package.getinfo(name)
    handler.budget.part(info.file_size)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = handler._started
    parser.EndElementHandler = handler._ended
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _no_doctype
    done = 0
    with package.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            done += len(chunk)
            if progress:
                progress(done, info.file_size)
    parser.Parse(b"", True)


def _no_doctype(*_) -> None:
    raise ValueError("a DTD in an Office part")


class _Relationships(Handler):
    def __init__(self, budget: Budget, folder: str):
        super().__init__(budget)
        self.folder = folder
        self.found: dict[str, tuple[str, str]] = {}

    def start(self, tag: str, attrs: dict) -> None:
        if tag == RELATIONSHIPS + "Relationship" and len(self.path) == 2 and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            name = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(self.folder, target))
            self.found[attrs.get("Id", "")] = (attrs.get("Type", ""), name)


def relationships(package: zipfile.ZipFile, part: str, budget: Budget) -> dict[str, tuple[str, str]]:
    """Id → (type, part name) of what ``part`` (``""``: the package) refers to inside the package;
    empty if it has no relationships part."""
    folder, base = posixpath.split(part)
    handler = _Relationships(budget, folder)
    try:
        parse(package, posixpath.join(folder, "_rels", base + ".rels"), handler)
    except KeyError:
        pass
    return handler.found


def related(found: dict[str, tuple[str, str]], kind: str) -> str | None:
    """The first part of relationship type ``…/kind``."""
    return next((name for type_, name in found.values() if type_.endswith("/" + kind)), None)


def main_part(package: zipfile.ZipFile, budget: Budget, default: str) -> str:
    """The package's main part (workbook, document) as its relationships name it, else ``default``."""
    return related(relationships(package, "", budget), "officeDocument") or default
