"""文件 → 批量审核… and 文件 → 汇总下级单位… in the window: a folder reviewed behind a progress dialog
that counts the files and can be cancelled, then the 汇总 shown; units consolidated into a new document."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from batch_story import consolidation_units, review_folder_story
from core.batch.review import review_folder
from ui.batch_dialog import BatchReviewDialog
from ui.consolidate_dialog import ConsolidateDialog


def watch_progress(dialog, seen: list, on_progress=None) -> QTimer:
    """Note the progress dialog's label as the review runs (and call on_progress(progress_dialog))."""
    timer = QTimer(dialog)

    def look():
        for progress in dialog.findChildren(QProgressDialog):
            if progress.isVisible() or progress.labelText():
                seen.append((progress.labelText(), progress.value(), progress.maximum()))
                if on_progress:
                    on_progress(progress)
    timer.timeout.connect(look)
    timer.start(10)
    return timer


def test_a_folder_is_reviewed_file_by_file_and_its_summary_shown(qtbot, tmp_path):
    files = review_folder_story(tmp_path / "in")
    dialog = BatchReviewDialog()
    qtbot.addWidget(dialog)
    dialog.reviewer = lambda *a, **k: review_folder(*a, workers=2, timeout=300, **k)
    dialog.set_folder(tmp_path / "in")
    assert dialog.output.text() == str(tmp_path / "in" / "审核汇总.xlsx")
    seen: list = []
    watch_progress(dialog, seen)
    assert dialog.start()
    assert any("已审核" in label and "份文件" in label for label, _, _ in seen)
    assert (tmp_path / "in" / "审核汇总.xlsx").exists() and dialog.open_button.isEnabled()
    model = dialog.summary.model()
    assert model.rowCount() == len(files)
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    files_col, status_col, income_col = headers.index("文件"), headers.index("状态"), headers.index("收入合计（万元）")
    rows = {model.index(r, files_col).data(): r for r in range(model.rowCount())}
    good = rows["承德市司法局2024.bdoc"]
    assert model.index(good, income_col).data() == "4148.23"
    assert model.index(rows["坏.json"], status_col).data() == "未能读取"
    assert "未能读取 4 份" in dialog.status.text()


def test_cancel_stops_the_review_and_writes_no_workbook(qtbot, tmp_path):
    review_folder_story(tmp_path / "in")
    dialog = BatchReviewDialog()
    qtbot.addWidget(dialog)
    pressed = threading.Event()

    def reviewer(folder, recursive, progress, cancelled):
        def told(done, total):
            progress(done, total)
            if done >= 1:  # the first file is in: wait (on the worker thread) for the officer's 取消
                pressed.wait(30)
        return review_folder(folder, recursive, workers=2, progress=told, cancelled=cancelled, timeout=300)

    dialog.reviewer = reviewer
    dialog.set_folder(tmp_path / "in")

    def cancel_after_first(progress):
        if progress.value() >= 1 and not pressed.is_set():
            button = next(b for b in progress.findChildren(QPushButton) if b.text() == "取消")
            button.click()  # what the officer does
            pressed.set()
    watch_progress(dialog, [], cancel_after_first)
    assert not dialog.start()
    assert pressed.is_set() and dialog.status.text().startswith("已取消")
    assert not (tmp_path / "in" / "审核汇总.xlsx").exists() and not dialog.open_button.isEnabled()


def test_a_folder_that_is_not_there_is_said(qtbot, tmp_path):
    dialog = BatchReviewDialog(folder=tmp_path / "nowhere")
    qtbot.addWidget(dialog)
    assert not dialog.start() and "请先选择一个存在的文件夹" in dialog.status.text()


def test_units_are_consolidated_into_a_new_document(qtbot, tmp_path):
    a, b, _, _ = consolidation_units(tmp_path / "units")
    dialog = ConsolidateDialog()
    qtbot.addWidget(dialog)
    dialog.add_files([a, b, a])
    assert dialog.paths() == [str(a), str(b)]
    dialog.department.setText("承德市司法局")
    dialog.code.setText("324")
    dialog.output.setText(str(tmp_path / "司法局"))
    with qtbot.waitSignal(dialog.created, timeout=60000) as created:
        assert dialog.start()
    assert created.args == [str(tmp_path / "司法局.bdoc")] and (tmp_path / "司法局.bdoc").exists()
    assert "已汇总 2 个单位" in dialog.status.text()


def test_mixed_templates_are_refused_in_the_dialog(qtbot, tmp_path):
    from core.templates import new_document

    a, _, _, _ = consolidation_units(tmp_path / "units")
    new_document(tmp_path / "上海.bdoc", "普陀区某单位", "101", 2024, template_key="shanghai-unit").close()
    dialog = ConsolidateDialog()
    qtbot.addWidget(dialog)
    dialog.add_files([a, tmp_path / "上海.bdoc"])
    dialog.department.setText("承德市司法局")
    dialog.output.setText(str(tmp_path / "out.bdoc"))
    assert not dialog.start()
    assert "公开表模板不一致" in dialog.status.text() and not (tmp_path / "out.bdoc").exists()


def test_the_file_menu_reviews_a_folder_and_opens_a_consolidated_document(qtbot, tmp_path, monkeypatch):
    """文件 → 批量审核… opens the review dialog; 文件 → 汇总下级单位… opens the new department
    document in the window once it is made."""
    from ui.main_window import MainWindow

    a, b, _, _ = consolidation_units(tmp_path / "units")
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show()
    opened = []
    monkeypatch.setattr(BatchReviewDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)

    def consolidate(dialog):
        dialog.add_files([a, b])
        dialog.department.setText("承德市司法局")
        dialog.code.setText("324")
        dialog.output.setText(str(tmp_path / "司法局"))
        with qtbot.waitSignal(dialog.created, timeout=60000):
            assert dialog.start()
        return 1
    monkeypatch.setattr(ConsolidateDialog, "exec", consolidate)
    actions = {a.text(): a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()}
    actions["批量审核(&B)…"].trigger()
    assert opened == ["BatchReviewDialog"]
    actions["汇总下级单位(&M)…"].trigger()
    assert window.doc is not None and window.doc.path == tmp_path / "司法局.bdoc"
    assert window.doc.department == "承德市司法局"
