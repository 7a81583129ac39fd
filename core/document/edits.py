"""Edits: the only way a document changes. Each is a small value object whose ``apply(doc)``
writes the change to the file in one transaction, then updates the objects in memory, and returns
``Applied(change, inverse)``: what changed (for views) and the edit that undoes it.

Edits hold *stored* values. To turn what an officer typed into an edit, use the ``set_*`` helpers
at the bottom: they normalize input by the field's kind and raise InputError (Chinese) before
anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.values import cell_input as kinds

from core.document import forms
from core.document.document import Document, FormData
from core.errors import InputError
from core.document.model import Row, grid_columns, new_form

Cell = tuple[int, int, "str | None"]  # (row, column, stored value)


@dataclass(frozen=True)
class Change:
    """What an edit touched. ``form_id`` None means the list of forms itself changed.
    ``rows`` is the (first, last) row index touched in ``grid``, ``columns`` the (first, last)
    column where only some were (None: whole rows); ``structure`` is True when rows or forms were
    inserted, removed or moved (views reset rather than repaint)."""

    form_id: int | None
    grid: str | None = None
    rows: tuple[int, int] | None = None
    structure: bool = False
    columns: tuple[int, int] | None = None


@dataclass(frozen=True)
class Applied:
    change: Change
    inverse: "Edit"
    changes: tuple[Change, ...] = ()

    @property
    def all_changes(self) -> tuple[Change, ...]:
        return self.changes or (self.change,)


class Edit:
    label = "修改"
    # What to tell the officer once, when the edit is first made (``"3 个金额…已四舍五入到分…"``),
    # or None. Set by the ``set_*`` helpers; not part of the edit's value, never on an inverse.
    notice: str | None = None

    def apply(self, doc: Document) -> Applied:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class SetFields(Edit):
    """Set named fields of one form (``values``: ``((key, stored value), …)``)."""

    form_id: int
    values: tuple[tuple[str, str | None], ...]
    label: str = "修改"

    def apply(self, doc: Document) -> Applied:
        form = doc.form_by_id(self.form_id)
        for key, _ in self.values:
            if key not in form.fields:
                raise KeyError(f"{form.kind} has no field {key!r}")
            if key == "columns":
                raise ValueError("a budget table's columns are its structure, not a field to set")
        old = tuple((key, form.fields[key]) for key, _ in self.values)
        with doc.store.transaction():
            doc.store.set_fields(self.form_id, dict(self.values))
        form.fields.update(dict(self.values))
        return Applied(Change(self.form_id), SetFields(self.form_id, old, self.label))


@dataclass(frozen=True)
class SetCells(Edit):
    """Set cells of one grid (a typed cell, a pasted block, a cleared range) as one edit."""

    form_id: int
    grid: str
    cells: tuple[Cell, ...]
    label: str = "修改单元格"

    def apply(self, doc: Document) -> Applied:
        grid = doc.form_by_id(self.form_id).grids[self.grid]
        width = len(grid.columns)
        new_rows: dict[int, list[str | None]] = {}
        old: list[Cell] = []
        for r, c, value in self.cells:
            if not (0 <= r < len(grid.rows) and 0 <= c < width):
                raise IndexError(f"cell ({r}, {c}) outside {self.grid}")
            cells = new_rows.setdefault(r, list(grid.rows[r].cells))
            old.append((r, c, grid.rows[r].cells[c]))
            cells[c] = value
        with doc.store.transaction():
            for r, cells in new_rows.items():
                doc.store.update_row(grid.rows[r].id, cells)
        for r, cells in new_rows.items():
            grid.rows[r].cells = cells
        touched = (min(new_rows), max(new_rows)) if new_rows else None
        columns = (min(c for _, c, _ in self.cells), max(c for _, c, _ in self.cells)) if self.cells else None
        return Applied(Change(self.form_id, self.grid, touched, columns=columns),
                       SetCells(self.form_id, self.grid, tuple(reversed(old)), self.label))


@dataclass(frozen=True)
class InsertRows(Edit):
    """Insert rows (each a list of stored cells, blank if empty) before row ``at``."""

    form_id: int
    grid: str
    at: int
    rows: tuple[tuple[str | None, ...], ...]
    label: str = "插入行"

    def apply(self, doc: Document) -> Applied:
        grid = doc.form_by_id(self.form_id).grids[self.grid]
        if not 0 <= self.at <= len(grid.rows):
            raise IndexError(self.at)
        width = len(grid.columns)
        cells = [list(r) + [None] * (width - len(r)) for r in self.rows]
        with doc.store.transaction():
            ids = [doc.store.insert_row(self.form_id, self.grid, 0, c) for c in cells]
            new_order = grid.rows[:self.at] + [Row(i, c) for i, c in zip(ids, cells)] + grid.rows[self.at:]
            doc.store.set_row_positions([(row.id, pos) for pos, row in enumerate(new_order)])
        grid.rows[:] = new_order
        span = (self.at, self.at + len(cells) - 1) if cells else None
        return Applied(Change(self.form_id, self.grid, span, structure=True),
                       DeleteRows(self.form_id, self.grid, self.at, len(cells), self.label))


@dataclass(frozen=True)
class DeleteRows(Edit):
    form_id: int
    grid: str
    at: int
    count: int
    label: str = "删除行"

    def apply(self, doc: Document) -> Applied:
        grid = doc.form_by_id(self.form_id).grids[self.grid]
        if not (0 <= self.at and self.at + self.count <= len(grid.rows)):
            raise IndexError(self.at)
        removed = grid.rows[self.at:self.at + self.count]
        remaining = grid.rows[:self.at] + grid.rows[self.at + self.count:]
        with doc.store.transaction():
            doc.store.delete_rows([r.id for r in removed])
            doc.store.set_row_positions([(row.id, pos) for pos, row in enumerate(remaining)])
        grid.rows[:] = remaining
        return Applied(Change(self.form_id, self.grid, None, structure=True),
                       InsertRows(self.form_id, self.grid, self.at,
                                  tuple(tuple(r.cells) for r in removed), self.label))


@dataclass(frozen=True)
class MoveRows(Edit):
    """Move ``count`` rows starting at ``start`` so that the block starts at ``to`` afterwards."""

    form_id: int
    grid: str
    start: int
    count: int
    to: int
    label: str = "移动行"

    def apply(self, doc: Document) -> Applied:
        grid = doc.form_by_id(self.form_id).grids[self.grid]
        n = len(grid.rows)
        if not (0 <= self.start and self.start + self.count <= n and 0 <= self.to <= n - self.count):
            raise IndexError((self.start, self.to))
        block = grid.rows[self.start:self.start + self.count]
        rest = grid.rows[:self.start] + grid.rows[self.start + self.count:]
        new_order = rest[:self.to] + block + rest[self.to:]
        with doc.store.transaction():
            doc.store.set_row_positions([(row.id, pos) for pos, row in enumerate(new_order)])
        grid.rows[:] = new_order
        return Applied(Change(self.form_id, self.grid, None, structure=True),
                       MoveRows(self.form_id, self.grid, self.to, self.count, self.start, self.label))


@dataclass(frozen=True)
class InsertForm(Edit):
    """Insert a whole form (a project, …) as the ``at``-th of its kind."""

    at: int
    data: FormData
    label: str = "添加项目"

    def apply(self, doc: Document) -> Applied:
        kind = self.data.kind
        spec = forms.SPECS[kind]
        same_kind = doc.forms_of(kind)
        if spec.singleton and same_kind:
            raise ValueError(f"the document already has a {kind} form")
        if not 0 <= self.at <= len(same_kind):
            raise IndexError(self.at)
        fields = {f.key: self.data.fields.get(f.key) for f in spec.fields}
        rows = {}
        for name in spec.grids:
            width = len(grid_columns(kind, name, fields))
            rows[name] = [list(c) + [None] * (width - len(c)) for c in self.data.grids.get(name, [])]
        with doc.store.transaction():
            form_id, grids = doc.store.write_form(kind, 0, fields, rows, self.data.id)
            order = [f.id for f in same_kind]
            order.insert(self.at, form_id)
            doc.store.set_form_positions([(fid, pos) for pos, fid in enumerate(order)])
        doc.forms.append(new_form(form_id, kind, fields, grids))
        _reorder(doc, kind, order)
        return Applied(Change(None, structure=True), RemoveForm(kind, self.at, self.label))


@dataclass(frozen=True)
class RemoveForm(Edit):
    """Remove the ``at``-th form of a kind (its data comes back with undo)."""

    kind: str
    at: int
    label: str = "删除项目"

    def apply(self, doc: Document) -> Applied:
        same_kind = doc.forms_of(self.kind)
        form = same_kind[self.at]
        data = FormData.of(form)
        remaining = [f.id for f in same_kind if f.id != form.id]
        with doc.store.transaction():
            doc.store.delete_form(form.id)
            doc.store.set_form_positions([(fid, pos) for pos, fid in enumerate(remaining)])
        doc.forms.remove(form)
        doc.forms_changed()
        return Applied(Change(None, structure=True), InsertForm(self.at, data, self.label))


@dataclass(frozen=True)
class MoveForm(Edit):
    """Move the ``start``-th form of a kind so it becomes the ``to``-th."""

    kind: str
    start: int
    to: int
    label: str = "移动项目"

    def apply(self, doc: Document) -> Applied:
        order = [f.id for f in doc.forms_of(self.kind)]
        if not (0 <= self.start < len(order) and 0 <= self.to < len(order)):
            raise IndexError((self.start, self.to))
        order.insert(self.to, order.pop(self.start))
        with doc.store.transaction():
            doc.store.set_form_positions([(fid, pos) for pos, fid in enumerate(order)])
        _reorder(doc, self.kind, order)
        return Applied(Change(None, structure=True), MoveForm(self.kind, self.to, self.start, self.label))


@dataclass(frozen=True)
class Compound(Edit):
    """Several edits as one undo step (a paste that adds rows, an import, …), in one transaction."""

    edits: tuple[Edit, ...]
    label: str = "修改"

    def apply(self, doc: Document) -> Applied:
        inverses = []
        changes = []
        with doc.store.transaction():  # on failure Document.apply reads memory again from the file
            for edit in self.edits:
                applied = edit.apply(doc)
                inverses.append(applied.inverse)
                changes.extend(applied.all_changes)
        first = changes[0] if changes else Change(None)
        return Applied(first, Compound(tuple(reversed(inverses)), self.label), tuple(changes))


def _reorder(doc: Document, kind: str, order: list[int]) -> None:
    by_id = {f.id: f for f in doc.forms if f.kind == kind}
    others = [f for f in doc.forms if f.kind != kind]
    doc.forms[:] = others + [by_id[i] for i in order]
    doc._sort_forms()


# --- from what the officer typed to an edit -----------------------------------------------------

MAX_LISTED_REFUSALS = 10


def input_context(doc: Document, form_id: int, key: str | None = None) -> kinds.InputContext:
    """What reading input for the form (and, for a 资金支出计划 point, its field ``key``) needs to
    know of the document: the money unit (the 批复表's own, else the document's) and the project's
    other plan points, and how the other projects write theirs."""
    form = doc.form_by_id(form_id)
    unit = doc.money_unit_of(form)
    plan_keys = [forms.plan_field_key(p) for p in forms.PLAN_POINTS]
    if form.kind != forms.PROJECT or key not in plan_keys:
        return kinds.InputContext(unit)
    others = kinds.plans_in_percent(
        [p.get(k) for k in plan_keys] for p in doc.projects if p.id != form_id)
    return kinds.InputContext(unit, tuple(form.get(k) for k in plan_keys if k != key), others)


def set_field(doc: Document, form_id: int, key: str, text: str | None) -> SetFields:
    """The edit that sets one field to what the officer typed, read in the form's
    :func:`input_context`. Raises InputError. ``notice``: said when an amount was rounded."""
    spec = doc.form_by_id(form_id).field_spec(key)
    context = input_context(doc, form_id, key)
    entry = spec.read(text, context)
    edit = SetFields(form_id, ((key, entry.stored),), f"修改{spec.label}")
    return _with_notice(edit, kinds.rounding_notice(int(entry.rounded), context.money_unit))


def set_cells(doc: Document, form_id: int, grid: str, top: int, left: int,
              block: list[list[str | None]], label: str | None = None) -> Edit:
    """The edit that writes a block of typed or pasted text with its top-left at (top, left).

    Columns past the grid's right edge are refused; rows past the bottom are added (one undo step).
    Every cell is read first: if any is refused, InputError lists each (row, column, why; the first
    ten, then how many) and nothing changes. ``notice``: how many amounts were rounded, if any.
    """
    form = doc.form_by_id(form_id)
    g = form.grids[grid]
    width = max((len(r) for r in block), default=0)
    if left + width > len(g.columns):
        raise InputError(f"粘贴区域超出表格右边界：表格只有 {len(g.columns)} 列。")
    context = input_context(doc, form_id)
    cells, refused, rounded = [], [], 0
    for i, texts in enumerate(block):
        for j, text in enumerate(texts):
            column = g.columns[left + j]
            try:
                entry = column.read(text, context)
            except InputError as exc:
                refused.append(f"第 {top + i + 1} 行「{column.label}」：{exc}")
                continue
            cells.append((top + i, left + j, entry.stored))
            rounded += entry.rounded
    if refused:
        raise InputError(_refusal(refused, sum(len(r) for r in block)))
    if label is None:
        label = "修改单元格" if len(cells) == 1 else f"粘贴 {len(block)}×{width}"
    extra = top + len(block) - len(g.rows)
    if extra <= 0:
        edit = SetCells(form_id, grid, tuple(cells), label)
    else:
        blank = tuple((None,) * len(g.columns) for _ in range(extra))
        edit = Compound((InsertRows(form_id, grid, len(g.rows), blank),
                         SetCells(form_id, grid, tuple(cells), label)), label)
    return _with_notice(edit, kinds.rounding_notice(rounded, context.money_unit))


def _refusal(refused: list[str], cell_count: int) -> str:
    if cell_count == 1:
        return refused[0]
    listed = refused[:MAX_LISTED_REFUSALS]
    if len(refused) > MAX_LISTED_REFUSALS:
        listed.append(f"等 {len(refused)} 处。")
    summary = f"粘贴未完成，表格没有改动：有 {len(refused)} 处无法填入，请改正后重新粘贴。"
    return "\n".join([summary, *listed])


def _with_notice(edit: Edit, notice: str | None) -> Edit:
    if notice:
        object.__setattr__(edit, "notice", notice)  # edits are frozen; the notice is not their value
    return edit


def take_forms(doc: Document, parts: list[FormData], label: str = "导入") -> Compound:
    """Forms read from another file, taken into ``doc`` as one undo step: a project with the same
    项目编码, a 公开表 with the same title, the one 整体绩效目标 / 情况说明 / 批复表 replace theirs
    in place; the others are added after their kind. 出错说明 are not taken (they answered the
    other file's findings)."""
    steps: list[Edit] = []
    count = {kind: len(doc.forms_of(kind)) for kind in forms.SPECS}
    by_key: dict[tuple[str, str], int] = {}
    for kind, key in ((forms.PROJECT, "code"), (forms.BUDGET_TABLE, "title")):
        for i, form in enumerate(doc.forms_of(kind)):
            value = (form.get(key) or "").strip()
            if value:
                by_key.setdefault((kind, value), i)
    for part in parts:
        kind = part.kind
        if kind in (forms.CHECK_NOTES, forms.DOCUMENT):
            continue
        if forms.SPECS[kind].singleton:
            at = 0 if count[kind] else None
        else:
            key = (part.fields.get("code" if kind == forms.PROJECT else "title") or "").strip()
            at = by_key.pop((kind, key), None) if key else None
        if at is None:
            steps.append(InsertForm(count[kind], part, label))
            count[kind] += 1
        else:
            steps += [RemoveForm(kind, at, label), InsertForm(at, part, label)]
    return Compound(tuple(steps), label)


def add_project(doc: Document, at: int | None = None, data: FormData | None = None) -> InsertForm:
    """A project at ``at`` (the end by default): ``data``, or a blank one whose indicator rows are
    laid out as the document's framework wants them (产出 数量/质量/…, 效益 …, 满意度 …)."""
    from core.document.frameworks import framework_of

    at = len(doc.projects) if at is None else at
    if data is None:
        rows = framework_of(doc).starting_indicators(len(forms.INDICATOR_COLUMNS))
        data = FormData(forms.PROJECT, {}, {"indicators": rows})
    return InsertForm(at, data, "添加项目")


def duplicate_project(doc: Document, index: int) -> InsertForm:
    """A copy of the index-th project right after it, named ``…（副本）``."""
    data = FormData.of(doc.projects[index])
    data.id = None
    data.fields["name"] = (data.fields.get("name") or "") + "（副本）"
    return InsertForm(index + 1, data, "复制项目")


def delete_project(index: int) -> RemoveForm:
    return RemoveForm(forms.PROJECT, index, "删除项目")


def move_project(start: int, to: int) -> MoveForm:
    return MoveForm(forms.PROJECT, start, to, "移动项目")


@dataclass(frozen=True)
class WriteSections(Edit):
    """Write 情况说明 sections as one undo step (根据表格生成…): each ``(title, text)`` replaces the
    text of the section with that title, or is inserted after the last section that comes before it
    in ``order`` (the template's titles; else at the end); the explanation's ``generated`` field (the
    record of the figures' sources, core/writing/record.py) is set with them. A document without a
    情况说明 gets one holding these sections."""

    sections: tuple[tuple[str, str], ...]
    generated: str | None
    order: tuple[str, ...] = ()
    label: str = "根据表格生成情况说明"

    def apply(self, doc: Document) -> Applied:
        form = doc.form(forms.EXPLANATION)
        if form is None:
            data = FormData(forms.EXPLANATION, {"generated": self.generated},
                            {"sections": [[t, x] for t, x in self.sections]})
            return InsertForm(0, data, self.label).apply(doc)
        titles = [row.cells[0] for row in form.grids["sections"].rows]
        steps: list[Edit] = []
        for title, text in self.sections:
            if title in titles:
                steps.append(SetCells(form.id, "sections", ((titles.index(title), 1, text),), self.label))
                continue
            at = len(titles)
            if title in self.order:
                before = self.order[:self.order.index(title)]
                placed = [i for i, t in enumerate(titles) if t in before]
                at = placed[-1] + 1 if placed else 0
            steps.append(InsertRows(form.id, "sections", at, ((title, text),), self.label))
            titles.insert(at, title)
        steps.append(SetFields(form.id, (("generated", self.generated),), self.label))
        return Compound(tuple(steps), self.label).apply(doc)
