"""Appending custody events, signing checkpoints, and re-checking the whole log.

Each event extends its item's hash chain and takes the next position of the node-wide log; the Merkle
root over the log (RFC 9162) is signed in checkpoints, so deleting the latest events or adding forged
ones — which a chain alone cannot reveal — contradicts a signed checkpoint.
"""

from __future__ import annotations

import datetime
import json
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from glacy.evidence.custody import (
    GENESIS_HASH,
    NODE_CHAIN_ID,
    CustodyRecord,
    EventType,
    custody_record_create,
)
from glacy.evidence.custody_chain import verify_chain
from glacy.evidence.custody_scan import scan_rows
from glacy.evidence.merkle import MerkleTree
from glacy.evidence.models import CustodyEvent, CustodyLogHead, EvidenceItem


def _lock_head() -> CustodyLogHead:
    head, _created = CustodyLogHead.objects.select_for_update().get_or_create(pk=1)
    return head


def custody_append(*, item: EvidenceItem | None, event_type: EventType | str, performer: str,
                   time: datetime.datetime | None = None, **fields: Any) -> CustodyEvent:
    """Append one event to the item's chain (the node's own chain when ``item`` is None) and to the node's log.

    ``time`` is when the act happened (default: now; a seizure recorded the next day is back-dated); the
    record also keeps when it was written, which orders the chain. Must run inside the caller's transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("custody events are appended inside the transaction that makes the change")
    head = _lock_head()
    chain = CustodyEvent.objects.filter(item=item) if item is not None else CustodyEvent.objects.filter(
        item__isnull=True)
    last = chain.order_by("-log_index").first()
    now = timezone.now()
    record = custody_record_create(previous=last.as_record() if last else None, event_type=event_type,
                                   evidence_id=str(item.pk) if item is not None else NODE_CHAIN_ID,
                                   performer=performer, time=time or now, recorded_at=now, **fields)
    event = CustodyEvent.objects.create(log_index=head.size, item=item, record=record.canonical_bytes().decode("utf-8"),
                                        event_hash=record.event_hash)
    head.size += 1
    head.save(update_fields=["size"])
    return event


def log_tree(tree_size: int | None = None) -> MerkleTree:
    """The Merkle tree over the first `tree_size` events of the log (all when None), for roots and proofs."""
    hashes = CustodyEvent.objects.order_by("log_index").values_list("event_hash", flat=True)
    if tree_size is not None:
        hashes = hashes[:tree_size]
    # An event hash is the RFC 9162 leaf hash of its record's canonical bytes (custody.py).
    return MerkleTree.from_leaf_hash_bytes(bytes.fromhex("".join(hashes)))


_CHUNK_ROWS = 20_000
_GENESIS = bytes.fromhex(GENESIS_HASH)

#: One range of the log, concatenated by the database so that Python receives one string per 20,000 events
#: instead of a row object per event: per event ``<item id: 32 hex><event hash: 64 hex><record>``
#: (custody_scan.py), in log order, with the range's count and first and last positions. Identifiers come
#: from the model and are quoted by the backend; the bounds are parameters. An event of the node's own chain
#: has no exhibit: its row reads as the nil UUID, which its record names.
_CHUNK_SQL = {
    # SQLite 3.40 has no ORDER BY inside group_concat; the range is read through the unique index on the
    # position, in its order. Were it ever read in another order, the chains or the checkpoint root would
    # not match and the exact reading (ORDER BY) would decide: a wrong order can cost time, never a verdict.
    "sqlite": ("SELECT CAST(group_concat(coalesce(item_id, '{node}') || event_hash || record, char(10)) AS BLOB), "
               "count(*), min(log_index), max(log_index) FROM {table} WHERE log_index >= %s AND log_index < %s"),
    "postgresql": ("SELECT convert_to(string_agg(coalesce(replace(item_id::text, '-', ''), '{node}') || event_hash "
                   "|| record, E'\\n' "
                   "ORDER BY log_index), 'UTF8'), count(*), min(log_index), max(log_index) "
                   "FROM {table} WHERE log_index >= %s AND log_index < %s"),
}


@dataclass
class _ScannedLog:
    """Flat arrays over the whole log, in log order: leaf hashes, evidence ids (32 hex), previous hashes and
    sequence numbers as read from the records themselves."""

    count: int
    leaves: bytes
    evidence_ids: bytes
    previous: bytes
    sequences: bytes


def _scan_log_chunks(total: int) -> _ScannedLog | None:
    """Read and scan the log range by range; None as soon as a record or an index column disagrees.

    Per range: the positions are exactly low … low+count-1 (they are unique), and every record hashes, as an
    RFC 9162 leaf, to its stored event hash and names the exhibit of its row. While the
    database concatenates the next range, a second thread scans this one (both release the GIL).
    """
    sql = _CHUNK_SQL[connection.vendor].format(table=connection.ops.quote_name(CustodyEvent._meta.db_table),
                                               node=NODE_CHAIN_ID.replace("-", ""))
    scanned: list[Future[tuple[int, bytes, bytes, bytes, bytes, int]]] = []
    with ThreadPoolExecutor(max_workers=1) as scanner, connection.cursor() as cursor:
        for low in range(0, total, _CHUNK_ROWS):
            expected = min(_CHUNK_ROWS, total - low)
            cursor.execute(sql, [low, low + expected])  # events appended meanwhile are not this run's
            rows, count, first, last = cursor.fetchone()
            if rows is None or (count, first, last) != (expected, low, low + expected - 1):
                return None
            scanned.append(scanner.submit(scan_rows, bytes(rows)))
        results = [future.result() for future in scanned]
    if any(count != min(_CHUNK_ROWS, total - number * _CHUNK_ROWS) or first_bad != -1
           for number, (count, _leaves, _ids, _previous, _sequences, first_bad) in enumerate(results)):
        return None
    if not results:
        return _ScannedLog(0, b"", b"", b"", b"")
    leaves, ids, previous, sequences = (b"".join(parts) for parts in zip(
        *((leaf_hashes, evidence_ids, previous_hashes, sequence_bytes)
          for _count, leaf_hashes, evidence_ids, previous_hashes, sequence_bytes, _first_bad in results), strict=True))
    return _ScannedLog(total, leaves, ids, previous, sequences)


def _chains_intact(log: _ScannedLog) -> bool:
    """Every exhibit's records, in log order, are numbered 1, 2, 3… and each links to the one before.

    Vectorised: the records are grouped by exhibit with a stable sort (so each exhibit keeps its log order)
    on a 64-bit key mixed from its evidence id; two exhibits sharing a key would interleave and fail the
    numbering, which sends verification to the exact reading — a collision can cost time, never a verdict.
    """
    if log.count == 0:
        return True
    # Imported here, not with the module: every page and command imports this service, only verification
    # needs numpy (50 ms at start-up otherwise).
    import numpy as np

    words = np.frombuffer(log.evidence_ids, dtype="<u8").reshape(log.count, 4)
    key = (words[:, 0] * np.uint64(0x9E3779B97F4A7C15) + words[:, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
           + words[:, 2] * np.uint64(0x165667B19E3779F9) + words[:, 3])
    order = np.argsort(key, kind="stable")
    grouped = key[order]
    first = np.ones(log.count, dtype=bool)
    first[1:] = grouped[1:] != grouped[:-1]
    sequence = np.frombuffer(log.sequences, dtype="<i8")[order]
    expected_sequence = np.ones(log.count, dtype=np.int64)
    expected_sequence[1:] = sequence[:-1] + 1
    expected_sequence[first] = 1
    if not np.array_equal(sequence, expected_sequence):
        return False
    # Hashes are gathered as opaque 32-byte items (one copy each) and compared as 64-bit words.
    leaves = np.frombuffer(log.leaves, dtype="V32")[order]
    previous = np.frombuffer(log.previous, dtype="V32")[order]
    expected_previous = np.empty_like(previous)
    expected_previous[1:] = leaves[:-1]
    expected_previous[first] = np.frombuffer(_GENESIS, dtype="V32")[0]
    return bool(np.array_equal(previous.view("<u8"), expected_previous.view("<u8")))


def _fast_leaf_hashes() -> tuple[int, bytes] | None:
    """(event count, leaf hashes in log order) when every record, index column and link checks out."""
    if connection.vendor not in _CHUNK_SQL:
        return None
    total = CustodyEvent.objects.count()
    log = _scan_log_chunks(total)
    if log is None or not _chains_intact(log):
        return None
    return log.count, log.leaves


def _evidence_id(raw: Any) -> str:
    # SQLite stores a UUID as 32 hex digits, PostgreSQL returns uuid.UUID: the record holds the dashed form.
    # The node's own chain (no exhibit) is the nil UUID.
    if raw is None:
        return NODE_CHAIN_ID
    return str(raw if isinstance(raw, uuid.UUID) else uuid.UUID(hex=str(raw)))


def _event_rows() -> list[tuple[Any, ...]]:
    """Every custody event as (log_index, item, record, event_hash), in log order."""
    return list(CustodyEvent.objects.order_by("log_index").values_list("log_index", "item_id", "record", "event_hash"))


def _chain_name(raw: Any) -> str:
    """How a message names a chain: the exhibit's id, or the node's own chain."""
    return "the node's key history" if raw is None else f"evidence item {_evidence_id(raw)}"


def _record_from_row(row: tuple[Any, ...]) -> CustodyRecord:
    """The strict reading of one stored record; raises ValueError/TypeError naming what is wrong with it."""
    _log_index, item, record, stated = row
    data = json.loads(record)
    if not isinstance(data, dict):
        raise ValueError("the record is not a JSON object")
    parsed = CustodyRecord.from_mapping({**data, "event_hash": stated})
    if parsed.canonical_bytes() != record.encode("utf-8"):
        raise ValueError("the record is not canonical JSON")
    if parsed.evidence_id != _evidence_id(item):
        raise ValueError(f"the record belongs to evidence item {parsed.evidence_id}")
    return parsed


def _chains_exactly() -> tuple[int, bytes, str]:
    """The slow, exact reading that names the first broken link (run only when the fast pass finds one)."""
    rows = _event_rows()
    for position, row in enumerate(rows):
        if row[0] != position:
            return len(rows), b"", (f"log position {position} is missing or out of order "
                                    f"(found position {row[0]}, {_chain_name(row[1])})")
    by_item: dict[Any, list[tuple[int, CustodyRecord]]] = {}
    for row in rows:
        try:
            record = _record_from_row(row)
        except (TypeError, ValueError) as error:
            return len(rows), b"", f"{_chain_name(row[1])}: changed – log position {row[0]}: {error}"
        by_item.setdefault(row[1], []).append((row[0], record))
    for item, in_log_order in by_item.items():
        in_chain_order = sorted(in_log_order, key=lambda entry: (entry[1].sequence, entry[0]))
        report = verify_chain([record for _position, record in in_chain_order])
        if not report.is_intact:
            return len(rows), b"", f"{_chain_name(item)}: {report.problem} – {report.detail}"
        if in_chain_order != in_log_order:
            position, record = next(entry for entry, expected in zip(in_log_order, in_chain_order, strict=True)
                                    if entry != expected)
            return len(rows), b"", (f"{_chain_name(item)}: reordered – record {record.sequence} is at "
                                    f"log position {position}, out of its chain's order")
    return len(rows), b"".join(bytes.fromhex(row[3]) for row in rows), ""


def log_leaves() -> tuple[int, bytes, str, bool]:
    """(events, leaf hashes in log order, the first broken link named or "", whether the fast reading was used).

    The fast pass lets the database concatenate 20,000 records at a time, hashes each record once in the
    compiled scanner (its event hash is also its Merkle leaf hash) and checks every chain with numpy. Only when
    something is wrong does the exact, slower reading run — it parses every record strictly — to name it.
    """
    fast = _fast_leaf_hashes()
    if fast is not None:
        return fast[0], fast[1], "", True
    count, leaves, problem = _chains_exactly()
    return count, leaves, problem, False


def __getattr__(name: str) -> object:
    """`checkpoint_sign` and `custody_log_verify` moved to their own modules (checkpoints.py, log_verify.py);
    they are still found here for callers written before."""
    if name == "checkpoint_sign":
        from glacy.evidence.services.checkpoints import checkpoint_sign

        return checkpoint_sign
    if name in {"custody_log_verify", "LogReport"}:
        from glacy.evidence.services import log_verify

        return getattr(log_verify, name)
    raise AttributeError(name)
