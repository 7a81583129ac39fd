"""出错说明: the officer's explanation of a 警告 that stays, stored in the document (one row per
finding, under its ``note_key``, in the ``check_notes`` form) and printed with the check report."""

from __future__ import annotations

from core.values import cell_input

from core.document import edits, forms
from core.document.document import Document, FormData
from core.errors import InputError
from core.checks.validation import ERROR, Finding


def notes(doc: Document) -> dict[str, str]:
    """Finding ``note_key`` → explanation (look a finding's up with ``.get(finding.note_key)``)."""
    form = doc.form(forms.CHECK_NOTES)
    if form is None:
        return {}
    return {r["key"]: r["text"] for r in form.grids["notes"].records() if r["key"] and r["text"]}


def explain(doc: Document, finding: Finding, text: str | None) -> edits.Edit:
    """The edit that stores (or, with a blank text, clears) the explanation of a finding.

    An 错误 cannot be explained away: it must be fixed (InputError).
    """
    if finding.severity == ERROR:
        raise InputError("错误（强制性审核）不能用说明代替，请修改数据。")
    text = cell_input.clean_text(text)
    form = doc.form(forms.CHECK_NOTES)
    if form is None:
        return edits.InsertForm(0, FormData(forms.CHECK_NOTES, {}, {"notes": [[finding.note_key, text]]}),
                                "填写出错说明")
    grid = form.grids["notes"]
    for r, row in enumerate(grid.rows):
        if row.cells[0] == finding.note_key:
            return edits.SetCells(form.id, "notes", ((r, 1, text),), "修改出错说明")
    for r, row in enumerate(grid.rows):  # the explanation of an earlier finding at this place
        if (row.cells[0] or "").partition("#")[0] == finding.key:
            return edits.SetCells(form.id, "notes", ((r, 0, finding.note_key), (r, 1, text)), "填写出错说明")
    return edits.InsertRows(form.id, "notes", len(grid.rows), ((finding.note_key, text),), "填写出错说明")
