"""帮助: open .bdoc files by double-click (Windows, the officer's choice), the log folder, 关于."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox

from core.file import file_association
from core.errors import BudgetDeskError
from core.file.user_data import data_folder, log_file
from core.version import PRODUCT, VERSION

ASSOCIATE = "双击 .bdoc 文件时用本程序打开…"


def add_help_menu(window: QMainWindow) -> None:
    menu = window.menuBar().addMenu("帮助(&H)")
    if file_association.supported():
        menu.addAction(ASSOCIATE).triggered.connect(lambda: associate(window))
    menu.addAction("打开日志文件夹").triggered.connect(open_log_folder)
    menu.addSeparator()
    menu.addAction("关于 BudgetDesk").triggered.connect(lambda: about(window))


def associate(window: QMainWindow) -> None:
    """Register (or, if already registered, offer to remove) the .bdoc file association."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    try:
        if file_association.is_registered():
            if QMessageBox.question(window, "文件关联", "双击 .bdoc 文件已经会用本程序打开。\n\n要取消这个设置吗？",
                                    yes | no, no) == yes:
                file_association.unregister()
                QMessageBox.information(window, "文件关联", "已取消：双击 .bdoc 文件不再用本程序打开。")
            return
        if QMessageBox.question(window, "文件关联",
                                "设置后，在资源管理器中双击 .bdoc 文件，会用这个 BudgetDesk 打开，并显示它的图标。\n\n"
                                "只对当前 Windows 用户有效，不需要管理员权限，随时可以在这里取消。要设置吗？",
                                yes | no, yes) != yes:
            return
        file_association.register()
    except BudgetDeskError as exc:
        QMessageBox.warning(window, "文件关联", str(exc))
        return
    QMessageBox.information(window, "文件关联", "已设置：现在双击 .bdoc 文件会用本程序打开。")


def open_log_folder() -> None:
    folder = log_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def about_text() -> str:
    return (f"{PRODUCT}\n版本 {VERSION}\n\n"
            f"设置、最近打开的文件和错误日志保存在：\n{data_folder()}\n\n"
            "界面和 PDF 字体：文泉驿微米黑（Apache-2.0）")


def about(window: QMainWindow) -> None:
    QMessageBox.about(window, "关于 BudgetDesk", about_text())
