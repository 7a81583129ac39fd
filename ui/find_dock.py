"""Ctrl+F: a panel listing every place that holds the text. Enter goes to the first hit, F3 /
Shift+F3 (the window's 查找下一个 / 查找上一个) to the next / previous one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout, QWidget)

from core.document.search import Hit, find
from ui.plain import shown


class FindDock(QDockWidget):
    hit_activated = Signal(object)  # core.document.search.Hit

    def __init__(self, parent=None):
        super().__init__("查找", parent)
        self.doc = None
        self.setObjectName("find_dock")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText("输入要查找的文字，按回车（F3 下一个，Shift+F3 上一个）")
        self.query.returnPressed.connect(self._search_and_go)
        self.count = QLabel()
        row.addWidget(self.query, 1)
        row.addWidget(self.count)
        self.results = QListWidget()
        self.results.setUniformItemSizes(True)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        layout.addLayout(row)
        layout.addWidget(self.results)
        self.setWidget(body)
        self.hits: list[Hit] = []
        self._searched = None

    def set_document(self, doc) -> None:
        self.doc = doc
        self.hits, self._searched = [], None
        self.results.clear()
        self.count.clear()

    def start(self) -> None:
        self.show()
        self.raise_()
        self.query.setFocus()
        self.query.selectAll()

    def search(self) -> list[Hit]:
        self.results.clear()
        self.hits = find(self.doc, self.query.text()) if self.doc is not None else []
        self._searched = self.query.text()
        for hit in self.hits:
            where = hit.label if hit.row is None else f"第 {hit.row + 1} 行 {hit.label}"
            text = hit.text if len(hit.text) <= 40 else hit.text[:40] + "…"
            item = QListWidgetItem(f"{hit.form_title} · {where}：{text}")
            item.setToolTip(shown(hit.text))
            item.setData(Qt.UserRole, hit)
            self.results.addItem(item)
        if not self.hits:
            self.results.addItem("未找到")
        self.count.setText(f"{len(self.hits)} 处" if self.hits else "")
        return self.hits

    def _search_and_go(self) -> None:
        if self.search():
            self._go(0)

    def step(self, by: int) -> None:
        """The next (``by`` 1) or previous (-1) hit, around the end; searches first if needed."""
        if self._searched != self.query.text() or not self.hits:
            if not self.query.text():
                self.start()
                return
            if not self.search():
                return
            self._go(0 if by > 0 else len(self.hits) - 1)
            return
        self._go((self.results.currentRow() + by) % len(self.hits))

    def _go(self, row: int) -> None:
        self.results.setCurrentRow(row)
        self.hit_activated.emit(self.hits[row])

    def _activated(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.UserRole)
        if hit is not None:
            self.hit_activated.emit(hit)
