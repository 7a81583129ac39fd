"""文件 → 导入上一年文件: the file is read in a worker thread (a progress bar, a cancel button, the
window stays responsive); a preview lists what was found and what could not be read, the officer
ticks what to take, fills what the file lacks (单位, 年度), chooses whether it starts the next year
and where it goes: a new document, or the open one (one undo step). Nothing is written before that."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QProgressDialog, QRadioButton, QSpinBox,
                               QVBoxLayout)

from core.errors import BudgetDeskError
from ui.dialog_buttons import ok_cancel


class _Reader(QThread):
    """The worker thread: reads the file; its signals reach the window's thread queued."""

    progressed = Signal(int, int)
    done = Signal(object, str)  # (ImportResult or None, error message)

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.cancel = threading.Event()

    def run(self) -> None:
        from core.reading import read_file

        try:
            result = read_file(self.path, lambda done, total: self.progressed.emit(done, total), self.cancel.is_set)
            self.done.emit(result, "")
        except BudgetDeskError as exc:
            self.done.emit(None, str(exc))
        except Exception:  # noqa: BLE001 - never a traceback to the officer
            self.done.emit(None, "读取文件时出现内部错误，文件未被导入。")


def read_in_background(parent, path):
    """Read ``path`` in a worker thread behind a progress dialog; (result, error message)."""
    from PySide6.QtCore import QEventLoop

    progress = QProgressDialog("正在读取文件…", "取消", 0, 0, parent)
    progress.setWindowTitle("导入")
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(300)
    reader = _Reader(path)
    outcome: dict = {}
    loop = QEventLoop()

    def done(result, error):
        outcome.update(result=result, error=error)
        loop.quit()

    def moved(done_pages, total):
        progress.setMaximum(total)
        progress.setValue(done_pages)
        progress.setLabelText(f"正在读取第 {done_pages}/{total} 页（表）…")

    reader.progressed.connect(moved)
    reader.done.connect(done)
    progress.canceled.connect(reader.cancel.set)
    reader.start()
    loop.exec()
    reader.wait()
    cancelled = reader.cancel.is_set()
    progress.canceled.disconnect()
    progress.close()  # (closing a progress dialog emits canceled)
    if cancelled and outcome.get("result") is None:
        return None, "已取消导入。"
    return outcome.get("result"), outcome.get("error", "")


class ImportPreview(QDialog):
    """What was found, ticked to take; what the file lacks, to fill in."""

    def __init__(self, result, parent=None, current: str | None = None):
        """``current`` names the open document (承德市司法局 2025 年) to offer importing into it."""
        super().__init__(parent)
        self.result = result
        data = result.data
        self.setWindowTitle("导入预览")
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"来源：{result.kind}{f'，{result.pages} 页' if result.pages else ''}。勾选要导入的内容："))
        self.items = QListWidget()
        self._keys: list[tuple] = []
        if data.get("overall"):
            self._add("部门整体绩效目标", ("overall",))
        for i, project in enumerate(data.get("projects") or []):
            self._add(f"项目 {project.get('code') or ''} {project.get('name') or ''}　预算数 {project.get('budget') or ''}"
                      f"　指标 {len(project.get('indicators') or [])} 行", ("projects", i))
        for title in data.get("budget_tables") or {}:
            self._add(f"公开表 {title}", ("budget_tables", title))
        if data.get("explanation"):
            self._add("部门预算信息公开情况说明", ("explanation",))
        if data.get("approval"):
            self._add("整体支出绩效目标批复表", ("approval",))
        layout.addWidget(self.items, 1)
        if result.missing:
            missing = QLabel("未能读取：\n" + "\n".join(f"· {m}" for m in result.missing))
            missing.setWordWrap(True)
            missing.setStyleSheet("color: #9a6700")
            layout.addWidget(missing)
        form = QFormLayout()
        self.department = QLineEdit(data.get("department") or "")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(int(data.get("year") or 2000))
        self.year.setSpecialValueText("（请填写）")
        form.addRow("预算单位：", self.department)
        form.addRow("文件的预算年度：", self.year)
        layout.addLayout(form)
        self.next_year = QCheckBox("作为下一年度的起点（年度 +1）")
        self.move_years = QCheckBox("项目名称中的年份顺延（如 提前下达2022年… → 提前下达2023年…）")
        self.next_year.setChecked(True)
        self.move_years.setChecked(True)
        self.next_year.toggled.connect(self.move_years.setEnabled)
        layout.addWidget(self.next_year)
        layout.addWidget(self.move_years)
        self.to_new = QRadioButton("导入为新文档（另存为一个新文件）")
        self.to_current = QRadioButton(f"导入到当前文档「{current}」（可一次撤销）")
        self.to_current.setToolTip("同编码的项目、同名的公开表、整体目标和情况说明被替换，其余添加在后面。"
                                   "当前文档的预算单位和年度不变。")
        self.to_new.setChecked(True)
        for button in (self.to_new, self.to_current):
            button.toggled.connect(self._update_ok)
            layout.addWidget(button)
        self.to_current.setVisible(current is not None)
        self.box = ok_cancel(self, "导入…")
        layout.addWidget(self.box)
        for signal in (self.department.textChanged, self.year.valueChanged, self.items.itemChanged):
            signal.connect(self._update_ok)
        self._update_ok()

    def _add(self, text: str, key: tuple) -> None:
        item = QListWidgetItem(text, self.items)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked)
        self._keys.append(key)

    def _update_ok(self, *_) -> None:
        # a new document needs a 单位; the open one keeps its own
        ready = (bool(self.department.text().strip()) or self.to_current.isChecked()) and self.year.value() > 2000 \
            and any(self.items.item(i).checkState() == Qt.Checked for i in range(self.items.count()))
        self.box.button(QDialogButtonBox.Ok).setEnabled(ready)
        self.department.setEnabled(not self.to_current.isChecked())

    @property
    def into_current(self) -> bool:
        return self.to_current.isChecked()

    def chosen(self) -> tuple[dict, list[tuple[str, str]]]:
        """The data to take (the ticked forms, the 单位/年度 given, moved to the next year if asked)
        and the renamed projects (core.reading.prepared)."""
        from core.reading import prepared

        dropped = tuple(key for i, key in enumerate(self._keys) if self.items.item(i).checkState() != Qt.Checked)
        department = self.department.text().strip() or ("（当前文档）" if self.into_current else "")
        return prepared(self.result, department, self.year.value(), dropped=dropped,
                        start_next_year=self.next_year.isChecked(), move_years=self.move_years.isChecked())
