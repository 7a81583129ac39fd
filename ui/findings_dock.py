"""The validation panel: every finding, grouped by form then project, filterable by severity.
Clicking one shows its cell. It is refreshed by the window after every edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QDockWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from core.validation import ERROR, INFO, SEVERITY_LABELS, WARNING, Finding

SEVERITY_COLORS = {ERROR: QColor("#f8d0d0"), WARNING: QColor("#fbeec1"), INFO: QColor("#dcebf7")}


class FindingsDock(QDockWidget):
    finding_activated = Signal(object)  # core.validation.Finding
    explain_requested = Signal(object)  # a 警告 the officer wants to explain (double-click)

    def __init__(self, parent=None):
        super().__init__("检查结果", parent)
        self.setObjectName("findings_dock")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter = QComboBox()
        self.filter.addItem("全部", None)
        for severity in (ERROR, WARNING, INFO):
            self.filter.addItem(f"仅{SEVERITY_LABELS[severity]}", severity)
        self.filter.currentIndexChanged.connect(self._refilter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["问题", "级别", "出错说明（双击警告填写）"])
        self.tree.setColumnWidth(0, 420)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._explain)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self.setWidget(body)
        self.findings: list[Finding] = []
        self._form_items: dict[str, QTreeWidgetItem] = {}
        self._project_items: dict[tuple, QTreeWidgetItem] = {}
        self._signatures: dict[tuple, tuple] = {}
        self.project_names: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.tree.setColumnWidth(0, 900)

    def show_findings(self, findings: list[Finding], notes: dict[str, str] | None = None) -> None:
        """Show the findings. Only the groups (a form's own findings, or one project's) whose
        findings changed are rebuilt, so after an edit the panel redraws a handful of rows, not
        the thousand of a large document, and the officer's scroll position and open groups stay."""
        self.findings = findings
        if notes is not None:
            self.notes = notes
        wanted = self.filter.currentData()
        groups: dict[tuple, list[Finding]] = {}  # (form, project or None) → findings, in order
        for finding in findings:
            if wanted is None or finding.severity == wanted:
                groups.setdefault((finding.location.form, finding.location.project), []).append(finding)
        signatures = {key: tuple((f.key, f.severity, f.message, self.notes.get(f.key, "")) for f in found)
                      for key, found in groups.items()}
        self.tree.setUpdatesEnabled(False)
        try:
            self._update_tree(groups, signatures)
        finally:
            self.tree.setUpdatesEnabled(True)
        self._signatures = signatures

    def _update_tree(self, groups: dict[tuple, list[Finding]], signatures: dict[tuple, tuple]) -> None:
        old = self._signatures
        forms = list(dict.fromkeys(form for form, _ in groups))
        for form in [f for f in self._form_items if f not in forms]:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(self._form_items.pop(form)))
        for key in [k for k in self._project_items if k not in groups]:
            item = self._project_items.pop(key)
            if item.parent() is not None:
                item.parent().removeChild(item)
        for position, form in enumerate(forms):
            form_item = self._form_items.get(form)
            if form_item is None:
                form_item = self._form_items[form] = QTreeWidgetItem([form])
                self.tree.insertTopLevelItem(position, form_item)
                form_item.setExpanded(True)
            elif self.tree.indexOfTopLevelItem(form_item) != position:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(form_item))
                self.tree.insertTopLevelItem(position, form_item)
                form_item.setExpanded(True)
            own = groups.get((form, None), [])
            if old.get((form, None)) != signatures.get((form, None)):
                for child in [form_item.child(i) for i in range(form_item.childCount())]:
                    if child.data(0, Qt.UserRole) is not None:
                        form_item.removeChild(child)
                form_item.insertChildren(0, [self._finding_item(f) for f in own])
            projects = [p for f, p in groups if f == form and p is not None]
            for j, project in enumerate(projects):
                key = (form, project)
                item = self._project_items.get(key)
                if item is None:
                    item = self._project_items[key] = QTreeWidgetItem()
                    form_item.insertChild(len(own) + j, item)
                elif form_item.indexOfChild(item) != len(own) + j:
                    form_item.takeChild(form_item.indexOfChild(item))
                    form_item.insertChild(len(own) + j, item)
                elif old.get(key) == signatures[key]:
                    continue
                item.setText(0, f"{project} {self.project_names.get(project, '')}".strip())
                item.takeChildren()
                item.addChildren([self._finding_item(f) for f in groups[key]])

    def _finding_item(self, finding: Finding) -> QTreeWidgetItem:
        note = self.notes.get(finding.key, "")
        item = QTreeWidgetItem([finding.message, SEVERITY_LABELS[finding.severity], note])
        item.setToolTip(0, finding.message)
        item.setBackground(1, QBrush(SEVERITY_COLORS[finding.severity]))
        item.setToolTip(2, note)
        item.setData(0, Qt.UserRole, finding)
        return item

    def clear(self) -> None:
        self.tree.clear()
        self._form_items.clear()
        self._project_items.clear()
        self._signatures = {}

    def _refilter(self, _index: int) -> None:
        self.clear()
        self.show_findings(self.findings)

    def _explain(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, Qt.UserRole)
        if finding is not None and finding.severity != ERROR:
            self.explain_requested.emit(finding)

    def _activated(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, Qt.UserRole)
        if finding is not None:
            self.finding_activated.emit(finding)
