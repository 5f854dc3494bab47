"""The chain of custody of one evidence item, as a hash chain.

Chain of custody is the documented, unbroken record of who held, moved or looked at an item, when,
where and why (ISO/IEC 27037 §5.2; Convention on Cybercrime Art. 19 and 29-30 for seized and preserved
data handed to another Party). Each record is serialised as canonical JSON and hashed; the next record
carries that hash as ``previous_hash``. Changing, deleting, reordering or inserting a record therefore
breaks a link that :func:`verify_chain` finds and names. Deleting the *latest* records or appending
forged ones cannot be seen from the chain alone: that is what the signed Merkle checkpoint (merkle.py,
signing.py) anchors, passed here as ``expected_length`` / ``expected_head_hash``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import repeat
from operator import add, itemgetter, methodcaller
from typing import Any

from .canonical import canonical_json

__all__ = [
    "GENESIS_HASH",
    "ChainReport",
    "CustodyRecord",
    "EventType",
    "custody_record_create",
    "format_utc",
    "verify_chain",
    "verify_log_lines",
]

GENESIS_HASH = "0" * 64


class EventType(StrEnum):
    """What happened to the evidence (the vocabulary of the custody form)."""

    SEIZED = "seized"
    ACQUIRED = "acquired"
    RECEIVED = "received"
    TRANSFERRED = "transferred"
    ACCESSED = "accessed"
    EXAMINED = "examined"
    COPIED = "copied"
    VERIFIED = "verified"
    EXPORTED = "exported"
    SEALED = "sealed"
    RETURNED = "returned"
    DISPOSED = "disposed"


def format_utc(moment: datetime) -> str:
    """ISO 8601 UTC with a ``Z``: an explicit zone, so a record read abroad is never ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("custody times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class CustodyRecord:
    """One custody event; ``event_hash`` is SHA-256 of the canonical JSON of all other fields."""

    sequence: int
    event_type: str
    evidence_id: str
    performer: str
    time: str
    previous_hash: str
    event_hash: str
    place: str = ""
    purpose: str = ""
    tool: str = ""
    releasing_person: str = ""
    receiving_person: str = ""
    hashes_before: dict[str, str] = field(default_factory=dict)
    hashes_after: dict[str, str] = field(default_factory=dict)
    notes: str = ""

    def hashed_fields(self) -> dict[str, Any]:
        """The fields covered by ``event_hash`` (everything except the hash itself)."""
        fields = asdict(self)
        del fields["event_hash"]
        return fields

    def computed_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.hashed_fields())).hexdigest()

    def canonical_bytes(self) -> bytes:
        """The canonical JSON of the hashed fields: ``event_hash`` is SHA-256 of exactly these bytes."""
        return canonical_json(self.hashed_fields())

    def log_line(self) -> bytes:
        """One line of custody.jsonl: ``{"event_hash":…,"record":{…}}`` in canonical JSON.

        The record's canonical bytes appear verbatim inside the line, so a verifier can hash that slice
        directly, and ``sha256sum`` of the record alone reproduces the event hash.
        """
        return canonical_json({"event_hash": self.event_hash, "record": self.hashed_fields()})

    @property
    def leaf(self) -> bytes:
        """The record's Merkle leaf data in the node's log: its 32-byte event hash."""
        return bytes.fromhex(self.event_hash)

    @classmethod
    def from_log_line(cls, line: bytes) -> CustodyRecord:
        """Parse one custody.jsonl line; raises ValueError when it is not a custody record."""
        data = json.loads(line)
        if not isinstance(data, dict) or set(data) != {"event_hash", "record"}:
            raise ValueError("a custody line holds exactly event_hash and record")
        if not isinstance(data["record"], dict):
            raise ValueError("record must be a JSON object")
        return cls.from_mapping({**data["record"], "event_hash": data["event_hash"]})

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CustodyRecord:
        """Rebuild a record from parsed JSON; unknown or missing fields raise (no silent defaults)."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown custody record fields: {sorted(unknown)}")
        record = cls(**dict(data))
        for name, expected_type in _FIELD_TYPES.items():
            value = getattr(record, name)
            if not isinstance(value, expected_type) or isinstance(value, bool):
                raise ValueError(f"custody field {name} must be {expected_type.__name__}")
        return record


def custody_record_create(
    *,
    previous: CustodyRecord | None,
    event_type: EventType | str,
    evidence_id: str,
    performer: str,
    time: datetime,
    place: str = "",
    purpose: str = "",
    tool: str = "",
    releasing_person: str = "",
    receiving_person: str = "",
    hashes_before: Mapping[str, str] | None = None,
    hashes_after: Mapping[str, str] | None = None,
    notes: str = "",
) -> CustodyRecord:
    """Build the next record of an evidence item's chain, linked to ``previous`` (None for the first)."""
    kind = EventType(event_type)
    if previous is not None and previous.evidence_id != evidence_id:
        raise ValueError("a custody chain belongs to one evidence item")
    fields: dict[str, Any] = {
        "sequence": 1 if previous is None else previous.sequence + 1,
        "event_type": kind.value,
        "evidence_id": evidence_id,
        "performer": performer,
        "time": format_utc(time),
        "previous_hash": GENESIS_HASH if previous is None else previous.event_hash,
        "place": place,
        "purpose": purpose,
        "tool": tool,
        "releasing_person": releasing_person,
        "receiving_person": receiving_person,
        "hashes_before": dict(hashes_before or {}),
        "hashes_after": dict(hashes_after or {}),
        "notes": notes,
    }
    event_hash = hashlib.sha256(canonical_json(fields)).hexdigest()
    return CustodyRecord(event_hash=event_hash, **fields)


