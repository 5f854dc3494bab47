"""The fast verification paths agree with the exact ones: same bytes, same verdicts, every tamper named."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import (
    CustodyRecord,
    custody_record_create,
    event_hash_of,
)
from glacy.evidence.custody_chain import verify_chain, verify_log_lines
from glacy.evidence.merkle import MerkleTree, leaf_hash, root_from_leaf_hashes

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)


def _chain(count: int, **details: object) -> list[CustodyRecord]:
    records, previous = [], None
    for number in range(count):
        previous = custody_record_create(previous=previous, event_type="examined", evidence_id="item-1",
                                         performer=f"Officer {number}", time=datetime.datetime(
                                             2026, 1, 1, tzinfo=datetime.UTC), **details)  # type: ignore[arg-type]
        records.append(previous)
    return records


@settings(max_examples=200, deadline=None)
@given(performer=TEXT, notes=TEXT, place=TEXT, hashes=st.dictionaries(TEXT, TEXT, max_size=3))
def test_fast_serialiser_is_byte_identical_to_canonical_json(performer: str, notes: str, place: str,
                                                             hashes: dict[str, str]) -> None:
    record = custody_record_create(previous=None, event_type="seized", evidence_id="e", performer=performer,
                                   time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), notes=notes,
                                   place=place, hashes_after=hashes)
    assert record.canonical_bytes() == canonical_json(record.hashed_fields())
    assert record.event_hash == leaf_hash(canonical_json(record.hashed_fields())).hex()
    assert CustodyRecord.from_log_line(record.log_line()) == record
    assert verify_log_lines([record.log_line()]).is_intact


def test_event_hash_is_the_merkle_leaf_hash_of_the_record() -> None:
    records = _chain(5)
    assert [record.event_hash for record in records] == [event_hash_of(record.leaf) for record in records]
    leaves = [bytes.fromhex(record.event_hash) for record in records]
    report = verify_log_lines([record.log_line() for record in records], compute_merkle_root=True)
    assert report.merkle_root == root_from_leaf_hashes(leaves).hex() == MerkleTree.from_leaf_hashes(leaves).root().hex()
    tree = MerkleTree()
    for record in records:
        tree.append(record.leaf)
    assert tree.root() == bytes.fromhex(report.merkle_root)
    for size in range(6):
        assert MerkleTree.from_leaf_hashes(leaves).root(size) == tree.root(size)


def _lines() -> list[bytes]:
    return [record.log_line() for record in _chain(6)]


@pytest.mark.parametrize(("tamper", "problem", "sequence"), [
    ("change", "changed", 3), ("delete", "deleted", 3), ("reorder", "reordered", 3), ("insert", "inserted", 2),
    ("duplicate_key", "changed", 3), ("not_canonical", "changed", 3), ("upper_hex", "changed", 3),
    ("extra_field", "changed", 3)])
def test_log_lines_name_every_tamper(tamper: str, problem: str, sequence: int) -> None:
    lines = _lines()
    if tamper == "change":
        lines[2] = lines[2].replace(b"Officer 2", b"Officer X")
    elif tamper == "delete":
        del lines[2]
    elif tamper == "reorder":
        lines[2], lines[3] = lines[3], lines[2]
    elif tamper == "insert":
        lines.insert(2, lines[1])
    elif tamper == "duplicate_key":
        lines[2] = lines[2].replace(b'"notes":""', b'"notes":"","notes":"x"')
    elif tamper == "not_canonical":
        lines[2] = lines[2].replace(b'"notes":""', b'"notes": ""')
    elif tamper == "upper_hex":
        head = lines[2][:80]
        lines[2] = head.upper().replace(b"EVENT_HASH", b"event_hash") + lines[2][80:]
    else:
        lines[2] = lines[2].replace(b'"tool":""}', b'"tool":"","zz":1}')
    report = verify_log_lines(lines)
    assert (report.is_intact, report.problem, report.first_broken_sequence) == (False, problem, sequence)


def test_a_forged_record_that_hashes_correctly_but_is_not_canonical_is_refused() -> None:
    """The signer-only case: bytes that hash and link correctly but are not canonical JSON of the fields."""
    record = _chain(1)[0]
    fields = record.hashed_fields()
    forged = json.dumps(fields, sort_keys=True, separators=(",", ":")).replace('"notes":""', '"notes":"","notes":"x"')
    data = forged.encode()
    line = b'{"event_hash":"%s","record":%s}' % (event_hash_of(data).encode(), data)
    with pytest.raises(ValueError, match="duplicate keys"):
        CustodyRecord.from_log_line(line)
    # The chain verifier parses every line strictly, so it refuses the line itself and says why.
    report = verify_log_lines([line])
    assert (report.is_intact, report.problem, report.first_broken_sequence, report.detail) == (
        False, "changed", 1, "line 1 is not a canonical custody record: duplicate keys in a custody record")


def test_fast_and_exact_paths_agree_on_an_intact_chain() -> None:
    records = _chain(50, hashes_before={"sha256": "ab" * 32, "md5": "cd" * 16})
    fast = verify_log_lines([record.log_line() for record in records])
    exact = verify_chain(records)
    assert (fast.is_intact, fast.length, fast.head_hash) == (exact.is_intact, exact.length, exact.head_hash) == (
        True, 50, records[-1].event_hash)
    assert not verify_log_lines([record.log_line() for record in records], expected_length=51).is_intact
