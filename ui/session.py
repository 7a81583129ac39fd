"""The open document in the window: one QUndoStack over core edits, and one signal views listen to.

Every change goes through :meth:`DocumentSession.perform` (or undo/redo): the core edit is applied
(committed to the file) first; only if that worked is it pushed on the undo stack. Views refresh
from the ``changed`` signal, never from their own copies.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.document.document import Document
from core.document.edits import Applied, Edit
from core.errors import BudgetDeskError


class DocumentSession(QObject):
    changed = Signal(object)   # core.document.edits.Applied
    message = Signal(str)      # a Chinese message for the status bar
    findings_changed = Signal()
    reloaded = Signal()        # memory was read again from the file: views rebuild, undo starts afresh

    def __init__(self, doc: Document, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = QUndoStack(self)
        self.findings: list = []
        # (the findings gone, the findings come) in the last revalidate, None when it ran afresh;
        # and how many runs there were (a view that saw the run before can apply just these changes)
        self.changes: tuple[list, list] | None = None
        self.runs = 0
        self._by_cell: dict[tuple, list] = {}
        self.changed_cells: dict[int, set] = {}  # see revalidate
        self._validator = None
        self.active = True         # False once the document is closed: nothing more is applied
        self.last_refusal: str | None = None  # the message of the last input or edit refused
        self.changed.connect(self._forget)

    def close(self) -> None:
        """The document is about to be closed: from now on edits (a late focus-out, a timer) are
        ignored instead of reaching a closed file."""
        self.active = False

    def _forget(self, applied: Applied) -> None:
        if self._validator is not None:
            self._validator.forget(self.doc, [c.form_id for c in applied.all_changes])

    def revalidate(self) -> list:
        """Run the rules on the document as it is now (only those an edit since the last run can
        have changed the result of); views tint their cells from the result. ``changed_cells``
        then holds the places whose findings changed ({form id: {(row, label), …}}), so a view
        repaints only those."""
        from core.checks.validation import Validator

        if self._validator is None:
            self._validator = Validator()
        self.findings = self._validator.run(self.doc)
        changes = self.changes = self._validator.changes
        self.runs += 1
        if changes is None:  # everything afresh
            before, self._by_cell = self._by_cell, self._cells_of(self.findings)
            keys = before.keys() | self._by_cell.keys()
        else:  # only the findings an edit changed move
            gone, came = changes
            by_cell = self._by_cell
            keys = {self._cell_of(f) for f in (*gone, *came)} - {None}
            before = {key: list(by_cell.get(key, ())) for key in keys}
            for finding in gone:
                found = by_cell.get(self._cell_of(finding))
                if found is not None and finding in found:
                    found.remove(finding)
            for finding in came:
                key = self._cell_of(finding)
                if key is not None:
                    by_cell.setdefault(key, []).append(finding)
            for key in keys:
                if not by_cell.get(key):
                    by_cell.pop(key, None)
        changed: dict[int, set] = {}
        for key in keys:
            if before.get(key) != self._by_cell.get(key):
                changed.setdefault(key[0], set()).add(key[1:])
        self.changed_cells = changed
        self.findings_changed.emit()
        return self.findings

    @staticmethod
    def _cell_of(finding) -> tuple | None:
        """(form id, 0-based row or None, column or field label) of a finding located in a form."""
        loc = finding.location
        if loc.form_id is None:
            return None
        return loc.form_id, None if loc.row is None else loc.row - 1, loc.field

    def _cells_of(self, findings: list) -> dict[tuple, list]:
        by_cell: dict[tuple, list] = {}
        for finding in findings:
            key = self._cell_of(finding)
            if key is not None:
                by_cell.setdefault(key, []).append(finding)
        return by_cell

    def findings_at(self, form_id: int, row: int | None, label: str) -> list:
        """The findings located at a cell (row 0-based, column by its printed label), or at a
        named field (row None, the field's label)."""
        return self._by_cell.get((form_id, row, label), [])

    def perform(self, edit: Edit) -> bool:
        """Apply an edit and make it undoable; False (with a message) if it was refused. A success
        replaces an earlier refusal's message with the edit's own notice, if it has one."""
        if not self.active:
            return False
        reloads = self.doc.reloads
        try:
            applied = self.doc.apply(edit)
        except BudgetDeskError as exc:
            self.report(exc)
            if self.doc.reloads != reloads:
                self._reloaded()
            return False
        self.undo_stack.push(_EditCommand(self, edit, applied))
        self.changed.emit(applied)
        self.last_refusal = None
        self.message.emit(getattr(edit, "notice", None) or "")
        return True

    def _reloaded(self) -> None:
        """After a refused transaction memory holds what the file holds (maybe another program's
        change): the undo steps were made against what memory held before, so they go, and the
        views rebuild."""
        if self._validator is not None:
            self._validator.forget(self.doc)
        self.undo_stack.clear()
        self.reloaded.emit()

    def report(self, error: BudgetDeskError) -> None:
        self.last_refusal = str(error)
        self.message.emit(str(error))


class _EditCommand(QUndoCommand):
    """One undo step. Created after its edit was applied, so the first redo() does nothing."""

    def __init__(self, session: DocumentSession, edit: Edit, applied: Applied):
        super().__init__(edit.label)
        self._session = session
        self._redo = edit
        self._undo = applied.inverse
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._redo, inverse_slot="_undo")

    def undo(self) -> None:
        self._run(self._undo, inverse_slot="_redo")

    def _run(self, edit: Edit, inverse_slot: str) -> None:
        session = self._session
        reloads = session.doc.reloads
        try:
            applied = session.doc.apply(edit)
        except BudgetDeskError as exc:
            session.message.emit(str(exc))
            self.setObsolete(True)
            if session.doc.reloads != reloads:
                QTimer.singleShot(0, session._reloaded)  # not while the stack is undoing this step
            return
        setattr(self, inverse_slot, applied.inverse)
        self._session.changed.emit(applied)
