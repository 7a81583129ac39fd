"""The shipped library, ``resources/indicator_library/library.json``: common indicators and the
packs (司法行政), each row with its source. Read once, when first needed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.library.entries import COMMON, PACK, Entry

LIBRARY_FORMAT = "budgetdesk-indicator-library"


@dataclass(frozen=True)
class ProjectType:
    """A kind of project of a pack (``法律援助类``): the words a project name shows it by, and its
    usual indicators."""

    id: str
    name: str
    pack: str
    keywords: tuple[str, ...]
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    subjects: tuple[str, ...]          # 款 codes (20406 司法) the pack serves
    department_words: tuple[str, ...]  # words of a department name it serves (司法)
    types: tuple[ProjectType, ...]


@dataclass(frozen=True)
class Shipped:
    version: str
    sources: dict[str, str]
    common: tuple[Entry, ...]
    packs: tuple[Pack, ...]
    name_noise: tuple[str, ...]

    @property
    def types(self) -> tuple[ProjectType, ...]:
        return tuple(t for p in self.packs for t in p.types)

    def type(self, type_id: str) -> ProjectType:
        for t in self.types:
            if t.id == type_id:
                return t
        raise KeyError(type_id)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.common + tuple(e for t in self.types for e in t.entries)


def default_path() -> Path:
    from core.resources import resource_path

    return resource_path("indicator_library", "library.json")


@lru_cache(maxsize=4)
def load_shipped(path: Path | None = None) -> Shipped:
    """Read the library file; ValueError (English: a packaging fault, not the officer's) if it is
    not one."""
    data = json.loads(Path(path or default_path()).read_text(encoding="utf-8"))
    if data.get("format") != LIBRARY_FORMAT:
        raise ValueError(f"{path}: not an indicator library")
    columns = data["columns"]
    bases = data["bases"]
    sources = data["sources"]

    def entries(rows, origin, type_id=None, type_name=None) -> tuple[Entry, ...]:
        out = []
        for row in rows:
            if len(row) != len(columns):
                raise ValueError(f"row of {len(row)} cells, {len(columns)} expected: {row}")
            l2, l3, unit, direction, value, category, explanation, source, aliases = row
            if source not in sources:
                raise ValueError(f"row {l3!r} names an unknown source {source!r}")
            out.append(Entry(origin, l2, l3, unit, direction, value, bases.get(category, category), category,
                             explanation, source, tuple(a for a in aliases.split("|") if a) if aliases else (),
                             type_id, type_name))
        return tuple(out)

    packs = tuple(
        Pack(p["id"], p["name"], tuple(p.get("subjects", ())), tuple(p.get("department_words", ())),
             tuple(ProjectType(t["id"], t["name"], p["id"], tuple(t["keywords"]),
                               entries(t["rows"], PACK, t["id"], t["name"])) for t in p["types"]))
        for p in data["packs"])
    return Shipped(data["version"], sources, entries(data["common"]["rows"], COMMON), packs,
                   tuple(data.get("name_noise", ())))
