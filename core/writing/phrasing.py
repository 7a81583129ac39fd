"""The phrasing language of a template's ``writing`` block (resources/templates/*.json,
docs/explanation.md): how one line of the 情况说明 is written from figures, and how a line an officer
already has is recognised as that line.

A line is pieces put one after the other; a piece is a text, or ``{"text": …, "without_last": …}``
whose second text is used where a change it states has no 上年数. In a text:

- ``{year}``, ``{last_year}``, ``{department}`` and, in a 科目 item, ``{n}``, ``{lei}``, ``{c1}``,
  ``{kuan}``, ``{c2}``, ``{xiang}``, ``{c3}``, ``{executed}``: what the context gives;
- ``{F}``: figure F (core/writing/sources.py FIGURES; ``amount`` in an item) as the template prints
  amounts; ``{F:change}``: ``增加2.35万元`` / ``减少…`` / the template's flat word; ``{F:direction}``:
  ``增加`` / ``减少``; ``{F:change_pct}``: ``增加5.26%`` (against the 上年数);
- ``{words:S}``: what only the officer knows (主要用于 …), ``待填写`` until given; ``{reason:F}``: the
  officer's reason for F's change (in an item: ``{reason:amount}``);
- ``[[ … ]]``: written only where its reason is given, or required (a change of the template's
  ``reason_threshold`` percent or more, or from nothing), and never for a change that is none.

Invariant: :func:`skeleton` of a line matches every text :func:`render` writes for it, whatever
the figures and words, and captures the words (so 重新生成 can keep them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_UP

from core.values import money

PLACEHOLDER = "待填写"  # what is asked for and not yet given (T-TEMPLATE reports it)
_TOKEN = re.compile(r"\{([a-z_0-9]+)(?::([a-z_0-9]+))?\}|\[\[|\]\]")
CONTEXT = ("year", "last_year", "department", "n", "lei", "c1", "kuan", "c2", "xiang", "c3", "executed")
_FIGURE_TEXT = r"\s*-?[\d,]+(?:\.\d+)?\s*"
_CHANGE_TEXT = r"[^，。；：\n]{1,24}?"


@dataclass(frozen=True)
class Quoted:
    """A figure as the text prints it: this year's (in 万元, rounded as printed) and last year's."""

    key: str
    value: Decimal
    text: str
    last: Decimal | None
    sources: tuple = ()


@dataclass
class Style:
    """How a template prints: amounts, percentages, the flat word, the reason threshold."""

    decimals: int = 2
    grouped: bool = False
    whole_bare: bool = False
    percent_decimals: int = 2
    flat: str = "持平"
    threshold: Decimal = Decimal(10)

    @classmethod
    def of(cls, writing: dict) -> "Style":
        amounts = writing.get("amounts", {})
        return cls(int(amounts.get("decimals", 2)), bool(amounts.get("grouped")), bool(amounts.get("whole_bare")),
                   int(writing.get("percent_decimals", 2)), writing.get("flat", "持平"),
                   Decimal(str(writing.get("reason_threshold", "10"))))

    def amount(self, value: Decimal) -> str:
        return money.quoted_text(value, self.decimals, self.grouped, self.whole_bare)

    def rounded(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.decimals), ROUND_HALF_UP)


@dataclass
class Context:
    values: dict[str, str]
    figures: dict[str, Quoted]
    words: dict[str, str]
    style: Style
    scope: str = ""  # an item's code: its words are ``purpose:<code>``, its reason ``reason:<code>``


@dataclass
class Rendered:
    text: str
    figures: list[Quoted] = field(default_factory=list)
    asked: list[tuple[str, bool]] = field(default_factory=list)  # (slot, required) not given
    used: dict[str, str] = field(default_factory=dict)           # the officer's words written


def change_of(q: Quoted) -> Decimal | None:
    return None if q.last is None else q.value - q.last


def percent_of(q: Quoted, style: Style) -> Decimal | None:
    diff = change_of(q)
    if diff is None or q.last == 0:
        return None
    return (abs(diff) * 100 / q.last).quantize(Decimal(1).scaleb(-style.percent_decimals), ROUND_HALF_UP)


def reason_required(q: Quoted, style: Style) -> bool:
    """A reason is required for a change of ``style.threshold`` percent or more, or from nothing."""
    diff = change_of(q)
    if not diff:
        return False
    if q.last == 0:
        return True
    return abs(diff) * 100 / abs(q.last) >= style.threshold


def slot_name(kind: str, name: str, ctx: Context) -> str:
    """Where the officer's words are kept: ``words:project_use``, ``reason:spending_project``; in an
    item ``purpose:2010301`` and ``reason:2010301``."""
    if ctx.scope and (kind == "purpose" or (kind == "reason" and name == "amount")):
        return f"{kind}:{ctx.scope}"
    return f"{kind}:{name}"


def _pieces(line) -> list:
    return line if isinstance(line, list) else [line]


def _needs_last(text: str) -> list[str]:
    """The figures whose 上年数 a text states (a change, or the item's 执行数)."""
    found = []
    for m in _TOKEN.finditer(text):
        if m.group(2) in ("change", "direction", "change_pct"):
            found.append(m.group(1))
        elif m.group(1) == "executed":
            found.append("amount")
    return found


def chosen_text(piece, ctx: Context) -> str:
    if isinstance(piece, str):
        return piece
    text = piece["text"]
    if any(ctx.figures.get(k) is None or ctx.figures[k].last is None for k in _needs_last(text)):
        return piece.get("without_last", "")
    return text


def missing_figures(line, ctx: Context) -> list[str]:
    """The figures a line needs that the tables do not give."""
    missing = []
    for piece in _pieces(line):
        for m in _TOKEN.finditer(chosen_text(piece, ctx)):
            name = m.group(1)
            if name and name not in CONTEXT and name not in ("words", "reason", "purpose") \
                    and ctx.figures.get(name) is None:
                missing.append(name)
    return missing


def render(line, ctx: Context) -> Rendered:
    """The text of a line (its figures all known: see :func:`missing_figures`)."""
    out = Rendered("")
    parts: list[str] = []
    for piece in _pieces(line):
        parts.append(_render_text(chosen_text(piece, ctx), ctx, out))
    out.text = "".join(parts)
    return out


def _segments(text: str) -> list[tuple[bool, str]]:
    """``text`` cut at its ``[[ … ]]``: (whether optional, the piece of text)."""
    found, at = [], 0
    for m in re.finditer(r"\[\[(.*?)\]\]", text, re.S):
        found += [(False, text[at:m.start()]), (True, m.group(1))]
        at = m.end()
    return found + [(False, text[at:])]


def _slots(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2) or "") for m in _TOKEN.finditer(text)
            if m.group(1) in ("words", "reason", "purpose")]


