"""The 情况说明 quotes the tables' figures (``2024年预算收入4148.23万元``); each must agree with its
table. A figure is recognised by the words right before it, so change phrases (``减少2.35万元``)
are never mistaken for a total."""

from __future__ import annotations

import re

from core import forms, money
from core.budget_tables import amount_in_row
from core.validation import Finding, Location, difference_finding, reads

FORM = "部门预算信息公开情况说明"
_FIGURE = re.compile(r"(-?\d[\d,]*\.\d+)\s*万元")

# (words just before the figure, table, row label in the table's text columns, column label)
QUOTED = [
    (r"\d{4}年预算收入", "收入总表", "合计", "合计"),
    (r"\d{4}年支出预算", "支出总表", "合计", "合计"),
    (r"一般公共预算收入", "收入总表", "合计", "本年收入/财政拨款收入"),
    (r"上年结转(?:结余)?", "收入总表", "合计", "上年结转"),
    (r"基本支出", "支出总表", "合计", "基本支出"),
    (r"项目支出", "支出总表", "合计", "项目支出"),
    (r"人员经费", "一般公共预算财政拨款基本支出表", "合计", "一般公共预算基本支出/人员经费"),
    (r"(?:日常)?公用经费", "一般公共预算财政拨款基本支出表", "合计", "一般公共预算基本支出/公用经费"),
    (r"机关运行经费(?:共计)?(?:安排)?", "一般公共预算财政拨款基本支出表", "合计", "一般公共预算基本支出/公用经费"),
    (r"“三公”经费(?:预算)?(?:安排)?", "财政拨款三公经费支出表", "合计", "资金性质/合计"),
    (r"因公出国（境）费", "财政拨款三公经费支出表", "一、因公出国（境）费", "资金性质/合计"),
    (r"公务用车购置及运维费", "财政拨款三公经费支出表", "二、公务用车购置及运维费", "资金性质/合计"),
    (r"公务接待费", "财政拨款三公经费支出表", "三、公务接待费", "资金性质/合计"),
]


@reads(forms.EXPLANATION, forms.BUDGET_TABLE)
def quoted_figures(doc) -> list[Finding]:
    """E-QUOTED (错误 / 提示 for 尾差): every figure the 情况说明 quotes equals its table's."""
    explanation = doc.form(forms.EXPLANATION)
    if explanation is None:
        return []
    findings = []
    for i, section in enumerate(explanation.grids["sections"].records()):
        text = section["text"] or ""
        for match in _FIGURE.finditer(text):
            before = text[max(0, match.start() - 20):match.start()]
            quoted = money.read_amount(match.group(1))
            for words, table, row_label, column in QUOTED:
                if not re.search(f"(?:{words})(?:为|是)?$", before):
                    continue
                value = amount_in_row(doc.budget_table(table), row_label, column)
                if value is None or quoted is None:
                    break
                phrase = (before + match.group(0)).split("，")[-1].split("。")[-1].strip()
                finding = difference_finding(
                    "E-QUOTED", Location(FORM, None, i + 1, "内容", explanation.id),
                    f"情况说明「{section['title'] or ''}」中“{phrase}”", "说明中", quoted,
                    f"{table}「{column.rsplit('/', 1)[-1]}」", value,
                    "请修改说明中的数字，或核对表格。")
                if finding:
                    findings.append(finding)
                break
    return findings


CHECKS = [quoted_figures]
