"""Appending custody events, signing checkpoints, and re-checking the whole log.

Each event extends its item's hash chain and takes the next position of the node-wide log; the Merkle
root over the log (RFC 9162) is signed in checkpoints, so deleting the latest events or adding forged
ones — which a chain alone cannot reveal — contradicts a signed checkpoint.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import methodcaller
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from glacy.evidence.canonical import canonical_json, canonical_text
from glacy.evidence.custody import (
    GENESIS_HASH,
    RECORD_TEMPLATE,
    CustodyRecord,
    EventType,
    custody_record_create,
    format_utc,
    verify_chain,
)
from glacy.evidence.merkle import MerkleTree, root_from_leaf_hashes
from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, CustodyLogHead, EvidenceItem
from glacy.evidence.signing import load_or_create_key, public_key_from_base64, sign_statement, verify


def _lock_head() -> CustodyLogHead:
    head, _created = CustodyLogHead.objects.select_for_update().get_or_create(pk=1)
    return head


def custody_append(*, item: EvidenceItem, event_type: EventType | str, performer: str,
                   time: datetime.datetime | None = None, **details: Any) -> CustodyEvent:
    """Append one event to the item's chain and the node's log. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("custody events are appended inside the transaction that makes the change")
    head = _lock_head()
    last = item.custody_events.order_by("-sequence").first()
    record = custody_record_create(previous=last.as_record() if last else None, event_type=event_type,
                                   evidence_id=str(item.pk), performer=performer, time=time or timezone.now(),
                                   **details)
    event = CustodyEvent.objects.create(
        log_index=head.size, item=item, sequence=record.sequence, event_type=record.event_type,
        performer=record.performer, time=record.time, place=record.place, purpose=record.purpose, tool=record.tool,
        releasing_person=record.releasing_person, receiving_person=record.receiving_person,
        hashes_before=record.hashes_before, hashes_after=record.hashes_after, notes=record.notes,
        previous_hash=record.previous_hash, event_hash=record.event_hash,
    )
    head.size += 1
    head.save(update_fields=["size"])
    return event


def log_root(tree_size: int | None = None) -> tuple[int, str]:
    """The Merkle root (hex) over the first `tree_size` events of the log (all when None)."""
    hashes = CustodyEvent.objects.order_by("log_index").values_list("event_hash", flat=True)
    if tree_size is not None:
        hashes = hashes[:tree_size]
    # An event hash is the RFC 9162 leaf hash of its record's canonical bytes (custody.py).
    leaves = [bytes.fromhex(value) for value in hashes]
    return len(leaves), root_from_leaf_hashes(leaves).hex()


@transaction.atomic
def checkpoint_sign() -> CustodyCheckpoint:
    """Sign the current root of the whole log with the node key (idempotent for an unchanged log)."""
    _lock_head()
    size, root = log_root()
    latest = CustodyCheckpoint.objects.order_by("-tree_size").first()
    if latest is not None and latest.tree_size == size:
        return latest
    statement = {"node": settings.NODE_NAME, "tree_size": size, "root_hash": root,
                 "signed_at": format_utc(timezone.now())}
    signed = sign_statement(load_or_create_key(settings.NODE_KEY_PATH), statement)
    return CustodyCheckpoint.objects.create(
        tree_size=size, root_hash=root, signed_at=str(statement["signed_at"]),
        statement=canonical_json(statement).decode("utf-8"), signature=signed.signature,
        public_key=signed.public_key, key_fingerprint=signed.key_fingerprint,
    )


@dataclass(frozen=True)
class LogReport:
    is_intact: bool
    events: int
    checkpoints: int
    problem: str = ""


#: Columns of a custody event row, in the order the verifier reads them.
_COLUMNS = ("log_index", "item", "sequence", "event_type", "performer", "time", "place", "purpose", "tool",
            "releasing_person", "receiving_person", "hashes_before", "hashes_after", "notes", "previous_hash",
            "event_hash")
