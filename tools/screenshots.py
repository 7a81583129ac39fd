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
            if sample == "dazhu_2024_approval.json":  # 关闭: the start page
                window.close_document()
                app.processEvents()
                path = out / "window-start.png"
                window.grab().save(str(path))
                shots.append(path)
            window.close()
    for path in shots:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
