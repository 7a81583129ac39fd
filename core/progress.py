"""Long work (export, printing) told how far it is and stopped when the officer cancels."""

from __future__ import annotations

from typing import Callable

from core.errors import Cancelled


class Steps:
    """``step()`` after each of ``total`` parts: reports ``progress(done, total)`` and raises
    Cancelled as soon as ``cancelled()`` says so (the caller's writer then leaves no file)."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None):
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled

    def step(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        """All done (work whose step count was an estimate says so at its end)."""
        self.done = self.total
        if self.progress is not None:
            self.progress(self.total, self.total)
