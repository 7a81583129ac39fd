"""An indicator table (a project's 绩效指标, the 批复表's 年度绩效指标) from rows: its columns are
where its header row puts the labels; 一级/二级指标 merged down over the rows they cover (or left
blank under a page break) are carried down; a row a page break cut in two is joined back.
"""

from __future__ import annotations

from core.reading.rows import Row, has, squeeze

PROJECT_COLUMNS = {"一级指标": "l1", "二级指标": "l2", "三级指标": "l3", "绩效指标描述": "description",
                   "指标描述": "description", "指标值": "value", "指标值确定依据": "basis", "依据": "basis"}
PROJECT_KEYS = ("l1", "l2", "l3", "description", "value", "basis")
MERGED_DOWN = ("l1", "l2")


def is_indicator_header(row: Row) -> bool:
    return has(row, "一级指标") and has(row, "三级指标")


class Header:
    """Where a table's columns are, by their header labels; on a page whose table has other grid
    columns (a PDF table continued without its header) they are matched by their left edges."""

    def __init__(self, row: Row, labels: dict[str, str] = PROJECT_COLUMNS):
        self.row = row
        self.keys: dict[str, int] = {}
        for j, cell in enumerate(row.cells):
            key = labels.get(squeeze(cell))
            if key and key not in self.keys:
                self.keys[key] = j
        self._by_table: dict = {}

    def columns(self, row: Row) -> dict[str, int]:
        if row.table == self.row.table or not row.xs or not self.row.xs or len(row.xs) == len(self.row.xs):
            return self.keys
        if row.table not in self._by_table:
            matched = self.match(self.row, row)
            self._by_table[row.table] = {key: matched.get(j, j) for key, j in self.keys.items()}
        return self._by_table[row.table]

    @staticmethod
    def match(head: Row, row: Row) -> dict[int, int]:
        """Column j of ``head``'s table → the column of ``row``'s table with the nearest left edge."""
        if not head.xs or not row.xs or head.table == row.table:
            return {}
        out = {}
        for j, x in enumerate(head.xs):
            if x is None:
                continue
            candidates = [(abs(x - y), k) for k, y in enumerate(row.xs) if y is not None]
            if candidates:
                out[j] = min(candidates)[1]
        return out


def indicator_row(records: list[dict], row: Row, columns: dict[str, int], previous: Row,
                  keys: tuple[str, ...] = PROJECT_KEYS, required: tuple[str, ...] = PROJECT_KEYS[2:]) -> None:
    """Add ``row`` to ``records`` — or, when it is the second half of a row the page break cut
    (no 一级/二级指标, and a ``required`` cell empty that the row before has), join it to that row."""
    record = {}
    for key in keys:
        j = columns.get(key)
        record[key] = row.cells[j] if j is not None and j < len(row.cells) else ""
    new_page = previous.table != row.table
    if records and new_page and not record["l1"] and not record["l2"] and any(
            not record[k] and records[-1][k] for k in required):
        last = records[-1]  # a row the page break cut in two: this is its second half
        for key, value in record.items():
            if value and key not in MERGED_DOWN:
                last[key] = (last[key] or "") + value
        return
    for key in MERGED_DOWN:
        if record[key] is None or (new_page and records and not record[key]):
            record[key] = records[-1][key] if records else None  # merged down (or across the break)
    if not any(record.values()):
        return
    records.append({k: (v.strip() or None) if isinstance(v, str) else v for k, v in record.items()})
