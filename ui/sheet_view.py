"""A table view that behaves like an Excel sheet: typing replaces the cell, F2 and double-click
edit it, Enter commits and moves down (Shift+Enter up), Tab commits and moves right without opening
the next cell, Delete clears the selection, Ctrl+C / Ctrl+V copy and paste rectangular ranges as
Excel's tab-separated text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QMessageBox, QTableView

from core.values.clipboard_text import block_to_text, text_to_block
from ui.plain import shown


class SheetView(QTableView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        from ui.cell_delegate import CellDelegate

        self.setItemDelegate(CellDelegate(self))

    def fit_columns(self, widths_for, room: int) -> None:
        """Size the columns by ``widths_for(room)`` now (``room``: the width expected) and again
        whenever the view's width changes, until the officer resizes a column by hand; rows grow
        to show their wrapped text."""
        self._widths_for = widths_for
        self._apply_widths(room)
        self.horizontalHeader().sectionResized.connect(self._sized_by_hand)

    def _apply_widths(self, room: int) -> None:
        self._applying = True
        try:
            for column, width in enumerate(self._widths_for(room)):
                self.setColumnWidth(column, width)
        finally:
            self._applying = False
        self.resizeRowsToContents()

    def _sized_by_hand(self, *_args) -> None:
        if not getattr(self, "_applying", False):
            self._widths_for = None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if getattr(self, "_widths_for", None) is not None and event.size().width() != event.oldSize().width():
            self._apply_widths(self.viewport().width())

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)
        model.modelReset.connect(self.merge_spans)
        model.dataChanged.connect(lambda *_: self.merge_spans())
        self.merge_spans()

    def merge_spans(self) -> None:
        """Show runs of the same 一级/二级指标 as one merged cell, as the printed table does. Spans
        are reset only when they differ from those shown (resetting them repaints the whole
        table, and this runs after every edit)."""
        model = self.model()
        spans = []
        if getattr(model, "grid_name", None) == "indicators":
            rows = model.grid.rows
            for column in (0, 1):
                start = 0
                for row in range(1, len(rows) + 1):
                    same = (row < len(rows) and rows[row].cells[column] == rows[start].cells[column]
                            and rows[row].cells[:column] == rows[start].cells[:column]
                            and rows[row].cells[column])
                    if not same:
                        if row - start > 1:
                            spans.append((start, column, row - start))
                        start = row
        if spans == getattr(self, "_spans", None):
            return
        self._spans = spans
        self.clearSpans()
        for start, column, count in spans:
            self.setSpan(start, column, count, 1)

    def _remember_current(self) -> None:
        current = self.currentIndex()
        self._kept = (current.row(), current.column()) if current.isValid() else None

    def _restore_current(self) -> None:
        """Rows were inserted, removed or moved: keep the cursor where it was, as Excel does."""
        kept = getattr(self, "_kept", None)
        model = self.model()
        if kept and model.rowCount():
            row = min(kept[0], model.rowCount() - 1)
            self.setCurrentIndex(model.index(row, kept[1]))

    # --- keys --------------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.Paste):
            self.paste()
        elif event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self.state() != QAbstractItemView.EditingState:
            self.clear_selection()
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.state() != QAbstractItemView.EditingState:
            self._move(1 if not event.modifiers() & Qt.ShiftModifier else -1)
        else:
            super().keyPressEvent(event)

    def edit(self, index, trigger=None, event=None):
        if trigger is None:
            return super().edit(index)
        delegate = self.itemDelegate()
        delegate.opened_by_typing = trigger == QAbstractItemView.AnyKeyPressed
        try:
            opened = super().edit(index, trigger, event)
        finally:
            delegate.opened_by_typing = False
        if opened and trigger in (QAbstractItemView.EditKeyPressed, QAbstractItemView.DoubleClicked):
            delegate.cursor_to_end()  # F2 and double-click edit in place (Qt would select it all)
        return opened

    def inputMethodEvent(self, event) -> None:
        """Text an input method commits at once (no composing first) starts editing with it, as a
        key press does (Qt would open the editor and drop the text)."""
        if (self.state() != QAbstractItemView.EditingState and event.commitString()
                and not event.preeditString() and self.currentIndex().isValid()):
            if self.edit(self.currentIndex(), QAbstractItemView.AnyKeyPressed, event):
                editor = self.itemDelegate().open_editor
                if editor is not None and not self.itemDelegate().text_of(editor):
                    QApplication.sendEvent(editor.focusProxy() or editor, event)
                return
        super().inputMethodEvent(event)

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.NoHint)
        if hint == QAbstractItemDelegate.SubmitModelCache:  # Enter: the next row, as in Excel
            self._move(-1 if QGuiApplication.keyboardModifiers() & Qt.ShiftModifier else 1)
        elif hint in (QAbstractItemDelegate.EditNextItem, QAbstractItemDelegate.EditPreviousItem):
            # Tab: the next cell, not yet edited (typing there replaces it)
            action = (QAbstractItemView.MoveNext if hint == QAbstractItemDelegate.EditNextItem
                      else QAbstractItemView.MovePrevious)
            target = self.moveCursor(action, Qt.NoModifier)
            if target.isValid():
                self.setCurrentIndex(target)

    def commit_editor(self) -> str | None:
        """Commit and close the cell editor, if one is open. None when done; else the Chinese
        reason the value was refused (the editor then stays open with what was typed)."""
        delegate = self.itemDelegate()
        editor = delegate.open_editor
        if editor is None or self.state() != QAbstractItemView.EditingState:
            return None
        self.model().session.last_refusal = None
        delegate.refused = False
        self.commitData(editor)
        if delegate.refused:
            editor.setFocus()
            return self.model().session.last_refusal or "输入的内容未能保存。"
        super().closeEditor(editor, QAbstractItemDelegate.NoHint)
        return None

    def _move(self, rows: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = min(max(current.row() + rows, 0), self.model().rowCount() - 1)
        self.setCurrentIndex(self.model().index(row, current.column()))

    # --- ranges ------------------------------------------------------------------------------------
    def selected_rectangle(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) around the selection, or the current cell."""
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> None:
        rect = self.selected_rectangle()
        if rect is None:
            return
        top, left, bottom, right = rect
        model = self.model()
        block = [[model.index(r, c).data(Qt.EditRole) or "" for c in range(left, right + 1)]
                 for r in range(top, bottom + 1)]
        QGuiApplication.clipboard().setText(block_to_text(block))

    def paste(self) -> None:
        block = text_to_block(QGuiApplication.clipboard().text())
        current = self.currentIndex()
        if not block or not current.isValid():
            return
        model = self.model()
        extra = current.row() + len(block) - model.rowCount()
        if extra > 0 and not self.confirm_add_rows(extra):
            return
        if not model.set_block(current.row(), current.column(), block):
            refusal = model.session.last_refusal or ""
            if "\n" in refusal:  # several cells refused: the whole list, not only the status line
                QMessageBox.warning(self, "粘贴", shown(refusal))
            return
        selection = self.selectionModel()
        top_left = model.index(current.row(), current.column())
        bottom_right = model.index(current.row() + len(block) - 1,
                                   min(current.column() + len(block[0]) - 1, model.columnCount() - 1))
        selection.select(type(selection.selection())(top_left, bottom_right), QItemSelectionModel.ClearAndSelect)

    def clear_selection(self) -> None:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        self.model().clear_cells([(i.row(), i.column()) for i in indexes if i.isValid()])

    def confirm_add_rows(self, extra: int) -> bool:
        answer = QMessageBox.question(
            self, "粘贴", f"粘贴的内容比表格多 {extra} 行，是否在表格末尾添加 {extra} 行？",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        return answer == QMessageBox.Yes
