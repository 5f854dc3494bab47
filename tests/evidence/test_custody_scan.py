"""The compiled custody scanner gives byte for byte what its pure-Python reference gives, on good records,
on generated ones and on broken ones; and both agree with the record model and RFC 9162."""

from __future__ import annotations

import datetime
import hashlib
import struct
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glacy.evidence import _custody_native as native
from glacy.evidence.custody import GENESIS_HASH, custody_record_create
from glacy.evidence.custody_scan import merkle_levels_reference, scan_rows_reference
from glacy.evidence.merkle import MerkleTree

EVIDENCE_ID = "0b6f1f3e-9a51-4c1e-8d2a-5a7c0f1e2d3b"


def _chain(count: int, **details: str) -> list[bytes]:
    """The rows of a chain as the database concatenates them: index columns, a space, the record."""
    rows, previous = [], None
    for number in range(count):
        previous = custody_record_create(previous=previous, event_type="examined", evidence_id=EVIDENCE_ID,
                                         performer="Insp. A. Boateng", time=datetime.datetime(
                                             2026, 1, 1, second=number, tzinfo=datetime.UTC), **details)
        rows.append(_row(previous.canonical_bytes(), previous.event_hash))
    return rows


def _row(record: bytes, event_hash: str, item_id: str = EVIDENCE_ID) -> bytes:
    return f"{uuid.UUID(item_id).hex}{event_hash}".encode() + record


def _record(row: bytes) -> bytes:
    return row[96:]


def test_a_chain_is_scanned_into_leaf_hashes_ids_links_and_sequences() -> None:
    rows = _chain(3)
    data = b"\n".join(rows)
    count, leaves, ids, previous, sequences, first_bad = native.scan_rows(data)
    assert (count, first_bad) == (3, -1)
    assert leaves == b"".join(hashlib.sha256(b"\x00" + _record(row)).digest() for row in rows)
    assert ids == uuid.UUID(EVIDENCE_ID).hex.encode() * 3
    assert previous == bytes.fromhex(GENESIS_HASH) + leaves[:64]
    assert struct.unpack("<3q", sequences) == (1, 2, 3)
    assert native.scan_rows(data) == scan_rows_reference(data)


GOOD = _chain(1)[0]
RECORD = _record(GOOD)


def _with_record(record: bytes) -> bytes:
    """A row whose index columns agree with ``record`` (so only the record's own fields are at fault)."""
    return _row(record, hashlib.sha256(b"\x00" + record).hexdigest())


BROKEN = {
    "no evidence id": _with_record(b'{"event_type":"sealed","notes":""}'),
    "upper-case id": _with_record(RECORD.replace(EVIDENCE_ID.encode(), EVIDENCE_ID.upper().encode())),
    "id without dashes": _with_record(RECORD.replace(EVIDENCE_ID.encode(), uuid.UUID(EVIDENCE_ID).hex.encode() + b"xxxx")),
    "short previous hash": _with_record(RECORD.replace(GENESIS_HASH.encode(), b"0" * 63)),
    "leading zero": _with_record(RECORD.replace(b'"sequence":1,', b'"sequence":01,')),
    "zero": _with_record(RECORD.replace(b'"sequence":1,', b'"sequence":0,')),
    "sixteen digits": _with_record(RECORD.replace(b'"sequence":1,', b'"sequence":1234567890123456,')),
    "negative": _with_record(RECORD.replace(b'"sequence":1,', b'"sequence":-1,')),
    "row of another exhibit": _row(RECORD, hashlib.sha256(b"\x00" + RECORD).hexdigest(), str(uuid.uuid4())),
    "row with another hash": _row(RECORD, "a" * 64),
    "row with an upper-case hash": _row(RECORD, hashlib.sha256(b"\x00" + RECORD).hexdigest().upper()),
    "row too short for its index columns": b"0" * 95,
    "empty": b"",
    "not JSON": _with_record(b"\xff\xfe garbage"),
}


def test_unreadable_link_fields_are_flagged_with_zeros_by_both_implementations() -> None:
    for name, broken in BROKEN.items():
        data = GOOD + b"\n" + broken + b"\n" + GOOD
        result = native.scan_rows(data)
        assert result == scan_rows_reference(data), name
        count, leaves, ids, previous, sequences, first_bad = result
        assert (count, first_bad) == (3, 1), name
        assert (ids[32:64], previous[32:64], sequences[8:16]) == (b"\x00" * 32, b"\x00" * 32, b"\x00" * 8), name
        # The leaf is the record's; a row whose index columns cannot be read is hashed whole.
        record = broken[96:] if len(broken) >= 96 else broken
        assert leaves[32:64] == hashlib.sha256(b"\x00" + record).digest(), name


def test_look_alike_keys_inside_values_do_not_fool_the_scanner() -> None:
    # A notes text and a hashes key that imitate the link fields: canonical JSON escapes their quotes, and
    # the scanner reads the last (top-level) previous_hash and sequence keys.
    rows = _chain(2, notes='","previous_hash":"' + "f" * 64 + '","purpose":"', place=',"sequence":9,"time":"')
    data = b"\n".join(rows)
    assert native.scan_rows(data) == scan_rows_reference(data)
    _count, leaves, _ids, previous, sequences, first_bad = native.scan_rows(data)
    assert (first_bad, previous[32:], struct.unpack("<2q", sequences)) == (-1, leaves[:32], (1, 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6), st.integers(min_value=1, max_value=40))
def test_generated_records_scan_the_same_in_c_and_python(texts: list[str], count: int) -> None:
    rows = _chain(min(count, len(texts) * 3), notes="\n".join(texts), tool=texts[0])
    data = b"\n".join(rows)
    assert native.scan_rows(data) == scan_rows_reference(data)


@given(st.integers(min_value=0, max_value=70))
def test_merkle_levels_match_the_reference_and_rfc_9162_roots(size: int) -> None:
    leaves = b"".join(hashlib.sha256(b"\x00" + bytes([index])).digest() for index in range(size))
    levels = native.merkle_levels(leaves)
    assert levels == merkle_levels_reference(leaves)
    tree = MerkleTree.from_leaf_hash_bytes(leaves)
    appended = MerkleTree()
    for index in range(size):
        appended.append(bytes([index]))
    assert [tree.root(width) for width in range(size + 1)] == [appended.root(width) for width in range(size + 1)]


def test_merkle_levels_refuse_a_partial_hash() -> None:
    for implementation in (native.merkle_levels, merkle_levels_reference):
        with pytest.raises(ValueError, match=r"^a leaf hash has 32 bytes$"):
            implementation(b"\x00" * 33)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=200), st.sampled_from([GOOD, RECORD, *BROKEN.values()])), max_size=5))
def test_arbitrary_bytes_are_scanned_the_same_in_c_and_python(rows: list[bytes]) -> None:
    # Hostile database content: any bytes, cut anywhere, mixed with good and broken rows.
    data = b"\n".join(rows)
    assert native.scan_rows(data) == scan_rows_reference(data)
