"""The version, product and company names, in one place: the window's title bar and 关于, the
Windows version resource (build.spec) and the error log all read them here."""

VERSION = "0.1.0"
PRODUCT = "BudgetDesk 部门预算绩效编报"
COMPANY = "BudgetDesk"
COPYRIGHT = "© 2026 BudgetDesk"
