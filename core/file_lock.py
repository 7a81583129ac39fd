"""One writer per document: an OS lock on a small file beside it.

The lock file (``<document>.lock``) holds who has the document open, so a second process can say
who. The OS releases the lock when the holder dies, so a crash never leaves a document locked; the
stale file is simply taken over. Windows uses ``msvcrt.locking``, elsewhere ``fcntl.flock``
(per open file, so even a second open in the same process is refused).
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from pathlib import Path


def lock_path(document: Path) -> Path:
    return document.with_name(document.name + ".lock")


class FileLock:
    """Holds the write lock of one document until :meth:`release`."""

    def __init__(self, document: Path):
        self.path = lock_path(document)
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another process (or another open) holds it."""
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return False  # read-only folder: the document opens read-only
            if not _try_lock(fd):
                os.close(fd)
                return False
            if _same_file(fd, self.path):
                break
            _unlock(fd)  # the holder removed the file while we waited: take the new one
            os.close(fd)
        else:
            return False
        self._fd = fd
        holder = json.dumps(
            {"user": _user(), "host": socket.gethostname(), "pid": os.getpid()}, ensure_ascii=False
        ).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, holder)
        except OSError:
            pass
        return True

    def release(self) -> None:
        """Give the lock up and remove the lock file (best effort: a leftover file is harmless)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform == "win32":  # pragma: no cover - Windows cannot remove an open file
            _unlock(fd)
            os.close(fd)
            _silently(self.path.unlink)  # fails if another process opened it meanwhile
        else:
            _silently(self.path.unlink)  # still locked: nobody can take it in between
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def holder_description(document: Path) -> str:
    """Who holds the document's lock, in words (``张三（PC-01）``), or "" if unknown."""
    try:
        raw = lock_path(document).read_bytes()[:1024]
        info = json.loads(raw.decode("utf-8").strip())
        return f"{info.get('user') or '未知用户'}（{info.get('host') or '未知计算机'}）"
    except (OSError, ValueError, AttributeError):
        return ""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no user name is set
        return ""


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _silently(action) -> None:
    try:
        action()
    except OSError:
        pass


# The lock covers one byte far past the holder text, so on Windows (where locks are mandatory)
# another process can still read who holds it.
_LOCK_OFFSET = 4096

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
