"""The registered checks, by family (see docs/rules.md). Order is the order findings are listed."""

from core.checks.rules import budget_arithmetic, explanation_figures, indicators, project_table, quality

RULES = [
    *budget_arithmetic.CHECKS,
    *explanation_figures.CHECKS,
    *project_table.CHECKS,
    *indicators.CHECKS,
    *quality.CHECKS,
]
