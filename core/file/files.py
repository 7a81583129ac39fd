"""Writing a file the officer will open: through a temporary file next to it, so that a failure
(disk full, the file open in Excel, a crash) never leaves half a file under their file name, nor a
``.part`` file beside it."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from core.errors import BudgetDeskError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


@contextmanager
def replacing(path: Path):
    """Yield a temporary path beside ``path``; when the block succeeds the temporary file replaces
    ``path``, otherwise it is removed and ``path`` is left as it was."""
    path = Path(path)
    temporary = path.with_name(path.name + ".part")
    try:
        yield temporary
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def write_failure(path: Path, exc: OSError) -> BudgetDeskError:
    """The officer's message for a file that could not be written at ``path``: a full disk (or
    quota) says 磁盘空间不足, a refused one that it may be open in Excel/WPS; the rest give the
    system's reason. The one wording of every export's failure."""
    if exc.errno in _DISK_FULL:
        return BudgetDeskError(f"磁盘空间不足，无法写入「{path}」，没有留下不完整的文件。"
                               "请清理磁盘空间或保存到其他磁盘后重试。")
    if isinstance(exc, PermissionError):
        return BudgetDeskError(f"无法写入「{path}」：没有写入权限，或文件正在 Excel、WPS 等程序中打开。"
                               "请关闭该文件或换一个位置保存后重试。")
    return BudgetDeskError(f"无法写入「{path}」：{exc.strerror or exc}")


def save_workbook(book, path: Path) -> Path:
    """Save an openpyxl workbook to ``path`` through a temporary file; raises BudgetDeskError
    (Chinese) if it cannot be written — 磁盘空间不足 when a disk is full, the target's or the
    temporary folder's — leaving ``path`` as it was, no ``.part`` file and nothing on stderr.

    The zip is made in memory and written to ``path`` in one plain write, so that a full disk
    there is an OSError and never fails inside openpyxl's zip writer (whose archive, left open,
    fails again when collected). openpyxl still writes each sheet to a temporary file first; a
    failure there (lxml's SerialisationError, or an OSError) is said, and the sheet streams it
    leaves half written are closed without their second report."""
    target = Path(path)
    data = _workbook_bytes(book, target)
    try:
        with replacing(target) as temporary:
            write_bytes(temporary, data)
    except OSError as exc:
        raise write_failure(target, exc) from None
    return target


def _workbook_bytes(book, target: Path) -> bytes:
    buffer = io.BytesIO()
    failure = None
    with _quiet_openpyxl_streams():
        try:
            book.save(buffer)
        except (OSError, *_serialisation_errors()) as exc:
            failure = _temporary_folder_failure(target, exc)
        gc.collect()  # the failed save's frames are gone: its streams are closed here, quietly
    if failure is not None:
        raise failure
    return buffer.getvalue()


def _temporary_folder_failure(target: Path, exc: Exception) -> BudgetDeskError:
    folder = tempfile.gettempdir()
    if getattr(exc, "errno", None) in _DISK_FULL or "ENOSPC" in str(exc):
        return BudgetDeskError(f"磁盘空间不足：生成「{target}」要先在临时文件夹「{folder}」中写入临时文件，"
                               "它所在的磁盘已满；没有留下不完整的文件。请清理磁盘空间后重试。")
    reason = getattr(exc, "strerror", None) or exc
    return BudgetDeskError(f"无法生成「{target}」：临时文件夹「{folder}」无法写入（{reason}）。"
                           "请检查临时文件夹（TEMP）是否可写，或联系单位的电脑管理员。")


def _serialisation_errors() -> tuple[type[Exception], ...]:
    try:
        from lxml.etree import SerialisationError
    except ImportError:  # openpyxl then writes through Python files: an OSError
        return ()
    return (SerialisationError,)


@contextmanager
def _quiet_openpyxl_streams():
    """While it lasts, an exception raised when one of openpyxl's sheet streams is collected (a
    stream a failed save left open) is dropped; every other one goes to the hook as before."""
    original = sys.unraisablehook

    def hook(unraisable) -> None:
        code = getattr(unraisable.object, "gi_code", None)
        if code is None or "openpyxl" not in code.co_filename:
            original(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = original


def write_bytes(path: Path, data) -> None:
    """Write ``data`` to a new file at ``path`` and to the disk itself (fsync): a full disk that
    the system reports only when the data reaches it still fails here."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
