"""Cell editors by what a column holds: drop-down lists for 一级/二级指标 (from the document's
indicator framework) and for fixed choices (指标性质); a paragraph editor (Alt+Enter for a new line,
committed after a pause in typing) for paragraph cells; plain text otherwise.

Editing is Excel's: typing into a cell replaces it, F2 and double-click edit it with the cursor
at the end, Enter commits (the view then moves down). The view tells the delegate how the editor
was opened (``opened_by``) before it is filled."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox, QLineEdit, QPlainTextEdit, QStyledItemDelegate

from core.values import cell_input
from core.document.frameworks import framework_of
from ui.idle_commit import commit_when_idle


def column_options(model, column: int) -> tuple[str, ...]:
    """The choices offered for a column (empty: free text)."""
    spec = model.grid.columns[column]
    if spec.kind == cell_input.CHOICE:
        return spec.options
    if model.grid_name != "indicators":
        return ()
    return framework_of(model.session.doc).options(spec.key)


# Columns holding paragraphs (情况说明 sections, 分项 goals, 保障措施, 任务内容): edited with line breaks kept.
LONG_TEXT_COLUMNS = {"text", "goal", "indicators", "content"}


def is_paragraph(model, index) -> bool:
    spec = model.grid.columns[index.column()]
    return spec.kind == cell_input.TEXT and (spec.key in LONG_TEXT_COLUMNS or "\n" in (index.data() or ""))


class CellDelegate(QStyledItemDelegate):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.opened_by_typing = False  # set by the view for the editor being opened
        self.open_editor = None        # the editor now open, if any
        self.refused = False           # whether the last commit was refused

    def createEditor(self, parent, option, index):
        if is_paragraph(index.model(), index):
            editor = QPlainTextEdit(parent)
            editor.setTabChangesFocus(True)
            commit_when_idle(editor, lambda e=editor: self.commitData.emit(e))
        else:
            options = column_options(index.model(), index.column())
            if options:
                editor = QComboBox(parent)
                editor.setEditable(True)  # a value outside the framework may still be typed; validation flags it
                editor.addItems(list(options))
                popup = editor.view()
                popup.setMinimumWidth(popup.sizeHintForColumn(0) + 24)  # whole names in the list
            else:
                editor = super().createEditor(parent, option, index)
                self._suggest_indicators(editor, index)
        self.open_editor = editor
        return editor

    def _suggest_indicators(self, editor, index) -> None:
        """A 三级指标 cell suggests indicators from the library as the officer types; choosing one
        fills the row (one undo step) and closes the editor."""
        model = index.model()
        if getattr(model, "grid_name", None) != "indicators" or not isinstance(editor, QLineEdit) or \
                model.grid.columns[index.column()].key != "l3" or \
                model.session.doc.form_by_id(model.form_id).kind != "project":
            return
        from ui.indicator_completer import IndicatorCompleter

        completer = IndicatorCompleter.attach_to(editor, model.session, model.form_id, index.row())
        completer.chosen.connect(lambda _suggestion, e=editor: (
            self.commitData.emit(e), self.closeEditor.emit(e, QAbstractItemDelegate.NoHint)))

    def destroyEditor(self, editor, index) -> None:
        if self.open_editor is editor:
            self.open_editor = None
        super().destroyEditor(editor, index)

    def updateEditorGeometry(self, editor, option, index) -> None:
        if isinstance(editor, QPlainTextEdit):  # room for a paragraph, not just the row height
            rect = option.rect
            rect.setHeight(max(rect.height(), 160))
            rect.setWidth(max(rect.width(), 360))
            editor.setGeometry(rect)
        else:
            super().updateEditorGeometry(editor, option, index)

    def setEditorData(self, editor, index) -> None:
        """Fill the editor: empty when opened by typing (the key typed replaces the cell), else the
        cell's text with the cursor at its end. An editor already showing the value, typed its own
        way, is left alone (a paragraph committed during a pause keeps its cursor)."""
        value = "" if self.opened_by_typing else (index.data(Qt.EditRole) or "")
        self.opened_by_typing = False
        if _text(editor) == value or (value and _text(editor).strip() == value):
            return
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)
        else:
            super().setEditorData(editor, index)
        self.cursor_to_end(editor)

    def cursor_to_end(self, editor=None) -> None:
        """Put the cursor at the end of the (open) editor's text, nothing selected."""
        editor = editor or self.open_editor
        if isinstance(editor, QPlainTextEdit):
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        elif isinstance(editor, QComboBox) and editor.lineEdit() is not None:
            editor.lineEdit().end(False)
        elif isinstance(editor, QLineEdit):
            editor.end(False)

    @staticmethod
    def text_of(editor) -> str | None:
        return _text(editor)

    def setModelData(self, editor, model, index) -> None:
        text = _text(editor)
        self.refused = not model.setData(index, text) if text is not None else False
        if text is None:
            super().setModelData(editor, model, index)

    def eventFilter(self, editor, event) -> bool:
        """Enter commits a paragraph cell too (Excel's key); Alt+Enter is its new line."""
        if (isinstance(editor, QPlainTextEdit) and event.type() == QEvent.KeyPress
                and event.key() in (Qt.Key_Return, Qt.Key_Enter)):
            if event.modifiers() & Qt.AltModifier:
                editor.insertPlainText("\n")
            else:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)


def _text(editor) -> str | None:
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QComboBox):
        return editor.currentText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    return None
