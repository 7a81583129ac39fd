"""BudgetDesk's window (PySide6). Only Qt concerns live here; the program is in core/."""
