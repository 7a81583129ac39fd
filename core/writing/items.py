"""The 科目 items of an 编制说明: the ones the tables give (one per 项 of the 财政拨款 tables), and what
a text already says of each — its 主要用于, its 主要原因是 and its 上年执行数 — in either way an item is
written: with codes (``1、一般公共服务支出（201类）…行政运行（01项）1,202.95万元。主要用于：…``, read by
core/checks/rules/text_figures.items_of) or by its path (``1. “一般公共服务支出-…-行政运行”科目1,202.95
万元，主要用于…``, E-QUOTED's pattern), the path's names turned to codes by the tables' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.checks.rules import explanation_figures as ef
from core.checks.rules import text_figures as tf
from core.document import table_meaning as tm
from core.writing import sources

_PURPOSE = re.compile(r"主要用于[：:]?\s*(.+?)(?:。|$)")
_REASON = re.compile(r"主要原因(?:是|为)[：:]?\s*(.+?)(?:。|$)")


@dataclass(frozen=True)
class Subject:
    """A 项 of the 财政拨款 tables: its code, its 类/款/项 names, its 合计 (万元) and where that is."""

    key: tuple[str, str, str]
    names: tuple[str, str, str]
    amount: Decimal
    sources: tuple


@dataclass(frozen=True)
class Said:
    """What a text says of one 科目: its 主要用于, 主要原因是 and 上年执行数 (万元), each None if not."""

    purpose: str | None
    reason: str | None
    executed: Decimal | None


def subjects(doc) -> list[Subject]:
    """The 项 with money of the 财政拨款 tables (一般公共预算, 政府性基金, 国有资本经营), in the tables'
    order; a code in several tables is added up (in 万元, exactly)."""
    amounts: dict[tuple, Decimal] = {}
    found: dict[tuple, list] = {}
    names = tf.Subjects(doc).names
    for table, cols, col in tm.subject_tables(doc, tm.FISCAL_SPENDING):
        unit = doc.money_unit_of(table)
        for row in tm.subject_rows(table, cols):
            if len(row.key) != 3:
                continue
            amounts[row.key] = amounts.get(row.key, Decimal(0)) + tm.convert(tm.amount(row.cells, col), unit, "万元")
            found.setdefault(row.key, []).append(sources.cell_source(doc, table, row.index, col))
    result = []
    for key, amount in amounts.items():
        if amount == 0:
            continue
        path = tuple(names.get(key[:k + 1], ("",))[0] for k in range(3))
        result.append(Subject(key, path, amount, tuple(found[key])))
    return result


def said(doc, text: str | None) -> dict[str, Said]:
    """What ``text`` says of each 科目 it has an item for, by code (``2010301``)."""
    if not text:
        return {}
    found: dict[str, Said] = {}
    paths = subject_paths(doc) if ef._SUBJECT.search(text) else {}
    for line in text.split("\n"):
        code = code_of(paths, line)
        if code is None or code in found:
            continue
        executed = None
        for item in tf.items_of(line):
            if item.executed is not None:
                executed = tm.convert(item.executed[1], item.executed[2], "万元")
        if executed is None and (m := tf._EXECUTED.search(line)):
            value = tf._read(m.group("x"))
            executed = tm.convert(value, m.group("unit"), "万元") if value is not None else None
        purpose = _PURPOSE.search(line)
        reason = _REASON.search(line)
        found[code] = Said(purpose.group(1).strip() if purpose else None,
                           reason.group(1).strip() if reason else None, executed)
    return found


def subject_paths(doc) -> dict:
    """Each code's (类名, 款名, 项名) as the tables print them (for :func:`code_of`)."""
    return tf.Subjects(doc).paths()


def code_of(paths: dict, line: str) -> str | None:
    """The 科目 code an item line is of: its codes, else its quoted path's names in the tables."""
    items = tf.items_of(line)
    if items and items[0].key and len(items[0].key) == 3:
        return "".join(items[0].key)
    m = ef._SUBJECT.search(line)
    if m is None:
        return None
    names = tuple(tf._name(n) for n in re.split(r"[-－—–]", m.group(1)))
    for key, path in paths.items():
        if len(key) == 3 and tuple(map(tf._name, path)) == names:
            return "".join(key)
    return None

