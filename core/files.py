"""Writing a file the officer will open: through a temporary file next to it, so that a failure
(disk full, the file open in Excel, a crash) never leaves half a file under their file name."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


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


def save_workbook(book, path: Path) -> Path:
    """Save an openpyxl workbook to ``path`` through a temporary file; raises BudgetDeskError
    (Chinese) if it cannot be written."""
    from core.errors import BudgetDeskError

    target = Path(path)
    try:
        with replacing(target) as temporary:
            book.save(temporary)
    except OSError as exc:
        raise BudgetDeskError(f"无法写入「{target}」：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from None
    return target
