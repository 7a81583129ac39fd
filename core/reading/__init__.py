"""Reading last year's file, whatever the officer kept: a BudgetDesk document, its JSON, the
Excel or Word file, or the published PDF. Each reader turns its format into rows
(core/reading/rows.py); one recognizer (core/reading/recognize.py) finds the forms in them.

``read_file`` never lets an exception of a reader escape: a broken, encrypted, scanned, foreign or
huge file raises ImportFormatError with a Chinese message saying what was expected.
"""

from __future__ import annotations

import copy
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import BudgetDeskError, ImportFormatError

MAX_BYTES = 200 * 1024 * 1024
EXPECTED = "可导入：BudgetDesk 文档（.bdoc）、导出的 JSON、Excel（.xlsx）、Word（.docx）或 PDF。"


@dataclass
class ImportResult:
    data: dict                      # the document in the JSON shape of export --json
    kind: str                       # 说明 of the source format
    pages: int = 0
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def sniff(path: Path) -> str:
    """The file's real format from its first bytes (an extension may lie): pdf, xlsx, docx, bdoc,
    json; raises ImportFormatError for anything else."""
    with open(path, "rb") as f:
        head = f.read(16)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"SQLite format 3\x00"):
        return "bdoc"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError):
            raise ImportFormatError(f"文件已损坏（不是完整的 Excel/Word 文件）。{EXPECTED}") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ImportFormatError(f"这是一个压缩文件，但不是 Excel 或 Word 文件。{EXPECTED}")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFormatError("这是旧版 Excel/Word（.xls/.doc）文件或加密的 Office 文件：请在 Excel/WPS 中"
                                "另存为 .xlsx 或 .docx（如有密码请先取消密码）后再导入。")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    raise ImportFormatError(f"无法识别的文件格式。{EXPECTED}")


