"""Appending custody events, signing checkpoints, and re-checking the whole log.

Each event extends its item's hash chain and takes the next position of the node-wide log; the Merkle
root over the log (RFC 9162) is signed in checkpoints, so deleting the latest events or adding forged
ones — which a chain alone cannot reveal — contradicts a signed checkpoint.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import EventType, custody_record_create, format_utc, verify_chain
from glacy.evidence.merkle import leaf_hash, root_from_leaf_hashes
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
    leaves = [leaf_hash(bytes.fromhex(value)) for value in hashes]
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


def custody_log_verify() -> LogReport:
    """Re-check every item's chain, the log positions, and every checkpoint's root and signature."""
    events = list(CustodyEvent.objects.order_by("log_index"))
    for position, event in enumerate(events):
        if event.log_index != position:
            return LogReport(False, len(events), 0, f"log position {position} is missing or out of order "
                                                    f"(found position {event.log_index}, event {event.pk})")
    by_item: dict[Any, list[CustodyEvent]] = {}
    for event in events:
        by_item.setdefault(event.item_id, []).append(event)
    for item_id, item_events in by_item.items():
        ordered = sorted(item_events, key=lambda event: (event.sequence, event.log_index))
        report = verify_chain([event.as_record() for event in ordered])
        if not report.is_intact:
            return LogReport(False, len(events), 0, f"evidence item {item_id}: {report.problem} – {report.detail}")
    leaves = [leaf_hash(bytes.fromhex(event.event_hash)) for event in events]
    checkpoints = list(CustodyCheckpoint.objects.order_by("tree_size"))
    for checkpoint in checkpoints:
        if checkpoint.tree_size > len(leaves):
            return LogReport(False, len(events), len(checkpoints), f"checkpoint of {checkpoint.tree_size} events: "
                             f"the log has only {len(leaves)} (events were deleted)")
        if root_from_leaf_hashes(leaves[:checkpoint.tree_size]).hex() != checkpoint.root_hash:
            return LogReport(False, len(events), len(checkpoints),
                             f"checkpoint of {checkpoint.tree_size} events: the root no longer matches the log")
        if not verify(public_key_from_base64(checkpoint.public_key), checkpoint.statement.encode("utf-8"),
                      checkpoint.signature):
            return LogReport(False, len(events), len(checkpoints),
                             f"checkpoint of {checkpoint.tree_size} events: the signature is not valid")
    return LogReport(True, len(events), len(checkpoints))
