"""One writer per document: an OS lock on the document file itself.

Invariants:
1. The lock belongs to the file, not to a name: it is taken through a descriptor of the database
   file, so every path that leads to the file (a symbolic link, a hard link, a moved file) meets the
   same lock, and removing any other file cannot release it.
2. At most one open holds it, also within one process; the OS drops it when the holder dies, so a
   crash never leaves a document locked.
3. It never meets SQLite's own locks or I/O: it covers one byte of the page that holds SQLite's lock
   bytes (at 1 GiB, the "pending byte" page, which SQLite never reads or writes), past the 512 bytes
   SQLite locks there and inside that page for every page size from 1024 bytes (BudgetDesk's files
   use 4096). The file does not grow: the byte lies beyond its end.

Linux uses an open-file-description lock (``F_OFD_SETLK``): owned by the descriptor, so it is not
lost when another descriptor of the file is closed (SQLite's, or a copy being read) and conflicts
with a second open in the same process. Windows uses ``msvcrt.locking`` (LockFile), owned by the
handle. Other POSIX systems (macOS, BSD) have neither, and there ``flock`` conflicts with SQLite's
own locks; a classic ``fcntl`` lock is used, which keeps other processes out only until the holder
closes some other descriptor of the file, and never a second open in the same process (the
stale-memory check in ``core/file/store.py`` still keeps any second writer from losing an edit).

Who holds the lock is written to a note beside the file (``<document>.lock``, beside the file a
symbolic link points to), so a refused open can say by whom. The note only informs: deleting it
changes the message, never who may write.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import struct
import sys
from pathlib import Path

LOCK_OFFSET = 0x40000000 + 0x300  # SQLite's PENDING_BYTE page; it locks the first 512 bytes only


def lock_path(document: Path) -> Path:
    """The note saying who holds the document's lock."""
    real = Path(os.path.realpath(document))
    return real.with_name(real.name + ".lock")


class FileLock:
    """The write lock of one document file, held from :meth:`acquire` until :meth:`release`.

    ``new=True`` creates the file if needed and, once the lock is held, empties it: a file being
    created is only ever emptied by the one creator holding its lock.
    """

    def __init__(self, document: Path, new: bool = False):
        self.document = Path(document)
        self.path = lock_path(self.document)
        self._new = new
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock: False if another open holds it. Raises OSError if the file cannot be
        opened for writing (read-only, no permission, missing)."""
        flags = os.O_RDWR | getattr(os, "O_BINARY", 0) | (os.O_CREAT if self._new else 0)
        fd = os.open(self.document, flags, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return False
        try:
            if self._new:
                os.ftruncate(fd, 0)
        except OSError:
            _unlock(fd)
            os.close(fd)
            raise
        self._fd = fd
        _write_note(self.path)
        return True

    def release(self) -> None:
        """Give the lock up and remove the note (best effort: a leftover note is harmless)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _silently(self.path.unlink)  # still locked: no later holder's note can be removed
        _unlock(fd)
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


def _write_note(note: Path) -> None:
    holder = json.dumps({"user": _user(), "host": socket.gethostname(), "pid": os.getpid()},
                        ensure_ascii=False).encode("utf-8")
    try:
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    except OSError:
        return  # a read-only folder: the document cannot be written there anyway
    try:
        os.write(fd, holder)
    except OSError:
        pass
    finally:
        os.close(fd)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no user name is set
        return ""


def _silently(action) -> None:
    try:
        action()
    except OSError:
        pass


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    _OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)  # Linux 3.15+

    def _flock(kind: int) -> bytes:
        """A ``struct flock`` for the lock byte: type, whence, start, length, pid (0 for OFD)."""
        return struct.pack("hhqqi4x", kind, os.SEEK_SET, LOCK_OFFSET, 1, 0)

    def _try_lock(fd: int) -> bool:
        try:
            if _OFD_SETLK is not None:
                fcntl.fcntl(fd, _OFD_SETLK, _flock(fcntl.F_WRLCK))
            else:  # pragma: no cover - macOS, BSD
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, LOCK_OFFSET)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            if _OFD_SETLK is not None:
                fcntl.fcntl(fd, _OFD_SETLK, _flock(fcntl.F_UNLCK))
            else:  # pragma: no cover - macOS, BSD
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, LOCK_OFFSET)
        except OSError:
            pass
