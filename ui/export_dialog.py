"""The dialog before printing or exporting: which forms (all, the current one, or ticked one by one),
whether to append the check report, and whether it is a 草案. While the document has 错误 only a
草案 can be made: the box is ticked, locked, and the dialog says why."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from core.document import forms
from ui.dialog_buttons import ok_cancel

FORM_ROLE = Qt.UserRole


@dataclass(frozen=True)
class ExportChoice:
    form_ids: list[int] | None  # None: the whole document
    report: bool = False
    draft: bool = False
    charts: bool = False  # the 图示 page in the appendix (PDF)


def form_groups(doc) -> list[tuple[str, list]]:
    """The document's printable forms in print order, grouped as the 目录 groups them."""
    groups = [("部门整体绩效目标", [f for f in (doc.form(forms.OVERALL),) if f is not None]),
              ("预算项目绩效目标", list(doc.projects)),
              ("部门预算公开表", list(doc.budget_tables)),
              ("情况说明与批复表", [f for f in (doc.form(forms.EXPLANATION), doc.form(forms.APPROVAL))
                             if f is not None])]
    return [(label, items) for label, items in groups if items]


class ExportDialog(QDialog):
    def __init__(self, doc, title: str, errors: int, current_form_id: int | None = None, parent=None,
                 report_option: bool = True, charts_option: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择要输出的表："))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self._items: list[QTreeWidgetItem] = []
        for label, items in form_groups(doc):
            group = QTreeWidgetItem(self.tree, [label])
            group.setFlags(group.flags() | Qt.ItemIsAutoTristate | Qt.ItemIsUserCheckable)
            for number, form in enumerate(items, 1):
                text = f"{number}. {form.title}" if form.kind == forms.PROJECT else form.title
                item = QTreeWidgetItem(group, [text])
                item.setData(0, FORM_ROLE, form.id)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(0, Qt.Checked)
                self._items.append(item)
            group.setExpanded(len(items) <= 12)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        for text, handler in (("全选", lambda: self.select(None)), ("全不选", lambda: self.select(set())),
                              ("仅当前表", lambda: self.select({current_form_id}))):
            button = QPushButton(text)
            button.clicked.connect(handler)
            button.setEnabled(text != "仅当前表" or any(i.data(0, FORM_ROLE) == current_form_id
                                                        for i in self._items))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.report = QCheckBox("附检查报告（含出错说明）")
        self.report.setVisible(report_option)
        layout.addWidget(self.report)
        self.charts = QCheckBox("附图示（资金支出计划、支出按类构成）")
        self.charts.setVisible(charts_option)
        layout.addWidget(self.charts)
        self.draft = QCheckBox("草案（每页加“草案”水印）")
        layout.addWidget(self.draft)
        if errors:
            self.draft.setChecked(True)
            self.draft.setEnabled(False)
            note = QLabel(f"文档还有 {errors} 项错误，只能输出草案；改正后才能输出报送版（错误见“检查结果”）。")
            note.setWordWrap(True)
            note.setStyleSheet("color: #b00020")
            layout.addWidget(note)
        self.box = ok_cancel(self)
        layout.addWidget(self.box)
        self.tree.itemChanged.connect(self._update_ok)

    def select(self, form_ids: set | None) -> None:
        """Tick these forms (None: all) and untick the rest."""
        for item in self._items:
            wanted = form_ids is None or item.data(0, FORM_ROLE) in form_ids
            item.setCheckState(0, Qt.Checked if wanted else Qt.Unchecked)

    def chosen_ids(self) -> list[int]:
        return [i.data(0, FORM_ROLE) for i in self._items if i.checkState(0) == Qt.Checked]

    def _update_ok(self) -> None:
        self.box.button(QDialogButtonBox.Ok).setEnabled(bool(self.chosen_ids()))

    def choice(self) -> ExportChoice:
        ids = self.chosen_ids()
        return ExportChoice(None if len(ids) == len(self._items) else ids, self.report.isChecked(),
                            self.draft.isChecked(), self.charts.isChecked())
