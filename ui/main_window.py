"""The main window: the open document's forms in a navigator beside the selected form's page, the
检查结果 and 查找 panels below; with no document open (after 关闭), a start page.

One window holds one document at a time. Whatever replaces or closes it (打开, 最近打开, 新建,
打开示例, 导入为新文档, 关闭, the close button) and whatever reads it whole (另存为, export, print,
import into it) first commits the editor being typed in (:meth:`MainWindow.ready`); a value that
is refused keeps the document open with the message, and nothing typed is lost.
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QMetaObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QUndoGroup
from PySide6.QtWidgets import (QHeaderView, QLabel, QMainWindow, QMessageBox, QScrollArea, QSplitter,
                               QStackedWidget, QTreeWidget, QTreeWidgetItem)

from core.document import forms
from core.document.document import Document
from core.errors import BudgetDeskError
from ui.form_page import FormPage
from ui.help_menu import add_help_menu
from ui.plain import SteadyLabel, plain_label, shown
from ui.session import DocumentSession
from ui.sheet_view import SheetView
from ui.start_page import SAMPLE_CHOICES, StartPage

TABLE_WIDTH = 900  # what a form page's tables take before the window is shown (1366×768)
PRODUCT_TITLE = "BudgetDesk 部门预算绩效编报"


class MainWindow(QMainWindow):
    def __init__(self, doc: Document | None = None):
        super().__init__()
        self.doc: Document | None = None
        self.session: DocumentSession | None = None
        self.undo_group = QUndoGroup(self)
        self.navigator = QTreeWidget()
        self.navigator.setHeaderLabels(["表格", "金额"])
        self.navigator.header().setStretchLastSection(False)
        self.navigator.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.navigator.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.navigator.currentItemChanged.connect(self._show_selected)
        self.page = QScrollArea()
        self.page.setWidgetResizable(True)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.page)
        self.splitter.setSizes([330, 1030])
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_document)
        self.start_page.open_requested.connect(self.open_document)
        self.start_page.sample_requested.connect(self.open_sample)
        self.start_page.recent_requested.connect(lambda path: self.open_path(Path(path)))
        self.central = QStackedWidget()
        self.central.addWidget(self.start_page)
        self.central.addWidget(self.splitter)
        self.setCentralWidget(self.central)
        self.form_label = plain_label()
        self.sum_label = SteadyLabel()
        self.counts_label = SteadyLabel()
        self.state_label = QLabel()
        for label in (self.form_label, self.sum_label, self.counts_label, self.state_label):
            self.statusBar().addPermanentWidget(label)
        # validation runs right after the edit (once for a burst of edits in one event-loop turn,
        # e.g. a paste); it reruns only the checks the edit can affect (bench/validation.py)
        self._revalidate_pending = False
        self._docks_hidden: list = []
        self._views: list = []  # the 与上年对比 / 图示 windows open
        self._project_names: dict | None = None  # the projects' codes and names (see revalidate)
        self._panel_shown: tuple | None = None  # (session, its run) the findings panel shows
        self._build_docks()
        self._build_menus()
        self._restore_layout()
        if doc is None:
            self._show_start_page()
        else:
            self.show_document(doc)

    # --- menus and panels -----------------------------------------------------------------------
    def _build_menus(self) -> None:
        files = self.menuBar().addMenu("文件(&F)")
        self.document_actions = []  # enabled only while a document is open
        self.editing_actions = []   # … and writable

        def add(menu, text, slot, shortcut=None, needs=None):
            action = menu.addAction(text)
            if shortcut is not None:
                action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
            action.triggered.connect(lambda _=False: slot())
            if needs is not None:
                needs.append(action)
            return action

        add(files, "新建(&N)…", self.new_document, QKeySequence.New)
        add(files, "打开(&O)…", self.open_document, QKeySequence.Open)
        self.recent_menu = files.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        samples = files.addMenu("打开示例(&E)")
        for name, label in SAMPLE_CHOICES:
            add(samples, label, lambda n=name: self.open_sample(n))
        files.addSeparator()
        add(files, "另存为(&A)…", self.save_as, QKeySequence.SaveAs, self.document_actions)
        add(files, "导入上一年文件(&I)…", self.import_last_year)
        add(files, "批量审核(&B)…", self.batch_review)
        add(files, "汇总下级单位(&M)…", self.consolidate_units)
        files.addSeparator()
        add(files, "导出 PDF(&D)…", self.export_pdf, None, self.document_actions)
        add(files, "导出 Excel(&X)…", self.export_xlsx, None, self.document_actions)
        add(files, "打印预览(&V)…", self.print_preview, QKeySequence.Print, self.document_actions)
        add(files, "导出检查报告（Excel）(&K)…", self.export_check_report, None, self.document_actions)
        files.addSeparator()
        add(files, "关闭(&C)", self.close_document, [QKeySequence("Ctrl+W"), QKeySequence("Ctrl+F4")],
            self.document_actions)
        add(files, "退出(&Q)", self.close, QKeySequence("Ctrl+Q"))

        menu = self.menuBar().addMenu("编辑(&E)")
        self.undo_action = self.undo_group.createUndoAction(self, "撤销(&U)")
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "重做(&R)")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.Redo])
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        self.row_actions = {}
        for key, text, shortcut in (("insert", "插入行(&I)", "Ctrl+Shift+="), ("delete", "删除行(&D)", "Ctrl+-"),
                                    ("up", "上移行", "Alt+Up"), ("down", "下移行", "Alt+Down")):
            self.row_actions[key] = add(menu, text, lambda k=key: self.row_command(k), shortcut,
                                        self.editing_actions)
        menu.addSeparator()
        add(menu, "查找(&F)…", self.start_find, QKeySequence.Find, self.document_actions)
        add(menu, "查找下一个", lambda: self.find_dock.step(1), QKeySequence.FindNext, self.document_actions)
        add(menu, "查找上一个", lambda: self.find_dock.step(-1), QKeySequence.FindPrevious, self.document_actions)

        view = self.menuBar().addMenu("视图(&V)")
        for dock, text in ((self.findings_dock, "检查结果(&C)"), (self.find_dock, "查找(&F)")):
            toggle = dock.toggleViewAction()
            toggle.setText(text)
            view.addAction(toggle)
        view.addSeparator()
        add(view, "与上年对比(&Y)…", self.show_comparison, None, self.document_actions)
        add(view, "图示(&G)…", self.show_charts, None, self.document_actions)

        projects = self.menuBar().addMenu("项目(&P)")
        self.project_actions = {}
        for key, text in (("add", "添加项目(&A)"), ("duplicate", "复制项目(&C)"), ("delete", "删除项目(&D)"),
                          ("up", "上移项目(&U)"), ("down", "下移项目(&N)")):
            self.project_actions[key] = add(projects, text, lambda k=key: self.project_command(k), None,
                                            self.editing_actions)
        self.typed_projects_menu = projects.addMenu("按类型添加项目(&T)")
        self.typed_projects_menu.aboutToShow.connect(self._fill_project_types)
        self.editing_actions.append(self.typed_projects_menu.menuAction())
        projects.addSeparator()
        self.project_actions["insert_indicators"] = add(projects, "插入指标(&I)…", self.insert_indicators, None,
                                                        self.editing_actions)
        explanation = self.menuBar().addMenu("情况说明(&S)")
        add(explanation, "根据表格生成(&G)…", self.write_explanation, None, self.editing_actions)
        add_help_menu(self)

    def _build_docks(self) -> None:
        from ui.find_dock import FindDock
        from ui.findings_dock import FindingsDock

        self.findings_dock = FindingsDock(self)
        self.findings_dock.finding_activated.connect(self.show_finding)
        self.findings_dock.finding_activated.connect(self.offer_fixes)
        self.findings_dock.fix_chosen.connect(self.apply_fix)
        self.findings_dock.explain_requested.connect(self.ask_explanation)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.findings_dock)
        self.find_dock = FindDock(self)
        self.find_dock.hit_activated.connect(self.show_hit)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.find_dock)
        self.tabifyDockWidget(self.findings_dock, self.find_dock)  # both fit below the form at 1366×768
        self.find_dock.hide()
        self.resizeDocks([self.findings_dock], [170], Qt.Vertical)

    # --- the document ---------------------------------------------------------------------------
    def show_document(self, doc: Document) -> None:
        """Show ``doc`` (which the window now owns and closes)."""
        self.doc = doc
        self.session = DocumentSession(doc, self)
        self._project_names = None
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.session.message.connect(self._show_message)
        self.session.changed.connect(self._on_changed)
        self.session.changed.connect(lambda _a: self.schedule_revalidate())
        self.session.reloaded.connect(self._reloaded)
        self.find_dock.set_document(doc)
        for dock in self._docks_hidden:
            dock.show()
        self._docks_hidden = []
        self.central.setCurrentWidget(self.splitter)
        self._show_file_state()
        self._fill_navigator()
        self.revalidate()
        QTimer.singleShot(0, lambda d=doc: self._learn_from(d))
        # The document, its views and its findings live as long as it is open: out of the cyclic
        # collector's way (a full collection over them took 40 ms, in the middle of an edit).
        gc.collect()
        gc.freeze()

    def _learn_from(self, doc: Document) -> None:
        """The officer's own indicator library learns the document's indicators (not a sample's):
        next year's suggestions are their own history."""
        from core.library.library import learn_from
        from ui.app import is_sample

        if doc is self.doc and not is_sample(doc.path):
            learn_from(doc)

    def _show_message(self, text: str) -> None:
        """A message in the status bar (its first line: a long list goes to a dialog)."""
        self.statusBar().showMessage(text.split("\n", 1)[0], 8000)

    def _show_file_state(self) -> None:
        """Title bar, status and what may be done: after opening, and after 另存为 moved the document."""
        doc = self.doc
        read_only = "（只读）" if doc.read_only else ""
        self.setWindowTitle(f"{doc.path.name}{read_only} — {doc.department} {doc.year} 年 — {PRODUCT_TITLE}")
        self.state_label.setText("只读" if doc.read_only else "已保存")
        self.state_label.setToolTip(shown(str(doc.path)))
        for action in self.document_actions:
            action.setEnabled(True)
        for action in self.editing_actions:
            action.setEnabled(not doc.read_only)
        if doc.read_only:
            self.statusBar().showMessage(doc.store.read_only_reason)

    def _show_start_page(self) -> None:
        self.setWindowTitle(PRODUCT_TITLE)
        for action in (*self.document_actions, *self.editing_actions):
            action.setEnabled(False)
        for label in (self.form_label, self.sum_label, self.counts_label, self.state_label):
            label.clear()
        self.start_page.refresh()
        self.central.setCurrentWidget(self.start_page)
        self._docks_hidden = [d for d in (self.findings_dock, self.find_dock) if d.isVisible()]
        for dock in self._docks_hidden:  # nothing to check or find: back with the next document
            dock.hide()

    def ready(self) -> bool:
        """Commit what is being typed (an open cell editor, a field not yet left). False, with the
        reason shown and the typed text kept in its editor, if it is refused."""
        page = self.page.widget()
        refused = page.commit_pending() if isinstance(page, FormPage) else None
        if refused:
            QMessageBox.warning(self, "输入未保存", shown(f"{refused}\n\n请改正这一项，或按 Esc 放弃输入，然后再继续。"))
            return False
        return True

    def close_document(self) -> bool:
        """关闭: commit what is typed, close the document and show the start page. False (the
        document stays open) if what is typed is refused."""
        if self.doc is None:
            return True
        if not self.ready():
            return False
        self._revalidate_pending = False
        self.session.close()
        for view in list(self._views):  # they show this document
            view.close()
        self._views.clear()
        page = self.page.takeWidget()
        if page is not None:
            page.deleteLater()
        self.navigator.blockSignals(True)
        self.navigator.clear()
        self.navigator.blockSignals(False)
        self.findings_dock.clear()
        self.find_dock.set_document(None)
        self.undo_group.removeStack(self.session.undo_stack)
        self.session.deleteLater()
        self.doc.close()
        self.doc = self.session = self._panel_shown = None
        gc.unfreeze()  # what the closed document leaves is the collector's again
        self._show_start_page()
        return True

    def open_path(self, path: Path) -> bool:
        """Open ``path`` in place of the open document (committed and closed first). False, with
        a Chinese message, if it cannot be opened; the open document then stays."""
        from core.document.document import open_document
        from ui.settings import remember

        path = Path(path)
        if self.doc is not None and path.resolve() == self.doc.path.resolve():
            return True
        if not self.ready():
            return False
        try:
            doc = open_document(path)
        except BudgetDeskError as exc:
            QMessageBox.critical(self, "无法打开文档", shown(str(exc)))
            return False
        if not self.close_document():
            doc.close()
            return False
        self.show_document(doc)
        remember(doc.path)
        return True

    # --- files ----------------------------------------------------------------------------------
    def _folder(self) -> str:
        from ui.settings import recent_files

        if self.doc is not None:
            return str(self.doc.path.parent)
        recent = recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def new_document(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        from core.templates import new_document
        from ui.new_document_dialog import NewDocumentDialog

        if not self.ready():
            return False
        dialog = NewDocumentDialog(self)
        if not dialog.exec():
            return False
        values = dialog.values()
        name = f"{values['department'] or '新文档'}{values['year']}.bdoc"
        path, _ = QFileDialog.getSaveFileName(self, "新建文档", str(Path(self._folder()) / name),
                                              "BudgetDesk 文档 (*.bdoc)")
        if not path:
            return False
        try:
            new_document(Path(path), **values).close()
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "无法新建", shown(str(exc)))
            return False
        return self.open_path(Path(path))

    def open_document(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "打开文档", self._folder(),
                                              "BudgetDesk 文档 (*.bdoc);;所有文件 (*)")
        return bool(path) and self.open_path(Path(path))

    def open_sample(self, sample: str) -> bool:
        from core.file.user_data import data_folder
        from ui.app import sample_document

        try:
            path = sample_document(data_folder(), sample)
        except BudgetDeskError as exc:
            QMessageBox.critical(self, "无法打开示例文档", shown(str(exc)))
            return False
        return self.open_path(path)

    def save_as(self, target: Path | None = None) -> bool:
        """另存为: write a copy and continue in it (the title bar shows the new file)."""
        from PySide6.QtWidgets import QFileDialog

        if self.doc is None or not self.ready():
            return False
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "另存为", str(self.doc.path.with_name(
                self.doc.path.stem + "-副本.bdoc")), "BudgetDesk 文档 (*.bdoc)")
            if not chosen:
                return False
            target = Path(chosen)
        was_read_only = self.doc.read_only
        try:
            self.doc.save_as(Path(target))
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "另存为失败", shown(str(exc)))
            return False
        from ui.settings import remember

        remember(self.doc.path)
        self._show_file_state()
        if was_read_only:  # the copy can be edited: rebuild the page with editable fields
            self._show_selected(self.navigator.currentItem())
        self.statusBar().showMessage(f"已另存为 {self.doc.path}，现在编辑的是这个文件。", 8000)
        return True

    def import_last_year(self, source: Path | None = None, target: Path | None = None) -> bool:
        """Read last year's file (any format) in the background and preview it; then write a new
        document from what the officer ticked and open it, or take it into the open document as
        one undo step. Nothing is written before the officer confirms."""
        from PySide6.QtWidgets import QFileDialog

        from core.file.json_format import import_json
        from core.reading import into_document
        from ui.import_dialog import ImportPreview, read_in_background

        if not self.ready():
            return False
        if source is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "导入上一年文件", self._folder(),
                "预算文件 (*.bdoc *.json *.xlsx *.docx *.pdf);;所有文件 (*)")
            if not chosen:
                return False
            source = Path(chosen)
        result, error = read_in_background(self, source)
        if result is None:
            QMessageBox.warning(self, "无法导入", shown(error))
            return False
        current = None if self.doc is None or self.doc.read_only else f"{self.doc.department} {self.doc.year} 年"
        preview = ImportPreview(result, self, current)
        if not preview.exec():
            return False
        try:
            data, _ = preview.chosen()
            if preview.into_current:
                return self.ready() and self.session.perform(into_document(self.doc, data))
            if target is None:
                name = f"{data['department']}{data['year']}.bdoc"
                chosen, _ = QFileDialog.getSaveFileName(self, "保存导入的文档", str(source.with_name(name)),
                                                        "BudgetDesk 文档 (*.bdoc)")
                if not chosen:
                    return False
                target = Path(chosen)
            import_json(data, target).close()
        except BudgetDeskError as exc:
            QMessageBox.warning(self, "无法导入", shown(str(exc)))
            return False
        return self.open_path(target)

    def export_pdf(self, path: Path | None = None, choice=None) -> bool:
        from ui import outputs

        return self.ready() and outputs.export(self, "pdf", path, choice)

    def export_xlsx(self, path: Path | None = None, choice=None) -> bool:
        from ui import outputs

        return self.ready() and outputs.export(self, "xlsx", path, choice)

    def print_preview(self, choice=None) -> bool:
        from ui import outputs

        return self.ready() and outputs.print_preview(self, choice)

    def export_check_report(self, path: Path | None = None) -> bool:
        from ui import outputs

        return self.ready() and outputs.export_check_report(self, path)

    def _fill_recent(self) -> None:
        from ui.settings import recent_files

        self.recent_menu.clear()
        for path in recent_files():
            self.recent_menu.addAction(path).triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("（无）").setEnabled(False)

    def _restore_layout(self) -> None:
        from ui.settings import settings

        stored = settings()
        geometry = stored.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 720)
        state = stored.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event) -> None:
        from ui.settings import settings

        if not self.close_document():
            event.ignore()
            return
        stored = settings()
        stored.setValue("window/geometry", self.saveGeometry())
        stored.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)

    # --- validation -----------------------------------------------------------------------------
    def schedule_revalidate(self) -> None:
        """Validate once the edits of this event-loop turn are done: a posted call, delivered before
        Qt's (low-priority) repaint, so the edited cell and the tints it changes paint together."""
        if not self._revalidate_pending:
            self._revalidate_pending = True
            QMetaObject.invokeMethod(self, "_pending_revalidate", Qt.QueuedConnection)

    @Slot()
    def _pending_revalidate(self) -> None:
        if self._revalidate_pending:
            self._revalidate_pending = False
            self.revalidate()

    def revalidate(self) -> None:
        from collections import Counter
        from operator import attrgetter

        from core.document.check_notes import notes
        from core.checks.validation import SEVERITY_LABELS

        if self.session is None:
            return
        findings = self.session.revalidate()
        if self._project_names is None:  # how the panel names each project's group
            self._project_names = {p.get("code"): p.title for p in self.doc.projects if p.get("code")}
        self.findings_dock.project_names = self._project_names
        # the panel showed the run before this one: it regroups only what this run changed
        follows = self._panel_shown == (self.session, self.session.runs - 1)
        self.findings_dock.show_findings(findings, notes(self.doc), self.session.changes if follows else None)
        self._panel_shown = (self.session, self.session.runs)
        severities = Counter(map(attrgetter("severity"), findings))
        counts = {s: severities[s] for s in SEVERITY_LABELS}
        self.counts_label.setText("　".join(f"{SEVERITY_LABELS[s]} {n}" for s, n in counts.items()))

    def ask_explanation(self, finding) -> None:
        from PySide6.QtWidgets import QInputDialog

        from core.document.check_notes import notes

        text, ok = QInputDialog.getMultiLineText(
            self, "出错说明", shown(f"{finding.message}\n\n请说明保留此项的原因（将随检查报告打印）："),
            notes(self.doc).get(finding.note_key, ""))
        if ok:
            self.explain(finding, text)

    def explain(self, finding, text: str) -> bool:
        from core.document.check_notes import explain

        try:
            edit = explain(self.doc, finding, text)
        except BudgetDeskError as exc:
            self.session.report(exc)
            return False
        if self.session.perform(edit):
            self.revalidate()
            return True
        return False

    def offer_fixes(self, finding) -> None:
        """The library's fixes for the finding chosen in the panel, as buttons there."""
        from core.library.fixes import fixes_for

        fixes = [] if self.doc is None or self.doc.read_only else fixes_for(self.doc, finding)
        self.findings_dock.show_fixes(fixes)

    def apply_fix(self, fix) -> bool:
        """A fix from the panel, applied as one undo step."""
        if self.doc is None or not self.ready():
            return False
        self.findings_dock.show_fixes([])
        return self.session.perform(fix.edit)

    def show_finding(self, finding) -> None:
        loc = finding.location
        if loc.form_id is None:
            return
        form = self.doc.form_by_id(loc.form_id)
        if loc.row is None:
            field = next((f.key for f in form.spec.fields if f.label == loc.field), None)
            self.go_to(loc.form_id, field=field)
            return
        # the grid with a column of that name (保障措施 and 分项 rows, the 批复表's 任务 and 指标 rows);
        # else a project's indicators or the form's only grid
        grid_name = next((name for name, g in form.grids.items() if any(c.label == loc.field for c in g.columns)),
                         "indicators" if "indicators" in form.grids else next(iter(form.grids)))
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
        self.find_dock.start()

    def show_hit(self, hit) -> None:
        if hit is not None:
            self.go_to(hit.form_id, hit.grid, hit.row or 0, hit.column or 0, hit.field)

    # --- commands -------------------------------------------------------------------------------
    def active_sheet(self) -> SheetView | None:
        page = self.page.widget()
        if not isinstance(page, FormPage) or not page.tables:
            return None
        focused = next((t for t in page.tables if t.hasFocus()), None)
        return focused or page.last_sheet or page.tables[0]

    def row_command(self, key: str) -> None:
        sheet = self.active_sheet()
        if sheet is None or not self.ready():
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
        from core.document import edits

        if self.doc is None or not self.ready():
            return
        index = self.current_project_index()
        count = len(self.doc.projects)
        if key == "add":
            at = count if index is None else index + 1
            if self.session.perform(edits.add_project(self.doc, at)):
                self.go_to(self.doc.projects[at].id, field="code")
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

    def _fill_project_types(self) -> None:
        from core.library.templates import project_types

        self.typed_projects_menu.clear()
        for kind in project_types():
            action = self.typed_projects_menu.addAction(kind.name)
            action.triggered.connect(lambda _=False, k=kind.id: self.add_typed_project(k))

    def add_typed_project(self, type_id: str) -> bool:
        """新建项目 of a type from the library's pack: its usual indicator rows, to complete."""
        from core.library.templates import new_project

        if self.doc is None or not self.ready():
            return False
        index = self.current_project_index()
        at = len(self.doc.projects) if index is None else index + 1
        if not self.session.perform(new_project(self.doc, type_id, at)):
            return False
        self.go_to(self.doc.projects[at].id, field="code")
        return True

    def batch_review(self) -> None:
        """文件 → 批量审核…: every document of a folder read and checked (the 财政局's review), the
        summary workbook written and shown."""
        from ui.batch_dialog import BatchReviewDialog

        BatchReviewDialog(self).exec()

    def consolidate_units(self) -> None:
        """文件 → 汇总下级单位…: the units' documents combined into the department's, then opened."""
        from ui.consolidate_dialog import ConsolidateDialog

        dialog = ConsolidateDialog(self)
        made = []
        dialog.created.connect(made.append)
        dialog.exec()
        if made:
            self.open_path(Path(made[-1]))

    def show_comparison(self) -> None:
        """视图 → 与上年对比…: each 公开表 row and project this year beside last year (what the
        document keeps of it), largest changes first; 导出 Excel for the 分管领导."""
        from ui.compare_view import CompareView

        if self.doc is None:
            return
        view = CompareView(self.session)
        view.form_requested.connect(lambda form_id, row: self._go_to_row(form_id, row))
        self._show_in_window(view, "与上年对比")

    def show_charts(self) -> None:
        """视图 → 图示…: the projects' 资金支出计划 curves and 支出 by 类, this year beside last year."""
        from ui.charts import ChartsView

        if self.doc is not None:
            self._show_in_window(ChartsView(self.session), "图示")

    def _show_in_window(self, widget, title: str) -> None:
        """A view in its own window beside the main one (closed with the document)."""
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        dialog = QDialog(self)
        dialog.setWindowTitle(f"{title} — {self.doc.department} {self.doc.year} 年")
        QVBoxLayout(dialog).addWidget(widget)
        dialog.resize(1200, 640)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self._views.append(dialog)
        dialog.destroyed.connect(lambda _=None, d=dialog: self._views.remove(d) if d in self._views else None)
        dialog.show()

    def _go_to_row(self, form_id: int, row) -> None:
        form = self.doc.form_by_id(form_id)
        grid = "rows" if form.kind == forms.BUDGET_TABLE else "indicators"
        if row is None or grid not in form.grids:
            self.select_form(form_id)
        else:
            self.go_to(form_id, grid, row, 0)

    def write_explanation(self) -> None:
        """情况说明 → 根据表格生成…: the text written from the tables (and last year's, where the
        document keeps them) beside the current one, taken section by section."""
        from core.document.last_year import last_year
        from ui.explain_dialog import ExplainDialog

        if self.doc is None or not self.ready():
            return
        if self.doc.form(forms.EXPLANATION) is None:
            self.statusBar().showMessage("本文档没有情况说明。", 5000)
            return
        ExplainDialog(self.session, last=last_year(self.doc), parent=self).exec()

    def insert_indicators(self) -> None:
        """插入指标…: the library's indicators for the current project, ticked and inserted in their
        一级/二级 blocks as one undo step."""
        from ui.insert_indicator_dialog import InsertIndicatorDialog

        if self.doc is None or not self.ready():
            return
        index = self.current_project_index()
        if index is None:
            self.statusBar().showMessage("请先在左侧选中一个项目。", 5000)
            return
        InsertIndicatorDialog(self.session, self.doc.projects[index].id, self).exec()

    def confirm(self, question: str) -> bool:
        return QMessageBox.question(self, "BudgetDesk", shown(question)) == QMessageBox.Yes

    # --- the navigator and the page -------------------------------------------------------------
    def _on_changed(self, applied) -> None:
        for change in applied.all_changes:
            if change.grid is None:  # a form's fields, or the list of forms: a project's code or name
                self._project_names = None
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
            item.setToolTip(0, shown(tip.strip()))
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

    def _reloaded(self) -> None:
        """The document was read again from its file: show what it holds now (the page goes
        without committing: its editors show what memory held before)."""
        self._project_names = None
        current = self.current_form_id()
        stale = self.page.takeWidget()
        if isinstance(stale, FormPage):
            stale.discard()
            stale.deleteLater()
        self.navigator.blockSignals(True)
        self.navigator.clear()
        self.navigator.blockSignals(False)
        self._fill_navigator(select=current)
        self.revalidate()

    def _table_width(self) -> int:
        """What the page's tables may take without scrolling: the page's width once shown."""
        return self.page.viewport().width() if self.page.isVisible() else TABLE_WIDTH

    def _show_selected(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        form_id = item.data(0, Qt.UserRole) if item else None
        if form_id is None or self.doc is None:
            return
        old = self.page.widget()
        if isinstance(old, FormPage):
            old.commit_pending()  # leaving the form: what was typed is committed (or reported)
        page = FormPage(self.session, self.doc.form_by_id(form_id), self._table_width())
        page.title_typed.connect(self._title_typed)
        for view in page.tables:
            view.selectionModel().selectionChanged.connect(lambda *_a, v=view: self.update_sum(v))
            model = view.model()
            for signal in (model.dataChanged, model.modelReset):  # undo, redo, Delete change the sum
                signal.connect(lambda *_a, v=view: self.update_sum(v))
        self.page.setWidget(page)
        self.sum_label.clear()
        self.form_label.setText(self.doc.form_by_id(form_id).title)

    def update_sum(self, view) -> None:
        """Excel's status-bar sum: the amounts in the selection (exact, Decimal)."""
        from core.values import cell_input, money

        grid = view.model().grid
        total, count = None, 0
        for index in view.selectedIndexes():
            if index.row() >= len(grid.rows) or grid.columns[index.column()].kind != cell_input.AMOUNT:
                continue
            value = money.read_amount(grid.rows[index.row()].cells[index.column()])
            if value is not None:
                total = value if total is None else total + value
                count += 1
        self.sum_label.setText(f"求和：{money.format_amount(total)}　计数：{count}" if count else "")

    def _title_typed(self, form_id: int, text: str) -> None:
        for item in _all_items(self.navigator):
            if item.data(0, Qt.UserRole) == form_id:
                item.setText(0, text)
        self.form_label.setText(text)

    def _refresh_item(self, form_id: int) -> None:
        form = self.doc.form_by_id(form_id)
        for item in _all_items(self.navigator):
            if item.data(0, Qt.UserRole) == form_id:
                item.setText(0, form.title)
                if form.kind == forms.PROJECT:
                    item.setText(1, form.get("budget") or "")
                    item.setToolTip(0, shown(f"{form.get('code') or ''} {form.title}".strip()))

    def select_form(self, form_id: int) -> None:
        for item in _all_items(self.navigator):
            if item.data(0, Qt.UserRole) == form_id:
                self.navigator.setCurrentItem(item)
                return


def _all_items(tree: QTreeWidget):
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))
