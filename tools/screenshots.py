"""Renders the window on the bundled samples at 1366×768 into docs/screenshots/ (offscreen).

Run: ``QT_QPA_PLATFORM=offscreen python tools/screenshots.py``.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from core.file.json_format import import_json, read_json_file
    from core.resources import resource_path
    from ui.fonts import install_fonts
    from ui.main_window import MainWindow

    app = QApplication([])
    install_fonts(app)
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BUDGETDESK_DATA_DIR"] = tmp
        shots = []
        for sample, pick in (("chengde_2024.json", lambda d: [("project", d.projects[0].id),
                                                              ("income", d.budget_table("收入总表").id)]),
                             ("dazhu_2024_approval.json", lambda d: [("approval", d.form("approval").id)])):
            doc = import_json(read_json_file(resource_path("samples", sample)), Path(tmp) / sample)
            window = MainWindow(doc)
            window.resize(1366, 768)
            window.show()
            for name, form_id in pick(doc):
                window.select_form(form_id)
                app.processEvents()
                path = out / f"window-{name}.png"
                window.grab().save(str(path))
                shots.append(path)
            if sample == "chengde_2024.json":
                shots += _library_fix(app, window, doc, out) + _explanation(app, window, out)
            if sample == "dazhu_2024_approval.json":  # 关闭: the start page
                window.close_document()
                app.processEvents()
                path = out / "window-start.png"
                window.grab().save(str(path))
                shots.append(path)
            window.close()
    for path in shots:
        print(path.relative_to(ROOT))


def _library_fix(app, window, doc, out: Path) -> list[Path]:
    """A finding chosen in the 检查结果 panel with the library's fixes offered beside the filter."""
    from core.library.fixes import fixes_for

    finding = next(f for f in window.session.findings if f.location.form_id and fixes_for(doc, f))
    window.findings_dock.finding_activated.emit(finding)
    app.processEvents()
    path = out / "window-fix.png"
    window.grab().save(str(path))
    window.findings_dock.show_fixes([])
    return [path]


def _explanation(app, window, out: Path) -> list[Path]:
    """情况说明 → 根据表格生成…: the proposal beside the current text."""
    from ui.explain_dialog import ExplainDialog

    dialog = ExplainDialog(window.session, parent=window)
    dialog.resize(1300, 720)
    dialog.show()
    app.processEvents()
    path = out / "window-explain.png"
    dialog.grab().save(str(path))
    dialog.close()
    return [path]


if __name__ == "__main__":
    main()
