"""Fixes from the library for findings a better indicator cures: what the panel's button
(替换为… / 添加… / 改为… / 移到… / 删除…) applies, as data.

``fixes_for(doc, finding)`` reads the finding's place and the project as it is now (not the
message's words) and proposes, for:

- Q-INDICATOR at a 三级指标 (满意度 filed as 效益): move the row to 满意度指标; or replace it with
  the library's best indicator of the row's 二级;
- Q-INDICATOR at a 指标值 (a vague value on a measurable name): the library indicator meaning the
  same, with its value form; else the best of the row's 二级;
- I-STRUCTURE at 一级指标 (no 产出 / 效益 / 满意度 / 成本): add the best library indicator of the
  missing kind (a total cost valued at the 预算数);
- Q-FILLER (生态效益 filler): replace it with the best 社会效益 indicator; or delete the row;
- P-COST (a cost that is no amount, or ignores the 预算数): set it to ≤ the 预算数 (a 控制率 name
  replaced by the library's total cost).

Each Fix's ``edit`` is one undo step; [] when the library has nothing better.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.document.edits import Edit
from core.document.frameworks import framework_of
from core.library import edits as library_edits
from core.library import names
from core.library.entries import place
from core.library.library import Library, Suggestion, context_of, current_library
from core.values.indicator_value import parse_indicator_value

FIXABLE_RULES = ("Q-INDICATOR", "I-STRUCTURE", "Q-FILLER", "P-COST")
SATISFACTION = "服务对象满意度指标"


@dataclass(frozen=True)
class Fix:
    """A proposal the panel shows as a button: ``label`` (``替换为「法律援助案件办结率」``), what it
    would do in a sentence (``detail``), and the edit it applies."""

    label: str
    edit: Edit
    detail: str = ""


def _present(form) -> frozenset[str]:
    return frozenset(names.fold(r["l3"]) for r in form.grids["indicators"].records() if r["l3"])


def _best(library: Library, context, form, l2: str, avoid=lambda s: False, count: int = 1) -> list[Suggestion]:
    out = [s for s in library.suggest(context, l2, "", limit=count + 6, exclude=_present(form)) if not avoid(s)]
    return out[:count]


def fixes_for(doc, finding, library: Library | None = None) -> list[Fix]:
    """The library fixes for ``finding`` in ``doc`` as it is now (see the module docstring)."""
    loc = finding.location
    if finding.rule not in FIXABLE_RULES or loc.form_id is None:
        return []
    try:
        form = doc.form_by_id(loc.form_id)
    except KeyError:
        return []
    if form.kind != "project":
        return []
    library = library or current_library()
    context = context_of(doc, form.id)
    grid = form.grids["indicators"]
    row = None if loc.row is None else loc.row - 1
    if row is not None and not 0 <= row < len(grid.rows):
        return []
    record = grid.records()[row] if row is not None else None
    if finding.rule == "Q-INDICATOR" and record and loc.field == "三级指标":
        return _satisfaction_as_benefit(doc, library, context, form, row, record)
    if finding.rule == "Q-INDICATOR" and record and loc.field == "指标值":
        return _vague_value(doc, library, context, form, row, record)
    if finding.rule == "I-STRUCTURE" and record is None and loc.field == "一级指标":
        return _missing(doc, library, context, form)
    if finding.rule == "Q-FILLER" and record:
        return _filler(doc, library, context, form, row, record)
    if finding.rule == "P-COST" and record:
        return _cost(doc, library, context, form, row, record)
    return []


def _replace(doc, form, row, s: Suggestion) -> Fix:
    return Fix(f"替换为「{s.l3}」", library_edits.replace_indicator(doc, form.id, row, s),
               f"{s.where_from}：{s.description}（指标值 {s.value}）")


def _satisfaction_as_benefit(doc, library, context, form, row, record) -> list[Fix]:
    if record["l1"] != "效益指标" or "满意" not in (record["l3"] or ""):
        return []
    fixes = []
    placed = place(framework_of(doc), SATISFACTION)
    if placed:
        fixes.append(Fix("移到满意度指标", library_edits.move_row_to(doc, form.id, row, *placed, "移到满意度指标"),
                         f"把「{record['l3']}」移到 {placed[0]} / {placed[1]} 下，指标值不变。"))
    fixes += [_replace(doc, form, row, s)
              for s in _best(library, context, form, record["l2"], lambda s: "满意" in s.l3)]
    return fixes


def _vague_value(doc, library, context, form, row, record) -> list[Fix]:
    if parse_indicator_value(record["value"]).kind != "text":
        return []
    candidates = library.suggest(context, record["l2"], "", limit=None)
    same = [s for s in candidates if names.same_meaning(s.l3, record["l3"])
            and parse_indicator_value(s.value.replace("__", "0")).kind == "quantity"]
    if not same:
        same = [s for s in _best(library, context, form, record["l2"], count=3)
                if parse_indicator_value(s.value.replace("__", "0")).kind == "quantity"][:1]
    return [_replace(doc, form, row, s) for s in same[:2]]


def _missing(doc, library, context, form) -> list[Fix]:
    framework = framework_of(doc)
    records = form.grids["indicators"].records()
    present = {r["l1"] for r in records}
    fixes = []
    wanted = [(l1, l2s[0] if l1 != "效益指标" else "社会效益指标") for l1, l2s in framework.levels.items()
              if l1 not in present and l1 != "成本指标"]
    if framework.cost_level and not any("成本" in (r[framework.cost_level] or "") for r in records):
        wanted.append(("成本", "成本指标"))
    for _, l2 in wanted:
        for s in _best(library, context, form, l2):
            fixes.append(Fix(f"添加「{s.l3}」", library_edits.insert_indicators(doc, form.id, [s]),
                             f"{s.where_from}：{s.description}（指标值 {s.value}）"))
    return fixes


def _filler(doc, library, context, form, row, record) -> list[Fix]:
    fixes = [_replace(doc, form, row, s) for s in _best(library, context, form, "社会效益指标")]
    fixes.append(Fix("删除该行", library_edits.delete_row(form.id, row, "删除生态效益指标"),
                     "项目没有生态效益时，不必保留这一行。"))
    return fixes


def _cost(doc, library, context, form, row, record) -> list[Fix]:
    if context.budget is None:
        return []
    from core.values import money

    value = f"≤{money.format_amount(context.budget)}{context.money_unit}"
    title = names.fold(record["l3"])
    if names.measure(title) == "总成本":
        if (record["value"] or "").strip() == value:
            return []
        return [Fix(f"改为「{value}」", library_edits.set_value(doc, form.id, row, value, f"成本改为{value}"),
                    f"总成本按本年预算数 {money.format_amount(context.budget)}{context.money_unit} 填写。")]
    return [_replace(doc, form, row, s) for s in _best(library, context, form, record["l2"] or "成本指标",
                                                       lambda s: names.measure(s.l3) != "总成本")]
