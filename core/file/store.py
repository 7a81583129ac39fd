"""The document's SQLite file: opening it safely, and the writes that edits are made of.

Invariants:
1. Every write to an open document runs inside :meth:`Store.transaction` and is durable when it
   returns (rollback journal, ``synchronous=FULL``): a crash or power cut loses at most the edit in progress,
   and the file is always a single self-contained file the officer can copy or mail.
2. Only the process holding the document file's :class:`FileLock` writes; any other open is
   read-only, whatever path it came by.
3. A write is never based on stale memory: a transaction is refused, before anything is written, if
   another program changed the file since this store last read it (SQLite's ``data_version``).
4. A file that is not a BudgetDesk document, is damaged, or comes from a newer version is refused
   with a Chinese message before anything is written to it. No message carries SQLite's own text
   (that goes to the error log); a failed write leaves the file as it was.
5. A file under the officer's name is always complete: new files and copies are built under a
   temporary name beside it and given the name only when complete.

The tables are generic (forms, their fields, their grid rows); ``core/document/forms.py`` says what they mean.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from core.file import migrations
from core.errors import DocumentFileError, ReadOnlyError
from core.file.file_lock import FileLock, holder_description

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x42446B31  # "BDk1", in the file header at offset 68
SCHEMA_VERSION = migrations.CURRENT_VERSION
FILE_SUFFIX = ".bdoc"
SQLITE_READONLY_ROLLBACK = 776  # a hot journal that a read-only connection may not roll back

LOGGER = logging.getLogger("budgetdesk")


@dataclass
class StoredForm:
    """One form as read from the file: fields and rows (``(row_id, cells)``) per grid."""

    id: int
    kind: str
    position: int
    fields: dict[str, str | None]
    grids: dict[str, list[tuple[int, list[str | None]]]]


class Store:
    """An open document file. Create with :func:`create_file` or :func:`open_file`; close when done.

    ``failed_transactions`` counts transactions that were refused or rolled back: the file kept what
    it held, and whoever changed memory in between must read it again (``Document.apply`` does).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: FileLock | None,
                 read_only: bool, read_only_reason: str = ""):
        self.path = path
        self._db = connection
        self._lock = lock
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.failed_transactions = 0
        self._in_transaction = False
        self._version = self._data_version()

    def _data_version(self) -> int:
        """Changes when another connection commits to the file; never for this one's commits."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    # --- reading -------------------------------------------------------------------------
    def load(self) -> list[StoredForm]:
        """Every form with its fields and rows, in stored order, as one consistent state of the
        file (one read transaction); from now on that is what memory is based on."""
        try:
            self._db.execute("BEGIN")
            try:
                self._version = self._data_version()
                forms = {
                    fid: StoredForm(fid, kind, pos, {}, {})
                    for fid, kind, pos in self._db.execute(
                        "SELECT id, kind, position FROM form ORDER BY position, id")
                }
                for fid, name, value in self._db.execute("SELECT form_id, name, value FROM field"):
                    forms[fid].fields[name] = value
                for rid, fid, grid, cells in self._db.execute(
                        "SELECT id, form_id, grid, cells FROM grid_row "
                        "ORDER BY form_id, grid, position, id"):
                    forms[fid].grids.setdefault(grid, []).append((rid, _decode_cells(cells)))
            finally:
                self._end_transaction()
        except (sqlite3.DatabaseError, KeyError, ValueError) as exc:
            raise DocumentFileError(
                f"「{self.path.name}」已损坏，无法读取（{_reason(exc)}）。请改用备份副本。") from None
        return list(forms.values())

    # --- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One durable commit around the writes inside. On any error nothing is written (the file
        keeps what it held) and ``failed_transactions`` counts it. Refused before anything is
        written if another program changed the file since this store last read it."""
        if self.read_only:
            raise ReadOnlyError(self.read_only_reason or "文档以只读方式打开，不能修改。")
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            self._db.execute("BEGIN IMMEDIATE")
            if self._data_version() != self._version:
                raise DocumentFileError(
                    f"「{self.path.name}」在打开后被其他程序修改过，本次修改没有生效。"
                    "已重新读取文件中的内容，请核对后再修改。")
            yield
            self._db.execute("COMMIT")
        except BaseException as exc:
            self.failed_transactions += 1
            self._end_transaction()
            if isinstance(exc, sqlite3.Error):
                raise DocumentFileError(_write_failed(exc)) from None
            raise
        finally:
            self._in_transaction = False

    def _end_transaction(self) -> None:
        """Roll back whatever transaction is open. SQLite ends some itself (a full disk does): then
        there is nothing to roll back, and a failed rollback is left to the journal."""
        if not self._db.in_transaction:
            return
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            LOGGER.info("rollback of %s failed: %s", self.path, exc)

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
        """Write a consistent copy of the document to ``target`` (另存为), replacing the file there
        unless another BudgetDesk has it open; this file stays open. The file being replaced stays
        locked until the copy has taken its place, so nobody is left editing a vanished file."""
        target = Path(target)
        if target.exists() and os.path.samefile(target, self.path):
            raise DocumentFileError("另存为的目标不能是当前文件本身。")
        old = FileLock(target) if target.exists() else None
        try:
            if old is not None and not old.acquire():
                who = holder_description(target)
                raise DocumentFileError(f"「{target.name}」正在被{who or '其他程序'}使用，"
                                        "不能另存为该文件，请换一个文件名。")
            with _building(target) as (temporary, lock):
                dest = sqlite3.connect(temporary)
                try:
                    self._db.backup(dest)
                finally:
                    dest.close()
                _move_into_place(temporary, target, replace=True, locks=(lock, old))
        except (OSError, sqlite3.Error) as exc:
            raise DocumentFileError(f"无法写入「{target}」（{_reason(exc)}）。") from None
        finally:
            if old is not None:
                old.release()

    def continue_as(self, target: Path) -> "Store":
        """另存为 as Word and Excel do it: write a copy to ``target`` and return it open in place of
        this one (writable, unless another program opened the new copy first). The caller closes
        this store; its file stays as it was."""
        self.copy_to(target)
        return open_file(Path(target))

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None


