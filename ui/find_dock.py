"""Ctrl+F: a dock listing every place that holds the text; activating a hit shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.search import Hit, find


class FindDock(QDockWidget):
    hit_activated = Signal(object)  # core.search.Hit

    def __init__(self, doc, parent=None):
        super().__init__("查找", parent)
        self.doc = doc
        self.setObjectName("find_dock")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.query = QLineEdit()
        self.query.setPlaceholderText("输入要查找的文字，按回车")
        self.query.returnPressed.connect(self.search)
        self.results = QListWidget()
        self.results.itemActivated.connect(lambda item: self.hit_activated.emit(item.data(Qt.UserRole)))
        self.results.itemClicked.connect(lambda item: self.hit_activated.emit(item.data(Qt.UserRole)))
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.setWidget(body)

    def start(self) -> None:
        self.show()
        self.query.setFocus()
        self.query.selectAll()

    def search(self) -> list[Hit]:
        self.results.clear()
        hits = find(self.doc, self.query.text())
        for hit in hits:
            where = hit.label if hit.row is None else f"第 {hit.row + 1} 行 {hit.label}"
            text = hit.text if len(hit.text) <= 40 else hit.text[:40] + "…"
            item = QListWidgetItem(f"{hit.form_title} · {where}：{text}")
            item.setData(Qt.UserRole, hit)
            self.results.addItem(item)
        if not hits:
            self.results.addItem("未找到")
        return hits
