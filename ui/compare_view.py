"""This year beside last year in the window: choose a 公开表 (and one of its amount columns), the
projects' 预算数 or their indicators; the rows show 本年, 上年, 增减额, 增减%, in the table's order or
largest change first, or only those that changed by more than N%; 导出对比表 writes the workbook of
core/compare/xlsx.py. A thin view over core.compare.comparison: no figure is computed here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from core.compare.comparison import Comparison, comparison
from core.compare.figures import Figure, largest_first
from core.errors import BudgetDeskError
from core.values import money
from ui.plain import plain_label

PROJECTS, INDICATORS = "projects", "indicators"
ORDERS = ("按表中顺序", "增减额最大在前", "增减幅度最大在前")
INCREASE, DECREASE = QColor("#b2182b"), QColor("#2166ac")


class _Line:
    """One row shown: its texts, its figure (None: an indicator without numbers), where it is."""

    def __init__(self, texts: list[str], figure: Figure | None, order: int, form_id: int | None,
                 row: int | None, bold: bool = False):
        self.texts, self.figure, self.order = texts, figure, order
        self.form_id, self.row, self.bold = form_id, row, bold


def _amount(value: Decimal | None) -> str:
    return "" if value is None else money.format_amount(value)


def _figure_texts(figure: Figure | None) -> list[str]:
    if figure is None:
        return ["", ""]
    return [_amount(figure.change), figure.percent_text]


class ComparisonModel(QAbstractTableModel):
    """The lines of one choice; sorting reorders them, filtering is the view's (it rebuilds)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.lines: list[_Line] = []
        self.amount_columns: set[int] = set()

    def show(self, headers: list[str], lines: list[_Line], amount_columns: set[int]) -> None:
        self.beginResetModel()
        self.headers, self.lines, self.amount_columns = headers, lines, amount_columns
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole:
            return self.headers[section] if orientation == Qt.Horizontal else str(section + 1)
        return None

    def data(self, index, role=Qt.DisplayRole):
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return line.texts[col]
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if col in self.amount_columns else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and col >= len(self.headers) - 2 and line.figure is not None:
            change = line.figure.change
            if change:
                return INCREASE if change > 0 else DECREASE
        if role == Qt.FontRole and line.bold:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """By a column: the label columns by the table's order, 本年/上年/增减 by their amounts,
        增减% by the percent (an unknown one always last)."""
        def key(line: _Line):
            f = line.figure
            n = len(self.headers)
            if f is None or column < n - 4:
                return (0, Decimal(line.order))
            value = {n - 4: f.this, n - 3: f.last, n - 2: f.change, n - 1: f.percent}[column]
            return (0, value) if value is not None else (1, Decimal(0))

        self.layoutAboutToBeChanged.emit()
        known = [line for line in self.lines if key(line)[0] == 0]
        unknown = [line for line in self.lines if key(line)[0] == 1]
        known.sort(key=key, reverse=order == Qt.DescendingOrder)
        self.lines = known + unknown
        self.layoutChanged.emit()


