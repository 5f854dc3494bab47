"""The custody log: events chain per exhibit, checkpoints sign the Merkle root, and any direct change to a
row in the database is found and named by `glacy custody verify`."""

from __future__ import annotations

import datetime
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from glacy.core.models import AuditEvent
from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import custody_record_create, event_hash_of
from glacy.evidence.models import CustodyEvent
from glacy.evidence.services import custody as service
from glacy.evidence.services.checkpoints import checkpoint_sign
from glacy.evidence.services.events import custody_event_record
from glacy.evidence.services.ingest import evidence_ingest
from glacy.evidence.services.log_verify import custody_log_verify
from tests.evidence.raw_database import raw_sql


def _second_exhibit(world: Any, folder: Path) -> Any:
    """Another exhibit of the same case, so the node's log interleaves two chains."""
    path = folder / "second.bin"
    path.write_bytes(b"second exhibit")
    return evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Second exhibit", source="seizure")


def _history(world: Any, item: Any = None) -> Any:
    item = item or world.objects["evidence"]
    custodian = world.users["custodian"]
    checkpoint_sign()  # the node's key history enters the log first, so the exhibit's events end it
    custody_event_record(actor=custodian, item=item, event_type="sealed", place="Accra", notes="Seal GH-0042")
    custody_event_record(actor=custodian, item=item, event_type="transferred", releasing_person="Officer A",
                         receiving_person="Officer B", purpose="to the forensic lab")
    custody_event_record(actor=custodian, item=item, event_type="examined", tool="Autopsy 4.21")
    checkpoint_sign()
    return item


def _raw(sql: str, parameters: list[Any]) -> None:
    raw_sql(sql, parameters)


def _id(event: CustodyEvent) -> str:
    return str(event.pk) if connection.vendor == "postgresql" else event.pk.hex


