"""The registered checks, by family (see docs/rules.md). Order is the order findings are listed."""

from core.checks.rules import (budget_arithmetic, explanation_figures, generated_text, goal_figures, indicators,
                               project_table, quality, text_figures, wording)

RULES = [
    *budget_arithmetic.CHECKS,
    *explanation_figures.CHECKS,
    *text_figures.CHECKS,
    *wording.CHECKS,
    *generated_text.CHECKS,
    *project_table.CHECKS,
    *indicators.CHECKS,
    *goal_figures.CHECKS,
    *quality.CHECKS,
]