# --- opening and creating ----------------------------------------------------------------------

def create_file(path: Path, fill: Callable[[Store], None]) -> None:
    """A new document file at ``path`` (which must not exist) holding what ``fill`` writes to it in
    one transaction; open it with :func:`open_file`.

    It is built under a temporary name beside ``path`` and given the name only when complete, never
    replacing a file: an error, a full disk or a killed process leave nothing under ``path`` (a
    leftover temporary file is taken over by the next attempt). Raises DocumentFileError, or what
    ``fill`` raised."""
    path = Path(path)
    if path.exists():
        raise DocumentFileError(f"文件「{path.name}」已存在，请换一个文件名。")
    try:
        with _building(path) as (temporary, lock):
            db = _connect(temporary, read_only=False)
            try:
                migrations.create_schema(db)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute("BEGIN IMMEDIATE")
                fill(Store(temporary, db, None, read_only=False))
                db.execute("COMMIT")
            finally:
                db.close()
            _move_into_place(temporary, path, replace=False, locks=(lock,))
    except FileExistsError:
        raise DocumentFileError(f"文件「{path.name}」已存在，请换一个文件名。") from None
    except (sqlite3.Error, OSError) as exc:
        raise DocumentFileError(f"无法在「{path.parent}」中创建文件「{path.name}」（{_reason(exc)}），"
                                "没有留下不完整的文件。请清理磁盘空间或换一个可写的文件夹后重试。") from None


