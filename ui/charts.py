"""The charts in the window, drawn with QPainter from core/compare/charts.py (QtCharts is not in
PySide6-Essentials): the 资金支出计划 curves (:class:`PlanChartWidget`) and 支出 by 类 this year
beside last year (:class:`SpendingChartWidget`), both in :class:`ChartsView`.

Text is drawn with the widget's font (the application's CJK font, ui/fonts.py) as plain text; the
widgets hold no data of their own but the chart objects they were last given.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from core.compare import charts
from core.values import money


def _font(base: QFont, points: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _text(painter: QPainter, rect: QRectF, flags, text: str) -> None:
    """Plain text in ``rect`` (elided to its width when it is one line)."""
    metrics = QFontMetrics(painter.font())
    painter.drawText(rect, flags, metrics.elidedText(text, Qt.ElideRight, int(rect.width())))


class PlanChartWidget(QWidget):
    """The projects' cumulative spending plans (thin; the largest in colour, the rest grey) and
    the department's budget-weighted plan (bold, its values written at each point)."""

    LEGEND_WIDTH = 290

    def __init__(self, chart: charts.PlanChart, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(640, 420)

    def set_chart(self, chart: charts.PlanChart) -> None:
        self.chart = chart
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), Qt.white)
        base = self.font()
        width, height = self.width(), self.height()
        painter.setFont(_font(base, 13, True))
        painter.setPen(Qt.black)
        year = f"{self.chart.year}年" if self.chart.year else ""
        painter.drawText(QRectF(0, 6, width, 30), Qt.AlignCenter, f"{year}项目资金支出计划（累计支出占预算数 %）")
        legend = min(self.LEGEND_WIDTH, width * 0.32)
        plot = QRectF(64, 50, width - 64 - legend - 24, height - 50 - 56)
        top = charts.percent_axis(self.chart)
        self._axes(painter, plot, top, base)
        if not any(c.known for c in self.chart.projects):
            painter.setFont(_font(base, 11))
            painter.setPen(QColor("#555555"))
            painter.drawText(plot, Qt.AlignCenter | Qt.TextWordWrap, "各项目的资金支出计划都未填写，没有可画的曲线。\n"
                             "请在各项目表的“资金支出计划”中填写 3/6/10/12月底 的累计支出。")
            return
        for curve, color in charts.highlighted(self.chart):
            self._curve(painter, plot, top, curve, QColor(color), 1.6 if color != charts.OTHER_COLOR else 1.0)
        self._curve(painter, plot, top, self.chart.department, QColor(charts.DEPARTMENT_COLOR), 4.0, labels=True)
        self._legend(painter, QRectF(plot.right() + 24, plot.top(), legend, plot.height()), base)

    def _x(self, plot: QRectF, month: int) -> float:
        return plot.left() + plot.width() * month / 12

    def _y(self, plot: QRectF, top: int, percent) -> float:
        return plot.bottom() - plot.height() * float(percent) / top

    def _axes(self, painter: QPainter, plot: QRectF, top: int, base: QFont) -> None:
        painter.setFont(_font(base, 9.5))
        for percent in range(0, top + 1, 20):
            y = self._y(plot, top, percent)
            painter.setPen(QPen(QColor("#e2e2e2"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(0, y - 10, plot.left() - 8, 20), Qt.AlignRight | Qt.AlignVCenter, f"{percent}%")
        painter.setPen(QPen(QColor("#333333"), 1.2))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        for month, label in ((0, "年初"), *zip(charts.MONTHS, ("3月底", "6月底", "10月底", "12月底"))):
            x = self._x(plot, month)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 5))
            painter.drawText(QRectF(x - 40, plot.bottom() + 8, 80, 20), Qt.AlignCenter, label)
        painter.drawText(QRectF(plot.left(), plot.bottom() + 28, plot.width(), 20), Qt.AlignCenter, "时点（月底累计）")

    def _curve(self, painter: QPainter, plot: QRectF, top: int, curve, color: QColor, width: float,
               labels: bool = False) -> None:
        painter.setPen(QPen(color, width, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
        painter.setBrush(Qt.NoBrush)
        for run in charts.curve_points(curve, top):
            points = [QPointF(self._x(plot, m), self._y(plot, top, p)) for m, p in run]
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.drawPath(path)
            if labels:
                painter.setBrush(color)
                for (month, percent), point in zip(run, points):
                    if month == 0:
                        continue
                    painter.drawEllipse(point, 4.5, 4.5)
                    painter.setFont(_font(self.font(), 10, True))
                    painter.drawText(QRectF(point.x() - 60, point.y() - 26, 60, 20), Qt.AlignRight | Qt.AlignVCenter,
                                     f"{percent}%")
                painter.setBrush(Qt.NoBrush)
            elif len(points) == 1:
                painter.drawEllipse(points[0], 2.5, 2.5)

    def _legend(self, painter: QPainter, area: QRectF, base: QFont) -> None:
        row = 22
        y = area.top()
        entries = [(self.chart.department.name, charts.DEPARTMENT_COLOR, 4.0, True)]
        unit = self.chart.unit
        entries += [(c.name + (f"（{money.format_amount(c.budget)}{unit}）" if c.budget is not None else ""), color, 1.6,
                     False) for c, color in charts.highlighted(self.chart) if color != charts.OTHER_COLOR]
        if charts.others(self.chart):
            entries.append((f"其他 {charts.others(self.chart)} 个项目", charts.OTHER_COLOR, 1.0, False))
        painter.setFont(_font(base, 9.5, True))
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(area.left(), y, area.width(), row), Qt.AlignLeft | Qt.AlignVCenter, "图例（项目预算数）")
        y += row
        for name, color, width, bold in entries:
            if y + row > area.bottom():
                break
            painter.setPen(QPen(QColor(color), width))
            painter.drawLine(QPointF(area.left(), y + row / 2), QPointF(area.left() + 26, y + row / 2))
            painter.setPen(QColor("#222222"))
            painter.setFont(_font(base, 9.5, bold))
            _text(painter, QRectF(area.left() + 32, y, area.width() - 32, row), Qt.AlignLeft | Qt.AlignVCenter, name)
            y += row


class SpendingChartWidget(QWidget):
    """支出 by 类 from the 支出总表: a bar of 100% for this year and one for last year, each 类 a
    segment (its share written in it where it fits), and a legend of amounts and shares."""

    def __init__(self, chart: charts.SpendingChart, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(640, 360)

    def set_chart(self, chart: charts.SpendingChart) -> None:
        self.chart = chart
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), Qt.white)
        chart, base = self.chart, self.font()
        width = self.width()
        painter.setFont(_font(base, 13, True))
        painter.setPen(Qt.black)
        painter.drawText(QRectF(0, 6, width, 30), Qt.AlignCenter, "支出按功能分类（类）的构成：本年与上年")
        if not chart.classes:
            painter.setFont(_font(base, 11))
            painter.setPen(QColor("#555555"))
            painter.drawText(QRectF(20, 50, width - 40, 100), Qt.AlignCenter | Qt.TextWordWrap,
                             "支出总表中没有按类列出的支出（或文档没有支出总表），没有可画的构成。")
            return
        colors = [QColor(c) for c in charts.class_colors(chart)]
        label_width = 190
        bar_left, bar_width = 20 + label_width, width - 20 - label_width - 30
        bars = [(f"{chart.year or '本'}年", chart.this_total, False)]
        bars.append((f"{chart.last_year or '上'}年", chart.last_total, True))
        y = 56
        for name, total, last in bars:
            painter.setFont(_font(base, 11, True))
            painter.setPen(Qt.black)
            shown = f"{money.format_amount(total)}{chart.unit}" if total is not None else "暂无上年数"
            painter.drawText(QRectF(20, y, label_width - 10, 20), Qt.AlignRight | Qt.AlignVCenter, name)
            painter.setFont(_font(base, 9.5))
            painter.drawText(QRectF(20, y + 20, label_width - 10, 20), Qt.AlignRight | Qt.AlignVCenter, shown)
            self._bar(painter, QRectF(bar_left, y, bar_width, 40), total, last, colors, base)
            y += 64
        self._legend(painter, QRectF(20, y + 6, width - 40, self.height() - y - 12), colors, base)

    def _bar(self, painter: QPainter, rect: QRectF, total, last: bool, colors, base: QFont) -> None:
        if not total:
            painter.setPen(QPen(QColor("#999999"), 1, Qt.DashLine))
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(rect)
            painter.setPen(QColor("#555555"))
            painter.setFont(_font(base, 10))
            painter.drawText(rect, Qt.AlignCenter, "暂无上年数（本文档没有保存上年的支出总表）" if last else "无支出")
            return
        x = rect.left()
        painter.setFont(_font(base, 9.5, True))
        for share, color in zip(self.chart.classes, colors):
            value = share.last if last else share.this
            if not value:
                continue
            w = rect.width() * float(value / total)
            segment = QRectF(x, rect.top(), w, rect.height())
            painter.fillRect(segment, color)
            painter.setPen(QPen(Qt.white, 1))
            painter.drawRect(segment)
            text = f"{share.share(total, last)}%"
            if QFontMetrics(painter.font()).horizontalAdvance(text) + 6 < w:
                painter.setPen(Qt.white)
                painter.drawText(segment, Qt.AlignCenter, text)
            x += w

    def _legend(self, painter: QPainter, area: QRectF, colors, base: QFont) -> None:
        chart = self.chart
        row = 24
        painter.setFont(_font(base, 9.5, True))
        painter.setPen(QColor("#333333"))
        heads = ("类", f"{chart.year or '本'}年（{chart.unit}）", "占比", f"{chart.last_year or '上'}年（{chart.unit}）", "占比")
        columns = [area.left() + 24, area.left() + area.width() * 0.42, area.left() + area.width() * 0.60,
                   area.left() + area.width() * 0.72, area.left() + area.width() * 0.90]
        rights = columns[1:] + [area.right()]
        for i, head in enumerate(heads):
            flags = Qt.AlignLeft if i == 0 else Qt.AlignRight
            painter.drawText(QRectF(columns[i], area.top(), rights[i] - columns[i] - 8, row), flags | Qt.AlignVCenter, head)
        y = area.top() + row
        painter.setFont(_font(base, 9.5))
        for share, color in zip(chart.classes, colors):
            if y + row > area.bottom():
                break
            painter.fillRect(QRectF(area.left(), y + 6, 14, 12), color)
            painter.setPen(QColor("#222222"))
            cells = (f"{share.code} {share.name}", money.format_amount(share.this),
                     f"{share.share(chart.this_total)}%" if chart.this_total else "",
                     money.format_amount(share.last) if share.last is not None else "暂无上年数",
                     f"{share.share(chart.last_total, True)}%" if chart.last_total else "")
            for i, cell in enumerate(cells):
                flags = Qt.AlignLeft if i == 0 else Qt.AlignRight
                _text(painter, QRectF(columns[i], y, rights[i] - columns[i] - 8, row), flags | Qt.AlignVCenter, cell)
            y += row


class ChartsView(QWidget):
    """Both charts in tabs, for a document (or a ui.session.DocumentSession, followed as it is
    edited) and last year (a core.document.last_year.LastYearDocument; None: what the document
    keeps of last year)."""

    def __init__(self, source, last=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = source if hasattr(source, "doc") else None
        self.doc = source.doc if self.session is not None else source
        self._given_last = last
        self.tabs = QTabWidget()
        self.plan = PlanChartWidget(charts.plan_chart(self.doc))
        self.spending = SpendingChartWidget(charts.spending_chart(self.doc, self._last()))
        self.tabs.addTab(self.plan, "资金支出计划")
        self.tabs.addTab(self.spending, "支出构成（本年与上年）")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        if self.session is not None:
            self.session.changed.connect(lambda _applied: self.refresh())

    def _last(self):
        if self._given_last is not None:
            return self._given_last
        from core.document.last_year import last_year

        return last_year(self.doc)

    def refresh(self) -> None:
        self.plan.set_chart(charts.plan_chart(self.doc))
        self.spending.set_chart(charts.spending_chart(self.doc, self._last()))

