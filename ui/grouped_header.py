"""A horizontal header printed like the 公开表: multi-level headers (``本年收入/小计``) drawn as a
group cell over its columns, and optionally the 栏次 row (1…N) underneath."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader

from core.document.budget_tables import column_number


class GroupedHeader(QHeaderView):
    def __init__(self, labels: list[str], column_numbers: bool, parent=None):
        super().__init__(Qt.Horizontal, parent)
        self.labels = [label.split("/") for label in labels]
        self.levels = max((len(parts) for parts in self.labels), default=1)
        self.column_numbers = column_numbers
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignCenter | Qt.TextWordWrap)

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        rows = self.levels + (1 if self.column_numbers else 0)
        size.setHeight(self._row_height() * rows)
        return size

    def numbering(self, logical: int) -> str:
        """The 栏次 of a column: blank for 序号 and text columns before the first amount."""
        return column_number(["/".join(parts) for parts in self.labels], logical)

    def paintSection(self, painter, rect: QRect, logical: int) -> None:
        if not rect.isValid() or logical >= len(self.labels):
            return
        parts = self.labels[logical]
        h = self._row_height()
        top = rect.top()
        # group cells: drawn once across the run of columns sharing the same prefix
        for level in range(len(parts) - 1):
            first, last = logical, logical
            while first > 0 and self.labels[first - 1][:level + 1] == parts[:level + 1]:
                first -= 1
            while last + 1 < len(self.labels) and self.labels[last + 1][:level + 1] == parts[:level + 1]:
                last += 1
            left = self.sectionViewportPosition(first)
            right = self.sectionViewportPosition(last) + self.sectionSize(last)
            self._draw(painter, QRect(left, top + level * h, right - left, h), parts[level], logical)
        leaf_top = top + (len(parts) - 1) * h
        leaf_bottom = top + self.levels * h
        self._draw(painter, QRect(rect.left(), leaf_top, rect.width(), leaf_bottom - leaf_top),
                   parts[-1], logical)
        if self.column_numbers:
            self._draw(painter, QRect(rect.left(), leaf_bottom, rect.width(), h),
                       self.numbering(logical), logical)

    def _draw(self, painter, rect: QRect, text: str, logical: int) -> None:
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical
        option.text = text
        option.textAlignment = Qt.AlignCenter
        painter.save()
        painter.setClipRect(rect)
        self.style().drawControl(QStyle.CE_Header, option, painter, self)
        painter.restore()
