"""Validation: every check is a plain function returning findings; ``validate`` runs the registered
ones and concatenates. Findings are data, never exceptions: the panel, the CLI's ``--json``, the
report export and the tests all read the same list.

A check either looks at the whole document (``check(doc)``, declaring with :func:`reads` which kinds
of forms it reads) or at one form at a time (``check(doc, form)``, declared with :func:`each`; a
project check gets the project's typed view). A :class:`Validator` keeps each check's findings per
form, so after an edit only the checks that read the edited form run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Callable

from core.checks.categories import BY_RULE

ERROR = "error"      # 错误 (强制性): blocks the "for submission" export, never saving
WARNING = "warning"  # 警告 (提示性): may stay with a typed explanation
INFO = "info"        # 提示 (advice)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

# Published tables are rounded from 元 to 万元: differences up to this are 尾差, never an error.
ROUNDING_TOLERANCE = Decimal("0.03")


@dataclass(frozen=True)
class Location:
    form: str                    # the form's printed name (收入总表, 项目支出绩效目标表, …)
    project: str | None = None   # the project code, where it applies
    row: int | None = None       # 1-based row (indicator row, or data row of a budget table)
    field: str | None = None     # the column or field label
    form_id: int | None = None   # for the window: which form to show


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    location: Location
    message: str
    category: str | None = None  # 审核意见 (core/checks/categories.py); not part of key or note_key

    def __post_init__(self):
        if self.category is None and self.rule in BY_RULE:
            object.__setattr__(self, "category", BY_RULE[self.rule])

    @cached_property
    def key(self) -> str:
        """A stable identity for the finding, under which an officer's 出错说明 is stored."""
        loc = self.location
        return "|".join(str(x) if x is not None else "" for x in (self.rule, loc.form, loc.project, loc.row, loc.field))

    @cached_property
    def note_key(self) -> str:
        """Under which the officer's 出错说明 of this finding is stored: its key and what it says.
        An explanation answers one message about one place; when the finding goes, or another
        one (other figures, another row's content moved here) takes its place, it does not carry
        over."""
        import hashlib

        return f"{self.key}#{hashlib.sha1(self.message.encode('utf-8')).hexdigest()[:12]}"

    def as_json(self) -> dict:
        loc = self.location
        return {"rule": self.rule, "severity": self.severity,
                "location": {"form": loc.form, "project": loc.project, "row": loc.row, "field": loc.field},
                "message": self.message, "category": self.category}


Check = Callable[..., list[Finding]]


def each(kind: str):
    """Mark a check that looks at one form of ``kind`` at a time: ``check(doc, form)`` (for
    ``"project"`` the form's :class:`core.document.project_table.ProjectTable`; ``"any"`` for every form)."""
    def mark(check):
        check.each = kind
        return check
    return mark


def reads(*kinds: str):
    """Mark a whole-document check with the kinds of forms it reads (rerun when one changes)."""
    def mark(check):
        check.reads = frozenset(kinds)
        return check
    return mark

_SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


def worst_severity(findings: list[Finding]) -> str:
    """The most serious severity among findings (错误 before 警告 before 提示)."""
    return min((f.severity for f in findings), key=_SEVERITY_RANK.__getitem__)


def validate(doc) -> list[Finding]:
    """Every finding of every registered rule, in the order of the rules' families."""
    return Validator().run(doc)


