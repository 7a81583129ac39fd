"""The batch review tabulated with pandas: the frames of the four sheets of the 审核汇总 workbook.

- 汇总: one row per file (a file that could not be read too, with its reason);
- 按规则: each rule with the documents and findings it has, and an example;
- 明细: every finding, with its file and 单位 (a join of the findings with the summary);
- 对比: where one 单位 has documents of two years in the folder, its totals side by side (the
  summary melted to one figure per row and pivoted by year).

Invariants: amounts are exact Decimal objects in columns of dtype object from the records to the
frames and out of them (never float64: no arithmetic here goes through NumPy's floats; a difference
is Decimal − Decimal on objects); counts are integers. This module is the one place pandas is imported
for the batch review, and only the batch review imports it (see core/batch/__init__.py).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from core.batch.figures import AMOUNTS, FIGURE_UNIT
from core.batch.review import BatchReview

STATUS_OK, STATUS_FAILED = "已审核", "未能读取"
TOP_RULES = 3
_SEVERITY_ORDER = {"错误": 0, "警告": 1, "提示": 2}

# Each sheet's columns: (the frame's column, the printed header)
SUMMARY_COLUMNS = (
    ("file", "文件"), ("kind", "格式"), ("status", "状态"), ("department", "单位"), ("department_code", "单位编码"),
    ("year", "年度"), ("template_name", "公开表模板"), ("money_unit", "金额单位"),
    *((key, f"{label}（{FIGURE_UNIT}）") for key, label in AMOUNTS[:4]),
    ("projects", "项目数"),
    *((key, f"{label}（{FIGURE_UNIT}）") for key, label in AMOUNTS[4:]),
    ("errors", "错误"), ("warnings", "警告"), ("infos", "提示"), ("top_rules", "最常见的问题（规则：项数）"),
    ("remark", "说明"),
)
RULE_COLUMNS = (
    ("rule", "规则"), ("severity_label", "严重程度"), ("category", "审核意见"), ("documents", "文档数"),
    ("findings", "问题数"), ("example_file", "示例文件"), ("example_place", "示例位置"), ("example", "示例"),
)
DETAIL_COLUMNS = (
    ("file", "文件"), ("department", "单位"), ("year", "年度"), ("severity_label", "严重程度"), ("rule", "规则"),
    ("form", "表"), ("project", "项目"), ("row", "行"), ("field", "栏目"), ("message", "问题"),
    ("category", "审核意见"),
)
COMPARISON_COLUMNS = (
    ("department", "单位"), ("figure", "项目"), ("last_year", "上年年度"), ("last", "上年数"),
    ("this_year", "本年年度"), ("this", "本年数"), ("change", "增减额"), ("ratio", "增减%"),
)
AMOUNT_KEYS = frozenset(key for key, _ in AMOUNTS) | {"last", "this", "change"}
COMPARED = (*AMOUNTS[:4], ("projects", "项目数"), *AMOUNTS[4:])


def _frame(rows: list[dict], columns) -> pd.DataFrame:
    """A frame of ``rows`` with exactly ``columns``' keys, every column of dtype object (Decimal
    amounts, ints and texts kept as the Python objects they are)."""
    keys = [key for key, _ in columns]
    return pd.DataFrame([[_kept(row.get(k)) for k in keys] for row in rows], columns=keys, dtype=object)


def _kept(value):
    """A value as a frame holds it: pandas' missing markers (NaN, NA) as None, NumPy integers as int;
    a float that is a number is a bug (money is never float) and raises TypeError."""
    if isinstance(value, float):
        if value != value:
            return None
        raise TypeError(f"a float reached the batch review's tables: {value!r}")
    if value is pd.NA:
        return None
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        return _kept(value.item())
    return value


def findings_frame(batch: BatchReview) -> pd.DataFrame:
    """Every finding of every file read, with the file's name, 单位 and 年度 (明细)."""
    rows = [{**f, "file": r.name} for r in batch.reviews if r.ok for f in r.findings]
    found = _frame(rows, (("file", ""), *((k, "") for k, _ in DETAIL_COLUMNS if k != "file")))
    files = _frame([{"file": r.name, **r.summary} for r in batch.reviews if r.ok],
                   (("file", ""), ("department", ""), ("year", "")))
    joined = found.drop(columns=["department", "year"]).merge(files, on="file", how="left")
    return _frame(joined.to_dict("records"), DETAIL_COLUMNS)


