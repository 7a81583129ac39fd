"""A table view that behaves like an Excel sheet: Enter moves down, Delete clears the selection,
Ctrl+C / Ctrl+V copy and paste rectangular ranges as Excel's tab-separated text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QMessageBox, QTableView

from core.clipboard_text import block_to_text, text_to_block


class SheetView(QTableView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        from ui.cell_delegate import CellDelegate

        self.setItemDelegate(CellDelegate(self))

    def setModel(self, model) -> None:
        super().setModel(model)
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)
        model.modelReset.connect(self.merge_spans)
        model.dataChanged.connect(lambda *_: self.merge_spans())
        self.merge_spans()

    def merge_spans(self) -> None:
        """Show runs of the same 一级/二级指标 as one merged cell, as the printed table does."""
        self.clearSpans()
        model = self.model()
        if getattr(model, "grid_name", None) != "indicators":
            return
        rows = model.grid.rows
        for column in (0, 1):
            start = 0
            for row in range(1, len(rows) + 1):
                same = (row < len(rows) and rows[row].cells[column] == rows[start].cells[column]
                        and rows[row].cells[:column] == rows[start].cells[:column]
                        and rows[row].cells[column])
                if not same:
                    if row - start > 1:
                        self.setSpan(start, column, row - start, 1)
                    start = row

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

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.NoHint
                            if hint == QAbstractItemDelegate.SubmitModelCache else hint)
        if hint == QAbstractItemDelegate.SubmitModelCache:  # Return after typing: next row, as in Excel
            self._move(1)

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
        if model.set_block(current.row(), current.column(), block):
            selection = self.selectionModel()
            top_left = model.index(current.row(), current.column())
            bottom_right = model.index(current.row() + len(block) - 1,
                                       min(current.column() + len(block[0]) - 1, model.columnCount() - 1))
            selection.select(type(selection.selection())(top_left, bottom_right),
                             QItemSelectionModel.ClearAndSelect)

    def clear_selection(self) -> None:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        self.model().clear_cells([(i.row(), i.column()) for i in indexes if i.isValid()])

    def confirm_add_rows(self, extra: int) -> bool:
        answer = QMessageBox.question(
            self, "粘贴", f"粘贴的内容比表格多 {extra} 行，是否在表格末尾添加 {extra} 行？",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        return answer == QMessageBox.Yes
