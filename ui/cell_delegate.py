"""Cell editors by what a column holds: drop-down lists for 一级/二级指标 (from the document's
indicator framework) and for fixed choices (指标性质); plain text otherwise."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QStyledItemDelegate

from core import cell_input
from core.frameworks import framework_of


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
    def createEditor(self, parent, option, index):
        if is_paragraph(index.model(), index):
            editor = QPlainTextEdit(parent)
            editor.setTabChangesFocus(True)
            return editor
        options = column_options(index.model(), index.column())
        if not options:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.setEditable(True)  # a value outside the framework may still be typed; validation flags it
        box.addItems(list(options))
        return box

    def updateEditorGeometry(self, editor, option, index) -> None:
        if isinstance(editor, QPlainTextEdit):  # room for a paragraph, not just the row height
            rect = option.rect
            rect.setHeight(max(rect.height(), 160))
            rect.setWidth(max(rect.width(), 360))
            editor.setGeometry(rect)
        else:
            super().updateEditorGeometry(editor, option, index)

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(index.data(2) or "")
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(index.data() or "")
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)
