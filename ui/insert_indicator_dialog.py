"""插入指标…: the library for the current project — browse by 二级, filter by name, tick several,
insert them into their 一级/二级 blocks as one undo step
(:func:`core.library.edits.insert_indicators`).

Hook-up (a 项目 menu action on the current project form)::

    InsertIndicatorDialog(session, form_id, window).exec()

Indicators the project already has are listed greyed, marked 已有, and cannot be ticked. Ticks
survive moving between 二级 and filtering. Text shown is plain.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ui.plain import plain_label

ALL = "全部"
COLUMNS = ["三级指标", "二级指标", "指标值", "计量单位", "方向", "依据", "来源"]


class InsertIndicatorDialog(QDialog):
    def __init__(self, session, form_id: int, parent=None, library=None):
        super().__init__(parent)
        from core.document.frameworks import framework_of
        from core.library import names
        from core.library.library import context_of, current_library

        self.session = session
        self.form_id = form_id
        self.library = library or current_library()
        doc = session.doc
        form = doc.form_by_id(form_id)
        self.context = context_of(doc, form_id)
        self.present = frozenset(names.fold(r["l3"]) for r in form.grids["indicators"].records() if r["l3"])
        self.ticked: dict[tuple[str, str], object] = {}  # (entry l2, l3) → Suggestion
        self.setWindowTitle(f"插入指标 — {form.title}")
        self.resize(1240, 640)

        self.levels = QTreeWidget()
        self.levels.setHeaderHidden(True)
        everything = QTreeWidgetItem([ALL])
        everything.setData(0, Qt.UserRole, None)
        self.levels.addTopLevelItem(everything)
        for l1, l2s in framework_of(doc).levels.items():
            top = QTreeWidgetItem([l1])
            top.setFlags(top.flags() & ~Qt.ItemIsSelectable)
            for l2 in l2s:
                child = QTreeWidgetItem([l2])
                child.setData(0, Qt.UserRole, l2)
                top.addChild(child)
            self.levels.addTopLevelItem(top)
        self.levels.expandAll()
        self.levels.setMinimumWidth(190)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按名称筛选，如 满意度、办结率")
        self.filter.setClearButtonEnabled(True)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(COLUMNS)
        for column, width in enumerate((250, 130, 90, 60, 40, 110)):
            self.table.setColumnWidth(column, width)
        self.detail = plain_label()
        self.detail.setWordWrap(True)
        self.count = plain_label()

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter)
        column.addWidget(self.table, 1)
        column.addWidget(self.detail)
        splitter = QSplitter()
        splitter.addWidget(self.levels)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1020])

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"项目「{form.title}」：勾选要插入的指标，插入到对应的一级、二级指标下（可一次撤销）。"))
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.levels.currentItemChanged.connect(lambda *_: self.refresh())
        self.filter.textChanged.connect(lambda *_: self.refresh())
        self.table.itemChanged.connect(self._ticked)
        self.table.currentItemChanged.connect(self._show_detail)
        self.levels.setCurrentItem(everything)
        self.refresh()

    @property
    def l2(self) -> str | None:
        item = self.levels.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def select_l2(self, l2: str | None) -> None:
        """Browse one 二级 (None: all)."""
        for i in range(self.levels.topLevelItemCount()):
            top = self.levels.topLevelItem(i)
            for item in [top] + [top.child(j) for j in range(top.childCount())]:
                if item.data(0, Qt.UserRole) == l2 and (l2 is not None or item is top):
                    self.levels.setCurrentItem(item)
                    return

    def refresh(self) -> None:
        """List the library's indicators for the 二级 and filter chosen now."""
        from core.library import names

        self.shown = self.library.suggest(self.context, self.l2, self.filter.text(), limit=None)
        self.table.blockSignals(True)
        self.table.clear()
        for s in self.shown:
            have = names.fold(s.l3) in self.present
            e = s.entry
            item = QTreeWidgetItem([s.l3 + ("（已有）" if have else ""), e.l2, s.value, e.unit, e.direction,
                                    s.basis, s.where_from])
            if have:
                item.setFlags(item.flags() & ~Qt.ItemIsUserCheckable & ~Qt.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(0, Qt.Checked if (e.l2, s.l3) in self.ticked else Qt.Unchecked)
            self.table.addTopLevelItem(item)
        self.table.blockSignals(False)
        self._count()

    def tick(self, l3: str, on: bool = True) -> None:
        """Tick (or untick) a listed indicator by its name."""
        for i, s in enumerate(self.shown):
            if s.l3 == l3:
                self.table.topLevelItem(i).setCheckState(0, Qt.Checked if on else Qt.Unchecked)
                return
        raise KeyError(l3)

    def _ticked(self, item, column) -> None:
        if column != 0:
            return
        s = self.shown[self.table.indexOfTopLevelItem(item)]
        key = (s.entry.l2, s.l3)
        if item.checkState(0) == Qt.Checked:
            self.ticked[key] = s
        else:
            self.ticked.pop(key, None)
        self._count()

    def _count(self) -> None:
        n = len(self.ticked)
        self.count.setText(f"已勾选 {n} 个指标" if n else "未勾选指标")
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setText(f"插入 {n} 个指标" if n else "插入")
        ok.setEnabled(bool(n))

    def _show_detail(self, item, _previous=None) -> None:
        if item is None:
            self.detail.setText("")
            return
        s = self.shown[self.table.indexOfTopLevelItem(item)]
        self.detail.setText(f"{s.l3}：{s.description}")

    def chosen(self) -> list:
        return list(self.ticked.values())

    def accept(self) -> None:
        """Insert the ticked indicators (one undo step); the dialog stays open if it was refused."""
        from core.errors import InputError
        from core.library.edits import insert_indicators

        if not self.ticked:
            return
        try:
            edit = insert_indicators(self.session.doc, self.form_id, self.chosen())
        except InputError as exc:
            self.session.report(exc)
            return
        if self.session.perform(edit):
            super().accept()
