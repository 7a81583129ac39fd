"""Reading last year's file, whatever the officer kept: a BudgetDesk document, its JSON, the
Excel or Word file, or the published PDF. Each reader turns its format into rows
(core/reading/rows.py); one recognizer (core/reading/recognize.py) finds the forms in them.

``read_file`` never lets an exception of a reader escape: a broken, encrypted, scanned, foreign or
huge file raises ImportFormatError with a Chinese message saying what was expected.
"""

from __future__ import annotations

import copy
import logging
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import BudgetDeskError, ImportFormatError
from core.reading.limits import MAX_BYTES, check_cancelled
from core.reading.years import YearMove, next_year, year_moves  # noqa: F401 - the public API

EXPECTED = "可导入：BudgetDesk 文档（.bdoc）、导出的 JSON、Excel（.xlsx）、Word（.docx）或 PDF。"
LOCKED_OFFICE = ("这个 {label} 文件有密码保护，无法读取。请在 Excel/WPS 或 Word 中打开它，取消密码"
                 "（文件 → 信息 → 保护 → 用密码进行加密，清空密码）并保存后再导入。")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted .xlsx/.docx


@dataclass
class ImportResult:
    data: dict                      # the document in the JSON shape of export --json
    kind: str                       # 说明 of the source format
    pages: int = 0
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unit_line: tuple[str, str] | None = None  # (单位编码, 单位) the tables' unit line names

    def offered_unit(self) -> tuple[str, str, bool]:
        """The 单位 and 单位编码 to offer the officer (``""`` when unknown), and whether any of them
        comes from the tables' unit line rather than the file itself (a cover, a document): the
        file's own, else the unit line's name, and its code when it names that 单位."""
        own = (self.data.get("department") or "", self.data.get("department_code") or "")
        line_code, line_name = self.unit_line or ("", "")
        department = own[0] or line_name
        code = own[1] or (line_code if line_name and line_name == department else "")
        return department, code, (department, code) != own


def sniff(path: Path) -> str:
    """The file's real format from its first bytes (an extension may lie): pdf, xlsx, docx, bdoc,
    json; raises ImportFormatError for anything else, naming what it is when it can tell (an old
    .xls/.doc, an Excel/Word file with a password)."""
    with open(path, "rb") as f:
        head = f.read(16)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"SQLite format 3\x00"):
        return "bdoc"
    if head.startswith(b"PK"):
        from core.reading.ooxml import open_package

        try:
            with open_package(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError):
            raise ImportFormatError(f"文件已损坏（不是完整的 Excel/Word 文件）。{EXPECTED}") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ImportFormatError(f"这是一个压缩文件，但不是 Excel 或 Word 文件。{EXPECTED}")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _holds(path, _ENCRYPTED_PACKAGE):
            label = {".xlsx": "Excel", ".docx": "Word"}.get(path.suffix.lower(), "Excel/Word")
            raise ImportFormatError(LOCKED_OFFICE.format(label=label))
        raise ImportFormatError("这是旧版 Excel/Word（.xls/.doc）文件：请在 Excel/WPS 中另存为 .xlsx 或 .docx 后再导入。")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    raise ImportFormatError(f"无法识别的文件格式。{EXPECTED}")


def _holds(path: Path, name: bytes) -> bool:
    """Whether the bytes ``name`` occur in the file (read in pieces)."""
    overlap = len(name) - 1
    with open(path, "rb") as f:
        tail = b""
        while piece := f.read(1 << 20):
            if name in tail + piece:
                return True
            tail = piece[-overlap:]
    return False