def open_file(path: Path, read_only: bool = False) -> Store:
    """Open a document. If another process has it open, or it cannot be written where it is, it is
    opened read-only and ``read_only_reason`` says why.

    Older files are migrated forward (a copy of the original is kept beside it as ``*.v<N>.bak``).
    """
    path = Path(path)
    check_identity(path)
    lock = None
    reason = "文档以只读方式打开，不能修改。" if read_only else _not_writable(path)
    if not reason:
        lock = FileLock(path)
        try:
            if not lock.acquire():
                lock = None
                who = holder_description(path)
                reason = (f"「{path.name}」正在被{who or '其他程序'}使用，已以只读方式打开。"
                          "如需修改，请先在另一处关闭该文件。")
        except OSError as exc:
            lock = None
            reason = (f"无法以可写方式打开「{path.name}」（{_reason(exc)}），已以只读方式打开。"
                      "如需修改，请用“另存为”保存到可写的文件夹。")
    try:
        db, recovered = _connect_for_reading(path, writable=lock is not None)
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
    if recovered:
        reason += (f"「{path.name}」上次未正常关闭，这里显示的是它已保存的全部内容（中断的那次修改不在其中）；"
                   "在可写的位置以可写方式打开一次，即可修复文件本身。")
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


def _not_writable(path: Path) -> str:
    """Why the document cannot be written where it is (a read-only file, a folder that takes no
    journal), or "". The mode bits count too: as root, ``os.access`` allows everything."""
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except OSError:
        return ""  # gone meanwhile: opening it says so
    if not os.access(real, os.W_OK) or not mode & 0o222:
        return (f"「{path.name}」是只读文件，已以只读方式打开。如需修改，请在文件属性中取消“只读”，"
                "或用“另存为”保存一份副本。")
    if not os.access(real.parent, os.W_OK):
        return (f"「{path.name}」所在的文件夹不可写入，已以只读方式打开。"
                "如需修改，请用“另存为”保存到可写的文件夹。")
    return ""


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


def _connect_for_reading(path: Path, writable: bool) -> tuple[sqlite3.Connection, bool]:
    """A connection to the document, and whether it is a private recovered copy: a writer that
    died mid-edit leaves a journal that only a writable open may roll back, so a read-only open
    reads what rolling it back gives (:func:`_recovered_copy`), leaving the files as they are."""
    db = _connect(path, read_only=not writable)
    if writable:
        return db, False
    try:
        db.execute("PRAGMA user_version").fetchone()
        return db, False
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) != SQLITE_READONLY_ROLLBACK:
            raise
    db.close()
    try:
        return _recovered_copy(path), True
    except FileNotFoundError:  # a writer rolled the journal back meanwhile
        return _connect(path, read_only=True), False


def _recovered_copy(path: Path) -> sqlite3.Connection:
    """The file as its journal rolls it back, in memory. The journal is copied before the file: if
    a writer rolls the original back meanwhile, a journal of before and a file of after still roll
    back to the same state."""
    real = Path(os.path.realpath(path))
    with tempfile.TemporaryDirectory(prefix="budgetdesk-") as folder:
        copy = Path(folder) / "recovered.bdoc"
        shutil.copyfile(f"{real}-journal", f"{copy}-journal")
        shutil.copyfile(real, copy)
        disk = sqlite3.connect(copy, isolation_level=None)
        try:
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            disk.backup(memory)
        finally:
            disk.close()
    return memory


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
        LOGGER.info("quick_check of %s: %s", path, problems[:5])
        raise DocumentFileError(
            f"「{path.name}」已损坏（数据库结构损坏），未做任何修改。请改用备份副本。")
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
        if target.in_transaction:
            target.execute("ROLLBACK")
        raise
    return target


# --- building a file under a temporary name --------------------------------------------------------

