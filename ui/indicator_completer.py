"""Suggestions under a 三级指标 cell as the officer types (the indicator library, ranked for the
row's 二级 and the project: :meth:`core.library.library.Library.suggest`).

The list is a child of the editor's window laid over the table (it never takes the focus: the
editor keeps it and its keys): ↓/↑ move in the list, Enter or a click chooses, Esc closes the
list (a second Esc leaves the editor as usual). Choosing fills 三级, 描述, 指标值 (last year's, or a
form such as ``≥__次`` to complete) and 依据 in one undo step through the session, and leaves the
chosen name in the editor, so the editor's own commit changes nothing more.

Hook-up (the cell delegate, when it creates the editor of a project's ``l3`` cell)::

    IndicatorCompleter.attach_to(editor, session, form_id, row)

All text shown is plain (names and explanations are the library's or the officer's text).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from ui.plain import plain_label

VISIBLE_ROWS = 8
POPUP_WIDTH = 700


class IndicatorCompleter(QObject):
    """The suggestion list of one editor. ``chosen`` is emitted with the Suggestion once its edit
    was applied (False from :meth:`choose` if the session refused it)."""

    chosen = Signal(object)

    def __init__(self, session, form_id: int, row: int, editor: QLineEdit, library=None):
        super().__init__(editor)
        self.session = session
        self.form_id = form_id
        self.row = row
        self.editor = editor
        self._library = library
        self.suggestions: list = []
        self.popup = _Popup(editor.window())
        self.popup.list.itemClicked.connect(lambda item: self.choose(self.suggestions[self.popup.list.indexOfTopLevelItem(item)]))
        self.popup.list.currentItemChanged.connect(self._show_detail)
        editor.textEdited.connect(self.update_for)
        editor.installEventFilter(self)
        editor.destroyed.connect(self.popup.deleteLater)

    @classmethod
    def attach_to(cls, editor: QLineEdit, session, form_id: int, row: int, library=None) -> "IndicatorCompleter":
        return cls(session, form_id, row, editor, library)

    @property
    def library(self):
        if self._library is None:
            from core.library.library import current_library

            self._library = current_library()
        return self._library

    def lookup(self, typed: str) -> list:
        """The suggestions for ``typed`` in this row (the project's other rows' names left out)."""
        from core.library import names
        from core.library.library import context_of

        doc = self.session.doc
        grid = doc.form_by_id(self.form_id).grids["indicators"]
        if not 0 <= self.row < len(grid.rows):
            return []
        l2 = grid.cell(self.row, "l2")
        others = frozenset(names.fold(r.cells[2]) for i, r in enumerate(grid.rows) if i != self.row and r.cells[2])
        return self.library.suggest(context_of(doc, self.form_id), l2, typed, VISIBLE_ROWS, others)

    def update_for(self, typed: str) -> None:
        """Show the suggestions for what is typed now (hide the list when there are none)."""
        self.suggestions = self.lookup(typed)
        if not self.suggestions:
            self.popup.hide()
            return
        self.popup.fill(self.suggestions)
        self._place()
        self.popup.show()
        self.popup.raise_()

    def _place(self) -> None:
        window = self.editor.window()
        below = self.editor.mapTo(window, QPoint(0, self.editor.height()))
        height = self.popup.sizeHint().height()
        x = min(below.x(), max(0, window.width() - POPUP_WIDTH))
        y = below.y() if below.y() + height <= window.height() else max(0, below.y() - self.editor.height() - height)
        self.popup.setGeometry(x, y, POPUP_WIDTH, height)

    def _show_detail(self, item, _previous=None) -> None:
        if item is None:
            self.popup.detail.setText("")
            return
        s = self.suggestions[self.popup.list.indexOfTopLevelItem(item)]
        self.popup.detail.setText(f"{s.description}\n依据：{s.basis or '—'}　来源：{s.where_from}")

    def choose(self, suggestion) -> bool:
        """Fill the row from ``suggestion`` (one undo step); the editor shows the chosen name."""
        from core.errors import InputError
        from core.library.edits import fill_row

        self.popup.hide()
        try:
            edit = fill_row(self.session.doc, self.form_id, self.row, suggestion)
        except InputError as exc:
            self.session.report(exc)
            return False
        self.editor.setText(suggestion.l3)
        if not self.session.perform(edit):
            return False
        self.chosen.emit(suggestion)
        return True

    def eventFilter(self, watched, event) -> bool:
        if watched is self.editor and event.type() == QEvent.KeyPress and self.popup.isVisible():
            key = event.key()
            items = self.popup.list
            if key in (Qt.Key_Down, Qt.Key_Up):
                step = 1 if key == Qt.Key_Down else -1
                current = items.indexOfTopLevelItem(items.currentItem()) if items.currentItem() else -1
                items.setCurrentItem(items.topLevelItem((current + step) % items.topLevelItemCount()))
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter) and items.currentItem() is not None:
                self.choose(self.suggestions[items.indexOfTopLevelItem(items.currentItem())])
                return False  # the editor's Enter then commits (the name it shows is stored already)
            if key == Qt.Key_Escape:
                self.popup.hide()
                return True
        if watched is self.editor and event.type() == QEvent.FocusOut:
            self.popup.hide()
        return super().eventFilter(watched, event)


class _Popup(QFrame):
    """The list and a line explaining the current suggestion."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.list = QTreeWidget()
        self.list.setFocusPolicy(Qt.NoFocus)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels(["三级指标", "指标值", "来源"])
        self.list.setColumnWidth(0, 290)
        self.list.setColumnWidth(1, 110)
        self.detail = plain_label()
        self.detail.setWordWrap(True)
        self.detail.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.list)
        layout.addWidget(self.detail)
        self.hide()

    def fill(self, suggestions) -> None:
        self.list.clear()
        for s in suggestions:
            item = QTreeWidgetItem([s.l3, s.value, s.where_from])
            item.setToolTip(0, "")
            self.list.addTopLevelItem(item)
        self.list.setCurrentItem(self.list.topLevelItem(0))
        rows = min(len(suggestions), VISIBLE_ROWS)
        row_height = self.list.sizeHintForRow(0) if suggestions else 20
        self.list.setFixedHeight(self.list.header().height() + rows * row_height + 6)
        self.detail.setFixedHeight(self.detail.fontMetrics().lineSpacing() * 3 + 6)
