"""The custody log: events chain per exhibit, checkpoints sign the Merkle root, and any direct change to a
row in the database is found and named by `glacy custody verify`."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from glacy.core.models import AuditEvent
from glacy.evidence.models import CustodyEvent
from glacy.evidence.services.custody import checkpoint_sign, custody_log_verify
from glacy.evidence.services.events import custody_event_record


def _history(world: Any) -> Any:
    item = world.objects["evidence"]
    custodian = world.users["custodian"]
    custody_event_record(actor=custodian, item=item, event_type="sealed", place="Accra", notes="Seal GH-0042")
    custody_event_record(actor=custodian, item=item, event_type="transferred", releasing_person="Officer A",
                         receiving_person="Officer B", purpose="to the forensic lab")
    custody_event_record(actor=custodian, item=item, event_type="examined", tool="Autopsy 4.21")
    checkpoint_sign()
    return item


def _raw(sql: str, parameters: list[Any]) -> None:
    """Tamper as an attacker with database access would: bypass the ORM and the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch triggers off for the session (ALTER TABLE is refused while the test's
            # transaction has deferred foreign-key checks pending).
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS evidence_custodyevent_append_only")
        cursor.execute(sql, parameters)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def _id(event: CustodyEvent) -> str:
    return str(event.pk) if connection.vendor == "postgresql" else event.pk.hex


def test_intact_log_verifies_on_the_command_line(world: Any) -> None:
    _history(world)
    output = io.StringIO()
    call_command("custody", "verify", stdout=output)
    assert output.getvalue() == "Custody log intact: 4 events, 1 signed checkpoints.\n"


def test_custody_events_are_audited_and_transfers_name_both_people(world: Any) -> None:
    item = world.objects["evidence"]
    before = AuditEvent.objects.count()
    event = custody_event_record(actor=world.users["custodian"], item=item, event_type="transferred",
                                 releasing_person="A", receiving_person="B")
    assert (event.sequence, event.previous_hash) == (2, item.custody_events.get(sequence=1).event_hash)
    assert AuditEvent.objects.count() == before + 1
    from glacy.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        custody_event_record(actor=world.users["custodian"], item=item, event_type="transferred")
    assert error.value.errors == {
        "receiving_person": ["A transfer names the person releasing and the person receiving."]}


@pytest.mark.parametrize("tamper", ["change", "delete", "reorder", "insert", "delete_last"])
def test_any_direct_change_is_found_and_named(tamper: str, world: Any) -> None:
    item = _history(world)
    events = list(item.custody_events.order_by("sequence"))
    if tamper == "change":
        _raw("UPDATE evidence_custodyevent SET performer = %s WHERE id = %s", ["Somebody else", _id(events[1])])
        expected = "changed – record 2: content does not match its event hash"
    elif tamper == "delete":
        _raw("DELETE FROM evidence_custodyevent WHERE id = %s", [_id(events[2])])
        expected = "log position 2 is missing or out of order"
    elif tamper == "reorder":
        _raw("UPDATE evidence_custodyevent SET sequence = %s WHERE id = %s", [99, _id(events[1])])
        _raw("UPDATE evidence_custodyevent SET sequence = %s WHERE id = %s", [2, _id(events[2])])
        _raw("UPDATE evidence_custodyevent SET sequence = %s WHERE id = %s", [3, _id(events[1])])
        expected = "changed – record 2: content does not match its event hash"
    elif tamper == "insert":
        # Make room at position 2 in two steps (a unique index forbids a transient duplicate).
        _raw("UPDATE evidence_custodyevent SET log_index = log_index + 1000 WHERE log_index >= %s", [2])
        _raw("UPDATE evidence_custodyevent SET log_index = log_index - 999 WHERE log_index >= %s", [1000])
        forged = CustodyEvent(log_index=2, item=item, sequence=5, event_type="examined", performer="forger",
                              time="2026-01-01T00:00:00.000000Z", previous_hash=events[1].event_hash,
                              event_hash="f" * 64)
        forged.save()
        expected = "content does not match its event hash"
    else:
        _raw("DELETE FROM evidence_custodyevent WHERE id = %s", [_id(events[-1])])
        expected = "checkpoint of 4 events: the log has only 3 (events were deleted)"
    report = custody_log_verify()
    assert not report.is_intact
    assert expected in report.problem
    with pytest.raises(CommandError, match="Custody log BROKEN"):
        call_command("custody", "verify")


def test_custody_events_refuse_orm_changes(world: Any) -> None:
    event = world.objects["evidence"].custody_events.get()
    event.notes = "tampered"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()


def test_a_changed_json_column_is_named(world: Any) -> None:
    item = _history(world)
    event = item.custody_events.get(sequence=2)
    _raw("UPDATE evidence_custodyevent SET hashes_before = %s WHERE id = %s", ['{"sha256": "00"}', _id(event)])
    report = custody_log_verify()
    assert (report.is_intact, report.problem) == (
        False, f"evidence item {item.pk}: changed – record 2: content does not match its event hash")
