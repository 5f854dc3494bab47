"""The fast verification path is exactly as strict as the strict reader: whatever bytes are appended to the
custody log, `glacy custody verify` gives the verdict the strict reader gives (issue 13, "every stated hash
checked"). The compiled scanner never accepts a record the strict reader refuses; when it flags one, the strict
reader decides and names it."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from typing import Any

from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glacy.evidence import _custody_native as native
from glacy.evidence.custody import CustodyRecord, custody_record_create
from glacy.evidence.custody_scan import scan_rows_reference
from glacy.evidence.models import CustodyEvent, CustodyLogHead
from glacy.evidence.services import custody as service
from glacy.evidence.services.log_verify import custody_log_verify

EVIDENCE_ID = "0b6f1f3e-9a51-4c1e-8d2a-5a7c0f1e2d3b"
GOOD = custody_record_create(
    previous=None, event_type="seized", evidence_id=EVIDENCE_ID, performer="Insp. A. Boateng",
    time=datetime.datetime(2026, 1, 2, 9, 30, tzinfo=datetime.UTC),
    recorded_at=datetime.datetime(2026, 1, 3, 8, 0, tzinfo=datetime.UTC), place="Accra",
    hashes_after={"sha256": "ab" * 32}, details={"sender_key": "k", "statement": '{"a":"\\n"}'}).canonical_bytes()


def _strictly_readable(record: bytes) -> bool:
    """The strict reader's verdict on one stored record (services/custody.py `_record_from_row`)."""
    try:
        parsed = CustodyRecord.from_mapping({**json.loads(record.decode("utf-8")), "event_hash": "x"})
        return parsed.canonical_bytes() == record
    except (ValueError, TypeError, RecursionError):
        return False


def _row(record: bytes) -> bytes:
    return uuid.UUID(EVIDENCE_ID).hex.encode() + hashlib.sha256(b"\x00" + record).hexdigest().encode() + record


def _mutations() -> st.SearchStrategy[bytes]:
    """A good record changed anywhere: a byte replaced, inserted or removed, or bytes appended."""
    position = st.integers(min_value=0, max_value=len(GOOD))
    return st.one_of(
        st.binary(max_size=300),
        st.builds(lambda at, byte: GOOD[:at] + bytes([byte]) + GOOD[at + 1:], position, st.integers(0, 255)),
        st.builds(lambda at, extra: GOOD[:at] + extra + GOOD[at:], position, st.binary(min_size=1, max_size=8)),
        st.builds(lambda at: GOOD[:at] + GOOD[at + 1:], position),
        st.builds(lambda extra: GOOD + extra, st.binary(min_size=1, max_size=20)),
    )


@settings(max_examples=1500, deadline=None)
@given(_mutations())
def test_the_compiled_scanner_accepts_only_what_the_strict_reader_accepts(record: bytes) -> None:
    result = native.scan_rows(_row(record))
    assert result == scan_rows_reference(_row(record))
    if result[5] == -1:
        assert _strictly_readable(record), record


def test_the_scanner_reads_records_with_details_and_a_recording_time() -> None:
    count, _leaves, ids, previous, _sequences, first_bad = native.scan_rows(_row(GOOD))
    assert (count, first_bad, ids, previous) == (1, -1, uuid.UUID(EVIDENCE_ID).hex.encode(), b"\x00" * 32)
    assert _strictly_readable(GOOD)


def _append_raw(item: Any, text: str) -> None:
    """Append a row as someone writing to the database directly would: any text, its own hash beside it."""
    head = CustodyLogHead.objects.get(pk=1)
    CustodyEvent.objects.create(log_index=head.size, item=item, record=text,
                                event_hash=hashlib.sha256(b"\x00" + text.encode("utf-8")).hexdigest())
    CustodyLogHead.objects.filter(pk=1).update(size=head.size + 1)


def _appended_texts() -> st.SearchStrategy[str]:
    """Text a database would store: mutations of the next record of the exhibit's chain, or any text."""
    return st.one_of(st.text(max_size=200), _mutations().map(lambda data: data.decode("utf-8", "replace")))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_appended_texts(), well_formed=st.booleans())
def test_verify_gives_the_strict_verdict_whatever_is_appended(world: Any, text: str, well_formed: bool) -> None:
    item = world.objects["evidence"]
    with transaction.atomic():
        last = item.custody_events.order_by("-log_index").first().as_record()
        if well_formed:
            # A well-formed next record of the chain, then changed in its text: a canonical record must pass.
            record = custody_record_create(previous=last, event_type="examined", evidence_id=str(item.pk),
                                           performer=text[:40], time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
            text = record.canonical_bytes().decode("utf-8")
        if connection.vendor == "postgresql":
            text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL: nobody can append it there
        _append_raw(item, text)
        _strict_count, _leaves, strict_problem = service._chains_exactly()
        report = custody_log_verify()
        assert report.is_intact == (strict_problem == ""), (text, report.problem, strict_problem)
        if service._fast_leaf_hashes() is not None:
            assert strict_problem == ""
        if well_formed:
            assert report.is_intact, report.problem
        transaction.set_rollback(True)


def test_a_non_canonical_appended_event_is_refused_by_both_readings(world: Any) -> None:
    item = world.objects["evidence"]
    last = item.custody_events.order_by("-log_index").first().as_record()
    record = custody_record_create(previous=last, event_type="examined", evidence_id=str(item.pk), performer="X",
                                   time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    _append_raw(item, record.canonical_bytes().decode().replace('","', '", "', 1))
    assert service._fast_leaf_hashes() is None
    report = custody_log_verify()
    assert (report.is_intact, report.problem) == (
        False, f"evidence item {item.pk}: changed – log position 1: the record is not canonical JSON")
