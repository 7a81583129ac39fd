"""The library an officer picks from: the shipped entries and their own, ranked for one row.

Ranking (:meth:`Library.suggest`), filtered by the row's 二级 (every 成本 二级 counts as one) and
by what was typed (the folded name or one of its 同义 contains it; failing that, every typed
character occurs in it), then ordered in tiers:

0. the officer's own indicators of a project like this one (project names alike, years and
   经费/转移支付 … left out), most alike first, then the latest year — its value is last year's;
1. the pack's indicators of this project's type (法律援助类 … by the words of its name and 资金用途);
2. the common indicators;
3. the officer's own indicators of other projects, the most used first;
4. the pack's indicators of other types.

Within a tier a name that starts with what was typed comes first. A name appears once (its best
place); names already in the project (``exclude``) are left out. The order of a tier is computed
once per project and 二级 and kept, so a keystroke only scans it: fast enough to follow typing on a
library of tens of thousands of indicators (bench/library.py).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from core.library import names
from core.library.entries import BLANK_SLOT, BUDGET_SLOT, OWN, PACK, Entry, l2_key
from core.library.learned import Record
from core.library.shipped import Shipped

ALL_L2 = "*"
LIKE_PROJECT = 0.5  # project names at least this alike (bigram Dice of their keys) are "like this one"
_CACHED_CONTEXTS = 16


@dataclass(frozen=True)
class ProjectContext:
    """What ranking knows of the project a row belongs to."""

    name: str = ""
    purpose: str = ""
    department: str = ""
    subject: str = ""             # 功能分类 科目 (code or name), where known
    budget: Decimal | None = None
    money_unit: str = "万元"


def context_of(doc, form_id: int) -> ProjectContext:
    """The ranking context of a project form of ``doc``."""
    from core.values import money

    form = doc.form_by_id(form_id)
    return ProjectContext((form.get("name") or "").strip(), (form.get("purpose") or "").strip(),
                          (doc.department or "").strip(), (form.get("subject") or "").strip(),
                          money.read_amount(form.get("budget")), doc.money_unit_of(form))


@dataclass(frozen=True)
class Suggestion:
    """An entry offered for a row, with the value to fill for this project (last year's for the
    officer's own; the value form, its 预算数 filled in, for the others)."""

    entry: Entry
    tier: int
    value: str

    @property
    def l3(self) -> str:
        return self.entry.l3

    @property
    def description(self) -> str:
        return self.entry.explanation or self.entry.l3

    @property
    def basis(self) -> str:
        return self.entry.basis

    @property
    def where_from(self) -> str:
        """``本单位历年（2024 法律援助经费）``, ``行业指标库·法律援助类``, ``通用指标``."""
        e = self.entry
        if e.origin == OWN:
            return f"{e.origin_label}（{e.year or ''} {e.project or ''}）".replace("（ ", "（")
        if e.origin == PACK:
            return f"{e.origin_label}·{e.type_name}"
        return e.origin_label


def value_for(entry: Entry, context: ProjectContext) -> str:
    """The value a chosen entry fills: a total cost follows this year's 预算数 (never last year's
    cap); a value form's 预算数 is filled in, or left ``__`` when the project has no 预算数."""
    from core.values import money

    budget = money.format_amount(context.budget) if context.budget is not None else BLANK_SLOT
    if names.measure(entry.l3) == "总成本" and (BUDGET_SLOT in entry.value or entry.origin == OWN) \
            and (entry.value.endswith("万元") or BUDGET_SLOT in entry.value) and context.budget is not None:
        return f"≤{budget}{context.money_unit}"
    return entry.value.replace(BUDGET_SLOT + "万元", f"{budget}{context.money_unit}").replace(BUDGET_SLOT, budget)


def own_entries(records: list[Record]) -> list[Entry]:
    """The officer's records as entries: one per project and name, the latest year's."""
    latest: dict[tuple, Record] = {}
    for r in records:
        key = (l2_key(r.l2), names.fold(r.l3), r.project)
        known = latest.get(key)
        if known is None or (r.year or 0) > (known.year or 0):
            latest[key] = r
    return [Entry(OWN, r.l2, r.l3, value=r.value, basis=r.basis, explanation=r.description, source=r.department,
                  project=r.project, year=r.year, l1=r.l1) for r in latest.values()]


@dataclass
class _Bucket:
    """The entries of one 二级 in the orders ranking merges: own ones by project (latest year
    first) and by use (most used first), pack ones by type and in file order, common ones."""

    own_by_project: dict[str, list[int]] = field(default_factory=dict)
    own_by_use: list[int] = field(default_factory=list)
    pack_by_type: dict[str, list[int]] = field(default_factory=dict)
    pack: list[int] = field(default_factory=list)
    common: list[int] = field(default_factory=list)


@dataclass
class _Prepared:
    entries: list[Entry]
    folded: list[str]
    search: list[str]
    chars: list[frozenset]
    buckets: dict[str, _Bucket]
    project_keys: list[str]


class Library:
    """Shipped entries plus the officer's own; immutable once built (learning builds a new one)."""

    def __init__(self, shipped: Shipped, records: list[Record] = ()):
        self.shipped = shipped
        self.records = list(records)
        own = own_entries(self.records)
        entries = list(own) + list(shipped.entries)
        noise = shipped.name_noise
        folded = [names.fold(e.l3) for e in entries]
        search = ["|".join([f, *(names.fold(a) for a in e.aliases)]) for e, f in zip(entries, folded)]
        keys: dict[str, str] = {}
        project_keys = [keys.setdefault(e.project, names.project_key(e.project, noise)) if e.project else ""
                        for e in entries]
        uses = Counter(f for e, f in zip(entries, folded) if e.origin == OWN)
        buckets: dict[str, _Bucket] = {}
        for i, e in enumerate(entries):
            for name in (ALL_L2, l2_key(e.l2)):
                bucket = buckets.setdefault(name, _Bucket())
                if e.origin == OWN:
                    bucket.own_by_project.setdefault(project_keys[i], []).append(i)
                    bucket.own_by_use.append(i)
                elif e.origin == PACK:
                    bucket.pack_by_type.setdefault(e.type_id, []).append(i)
                    bucket.pack.append(i)
                else:
                    bucket.common.append(i)
        for bucket in buckets.values():
            for group in bucket.own_by_project.values():
                group.sort(key=lambda i: (-(entries[i].year or 0), i))
            bucket.own_by_use.sort(key=lambda i: (-uses[folded[i]], -(entries[i].year or 0), i))
        self._p = _Prepared(entries, folded, search, [frozenset(s) for s in search], buckets, project_keys)
        self._ranked: OrderedDict = OrderedDict()
        self._memo: dict = {}  # (context, 二级) → (last query, what matched it)

    def __len__(self) -> int:
        return len(self._p.entries)

    @property
    def entries(self) -> list[Entry]:
        return self._p.entries

    # --- ranking ---------------------------------------------------------------------------------
    def type_scores(self, context: ProjectContext) -> dict[str, int]:
        """How strongly the project reads as each pack type: the lengths of the type's words in its
        name (twice) and 资金用途; types of packs not serving the department are left out."""
        scores = {}
        for pack in self.shipped.packs:
            if not _serves(pack, context):
                continue
            for t in pack.types:
                score = sum(2 * len(w) for w in t.keywords if w in context.name) + \
                    sum(len(w) for w in t.keywords if w in context.purpose)
                if score:
                    scores[t.id] = score
        return scores

    def _plan(self, context: ProjectContext, l2: str) -> tuple:
        """What ranking decides per project and 二级, once: the like projects, most alike first,
        and the pack types, strongest first (cached for the last few projects)."""
        key = (context, l2)
        cached = self._ranked.get(key)
        if cached is not None:
            self._ranked.move_to_end(key)
            return cached
        bucket = self._p.buckets.get(l2) or _Bucket()
        project = names.project_key(context.name, self.shipped.name_noise)
        alike = sorted(((names.project_likeness(project, pk), pk) for pk in bucket.own_by_project),
                       key=lambda x: -x[0])
        like = [pk for score, pk in alike if score >= LIKE_PROJECT]
        scores = self.type_scores(context)
        types = sorted((t for t in bucket.pack_by_type if scores.get(t)), key=lambda t: -scores[t])
        plan = (bucket, like, frozenset(like), types, frozenset(types))
        self._ranked[key] = plan
        if len(self._ranked) > _CACHED_CONTEXTS:
            self._ranked.popitem(last=False)
        return plan

    def _order(self, context: ProjectContext, l2: str):
        """(tier, entry index) in ranked order, lazily (see the module docstring)."""
        bucket, like, like_set, types, type_set = self._plan(context, l2)
        keys, entries = self._p.project_keys, self._p.entries
        for pk in like:
            for i in bucket.own_by_project[pk]:
                yield 0, i
        for t in types:
            for i in bucket.pack_by_type[t]:
                yield 1, i
        for i in bucket.common:
            yield 2, i
        for i in bucket.own_by_use:
            if keys[i] not in like_set:
                yield 3, i
        for i in bucket.pack:
            if entries[i].type_id not in type_set:
                yield 4, i

    def suggest(self, context: ProjectContext, l2: str | None, typed: str = "", limit: int | None = 8,
                exclude: frozenset[str] | set[str] = frozenset()) -> list[Suggestion]:
        """Suggestions for a row of 二级 ``l2`` (None or blank: any) of the project ``context``
        describes, given what was typed; ``exclude``: folded names not to offer (the project's
        other rows). Ordered as the module docstring says."""
        p = self._p
        bucket = l2_key(l2) if l2 and l2.strip() else ALL_L2
        query = names.fold(typed)
        seen: set[str] = set(exclude)
        if not query:
            ranked = ((tier, True, i) for tier, i in self._order(context, bucket))
        else:
            ranked = self._matching(context, bucket, query)
        found: list[tuple[int, bool, int]] = []
        wanted = None if limit is None else 2 * limit
        later: list[tuple[int, bool, int]] = []  # every typed character occurs, not as one run
        for tier, contiguous, i in ranked:
            name = p.folded[i]
            if name in seen:
                continue
            if not contiguous:
                if limit is None or len(later) < limit:
                    later.append((tier, True, i))
                continue
            seen.add(name)
            found.append((tier, not name.startswith(query), i))
            if wanted is not None and len(found) >= wanted:
                break
        found.sort(key=lambda f: (f[0], f[1]))  # stable: within a tier, the ranked order
        if limit is None or len(found) < limit:
            for f in later:
                if p.folded[f[2]] not in seen:
                    seen.add(p.folded[f[2]])
                    found.append(f)
        chosen = found if limit is None else found[:limit]
        return [Suggestion(p.entries[i], tier, value_for(p.entries[i], context)) for tier, _, i in chosen]

    def _matching(self, context: ProjectContext, bucket: str, query: str) -> list[tuple[int, bool, int]]:
        """(tier, typed as one run, index) of the entries in which every typed character occurs,
        in ranked order. Typing on narrows the last list instead of scanning the library again."""
        p = self._p
        memo = self._memo.get((context, bucket))
        if memo is not None and query.startswith(memo[0]):
            base = [(tier, i) for tier, _, i in memo[1]]
        else:
            base = self._order(context, bucket)
        letters = frozenset(query)
        chars, search = p.chars, p.search
        matched = [(tier, query in search[i], i) for tier, i in base if letters <= chars[i]]
        self._memo[(context, bucket)] = (query, matched)
        if len(self._memo) > _CACHED_CONTEXTS:
            self._memo.pop(next(iter(self._memo)))
        return matched


def _serves(pack, context: ProjectContext) -> bool:
    """A pack serves a project whose 科目 is one of its 款, or whose department's name has one of its
    words; when neither is known, it serves (an officer with no department name yet)."""
    if not context.department and not context.subject:
        return True
    if context.subject and any(context.subject.startswith(s) for s in pack.subjects):
        return True
    return any(w in context.department for w in pack.department_words)


# --- the library of this officer ---------------------------------------------------------------

_current: dict[str, Library] = {}


def current_library() -> Library:
    """The shipped library plus what the officer (the current data folder) has learned; built on
    first use and kept until :func:`learn_from` changes it."""
    from core.library.learned import learned_records, library_file
    from core.library.shipped import load_shipped

    key = str(library_file())
    library = _current.get(key)
    if library is None:
        library = _current[key] = Library(load_shipped(), learned_records())
    return library


def learn_from(doc) -> int:
    """Add ``doc``'s indicators to the officer's own library (replacing what an earlier version of
    the same department and year taught); the number learned. Call after a document is opened or
    imported; it never raises for a folder that cannot be written (0 learned)."""
    from core.library.learned import learn_records, library_file, records_from

    records = records_from(doc)
    count = learn_records(records, (doc.department or "").strip(), doc.year)
    if count:
        _current.pop(str(library_file()), None)  # built again, with what was learned, when next used
    return count
