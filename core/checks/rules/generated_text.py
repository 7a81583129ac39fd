"""Text written from the tables (core/writing/) that the tables no longer agree with (issue 18).

- T-STALE (提示): a section of the 情况说明 generated from the tables (情况说明 → 根据表格生成…, or
  ``main.py explain --write``) one of whose figures came from a cell that holds another amount now
  (or is gone): 重新生成 writes the new figures and keeps the officer's words. Located on the section.
"""

from __future__ import annotations

from core.checks.validation import INFO, Finding, Location, reads
from core.document import forms

FORM = "部门预算信息公开情况说明"
SHOWN = 3  # changed cells named in one message; more are counted


@reads(forms.EXPLANATION, forms.BUDGET_TABLE, forms.PROJECT)
def stale_sections(doc) -> list[Finding]:
    """T-STALE (提示): a generated section whose source cells changed since it was written."""
    from core.writing.record import stale

    explanation = doc.form(forms.EXPLANATION)
    if explanation is None or not explanation.get("generated"):
        return []
    findings = []
    for i, title, differing in stale(doc):
        said = [f"{source.named} {source.value} → {now if now is not None else '已删除'}"
                for source, now in differing[:SHOWN]]
        more = f"等 {len(differing)} 处" if len(differing) > SHOWN else ""
        findings.append(Finding("T-STALE", INFO, Location(FORM, None, i + 1, "内容", explanation.id),
                                f"已过期: 表格已改，请重新生成。情况说明「{title}」中的数字来自的单元格已改动"
                                f"（{'；'.join(said)}{more}）：请用 情况说明 → 根据表格生成… 的“重新生成”"
                                "更新数字（您写的主要用途、原因等文字会保留）。"))
    return findings


CHECKS = [stale_sections]
