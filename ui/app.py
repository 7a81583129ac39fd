"""``python main.py [DOC]``: open DOC, or the bundled sample, in the window."""

from __future__ import annotations

import sys
from pathlib import Path

from core.errors import BudgetDeskError

SAMPLE = "chengde_2024.json"


def sample_document(folder: Path) -> Path:
    """The bundled sample (seed 001, 承德市司法局 2024) as a document in ``folder``, made on first use."""
    from core.json_format import import_json, read_json_file
    from core.resources import resource_path

    path = folder / "示例-承德市司法局2024.bdoc"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        import_json(read_json_file(resource_path("samples", SAMPLE)), path).close()
    return path


def run(argv: list[str]) -> int:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication, QMessageBox

    from core.document import open_document
    from ui.fonts import install_fonts
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BudgetDesk")
    install_fonts(app)
    try:
        if argv:
            path = Path(argv[0])
        else:
            data = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
            path = sample_document(data)
        doc = open_document(path)
    except BudgetDeskError as exc:
        QMessageBox.critical(None, "无法打开文档", str(exc))
        return 1
    window = MainWindow(doc)
    window.resize(1280, 720)
    window.show()
    try:
        return app.exec()
    finally:
        doc.close()
