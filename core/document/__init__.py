"""The document and its parts: forms, grids, edits with undo, what tables and projects hold."""