def test_intact_log_verifies_on_the_command_line(world: Any, settings: Any,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the checkpoint journal is written on commit
        _history(world)
    output = io.StringIO()
    call_command("custody", "verify", stdout=output)
    from glacy.exchange.keys import node_key_history

    key = node_key_history()[0].fingerprint[:16]
    # 1 exhibit event, 2 key statements (signing key, encryption key), 3 exhibit events; 2 checkpoints.
    assert output.getvalue() == (
        f"Custody log intact: 6 events, 2 signed checkpoints. Anchored by: first key {key}… in "
        f"{settings.CUSTODY_TRUST_PATH}; node key file holds the current key {key}…; 2 checkpoints of the journal "
        "all present.\n")


def test_custody_events_are_audited_and_transfers_name_both_people(world: Any) -> None:
    item = world.objects["evidence"]
    before = AuditEvent.objects.count()
    event = custody_event_record(actor=world.users["custodian"], item=item, event_type="transferred",
                                 releasing_person="A", receiving_person="B")
    assert (event.sequence, event.previous_hash) == (2, item.custody_events.order_by("log_index")[0].event_hash)
    assert AuditEvent.objects.count() == before + 1
    from glacy.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        custody_event_record(actor=world.users["custodian"], item=item, event_type="transferred")
    assert error.value.errors == {
        "receiving_person": ["A transfer names the person releasing and the person receiving."]}


def _tamper(tamper: str, item: Any, other: Any) -> str:
    """Change one thing directly in the database; return what verification must say about it."""
    events = list(item.custody_events.order_by("log_index"))
    second = events[1]
    if tamper == "change":
        _raw("UPDATE evidence_custodyevent SET record = %s WHERE id = %s",
             [second.record.replace('"performer":"', '"performer":"Somebody else, not '), _id(second)])
        return f"evidence item {item.pk}: changed – record 2: content does not match its event hash"
    if tamper == "change_not_canonical":
        _raw("UPDATE evidence_custodyevent SET record = %s WHERE id = %s",
             [second.record.replace('","', '", "', 1), _id(second)])
        return f"evidence item {item.pk}: changed – log position {second.log_index}: the record is not canonical JSON"
    if tamper == "relink":
        # A record rewritten consistently (its hash column recomputed) but linked to another predecessor.
        third = events[2]
        forged = canonical_json({**third.data, "previous_hash": "ab" * 32})
        _raw("UPDATE evidence_custodyevent SET record = %s, event_hash = %s WHERE id = %s",
             [forged.decode(), event_hash_of(forged), _id(third)])
        return f"evidence item {item.pk}: changed – record 3 does not link to record 2"
    if tamper == "change_event_hash":
        _raw("UPDATE evidence_custodyevent SET event_hash = %s WHERE id = %s", ["e" * 64, _id(second)])
        return f"evidence item {item.pk}: changed – record 2: content does not match its event hash"
    if tamper == "move_to_other_exhibit":
        _raw("UPDATE evidence_custodyevent SET item_id = %s WHERE id = %s",
             [str(other.pk) if connection.vendor == "postgresql" else other.pk.hex, _id(events[-1])])
        return (f"evidence item {other.pk}: changed – log position {events[-1].log_index}: the record belongs to "
                f"evidence item {item.pk}")
    if tamper == "delete":
        _raw("DELETE FROM evidence_custodyevent WHERE id = %s", [_id(events[2])])
        return (f"log position {events[2].log_index} is missing or out of order (found position "
                f"{events[3].log_index}, evidence item {item.pk})")
    if tamper == "reorder":
        # Swap the log positions of records 2 and 3 (through a free position: the index is unique).
        _raw("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [99, _id(events[1])])
        _raw("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [events[1].log_index, _id(events[2])])
        _raw("UPDATE evidence_custodyevent SET log_index = %s WHERE id = %s", [events[2].log_index, _id(events[1])])
        return (f"evidence item {item.pk}: reordered – record 3 is at log position {events[1].log_index}, "
                "out of its chain's order")
    if tamper == "insert":
        # Make room at position 2 in two steps (a unique index forbids a transient duplicate).
        at = events[2].log_index
        _raw("UPDATE evidence_custodyevent SET log_index = log_index + 1000 WHERE log_index >= %s", [at])
        _raw("UPDATE evidence_custodyevent SET log_index = log_index - 999 WHERE log_index >= %s", [1000])
        forged = custody_record_create(previous=events[1].as_record(), event_type="examined", evidence_id=str(item.pk),
                                       performer="forger", time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
        CustodyEvent(log_index=at, item=item, record=forged.canonical_bytes().decode(),
                     event_hash=forged.event_hash).save()
        return f"evidence item {item.pk}: inserted – record 3 appears again at position 4"
    _raw("DELETE FROM evidence_custodyevent WHERE id = %s", [_id(events[-1])])
    return (f"checkpoint of {events[-1].log_index + 1} events: the log has only {events[-1].log_index} (events were "
            "deleted)")


TAMPERING = ["change", "change_not_canonical", "relink", "change_event_hash", "move_to_other_exhibit", "delete",
             "reorder", "insert", "delete_last"]


@pytest.mark.parametrize("tamper", TAMPERING)
def test_any_direct_change_is_found_and_named(tamper: str, world: Any, tmp_path: Path) -> None:
    other = world.objects["evidence"]
    item = _history(world, _second_exhibit(world, tmp_path))
    expected = _tamper(tamper, item, other)
    # The fast reading notices every one of these (and hands over to the exact one), except a deleted last
    # event: the log is consistent then, and only the signed checkpoint tells.
    assert (service._fast_leaf_hashes() is None) == (tamper != "delete_last")
    report = custody_log_verify()
    assert (report.is_intact, report.problem) == (False, expected)
    with pytest.raises(CommandError, match="Custody log BROKEN"):
        call_command("custody", "verify")


def test_custody_events_refuse_orm_changes(world: Any) -> None:
    event = world.objects["evidence"].custody_events.get()
    event.notes = "tampered"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()


def test_a_record_that_is_not_a_custody_record_is_named(world: Any) -> None:
    item = _history(world)
    event = item.custody_events.order_by("log_index")[1]
    _raw("UPDATE evidence_custodyevent SET record = %s WHERE id = %s",
         [event.record.replace('"hashes_before":{}', '"hashes_before":{"sha256":0}'), _id(event)])
    report = custody_log_verify()
    assert (report.is_intact, report.problem) == (
        False, f"evidence item {item.pk}: changed – log position {event.log_index}: custody field hashes_before maps "
               "algorithm names to hex digests (strings)")


def test_details_shown_are_read_from_the_hashed_record(world: Any) -> None:
    item = _history(world)
    first, second, event = item.custody_events.order_by("log_index")[:3]
    assert (event.event_type, event.releasing_person, event.receiving_person, event.purpose) == (
        "transferred", "Officer A", "Officer B", "to the forensic lab")
    assert event.record.encode() == event.as_record().canonical_bytes()
    assert event.event_hash == hashlib.sha256(b"\x00" + event.record.encode()).hexdigest()
    assert (first.sequence, second.sequence, event.sequence) == (1, 2, 3)
    assert event.previous_hash == second.event_hash


def test_fast_reading_in_many_ranges_equals_the_exact_reading(world: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from glacy.evidence import custody_scan

    second = _second_exhibit(world, tmp_path)
    for number in range(9):
        custody_event_record(actor=world.users["custodian"], item=(second, world.objects["evidence"])[number % 2],
                             event_type="examined", notes=f"pass {number}")
    checkpoint_sign()
    monkeypatch.setattr(service, "_CHUNK_ROWS", 4)  # 13 events (2 of the key history): ranges of 4, 4, 4, 1
    exact_count, exact_leaves, problem = service._chains_exactly()
    assert (exact_count, problem) == (13, "")
    assert service._fast_leaf_hashes() == (13, exact_leaves)
    monkeypatch.setattr(service, "scan_rows", custody_scan.scan_rows_reference)
    assert service._fast_leaf_hashes() == (13, exact_leaves)
    report = custody_log_verify()
    assert (report.is_intact, report.events, report.checkpoints, report.problem) == (True, 13, 1, "")
