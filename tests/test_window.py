"""The window opens a document and shows its forms (the editor itself is the next issue)."""

import pytest

pytest.importorskip("pytestqt")

from ui.main_window import MainWindow  # noqa: E402


def test_the_window_shows_every_project_and_table(qtbot, open_sample):
    doc = open_sample("001")
    window = MainWindow(doc)
    qtbot.addWidget(window)
    window.show()
    assert "承德市司法局 2024" in window.windowTitle()
    top = [window.navigator.topLevelItem(i).text(0) for i in range(window.navigator.topLevelItemCount())]
    assert "项目支出绩效目标表" in top and "部门预算公开表" in top
    projects = next(window.navigator.topLevelItem(i) for i in range(len(top))
                    if window.navigator.topLevelItem(i).text(0) == "项目支出绩效目标表")
    assert projects.childCount() == 28
    window.select_form(doc.projects[0].id)
    page = window.page.widget()
    model = page.tables[0].model()
    assert model.rowCount() == 9
    assert model.index(0, 4).data() == "≥7000次"
