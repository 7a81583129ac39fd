"""``python main.py [DOC]``: open DOC, the last document, or (the first time) the bundled sample."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.errors import BudgetDeskError
from core.file.user_data import data_folder
from ui.settings import recent_files

SAMPLES = {"chengde_2024.json": "示例-承德市司法局2024.bdoc",
           "dazhu_2024_approval.json": "示例-大竹县司法局2024批复表.bdoc"}
# Imported only when first needed (import, export, printing): never on the way to the first window.
HEAVY_MODULES = ("pandas", "numpy", "openpyxl", "reportlab", "pdfplumber", "pdfminer", "pypdfium2", "docx", "lxml", "PIL")
_windows: list = []  # open main windows, kept alive here


def sample_document(folder: Path, sample: str = "chengde_2024.json") -> Path:
    """A bundled sample as a document in ``folder``, made on first use."""
    from core.file.json_format import import_json, read_json_file
    from core.resources import resource_path

    path = folder / SAMPLES[sample]
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        import_json(read_json_file(resource_path("samples", sample)), path).close()
    return path


def is_sample(path: Path) -> bool:
    """Whether ``path`` is one of the bundled samples made by :func:`sample_document` (the
    officer's library learns nothing from them: they are another department's indicators)."""
    from core.file.user_data import data_folder

    return path.name in SAMPLES.values() and path.parent.resolve() == data_folder().resolve()


def open_window(path: Path | None):
    """The main window on ``path`` (a Chinese message box first if it cannot be opened: the window
    then shows its start page), or on its start page for None."""
    from ui.main_window import MainWindow

    window = MainWindow()
    _windows.append(window)
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)
    if path is not None:
        window.open_path(Path(path))
    from ui.settings import settings

    if settings().contains("window/geometry"):
        window.show()
    else:  # first start: use the whole of a small office screen
        window.showMaximized()
    return window


def set_identity(app) -> None:
    """Name, version and icon: the title bar, the taskbar and the 关于 box show them."""
    from PySide6.QtGui import QIcon

    from core.resources import resource_path
    from core.version import VERSION

    app.setApplicationName("BudgetDesk")
    app.setApplicationVersion(VERSION)
    app.setWindowIcon(QIcon(str(resource_path("icons", "budgetdesk.png"))))


def install_translations(app):
    """Qt's own texts (standard buttons, file and print dialogs, the line edit's menu) in Chinese;
    the installed QTranslator, or None if Qt's Chinese translation is missing."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    import PySide6

    translator = QTranslator(app)
    for folder in (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                   str(Path(PySide6.__file__).parent / "Qt" / "translations")):
        if translator.load("qtbase_zh_CN", folder) and app.installTranslator(translator):
            return translator
    return None


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from core import error_log
    from ui import error_handler
    from ui.fonts import install_fonts

    error_log.start()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_identity(app)
    install_fonts(app)
    install_translations(app)
    error_handler.install()
    path = None
    if argv:
        path = Path(argv[0])
    else:
        recent = recent_files()
        try:
            path = Path(recent[0]) if recent else sample_document(data_folder())
        except BudgetDeskError as exc:
            from PySide6.QtWidgets import QMessageBox

            from ui.plain import shown

            QMessageBox.critical(None, "无法打开示例文档", shown(str(exc)))
    window = open_window(path)
    if os.environ.get("BUDGETDESK_EXIT_WHEN_SHOWN"):  # bench/startup.py: report, then quit
        from PySide6.QtCore import QTimer

        def shown() -> None:
            window.repaint()
            heavy = [m for m in HEAVY_MODULES if m in sys.modules]
            print(f"heavy modules loaded: {', '.join(heavy) or 'none'}", flush=True)
            print("shown", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, shown)
    return app.exec()
