"""新建: ask for the department, its code, the year, the 公开表 template (its money unit follows,
and may be changed) and the indicator framework."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QLineEdit,
                               QSpinBox)

from core.document.forms import MONEY_UNITS
from core.document.frameworks import FRAMEWORKS
from core.templates import templates
from ui.dialog_buttons import ok_cancel


class NewDocumentDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("新建文档")
        layout = QFormLayout(self)
        self.department = QLineEdit()
        self.department.setPlaceholderText("如 承德市司法局")
        self.code = QLineEdit()
        self.code.setPlaceholderText("如 324")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year + 1)
        self.money_unit = QComboBox()
        self.money_unit.addItems(list(MONEY_UNITS))
        self.template = QComboBox()
        for template in templates().values():
            self.template.addItem(template.name, template.key)
        self.template.currentIndexChanged.connect(
            lambda: self.money_unit.setCurrentText(templates()[self.template.currentData()].money_unit))
        self.template.currentIndexChanged.emit(0)
        self.framework = QComboBox()
        for framework in FRAMEWORKS.values():
            self.framework.addItem(framework.name, framework.id)
        layout.addRow("预算单位：", self.department)
        layout.addRow("单位编码：", self.code)
        layout.addRow("预算年度：", self.year)
        layout.addRow("公开表模板：", self.template)
        layout.addRow("金额单位：", self.money_unit)
        layout.addRow("指标体系：", self.framework)
        buttons = ok_cancel(self)
        layout.addRow(buttons)

    def values(self) -> dict:
        return {"department": self.department.text(), "code": self.code.text(),
                "year": self.year.value(), "money_unit": self.money_unit.currentText(),
                "framework": self.framework.currentData(), "template_key": self.template.currentData()}
