"""Edits that take indicators from the library into a project, each one undo step, built from
:mod:`core.document.edits` (SetCells, InsertRows, DeleteRows, Compound).

Where a chosen indicator goes: its (一级, 二级) in the document's framework
(:func:`core.library.entries.place`); into a blank row of that 二级 if the project has one (a new
project's starting rows), else after the last row of that 二级, else where its 二级 comes in the
framework's printed order. The values written go through the columns' input reading, as typed ones
do (``>=`` becomes ``≥``).
"""

from __future__ import annotations

from core.document import edits
from core.document.frameworks import framework_of
from core.library.entries import place
from core.library.library import Suggestion, context_of

GRID = "indicators"
L1, L2, L3, DESCRIPTION, VALUE, BASIS = range(6)


def indicator_cells(l1: str, l2: str, suggestion: Suggestion) -> list[str | None]:
    """The six printed cells of an indicator row for a suggestion."""
    return [l1, l2, suggestion.l3, suggestion.description, suggestion.value or None, suggestion.basis or None]


def placement(doc, suggestion: Suggestion, row_l1: str | None = None, row_l2: str | None = None) -> tuple[str, str]:
    """(一级, 二级) the suggestion is written under: its place in the document's framework; the
    row's own when the framework has no place for it (or the entry was the officer's own, filed
    as they filed it)."""
    framework = framework_of(doc)
    entry = suggestion.entry
    if entry.l1 and entry.l1 in framework.levels and entry.l2 in framework.levels[entry.l1]:
        return entry.l1, entry.l2
    placed = place(framework, entry.l2)
    if placed:
        return placed
    return (row_l1 or entry.l1 or "", row_l2 or entry.l2)


def fill_row(doc, form_id: int, row: int, suggestion: Suggestion) -> edits.Edit:
    """Choosing a suggestion in a row's 三级指标: 三级, 描述, 指标值 (last year's, or the form to
    complete) and 依据 filled; 一级/二级 too where blank. InputError if a value is refused."""
    grid = doc.form_by_id(form_id).grids[GRID]
    cells = grid.rows[row].cells
    l1, l2 = placement(doc, suggestion, cells[L1], cells[L2])
    block = indicator_cells(cells[L1] or l1, cells[L2] or l2, suggestion)
    return edits.set_cells(doc, form_id, GRID, row, 0, [block], f"选用指标「{suggestion.l3}」")


def _order_of(framework) -> dict[tuple[str, str], int]:
    return {(l1, l2): n for n, (l1, l2) in enumerate((a, b) for a, bs in framework.levels.items() for b in bs)}


def _steps_inserting(doc, form_id: int, rows: list[list[str | None]], suggestions, label: str,
                     removed: int | None = None) -> edits.Compound:
    """Edits inserting each suggestion into its block of ``rows`` (the grid's cells as they will be
    once the step before, if any, is applied)."""
    framework = framework_of(doc)
    order = _order_of(framework)
    width = len(doc.form_by_id(form_id).grids[GRID].columns)
    steps: list[edits.Edit] = []
    if removed is not None:
        steps.append(edits.DeleteRows(form_id, GRID, removed, 1, label))
    for s in suggestions:
        l1, l2 = placement(doc, s)
        cells = indicator_cells(l1, l2, s)
        blank = next((i for i, r in enumerate(rows) if r[L1] == l1 and r[L2] == l2
                      and not (r[L3] or "").strip() and not (r[VALUE] or "").strip()), None)
        stored = [c if c is None else _read(doc, form_id, k, c) for k, c in enumerate(cells)]
        if blank is not None:
            steps.append(edits.SetCells(form_id, GRID, tuple((blank, k, c) for k, c in enumerate(stored)), label))
            rows[blank] = stored + rows[blank][len(stored):]
            continue
        same = [i for i, r in enumerate(rows) if r[L1] == l1 and r[L2] == l2]
        if same:
            at = same[-1] + 1
        else:
            target = order.get((l1, l2), len(order))
            before = [i for i, r in enumerate(rows) if order.get((r[L1], r[L2]), -1) != -1
                      and order[(r[L1], r[L2])] <= target]
            after = [i for i, r in enumerate(rows) if order.get((r[L1], r[L2]), -1) > target]
            at = before[-1] + 1 if before else (after[0] if after else len(rows))
        steps.append(edits.InsertRows(form_id, GRID, at, (tuple(stored),), label))
        rows.insert(at, stored + [None] * (width - len(stored)))
    return edits.Compound(tuple(steps), label)


def _read(doc, form_id: int, column: int, text: str) -> str | None:
    grid = doc.form_by_id(form_id).grids[GRID]
    return grid.columns[column].normalize(text, edits.input_context(doc, form_id))


def insert_indicators(doc, form_id: int, suggestions: list[Suggestion]) -> edits.Compound:
    """插入指标: the chosen indicators, each in its 一级/二级 block, as one undo step."""
    rows = doc.form_by_id(form_id).grids[GRID].values()
    label = f"插入 {len(suggestions)} 个指标"
    return _steps_inserting(doc, form_id, rows, list(suggestions), label)


def replace_indicator(doc, form_id: int, row: int, suggestion: Suggestion, label: str | None = None) -> edits.Edit:
    """替换为…: row ``row`` becomes the suggestion, in place when it belongs to the same 一级/二级,
    else removed and the suggestion put in its own block; one undo step."""
    grid = doc.form_by_id(form_id).grids[GRID]
    cells = grid.rows[row].cells
    label = label or f"替换为「{suggestion.l3}」"
    l1, l2 = placement(doc, suggestion, cells[L1], cells[L2])
    if (l1, l2) == (cells[L1], cells[L2]):
        edit = edits.set_cells(doc, form_id, GRID, row, 0, [indicator_cells(l1, l2, suggestion)], label)
        return edits.Compound((edit,), label)
    rows = grid.values()
    del rows[row]
    return _steps_inserting(doc, form_id, rows, [suggestion], label, removed=row)


def move_row_to(doc, form_id: int, row: int, l1: str, l2: str, label: str) -> edits.Compound:
    """The row as it is, moved into the (一级, 二级) block (满意度 filed as 效益 → 满意度指标)."""
    from core.library.entries import Entry, OWN

    cells = doc.form_by_id(form_id).grids[GRID].rows[row].cells
    as_entry = Entry(OWN, l2, cells[L3] or "", value=cells[VALUE] or "", basis=cells[BASIS] or "",
                     explanation=cells[DESCRIPTION] or "", l1=l1)
    suggestion = Suggestion(as_entry, 0, cells[VALUE] or "")
    rows = doc.form_by_id(form_id).grids[GRID].values()
    del rows[row]
    return _steps_inserting(doc, form_id, rows, [suggestion], label, removed=row)


def delete_row(form_id: int, row: int, label: str = "删除指标行") -> edits.Edit:
    return edits.DeleteRows(form_id, GRID, row, 1, label)


def set_value(doc, form_id: int, row: int, value: str, label: str) -> edits.Edit:
    return edits.set_cells(doc, form_id, GRID, row, VALUE, [[value]], label)


__all__ = ["fill_row", "insert_indicators", "replace_indicator", "move_row_to", "delete_row", "set_value",
           "context_of"]