_CHUNK_ROWS = 10_000
_DIGEST = methodcaller("digest")


def _event_rows() -> Iterator[list[tuple[Any, ...]]]:
    """Every custody event as a raw row, in log order, in chunks: no model instances, no per-field
    converters (item ids and JSON columns are converted once per distinct value by the verifier)."""
    meta = CustodyEvent._meta
    column_of = {field.name: field.column for field in meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column_of[name]) for name in _COLUMNS)
    order = connection.ops.quote_name(column_of["log_index"])
    with connection.cursor() as cursor:
        # Identifiers only, from the model metadata and quoted by the backend; no value is interpolated.
        cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} ORDER BY {order}")  # noqa: S608
        while rows := cursor.fetchmany(_CHUNK_ROWS):
            yield rows


def _evidence_id(raw: Any) -> str:
    # SQLite stores a UUID as 32 hex digits, PostgreSQL returns uuid.UUID: the record holds the dashed form.
    return str(raw if isinstance(raw, uuid.UUID) else uuid.UUID(hex=str(raw)))


def _json_value(raw: Any) -> Any:
    # Django reads JSON columns as text through a raw cursor (both backends); keep a decoded value as is.
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def _record_from_row(row: tuple[Any, ...]) -> CustodyRecord:
    (_log_index, item, sequence, event_type, performer, time, place, purpose, tool, releasing, receiving, before,
     after, notes, previous, stated) = row
    return CustodyRecord(sequence=sequence, event_type=event_type, evidence_id=_evidence_id(item),
                         performer=performer, time=time, previous_hash=previous, event_hash=stated, place=place,
                         purpose=purpose, tool=tool, releasing_person=releasing, receiving_person=receiving,
                         hashes_before=_json_value(before), hashes_after=_json_value(after), notes=notes)


def _fast_leaf_hashes() -> tuple[int, list[bytes]] | None:
    """(event count, leaf hashes in log order) when every row checks out, else None.

    Per row: the log position, the canonical bytes rebuilt from the columns (one C-level escape per string,
    one format), the link to the item's previous event and its sequence number. Per chunk: one SHA-256 per
    record (map() over the chunk), compared with the stored event hashes in one comparison.
    """
    template, escape, genesis = RECORD_TEMPLATE, encode_basestring, GENESIS_HASH
    evidence_ids: dict[Any, str] = {}
    hashes_json: dict[Any, str] = {"{}": "{}"}
    heads: dict[Any, tuple[int, str]] = {}
    leaves: list[bytes] = []
    position = 0
    for rows in _event_rows():
        records: list[bytes] = []
        stated_hashes: list[str] = []
        append_record, append_stated = records.append, stated_hashes.append
        try:
            for (log_index, item, sequence, event_type, performer, time, place, purpose, tool, releasing, receiving,
                 before, after, notes, previous, stated) in rows:
                if log_index != position:
                    return None
                position += 1
                head = heads.get(item)
                if head is None:
                    if sequence != 1 or previous != genesis:
                        return None
                    evidence_id = evidence_ids.get(item) or evidence_ids.setdefault(item, _evidence_id(item))
                elif sequence != head[0] + 1 or previous != head[1]:
                    return None
                else:
                    evidence_id = evidence_ids[item]
                heads[item] = (sequence, stated)
                after_json = hashes_json.get(after) or hashes_json.setdefault(after, _canonical_json_column(after))
                before_json = hashes_json.get(before) or hashes_json.setdefault(before, _canonical_json_column(before))
                if type(sequence) is not int:
                    return None
                append_record((template % (
                    escape(event_type), escape(evidence_id), after_json, before_json, escape(notes),
                    escape(performer), escape(place), escape(previous), escape(purpose), escape(receiving),
                    escape(releasing), sequence, escape(time), escape(tool))).encode("utf-8"))
                append_stated(stated)
        except (TypeError, ValueError):  # a NULL, a wrong type or unreadable JSON: the exact path names it
            return None
        digests = list(map(_DIGEST, map(hashlib.sha256, map(b"\x00".__add__, records))))
        if b"".join(digests).hex() != "".join(stated_hashes):
            return None
        leaves += digests
    return position, leaves


