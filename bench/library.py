"""The indicator library: how often it suggests what the officer wrote, and how fast.

Run: ``python bench/library.py`` from the repository root. Prints

1. **Leave one out** over the seed documents (tests/fixtures/samples/json: 000 巨鹿 2023, 001 承德
   2024 = resources/samples/chengde_2024.json, 002 山海关, 004 大竹's 批复表): the library is built
   from the *other* documents (as the officer's own history) plus the shipped packs; for every
   indicator row of the left-out document, suggestions are asked given its project's name and
   资金用途 and the row's 二级, nothing typed. A row is a hit when one of the first five means the
   same as the officer's 三级 (``core.library.names.same_meaning``: equal folded names, or the same
   kind of measure — the same rate word, a total cost, a satisfaction, a count of the same thing,
   a time — with names sharing half their character pairs; an entry's listed 同义 count as its
   names). The pack was written from facts of all seeds, the left-out one too, so the figure is
   printed also with the pack's rows sourced from the left-out seed removed ("fair"), and against
   baselines in the same run: the pack alone, the own history alone, and the library in file
   order (no ranking). Also after typing the first two characters of the officer's name.
2. **Keystroke lookup** on a generated library of 20,000 indicators (the officer's own history of
   many projects and years plus the shipped ones): typing real 三级 names one character at a
   time, the time of each ``suggest`` call — the first keystroke in a row (the project's order
   computed) and the following ones — median, p95 and max, against a naive full scan that filters
   and sorts all 20,000 on every keystroke (the baseline).
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.file.json_format import import_json, read_json_file  # noqa: E402
from core.library import names  # noqa: E402
from core.library.learned import OVERALL_PROJECT, Record, records_from  # noqa: E402
from core.library.library import Library, ProjectContext  # noqa: E402
from core.library.shipped import Shipped, load_shipped  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "samples" / "json"
TOP = 5


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)


def load_documents(tmp: Path):
    docs = {}
    for path in sorted(SEEDS.glob("*.json")):
        docs[path.name[:3]] = import_json(read_json_file(path), tmp / f"{path.stem}.bdoc")
    return docs


def rows_of(doc) -> list[tuple[ProjectContext, str, str]]:
    """(context, 二级, 三级) of every learnable indicator row of a document."""
    department = doc.department or ""
    out = []
    contexts = {p.get("name"): ProjectContext((p.get("name") or "").strip(), (p.get("purpose") or "").strip(),
                                              department) for p in doc.projects}
    for r in records_from(doc):
        context = contexts.get(r.project) or ProjectContext("", "", department)
        if r.project == OVERALL_PROJECT:
            context = ProjectContext("", "", department)
        out.append((context, r.l2, r.l3))
    return out


def hit(suggestions, l3: str) -> bool:
    return any(names.same_meaning(s.l3, l3) or any(names.same_meaning(a, l3) for a in s.entry.aliases)
               for s in suggestions)


def without_source(shipped: Shipped, source: str) -> Shipped:
    packs = tuple(dataclasses.replace(p, types=tuple(dataclasses.replace(
        t, entries=tuple(e for e in t.entries if e.source != source)) for t in p.types)) for p in shipped.packs)
    return dataclasses.replace(shipped, common=tuple(e for e in shipped.common if e.source != source), packs=packs)


def empty_packs(shipped: Shipped) -> Shipped:
    return dataclasses.replace(shipped, common=(), packs=())


class FileOrder(Library):
    """Baseline: the same entries, filtered by 二级, in file order (no ranking)."""

    def _order(self, context, l2):
        bucket = self._p.buckets.get(l2)
        if bucket is None:
            return []
        return [(0, i) for i in sorted(bucket.own_by_use + bucket.pack + bucket.common)]


def leave_one_out(docs) -> None:
    shipped = load_shipped()
    print(f"1. Leave one out: hits among the first {TOP} suggestions (nothing typed, then 2 characters typed)")
    header = (f"{'seed':<6}{'rows':>6}{'library':>10}{'fair':>8}{'typed 2':>9}"
              f"{'pack only':>11}{'own only':>10}{'file order':>12}")
    print(header)
    totals = [0] * 7
    for key, doc in docs.items():
        others = [r for k, d in docs.items() if k != key for r in records_from(d)]
        fair_shipped = without_source(shipped, f"seed-{key}")
        variants = {
            "library": Library(shipped, others),
            "fair": Library(fair_shipped, others),
            "pack only": Library(shipped, []),
            "own only": Library(empty_packs(shipped), others),
            "file order": FileOrder(shipped, others),
        }
        rows = rows_of(doc)
        counts = dict.fromkeys(variants, 0)
        typed = 0
        for context, l2, l3 in rows:
            for name, library in variants.items():
                counts[name] += hit(library.suggest(context, l2, "", TOP), l3)
            typed += hit(variants["fair"].suggest(context, l2, names.fold(l3)[:2], TOP), l3)
        n = len(rows)
        line = [n, counts["library"], counts["fair"], typed, counts["pack only"], counts["own only"],
                counts["file order"]]
        totals = [a + b for a, b in zip(totals, line)]
        pct = [f"{100 * c / n:.0f}%" if n else "-" for c in line[1:]]
        print(f"{key:<6}{n:>6}{pct[0]:>10}{pct[1]:>8}{pct[2]:>9}{pct[3]:>11}{pct[4]:>10}{pct[5]:>12}")
    n = totals[0]
    pct = [f"{100 * c / n:.0f}%" for c in totals[1:]]
    print(f"{'all':<6}{n:>6}{pct[0]:>10}{pct[1]:>8}{pct[2]:>9}{pct[3]:>11}{pct[4]:>10}{pct[5]:>12}")
    print("  fair: the pack's rows written from the left-out seed removed; typed 2: the fair library "
          "after the first two characters of the officer's 三级")


def generated_records(docs, size: int, rng: random.Random) -> list[Record]:
    """About ``size`` own records: the seeds' rows re-used by many projects over many years, with
    names varied (a topic before, a qualifier after) so that most are distinct."""
    base = [r for d in docs.values() for r in records_from(d)]
    topics = ["", "基层", "全县", "乡镇", "城区", "农村", "重点", "专项", "年度", "综合"]
    tails = ["", "（季度）", "（全年）", "（重点人群）", "（农村）"]
    projects = [f"{t}{w}经费" for t in ("", "市级", "县级", "专项", "提前下达") for w in
                ("法律援助", "人民调解", "社区矫正", "普法宣传", "12348热线", "行政复议", "依法治县", "司法所建设",
                 "律师管理", "公证管理", "信息化建设", "办案业务", "被装购置", "辅警人员", "戒毒矫治", "机关运转",
                 "法律顾问", "执法培训", "人民监督员", "安置帮教")]
    out, distinct = [], set()
    while len(distinct) < size:
        r = rng.choice(base)
        record = dataclasses.replace(r, project=rng.choice(projects), year=rng.randint(2015, 2024),
                                     l3=rng.choice(topics) + r.l3 + rng.choice(tails),
                                     department=f"某县司法局{rng.randint(1, 40)}")
        out.append(record)
        distinct.add((record.l2, names.fold(record.l3), record.project))  # what Library keeps apart
    return out


def naive_suggest(library: Library, context, l2, typed, limit=8):
    """Baseline: every keystroke filters all entries and sorts the matches by the same keys."""
    p = library._p
    query = names.fold(typed)
    project = names.project_key(context.name, library.shipped.name_noise)
    types = library.type_scores(context)
    keyed = []
    for i, e in enumerate(p.entries):
        if l2 and names.fold(e.l2) != names.fold(l2) and not ("成本" in e.l2 and "成本" in l2):
            continue
        if query and query not in p.search[i]:
            continue
        if e.origin == "own":
            like = names.project_likeness(project, p.project_keys[i])
            key = (0 if like >= 0.5 else 3, -like, -(e.year or 0))
        elif e.origin == "pack":
            key = (1 if types.get(e.type_id) else 4, -types.get(e.type_id, 0), 0)
        else:
            key = (2, 0, 0)
        keyed.append((key, i))
    keyed.sort()
    return keyed[:limit]


def keystrokes(docs) -> None:
    rng = random.Random(19)
    shipped = load_shipped()
    records = generated_records(docs, 20000 - len(shipped.entries), rng)
    started = time.perf_counter()
    library = Library(shipped, records)
    built = time.perf_counter() - started
    print(f"\n2. Keystroke lookup on a library of {len(library)} indicators (built in {built * 1000:.0f} ms)")
    targets = rng.sample([(c, l2, l3) for d in docs.values() for c, l2, l3 in rows_of(d)], 120)
    first, later, naive = [], [], []
    for n, (context, l2, l3) in enumerate(targets):
        context = dataclasses.replace(context, name=f"{context.name}{n}")  # a new row: nothing cached
        typed = names.fold(l3)
        for k in range(1, len(typed) + 1):
            t0 = time.perf_counter()
            library.suggest(context, l2, typed[:k], 8)
            (first if k == 1 else later).append((time.perf_counter() - t0) * 1000)
            if k <= 3:
                t0 = time.perf_counter()
                naive_suggest(library, context, l2, typed[:k])
                naive.append((time.perf_counter() - t0) * 1000)
    for label, times in (("first keystroke in a row", first), ("next keystrokes", later),
                         ("baseline: full scan and sort", naive)):
        print(f"  {label:<30} median {statistics.median(times):6.2f} ms   p95 {p95(times):6.2f} ms   "
              f"max {max(times):6.2f} ms   ({len(times)} calls)")
    print(f"  ratio next keystrokes / baseline (medians): {statistics.median(later) / statistics.median(naive):.3f}; "
          f"budget 10 ms per keystroke")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs = load_documents(Path(tmp))
        try:
            leave_one_out(docs)
            keystrokes(docs)
        finally:
            for doc in docs.values():
                doc.close()


if __name__ == "__main__":
    main()
