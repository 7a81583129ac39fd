"""Text is never markup in the window: a project named with HTML shows exactly as typed in the
heading, the navigator's tooltip, a cell's tooltip, the findings' tooltips and every message box."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox

pytest.importorskip("pytestqt")

from core.document import edits  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

HOSTILE = "<img src='/etc/passwd'><a href='javascript:x'>点我</a><b>粗</b> a < b & c"


def _as_shown(rich: str) -> str:
    """What Qt displays for a string it renders as rich text."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_markup_in_a_project_shows_as_typed_everywhere(qtbot, open_sample, monkeypatch):
    doc = open_sample("000")
    project = doc.projects[0]
    doc.apply(edits.set_field(doc, project.id, "name", HOSTILE))
    doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 2, [[HOSTILE]]))
    doc.apply(edits.set_cells(doc, project.id, "indicators", 0, 4, [[None]]))  # a finding on that row
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    window.select_form(project.id)
    page = window.page.widget()
    assert page.heading.textFormat() == Qt.PlainText and page.heading.text() == HOSTILE
    assert window.form_label.textFormat() == Qt.PlainText
    item = window.navigator.currentItem()
    assert HOSTILE in _as_shown(item.toolTip(0))
    model = page.tables[0].model()
    assert _as_shown(model.index(0, 2).data(Qt.ToolTipRole)) == HOSTILE
    assert HOSTILE in _as_shown(model.index(0, 4).data(Qt.ToolTipRole))  # the finding names the row
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    window.project_actions["delete"].trigger()
    assert HOSTILE in _as_shown(asked[0])
    window.revalidate()
    tree = window.findings_dock.tree
    items, stack = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        items.append(item)
        stack += [item.child(i) for i in range(item.childCount())]
    assert any(HOSTILE in _as_shown(item.toolTip(0)) for item in items)  # the finding's message, literally
