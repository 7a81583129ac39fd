"""The document's SQLite file: opening it safely, and the writes that edits are made of.

Invariants:
1. Every write runs inside :meth:`Store.transaction` and is durable when it returns
   (rollback journal, ``synchronous=FULL``): a crash or power cut loses at most the edit in progress,
   and the file is always a single self-contained file the officer can copy or mail.
2. Only the process holding the document's :class:`FileLock` writes; any other open is read-only.
3. A file that is not a BudgetDesk document, is damaged, or comes from a newer version is refused
   with a Chinese message before anything is written to it.

The tables are generic (forms, their fields, their grid rows); ``core/forms.py`` says what they mean.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from core import migrations
from core.errors import DocumentFileError, ReadOnlyError
from core.file_lock import FileLock, holder_description
from core.files import replacing

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x42446B31  # "BDk1", in the file header at offset 68
SCHEMA_VERSION = migrations.CURRENT_VERSION
FILE_SUFFIX = ".bdoc"


@dataclass
class StoredForm:
    """One form as read from the file: fields and rows (``(row_id, cells)``) per grid."""

    id: int
    kind: str
    position: int
    fields: dict[str, str | None]
    grids: dict[str, list[tuple[int, list[str | None]]]]


class Store:
    """An open document file. Create with :func:`create_file` or :func:`open_file`; close when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: FileLock | None,
                 read_only: bool, read_only_reason: str = ""):
        self.path = path
        self._db = connection
        self._lock = lock
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self._in_transaction = False

    # --- reading -------------------------------------------------------------------------
    def load(self) -> list[StoredForm]:
        """Every form with its fields and rows, in stored order."""
        try:
            forms = {
                fid: StoredForm(fid, kind, pos, {}, {})
                for fid, kind, pos in self._db.execute(
                    "SELECT id, kind, position FROM form ORDER BY position, id")
            }
            for fid, name, value in self._db.execute("SELECT form_id, name, value FROM field"):
                forms[fid].fields[name] = value
            for rid, fid, grid, cells in self._db.execute(
                    "SELECT id, form_id, grid, cells FROM grid_row ORDER BY form_id, grid, position, id"):
                forms[fid].grids.setdefault(grid, []).append((rid, _decode_cells(cells)))
        except (sqlite3.DatabaseError, KeyError, ValueError) as exc:
            raise DocumentFileError(f"文件已损坏，无法读取（{_reason(exc)}）。请改用备份副本。") from None
        return list(forms.values())

    # --- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One durable commit around the writes inside; on any error nothing is written."""
        if self.read_only:
            raise ReadOnlyError(self.read_only_reason or "文档以只读方式打开，不能修改。")
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise DocumentFileError(f"无法写入文件，本次修改没有生效（{_reason(exc)}）。") from None
        finally:
            self._in_transaction = False

    def insert_form(self, kind: str, position: int, form_id: int | None = None) -> int:
        cur = self._db.execute("INSERT INTO form (id, kind, position) VALUES (?, ?, ?)",
                               (form_id, kind, position))
        return cur.lastrowid

    def write_form(self, kind: str, position: int, fields: dict[str, str | None],
                   grids: dict[str, list[list[str | None]]], form_id: int | None = None
                   ) -> tuple[int, dict[str, list[tuple[int, list[str | None]]]]]:
        """Insert a whole form; returns its id and its rows as ``(row_id, cells)`` per grid."""
        form_id = self.insert_form(kind, position, form_id)
        self.set_fields(form_id, fields)
        stored = {name: [(self.insert_row(form_id, name, pos, cells), cells)
                         for pos, cells in enumerate(rows)]
                  for name, rows in grids.items()}
        return form_id, stored

    def delete_form(self, form_id: int) -> None:
        self._db.execute("DELETE FROM grid_row WHERE form_id = ?", (form_id,))
        self._db.execute("DELETE FROM field WHERE form_id = ?", (form_id,))
        self._db.execute("DELETE FROM form WHERE id = ?", (form_id,))

    def set_form_positions(self, positions: list[tuple[int, int]]) -> None:
        """``[(form_id, position)]``."""
        self._db.executemany("UPDATE form SET position = ? WHERE id = ?",
                             [(pos, fid) for fid, pos in positions])

    def set_fields(self, form_id: int, values: dict[str, str | None]) -> None:
        self._db.executemany(
            "INSERT INTO field (form_id, name, value) VALUES (?, ?, ?) "
            "ON CONFLICT (form_id, name) DO UPDATE SET value = excluded.value",
            [(form_id, name, value) for name, value in values.items()])

    def insert_row(self, form_id: int, grid: str, position: int, cells: list[str | None]) -> int:
        cur = self._db.execute(
            "INSERT INTO grid_row (form_id, grid, position, cells) VALUES (?, ?, ?, ?)",
            (form_id, grid, position, _encode_cells(cells)))
        return cur.lastrowid

    def update_row(self, row_id: int, cells: list[str | None]) -> None:
        self._db.execute("UPDATE grid_row SET cells = ? WHERE id = ?", (_encode_cells(cells), row_id))

    def delete_rows(self, row_ids: list[int]) -> None:
        self._db.executemany("DELETE FROM grid_row WHERE id = ?", [(rid,) for rid in row_ids])

    def set_row_positions(self, positions: list[tuple[int, int]]) -> None:
        """``[(row_id, position)]``."""
        self._db.executemany("UPDATE grid_row SET position = ? WHERE id = ?",
                             [(pos, rid) for rid, pos in positions])

    # --- whole file ----------------------------------------------------------------------------
    def copy_to(self, target: Path) -> None:
        """Write a consistent copy of the document to ``target`` (另存为); this file stays open."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise DocumentFileError("另存为的目标不能是当前文件本身。")
        try:
            with replacing(target) as temporary:
                dest = sqlite3.connect(temporary)
                try:
                    self._db.backup(dest)
                finally:
                    dest.close()
        except (OSError, sqlite3.Error) as exc:
            raise DocumentFileError(f"无法写入「{target}」（{_reason(exc)}）。") from None

    def continue_as(self, target: Path) -> "Store":
        """另存为 as Word and Excel do it: write a copy to ``target`` and return it open (locked for
        writing) in place of this one. The caller closes this store; its file stays as it was."""
        target = Path(target)
        lock = FileLock(target)
        if not lock.acquire():
            who = holder_description(target)
            raise DocumentFileError(f"「{target.name}」正在被{who or '其他程序'}使用，不能另存为该文件，请换一个文件名。")
        try:
            self.copy_to(target)
            db = _connect(target, read_only=False)
        except (sqlite3.Error, OSError) as exc:
            lock.release()
            raise DocumentFileError(f"无法写入「{target}」（{_reason(exc)}）。") from None
        except DocumentFileError:
            lock.release()
            raise
        return Store(target, db, lock, read_only=False)

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


# --- opening and creating ----------------------------------------------------------------------

def create_file(path: Path) -> Store:
    """A new, empty document file at ``path`` (which must not exist), locked for writing."""
    path = Path(path)
    if path.exists():
        raise DocumentFileError(f"文件「{path.name}」已存在，请换一个文件名。")
    lock = FileLock(path)
    if not lock.acquire():
        raise DocumentFileError(f"无法在「{path.parent}」中创建文件：文件夹不可写或文件正被使用。")
    try:
        db = _connect(path, read_only=False)
        with db:
            migrations.create_schema(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except (sqlite3.Error, OSError) as exc:
        lock.release()
        path.unlink(missing_ok=True)
        raise DocumentFileError(f"无法创建文件「{path}」（{_reason(exc)}）。") from None
    return Store(path, db, lock, read_only=False)


def open_file(path: Path, read_only: bool = False) -> Store:
    """Open a document. If another process has it open, it is opened read-only and says by whom.

    Older files are migrated forward (a copy of the original is kept beside it as ``*.v<N>.bak``).
    """
    path = Path(path)
    check_identity(path)
    lock = None
    reason = ""
    if not read_only:
        lock = FileLock(path)
        if not lock.acquire():
            lock = None
            who = holder_description(path)
            if who or os.access(path.parent, os.W_OK):
                reason = (f"「{path.name}」正在被{who or '其他程序'}使用，已以只读方式打开。"
                          "如需修改，请先在另一处关闭该文件。")
            else:
                reason = (f"「{path.name}」所在的文件夹不可写入，已以只读方式打开。"
                          "如需修改，请用“另存为”保存到可写的文件夹。")
    if lock is None and not reason:
        reason = "文档以只读方式打开，不能修改。"
    try:
        db = _connect(path, read_only=lock is None)
        version = _check_contents(db, path)
        if version < SCHEMA_VERSION:
            db = _migrate(db, path, version, writable=lock is not None)
    except DocumentFileError:
        if lock is not None:
            lock.release()
        raise
    except (sqlite3.Error, OSError) as exc:
        if lock is not None:
            lock.release()
        raise DocumentFileError(_damaged(path, exc)) from None
    return Store(path, db, lock, read_only=lock is None, read_only_reason=reason)


def check_identity(path: Path) -> None:
    """Refuse, without opening it as a database, anything that is not a BudgetDesk file."""
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        raise DocumentFileError(f"找不到文件「{path}」。") from None
    except IsADirectoryError:
        raise DocumentFileError(f"「{path}」是文件夹，不是 BudgetDesk 文档。") from None
    except OSError as exc:
        raise DocumentFileError(f"无法读取文件「{path.name}」（{_reason(exc)}）。") from None
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        hint = ""
        suffix = path.suffix.lower()
        if suffix in (".json", ".xlsx", ".xls", ".docx", ".doc", ".pdf"):
            hint = "如需使用其中的内容，请用“导入”功能。"
        raise DocumentFileError(f"「{path.name}」不是 BudgetDesk 文档（{FILE_SUFFIX} 文件）。{hint}")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise DocumentFileError(
            f"「{path.name}」是数据库文件，但不是 BudgetDesk 文档，未做任何修改。")


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                             isolation_level=None, check_same_thread=False)
    else:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA busy_timeout = 3000")
    return db


def _check_contents(db: sqlite3.Connection, path: Path) -> int:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DocumentFileError(
            f"「{path.name}」由更新版本的 BudgetDesk 创建（文件格式 {version}），"
            "请升级 BudgetDesk 后再打开。")
    if version < 1:
        raise DocumentFileError(f"「{path.name}」不是完整的 BudgetDesk 文档，未做任何修改。")
    problems = [row[0] for row in db.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise DocumentFileError(
            f"「{path.name}」已损坏（{problems[0]}），未做任何修改。请改用备份副本。")
    return version


def _migrate(db: sqlite3.Connection, path: Path, version: int, writable: bool) -> sqlite3.Connection:
    """Bring an older file to the current schema: in place (after a backup copy) when writable,
    otherwise in a private in-memory copy so the read-only file is not touched."""
    if writable:
        backup = path.with_name(f"{path.stem}.v{version}.bak{path.suffix}")
        if not backup.exists():
            shutil.copy2(path, backup)
        target = db
    else:
        target = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        db.backup(target)
        db.close()
    target.execute("BEGIN IMMEDIATE")
    try:
        migrations.migrate(target, version)
        target.execute("COMMIT")
    except BaseException:
        target.execute("ROLLBACK")
        raise
    return target


def _encode_cells(cells: list[str | None]) -> str:
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


def _decode_cells(text: str) -> list[str | None]:
    cells = json.loads(text)
    if not isinstance(cells, list) or not all(c is None or isinstance(c, str) for c in cells):
        raise ValueError("bad row")
    return cells


def _damaged(path: Path, exc: Exception) -> str:
    return f"「{path.name}」已损坏或不是 BudgetDesk 文档（{_reason(exc)}），未做任何修改。"


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    translations = {
        "database or disk is full": "磁盘已满",
        "attempt to write a readonly database": "文件为只读",
        "file is not a database": "文件内容不是数据库",
        "database disk image is malformed": "数据库结构损坏",
        "disk I/O error": "磁盘读写错误",
        "database is locked": "文件被其他程序占用",
        "unable to open database file": "无法打开文件",
    }
    for english, chinese in translations.items():
        if english in text:
            return chinese
    return text
