"""The main window: the document's forms in a navigator beside the selected form's fields and tables."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QGridLayout, QHeaderView, QLabel, QMainWindow, QScrollArea,
                               QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from core import forms
from core.document import Document
from core.errors import BudgetDeskError
from core.model import Form
from ui.field_editors import FieldEditor, is_long
from ui.grid_model import GridModel
from ui.grouped_header import GroupedHeader
from ui.help_menu import add_help_menu
from ui.session import DocumentSession
from ui.sheet_view import SheetView


class MainWindow(QMainWindow):
    def __init__(self, doc: Document):
        super().__init__()
        self.doc = doc
        self.session = DocumentSession(doc, self)
        self.find_dock = None
        self.session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._build_menus()
        read_only = "（只读）" if doc.read_only else ""
        self.setWindowTitle(f"{doc.path.name}{read_only} — {doc.department} {doc.year} 年 — BudgetDesk 部门预算绩效编报")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.navigator = QTreeWidget()
        self.navigator.setHeaderLabels(["表格", "金额"])
        self.navigator.header().setStretchLastSection(False)
        self.navigator.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.navigator.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.navigator.currentItemChanged.connect(self._show_selected)
        self.page = QScrollArea()
        self.page.setWidgetResizable(True)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.page)
        splitter.setSizes([380, 980])
        self.setCentralWidget(splitter)
        self.form_label = QLabel()
        self.sum_label = QLabel()
        self.statusBar().addPermanentWidget(self.form_label)
        self.state_label = QLabel("只读" if doc.read_only else "已保存")
        self.statusBar().addPermanentWidget(self.sum_label)
        self.statusBar().addPermanentWidget(self.state_label)
        if doc.read_only:
            self.statusBar().showMessage(doc.store.read_only_reason)
            for action in [*self.row_actions.values(), *self.project_actions.values()]:
                action.setEnabled(False)
        self._fill_navigator()
        self._build_findings_dock()
        self._restore_layout()

    def _build_menus(self) -> None:
        files = self.menuBar().addMenu("文件(&F)")
        for text, shortcut, slot in (("新建…", QKeySequence.New, self.new_document),
                                     ("打开…", QKeySequence.Open, self.open_document),
                                     ("另存为…", QKeySequence.SaveAs, self.save_as)):
            action = files.addAction(text)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
        files.addAction("导入上一年文件…").triggered.connect(lambda: self.import_last_year())
        self.recent_menu = files.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        samples = files.addMenu("打开示例")
        samples.addAction("承德市司法局 2024（公开表、整体目标、28 个项目）").triggered.connect(
            lambda: self._open_sample("chengde_2024.json"))
        samples.addAction("大竹县司法局 2024（整体支出绩效目标批复表）").triggered.connect(
            lambda: self._open_sample("dazhu_2024_approval.json"))
        files.addSeparator()
        files.addAction("导出 PDF…").triggered.connect(lambda: self.export_pdf())
        files.addAction("导出 Excel…").triggered.connect(lambda: self.export_xlsx())
        print_action = files.addAction("打印预览…")
        print_action.setShortcut(QKeySequence.Print)
        print_action.triggered.connect(lambda: self.print_preview())
        files.addAction("导出检查报告（Excel）…").triggered.connect(lambda: self.export_check_report())
        files.addSeparator()
        files.addAction("关闭").triggered.connect(self.close)
        stack = self.session.undo_stack
        menu = self.menuBar().addMenu("编辑(&E)")
        undo = stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.Undo)
        redo = stack.createRedoAction(self, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.Redo])
        menu.addAction(undo)
        menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        menu.addSeparator()
        self.row_actions = {}
        for key, text, shortcut in (("insert", "插入行", "Ctrl+Shift+="), ("delete", "删除行", "Ctrl+-"),
                                    ("up", "上移行", "Alt+Up"), ("down", "下移行", "Alt+Down")):
            action = menu.addAction(text)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, k=key: self.row_command(k))
            self.row_actions[key] = action
        projects = self.menuBar().addMenu("项目(&P)")
        self.project_actions = {}
        for key, text in (("add", "添加项目"), ("duplicate", "复制项目"), ("delete", "删除项目"),
                          ("up", "上移项目"), ("down", "下移项目")):
            action = projects.addAction(text)
            action.triggered.connect(lambda _=False, k=key: self.project_command(k))
            self.project_actions[key] = action
        self.session.changed.connect(self._on_changed)
        menu.addSeparator()
        find = menu.addAction("查找…")
        find.setShortcut(QKeySequence.Find)
        find.triggered.connect(self.start_find)
        add_help_menu(self)

    def _build_findings_dock(self) -> None:
        from PySide6.QtCore import QTimer

        from ui.findings_dock import FindingsDock

        self.findings_dock = FindingsDock(self)
        self.findings_dock.finding_activated.connect(self.show_finding)
        self.findings_dock.explain_requested.connect(self.ask_explanation)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.findings_dock)
        self.resizeDocks([self.findings_dock], [170], Qt.Vertical)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        # validation runs right after the edit (once for a burst of edits in one event-loop turn,
        # e.g. a paste); it reruns only the checks the edit can affect (bench/validation.py)
        self._revalidate_timer = QTimer(self)
        self._revalidate_timer.setSingleShot(True)
        self._revalidate_timer.setInterval(0)
        self._revalidate_timer.timeout.connect(self.revalidate)
        self.session.changed.connect(lambda _a: self._revalidate_timer.start())
        self.revalidate()

    def revalidate(self) -> None:
        from core.validation import SEVERITY_LABELS

        findings = self.session.revalidate()
        self.findings_dock.project_names = {p.get("code"): p.title for p in self.doc.projects if p.get("code")}
        from core.check_notes import notes

        self.findings_dock.show_findings(findings, notes(self.doc))
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABELS}
        self.counts_label.setText("　".join(f"{SEVERITY_LABELS[s]} {n}" for s, n in counts.items()))

    def ask_explanation(self, finding) -> None:
        from PySide6.QtWidgets import QInputDialog

        from core.check_notes import notes

        text, ok = QInputDialog.getMultiLineText(
            self, "出错说明", f"{finding.message}\n\n请说明保留此项的原因（将随检查报告打印）：",
            notes(self.doc).get(finding.key, ""))
        if ok:
            self.explain(finding, text)

    def explain(self, finding, text: str) -> bool:
        from core.check_notes import explain

        try:
            edit = explain(self.doc, finding, text)
        except BudgetDeskError as exc:
            self.session.report(exc)
            return False
        if self.session.perform(edit):
            self.revalidate()
            return True
        return False

    def show_finding(self, finding) -> None:
        loc = finding.location
        if loc.form_id is None:
            return
        form = self.doc.form_by_id(loc.form_id)
        if loc.row is None:
            field = next((f.key for f in form.spec.fields if f.label == loc.field), None)
            self.go_to(loc.form_id, field=field)
            return
        grid_name = "indicators" if "indicators" in form.grids else next(iter(form.grids))
        grid = form.grids[grid_name]
        column = next((i for i, c in enumerate(grid.columns) if c.label == loc.field), 0)
        self.go_to(loc.form_id, grid_name, loc.row - 1, column)

    def go_to(self, form_id: int, grid: str | None = None, row: int = 0, column: int = 0,
              field: str | None = None) -> None:
        """Show a form and put the cursor on one cell of a grid, or in one of its fields."""
        self.select_form(form_id)
        page = self.page.widget()
        if grid is None:
            editor = page.field_editors.get(field)
            if editor is not None:
                self.page.ensureWidgetVisible(editor.widget)
                editor.widget.setFocus()
            return
        view = page.tables[list(self.doc.form_by_id(form_id).grids).index(grid)]
        index = view.model().index(row, column)
        view.setCurrentIndex(index)
        view.scrollTo(index)
        self.page.ensureWidgetVisible(view)
        view.setFocus()

    def start_find(self) -> None:
        if self.find_dock is None:
            from ui.find_dock import FindDock

            self.find_dock = FindDock(self.doc, self)
            self.find_dock.hit_activated.connect(self.show_hit)
            self.addDockWidget(Qt.BottomDockWidgetArea, self.find_dock)
        self.find_dock.start()

    def show_hit(self, hit) -> None:
        if hit is not None:
            self.go_to(hit.form_id, hit.grid, hit.row or 0, hit.column or 0, hit.field)

    # --- files ----------------------------------------------------------------------------------
    def new_document(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from core.templates import new_document
        from ui.new_document_dialog import NewDocumentDialog

        dialog = NewDocumentDialog(self)
        if not dialog.exec():
            return
        values = dialog.values()
        name = f"{values['department'] or '新文档'}{values['year']}.bdoc"
        path, _ = QFileDialog.getSaveFileName(self, "新建文档", str(self.doc.path.with_name(name)),
                                              "BudgetDesk 文档 (*.bdoc)")
        if not path:
            return
        try:
            new_document(Path(path), **values).close()
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "无法新建", str(exc))
            return
        self._switch_to(Path(path))

    def import_last_year(self, source: Path | None = None, target: Path | None = None) -> bool:
        """Read last year's file (any format) in the background and preview it; then write a new
        document from what the officer ticked and open it, or take it into the open document as
        one undo step. Nothing is written before the officer confirms."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from core.json_format import import_json
        from core.reading import into_document
        from ui.import_dialog import ImportPreview, read_in_background

        if source is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "导入上一年文件", str(self.doc.path.parent),
                "预算文件 (*.bdoc *.json *.xlsx *.docx *.pdf);;所有文件 (*)")
            if not chosen:
                return False
            source = Path(chosen)
        result, error = read_in_background(self, source)
        if result is None:
            QMessageBox.warning(self, "无法导入", error)
            return False
        current = None if self.doc.read_only else f"{self.doc.department} {self.doc.year} 年"
        preview = ImportPreview(result, self, current)
        if not preview.exec():
            return False
        try:
            data, _ = preview.chosen()
            if preview.into_current:
                return self.session.perform(into_document(self.doc, data))
            if target is None:
                name = f"{data['department']}{data['year']}.bdoc"
                chosen, _ = QFileDialog.getSaveFileName(self, "保存导入的文档", str(source.with_name(name)),
                                                        "BudgetDesk 文档 (*.bdoc)")
                if not chosen:
                    return False
                target = Path(chosen)
            import_json(data, target).close()
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "无法导入", str(exc))
            return False
        self._switch_to(target)
        return True

    def open_document(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "打开文档", str(self.doc.path.parent),
                                              "BudgetDesk 文档 (*.bdoc);;所有文件 (*)")
        if path:
            self._switch_to(Path(path))

    def save_as(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getSaveFileName(self, "另存为", str(self.doc.path.with_name(
            self.doc.path.stem + "-副本.bdoc")), "BudgetDesk 文档 (*.bdoc)")
        if not path:
            return
        try:
            self.doc.save_as(Path(path))
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "另存为失败", str(exc))
            return
        self.statusBar().showMessage(f"已另存为 {path}", 8000)

    def ask_export_choice(self, title: str, report_option: bool = True):
        """The forms and options the officer wants printed or exported (the export dialog); None if
        they cancelled."""
        from PySide6.QtWidgets import QDialog

        from core.validation import ERROR
        from ui.export_dialog import ExportDialog

        errors = sum(1 for f in self.session.revalidate() if f.severity == ERROR)
        dialog = ExportDialog(self.doc, title, errors, self.current_form_id(), self, report_option)
        return dialog.choice() if dialog.exec() == QDialog.Accepted else None

    def _output(self, kind: str, path: Path | None, choice) -> bool:
        """Export as ``kind`` ("pdf" or "xlsx") with the officer's choice (asked if None). A
        submission (not a 草案) is refused while 错误 remain."""
        from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

        from core.validation import ERROR

        name = {"pdf": "PDF", "xlsx": "Excel"}[kind]
        if choice is None:
            choice = self.ask_export_choice(f"导出 {name}")
            if choice is None:
                return False
        findings = self.session.revalidate()
        errors = sum(1 for f in findings if f.severity == ERROR)
        if errors and not choice.draft:
            QMessageBox.warning(self, "还有错误", f"文档还有 {errors} 项错误，不能导出报送版。"
                                "请先改正（见“检查结果”），或导出草案。")
            return False
        if path is None:
            filters = {"pdf": "PDF 文件 (*.pdf)", "xlsx": "Excel 文件 (*.xlsx)"}[kind]
            chosen, _ = QFileDialog.getSaveFileName(self, f"导出 {name}", str(self.doc.path.with_suffix(f".{kind}")),
                                                    filters)
            if not chosen:
                return False
            path = Path(chosen)
        report = findings if choice.report else None
        QApplication.setOverrideCursor(Qt.WaitCursor)  # a large document takes seconds
        try:
            self._write(kind, path, choice, report)
            failure = None
        except (BudgetDeskError, OSError) as exc:
            failure = str(exc) if isinstance(exc, BudgetDeskError) else f"无法写入「{path}」：{exc.strerror or exc}"
        finally:
            QApplication.restoreOverrideCursor()
        if failure:
            QMessageBox.warning(self, "导出失败", failure)
            return False
        self.statusBar().showMessage(f"已导出 {name}{'（草案）' if choice.draft else ''}：{path}", 8000)
        return True

    def _write(self, kind: str, path: Path, choice, report) -> None:
        from core.check_notes import notes

        if kind == "pdf":
            from core.pdf_export import PdfOptions, write_pdf

            write_pdf(self.doc, path, PdfOptions(choice.form_ids, choice.draft, report, notes(self.doc)))
        else:
            from core.xlsx_export import write_document_xlsx

            write_document_xlsx(self.doc, path, choice.form_ids, report, choice.draft)

    def export_pdf(self, path: Path | None = None, choice=None) -> bool:
        return self._output("pdf", path, choice)

    def export_xlsx(self, path: Path | None = None, choice=None) -> bool:
        return self._output("xlsx", path, choice)

    def print_preview(self, choice=None) -> bool:
        from core.check_notes import notes
        from core.pdf_export import PdfOptions, write_pdf
        from ui.printing import preview

        if choice is None:
            choice = self.ask_export_choice("打印", report_option=False)
            if choice is None:
                return False
        from core.validation import ERROR

        draft = choice.draft or any(f.severity == ERROR for f in self.session.revalidate())
        options = PdfOptions(choice.form_ids, draft, None, notes(self.doc))
        return preview(self, lambda path: write_pdf(self.doc, path, options))

    def export_check_report(self, path: Path | None = None) -> bool:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from core.check_report import write_xlsx

        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "导出检查报告", str(self.doc.path.with_name(self.doc.path.stem + "-检查报告.xlsx")),
                "Excel 文件 (*.xlsx)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            write_xlsx(self.doc, self.session.revalidate(), path)
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
            return False
        self.statusBar().showMessage(f"检查报告已导出：{path}", 8000)
        return True

    def _fill_recent(self) -> None:
        from ui.settings import recent_files

        self.recent_menu.clear()
        for path in recent_files():
            self.recent_menu.addAction(path).triggered.connect(lambda _=False, p=path: self._switch_to(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("（无）").setEnabled(False)

    def _open_sample(self, sample: str) -> None:
        from core.user_data import data_folder
        from ui.app import sample_document

        self._switch_to(sample_document(data_folder(), sample))

    def _switch_to(self, path: Path) -> None:
        from ui.app import open_window

        if path.resolve() == self.doc.path.resolve():
            return
        if open_window(path, self) is not None:
            self.close()

    def _restore_layout(self) -> None:
        from ui.settings import settings

        stored = settings()
        geometry = stored.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 720)
        state = stored.value("window/splitter")
        if state is not None:
            self.centralWidget().restoreState(state)

    def closeEvent(self, event) -> None:
        from ui.settings import settings

        stored = settings()
        stored.setValue("window/geometry", self.saveGeometry())
        stored.setValue("window/splitter", self.centralWidget().saveState())
        self.doc.close()
        super().closeEvent(event)

    # --- commands -------------------------------------------------------------------------------
    def active_sheet(self) -> SheetView | None:
        page = self.page.widget()
        if not isinstance(page, FormPage) or not page.tables:
            return None
        focused = next((t for t in page.tables if t.hasFocus()), None)
        return focused or page.last_sheet or page.tables[0]

    def row_command(self, key: str) -> None:
        sheet = self.active_sheet()
        if sheet is None:
            return
        model = sheet.model()
        rect = sheet.selected_rectangle()
        top, bottom = (rect[0], rect[2]) if rect else (model.rowCount(), model.rowCount() - 1)
        count = max(bottom - top + 1, 1)
        if key == "insert":
            model.insert_rows(min(top, model.rowCount()), count)
        elif key == "delete" and rect:
            model.delete_rows(top, count)
        elif key in ("up", "down") and rect:
            to = top - 1 if key == "up" else top + 1
            if model.move_rows(top, count, to):
                column = sheet.currentIndex().column()
                sheet.setCurrentIndex(model.index(to, max(column, 0)))

    def current_project_index(self) -> int | None:
        form_id = self.current_form_id()
        ids = [p.id for p in self.doc.projects]
        return ids.index(form_id) if form_id in ids else None

    def current_form_id(self) -> int | None:
        item = self.navigator.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    def project_command(self, key: str) -> None:
        from core import edits

        index = self.current_project_index()
        count = len(self.doc.projects)
        if key == "add":
            at = count if index is None else index + 1
            if self.session.perform(edits.add_project(self.doc, at)):
                self.select_form(self.doc.projects[at].id)
            return
        if index is None:
            self.statusBar().showMessage("请先在左侧选中一个项目。", 5000)
            return
        if key == "duplicate":
            if self.session.perform(edits.duplicate_project(self.doc, index)):
                self.select_form(self.doc.projects[index + 1].id)
        elif key == "delete":
            name = self.doc.projects[index].title
            if self.confirm(f"删除项目「{name}」？（可以用“撤销”恢复）") and \
                    self.session.perform(edits.delete_project(index)):
                remaining = self.doc.projects
                if remaining:
                    self.select_form(remaining[min(index, len(remaining) - 1)].id)
        elif key in ("up", "down"):
            to = index - 1 if key == "up" else index + 1
            if 0 <= to < count:
                form_id = self.doc.projects[index].id
                if self.session.perform(edits.move_project(index, to)):
                    self.select_form(form_id)

    def confirm(self, question: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(self, "BudgetDesk", question) == QMessageBox.Yes

    def _on_changed(self, applied) -> None:
        for change in applied.all_changes:
            if change.form_id is not None and change.grid is None:
                self._refresh_item(change.form_id)
        if any(c.form_id is None and c.structure for c in applied.all_changes):
            current = self.current_form_id()
            self.navigator.blockSignals(True)
            self.navigator.clear()
            self.navigator.blockSignals(False)
            self._fill_navigator(select=current)

    def _fill_navigator(self, select: int | None = None) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        first = None
        for form in self.doc.forms[1:]:
            parent = None
            if form.kind in (forms.BUDGET_TABLE, forms.PROJECT):
                label = "部门预算公开表" if form.kind == forms.BUDGET_TABLE else "项目支出绩效目标表"
                parent = groups.get(form.kind)
                if parent is None:
                    parent = groups[form.kind] = QTreeWidgetItem(self.navigator, [label])
                    parent.setExpanded(True)
            text = form.title
            item = QTreeWidgetItem([text, form.get("budget") or ""] if form.kind == forms.PROJECT else [text])
            tip = f"{form.get('code') or ''} {text}" if form.kind == forms.PROJECT else text
            item.setToolTip(0, tip.strip())
            item.setData(0, Qt.UserRole, form.id)
            item.setTextAlignment(1, Qt.AlignRight | Qt.AlignVCenter)
            if parent is None:
                self.navigator.addTopLevelItem(item)
            else:
                parent.addChild(item)
            first = first or item
        ids = {f.id for f in self.doc.forms}
        if select in ids:
            self.select_form(select)
        elif first is not None:
            self.navigator.setCurrentItem(first)

    def _show_selected(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        form_id = item.data(0, Qt.UserRole) if item else None
        if form_id is None:
            return
        page = FormPage(self.session, self.doc.form_by_id(form_id))
        for view in page.tables:
            view.selectionModel().selectionChanged.connect(lambda *_a, v=view: self.update_sum(v))
        self.page.setWidget(page)
        self.sum_label.clear()
        self.form_label.setText(self.doc.form_by_id(form_id).title)

    def update_sum(self, view) -> None:
        """Excel's status-bar sum: the amounts in the selection (exact, Decimal)."""
        from core import cell_input, money

        grid = view.model().grid
        total, count = None, 0
        for index in view.selectedIndexes():
            if grid.columns[index.column()].kind != cell_input.AMOUNT:
                continue
            value = money.read_amount(grid.rows[index.row()].cells[index.column()])
            if value is not None:
                total = value if total is None else total + value
                count += 1
        self.sum_label.setText(f"求和：{money.format_amount(total)}　计数：{count}" if count else "")

    def _refresh_item(self, form_id: int) -> None:
        form = self.doc.form_by_id(form_id)
        for item in _all_items(self.navigator):
            if item.data(0, Qt.UserRole) == form_id:
                item.setText(0, form.title)
                if form.kind == forms.PROJECT:
                    item.setText(1, form.get("budget") or "")
                    item.setToolTip(0, f"{form.get('code') or ''} {form.title}".strip())

    def select_form(self, form_id: int) -> None:
        for item in _all_items(self.navigator):
            if item.data(0, Qt.UserRole) == form_id:
                self.navigator.setCurrentItem(item)
                return


TABLE_WIDTH = 900  # what a form page's table shows without scrolling on a 1366×768 screen
MIN_COLUMN, MAX_COLUMN = 60, 420


def fitted_widths(natural: list[int], budget: int | None) -> list[int]:
    """Column widths from their contents' widths: each within MIN_COLUMN…MAX_COLUMN and, with a
    ``budget``, the widest narrowed to one common cap (text wraps) so the columns fit it."""
    widths = [min(max(w, MIN_COLUMN), MAX_COLUMN) for w in natural]
    if budget is None or sum(widths) <= budget:
        return widths
    low, high = MIN_COLUMN, MAX_COLUMN
    while low < high:  # the largest cap whose total still fits
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in widths) <= budget:
            low = cap
        else:
            high = cap - 1
    return [min(w, low) for w in widths]


class FormPage(QWidget):
    """One form shown as its fields followed by its grids."""

    def __init__(self, session: DocumentSession, form: Form):
        super().__init__()
        layout = QVBoxLayout(self)
        title = QLabel(form.title)
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        shown = [f for f in form.spec.fields if f.key not in ("columns", "title", "framework")]
        self.field_editors: dict[str, FieldEditor] = {}
        # short fields three to a row, long texts below at full width: compact on 1366×768
        grid = QGridLayout()
        position = 0
        for spec in shown:
            editor = FieldEditor(session, form.id, spec)
            self.field_editors[spec.key] = editor
            label = QLabel(spec.label + "：")
            if is_long(spec):
                continue
            row, col = divmod(position, 3)
            grid.addWidget(label, row, col * 2, Qt.AlignRight)
            grid.addWidget(editor.widget, row, col * 2 + 1)
            position += 1
        row = (position + 2) // 3
        for spec in shown:
            if is_long(spec):
                grid.addWidget(QLabel(spec.label + "："), row, 0, Qt.AlignRight | Qt.AlignTop)
                grid.addWidget(self.field_editors[spec.key].widget, row, 1, 1, 5)
                row += 1
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        layout.addLayout(grid)
        session.changed.connect(self._on_changed)
        self.form_id = form.id
        self.tables = []
        self.last_sheet = None
        for name, grid in form.grids.items():
            view = SheetView()
            model = GridModel(session, form.id, name, view)
            view.setModel(model)
            if form.kind == forms.BUDGET_TABLE:
                labels = [c.label for c in grid.columns]
                view.setHorizontalHeader(GroupedHeader(labels, column_numbers=True, parent=view))
                view.verticalHeader().hide()  # the table's own 序号 column numbers the rows
            view.setWordWrap(True)
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
            view.resizeColumnsToContents()
            widths = fitted_widths([view.columnWidth(c) for c in range(len(grid.columns))],
                                   TABLE_WIDTH if form.kind != forms.BUDGET_TABLE else None)
            for column, width in enumerate(widths):
                view.setColumnWidth(column, width)
            if form.kind != forms.BUDGET_TABLE:
                view.horizontalHeader().setStretchLastSection(True)
                # texts wrap in the narrowed columns: rows grow to show them, and follow edits
                view.resizeRowsToContents()
                model.dataChanged.connect(lambda first, last, *_, v=view: [
                    v.resizeRowToContents(r) for r in range(first.row(), last.row() + 1)])
                model.rowsInserted.connect(lambda _p, first, last, v=view: [
                    v.resizeRowToContents(r) for r in range(first, last + 1)])
            view.setMinimumHeight(min(90 + view.verticalHeader().defaultSectionSize() * len(grid.rows), 520))
            layout.addWidget(view)
            self.tables.append(view)
            view.clicked.connect(lambda _i, v=view: setattr(self, "last_sheet", v))
        layout.addStretch(1)


    def _on_changed(self, applied) -> None:
        if any(c.form_id == self.form_id and c.grid is None for c in applied.all_changes):
            for editor in self.field_editors.values():
                editor.refresh()


def _all_items(tree: QTreeWidget):
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))