def top_rules(findings: pd.DataFrame) -> pd.Series:
    """Per file, its :data:`TOP_RULES` most frequent rules (``I-VALUE：58、Q-PLACEHOLDER：23``)."""
    if findings.empty:
        return pd.Series(dtype=object)
    counted = findings.groupby(["file", "rule"]).size().reset_index(name="n")
    counted = counted.sort_values(["file", "n", "rule"], ascending=[True, False, True])
    counted = counted.groupby("file").head(TOP_RULES)
    counted["text"] = counted["rule"] + "：" + counted["n"].astype(int).astype(str)
    return counted.groupby("file")["text"].agg("、".join)


def summary_frame(batch: BatchReview, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """汇总: one row per file, in file order."""
    findings = findings_frame(batch) if findings is None else findings
    rows = []
    for r in batch.reviews:
        row = {"file": r.name, "kind": r.kind, "status": STATUS_OK if r.ok else STATUS_FAILED, **r.summary,
               "remark": r.reason if not r.ok else "；".join(r.notes) or None}
        rows.append(row)
    tops = top_rules(findings)
    for row in rows:
        row["top_rules"] = tops.get(row["file"])
    return _frame(rows, SUMMARY_COLUMNS)


def rules_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """按规则: each (rule, severity) with the documents and findings it has and its first finding as
    the example; 错误 first, then by the number of findings."""
    if findings.empty:
        return _frame([], RULE_COLUMNS)
    grouped = findings.groupby(["rule", "severity_label"], sort=False)
    table = grouped.agg(documents=("file", "nunique"), findings=("message", "size"),
                        example_file=("file", "first"), example=("message", "first"),
                        category=("category", lambda c: "、".join(dict.fromkeys(x for x in c if x)) or None))
    first = findings.drop_duplicates(["rule", "severity_label"]).set_index(["rule", "severity_label"])
    table["example_place"] = [_place(first.loc[key]) for key in table.index]
    table = table.reset_index()
    table["order"] = table["severity_label"].map(_SEVERITY_ORDER)
    table = table.sort_values(["order", "findings", "rule"], ascending=[True, False, True])
    return _frame(table.to_dict("records"), RULE_COLUMNS)


def _place(finding) -> str:
    parts = [finding["form"], finding["project"], f"第{finding['row']}行" if _present(finding["row"]) else None,
             finding["field"]]
    return " ".join(str(p) for p in parts if _present(p))


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


def comparison_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """对比: for each 单位 with documents of two (or more) years, each figure of each year beside the
    year before it in the folder, with the change (Decimal) and its ratio."""
    read = summary[summary["status"] == STATUS_OK]
    read = read[read["year"].map(_present) & read["department"].map(bool)]
    if read.empty:
        return _frame([], COMPARISON_COLUMNS)
    keys = [key for key, _ in COMPARED]
    long = read.melt(id_vars=["department", "year"], value_vars=keys, var_name="figure", value_name="value")
    long = long.drop_duplicates(["department", "year", "figure"])  # two files of one year: the first
    wide = long.pivot(index=["department", "figure"], columns="year", values="value")
    labels = dict(COMPARED)
    rows = []
    for department in dict.fromkeys(read.sort_values(["department"])["department"]):
        years = sorted(int(y) for y in read.loc[read["department"] == department, "year"].unique())
        for last_year, this_year in zip(years, years[1:]):
            for key in keys:
                last, this = wide.at[(department, key), last_year], wide.at[(department, key), this_year]
                last, this = (v if _present(v) else None for v in (last, this))
                if last is None and this is None:
                    continue
                rows.append({"department": department, "figure": labels[key], "last_year": last_year, "last": last,
                             "this_year": this_year, "this": this, **_change(last, this)})
    return _frame(rows, COMPARISON_COLUMNS)


def _change(last, this) -> dict:
    if last is None or this is None:
        return {"change": None, "ratio": None}
    change = Decimal(this) - Decimal(last)
    ratio = (change / Decimal(last)).quantize(Decimal("0.0001")) if last else None
    return {"change": change if isinstance(last, Decimal) or isinstance(this, Decimal) else int(change),
            "ratio": ratio}


def sheets(batch: BatchReview) -> dict[str, tuple[pd.DataFrame, tuple]]:
    """The workbook's sheets in order: name → (frame, its (column, header) pairs)."""
    findings = findings_frame(batch)
    summary = summary_frame(batch, findings)
    return {
        "汇总": (summary, SUMMARY_COLUMNS),
        "按规则": (rules_frame(findings), RULE_COLUMNS),
        "明细": (findings, DETAIL_COLUMNS),
        "对比": (comparison_frame(summary), COMPARISON_COLUMNS),
    }
