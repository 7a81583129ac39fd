"""One form on screen: its fields (short ones three to a row, paragraphs below at full width)
followed by its grids as Excel-like sheets, with column widths fitted to their content and the
screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from core.document import forms
from core.values import cell_input
from core.document.frameworks import framework_of
from core.document.model import Form
from ui.field_editors import FieldEditor, is_long
from ui.grid_model import FINDING_ROLES, GridModel
from ui.grouped_header import GroupedHeader
from ui.session import DocumentSession
from ui.sheet_view import SheetView

MIN_COLUMN, MAX_COLUMN = 60, 420

# Width bounds per column, in characters of the table's font (min, max; None: the defaults). The
# 上年 columns are reference (narrow), the names and descriptions carry the text (wide).
COLUMN_CHARS = {"last_value": (4, 7), "last_budget": (4, 7), "l3": (8, None), "description": (10, None),
                "basis": (6, None), "value": (5, 12), "nature": (4, 5), "weight": (3, 5), "unit": (3, 6)}
COMBO_ARROW = 28  # room for a drop-down's arrow beside its longest choice
# The columns that carry the text: they take the width the others leave on a wide screen.
WIDE_COLUMNS = frozenset(("l3", "description", "basis", "text", "goal", "content", "indicators", "name"))


def fitted_widths(natural: list[int], budget: int | None,
                  bounds: list[tuple[int, int]] | None = None) -> list[int]:
    """Column widths from their contents' widths: each within its (min, max) bounds (MIN_COLUMN…
    MAX_COLUMN by default) and, with a ``budget``, the widest narrowed to one common cap (their
    text wraps) so the columns fit it — never below a column's minimum."""
    bounds = bounds or [(MIN_COLUMN, MAX_COLUMN)] * len(natural)
    widths = [min(max(w, low), high) for w, (low, high) in zip(natural, bounds)]
    if budget is None or sum(widths) <= budget:
        return widths
    lowest, highest = max(low for low, _ in bounds), max(widths)

    def capped(cap: int) -> list[int]:
        return [max(min(w, cap), low) for w, (low, _) in zip(widths, bounds)]

    low, high = min(lowest, highest), highest
    while low < high:  # the largest cap whose total still fits
        cap = (low + high + 1) // 2
        if sum(capped(cap)) <= budget:
            low = cap
        else:
            high = cap - 1
    return capped(low)