def read_file(path: Path, progress=None, cancelled=None) -> ImportResult:
    """Read ``path`` into the JSON shape; progress(done, total) is called as pages are read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFormatError(f"无法读取「{path.name}」：{exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise ImportFormatError(f"文件过大（{size // (1024 * 1024)} MB），不像是一份部门预算文件。")
    kind = "file"
    try:
        kind = sniff(path)
        return _read(path, kind, progress, cancelled)
    except BudgetDeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is a broken file to the officer
        raise ImportFormatError(_broken_message(kind, exc)) from exc


def _broken_message(kind: str, exc: Exception) -> str:
    name = type(exc).__name__
    if kind == "pdf" and ("Password" in name or "Encrypt" in name):
        return "这个 PDF 有密码保护或已加密，无法读取。请先用 PDF 阅读器取消密码，或改用原始 Excel/Word 文件。"
    label = {"pdf": "PDF", "xlsx": "Excel", "docx": "Word", "bdoc": "BudgetDesk 文档", "json": "JSON"}.get(kind, "")
    if isinstance(exc, ImportError):  # the file is fine, the installation is not
        return (f"BudgetDesk 缺少读取 {label} 文件的组件（{getattr(exc, 'name', None) or name}），"
                "请重新安装 BudgetDesk 后再导入。")
    return f"这个 {label} 文件已损坏或内容不完整，无法读取（{name}）。请找原文件重新导入。"


def _read(path: Path, kind: str, progress, cancelled) -> ImportResult:
    from core.reading.recognize import recognize

    if kind in ("bdoc", "json"):
        return _read_document(path, kind)
    if kind == "pdf":
        from core.reading.pdf import read_pdf

        source = read_pdf(path, progress, cancelled)
    elif kind == "xlsx":
        from core.reading.office import read_xlsx

        source = read_xlsx(path, progress)
    else:
        from core.reading.office import read_docx

        source = read_docx(path, progress)
    recognized = recognize(source, _known_tables())
    data = recognized.data
    if not (data["projects"] or data["budget_tables"] or data["overall"] or data["explanation"] or data["approval"]):
        raise ImportFormatError(f"在这个{source.kind}文件中没有找到部门预算或绩效目标表（例如“1.XX经费绩效目标表”、"
                                "“部门预算收支总表”）。请确认选择的是上一年的预算文件。")
    return ImportResult(data, source.kind, source.pages, recognized.found, source.problems + recognized.missing)


def _read_document(path: Path, kind: str) -> ImportResult:
    from core import forms

    if kind == "json":
        from core.json_format import from_json, read_json_file

        data = read_json_file(path)
        from_json(data)  # checks the shape; raises ImportFormatError naming the bad place
        label = "JSON"
    else:
        from core.document import open_document
        from core.json_format import to_json

        with open_document(path, read_only=True) as doc:
            data = to_json(doc)
        label = "BudgetDesk 文档"
    found = [f"项目 {len(data.get('projects') or [])} 个",
             f"公开表 {len(data.get('budget_tables') or {})} 张"]
    if data.get("approval"):
        found.append(forms.SPECS[forms.APPROVAL].label)
    return ImportResult(data, label, 0, found, [])


def _known_tables() -> tuple[str, ...]:
    import json

    from core.resources import resource_path

    titles: list[str] = []
    for path in sorted(resource_path("templates").glob("budget_tables_*.json")):
        titles += list(json.loads(path.read_text("utf-8"))["tables"])
    return tuple(dict.fromkeys(titles))


# --- into a document ------------------------------------------------------------------------------

YEAR_IN_TEXT = re.compile(r"(20\d\d)(\s*年)")


def prepared(result: ImportResult, department: str | None = None, year: int | None = None, *,
             dropped: tuple = (), start_next_year: bool = False,
             move_years: bool = True) -> tuple[dict, list[tuple[str, str]]]:
    """What an import takes from ``result``: the officer's 单位 and 年度 where given (a value the
    file lacks is never guessed: ImportFormatError names what is still missing), without the
    ``dropped`` parts (``("projects", i)``, ``("budget_tables", title)``, ``("overall",)``,
    ``("explanation",)``, ``("approval",)``), and moved on to the next year if asked. Returns the
    data and the renamed (old, new) project names."""
    data = copy.deepcopy(result.data)
    if department and department.strip():
        data["department"] = department.strip()
    if year:
        data["year"] = year
    lacking = [label for key, label in (("department", "预算单位名称（--department）"), ("year", "预算年度（--year）"))
               if not data.get(key)]
    if lacking:
        raise ImportFormatError(f"文件中没有{'和'.join(lacking)}，请指定后再导入。")
    data["money_unit"] = data.get("money_unit") or "万元"
    for key in dropped:
        if key[0] == "budget_tables":
            (data.get("budget_tables") or {}).pop(key[1], None)
        elif key[0] != "projects":
            data[key[0]] = None
    gone = {key[1] for key in dropped if key[0] == "projects"}
    data["projects"] = [p for i, p in enumerate(data.get("projects") or []) if i not in gone]
    if start_next_year:
        return next_year(data, move_years)
    return data, []


def next_year(data: dict, move_years: bool = True) -> tuple[dict, list[tuple[str, str]]]:
    """The next year's document started from ``data``: year + 1; forms, projects, texts, indicators
    and amounts carried over as the starting point, each project's budget and 指标值 also kept as
    上年数 (``last_budget``, ``last_value``); with ``move_years`` a year inside a project
    name or goal that is this document's year (or the year before) moves on by one
    (``提前下达2022年…`` → ``提前下达2023年…``). Returns the new data and the renamed (old, new)."""
    data = copy.deepcopy(data)
    year = int(data["year"])
    data["year"] = year + 1
    data["check_notes"] = []  # last year's explanations answered last year's findings
    approval = data.get("approval")
    if approval and str(approval.get("year")) == str(year):
        approval["year"] = year + 1  # its 预算年度 line
    for project in data.get("projects") or []:
        # 上年数: last year's budget and 指标值 kept beside the carried-over starting values
        project["last_budget"] = project.get("budget")
        for indicator in project.get("indicators") or []:
            indicator["last_value"] = indicator.get("value")
    renamed: list[tuple[str, str]] = []
    if move_years:
        def move(text):
            if not text:
                return text
            return YEAR_IN_TEXT.sub(lambda m: f"{int(m.group(1)) + 1}{m.group(2)}"
                                    if int(m.group(1)) in (year - 1, year) else m.group(0), text)

        for project in data.get("projects") or []:
            new = move(project.get("name"))
            if new != project.get("name"):
                renamed.append((project["name"], new))
                project["name"] = new
            project["goal"] = move(project.get("goal"))
    return data, renamed


def import_file(source: Path, out: Path, *, next_year_from: bool = False, department: str | None = None,
                year: int | None = None, move_years: bool = True, progress=None, cancelled=None):
    """Read ``source`` and write a new document at ``out``: as printed, or (``next_year_from``) the
    next year's document started from it. Returns (document, result, renamed)."""
    from core.json_format import import_json

    result = read_file(source, progress, cancelled)
    data, renamed = prepared(result, department, year, start_next_year=next_year_from, move_years=move_years)
    return import_json(data, Path(out)), result, renamed


def into_document(doc, data: dict):
    """The edit that takes ``data``'s forms into the open document ``doc`` as one undo step (see
    :func:`core.edits.take_forms`); the document keeps its own 单位 and 年度."""
    from core import edits
    from core.json_format import from_json

    _, parts = from_json(data)
    return edits.take_forms(doc, parts)