class CompareView(QWidget):
    """The comparison of ``source`` (a Document, or a ui.session.DocumentSession, followed as it is
    edited) with ``last`` (a LastYearDocument; None: what the document keeps of last year)."""

    form_requested = Signal(int, object)  # (this year's form id, its 0-based row or None): go there

    def __init__(self, source, last=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = source if hasattr(source, "doc") else None
        self.doc = source.doc if self.session is not None else source
        self.last = last
        self._table_title: str | None = None  # the 公开表 shown (its amount column is kept on refresh)
        self.comparison: Comparison = comparison(self.doc, last)
        self.heading = plain_label()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.chooser = QComboBox()
        self.column = QComboBox()
        self.order = QComboBox()
        self.order.addItems(ORDERS)
        self.order.setCurrentIndex(1)  # largest changes first: what a 分管领导 asks about
        self.only_over = QCheckBox("只看变动超过")
        self.percent = QSpinBox()
        self.percent.setRange(0, 1000)
        self.percent.setValue(10)
        self.percent.setSuffix("%")
        self.export_button = QPushButton("导出对比表（Excel）…")
        self.table = QTableView()
        self.model = ComparisonModel(self.table)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.status = plain_label()

        bar = QHBoxLayout()
        for label, widget in (("对比：", self.chooser), ("金额列：", self.column), ("排序：", self.order)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.only_over)
        bar.addWidget(self.percent)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.chooser.currentIndexChanged.connect(self._chosen)
        self.column.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.order.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.only_over.toggled.connect(lambda _on: self.rebuild())
        self.percent.valueChanged.connect(lambda _v: self.only_over.isChecked() and self.rebuild())
        self.export_button.clicked.connect(self._export_clicked)
        self.table.doubleClicked.connect(self._double_clicked)
        if self.session is not None:
            self.session.changed.connect(lambda _applied: self.refresh())
        self._fill_chooser()

    # --- choosing ---------------------------------------------------------------------------------
    def _fill_chooser(self) -> None:
        c = self.comparison
        self.heading.setText(f"{c.department or ''}　{c.this_label}与{c.last_label}对比"
                             + (f"（上年数：{c.source}）" if c.source else "（本文档没有保存上年数）"))
        chosen = self.chooser.currentText()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for table in c.tables:
            self.chooser.addItem(f"公开表：{table.title}", ("table", table.title))
        if c.projects:
            self.chooser.addItem("项目：预算数", (PROJECTS, None))
            self.chooser.addItem("项目：绩效指标值", (INDICATORS, None))
        at = self.chooser.findText(chosen) if chosen else -1
        self.chooser.setCurrentIndex(max(at, 0))
        self.chooser.blockSignals(False)
        self._chosen()

    def choose(self, text: str) -> None:
        """Show the choice whose label is ``text`` (``公开表：支出总表``, ``项目：预算数`` …)."""
        self.chooser.setCurrentIndex(self.chooser.findText(text))

    def _chosen(self, *_args) -> None:
        data = self.chooser.currentData()
        shown = (self._table_title, self.column.currentText())  # kept when the same table is compared again
        self._table_title = data[1] if data and data[0] == "table" else None
        self.column.blockSignals(True)
        self.column.clear()
        if self._table_title is not None:
            table = self.comparison.table(self._table_title)
            self.column.addItems([label.replace("/", " / ") for label in table.columns])
            at = self.column.findText(shown[1]) if shown[0] == self._table_title else -1
            self.column.setCurrentIndex(at if at >= 0 else table.main_column)
        self.column.setEnabled(self.column.count() > 1)
        self.column.blockSignals(False)
        self.rebuild()

    # --- the lines ----------------------------------------------------------------------------------
    def rebuild(self) -> None:
        data = self.chooser.currentData()
        c = self.comparison
        this, last = c.this_label, c.last_label
        if not data:
            self.model.show([], [], set())
            self.status.setText("文档中没有公开表或项目，没有可对比的内容。")
            return
        if data[0] == "table":
            table = c.table(data[1])
            col = max(self.column.currentIndex(), 0)
            lines = [_Line([row.shown_label + ("（仅上年有）" if row.only_last else ""), _amount(row.figures[col].this),
                            _amount(row.figures[col].last), *_figure_texts(row.figures[col])],
                           row.figures[col], i, table.form_id, row.row, row.level <= 1)
                     for i, row in enumerate(table.rows)]
            headers = ["科目 / 项目", f"{this}（{table.unit}）", f"{last}（{table.unit}）", "增减额", "增减%"]
        elif data[0] == PROJECTS:
            unit = c.projects[0].unit
            lines = [_Line([p.shown_label, _amount(p.budget.this), _amount(p.budget.last), *_figure_texts(p.budget)],
                           p.budget, i, p.form_id, None) for i, p in enumerate(c.projects)]
            headers = ["项目", f"{this}预算数（{unit}）", f"{last}预算数（{unit}）", "增减额", "增减%"]
        else:
            lines, n = [], 0
            for p in c.projects:
                for ind in p.indicators:
                    last_text = ind.last if ind.has_last else "暂无上年数"
                    lines.append(_Line([p.name, ind.l3 or "", ind.this or "", last_text or "",
                                        *_figure_texts(ind.figure)], ind.figure, n, p.form_id, ind.row))
                    n += 1
            headers = ["项目", "三级指标", f"{this}指标值", f"{last}指标值", "增减", "增减%"]
        shown = len(lines)
        if self.only_over.isChecked():
            lines = [line for line in lines if line.figure is not None
                     and line.figure.changed_over(Decimal(self.percent.value()))]
        if self.order.currentIndex() == 1:
            lines = largest_first(lines, lambda line: line.figure or Figure(None, None))
        elif self.order.currentIndex() == 2:
            lines = sorted(lines, key=lambda line: abs(line.figure.percent)
                           if line.figure is not None and line.figure.percent is not None else Decimal(-1), reverse=True)
        n = len(headers)
        amounts = {n - 4, n - 3, n - 2, n - 1} if data[0] != INDICATORS else {n - 2, n - 1}
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.model.show(headers, lines, amounts)
        self.table.resizeColumnsToContents()
        for col in range(1, n):
            self.table.setColumnWidth(col, min(max(self.table.columnWidth(col), 120), 280))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)  # the labels take what the figures leave
        over = f"，其中变动超过 {self.percent.value()}% 的 {len(lines)} 行" if self.only_over.isChecked() else ""
        self.status.setText(f"共 {shown} 行{over}。增减% = (本年 − 上年) ÷ 上年；“暂无上年数”：上年的表或项目中没有这一项。")

    def refresh(self) -> None:
        """Compare again (after an edit), keeping the choice."""
        self.comparison = comparison(self.doc, self.last)
        self._fill_chooser()

    # --- going there, exporting -------------------------------------------------------------------------
    def _double_clicked(self, index) -> None:
        line = self.model.lines[index.row()]
        if line.form_id is not None:
            self.form_requested.emit(line.form_id, line.row)

    def export_to(self, path: Path) -> Path:
        """Write the comparison workbook to ``path`` (BudgetDeskError in Chinese if it cannot)."""
        from core.compare.xlsx import write_comparison_xlsx

        return write_comparison_xlsx(self.comparison, Path(path))

    def _export_clicked(self) -> None:
        default = f"{self.doc.department or '部门'}{self.comparison.this_label}与{self.comparison.last_label}对比.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, "导出对比表", str(self.doc.path.parent / default), "Excel 文件 (*.xlsx)")
        if not name:
            return
        try:
            self.export_to(Path(name))
        except BudgetDeskError as exc:
            box = QMessageBox(QMessageBox.Warning, "导出对比表", "", QMessageBox.Ok, self)
            box.setTextFormat(Qt.PlainText)
            box.setText(str(exc))
            box.exec()
            return
        self.status.setText(f"已导出对比表：{name}")