def _keep(segment: str, ctx: Context, out: Rendered) -> bool:
    """Whether an optional piece is written: each reason in it is of a change and given or
    required. A reason that may be given but is not is still asked for (not required)."""
    keep = True
    for kind, of in _slots(segment):
        slot = slot_name(kind, of, ctx)
        given = bool(ctx.words.get(slot))
        if kind == "reason":
            figure = ctx.figures.get(of)
            if figure is None or not change_of(figure):
                return False
            if not given and not reason_required(figure, ctx.style):
                out.asked.append((slot, False))
                keep = False
        elif not given:
            keep = False
    return keep


def _render_text(text: str, ctx: Context, out: Rendered) -> str:
    return "".join(_render_plain(segment, ctx, out) for optional, segment in _segments(text)
                   if not optional or _keep(segment, ctx, out))


def _render_plain(text: str, ctx: Context, out: Rendered) -> str:
    result, at = [], 0
    for m in _TOKEN.finditer(text):
        result.append(text[at:m.start()])
        at = m.end()
        name, mod = m.group(1), m.group(2)
        if name in ("words", "reason", "purpose"):
            slot = slot_name(name, mod or "", ctx)
            given = ctx.words.get(slot)
            if given:
                out.used[slot] = given
            else:
                out.asked.append((slot, True))
            result.append(given or PLACEHOLDER)
        elif name in CONTEXT:
            result.append(ctx.values.get(name, ""))
        elif mod is None:
            q = ctx.figures[name]
            result.append(q.text)
            out.figures.append(q)
        else:
            result.append(_change(ctx.figures[name], mod, ctx.style))
    result.append(text[at:])
    return "".join(result)


def _change(q: Quoted, mod: str, style: Style) -> str:
    diff = change_of(q) or Decimal(0)
    if diff == 0:
        return style.flat
    word = "增加" if diff > 0 else "减少"
    if mod == "direction":
        return word
    if mod == "change_pct":
        pct = percent_of(q, style)
        return f"{word}{pct}%" if pct is not None else f"{word}{style.amount(abs(diff))}万元"
    return f"{word}{style.amount(abs(diff))}万元"


def skeleton(line, ctx: Context) -> tuple[re.Pattern, dict[str, str]]:
    """A pattern matching the whole of every text :func:`render` writes for ``line`` in this context
    (figures, changes and years as any; names as they are), and which group holds which words."""
    groups: dict[str, str] = {}
    parts = []
    for piece in _pieces(line):
        texts = [piece] if isinstance(piece, str) else [piece["text"], piece.get("without_last", "")]
        alternatives = [_skeleton_text(t, ctx, groups) for t in texts]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")")
    return re.compile("".join(parts)), groups


def _skeleton_text(text: str, ctx: Context, groups: dict[str, str]) -> str:
    out = []
    at = 0
    for m in _TOKEN.finditer(text):
        out.append(re.escape(text[at:m.start()]))
        at = m.end()
        token = m.group(0)
        if token in ("[[", "]]"):
            out.append("(?:" if token == "[[" else ")?")
            continue
        name, mod = m.group(1), m.group(2)
        if name in ("words", "reason", "purpose"):
            group = f"s{len(groups)}"
            groups[group] = slot_name(name, mod or "", ctx)
            out.append(f"(?P<{group}>.+?)")
        elif name in ("year", "last_year"):
            out.append(r"\d{4}")
        elif name == "n":
            out.append(r"\d+")
        elif name == "executed":
            out.append(_FIGURE_TEXT)
        elif name in CONTEXT:
            out.append(re.escape(ctx.values.get(name, "")))
        elif mod is None:
            out.append(_FIGURE_TEXT)
        else:
            out.append(_CHANGE_TEXT)
    out.append(re.escape(text[at:]))
    return "".join(out)


def words_in(line_text: str, pattern: re.Pattern, groups: dict[str, str]) -> dict[str, str] | None:
    """The officer's words a line of the text holds where it is this line (None if it is not)."""
    m = pattern.fullmatch(line_text.strip())
    if m is None:
        return None
    words = {}
    for group, slot in groups.items():
        value = m.group(group)
        if value and value.strip() and value.strip() != PLACEHOLDER and slot not in words:
            words[slot] = value.strip()
    return words
