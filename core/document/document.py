"""A department's budget and performance-target document, open on its file.

Open with :func:`open_document` or :func:`create_document`; change only through
:meth:`Document.apply` with an edit from :mod:`core.document.edits` (each edit is committed to the file before
``apply`` returns); :meth:`close` when done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.document import forms

from core.file import store as store_module
from core.errors import DocumentFileError
from core.document.frameworks import DEFAULT_FRAMEWORK
from core.document.model import DocumentReading, Form, new_form


@dataclass
class FormData:
    """A whole form as plain values: what adding, duplicating, deleting and importing move around.

    ``grids`` maps a grid name to its rows (lists of cell texts). ``id`` is set when the data was
    taken from an existing form, so undoing a delete brings the same form back.
    """

    kind: str
    fields: dict[str, str | None] = field(default_factory=dict)
    grids: dict[str, list[list[str | None]]] = field(default_factory=dict)
    id: int | None = None

    @classmethod
    def of(cls, form: Form) -> "FormData":
        return cls(form.kind, dict(form.fields),
                   {name: grid.values() for name, grid in form.grids.items()}, form.id)


def finance_bureau(department: str | None) -> str:
    """Who reviews the document (printed on its cover): the 财政局 of the department's county or city."""
    match = re.match(r"^(.+?(?:自治县|自治州|县|市|区|旗|盟))", department or "")
    return (match.group(1) if match else "") + "财政局"


class Document(DocumentReading):
    def __init__(self, store: store_module.Store, forms_: list[Form]):
        self.store = store
        self.forms = forms_
        self._by_id: dict[int, Form] | None = None  # form_by_id's index; see forms_changed
        self._by_kind: dict[str, list[Form]] = {}  # forms_of's lists; see forms_changed
        self.reloads = 0

    # --- the file ------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def save_as(self, target: Path) -> None:
        """另存为: write a copy to ``target`` and continue in it, as Word, WPS and Excel do. From now
        on edits go to the copy (writable even if this file was opened read-only); the original
        file keeps what it held at this moment. Raises DocumentFileError, changing nothing."""
        copy = self.store.continue_as(Path(target))
        self.store.close()
        self.store = copy

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Document":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------------
    @property
    def meta(self) -> Form:
        return self.form(forms.DOCUMENT)

    def unit_of(self, form: Form) -> str:
        """The 单位 a form prints in its unit line: its own ``unit``, else the document's (单位编码 and
        name, ``324 承德市司法局``)."""
        own = (form.get("unit") or "").strip()
        if own:
            return own
        return " ".join(x for x in (self.meta.get("department_code"), self.department) if x)

    def forms_of(self, kind: str) -> list[Form]:
        """The forms of one kind, in order (a new list each time: the caller may keep or change it)."""
        found = self._by_kind.get(kind)
        if found is None:
            found = self._by_kind[kind] = [f for f in self.forms if f.kind == kind]
        return list(found)

    def forms_matching(self, names: list[str]) -> list[int]:
        """The ids of the forms an officer names: a project's code or name, a budget table's title
        (with or without 部门预算), or 整体绩效目标 / 情况说明 / 批复表 / 项目 / 公开表. InputError
        naming what matched nothing."""
        from core.errors import InputError

        aliases = {"整体绩效目标": forms.OVERALL, "情况说明": forms.EXPLANATION, "批复表": forms.APPROVAL}
        chosen: list[int] = []
        for name in names:
            name = name.strip()
            found = [f for f in self.forms if f.kind != forms.DOCUMENT and (
                f.kind == aliases.get(name) or (name == "项目" and f.kind == forms.PROJECT)
                or (name == "公开表" and f.kind == forms.BUDGET_TABLE)
                or name in (f.get("code"), f.title, f.spec.label)
                or (f.kind == forms.BUDGET_TABLE and name.removeprefix("部门预算") == f.title))]
            if not found:
                raise InputError(f"没有名为「{name}」的表或项目。可用项目编码、项目名称、公开表表名，"
                                 "或 整体绩效目标、情况说明、批复表、项目、公开表。")
            chosen += [f.id for f in found if f.id not in chosen]
        return chosen

    def form_by_id(self, form_id: int) -> Form:
        """The form with this id (KeyError if there is none). Indexed: table models ask on every
        cell they paint."""
        if self._by_id is None:
            self._by_id = {f.id: f for f in self.forms}
        return self._by_id[form_id]

    def forms_changed(self) -> None:
        """Forms were added, removed or replaced in ``self.forms``: drop the indexes (by id, by
        kind). Whoever changes ``self.forms`` calls this before reading forms again."""
        self._by_id = None
        self._by_kind = {}

    # --- changing ------------------------------------------------------------------------------
    def apply(self, edit):
        """Apply an edit from :mod:`core.document.edits`, committed to the file; returns its ``Applied``
        (what changed, and the edit that undoes it). On error the file is as it was, and memory
        equals the file: when the file refused or rolled back a transaction, memory is read again
        from it (a compound edit may have changed some of it; another program may have changed the
        file)."""
        failed = self.store.failed_transactions
        try:
            return edit.apply(self)
        except BaseException:
            if self.store.failed_transactions != failed:
                self.reload()
            raise

    def reload(self) -> None:
        """Rebuild the objects in memory from the file (after a failed transaction); ``reloads``
        counts it, so that views holding what memory held know to look again."""
        self.forms[:] = _load_forms(self.store)
        self.reloads += 1
        self.forms_changed()

    def _sort_forms(self) -> None:
        self.forms_changed()  # the caller changed self.forms
        positions = {}
        for kind in forms.KIND_ORDER:
            for i, f in enumerate(self.forms_of(kind)):
                positions[f.id] = (forms.KIND_ORDER.index(kind), i)
        self.forms.sort(key=lambda f: positions[f.id])
        self.forms_changed()


