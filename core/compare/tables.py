"""A 公开表 this year beside last year's, read by meaning (core/document/table_meaning.py).

Rows are matched by 科目编码 where the table lists subjects, else by their label (numbering such
as ``一、`` left out, so a renumbered row still matches); the 合计 row by being the 合计 row. The
amount columns are matched by their header, else by their meaning (``合计``, ``基本支出`` …) where
last year's table has one column of it. A 收支总表 (or 财政拨款收支总表) is compared side by side: its
收入 and its 支出 are two comparisons.

Invariants: every figure is in this year's table's money unit (last year's converted exactly); a
row missing in a year that has the table counts as 0 there; without last year's table (or
column) last year is unknown (暂无上年数); rows and columns blank or 0 in both years are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.compare.figures import Figure
from core.document import table_meaning as tm
from core.values import money


@dataclass(frozen=True)
class ComparedRow:
    key: tuple               # what matched it: ("code", "2040601"), ("total",), ("label", "一般公共预算拨款收入", 0)
    code: str | None         # 科目编码 as one code
    label: str               # 科目名称, or the row's label as printed
    level: int               # 1 类, 2 款, 3 项; 0 for the 合计 row and rows by label
    figures: tuple[Figure, ...]  # one per compared column (TableComparison.columns)
    row: int | None          # this year's 0-based row; None: only last year's table has it
    only_last: bool = False  # the row is in last year's table only

    @property
    def shown_label(self) -> str:
        return f"{self.code} {self.label}".strip() if self.code else self.label


@dataclass(frozen=True)
class TableComparison:
    title: str                   # the table's title (a 收支总表 side: ``收支总表（收入）``)
    form_id: int                 # this year's table
    unit: str                    # the money unit of every figure
    columns: tuple[str, ...]     # this year's headers of the compared amount columns
    rows: tuple[ComparedRow, ...]
    has_last: bool               # last year's table was found

    @property
    def main_column(self) -> int:
        """The column the view shows first: the 合计 (or 总计/预算数) column, else the first."""
        for i, label in enumerate(self.columns):
            if tm.column_meaning(label) in (tm.TOTAL, tm.VALUE):
                return i
        return 0

    def figures_of(self, column: int) -> list[tuple[ComparedRow, Figure]]:
        return [(row, row.figures[column]) for row in self.rows]


def compare_table(doc, table, last) -> list[TableComparison]:
    """``table`` of ``doc`` beside the same table of ``last`` (a LastYearDocument, or None): by
    title, else by role. One comparison, or two for a table with 收入 and 支出 sides."""
    last_table = _last_table(table, last)
    unit = doc.money_unit_of(table)
    last_unit = last.money_unit_of(last_table) if last_table is not None else unit
    cols = tm.columns_of(table)
    last_cols = tm.columns_of(last_table) if last_table is not None else None
    income, spending = tm.summary_sides(table, cols)
    if income is not None:
        last_sides = tm.summary_sides(last_table, last_cols) if last_table is not None else (None, None)
        found = []
        for name, side, last_side in (("收入", income, last_sides[0]), ("支出", spending, last_sides[1])):
            if side is None:
                continue
            spans = (tuple(side.values), tuple(last_side.values) if last_side is not None else None)
            found.append(_compared(f"{table.get('title')}（{name}）", table, last_table if last_side else None,
                                   cols, last_cols, unit, last_unit, spans, label_col=(side.label_col,
                                   last_side.label_col if last_side is not None else None)))
        return [c for c in found if c.rows]
    compared = _compared(table.get("title") or "", table, last_table, cols, last_cols, unit, last_unit,
                         (None, None), label_col=(None, None))
    return [compared] if compared.rows else []


def _last_table(table, last):
    if last is None:
        return None
    same = last.budget_table(table.get("title"))
    if same is not None:
        return same
    role = tm.table_role(table.get("title"))
    if role is None:
        return None
    found = [t for t in last.budget_tables if tm.table_role(t.get("title")) == role]
    return found[0] if len(found) == 1 else None


def _matched_columns(cols, last_cols, this_span, last_span) -> list[tuple[int, int | None]]:
    """(this year's column, last year's or None) for each amount column of this year's span."""
    mine = [c for c in cols.amounts if this_span is None or c in this_span]
    if last_cols is None:
        return [(c, None) for c in mine]
    theirs = [c for c in last_cols.amounts if last_span is None or c in last_span]
    # a 收支总表 side: its own header level (收入/预算数 → 预算数) is what must agree
    depth = 1 if this_span is not None else 0
    by_path = {last_cols.paths[c][depth:]: c for c in theirs}
    pairs = []
    for c in mine:
        match = by_path.get(cols.paths[c][depth:])
        if match is None and cols.meanings[c] is not None:
            same = [x for x in theirs if last_cols.meanings[x] == cols.meanings[c]]
            match = same[0] if len(same) == 1 else None
        pairs.append((c, match))
    return pairs


