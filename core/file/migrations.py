"""The file's schema, its versions, and the steps that bring an older file forward.

Version history (``PRAGMA user_version``):
1. First release: forms, fields, grid rows. A project's 资金支出计划 was one JSON field ``plan``;
   the document form had no ``framework`` (indicator framework) field.
2. The spending plan is four fields (``plan_3`` … ``plan_12``) so each point is a cell of its own;
   the document records its indicator framework.
3. The document records its 公开表 template (core/templates.py); every file from before had 河北's.

A migration step is a function of an open connection inside a transaction; it must not commit.
"""

from __future__ import annotations

import json
import sqlite3

CURRENT_VERSION = 3

SCHEMA = """
CREATE TABLE form (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE field (
    form_id INTEGER NOT NULL REFERENCES form(id),
    name TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (form_id, name)
) WITHOUT ROWID;
CREATE TABLE grid_row (
    id INTEGER PRIMARY KEY,
    form_id INTEGER NOT NULL REFERENCES form(id),
    grid TEXT NOT NULL,
    position INTEGER NOT NULL,
    cells TEXT NOT NULL
);
CREATE INDEX grid_row_order ON grid_row (form_id, grid, position);
"""


def create_schema(db: sqlite3.Connection) -> None:
    """The current schema in an empty database."""
    db.executescript(SCHEMA)
    db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Apply every step from ``version`` to the current one."""
    while version < CURRENT_VERSION:
        STEPS[version](db)
        version += 1
        db.execute(f"PRAGMA user_version = {version}")


def _split_spending_plan(db: sqlite3.Connection) -> None:
    """1 → 2: ``plan`` JSON → ``plan_3``…``plan_12``; add the document's ``framework``."""
    rows = db.execute(
        "SELECT f.form_id, f.value FROM field f JOIN form ON form.id = f.form_id "
        "WHERE form.kind = 'project' AND f.name = 'plan'").fetchall()
    for form_id, value in rows:
        plan = json.loads(value) if value else {}
        for point in ("3月底", "6月底", "10月底", "12月底"):
            db.execute("INSERT OR REPLACE INTO field (form_id, name, value) VALUES (?, ?, ?)",
                       (form_id, "plan_" + point.removesuffix("月底"), plan.get(point)))
    db.execute("DELETE FROM field WHERE name = 'plan' AND form_id IN "
               "(SELECT id FROM form WHERE kind = 'project')")
    has_projects = db.execute("SELECT 1 FROM form WHERE kind = 'project' LIMIT 1").fetchone()
    has_approval = db.execute("SELECT 1 FROM form WHERE kind = 'approval' LIMIT 1").fetchone()
    framework = "sichuan" if has_approval and not has_projects else "hebei"
    db.execute("INSERT OR REPLACE INTO field (form_id, name, value) "
               "SELECT id, 'framework', ? FROM form WHERE kind = 'document'", (framework,))


def _record_template(db: sqlite3.Connection) -> None:
    """2 → 3: the document's ``template``: 河北's, the only set of 公开表 before templates."""
    db.execute("INSERT OR IGNORE INTO field (form_id, name, value) "
               "SELECT id, 'template', 'hebei' FROM form WHERE kind = 'document'")


STEPS = {1: _split_spending_plan, 2: _record_template}
