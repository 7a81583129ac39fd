"""BudgetDesk's program: the document model, its SQLite store, edits, import and export. No Qt here."""
