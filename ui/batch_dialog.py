"""文件 → 批量审核…: choose a folder, review every document in it (core/batch) behind the one progress
dialog with 取消 (ui/background.py), then show the 汇总 sheet and open the workbook.

Nothing here imports pandas at import time: the tabulation (core/batch/tables.py) is imported by the
review's work, on the worker thread, when the officer starts a review.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout)

from core.batch import review as batch_review
from core.errors import Cancelled

WORKBOOK_NAME = "审核汇总.xlsx"
_FAILED = QColor("#b00020")


class SummaryModel(QAbstractTableModel):
    """The 汇总 sheet's rows as a read-only table: headers and rows as core/batch/tables made them."""

    def __init__(self, headers: list[str], rows: list[list], parent=None):
        super().__init__(parent)
        self.headers, self.rows = headers, rows
        self._status = headers.index("状态") if "状态" in headers else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ToolTipRole and self._failed(index.row()) and "说明" in self.headers:
            return _shown(self.rows[index.row()][self.headers.index("说明")])  # the reason, wherever one points
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return _shown(value)
        if role == Qt.TextAlignmentRole and (isinstance(value, int) or hasattr(value, "as_tuple")):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and self._failed(index.row()):
            return QBrush(_FAILED)
        return None

    def _failed(self, row: int) -> bool:
        return self._status is not None and self.rows[row][self._status] != "已审核"

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers[section]
        if role == Qt.DisplayRole and orientation == Qt.Vertical:
            return str(section + 1)
        return None


def _shown(value) -> str:
    from core.values import money

    if value is None:
        return ""
    if hasattr(value, "as_tuple"):  # an exact amount
        return money.format_amount(value)
    return str(value)


def _summary_table(batch) -> tuple[list[str], list[list]]:
    """The 汇总 sheet's headers and rows (pandas: called on the worker thread)."""
    from core.batch.tables import SUMMARY_COLUMNS, summary_frame
    from core.batch.workbook import cell_value

    frame = summary_frame(batch)
    keys = [key for key, _ in SUMMARY_COLUMNS]
    rows = [[cell_value(v) for v in row] for row in frame[keys].itertuples(index=False, name=None)]
    return [header for _, header in SUMMARY_COLUMNS], rows