_FIELD_TYPES: dict[str, type] = {
    "sequence": int, "event_type": str, "evidence_id": str, "performer": str, "time": str,
    "previous_hash": str, "event_hash": str, "place": str, "purpose": str, "tool": str,
    "releasing_person": str, "receiving_person": str, "hashes_before": dict, "hashes_after": dict,
    "notes": str,
}


@dataclass(frozen=True)
class ChainReport:
    """Outcome of checking a chain: intact, or the first broken link and what broke it.

    ``problem`` is one of ``changed``, ``deleted``, ``reordered``, ``inserted`` (or None when intact);
    ``first_broken_sequence`` is the sequence number at which the chain stops being trustworthy.
    """

    is_intact: bool
    length: int
    head_hash: str
    first_broken_sequence: int | None = None
    problem: str | None = None
    detail: str = ""


def _broken(records: Sequence[CustodyRecord], sequence: int, problem: str, detail: str) -> ChainReport:
    head = records[-1].event_hash if records else GENESIS_HASH
    return ChainReport(False, len(records), head, sequence, problem, detail)


def verify_chain(
    records: Iterable[CustodyRecord],
    *,
    expected_length: int | None = None,
    expected_head_hash: str | None = None,
) -> ChainReport:
    """Check every record's own hash, every link and the sequence numbering, in order.

    The first anomaly wins: a record whose fields no longer match its hash was *changed*; a missing
    sequence number that appears later was *reordered*, one that never appears was *deleted*; a
    sequence number seen twice, or a link to a record that is not the previous one while the numbering
    is intact, points at an *inserted* record (or, if no duplicate follows, a *changed* link).
    """
    chain = list(records)
    seen: set[int] = set()
    # How often each sequence number occurs from the current position on: lets us tell "reordered"
    # from "deleted" in O(n) instead of rescanning the rest of the chain at every record.
    later = Counter(record.sequence for record in chain)
    previous_hash = GENESIS_HASH
    for position, record in enumerate(chain):
        expected = position + 1
        later[record.sequence] -= 1
        if record.computed_hash() != record.event_hash:
            return _broken(chain, record.sequence, "changed",
                           f"record {record.sequence}: content does not match its event hash")
        if record.sequence in seen or record.sequence < expected:
            return _broken(chain, record.sequence, "inserted",
                           f"record {record.sequence} appears again at position {expected}")
        if record.sequence > expected:
            if later[expected] > 0:
                return _broken(chain, expected, "reordered",
                               f"record {expected} is out of order (found {record.sequence} in its place)")
            return _broken(chain, expected, "deleted",
                           f"record {expected} is missing (next present is {record.sequence})")
        if record.previous_hash != previous_hash:
            if later[record.sequence] > 0:
                return _broken(chain, record.sequence, "inserted",
                               f"record {record.sequence} does not link to record {record.sequence - 1}"
                               " and its sequence number is used again later")
            return _broken(chain, record.sequence, "changed",
                           f"record {record.sequence} does not link to record {record.sequence - 1}")
        seen.add(record.sequence)
        previous_hash = record.event_hash
    if expected_length is not None and len(chain) < expected_length:
        return _broken(chain, len(chain) + 1, "deleted",
                       f"chain ends at record {len(chain)}; the checkpoint expects {expected_length}")
    if expected_length is not None and len(chain) > expected_length:
        return _broken(chain, expected_length + 1, "inserted",
                       f"record {expected_length + 1} is beyond the {expected_length} the checkpoint expects")
    if expected_head_hash is not None and previous_hash != expected_head_hash:
        return _broken(chain, len(chain), "changed",
                       f"record {len(chain)} is not the head recorded in the checkpoint")
    return ChainReport(True, len(chain), previous_hash)


