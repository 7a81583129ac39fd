"""Cell editors by what a column holds: drop-down lists for 一级/二级指标 (from the document's
indicator framework) and for fixed choices (指标性质); plain text otherwise."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from core import cell_input
from core.frameworks import DEFAULT_FRAMEWORK, FRAMEWORKS


def column_options(model, column: int) -> tuple[str, ...]:
    """The choices offered for a column (empty: free text)."""
    spec = model.grid.columns[column]
    if spec.kind == cell_input.CHOICE:
        return spec.options
    framework = FRAMEWORKS.get(model.session.doc.meta.get("framework") or "", FRAMEWORKS[DEFAULT_FRAMEWORK])
    if spec.key == "l1" and model.grid_name == "indicators":
        return tuple(framework.levels)
    if spec.key == "l2" and model.grid_name == "indicators":
        return tuple(l2 for l2s in framework.levels.values() for l2 in l2s)
    return ()


class CellDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        options = column_options(index.model(), index.column())
        if not options:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.setEditable(True)  # a value outside the framework may still be typed; validation flags it
        box.addItems(list(options))
        return box

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(index.data() or "")
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)
