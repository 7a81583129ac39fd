"""A thin Qt table model over one core grid (a project's 指标 rows, a 公开表's rows, …).

It reads the core objects directly; it holds no copy of the data. Editing arrives with the editor
issue: ``setData`` will push an undo command that applies a core edit.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from core import cell_input
from core.model import Grid


class GridModel(QAbstractTableModel):
    def __init__(self, grid: Grid, parent=None):
        super().__init__(parent)
        self.grid = grid

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.columns)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        column = self.grid.columns[index.column()]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self.grid.rows[index.row()].cells[index.column()] or ""
        if role == Qt.TextAlignmentRole and column.kind in (cell_input.AMOUNT, cell_input.NUMBER):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            return self.grid.columns[section].label.replace("/", "\n")
        return str(section + 1)