_LINE_PREFIX = b'{"event_hash":"'
_RECORD_KEY = b'","record":'
_RECORD_START = len(_LINE_PREFIX) + 64 + len(_RECORD_KEY)
_PREVIOUS_KEY = b',"previous_hash":"'
_SEQUENCE_KEY = b',"sequence":'


def verify_log_lines(
    lines: Sequence[bytes],
    *,
    expected_length: int | None = None,
    expected_head_hash: str | None = None,
) -> ChainReport:
    """Verify a chain stored as custody.jsonl lines (see :meth:`CustodyRecord.log_line`), fast.

    The hashed record is a contiguous slice of each line, so every record costs one SHA-256 over a
    memoryview and a few C-level searches, with no JSON parsing and no per-record Python bytecode.
    ``previous_hash`` and ``sequence`` are found as the last keys of those names (only strings and
    integers follow them in key order). At the first anomaly the lines are parsed and handed to
    :func:`verify_chain`, which names the broken link exactly.
    """
    count = len(lines)
    if count and all(map(methodcaller("startswith", _LINE_PREFIX), lines)):
        views = list(map(itemgetter(slice(_RECORD_START, -1)), map(memoryview, lines)))  # type: ignore[arg-type]
        computed = b"".join(map(methodcaller("digest"), map(hashlib.sha256, views)))
        stated = b"".join(map(itemgetter(slice(len(_LINE_PREFIX), len(_LINE_PREFIX) + 64)), lines))
        positions = list(map(add, map(methodcaller("rfind", _PREVIOUS_KEY), lines), repeat(len(_PREVIOUS_KEY))))
        previous = b"".join(map(bytes.__getitem__, lines, map(slice, positions, map(add, positions, repeat(64)))))
        starts = list(map(add, map(methodcaller("rfind", _SEQUENCE_KEY), lines), repeat(len(_SEQUENCE_KEY))))
        sequences = b",".join(map(bytes.__getitem__, lines, map(slice, starts, map(
            bytes.find, lines, repeat(b","), starts))))
        try:
            is_intact = (
                bytes.fromhex(stated.decode("ascii")) == computed
                and bytes.fromhex(previous.decode("ascii")) == bytes(32) + computed[:-32]
                and sequences == b",".join(b"%d" % number for number in range(1, count + 1))
                and min(positions) >= len(_PREVIOUS_KEY)
                and (expected_length is None or expected_length == count)
                and (expected_head_hash is None or expected_head_hash == computed[-32:].hex())
            )
        except ValueError:  # a hash that is not hex: let the exact path say which record
            is_intact = False
        if is_intact:
            return ChainReport(True, count, computed[-32:].hex())
    records = [CustodyRecord.from_log_line(line) for line in lines]
    return verify_chain(records, expected_length=expected_length, expected_head_hash=expected_head_hash)