def _spread(widths: list[int], wide: list[bool], budget: int) -> list[int]:
    """The width left over up to ``budget`` shared by the ``wide`` columns (by their widths)."""
    spare, share = budget - sum(widths), sum(w for w, is_wide in zip(widths, wide) if is_wide)
    if spare <= 0 or not share:
        return widths
    return [w + spare * w // share if is_wide else w for w, is_wide in zip(widths, wide)]


class FormPage(QWidget):
    """One form shown as its fields followed by its grids."""

    title_typed = Signal(int, str)  # (form id, the title as it is being typed)

    def __init__(self, session: DocumentSession, form: Form, width: int = 900):
        """``width``: what the tables may take without scrolling (the page's visible width)."""
        super().__init__()
        self.session = session
        self.form_id = form.id
        layout = QVBoxLayout(self)
        self.heading = QLabel(form.title)
        self.heading.setTextFormat(Qt.PlainText)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(self.heading)
        shown = [f for f in form.spec.fields if f.key not in ("columns", "title", "framework", "template")
                 and f.kind != cell_input.RECORD]
        self.field_editors: dict[str, FieldEditor] = {}
        grid = QGridLayout()
        position = 0
        for spec in shown:
            editor = FieldEditor(session, form.id, spec)
            self.field_editors[spec.key] = editor
            if is_long(spec):
                continue
            row, col = divmod(position, 3)
            grid.addWidget(QLabel(spec.label + "："), row, col * 2, Qt.AlignRight)
            grid.addWidget(editor.widget, row, col * 2 + 1)
            position += 1
        row = (position + 2) // 3
        for spec in shown:
            if is_long(spec):
                grid.addWidget(QLabel(spec.label + "："), row, 0, Qt.AlignRight | Qt.AlignTop)
                grid.addWidget(self.field_editors[spec.key].widget, row, 1, 1, 5)
                row += 1
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        layout.addLayout(grid)
        title_key = {forms.PROJECT: "name", forms.BUDGET_TABLE: "title"}.get(form.kind)
        if title_key in self.field_editors:
            self.field_editors[title_key].widget.textEdited.connect(self._title_typed)
        session.changed.connect(self._on_changed)
        self.tables: list[SheetView] = []
        self.last_sheet = None
        for name, columns in form.grids.items():
            view = self._sheet(form, name, width - 24)
            layout.addWidget(view)
            self.tables.append(view)
            view.clicked.connect(lambda _i, v=view: setattr(self, "last_sheet", v))
        layout.addStretch(1)

    def _sheet(self, form: Form, name: str, width: int) -> SheetView:
        grid = form.grids[name]
        view = SheetView()
        model = GridModel(self.session, form.id, name, view)
        view.setModel(model)
        budget_table = form.kind == forms.BUDGET_TABLE
        if budget_table:
            from core.templates import template_of

            numbered = template_of(self.session.doc).column_numbers  # the 栏次 row, where printed
            view.setHorizontalHeader(GroupedHeader([c.label for c in grid.columns], column_numbers=numbered,
                                                   parent=view))
            view.verticalHeader().hide()  # the table's own 序号 column numbers the rows
        view.setWordWrap(True)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        view.resizeColumnsToContents()
        natural = [view.columnWidth(c) for c in range(len(grid.columns))]
        bounds = self._bounds(view, grid.columns, name)
        if budget_table:
            for column, w in enumerate(fitted_widths(natural, None, bounds)):
                view.setColumnWidth(column, w)
        else:
            wide = [c.key in WIDE_COLUMNS for c in grid.columns]
            view.fit_columns(lambda room: _spread(fitted_widths(natural, room, bounds), wide, room),
                             width - view.verticalHeader().sizeHint().width() - 4)
            # texts wrap in the narrowed columns: rows grow to show them, and follow edits
            view.resizeRowsToContents()
            def fit_rows(first, last, roles=()) -> None:
                if roles and not set(roles) - FINDING_ROLES:
                    return  # a tint or a tooltip changed, not a text: the rows keep their height
                for r in range(first.row(), last.row() + 1):
                    view.resizeRowToContents(r)

            model.dataChanged.connect(fit_rows)
            model.rowsInserted.connect(lambda _p, first, last: [
                view.resizeRowToContents(r) for r in range(first, last + 1)])
            model.modelReset.connect(view.resizeRowsToContents)
        view.setMinimumHeight(min(90 + view.verticalHeader().defaultSectionSize() * len(grid.rows), 520))
        return view

    def _bounds(self, view: SheetView, columns, grid_name: str) -> list[tuple[int, int]]:
        """Each column's (min, max) width: from COLUMN_CHARS, and for a drop-down column wide
        enough to show its longest choice whole (一级指标 reads 产出指标, not 产…标)."""
        metrics = view.fontMetrics()
        char = metrics.horizontalAdvance("中")
        framework = framework_of(self.session.doc) if grid_name == "indicators" else None
        bounds = []
        for column in columns:
            low, high = COLUMN_CHARS.get(column.key, (None, None))
            low = MIN_COLUMN if low is None else low * char + 12
            high = MAX_COLUMN if high is None else high * char + 12
            choices = column.options or (framework.options(column.key) if framework else ())
            if choices:
                low = max(low, max(metrics.horizontalAdvance(c) for c in choices) + COMBO_ARROW)
            bounds.append((low, max(low, high)))
        return bounds

    def _title_typed(self, text: str) -> None:
        form = self.session.doc.form_by_id(self.form_id)
        shown = text.strip() or form.title
        self.heading.setText(shown)
        self.title_typed.emit(self.form_id, shown)

    def _on_changed(self, applied) -> None:
        if any(c.form_id == self.form_id and c.grid is None for c in applied.all_changes):
            for editor in self.field_editors.values():
                editor.refresh()
            self.heading.setText(self.session.doc.form_by_id(self.form_id).title)

    def discard(self) -> None:
        """This page shows what memory held before the document was read again: whatever its
        editors hold must not be committed any more (not even by a late focus-out)."""
        for editor in self.field_editors.values():
            editor.discarded = True
        for view in self.tables:
            view.model().discarded = True

    def commit_pending(self) -> str | None:
        """Commit what is being typed in this page (an open cell editor, a field not yet left).
        None when all is in the document; else the Chinese reason it was refused — the typed text
        then stays in its editor, which gets the focus."""
        try:
            self.session.doc.form_by_id(self.form_id)
        except KeyError:
            return None  # the form was deleted (or undone away): nothing of it to keep
        for view in self.tables:
            refused = view.commit_editor()
            if refused:
                return refused
        for editor in self.field_editors.values():
            refused = editor.commit(keep_refused=True)
            if refused:
                editor.widget.setFocus()
                return refused
        return None
