"""The errors core/ raises on purpose.

Every message is plain Chinese meant for the officer: what is wrong and what to do. Callers
(CLI, window) show ``str(error)`` and never a traceback.
"""


class BudgetDeskError(Exception):
    """Base of every error whose message is written for the officer."""


class InputError(BudgetDeskError):
    """A value typed or pasted by the officer was refused; nothing was changed."""


class DocumentFileError(BudgetDeskError):
    """A file could not be opened or written as a BudgetDesk document; the file was not modified."""


class ReadOnlyError(BudgetDeskError):
    """An edit was attempted on a document opened read-only."""


class ImportFormatError(BudgetDeskError):
    """An import source (JSON, …) does not have the expected shape; nothing was written."""


class Cancelled(BudgetDeskError):
    """The officer cancelled long work (an export, printing); nothing was written."""

    def __init__(self, message: str = "已取消，没有写入文件。"):
        super().__init__(message)