def _row_keys(table, cols, label_col) -> list[tuple[tuple, str | None, str, int, list]]:
    """(key, code, label, level, cells) of each row of the table (of a side: its label column)."""
    rows = table.grids["rows"].rows
    if label_col is not None:  # a 收支总表 side: rows by their label
        return _labelled([(i, row.cells[label_col] or "", None, row.cells) for i, row in enumerate(rows)
                          if tm.plain(row.cells[label_col])])
    subjects = {s.index: s for s in tm.subject_rows(table, cols)}
    total = tm.total_row(table, cols)
    texts = [i for i, m in enumerate(cols.meanings) if m in tm.TEXT_MEANINGS and m not in (tm.INDEX, tm.CODE, tm.CODE_PART)]
    keyed, labelled = [], []
    for i, row in enumerate(rows):
        name = row.cells[cols.name] if cols.name is not None else None
        if i in subjects:
            s = subjects[i]
            keyed.append((i, ("code", s.code), s.code, (name or "").strip(), len(s.key), row.cells))
        elif i == total:
            keyed.append((i, ("total",), None, "合计", 0, row.cells))
        else:
            label = " ".join((row.cells[c] or "").strip() for c in texts if (row.cells[c] or "").strip())
            if label:
                labelled.append((i, label, None, row.cells))
    found = {i: (key, code, label, level, cells) for i, key, code, label, level, cells in keyed}
    for i, key, code, label, level, cells in _labelled(labelled, with_index=True):
        found[i] = (key, code, label, level, cells)
    return [found[i] for i in sorted(found)]


def _labelled(rows, with_index: bool = False):
    """Keys for rows by label: the label without its numbering, and its occurrence (a label may
    repeat: ``其中：…`` under two items)."""
    seen: dict[str, int] = {}
    out = []
    for i, label, code, cells in rows:
        bare = tm.plain(tm.bare_label(tm.plain(label)))
        n = seen.get(bare, 0)
        seen[bare] = n + 1
        key = ("total",) if bare in tm.TOTAL_ROW_LABELS and n == 0 else ("label", bare, n)
        item = (key, code, label.strip(), 0, cells)
        out.append((i, *item) if with_index else item)
    return out


def _amount(cells, col: int | None) -> Decimal | None:
    if col is None:
        return None
    return money.read_amount(cells[col] if col < len(cells) else None) or Decimal(0)


def _compared(title, table, last_table, cols, last_cols, unit, last_unit, spans, label_col) -> TableComparison:
    pairs = _matched_columns(cols, last_cols if last_table is not None else None, spans[0], spans[1])
    this_rows = _row_keys(table, cols, label_col[0])
    last_rows = _row_keys(last_table, last_cols, label_col[1]) if last_table is not None else []
    last_by_key = {key: (code, label, level, cells) for key, code, label, level, cells in last_rows}
    this_keys = {key for key, *_ in this_rows}

    def last_figure(cells, col):
        value = _amount(cells, col)
        return None if value is None else tm.convert(value, last_unit, unit)

    rows: list[ComparedRow] = []
    grid_rows = table.grids["rows"].rows
    index_of = {id(r.cells): i for i, r in enumerate(grid_rows)}
    for key, code, label, level, cells in this_rows:
        last = last_by_key.get(key)
        figures = []
        for col, last_col in pairs:
            if last_table is None or last_col is None:
                previous = None
            elif last is None:
                previous = Decimal(0)  # the table is there, the row is not: nothing budgeted
            else:
                previous = last_figure(last[3], last_col)
            figures.append(Figure(_amount(cells, col), previous))
        rows.append(ComparedRow(key, code, label, level, tuple(figures), index_of.get(id(cells))))
    # rows only last year's table has: after the row that preceded them there
    placed = {row.key: i for i, row in enumerate(rows)}
    inserts: dict[int, list[ComparedRow]] = {}
    previous_key = None
    for key, code, label, level, cells in last_rows:
        if key in this_keys:
            previous_key = key
            continue
        figures = tuple(Figure(None, last_figure(cells, last_col)) if last_col is not None else Figure(None, None)
                        for _, last_col in pairs)
        inserts.setdefault(placed.get(previous_key, -1), []).append(
            ComparedRow(key, code, label, level, figures, None, only_last=True))
    merged = list(inserts.get(-1, []))
    for i, row in enumerate(rows):
        merged.append(row)
        merged.extend(inserts.get(i, []))
    kept_cols = [k for k in range(len(pairs)) if any(not r.figures[k].is_empty for r in merged)]
    final = tuple(ComparedRow(r.key, r.code, r.label, r.level, tuple(r.figures[k] for k in kept_cols), r.row,
                              r.only_last)
                  for r in merged if any(not r.figures[k].is_empty for k in kept_cols))
    labels = tuple(cols.labels[pairs[k][0]] for k in kept_cols)
    if spans[0] is not None:  # a side: its own headers (预算数, 合计 …)
        labels = tuple(label.split("/", 1)[-1] for label in labels)
    return TableComparison(title, table.id, unit, labels, final, last_table is not None)
