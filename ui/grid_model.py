"""A thin Qt table model over one core grid (a project's 指标 rows, a 公开表's rows, …).

It reads the core objects directly and holds no copy of the data; ``setData`` turns what was typed
into a core edit performed through the session (so it is committed and undoable), and the model
repaints from the session's ``changed`` signal.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from core.values import cell_input, money

from core.document import edits, forms
from core.errors import InputError
from core.document.model import Grid
from core.checks.validation import worst_severity
from ui.findings_dock import SEVERITY_COLORS
from ui.plain import shown

# Looking up Qt.DisplayRole costs microseconds in PySide6, and data() runs for every painted cell
# and role: the roles and flags it compares are looked up once, here.
DISPLAY, EDIT, TOOLTIP, BACKGROUND, ALIGNMENT = (Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole,
                                                 Qt.BackgroundRole, Qt.TextAlignmentRole)
TEXT_ROLES = frozenset((DISPLAY, EDIT))
FINDING_ROLES = frozenset((BACKGROUND, TOOLTIP))
FINDING_ROLES_LIST = [BACKGROUND, TOOLTIP]
ANSWERED = TEXT_ROLES | FINDING_ROLES | {ALIGNMENT}
RIGHT_ALIGNED = int(Qt.AlignRight | Qt.AlignVCenter)
EDITABLE = Qt.ItemIsEditable
NUMERIC = frozenset((cell_input.AMOUNT, cell_input.NUMBER))
LAST_YEAR = frozenset(forms.LAST_YEAR_KEYS)
LAST_YEAR_BACKGROUND = QColor("#eeeeee")  # 上年数: reference, not printed


class GridModel(QAbstractTableModel):
    def __init__(self, session, form_id: int, grid_name: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.form_id = form_id
        self.grid_name = grid_name
        session.changed.connect(self._on_changed)
        session.findings_changed.connect(self._repaint_findings)

    @property
    def grid(self) -> Grid:
        return self.session.doc.form_by_id(self.form_id).grids[self.grid_name]

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if index.isValid() and not self.session.doc.read_only:
            return base | EDITABLE
        return base

    discarded = False  # set when its page no longer shows the document (FormPage.discard)

    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:
        if not index.isValid() or role != Qt.EditRole or self.discarded:
            return False
        text = None if value is None else str(value)
        try:
            edit = edits.set_cells(self.session.doc, self.form_id, self.grid_name,
                                   index.row(), index.column(), [[text]])
        except InputError as exc:
            self.session.report(exc)
            return False
        if isinstance(edit, edits.SetCells) and all(
                self.grid.rows[r].cells[c] == v for r, c, v in edit.cells):
            return True  # the value it holds (an editor left without a change): no undo step
        return self.session.perform(edit)

    def set_block(self, top: int, left: int, block: list[list[str]]) -> bool:
        """Paste a block with its top-left at (top, left); rows past the end are added."""
        try:
            edit = edits.set_cells(self.session.doc, self.form_id, self.grid_name, top, left, block)
        except InputError as exc:
            self.session.report(exc)
            return False
        return self.session.perform(edit)

    def clear_cells(self, cells: list[tuple[int, int]]) -> bool:
        """Delete: blank the given cells as one undo step."""
        cells = [(r, c) for r, c in cells if self.grid.rows[r].cells[c] is not None]
        if not cells:
            return False
        return self.session.perform(edits.SetCells(
            self.form_id, self.grid_name, tuple((r, c, None) for r, c in sorted(cells)), "清除内容"))

    def insert_rows(self, at: int, count: int = 1) -> bool:
        blank = tuple((None,) * self.columnCount() for _ in range(count))
        return self.session.perform(edits.InsertRows(self.form_id, self.grid_name, at, blank))

    def delete_rows(self, at: int, count: int = 1) -> bool:
        return self.session.perform(edits.DeleteRows(self.form_id, self.grid_name, at, count))

    def move_rows(self, start: int, count: int, to: int) -> bool:
        if to < 0 or to + count > self.rowCount() or to == start:
            return False
        return self.session.perform(edits.MoveRows(self.form_id, self.grid_name, start, count, to))

    def _repaint_findings(self) -> None:
        """Repaint the cells whose findings changed (their tint and tooltip), not the whole table."""
        changed = self.session.changed_cells.get(self.form_id)
        if not changed:
            return
        columns = {c.label: i for i, c in enumerate(self.grid.columns)}
        rows = self.rowCount()
        for row, label in changed:
            col = columns.get(label)
            if row is not None and col is not None and row < rows:
                index = self.index(row, col)
                self.dataChanged.emit(index, index, FINDING_ROLES_LIST)

    def _on_changed(self, applied) -> None:
        for change in applied.all_changes:
            if change.form_id is None and change.structure:
                try:
                    self.session.doc.form_by_id(self.form_id)
                except KeyError:
                    return  # the form was removed; its page goes away
            if change.form_id != self.form_id or change.grid != self.grid_name:
                continue
            if change.structure or change.rows is None:
                self.beginResetModel()
                self.endResetModel()
            else:
                first, last = change.rows
                left, right = change.columns or (0, self.columnCount() - 1)  # (a typed cell: itself)
                self.dataChanged.emit(self.index(first, left), self.index(last, right))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.columns)

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if role not in ANSWERED or not index.isValid():
            return None  # (a painted cell asks seven roles: the font, colour, icon… are Qt's defaults)
        grid = self.grid
        col = index.column()
        column = grid.columns[col]
        value = grid.rows[index.row()].cells[col]
        if role == DISPLAY and column.kind == cell_input.AMOUNT and value:
            return money.printed(value)
        if role in FINDING_ROLES:
            found = self.session.findings_at(self.form_id, index.row(), column.label)
            if found:
                if role == BACKGROUND:
                    return SEVERITY_COLORS[worst_severity(found)]
                return shown("\n".join(f.message for f in found))
        if role == BACKGROUND and column.key in LAST_YEAR:
            return LAST_YEAR_BACKGROUND
        if role == TOOLTIP:
            return shown(value)
        if role in TEXT_ROLES:
            return value or ""
        if role == ALIGNMENT and column.kind in NUMERIC:
            return RIGHT_ALIGNED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role == TOOLTIP and orientation == Qt.Horizontal and self.grid.columns[section].key in LAST_YEAR:
            return "上年数：从上一年文件开始本年时保留的上年数值，供对照和检查，不打印。"
        if role != DISPLAY:
            return None
        if orientation == Qt.Horizontal:
            return self.grid.columns[section].label.rsplit("/", 1)[-1]
        return str(section + 1)
