"""The forms a document holds, and the fields and columns of each.

A form is named fields plus zero or more grids (ordered rows under fixed columns). This module is
the single description of them: the store persists by it, the JSON format maps by it, the window
will lay out and validate input by it. Keys are English; labels are the printed Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.values import cell_input as kinds

DOCUMENT = "document"
OVERALL = "overall"
EXPLANATION = "explanation"
BUDGET_TABLE = "budget_table"
PROJECT = "project"
APPROVAL = "approval"
CHECK_NOTES = "check_notes"

MONEY_UNITS = ("万元", "元")
INDICATOR_NATURES = ("=", "≥", "≤", "定性")
PLAN_POINTS = ("3月底", "6月底", "10月底", "12月底")


@dataclass(frozen=True)
class Field:
    """One named value of a form or column of a grid: its key, printed label and input kind."""

    key: str
    label: str
    kind: str = kinds.TEXT
    options: tuple[str, ...] = ()

    def read(self, text: str | None, context: kinds.InputContext = kinds.DEFAULT_CONTEXT) -> kinds.Entry:
        """Officer input → what is stored, and whether an amount was rounded; raises InputError
        with a Chinese message. ``context``: :func:`core.document.edits.input_context` of the form (the
        default is a 万元 document writing its plans in %)."""
        return kinds.read_input(self.kind, text, self.options, context)

    def normalize(self, text: str | None, context: kinds.InputContext = kinds.DEFAULT_CONTEXT) -> str | None:
        """Officer input → stored text; raises InputError with a Chinese message (see :meth:`read`)."""
        return self.read(text, context).stored


@dataclass(frozen=True)
class FormSpec:
    """What one kind of form holds. ``grids`` maps a grid name to its columns; a budget
    table's columns are not fixed here but stored with each table (``columns`` field)."""

    kind: str
    label: str
    fields: tuple[Field, ...]
    grids: dict[str, tuple[Field, ...]]
    singleton: bool = True

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"{self.kind} has no field {key!r}")


INDICATOR_COLUMNS = (
    Field("l1", "一级指标"),
    Field("l2", "二级指标"),
    Field("l3", "三级指标"),
    Field("description", "绩效指标描述"),
    Field("value", "指标值", kinds.INDICATOR_VALUE),
    Field("basis", "指标值确定依据"),
    # 上年数: last year's 指标值, filled when a year is started from last year's document; not
    # printed in the official table (kept last, so a pasted 6-column block from Excel lands as before)
    Field("last_value", "上年指标值", kinds.INDICATOR_VALUE),
)

# 上年数: kept for the officer and for validation, never printed in the official tables
LAST_YEAR_KEYS = ("last_budget", "last_value")
PRINTED_INDICATOR_COLUMNS = tuple(c for c in INDICATOR_COLUMNS if c.key not in LAST_YEAR_KEYS)

APPROVAL_INDICATOR_COLUMNS = (
    Field("l1", "一级指标"),
    Field("l2", "二级指标"),
    Field("l3", "三级指标"),
    Field("nature", "指标性质", kinds.CHOICE, INDICATOR_NATURES),
    Field("value", "指标值", kinds.INDICATOR_VALUE),
    Field("unit", "度量单位"),
    Field("weight", "权重", kinds.NUMBER),
)

FUND_PARTS = (("total", "合计"), ("fiscal", "财政拨款"), ("special", "专户资金"), ("own", "单位资金"))

SPECS: dict[str, FormSpec] = {
    DOCUMENT: FormSpec(
        DOCUMENT,
        "文档",
        (
            Field("department", "预算单位"),
            Field("department_code", "单位编码", kinds.CODE),
            Field("year", "预算年度", kinds.YEAR),
            Field("money_unit", "金额单位", kinds.CHOICE, MONEY_UNITS),
            Field("framework", "指标体系"),
            Field("template", "公开表模板"),
        ),
        {},
    ),
    OVERALL: FormSpec(
        OVERALL,
        "部门整体绩效目标",
        (Field("summary", "总体绩效目标"),),
        {
            "items": (Field("title", "分项"), Field("goal", "绩效目标"), Field("indicators", "绩效指标")),
            "measures": (Field("title", "标题"), Field("text", "内容")),
        },
    ),
    EXPLANATION: FormSpec(
        EXPLANATION,
        "部门预算信息公开情况说明",
        # where the figures of generated text came from (core/writing/record.py): JSON, not printed, not shown
        (Field("generated", "生成记录", kinds.RECORD),),
        {"sections": (Field("title", "标题"), Field("text", "内容"))},
    ),
    BUDGET_TABLE: FormSpec(
        BUDGET_TABLE,
        "部门预算公开表",
        (Field("title", "表名"), Field("unit", "单位"), Field("columns", "表头"), Field("note", "注"),
         Field("money_unit", "金额单位", kinds.CHOICE, MONEY_UNITS),  # a table's own (上海 三公: 万元)
         # 上年数 (core/document/last_year.py): last year's headers, rows and money unit as JSON text,
         # kept when the year was started from last year's file; not printed, not checked, not shown
         Field("last_columns", "上年表头", kinds.RECORD), Field("last_rows", "上年数", kinds.RECORD),
         Field("last_money_unit", "上年金额单位", kinds.RECORD)),
        {"rows": ()},
        singleton=False,
    ),
    PROJECT: FormSpec(
        PROJECT,
        "项目支出绩效目标表",
        (
            Field("code", "项目编码", kinds.CODE),
            Field("name", "项目名称"),
            Field("unit", "单位"),
            Field("budget", "预算数", kinds.AMOUNT),
            Field("fiscal", "其中：财政资金", kinds.AMOUNT),
            Field("other", "其他资金", kinds.AMOUNT),
            Field("last_budget", "上年预算数", kinds.AMOUNT),  # 上年数, not printed
            Field("purpose", "资金用途"),
            *(Field("plan_" + p.removesuffix("月底"), p, kinds.PLAN) for p in PLAN_POINTS),
            Field("goal", "绩效目标"),
        ),
        {"indicators": INDICATOR_COLUMNS},
        singleton=False,
    ),
    APPROVAL: FormSpec(
        APPROVAL,
        "部门（单位）整体支出绩效目标批复表",
        (
            Field("year", "预算年度", kinds.YEAR),
            Field("unit", "单位"),
            Field("money_unit", "金额单位", kinds.CHOICE, MONEY_UNITS),
            Field("funds_total", "预算支出总额", kinds.AMOUNT),
            *(
                Field(f"{part}_{key}", f"{part_label}{label}", kinds.AMOUNT)
                for part, part_label in (("basic", "基本支出"), ("project", "项目支出"))
                for key, label in FUND_PARTS
            ),
            Field("overall_goal", "整体绩效目标"),
            Field("other", "其他说明"),
        ),
        {
            "tasks": (Field("name", "任务名称"), Field("content", "主要内容")),
            "indicators": APPROVAL_INDICATOR_COLUMNS,
        },
    ),
}

SPECS[CHECK_NOTES] = FormSpec(
    CHECK_NOTES,
    "出错说明",
    (),
    {"notes": (Field("key", "检查项"), Field("text", "说明"))},
)

# The order forms appear in a document (and in print): by kind, then by position within a kind.
KIND_ORDER = (DOCUMENT, OVERALL, EXPLANATION, BUDGET_TABLE, PROJECT, APPROVAL, CHECK_NOTES)


def plan_field_key(point: str) -> str:
    """``"3月底"`` → ``"plan_3"``."""
    return "plan_" + point.removesuffix("月底")
