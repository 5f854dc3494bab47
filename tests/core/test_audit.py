"""The audit trail is append-only and written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from glacy.core.audit import record_event
from glacy.core.context import origin
from glacy.core.models import AuditEvent


def test_record_event_outside_a_transaction_is_refused(world: Any, monkeypatch: Any) -> None:
    # pytest-django runs each test inside a transaction; pretend the connection is in autocommit mode.
    class AutocommitConnection:
        in_atomic_block = False

    before = AuditEvent.objects.count()
    with monkeypatch.context() as patch:
        patch.setattr("glacy.core.audit.transaction.get_connection", lambda *args: AutocommitConnection())
        with pytest.raises(RuntimeError, match="inside the transaction"):
            record_event(actor=world.users["administrator"], action="test.outside", obj=world.own)
    assert AuditEvent.objects.count() == before


def test_event_copies_actor_name_authority_channel_and_request_id(world: Any) -> None:
    user = world.users["administrator"]
    user.first_name, user.last_name = "Ama", "Mensah"
    with origin("cli", "req-123"), transaction.atomic():
        event = record_event(actor=user, action="test.copy", obj=world.own, before={"a": 1}, after={"a": 2})
    event.refresh_from_db()
    assert (event.actor_name, event.authority_id, event.channel, event.request_id) == (
        "Ama Mensah", world.own.pk, "cli", "req-123")
    assert (event.object_type, event.object_id, event.before, event.after) == (
        "directory.authority", str(world.own.pk), {"a": 1}, {"a": 2})


def test_events_cannot_be_changed_or_deleted_through_the_orm(world: Any) -> None:
    event = AuditEvent.objects.filter(action="test.own").get()
    event.action = "tampered"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.own"


def test_database_trigger_refuses_raw_update(world: Any) -> None:
    event = AuditEvent.objects.filter(action="test.own").get()
    identifier = str(event.pk) if connection.vendor == "postgresql" else event.pk.hex
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [identifier])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.own"


def test_a_failed_change_leaves_no_event(world: Any) -> None:
    before = AuditEvent.objects.count()
    def change_that_fails_after_auditing() -> None:
        with transaction.atomic():
            record_event(actor=world.users["administrator"], action="test.rollback", obj=world.own)
            raise IntegrityError("simulated failure after the event")

    with pytest.raises(IntegrityError):
        change_that_fails_after_auditing()
    assert AuditEvent.objects.count() == before
