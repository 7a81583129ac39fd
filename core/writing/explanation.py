"""The 情况说明 / 编制说明 written from the tables: :func:`propose` returns, for each section the
document's template writes (its ``writing`` block, core/writing/phrasing.py), the proposed text as
data — lines, each generated one with its figures (value, printed text, source cells) and what it
asks the officer — beside the section's current text. Nothing changes until :func:`write_edit`'s
edit is applied.

**How the officer's words are kept.** A line of the current text is recognised as the generated
line it was written as by that line's skeleton (its wording with figures, changes and years as
any: :func:`core.writing.phrasing.skeleton`), or, for a 科目 item, by the 科目 it names (its codes, or
its quoted path). From a recognised line the words it holds in the places only the officer fills
(主要用于, 主要原因是, …) are taken, and the line is written again with today's figures around them.
Every other line of the current text — one the officer wrote, or a generated line reworded beyond
recognition — is kept as it is, after the generated line it followed. Words given to :func:`propose`
come first, then the current text's; where neither has any, last year's text's words for the same
place (the same 科目) are offered and written for a 主要用于, never for a reason (last year's reason
was for last year's change). Where last year's figure is unknown the line says 暂无上年数 (the
template's ``without_last`` text) instead of a comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.document import forms
from core.document import table_meaning as tm
from core.templates import template_of
from core.writing import items, phrasing, sources
from core.writing.phrasing import Context, Quoted, Style

ITEM_KEY = "item:"
NO_LAST_YEAR = "暂无上年数"
# a comparison with last year in a text: 比上年增加, 同比减少, 与2023年相比减少, 较2023年预算增长
_COMPARISON = re.compile(r"(?:比上年|同比|上年|与\d{4}年(?:预算)?相比|较\d{4}年)[^。；]{0,20}?(?:增加|减少|增长|下降|持平|无增减)")


@dataclass(frozen=True)
class Ask:
    """Something only the officer knows: where it goes, whether the text needs it, and last year's
    wording for it (offered)."""

    slot: str            # words:project_use, reason:spending_project, purpose:2010301, reason:2010301
    label: str           # how the window names it: 「二、…」第 6 行 主要原因
    required: bool
    offered: str | None = None


@dataclass
class Sentence:
    """One generated line: its key (``line:5``, ``item:2010301``), text, figures and what it asks."""

    key: str
    text: str
    figures: list[Quoted] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    found: dict[str, str] = field(default_factory=dict)  # the officer's words the current text held


@dataclass
class Section:
    """A section as proposed: generated sentences and the officer's own lines (str), in order."""

    title: str
    lines: list = field(default_factory=list)
    current: str | None = None
    missing: list[str] = field(default_factory=list)  # what could not be written, and why

    @property
    def text(self) -> str:
        return "\n".join(line.text if isinstance(line, Sentence) else line for line in self.lines)

    @property
    def sentences(self) -> list[Sentence]:
        return [line for line in self.lines if isinstance(line, Sentence)]

    @property
    def figures(self) -> list[Quoted]:
        return [q for s in self.sentences for q in s.figures]

    @property
    def asks(self) -> list[Ask]:
        return [a for s in self.sentences for a in s.asks]

    kept: dict[str, str] = field(default_factory=dict)  # the officer's words, shown or not

    @property
    def changed(self) -> bool:
        return (self.current or "") != self.text

    @property
    def drops_comparison(self) -> bool:
        """Whether taking it would replace a comparison with last year the current text makes
        (``与2023年相比减少0.03万元``) by 暂无上年数, the document keeping no 上年数: the officer's
        figures may well be right, so the window does not tick it for them."""
        current = self.current or ""
        return NO_LAST_YEAR in self.text and NO_LAST_YEAR not in current and bool(_COMPARISON.search(current))

    def words(self) -> dict[str, str]:
        """The officer's words of the section: the current text's (written or not) and those used."""
        return dict(self.kept)


@dataclass
class Proposal:
    sections: list[Section]
    order: tuple[str, ...] = ()   # the template's section titles (where a new section goes)

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)


def _quoted(doc, last, key: str, style: Style) -> Quoted | None:
    found = sources.figure(doc, key)
    if found is None:
        return None
    value = style.rounded(tm.convert(found.value, found.unit, "万元")) if found.unit in ("元", "万元") \
        else found.value
    before = sources.figure(last, key) if last is not None else None
    last_value = None
    if before is not None:
        last_value = style.rounded(tm.convert(before.value, before.unit, "万元")) if before.unit in ("元", "万元") \
            else before.value
    text = style.amount(value) if found.unit in ("元", "万元") else str(int(value))
    return Quoted(key, value, text, last_value, found.sources)


