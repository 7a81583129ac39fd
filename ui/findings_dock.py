"""The validation panel: every finding, grouped by form then project, filterable by severity.
Clicking one shows its cell. It is refreshed by the window after every edit. An indicator finding
shows the 审核意见 the 财政局's reviewer would return it with (core/checks/categories.py)."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDockWidget, QHBoxLayout, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from core.checks.validation import ERROR, INFO, SEVERITY_LABELS, WARNING, Finding
from ui.plain import shown

IDENTITY_ROLE = Qt.UserRole + 1  # what a row shows (key, severity, message, explanation, category)
MESSAGE, SEVERITY, NOTE, CATEGORY = range(4)  # columns; 审核意见 is shown between 级别 and 出错说明
_GROUP = attrgetter("location.form", "location.project")  # the group a finding is listed in
SEVERITY_COLORS = {ERROR: QColor("#f8d0d0"), WARNING: QColor("#fbeec1"), INFO: QColor("#dcebf7")}


class FindingsDock(QDockWidget):
    finding_activated = Signal(object)  # core.checks.validation.Finding
    fix_chosen = Signal(object)         # core.library.fixes.Fix the officer clicked
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
        self.tree.setHeaderLabels(["问题", "级别", "出错说明（双击警告填写）", "审核意见"])
        self.tree.header().moveSection(CATEGORY, NOTE)  # shown before the explanation, which stretches
        # one line per finding (the whole message is its tooltip): with uniform row heights the
        # tree never measures a thousand wrapped messages after an edit
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.ElideRight)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._explain)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter)
        # the library's fixes for the finding chosen (替换为… / 添加…), one button each
        self.fixes_label = QLabel("可用修正：")
        self.fixes_label.hide()
        top.addWidget(self.fixes_label)
        self.fix_buttons: list[QPushButton] = []
        self._fix_row = top
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self.setWidget(body)
        self.findings: list[Finding] = []
        self._form_items: dict[str, QTreeWidgetItem] = {}
        self._project_items: dict[tuple, QTreeWidgetItem] = {}
        self._project_labels: dict[tuple, str] = {}
        self._form_projects: dict[str, list] = {}  # the projects each form row shows, in order
        self._shown: dict[int, list[Finding]] = {}  # what each group row shows (by id of its item)
        self._shown_notes: dict[str, str] | None = None
        self.project_names: dict[str, str] = {}
        self._shown_names: dict[str, str] = {}  # the project names the group rows show
        self._groups: dict[tuple, list[Finding]] | None = None  # what show_findings showed last
        self.notes: dict[str, str] = {}
        # at 1366×768 the four fit the window's width: the message, the severity, the 审核意见
        # (its longest, 建议增加明确的效益/产出/满意度指标, elided: the tooltip has it whole), the explanation
        self.tree.setColumnWidth(MESSAGE, 760)
        self.tree.setColumnWidth(SEVERITY, 48)
        self.tree.setColumnWidth(CATEGORY, 150)

    def show_findings(self, findings: list[Finding], notes: dict[str, str] | None = None,
                      changes: tuple[list[Finding], list[Finding]] | None = None) -> None:
        """Show the findings, changing only the rows that differ from what is shown: after an edit
        the panel touches a handful of rows, not the thousand of a large document, and the
        officer's scroll position and open groups stay. ``changes`` (the findings gone and come
        since the findings shown last, core.checks.validation.Validator.changes) lets it regroup
        only the groups they are in; without it every finding is grouped again."""
        self.findings = findings
        notes_changed = notes is not None and notes != self.notes
        if notes_changed:
            self.notes = notes
        wanted = self.filter.currentData()
        shown = findings if wanted is None else [f for f in findings if f.severity == wanted]
        previous = self._groups
        names_changed = self.project_names != self._shown_names
        if changes is not None and previous is not None and not notes_changed and not names_changed:
            groups = _regrouped(previous, shown, changes, wanted)
        else:
            groups = _grouped(shown)
        self._groups = groups
        if notes_changed or names_changed or previous is None or list(previous) != list(groups):
            self._shown_names = dict(self.project_names)
            self._update_tree(groups, relabel=names_changed or previous is None)
        elif groups is not previous:
            for key, found in groups.items():
                if previous[key] is not found and previous[key] != found:
                    self._sync_group(key, found)
        self.tree.executeDelayedItemsLayout()
        self._shown_notes = self.notes

    def _sync_group(self, key: tuple, findings: list[Finding]) -> None:
        """One group, already shown, shows ``findings`` (a form's own ones come before its projects')."""
        form, project = key
        if project is not None:
            item = self._project_items[key]
            self._sync(item, item.childCount(), findings)
            return
        form_item = self._form_items[form]
        self._sync(form_item, len(self._shown.get(id(form_item), ())), findings)

    def _update_tree(self, groups: dict[tuple, list[Finding]], relabel: bool = True) -> None:
        """The tree shows ``groups``: form rows and project rows added, removed or moved where they
        differ. A form whose projects are those it shows, in the same order, only has its groups'
        rows synced (unless ``relabel``: the projects' names changed)."""
        forms = list(dict.fromkeys(form for form, _ in groups))
        for form in [f for f in self._form_items if f not in forms]:
            item = self._form_items.pop(form)
            self._form_projects.pop(form, None)
            self._shown.pop(id(item), None)
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        for key in [k for k in self._project_items if k not in groups]:
            item = self._project_items.pop(key)
            self._project_labels.pop(key, None)
            self._shown.pop(id(item), None)
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
            # the form's own findings come first (as many rows as it showed), then one group per project
            self._sync(form_item, len(self._shown.get(id(form_item), ())), own)
            projects = [p for f, p in groups if f == form and p is not None]
            if not relabel and self._form_projects.get(form) == projects:
                for project in projects:  # the same project rows in the same order: their rows only
                    key = (form, project)
                    if self._shown.get(id(self._project_items[key])) is not groups[key]:
                        item = self._project_items[key]
                        self._sync(item, item.childCount(), groups[key])
                continue
            self._form_projects[form] = projects
            for at, project in enumerate(projects, start=len(own)):
                key = (form, project)
                item = self._project_items.get(key)
                if item is None:
                    item = self._project_items[key] = QTreeWidgetItem()
                    form_item.insertChild(at, item)
                elif form_item.child(at) is not item:
                    form_item.takeChild(form_item.indexOfChild(item))
                    form_item.insertChild(at, item)
                if relabel or key not in self._project_labels:
                    label = f"{project} {self.project_names.get(project, '')}".strip()
                    if self._project_labels.get(key) != label:
                        item.setText(0, label)
                        self._project_labels[key] = label
                if self._shown.get(id(item)) is not groups[key]:
                    self._sync(item, item.childCount(), groups[key])

    def _sync(self, parent: QTreeWidgetItem, shown: int, findings: list[Finding]) -> None:
        """Make the first ``shown`` children of ``parent`` show ``findings``: rows that stay are
        kept, the others changed in place, removed or inserted."""
        before = self._shown.get(id(parent))
        same_notes = self._shown_notes is self.notes
        if same_notes and before == findings:
            return  # the same findings as last time (the validator reuses what it did not rerun)
        self._shown[id(parent)] = findings
        if same_notes and before is not None and len(before) == shown == len(findings) and \
                all(a is b or a.key == b.key for a, b in zip(before, findings)):
            # the same places, some findings new (other figures: the usual edit): only their rows
            # can show something else (a row's identity is its finding's, the notes unchanged)
            for i, (had, finding) in enumerate(zip(before, findings)):
                if had is not finding and parent.child(i).data(0, IDENTITY_ROLE) != self._identity(finding):
                    self._fill(parent.child(i), finding)
            return
        wanted = [self._identity(f) for f in findings]
        have = [parent.child(i).data(0, IDENTITY_ROLE) for i in range(shown)]
        if have == wanted:
            return
        if [h[0] for h in have] == [w[0] for w in wanted]:
            # the same findings in the same places, some saying other figures (the usual edit): the
            # rows that differ are changed in place, which repaints just them
            for i, (had, identity, finding) in enumerate(zip(have, wanted, findings)):
                if had != identity:
                    self._fill(parent.child(i), finding)
            return
        # Findings came or went: changed away from the view — a detached row's changes cost the
        # tree nothing, and putting it back is one insertion (rows inserted or removed in place
        # cost one relayout each).
        # Rows that hold open groups of their own (the 项目 form row) are changed in place.
        holder = parent.parent()
        detach = not any(parent.child(i).childCount() for i in range(parent.childCount()))
        if detach:
            expanded = parent.isExpanded()
            if holder is None:
                position = self.tree.indexOfTopLevelItem(parent)
                self.tree.takeTopLevelItem(position)
            else:
                position = holder.indexOfChild(parent)
                holder.takeChild(position)
        self._change_rows(parent, have, wanted, findings)
        if detach:
            if holder is None:
                self.tree.insertTopLevelItem(position, parent)
            else:
                holder.insertChild(position, parent)
            parent.setExpanded(expanded)

    def _change_rows(self, parent: QTreeWidgetItem, have: list[tuple], wanted: list[tuple],
                     findings: list[Finding]) -> None:
        """Rows are matched by the finding's key (its rule and place): a row whose finding is still
        there is changed in place (a figure in its message); findings that came or went add or
        remove rows."""
        children = [parent.child(i) for i in range(len(have))]
        old_keys, new_keys = _numbered([h[0] for h in have]), _numbered([w[0] for w in wanted])
        staying = set(old_keys) & set(new_keys)
        for child, key in zip(children, old_keys):
            if key not in staying:
                parent.removeChild(child)
        if [k for k in old_keys if k in staying] != [k for k in new_keys if k in staying]:
            for child in [parent.child(i) for i in range(len(staying))]:  # reordered: rebuild
                parent.removeChild(child)
            parent.insertChildren(0, [self._finding_item(f) for f in findings])
            return
        for i, (key, identity, finding) in enumerate(zip(new_keys, wanted, findings)):
            if key not in staying:
                parent.insertChild(i, self._finding_item(finding))
            elif parent.child(i).data(0, IDENTITY_ROLE) != identity:
                self._fill(parent.child(i), finding)

    def _identity(self, finding: Finding) -> tuple:
        return finding.key, finding.severity, finding.message, self.notes.get(finding.note_key, ""), finding.category

    def _finding_item(self, finding: Finding) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        self._fill(item, finding)
        return item

    def _fill(self, item: QTreeWidgetItem, finding: Finding) -> None:
        """Show a finding in a row (a new one, or in place of what it showed: changing a row's
        text is much cheaper for the tree than removing and inserting rows)."""
        note = self.notes.get(finding.note_key, "")
        for column, text in enumerate((finding.message, SEVERITY_LABELS[finding.severity], note,
                                       finding.category or "")):
            item.setText(column, text)
            item.setToolTip(column, shown(text))
        item.setBackground(SEVERITY, QBrush(SEVERITY_COLORS[finding.severity]))
        item.setData(0, Qt.UserRole, finding)
        item.setData(0, IDENTITY_ROLE, self._identity(finding))

    def show_fixes(self, fixes: list) -> None:
        """Offer ``fixes`` (core.library.fixes.Fix) as buttons beside the filter; [] hides them."""
        for button in self.fix_buttons:
            self._fix_row.removeWidget(button)
            button.deleteLater()
        self.fix_buttons = []
        for k, fix in enumerate(fixes[:4]):  # at 1366×768 four fit beside the filter
            button = QPushButton(fix.label.replace("&", "&&"))  # text, not a mnemonic
            button.setToolTip(shown(fix.detail or fix.label))
            button.clicked.connect(lambda _=False, f=fix: self.fix_chosen.emit(f))
            self._fix_row.insertWidget(2 + k, button)
            self.fix_buttons.append(button)
        self.fixes_label.setVisible(bool(self.fix_buttons))

    def clear(self) -> None:
        self.tree.clear()
        self._groups = None
        self._form_items.clear()
        self._project_items.clear()
        self._project_labels.clear()
        self._form_projects.clear()
        self._shown.clear()

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


def _grouped(findings: list[Finding]) -> dict[tuple, list[Finding]]:
    """(form, project or None) → its findings, in order."""
    groups: dict[tuple, list[Finding]] = {}
    known = groups.get
    for group, finding in zip(map(_GROUP, findings), findings):  # (a thousand findings)
        found = known(group)
        if found is None:
            groups[group] = [finding]
        else:
            found.append(finding)
    return groups


def _regrouped(previous: dict[tuple, list[Finding]], findings: list[Finding],
               changes: tuple[list[Finding], list[Finding]], wanted: str | None) -> dict[tuple, list[Finding]]:
    """The groups of ``findings`` made from ``previous`` (the groups of the findings before) and
    ``changes`` (the findings gone and come since; with a severity filter ``wanted``, those of it
    only): the groups no change is in are kept as they were; ``previous`` itself if none changed."""
    gone, came = (f for f in changes[0] if wanted is None or f.severity == wanted), \
        [f for f in changes[1] if wanted is None or f.severity == wanted]
    gone_ids: dict[tuple, set[int]] = {}
    for finding in gone:
        gone_ids.setdefault(_GROUP(finding), set()).add(id(finding))
    came_in: dict[tuple, list[Finding]] = {}
    for finding in came:
        came_in.setdefault(_GROUP(finding), []).append(finding)
    if not gone_ids and not came_in:
        return previous
    touched = gone_ids.keys() | came_in.keys()
    new_groups = came_in.keys() - previous.keys()  # a project's first finding: its group comes
    position = dict(zip(map(id, findings), range(len(findings)))) if new_groups else None
    groups = {}
    for key, found in previous.items():
        if key in touched:
            ids = gone_ids.get(key, ())
            replaced = _replaced(found, ids, came_in.get(key, []))
            if replaced is not None:  # (the usual edit: a finding says other figures, in its place)
                groups[key] = replaced
                continue
            found = [f for f in found if id(f) not in ids] + came_in.get(key, [])
            if key in came_in:
                if position is None:
                    position = dict(zip(map(id, findings), range(len(findings))))
                try:
                    found.sort(key=lambda f: position[id(f)])
                except KeyError:  # a finding shown that is not there: changes not the panel's own
                    return _grouped(findings)
            if not found:
                continue  # the group went
        groups[key] = found
    if new_groups:
        try:  # the groups in the order of their first findings, as the full grouping has them
            for key in new_groups:
                groups[key] = sorted(came_in[key], key=lambda f: position[id(f)])
            return dict(sorted(groups.items(), key=lambda item: position[id(item[1][0])]))
        except KeyError:
            return _grouped(findings)
    return groups


def _replaced(found: list[Finding], gone: set[int], came: list[Finding]) -> list[Finding] | None:
    """``found`` with each gone finding replaced by the one come for the same place (rule, form,
    row, column: a new figure in the same message), when the gone and the come are of the same
    places in the same order and no place has two; None otherwise."""
    if len(gone) != len(came):
        return None
    places = [f.key for f in found]
    if len(set(places)) != len(places):
        return None
    slots = [i for i, f in enumerate(found) if id(f) in gone]
    if len(slots) != len(came) or [places[i] for i in slots] != [f.key for f in came]:
        return None
    replaced = list(found)
    for i, finding in zip(slots, came):
        replaced[i] = finding
    return replaced


def _numbered(keys: list[str]) -> list[tuple[str, int]]:
    """Keys made unique by their occurrence (one cell can have two findings of one rule)."""
    seen: dict[str, int] = {}
    numbered = []
    for key in keys:
        seen[key] = seen.get(key, -1) + 1
        numbered.append((key, seen[key]))
    return numbered
