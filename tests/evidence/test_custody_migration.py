"""Migration 0006 folds the detail columns of existing custody events into the hashed record, byte for byte,
so a log written before it still verifies after it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from glacy.evidence.custody import CustodyRecord, custody_record_create, format_utc

BEFORE = [("evidence", "0005_evidence_blake3")]
AFTER = [("evidence", "0006_custody_record_is_the_truth")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_keep_their_hashes_through_the_migration() -> None:
    import datetime
    import uuid

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    case_model = old.get_model("cooperation", "Case")
    item_model = old.get_model("evidence", "EvidenceItem")
    item = item_model.objects.create(
        case=_any_case(old, case_model), exhibit_number="EX-1", description="old exhibit", source="seizure",
        acquired_by="Insp. Été", acquired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        original_name="old.bin", format="file", size=3, sha256="a" * 64, sha1="b" * 40, md5="c" * 32)
    first = _before_back_dating(custody_record_create(
        previous=None, event_type="acquired", evidence_id=str(item.pk), performer="Insp. Été",
        time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), hashes_after={"sha256": "a" * 64},
        notes='quote " and\nnewline'))
    second = _before_back_dating(custody_record_create(
        previous=first, event_type="transferred", evidence_id=str(item.pk), performer="Insp. Été",
        time=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), releasing_person="A", receiving_person="B"))
    event_model = old.get_model("evidence", "CustodyEvent")
    for index, record in enumerate((first, second)):
        event_model.objects.create(
            id=uuid.uuid4(), log_index=index, item=item, sequence=record.sequence, event_type=record.event_type,
            performer=record.performer, time=record.time, place=record.place, purpose=record.purpose,
            tool=record.tool, releasing_person=record.releasing_person, receiving_person=record.receiving_person,
            hashes_before=record.hashes_before, hashes_after=record.hashes_after, notes=record.notes,
            previous_hash=record.previous_hash, event_hash=record.event_hash)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_event = executor.loader.project_state(AFTER).apps.get_model("evidence", "CustodyEvent")
    stored = list(new_event.objects.order_by("log_index").values_list("record", "event_hash"))
    assert stored == [(first.canonical_bytes().decode(), first.event_hash),
                      (second.canonical_bytes().decode(), second.event_hash)]
    assert format_utc(datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)) in stored[1][0]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # Records without a recording time still read, verify and show their time as the time of recording.
    from glacy.evidence.models import CustodyEvent
    from glacy.evidence.services.log_verify import custody_log_verify

    assert custody_log_verify().is_intact
    assert [event.recorded_at for event in CustodyEvent.objects.order_by("log_index")] == [first.time, second.time]


def _before_back_dating(record: CustodyRecord) -> CustodyRecord:
    """The record as the node wrote it before records had a recording time (its time was that time)."""
    old = replace(record, recorded_at=None)
    return replace(old, event_hash=old.computed_hash())


def _any_case(apps: Any, case_model: Any) -> Any:
    country = apps.get_model("directory", "Country").objects.create(code="ZZ", alpha3="ZZZ", name_en="Testland",
                                                                     name_fr="Testland")
    authority = apps.get_model("directory", "Authority").objects.create(name="Unit", kind="police", country=country)
    return case_model.objects.create(authority=authority, reference="OLD-1", title="Old case")
