"""文件 → 汇总下级单位…: choose the units' documents, name the department, and write the department's
document (core/consolidate) behind the one progress dialog (ui/background.py). On success the
``created`` signal carries the new document's path, for the window to open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QPushButton, QVBoxLayout)

SOURCES = "BudgetDesk 文档及可导入的文件 (*.bdoc *.json *.xlsx *.docx *.pdf)"


class ConsolidateDialog(QDialog):
    """Drive it with :meth:`add_files`, the ``department``/``code``/``output`` fields and
    :meth:`start` (what 汇总 does); after a success ``result`` is the core Consolidation and
    ``created`` was emitted with its path."""

    created = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("汇总下级单位")
        self.result = None
        self.outcome = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("各下级单位的文档（同一公开表模板、同一年度、同一金额单位）："))
        self.files = QListWidget()
        layout.addWidget(self.files, 1)
        row = QHBoxLayout()
        add = QPushButton("添加文件…")
        add.clicked.connect(self._choose_files)
        remove = QPushButton("移除所选")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.department = QLineEdit()
        self.department.setPlaceholderText("汇总后的预算单位，如 巨鹿县司法局")
        self.code = QLineEdit()
        self.code.setPlaceholderText("如 315")
        out_row = QHBoxLayout()
        self.output = QLineEdit()
        self.output.setPlaceholderText("汇总后的新文档（.bdoc）")
        save_as = QPushButton("另存为…")
        save_as.clicked.connect(self._choose_output)
        out_row.addWidget(self.output, 1)
        out_row.addWidget(save_as)
        form.addRow("预算单位：", self.department)
        form.addRow("单位编码：", self.code)
        form.addRow("保存为：", out_row)
        layout.addLayout(form)
        self.status = QLabel("各单位的公开表按科目编码相加，项目按单位列出；部门整体绩效目标留给部门填写。")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("汇总", QDialogButtonBox.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def add_files(self, paths) -> None:
        for path in paths:
            if str(path) not in self.paths():
                self.files.addItem(str(path))

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def _choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, "选择下级单位的文档", "", SOURCES)
        self.add_files(chosen)

    def _choose_output(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "汇总后的文档保存为", self.output.text(), "BudgetDesk 文档 (*.bdoc)")
        if chosen:
            self.output.setText(chosen if chosen.lower().endswith(".bdoc") else chosen + ".bdoc")

    def start(self) -> bool:
        from core.consolidate.consolidation import consolidate
        from ui.background import run_in_background

        sources = [Path(p) for p in self.paths()]
        out = self.output.text().strip()
        problem = ("请至少添加一个下级单位的文档。" if not sources else
                   "请填写汇总后的预算单位名称。" if not self.department.text().strip() else
                   "请选择汇总后的文档保存在哪里（另存为…）。" if not out else "")
        if problem:
            self._say(problem, failed=True)
            return False
        out_path = Path(out if out.lower().endswith(".bdoc") else out + ".bdoc")
        department, code = self.department.text(), self.code.text()
        self.outcome = run_in_background(
            self, "汇总下级单位", "正在汇总各单位的文档…",
            lambda progress, cancelled: consolidate(sources, out_path, department, code, progress, cancelled),
            failure="汇总未能完成", step="第 {done}/{total} 步")
        if not self.outcome.ok:
            self._say(self.outcome.error, failed=True)
            return False
        self.result = result = self.outcome.result
        self._say(f"已汇总 {len(result.units)} 个单位：{result.tables} 张公开表、{result.projects} 个项目，"
                  f"保存为 {result.path}。检查：错误 {result.errors} 项、警告 {result.warnings} 项、提示 {result.infos} 项"
                  f"（其中尾差 {result.rounding} 项）。" + "".join(result.notes))
        self.created.emit(str(result.path))
        return True

    def _say(self, text: str, failed: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if failed else "")