def _current_sections(doc) -> dict[str, str | None]:
    form = doc.form(forms.EXPLANATION)
    if form is None:
        return {}
    return {tm.plain(r["title"]): r["text"] for r in form.grids["sections"].records() if r["title"]}


def _last_sections(last) -> dict[str, str | None]:
    form = last.form(forms.EXPLANATION) if last is not None and hasattr(last, "form") else None
    if form is None:
        return {}
    return {tm.plain(r["title"]): r["text"] for r in form.grids["sections"].records() if r["title"]}


def propose(doc, last=None, executed: dict | None = None, words: dict | None = None,
            titles=None) -> Proposal:
    """The sections the template writes, proposed from ``doc``'s tables. ``last``: last year's
    document (any object with the Document reading API), for the 比上年 figures and last year's
    wording; ``executed``: the 上年执行数 of 科目 items (code → Decimal 万元), else read from the
    current text; ``words``: the officer's words by slot (:class:`Ask`), first of all; ``titles``:
    only these sections. A template without a ``writing`` block proposes nothing."""
    writing = template_of(doc).writing or {}
    style = Style.of(writing)
    year = doc.year or 0
    base = {"year": str(year), "last_year": str(year - 1), "department": doc.department or ""}
    current = _current_sections(doc)
    before = _last_sections(last)
    from core.writing import record

    kept = {tm.plain(t): v.get("words", {}) for t, v in
            record.read(doc.form(forms.EXPLANATION)).get("sections", {}).items()}
    order = tuple(t.replace("{year}", str(year)) for t in template_of(doc).explanation_sections)
    proposal = Proposal([], order)
    executed = {k: Decimal(v) for k, v in (executed or {}).items()}
    for spec in writing.get("sections", []):
        title = spec["title"].replace("{year}", str(year))
        if titles is not None and title not in titles:
            continue
        last_title = spec["title"].replace("{year}", str(year - 1))
        proposal.sections.append(_section(doc, last, title, spec["lines"], current.get(tm.plain(title)),
                                          before.get(tm.plain(last_title)) or before.get(tm.plain(title)),
                                          base, style, executed, dict(words or {}),
                                          kept.get(tm.plain(title), {})))
    return proposal


def _section(doc, last, title, lines, current, last_text, base, style, executed, given, kept) -> Section:
    section = Section(title, current=current)
    figures: dict[str, Quoted | None] = {}

    def figure(key):
        if key not in figures:
            figures[key] = _quoted(doc, last, key, style) if key in sources.FIGURES else None
        return figures[key]

    expanded = []  # (key, line, context)
    for k, line in enumerate(lines):
        if isinstance(line, dict) and line.get("items") == "subjects":
            expanded += _item_lines(doc, line["pieces"], base, style, executed, current, last, title, section)
            continue
        pieces = line
        if isinstance(line, dict) and "if_zero" in line:
            zero = figure(line["if_zero"])
            pieces = line["zero_text"] if zero is not None and zero.value == 0 else line["text"]
        ctx = Context(dict(base), {}, {}, style)
        for name in _names(pieces):
            ctx.figures[name] = figure(name)
        expanded.append((f"line:{k}", pieces, ctx))
    current_lines = (current or "").split("\n") if current else []
    last_lines = (last_text or "").split("\n") if last_text else []
    said_now = items.said(doc, current)
    said_before = items.said(last, last_text) if last is not None and last_text else {}
    paths = items.subject_paths(doc) if any(k.startswith(ITEM_KEY) for k, _, _ in expanded) else {}
    matched: dict[int, int] = {}  # current line → expanded index
    rendered: list[Sentence | None] = []
    for index, (key, pieces, ctx) in enumerate(expanded):
        missing = phrasing.missing_figures(pieces, ctx)
        if missing:
            named = "、".join(dict.fromkeys(sources.LABELS.get(n, n) for n in missing))
            section.missing.append(f"「{title}」有一句需要{named}，表中没有，这一句未生成（原有的文字保留）。")
            rendered.append(None)
            continue
        pattern, groups = phrasing.skeleton(pieces, ctx)
        found_words: dict[str, str] = {}
        for i, text in enumerate(current_lines):
            if i in matched:
                continue
            got = phrasing.words_in(text, pattern, groups)
            if got is not None:
                matched[i] = index
                found_words = got
                break
        else:
            if key.startswith(ITEM_KEY):
                code = key[len(ITEM_KEY):]
                for i, text in enumerate(current_lines):
                    if i not in matched and items.code_of(paths, text) == code:
                        matched[i] = index
                        s = said_now.get(code)
                        found_words = {k: v for k, v in (("purpose:" + code, s and s.purpose),
                                                         ("reason:" + code, s and s.reason)) if v}
                        break
        offered: dict[str, str] = {}
        for text in last_lines:
            got = phrasing.words_in(text, pattern, groups)
            if got:
                offered.update({k: v for k, v in got.items() if not k.startswith("reason:")})
                break
        if key.startswith(ITEM_KEY):
            code = key[len(ITEM_KEY):]
            if said_before.get(code) and said_before[code].purpose:
                offered.setdefault("purpose:" + code, said_before[code].purpose)
        words = {**offered, **{k: v for k, v in kept.items() if k.startswith(("reason:", "purpose:", "words:"))},
                 **found_words,
                 **{k: v for k, v in given.items() if v}}
        ctx.words = words
        out = phrasing.render(pieces, ctx)
        asks = [Ask(slot, _ask_label(title, slot, ctx), required, offered.get(slot))
                for slot, required in dict.fromkeys(out.asked)]
        asks += [Ask(slot, _ask_label(title, slot, ctx), False, value) for slot, value in offered.items()
                 if slot in out.used and slot not in found_words and slot not in given]
        rendered.append(Sentence(key, out.text, out.figures, asks, out.used, found_words))
    section.lines = _merged(current_lines, matched, rendered)
    section.kept = {k: v for k, v in kept.items() if k.startswith(("reason:", "purpose:", "words:"))}
    for sentence in rendered:
        if sentence is not None:
            section.kept.update(sentence.found)
            section.kept.update(sentence.words)
    return section


