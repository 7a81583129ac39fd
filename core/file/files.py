"""Writing a file the officer will open: through a temporary file next to it, so that a failure
(disk full, the file open in Excel, a crash) never leaves half a file under their file name, nor a
``.part`` file beside it."""

from __future__ import annotations

import errno
import os
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


def save_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` as the file at ``path``, whole or not at all; raises BudgetDeskError (Chinese)
    if it cannot be written — 磁盘空间不足 when the disk is full — leaving ``path`` as it was and no
    ``.part`` file beside it."""
    target = Path(path)
    try:
        with replacing(target) as temporary:
            write_bytes(temporary, data)
    except OSError as exc:
        raise write_failure(target, exc) from None
    return target


def write_bytes(path: Path, data) -> None:
    """Write ``data`` to a new file at ``path`` and to the disk itself (fsync): a full disk that
    the system reports only when the data reaches it still fails here."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