@contextmanager
def _building(path: Path) -> Iterator[tuple[Path, FileLock]]:
    """A temporary file beside ``path`` to build a document in, under its lock, removed afterwards
    unless :func:`_move_into_place` gave it its name. A leftover of a killed run is emptied and its
    journal removed (never rolled into the new file); one another process is building is refused."""
    temporary = path.with_name(path.name + ".part")
    journal = temporary.with_name(temporary.name + "-journal")
    lock = FileLock(temporary, new=True)
    if not lock.acquire():
        raise DocumentFileError(f"另一个程序正在写入「{path.name}」，请稍后再试或换一个文件名。")
    try:
        journal.unlink(missing_ok=True)
        yield temporary, lock
    finally:
        if lock.held and sys.platform != "win32":
            _remove(journal, temporary)  # while still locked, so never another process's file
        lock.release()
        if sys.platform == "win32":  # pragma: no cover - Windows removes no file that is open,
            _remove(journal, temporary)  # so never one another process is building


def _move_into_place(temporary: Path, path: Path, replace: bool, locks) -> None:
    """Give a finished file its name. POSIX renames an open file and its lock follows it; Windows
    renames no file that is open, so there the ``locks`` are let go first (and the rename then
    fails, harmlessly, if another program opened either file meanwhile). Without ``replace`` an
    existing file is never replaced (FileExistsError)."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        for lock in locks:
            if lock is not None:
                lock.release()
        (os.replace if replace else os.rename)(temporary, path)  # rename refuses an existing path
        return
    if replace:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system (FAT, some network shares)
        if path.exists():
            raise FileExistsError(path) from None
        os.rename(temporary, path)
        return
    os.unlink(temporary)


def _remove(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # a leftover is taken over by the next attempt


# --- cells and messages ------------------------------------------------------------------------

def _encode_cells(cells: list[str | None]) -> str:
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


def _decode_cells(text: str) -> list[str | None]:
    cells = json.loads(text)
    if not isinstance(cells, list) or not all(c is None or isinstance(c, str) for c in cells):
        raise ValueError("bad row")
    return cells


def _damaged(path: Path, exc: Exception) -> str:
    reason = _reason(exc)
    if reason == _BUSY:
        return f"「{path.name}」正被其他程序占用，暂时无法打开，未做任何修改。请稍后再试。"
    return f"「{path.name}」已损坏或不是 BudgetDesk 文档（{reason}），未做任何修改。"


def _write_failed(exc: Exception) -> str:
    reason = _reason(exc)
    advice = _ADVICE.get(reason, "请用“另存为”把文档保存到其他位置。")
    return f"无法写入文件：{reason}。本次修改没有生效，文件保持修改前的内容。{advice}"


_BUSY = "文件正被其他程序占用"
_FULL = "磁盘空间不足"
_ADVICE = {_FULL: "请清理磁盘空间，或把文档另存到其他磁盘后重试。", _BUSY: "请稍后重试。"}
_SQLITE_REASONS = {  # by primary result code
    3: "没有访问权限", 5: _BUSY, 6: _BUSY, 7: "内存不足", 8: "文件为只读", 10: "磁盘读写错误",
    11: "数据库结构损坏", 13: _FULL, 14: "无法打开文件", 26: "文件内容不是数据库",
}
_OS_REASONS = {
    errno.ENOSPC: _FULL, getattr(errno, "EDQUOT", errno.ENOSPC): _FULL,
    errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "磁盘为只读",
    errno.ENOENT: "找不到文件或文件夹", errno.EIO: "磁盘读写错误", errno.EISDIR: "目标是文件夹",
    errno.EBUSY: _BUSY,
}
_WINDOWS_REASONS = {32: _BUSY, 33: _BUSY, 112: _FULL}  # sharing / lock violation, disk full


def _reason(exc: Exception) -> str:
    """What went wrong in a few Chinese words; the original text goes to the error log only."""
    LOGGER.info("file error: %s: %s", type(exc).__name__, exc)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return _SQLITE_REASONS.get((code or 0) & 0xFF, "文件读写出错")
    if isinstance(exc, OSError):
        found = _WINDOWS_REASONS.get(getattr(exc, "winerror", None)) or _OS_REASONS.get(exc.errno)
        return found or (f"系统错误 {exc.errno}" if exc.errno else "系统错误")
    return "内容格式不正确"
