"""The record of generated text, kept in the 情况说明's ``generated`` field (JSON text): for each
section written from the tables, by its title, the figures it printed, each with its printed text
and its sources (core/writing/sources.py: table, row, column and the amount the cell held).

``{"version": 1, "sections": {"<title>": {"figures": [{"key": "income_total", "text": "4148.23",
"sources": [{"kind": "cell", "table": "收入总表", "row": 0, "row_key": "合计", "column": "合计",
"value": "4148.23"}]}]}}}``

Invariant: a section is stale exactly when one of its recorded sources no longer holds its recorded
amount (:func:`stale`); writing a section again replaces its record, other sections' stay. A section
renamed or deleted by the officer is no longer followed.
"""

from __future__ import annotations

import json

from core.document import forms
from core.document import table_meaning as tm
from core.writing.sources import Source, changed

VERSION = 1


def read(form) -> dict:
    """The record held by an explanation form (empty if none, or unreadable)."""
    text = form.get("generated") if form is not None else None
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {"version": VERSION, "sections": {}}
    sections = data.get("sections") if isinstance(data, dict) else None
    return {"version": VERSION, "sections": sections if isinstance(sections, dict) else {}}


def of_section(section) -> dict:
    """A section's figures with their sources, and the officer's words it held (kept even where the
    text no longer shows them: a reason of a change while no 上年数 was known)."""
    return {"figures": [{"key": q.key, "text": q.text, "sources": [s.as_json() for s in q.sources]}
                        for q in section.figures], "words": section.words()}


def updated(doc, sections) -> str:
    """The record with these (proposed) sections' figures replacing what it held of them."""
    data = read(doc.form(forms.EXPLANATION))
    for section in sections:
        data["sections"][section.title] = of_section(section)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def stale(doc) -> list[tuple[int, str, list[tuple[Source, str | None]]]]:
    """(0-based row, title, [(source, what it holds now)]) of each section of the 情况说明 whose
    generated figures came from cells that hold something else now."""
    form = doc.form(forms.EXPLANATION)
    if form is None:
        return []
    by_title = tm.remembered("generated_sources", (form,), lambda: _sources_by_title(form))
    if not by_title:
        return []
    found = []
    for i, row in enumerate(form.grids["sections"].records()):
        sources = by_title.get(tm.plain(row["title"]))
        if not sources:
            continue
        differing = changed(doc, sources)
        if differing:
            found.append((i, row["title"], differing))
    return found


def _sources_by_title(form) -> dict[str, list[Source]]:
    """The recorded sources of each generated section, by its title (plain), each place once."""
    by_title = {}
    for title, entry in read(form)["sections"].items():
        recorded = {}
        for figure in (entry or {}).get("figures", []):
            for raw in figure.get("sources", []):
                source = Source.from_json(raw)
                recorded[(source.kind, source.table, source.row_key, source.row, source.column)] = source
        by_title[tm.plain(title)] = list(recorded.values())
    return by_title
