"""Changing the database as an attacker with direct access would: past the ORM and the append-only triggers."""

from __future__ import annotations

from typing import Any

from django.db import connection

CUSTODY_TABLES = ("evidence_custodyevent", "evidence_custodycheckpoint", "evidence_checkpointcosignature",
                  "evidence_checkpointtimestamp", "evidence_witnessedhead")


def raw_sql(sql: str, parameters: list[Any] | None = None) -> None:
    """Run ``sql`` with the append-only triggers out of the way (as a database superuser could)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch triggers off for the session (ALTER TABLE is refused while the test's
            # transaction has deferred foreign-key checks pending).
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in cursor.fetchall():
                if name.startswith(CUSTODY_TABLES):
                    cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(sql, parameters or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def row_id(pk: Any) -> str:
    """A UUID primary key as the backend stores it (SQLite: 32 hex digits)."""
    return str(pk) if connection.vendor == "postgresql" else pk.hex
