"""The officer's own library: every indicator of every document they open or import, with its
project, value and year, kept in ``<data folder>/indicator_library.sqlite`` (one per user: the data
folder is; ``BUDGETDESK_DATA_DIR`` redirects it in tests).

Learning a document replaces what was learned before from the same department and year, so a
document opened again after edits is learned as it is now, never twice. Rows that are not
indicators (blank, ``不涉及``) are not learned. Learning never stops a document from opening:
a folder that cannot be written is skipped (``learn_from`` returns 0).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from core.document import forms
from core.document.project_table import is_not_applicable

FILE_NAME = "indicator_library.sqlite"
SCHEMA_VERSION = 1
OVERALL_PROJECT = "整体支出"  # the 批复表's indicators are learned under this project name


@dataclass(frozen=True)
class Record:
    """One learned indicator row."""

    department: str
    year: int | None
    project: str
    l1: str
    l2: str
    l3: str
    description: str
    value: str
    basis: str


def library_file() -> Path:
    from core.file.user_data import data_folder

    return data_folder() / FILE_NAME


def records_from(doc) -> list[Record]:
    """The indicator rows of ``doc``'s projects (and its 批复表) as records (no I/O)."""
    department = (doc.department or "").strip()
    year = doc.year
    out = []
    for form in doc.projects:
        project = (form.get("name") or "").strip()
        for r in form.grids["indicators"].records():
            record = _record(department, year, project, r["l1"], r["l2"], r["l3"], r["description"], r["value"],
                             r["basis"])
            if record:
                out.append(record)
    approval = doc.form(forms.APPROVAL)
    if approval is not None:
        for r in approval.grids["indicators"].records():
            value = "".join(x for x in ((r["nature"] if r["nature"] != "定性" else ""), r["value"], r["unit"]) if x)
            record = _record(department, year, OVERALL_PROJECT, r["l1"], r["l2"], r["l3"], None, value, None)
            if record:
                out.append(record)
    return out


def _record(department, year, project, l1, l2, l3, description, value, basis) -> Record | None:
    l3 = (l3 or "").strip()
    if not l3 or is_not_applicable(l3) or not (l2 or "").strip():
        return None
    return Record(department, year, project, (l1 or "").strip(), (l2 or "").strip(), l3,
                  (description or "").strip(), (value or "").strip(), (basis or "").strip())


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=5)
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    db.execute("""CREATE TABLE IF NOT EXISTS indicators (
        department TEXT NOT NULL, year INTEGER, project TEXT NOT NULL, l1 TEXT, l2 TEXT, l3 TEXT NOT NULL,
        description TEXT, value TEXT, basis TEXT)""")
    db.execute("CREATE INDEX IF NOT EXISTS by_document ON indicators (department, year)")
    return db


def learn_records(records: list[Record], department: str, year: int | None, path: Path | None = None) -> int:
    """Replace what was learned of (department, year) by ``records``; the number stored, 0 when the
    library file cannot be written."""
    path = path or library_file()
    try:
        db = _connect(path)
        try:
            with db:
                db.execute("DELETE FROM indicators WHERE department = ? AND year IS ?", (department, year))
                db.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [(r.department, r.year, r.project, r.l1, r.l2, r.l3, r.description, r.value, r.basis)
                                for r in records])
        finally:
            db.close()
    except (OSError, sqlite3.Error):
        return 0
    return len(records)


def learned_records(path: Path | None = None) -> list[Record]:
    """Everything learned so far ([] when nothing was, or the file cannot be read)."""
    path = path or library_file()
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute("SELECT department, year, project, l1, l2, l3, description, value, basis "
                              "FROM indicators ORDER BY year DESC, rowid").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return []
    return [Record(*row) for row in rows]