def _names(pieces) -> list[str]:
    found = []
    for piece in pieces if isinstance(pieces, list) else [pieces]:
        texts = [piece] if isinstance(piece, str) else [piece.get("text", ""), piece.get("without_last", "")]
        for text in texts:
            for m in phrasing._TOKEN.finditer(text):
                name = m.group(1)
                if name and name not in phrasing.CONTEXT and name not in ("words", "reason", "purpose"):
                    found.append(name)
    return list(dict.fromkeys(found))


def _item_lines(doc, pieces, base, style, executed, current, last, title, section):
    """One line per 科目 (项) of the 财政拨款 tables, numbered, with its own context."""
    said_now = items.said(doc, current)
    found = []
    for n, subject in enumerate(items.subjects(doc), 1):
        code = "".join(subject.key)
        x = executed.get(code)
        if x is None and said_now.get(code) is not None:
            x = said_now[code].executed
        value = style.rounded(subject.amount)
        x = style.rounded(x) if x is not None else None
        values = {**base, "n": str(n), "lei": subject.names[0], "c1": subject.key[0], "kuan": subject.names[1],
                  "c2": subject.key[1], "xiang": subject.names[2], "c3": subject.key[2],
                  "executed": style.amount(x) if x is not None else ""}
        quoted = Quoted(ITEM_KEY + code, value, style.amount(value), x, subject.sources)
        found.append((ITEM_KEY + code, pieces, Context(values, {"amount": quoted}, {}, style, scope=code)))
    return found


_SLOT_NAMES = {"purpose": "主要用于", "reason": "主要原因", "words": "说明"}


def _ask_label(title: str, slot: str, ctx: Context) -> str:
    kind, _, of = slot.partition(":")
    if ctx.scope:
        return f"「{title}」{ctx.values.get('c1', '')}{ctx.values.get('c2', '')}{ctx.values.get('c3', '')} " \
               f"{ctx.values.get('xiang', '')}：{_SLOT_NAMES.get(kind, kind)}"
    what = sources.LABELS.get(of, of)
    return f"「{title}」{what}：{_SLOT_NAMES.get(kind, kind)}"


def _merged(current_lines: list[str], matched: dict[int, int], rendered: list) -> list:
    """The generated lines in template order, each of the current text's other lines after the
    generated line it followed (before the first, those that came before any)."""
    after: dict[int, list[str]] = {}
    anchor = -1
    for i, text in enumerate(current_lines):
        if i in matched:
            anchor = matched[i]
            continue
        after.setdefault(anchor, []).append(text)
    merged: list = list(after.get(-1, []))
    for index, sentence in enumerate(rendered):
        if sentence is not None and sentence.text:
            merged.append(sentence)
        merged.extend(after.get(index, []))
    while merged and isinstance(merged[-1], str) and not merged[-1].strip():
        merged.pop()
    return merged


def write_edit(doc, proposal: Proposal, titles=None):
    """The edit (one undo step) writing the proposed sections (``titles``: only these) and the
    record of their figures' sources (core/writing/record.py) into the 情况说明."""
    from core.document.edits import WriteSections
    from core.writing import record

    chosen = [s for s in proposal.sections if titles is None or s.title in titles]
    return WriteSections(tuple((s.title, s.text) for s in chosen), record.updated(doc, chosen), proposal.order)
