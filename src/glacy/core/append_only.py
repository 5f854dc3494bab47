"""Database triggers that make a table append-only, for migrations: the rows are evidence (a custody event, a
key statement) and must not be rewritten behind the application's back, whatever client writes to the database.

PostgreSQL refuses UPDATE and DELETE through one trigger function per table. SQLite gets the UPDATE trigger here;
the migrations that need DELETE refused on SQLite too add that trigger themselves (evidence 0007).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def append_only_operation(*, table: str, function: str, what: str) -> migrations.RunPython:
    """A migration operation installing (and, backwards, removing) the append-only trigger of `table`.

    `function` names the PostgreSQL trigger function; `what` is the subject of the refusal message, e.g.
    "custody events" gives "custody events are append-only".
    """
    trigger = f"{table}_append_only"
    message = f"{what} are append-only"

    def forwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$\n"
                f"BEGIN\n    RAISE EXCEPTION '{message}';\nEND;\n$$ LANGUAGE plpgsql;\n"
                f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table}\n"
                f"    FOR EACH ROW EXECUTE FUNCTION {function}();")
        elif vendor == "sqlite":
            schema_editor.execute(f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}\n"
                                  f"BEGIN SELECT RAISE(ABORT, '{message}'); END;")

    def backwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table};"
                                  f"DROP FUNCTION IF EXISTS {function}();")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger};")

    return migrations.RunPython(forwards, backwards)
