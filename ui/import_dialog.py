"""文件 → 导入上一年文件: the file is read in a worker thread (a progress bar, a cancel button, the
window stays responsive); a preview lists what was found and what could not be read, the officer
ticks what to take, fills what the file lacks (单位, 年度), chooses whether it starts the next year
and where it goes: a new document, or the open one (one undo step). Nothing is written before that."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QRadioButton,
                               QSpinBox, QVBoxLayout)

from ui.dialog_buttons import ok_cancel
from ui.plain import plain_label, shown


def read_in_background(parent, path):
    """Read ``path`` in the background (ui.background) behind a progress dialog; (result, error
    message)."""
    from core.reading import read_file
    from ui.background import CANCELLED, run_in_background

    outcome = run_in_background(parent, "导入", "正在读取文件…", lambda progress, cancelled: read_file(
        path, progress, cancelled), failure="读取文件时出现内部错误，文件未被导入", step="第 {done}/{total} 页（表）")
    if outcome.error == CANCELLED:
        return None, "已取消导入。"
    return outcome.result, outcome.error


class ImportPreview(QDialog):
    """What was found, ticked to take; what the file lacks, to fill in; every text 年份顺延 would
    change, old → new, ticked to change (an unticked one keeps last year's text). Nothing is written
    here: :meth:`chosen` hands the choices to core.reading.prepared. The dialog fits a 1366×768
    screen whatever the file holds: the list of forms takes the height, the other lists scroll, long
    texts wrap."""

    LONG = 60  # a text longer than this is shown around its changed years

    def __init__(self, result, parent=None, current: str | None = None):
        """``current`` names the open document (承德市司法局 2025 年) to offer importing into it."""
        super().__init__(parent)
        self.result = result
        data = result.data
        self.setWindowTitle("导入预览")
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        template = ""
        if data.get("template"):
            from core.templates import template

            template = f"，公开表按「{template(data['template']).name}」读取"
        source = QLabel(f"来源：{result.kind}{f'，{result.pages} 页' if result.pages else ''}{template}。勾选要导入的内容：")
        source.setTextFormat(Qt.PlainText)
        source.setWordWrap(True)
        layout.addWidget(source)
        self.items = self._wrapping_list()
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
        layout.addWidget(self.items, 3)
        if result.missing:
            missing = QPlainTextEdit("未能读取：\n" + "\n".join(f"· {m}" for m in result.missing))
            missing.setReadOnly(True)
            missing.setStyleSheet("color: #9a6700")
            missing.setMaximumHeight(self._lines_high(missing, 4))
            layout.addWidget(missing)
        form = QFormLayout()
        department, code, from_tables = result.offered_unit()
        self.department = QLineEdit(department)
        self.department_code = QLineEdit(code)
        unit = QHBoxLayout()
        unit.addWidget(self.department, 3)
        unit.addWidget(QLabel("单位编码："))
        unit.addWidget(self.department_code, 1)
        form.addRow("预算单位：", unit)
        self.unit_note = plain_label(f"↑ 取自表格上方的单位行「{' '.join(result.unit_line or ())}」（不是封面），请确认。")
        self.unit_note.setStyleSheet("color: #9a6700")
        self.unit_note.setVisible(from_tables)
        form.addRow(self.unit_note)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(int(data.get("year") or 2000))
        self.year.setSpecialValueText("（请填写）")
        self.next_year = QCheckBox("作为下一年度的起点（年度 +1）")
        self.next_year.setChecked(True)
        years = QHBoxLayout()
        years.addWidget(self.year)
        years.addWidget(self.next_year, 1)
        form.addRow("文件的预算年度：", years)
        layout.addLayout(form)
        self.move_years = QCheckBox("名称和绩效目标中的年份顺延（文号中的年份不变）；取消勾选的文字保留上一年原文：")
        self.move_years.setChecked(True)
        self.next_year.toggled.connect(self.move_years.setEnabled)
        layout.addWidget(self.move_years)
        self.moves = self._wrapping_list()
        self.moves.setMaximumHeight(self._lines_high(self.moves, 5))
        self._unmoved: set[tuple] = set()
        layout.addWidget(self.moves, 1)
        self.to_new = QRadioButton("导入为新文档（另存为一个新文件）")
        self.to_current = QRadioButton(f"导入到当前文档「{current}」（可一次撤销）")
        self.to_current.setToolTip("同编码的项目、同名的公开表、整体目标和情况说明被替换，其余添加在后面。"
                                   "当前文档的预算单位和年度不变。")
        self.to_new.setChecked(True)
        targets = QHBoxLayout()
        for button in (self.to_new, self.to_current):
            button.toggled.connect(self._update_ok)
            targets.addWidget(button)
        targets.addStretch(1)
        layout.addLayout(targets)
        self.to_current.setVisible(current is not None)
        self.box = ok_cancel(self, "导入…")
        layout.addWidget(self.box)
        for signal in (self.department.textChanged, self.year.valueChanged, self.items.itemChanged):
            signal.connect(self._update_ok)
        for signal in (self.year.valueChanged, self.items.itemChanged, self.next_year.toggled,
                       self.move_years.toggled):
            signal.connect(self._list_moves)
        self.moves.itemChanged.connect(self._moves_ticked)
        self._list_moves()
        self._update_ok()
        screen = self._screen_size()
        self.resize(min(820, screen.width()), min(680, screen.height()))

    def _screen_size(self) -> QSize:
        """The room the dialog's frame leaves on the screen it opens on."""
        widget = self.parentWidget() or self
        return widget.screen().availableGeometry().size() - QSize(40, 60)

    def sizeHint(self) -> QSize:
        """Never larger than the screen: the lists scroll instead."""
        return super().sizeHint().boundedTo(self._screen_size())

    @staticmethod
    def _wrapping_list() -> QListWidget:
        """A list whose long texts wrap at its width instead of running off its right edge."""
        view = QListWidget()
        view.setWordWrap(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        view.setResizeMode(QListWidget.Adjust)
        return view

    @staticmethod
    def _lines_high(view, lines: int) -> int:
        return view.fontMetrics().lineSpacing() * lines + 2 * view.frameWidth() + 8

    def _add(self, text: str, key: tuple) -> None:
        item = QListWidgetItem(text, self.items)
        item.setToolTip(shown(text))
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked)
        self._keys.append(key)

    def _dropped(self) -> tuple:
        return tuple(key for i, key in enumerate(self._keys) if self.items.item(i).checkState() != Qt.Checked)

    def _list_moves(self, *_) -> None:
        """The year moves of the file's year as the officer gives it, for the projects still ticked."""
        from core.reading import year_moves

        self.moves.blockSignals(True)
        self.moves.clear()
        moving = self.next_year.isChecked() and self.move_years.isChecked() and self.year.value() > 2000
        gone = set(self._dropped())
        for move in year_moves(dict(self.result.data, year=self.year.value())) if moving else []:
            if move.key[:2] in gone:
                continue
            old, new = self._excerpt(move.old, move.new)
            item = QListWidgetItem(f"{move.place}：{old} → {new}", self.moves)
            item.setToolTip(shown(f"{move.place}\n原文：{move.old}\n顺延后：{move.new}"))
            item.setData(Qt.UserRole, move.key)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked if move.key in self._unmoved else Qt.Checked)
        self.moves.blockSignals(False)
        self.moves.setVisible(self.moves.count() > 0)

    def _moves_ticked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self._unmoved.discard(key)
        else:
            self._unmoved.add(key)

    @classmethod
    def _excerpt(cls, old: str, new: str, context: int = 12) -> tuple[str, str]:
        """``old`` and ``new`` on one line; a long text shown around what changes in it."""
        old, new = old.replace("\n", " "), new.replace("\n", " ")
        if len(old) <= cls.LONG:
            return old, new
        start = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        end = 0
        while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
            end += 1

        def cut(text: str) -> str:
            first, last = max(0, start - context), len(text) - max(0, end - context)
            return f"{'…' if first else ''}{text[first:last]}{'…' if last < len(text) else ''}"

        return cut(old), cut(new)

    def _update_ok(self, *_) -> None:
        # a new document needs a 单位; the open one keeps its own
        ready = (bool(self.department.text().strip()) or self.to_current.isChecked()) and self.year.value() > 2000 \
            and any(self.items.item(i).checkState() == Qt.Checked for i in range(self.items.count()))
        self.box.button(QDialogButtonBox.Ok).setEnabled(ready)
        self.department.setEnabled(not self.to_current.isChecked())
        self.department_code.setEnabled(not self.to_current.isChecked())

    @property
    def into_current(self) -> bool:
        return self.to_current.isChecked()

    def chosen(self) -> tuple[dict, list]:
        """The data to take (the ticked forms, the 单位/编码/年度 given, moved to the next year if
        asked, the unticked year moves left as last year's text) and the year moves made
        (core.reading.prepared)."""
        from core.reading import prepared

        department = self.department.text().strip() or ("（当前文档）" if self.into_current else "")
        return prepared(self.result, department, self.year.value(), department_code=self.department_code.text(),
                        dropped=self._dropped(), start_next_year=self.next_year.isChecked(),
                        move_years=self.move_years.isChecked(), unmoved=frozenset(self._unmoved))