class BatchReviewDialog(QDialog):
    """The batch review. Drive it with :meth:`set_folder` and :meth:`start` (what 开始审核 does);
    after a review ``batch`` holds the reviews, ``workbook`` the workbook written, ``summary`` the
    table shown. ``reviewer`` is the function run (core.batch.review.review_folder)."""

    def __init__(self, parent=None, folder: str | Path | None = None):
        super().__init__(parent)
        self.setWindowTitle("批量审核")
        self.reviewer = batch_review.review_folder
        self.batch = None
        self.workbook: Path | None = None
        self.outcome = None
        layout = QVBoxLayout(self)
        form = QGridLayout()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("存放各部门文件（.bdoc、PDF、Excel、Word、JSON）的文件夹")
        self.folder.textChanged.connect(self._folder_changed)
        choose = QPushButton("选择文件夹…")
        choose.clicked.connect(self._choose_folder)
        self.recursive = QCheckBox("包含子文件夹")
        self.output = QLineEdit()
        self.output.setPlaceholderText(f"审核汇总表（默认保存在所选文件夹中：{WORKBOOK_NAME}）")
        save_as = QPushButton("另存为…")
        save_as.clicked.connect(self._choose_output)
        form.addWidget(QLabel("文件夹："), 0, 0)
        form.addWidget(self.folder, 0, 1)
        form.addWidget(choose, 0, 2)
        form.addWidget(self.recursive, 1, 1)
        form.addWidget(QLabel("汇总表："), 2, 0)
        form.addWidget(self.output, 2, 1)
        form.addWidget(save_as, 2, 2)
        layout.addLayout(form)
        self.status = QLabel("选择文件夹后点“开始审核”：每份文件都会被读取并检查，无法读取的文件会列出原因。")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.summary = QTableView()
        self.summary.setAlternatingRowColors(True)
        self.summary.setEditTriggers(QTableView.NoEditTriggers)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.summary.horizontalHeader().setDefaultSectionSize(90)
        self.summary.setWordWrap(False)
        layout.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("开始审核")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.open_button = QPushButton("打开汇总表")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_workbook)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText("关闭")
        close.rejected.connect(self.reject)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(1200, 620)
        if folder:
            self.set_folder(folder)

    # --- choosing ---------------------------------------------------------------------------------
    def set_folder(self, folder: str | Path, output: str | Path | None = None) -> None:
        self.folder.setText(str(folder))
        if output is not None:
            self.output.setText(str(output))

    def _folder_changed(self, text: str) -> None:
        current = self.output.text().strip()
        if not current or Path(current).name == WORKBOOK_NAME:
            self.output.setText(str(Path(text) / WORKBOOK_NAME) if text.strip() else "")

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择要审核的文件夹", self.folder.text())
        if chosen:
            self.set_folder(chosen)

    def _choose_output(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "审核汇总表另存为", self.output.text() or WORKBOOK_NAME,
                                                "Excel 工作簿 (*.xlsx)")
        if chosen:
            self.output.setText(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")

    # --- the review -------------------------------------------------------------------------------
    def start(self) -> bool:
        """Review the folder behind the progress dialog; True when the workbook was written."""
        from ui.background import run_in_background

        folder = Path(self.folder.text().strip()) if self.folder.text().strip() else None
        if folder is None or not folder.is_dir():
            self._say("请先选择一个存在的文件夹（存放各部门报送的文件）。", failed=True)
            return False
        out = Path(self.output.text().strip() or folder / WORKBOOK_NAME)
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        recursive = self.recursive.isChecked()
        reviewer = self.reviewer

        def work(progress, cancelled):
            batch = reviewer(folder, recursive, progress=progress, cancelled=cancelled)
            if batch.cancelled or cancelled():
                raise Cancelled("已取消批量审核，没有写入汇总表。")
            if not batch.reviews:
                from core.errors import BudgetDeskError

                raise BudgetDeskError("这个文件夹中没有可审核的文件（.bdoc、.pdf、.xlsx、.docx、.json）。"
                                      "请选择存放各部门文件的文件夹，或勾选“包含子文件夹”。")
            from core.batch.workbook import write_review_xlsx
            from core.file.files import write_failure

            try:
                write_review_xlsx(batch, out)
            except OSError as exc:
                raise write_failure(out, exc) from None
            return batch, _summary_table(batch)

        self.start_button.setEnabled(False)
        try:
            self.outcome = run_in_background(self, "批量审核", "正在审核文件夹中的文档…", work,
                                             failure="批量审核未能完成", step="已审核 {done}/{total} 份文件")
        finally:
            self.start_button.setEnabled(True)
        if not self.outcome.ok:
            cancelled = self.outcome.error.startswith("已取消")
            self._say("已取消批量审核，没有写入汇总表。" if cancelled else self.outcome.error, failed=not cancelled)
            return False
        self.batch, (headers, rows) = self.outcome.result
        self.workbook = out
        self.summary.setModel(SummaryModel(headers, rows, self.summary))
        self.summary.resizeColumnsToContents()
        for col in range(len(headers)):
            self.summary.setColumnWidth(col, min(self.summary.columnWidth(col), 260))
        self.open_button.setEnabled(True)
        read = [r for r in self.batch.reviews if r.ok]
        self._say(f"共 {len(self.batch.reviews)} 份文件：已审核 {len(read)} 份，未能读取 {len(self.batch.unreadable)} 份"
                  f"（红色行，原因见“说明”），有错误的 {sum(1 for r in read if r.errors)} 份。汇总表已保存：{out}")
        return True

    def open_workbook(self) -> bool:
        """Open the workbook written in Excel/WPS (the PC's program for .xlsx)."""
        if self.workbook is None or not self.workbook.exists():
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.workbook)))

    def _say(self, text: str, failed: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {_FAILED.name()};" if failed else "")
