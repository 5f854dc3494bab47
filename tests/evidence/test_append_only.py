"""Custody events, checkpoints, cosignatures, time-stamps and witnessed heads cannot be changed or removed:
the ORM refuses, and so does the database itself (triggers on SQLite and PostgreSQL, UPDATE and DELETE)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, WitnessedHead
from glacy.evidence.services.checkpoints import checkpoint_sign


def _refused(sql: str, parameters: list[Any]) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, parameters)
    return str(error.value)


@pytest.mark.parametrize("table", ["evidence_custodyevent", "evidence_custodycheckpoint", "evidence_witnessedhead"])
def test_the_database_refuses_update_and_delete(table: str, world: Any) -> None:
    checkpoint_sign()
    WitnessedHead.objects.create(node_name="PH node", node_fingerprint="f" * 64, tree_size=3, root_hash="a" * 64)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        (before,) = cursor.fetchone()
    assert before >= 1
    message = "append-only" if connection.vendor == "sqlite" else "custody events are append-only"
    assert message in _refused(f"DELETE FROM {table}", [])
    assert message in _refused(f"UPDATE {table} SET id = id", [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone() == (before,)


def test_the_orm_refuses_changes_to_checkpoints(world: Any) -> None:
    checkpoint = checkpoint_sign()
    with pytest.raises(TypeError, match="custody checkpoints are append-only"):
        checkpoint.save()
    with pytest.raises(TypeError, match="custody checkpoints are append-only"):
        checkpoint.delete()
    with pytest.raises(TypeError, match="custody checkpoints are append-only"):
        CustodyCheckpoint.objects.all().delete()
    with pytest.raises(TypeError, match="custody events are append-only"):
        CustodyEvent.objects.update(record="{}")
