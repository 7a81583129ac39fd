"""The validation panel: every finding, grouped by form then project, filterable by severity.
Clicking one shows its cell. It is refreshed by the window after every edit (debounced)."""

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
        self.filter.currentIndexChanged.connect(lambda _i: self.show_findings(self.findings))
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
        self.project_names: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.tree.setColumnWidth(0, 900)

    def show_findings(self, findings: list[Finding], notes: dict[str, str] | None = None) -> None:
        self.findings = findings
        if notes is not None:
            self.notes = notes
        wanted = self.filter.currentData()
        self.tree.clear()
        groups: dict[tuple, QTreeWidgetItem] = {}
        for finding in findings:
            if wanted is not None and finding.severity != wanted:
                continue
            loc = finding.location
            form_item = groups.get((loc.form,))
            if form_item is None:
                form_item = groups[(loc.form,)] = QTreeWidgetItem(self.tree, [loc.form])
                form_item.setExpanded(True)
            parent = form_item
            if loc.project:
                parent = groups.get((loc.form, loc.project))
                if parent is None:
                    parent = groups[(loc.form, loc.project)] = QTreeWidgetItem(
                        form_item, [f"{loc.project} {self.project_names.get(loc.project, '')}".strip()])
            item = QTreeWidgetItem(parent, [finding.message, SEVERITY_LABELS[finding.severity],
                                            self.notes.get(finding.key, "")])
            item.setToolTip(0, finding.message)
            item.setBackground(1, QBrush(SEVERITY_COLORS[finding.severity]))
            item.setToolTip(2, self.notes.get(finding.key, ""))
            item.setData(0, Qt.UserRole, finding)

    def _explain(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, Qt.UserRole)
        if finding is not None and finding.severity != ERROR:
            self.explain_requested.emit(finding)

    def _activated(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, Qt.UserRole)
        if finding is not None:
            self.finding_activated.emit(finding)
