"""What the window shows with no document open (after 关闭): 新建, 打开, 打开示例 and the recent files."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ui.settings import recent_files

# The bundled samples: (file in resources/samples, what the officer reads)
SAMPLE_CHOICES = (("chengde_2024.json", "承德市司法局 2024（公开表、整体目标、28 个项目）"),
                  ("dazhu_2024_approval.json", "大竹县司法局 2024（整体支出绩效目标批复表）"))


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal(str)   # a SAMPLE_CHOICES file name
    recent_requested = Signal(str)   # a path

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        title = QLabel("BudgetDesk 部门预算绩效编报")
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(QLabel("没有打开的文档。新建一个、打开一个，或从最近打开的文件中选择："))
        buttons = QHBoxLayout()
        for text, signal in (("新建文档(&N)…", self.new_requested), ("打开文档(&O)…", self.open_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        for name, label in SAMPLE_CHOICES:
            button = QPushButton(f"打开示例：{label.split('（')[0]}")
            button.setToolTip(label)
            button.clicked.connect(lambda _=False, n=name: self.sample_requested.emit(n))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("最近打开（双击或回车打开）："))
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(Qt.UserRole)))
        layout.addWidget(self.recent, 1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        for path in recent_files():
            item = QListWidgetItem(path, self.recent)
            item.setData(Qt.UserRole, path)
        if not self.recent.count():
            self.recent.addItem("（无）")
            self.recent.item(0).setFlags(Qt.NoItemFlags)