def open_document(path: Path, read_only: bool = False) -> Document:
    """Open a document file (read-only if another process has it open: see ``doc.read_only``)."""
    st = store_module.open_file(Path(path), read_only=read_only)
    try:
        return Document(st, _load_forms(st))
    except BaseException:
        st.close()
        raise


def _load_forms(st: store_module.Store) -> list[Form]:
    stored = st.load()
    built = [new_form(s.id, s.kind, s.fields, s.grids) for s in stored if s.kind in forms.SPECS]
    if sum(1 for f in built if f.kind == forms.DOCUMENT) != 1:
        raise DocumentFileError(f"「{st.path.name}」缺少文档信息，文件可能已损坏。")
    order = {kind: i for i, kind in enumerate(forms.KIND_ORDER)}
    positions = {s.id: s.position for s in stored}
    built.sort(key=lambda f: (order[f.kind], positions[f.id], f.id))
    return built


def create_document(path: Path, department: str, year: int, money_unit: str = "万元",
                    department_code: str | None = None, framework: str = DEFAULT_FRAMEWORK,
                    parts: list[FormData] = (), template: str = "hebei") -> Document:
    """A new document file holding the given forms (in order) besides its own 文档 form, open.

    The file appears under ``path`` only once complete. Raises DocumentFileError if the file exists
    or cannot be written; then nothing is left behind.
    """
    path = Path(path)
    meta = FormData(forms.DOCUMENT, {
        "department": department, "department_code": department_code, "year": str(year),
        "money_unit": money_unit, "framework": framework, "template": template})

    def fill(st: store_module.Store) -> None:
        counts: dict[str, int] = {}
        for data in [meta, *parts]:
            position = counts.get(data.kind, 0)
            counts[data.kind] = position + 1
            st.write_form(data.kind, position, data.fields,
                          {name: [list(c) for c in rows] for name, rows in data.grids.items()})

    store_module.create_file(path, fill)
    return open_document(path)