def read_file(path: Path, progress=None, cancelled=None) -> ImportResult:
    """Read ``path`` into the JSON shape; progress(done, total) is called as pages (sheets, parts
    of a Word file) are read, and the reading stops with Cancelled as soon as cancelled() says so.
    Every limit of core/reading/limits.py holds, whatever the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFormatError(_unreadable(path, exc)) from None
    if size > MAX_BYTES:
        raise ImportFormatError(f"文件过大（{size // (1024 * 1024)} MB），不像是一份部门预算文件。")
    kind = "file"
    try:
        kind = sniff(path)
        return _read(path, kind, progress, cancelled)
    except BudgetDeskError:
        raise
    except OSError as exc:
        raise ImportFormatError(_unreadable(path, exc)) from None
    except Exception as exc:  # noqa: BLE001 - any reader failure is a broken file to the officer
        logging.getLogger("budgetdesk").info("import: %s not read as %s", path.name, kind, exc_info=exc)
        raise ImportFormatError(_broken_message(kind, exc)) from exc


def _unreadable(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件「{path.name}」。"
    if isinstance(exc, IsADirectoryError):
        return f"「{path.name}」是文件夹，不是文件。"
    if isinstance(exc, PermissionError):
        return f"没有权限读取「{path.name}」：请确认它没有被其他程序独占打开，或先复制到本机再导入。"
    return f"无法读取「{path.name}」：请确认文件在本机或可访问的磁盘上，没有被其他程序占用，再重新导入。"


def _broken_message(kind: str, exc: Exception) -> str:
    label = {"pdf": "PDF", "xlsx": "Excel", "docx": "Word", "bdoc": "BudgetDesk 文档", "json": "JSON"}.get(kind, "")
    if isinstance(exc, ImportError):  # the file is fine, the installation is not
        return (f"BudgetDesk 缺少读取 {label} 文件的组件（{getattr(exc, 'name', None) or type(exc).__name__}），"
                "请重新安装 BudgetDesk 后再导入。")
    return f"这个 {label} 文件已损坏或内容不完整，无法读取。请找原文件重新导入。"


def _read(path: Path, kind: str, progress, cancelled) -> ImportResult:
    from core.reading.recognize import recognize

    if kind in ("bdoc", "json"):
        return _read_document(path, kind)
    if kind == "pdf":
        from core.reading.pdf import read_pdf

        source = read_pdf(path, progress, cancelled)
    elif kind == "xlsx":
        from core.reading.office import read_xlsx

        source = read_xlsx(path, progress, cancelled)
    else:
        from core.reading.office import read_docx

        source = read_docx(path, progress, cancelled)
    check_cancelled(cancelled)
    recognized = recognize(source, _known_tables())
    data = recognized.data
    if not (data["projects"] or data["budget_tables"] or data["overall"] or data["explanation"] or data["approval"]):
        raise ImportFormatError(f"在这个{source.kind}文件中没有找到部门预算或绩效目标表（例如“1.XX经费绩效目标表”、"
                                "“部门预算收支总表”）。请确认选择的是上一年的预算文件。")
    return ImportResult(data, source.kind, source.pages, recognized.found, source.problems + recognized.missing,
                        recognized.unit_line)


def _read_document(path: Path, kind: str) -> ImportResult:
    from core.document import forms

    if kind == "json":
        from core.file.json_format import from_json, read_json_file

        data = read_json_file(path)
        from_json(data)  # checks the shape; raises ImportFormatError naming the bad place
        label = "JSON"
    else:
        from core.document.document import open_document
        from core.file.json_format import to_json

        with open_document(path, read_only=True) as doc:
            data = to_json(doc)
        label = "BudgetDesk 文档"
    found = [f"项目 {len(data.get('projects') or [])} 个",
             f"公开表 {len(data.get('budget_tables') or {})} 张"]
    if data.get("approval"):
        found.append(forms.SPECS[forms.APPROVAL].label)
    return ImportResult(data, label, 0, found, [])


def _known_tables() -> tuple[str, ...]:
    """The stored title of every 公开表 of every template (core/templates.py), each once."""
    from core.templates import templates

    return tuple(dict.fromkeys(t.title for tpl in templates().values() for t in tpl.tables))


# --- into a document ------------------------------------------------------------------------------

def prepared(result: ImportResult, department: str | None = None, year: int | None = None, *,
             department_code: str | None = None, dropped: tuple = (), start_next_year: bool = False,
             move_years: bool = True, unmoved: Collection[tuple] = ()) -> tuple[dict, list[YearMove]]:
    """What an import takes from ``result``, the one place the officer's choices are applied: the
    单位, 单位编码 and 年度 where given (a value the file lacks is never guessed: ImportFormatError
    names what is still missing), without the ``dropped`` parts (``("projects", i)``,
    ``("budget_tables", title)``, ``("overall",)``, ``("explanation",)``, ``("approval",)``), and
    moved on to the next year if asked, every year move made but those whose key is in ``unmoved``
    (see core/reading/years.py). Returns the data and the year moves made in what it keeps."""
    data = copy.deepcopy(result.data)
    if department and department.strip():
        data["department"] = department.strip()
    if department_code and department_code.strip():
        data["department_code"] = department_code.strip()
    if year:
        data["year"] = year
    lacking = [label for key, label in (("department", "预算单位名称（--department）"), ("year", "预算年度（--year）"))
               if not data.get(key)]
    if lacking:
        raise ImportFormatError(f"文件中没有{'和'.join(lacking)}，请指定后再导入。")
    data["money_unit"] = data.get("money_unit") or "万元"
    moves: list[YearMove] = []
    if start_next_year:
        data, moves = next_year(data, move_years, unmoved)
    for key in dropped:
        if key[0] == "budget_tables":
            (data.get("budget_tables") or {}).pop(key[1], None)
        elif key[0] != "projects":
            data[key[0]] = None
    gone = {key[1] for key in dropped if key[0] == "projects"}
    data["projects"] = [p for i, p in enumerate(data.get("projects") or []) if i not in gone]
    return data, [m for m in moves if m.key[1] not in gone]


def import_file(source: Path, out: Path, *, next_year_from: bool = False, department: str | None = None,
                year: int | None = None, move_years: bool = True, progress=None, cancelled=None):
    """Read ``source`` and write a new document at ``out``: as printed, or (``next_year_from``) the
    next year's document started from it, every year move made. Returns (document, result, the
    renamed (old, new) project names)."""
    from core.file.json_format import import_json

    result = read_file(source, progress, cancelled)
    data, moves = prepared(result, department, year, start_next_year=next_year_from, move_years=move_years)
    renamed = [(m.old, m.new) for m in moves if m.key[2] == "name"]
    return import_json(data, Path(out)), result, renamed


def into_document(doc, data: dict):
    """The edit that takes ``data``'s forms into the open document ``doc`` as one undo step (see
    :func:`core.document.edits.take_forms`); the document keeps its own 单位 and 年度."""
    from core.document import edits
    from core.file.json_format import from_json

    _, parts = from_json(data)
    return edits.take_forms(doc, parts)