class Validator:
    """Runs the rules and remembers each check's findings per form. :meth:`forget` the forms an edit
    changed; the next :meth:`run` reruns only the checks that read them and reuses the rest — also
    the concatenation of a per-form check's findings over all forms, of which only the changed
    forms' parts are replaced (after an edit of one project the other 279 cost nothing)."""

    def __init__(self):
        self._per_form: dict[int, dict[Check, list[Finding]]] = {}
        self._per_document: dict[Check, list[Finding]] = {}
        self._derived: dict = {}  # what table_meaning derived from each table (table_meaning.remembering)
        # per-form check → [ids of the forms it ran on, their findings (one list per form), all of them]
        self._joined: dict[Check, list] = {}
        self._changed: set[int] = set()  # forms forgotten since the last run
        # what was forgotten since the last run, to tell what the next one changed (see ``changes``)
        self._dropped_form: dict[int, dict[Check, list[Finding]]] = {}
        self._dropped_document: dict[Check, list[Finding]] = {}
        self._everything = True
        # After a run: (the findings gone, the findings come) since the run before, or None when
        # everything was run afresh (the first run, or after forgetting everything).
        self.changes: tuple[list[Finding], list[Finding]] | None = None

    def forget(self, doc, form_ids=None) -> None:
        """Drop what depends on the given forms (None: everything). A form id of None (the list of
        forms changed), a form no longer there, or the document's own settings (framework, unit)
        drop everything."""
        from core.document.table_meaning import forget_derived

        if form_ids is None:
            self._per_form.clear()
            self._per_document.clear()
            self._derived.clear()
            self._joined.clear()
            self._changed.clear()
            self._everything = True
            return
        for form_id in form_ids:
            try:
                form = doc.form_by_id(form_id)
            except KeyError:
                form = None
            if form is None or form.kind == "document":
                self.forget(doc)
                return
            self._dropped_form.setdefault(form_id, self._per_form.pop(form_id, None) or {})
            forget_derived(self._derived, form_id)
            self._changed.add(form_id)
            for check in [c for c in self._per_document if form.kind in c.reads]:
                self._dropped_document.setdefault(check, self._per_document.pop(check))

    def run(self, doc) -> list[Finding]:
        from core.document import table_meaning

        gone: list[Finding] = []
        came: list[Finding] = []
        with table_meaning.remembering(self._derived):
            findings = self._run(doc, gone, came)
        self.changes = None if self._everything else (gone, came)
        self._everything = False
        self._changed.clear()
        self._dropped_form.clear()
        self._dropped_document.clear()
        return findings

    def _run(self, doc, gone: list[Finding], came: list[Finding]) -> list[Finding]:
        from itertools import chain

        from core.checks.rules import RULES

        findings: list[Finding] = []
        views: dict[int, object] = {}
        by_kind: dict[str, list] = {"any": doc.forms}
        for form in doc.forms:
            by_kind.setdefault(form.kind, []).append(form)
        ids_of: dict[str, tuple[int, ...]] = {}
        changed_at: dict[str, list[int]] = {}  # kind → positions of the forms forgotten since the last run
        for check in RULES:
            kind = getattr(check, "each", None)
            if kind is None:
                found = self._per_document.get(check)
                if found is None:
                    found = self._per_document[check] = _settled(
                        self._dropped_document.get(check, ()), check(doc), gone, came)
                findings.extend(found)
                continue
            kind_forms = by_kind.get(kind, ())
            ids = ids_of.get(kind)
            if ids is None:
                ids = ids_of[kind] = tuple(f.id for f in kind_forms)
                changed_at[kind] = [i for i, form_id in enumerate(ids) if form_id in self._changed] \
                    if self._changed else []
            joined = self._joined.get(check)
            if joined is None or joined[0] != ids:
                parts = [self._found(doc, check, kind, form, views, gone, came) for form in kind_forms]
                joined = self._joined[check] = [ids, parts, list(chain.from_iterable(parts))]
            elif changed_at[kind]:
                parts = joined[1]
                for i in changed_at[kind]:
                    parts[i] = self._found(doc, check, kind, kind_forms[i], views, gone, came)
                joined[2] = list(chain.from_iterable(parts))
            findings.extend(joined[2])
        return findings

    def _found(self, doc, check: Check, kind: str, form, views: dict, gone: list[Finding],
               came: list[Finding]) -> list[Finding]:
        """``check``'s findings on one form, remembered until the form is forgotten (what it ran
        afresh is added to ``came``, what that replaced to ``gone``)."""
        cached = self._per_form.setdefault(form.id, {})
        found = cached.get(check)
        if found is None:
            view = form
            if kind == "project":
                from core.document.project_table import ProjectTable

                view = views.get(form.id) or views.setdefault(form.id, ProjectTable(form))
            found = cached[check] = _settled(self._dropped_form.get(form.id, {}).get(check, ()),
                                             check(doc, view), gone, came)
        return found


def _settled(before, after: list[Finding], gone: list[Finding], came: list[Finding]) -> list[Finding]:
    """A check's findings after a rerun, each equal to one it found before being that same object
    (so the panel and the cell tints see it unchanged); what the rerun changed is added to
    ``gone`` and ``came``: nothing when it found the same findings, else the findings no longer
    there and the new ones — or all of both if those that stayed moved (the order of what is
    listed is the validator's)."""
    if len(before) == len(after) and all(a is b or a == b for a, b in zip(before, after)):
        return before if isinstance(before, list) else after
    if before:
        known = {f: f for f in before}
        after = [known.get(f, f) for f in after]
    _changed(before, after, gone, came)
    return after


def _changed(before, after, gone: list[Finding], came: list[Finding]) -> None:
    """Add to ``gone`` and ``came`` the findings of ``before`` no longer in ``after`` and the new
    ones (by identity), or all of both if those that stayed moved."""
    if len(before) == len(after) and all(a is b for a, b in zip(before, after)):
        return
    after_ids = {id(f) for f in after}
    before_ids = {id(f) for f in before}
    stayed = [f for f in before if id(f) in after_ids]
    if stayed != [f for f in after if id(f) in before_ids]:
        gone.extend(before)
        came.extend(after)
        return
    gone.extend(f for f in before if id(f) not in after_ids)
    came.extend(f for f in after if id(f) not in before_ids)


def difference_finding(rule: str, location: Location, subject: str, shown_label: str, shown: Decimal,
                       expected_label: str, expected: Decimal, fix: str) -> Finding | None:
    """An arithmetic mismatch (``支出总表 204 公共安全支出：合计 3397.31 ≠ 下级科目之和 3397.30``):
    None if equal, a 尾差 提示 within the tolerance, else an 错误 that says how to fix it."""
    diff = shown - expected
    if diff == 0:
        return None
    stated = f"{subject}：{shown_label} {shown} ≠ {expected_label} {expected}"
    if abs(diff) <= ROUNDING_TOLERANCE:
        return Finding(rule, INFO, location, f"{stated}（差 {abs(diff)}，尾差）。四舍五入造成的尾差可以保留。")
    return Finding(rule, ERROR, location, f"{stated}（差 {abs(diff)}）。{fix}")