def _canonical_json_column(raw: Any) -> str:
    value = _json_value(raw)
    if type(value) is not dict or not all(type(key) is str and type(item) is str for key, item in value.items()):
        raise TypeError("hashes are a mapping of algorithm names to hex digests")
    return canonical_text(value)


def _chains_exactly() -> tuple[int, list[bytes], str]:
    """The slow, exact reading that names the first broken link (run only when the fast pass finds one)."""
    rows = [row for chunk in _event_rows() for row in chunk]
    for position, row in enumerate(rows):
        if row[0] != position:
            return len(rows), [], (f"log position {position} is missing or out of order "
                                   f"(found position {row[0]}, evidence item {_evidence_id(row[1])} record {row[2]})")
    by_item: dict[Any, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_item.setdefault(row[1], []).append(row)
    for item, item_rows in by_item.items():
        ordered = sorted(item_rows, key=lambda row: (row[2], row[0]))
        try:
            report = verify_chain([_record_from_row(row) for row in ordered])
        except (TypeError, ValueError) as error:
            return len(rows), [], f"evidence item {_evidence_id(item)}: changed – a field holds {error}"
        if not report.is_intact:
            return len(rows), [], f"evidence item {_evidence_id(item)}: {report.problem} – {report.detail}"
        if ordered != item_rows:
            first = next(row for row, expected in zip(item_rows, ordered, strict=True) if row != expected)
            return len(rows), [], (f"evidence item {_evidence_id(item)}: reordered – record {first[2]} is at log "
                                   f"position {first[0]}, out of its chain's order")
    return len(rows), [bytes.fromhex(row[15]) for row in rows], ""


def custody_log_verify() -> LogReport:
    """Re-check every item's chain, the log positions, and every checkpoint's root and signature.

    Streams raw rows in chunks, rebuilds each record's canonical bytes from its columns (so the bytes are
    canonical by construction and any changed column changes them), hashes each record once — its event
    hash is also its Merkle leaf hash — and builds the Merkle tree level by level, so each checkpoint's
    root costs O(log n). Only when something is wrong does the exact, slower reading run to name the first
    broken link.
    """
    fast = _fast_leaf_hashes()
    if fast is None:
        count, leaves, problem = _chains_exactly()
        if problem:
            return LogReport(False, count, 0, problem)
    else:
        count, leaves = fast
    tree = MerkleTree.from_leaf_hashes(leaves)
    checkpoints = list(CustodyCheckpoint.objects.order_by("tree_size"))
    for checkpoint in checkpoints:
        if checkpoint.tree_size > count:
            return LogReport(False, count, len(checkpoints), f"checkpoint of {checkpoint.tree_size} events: "
                             f"the log has only {count} (events were deleted)")
        if tree.root(checkpoint.tree_size).hex() != checkpoint.root_hash:
            return LogReport(False, count, len(checkpoints),
                             f"checkpoint of {checkpoint.tree_size} events: the root no longer matches the log")
        if not verify(public_key_from_base64(checkpoint.public_key), checkpoint.statement.encode("utf-8"),
                      checkpoint.signature):
            return LogReport(False, count, len(checkpoints),
                             f"checkpoint of {checkpoint.tree_size} events: the signature is not valid")
        statement = json.loads(checkpoint.statement)
        if (statement.get("tree_size"), statement.get("root_hash")) != (checkpoint.tree_size, checkpoint.root_hash):
            return LogReport(False, count, len(checkpoints),
                             f"checkpoint of {checkpoint.tree_size} events: the signed statement names another log")
    return LogReport(True, count, len(checkpoints))
