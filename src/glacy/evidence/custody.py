"""The chain of custody of one evidence item, as a hash chain.

Chain of custody is the documented, unbroken record of who held, moved or looked at an item, when,
where and why (ISO/IEC 27037 §5.2; Convention on Cybercrime Art. 19 and 29-30 for seized and preserved
data handed to another Party). Each record is serialised as canonical JSON; its ``event_hash`` is the
RFC 9162 Merkle *leaf hash* of those bytes, SHA-256(0x00 || canonical record), and the next record carries
that hash as ``previous_hash``. One hash therefore serves both the exhibit's chain and the node-wide Merkle
log (merkle.py), so the log commits to the records' content and a verifier hashes each record once.
Changing, deleting, reordering or inserting a record breaks a link that :func:`verify_chain` finds and
names. Deleting the *latest* records or appending forged ones cannot be seen from the chain alone: that is
what the signed Merkle checkpoint (merkle.py, signing.py) anchors, passed here as ``expected_length`` /
``expected_head_hash``.

To recompute an event hash by hand: ``(printf '\\0'; cat record.json) | sha256sum`` where record.json holds
the record's canonical bytes (the ``record`` value of its custody.jsonl line, verbatim).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from .canonical import canonical_json, canonical_text
from .merkle import root_from_leaf_hashes

__all__ = [
    "GENESIS_HASH",
    "RECORD_TEMPLATE",
    "ChainReport",
    "CustodyRecord",
    "EventType",
    "custody_record_create",
    "event_hash_of",
    "format_utc",
    "record_canonical_bytes",
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


def event_hash_of(canonical_record: bytes) -> str:
    """The event hash of a record's canonical bytes: its RFC 9162 leaf hash SHA-256(0x00 || bytes), in hex."""
    return hashlib.sha256(b"\x00" + canonical_record).hexdigest()


#: The hashed fields in canonical key order (RFC 8785 sorts by UTF-16 code units; every key is ASCII), for
#: ``%`` with each string escaped by ``encode_basestring`` and each hashes mapping as canonical text.
RECORD_TEMPLATE = (
    '{"event_type":%s,"evidence_id":%s,"hashes_after":%s,"hashes_before":%s,"notes":%s,"performer":%s,'
    '"place":%s,"previous_hash":%s,"purpose":%s,"receiving_person":%s,"releasing_person":%s,"sequence":%d,'
    '"time":%s,"tool":%s}'
)


def _hashes_json(value: Any) -> str:
    return "{}" if type(value) is dict and not value else canonical_text(value)


def record_canonical_bytes(
    *, sequence: Any, event_type: Any, evidence_id: Any, performer: Any, time: Any, previous_hash: Any,
    place: Any, purpose: Any, tool: Any, releasing_person: Any, receiving_person: Any, hashes_before: Any,
    hashes_after: Any, notes: Any,
) -> bytes:
    """``canonical_json`` of a record's hashed fields, fast: one C-level escape per string and one format.

    Byte-for-byte equal to ``canonical_json(record.hashed_fields())`` (a test compares them on generated
    records); any value that is not exactly ``str`` / ``int`` / ``dict`` takes the general serialiser, so a
    tampered database value of an unexpected type is serialised faithfully and then fails its hash.
    """
    strings = (event_type, evidence_id, notes, performer, place, previous_hash, purpose, receiving_person,
               releasing_person, time, tool)
    if type(sequence) is not int or type(hashes_before) is not dict or type(hashes_after) is not dict or not all(
            type(value) is str for value in strings):
        return canonical_json({
            "sequence": sequence, "event_type": event_type, "evidence_id": evidence_id, "performer": performer,
            "time": time, "previous_hash": previous_hash, "place": place, "purpose": purpose, "tool": tool,
            "releasing_person": releasing_person, "receiving_person": receiving_person,
            "hashes_before": hashes_before, "hashes_after": hashes_after, "notes": notes})
    return (RECORD_TEMPLATE % (
        encode_basestring(event_type), encode_basestring(evidence_id), _hashes_json(hashes_after),
        _hashes_json(hashes_before), encode_basestring(notes), encode_basestring(performer),
        encode_basestring(place), encode_basestring(previous_hash), encode_basestring(purpose),
        encode_basestring(receiving_person), encode_basestring(releasing_person), sequence,
        encode_basestring(time), encode_basestring(tool))).encode("utf-8")


@dataclass(frozen=True)
class CustodyRecord:
    """One custody event; ``event_hash`` is SHA-256(0x00 || canonical JSON of all other fields)."""

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

    def canonical_bytes(self) -> bytes:
        """The canonical JSON of the hashed fields: the Merkle leaf data whose leaf hash is ``event_hash``."""
        return record_canonical_bytes(
            sequence=self.sequence, event_type=self.event_type, evidence_id=self.evidence_id,
            performer=self.performer, time=self.time, previous_hash=self.previous_hash, place=self.place,
            purpose=self.purpose, tool=self.tool, releasing_person=self.releasing_person,
            receiving_person=self.receiving_person, hashes_before=self.hashes_before,
            hashes_after=self.hashes_after, notes=self.notes)

    def computed_hash(self) -> str:
        return event_hash_of(self.canonical_bytes())

    def log_line(self) -> bytes:
        """One line of custody.jsonl: ``{"event_hash":…,"record":{…}}`` in canonical JSON.

        The record's canonical bytes appear verbatim inside the line, so a verifier can hash that slice
        directly (prefixed with the 0x00 leaf marker) without parsing or re-serialising it.
        """
        return b'{"event_hash":%s,"record":%s}' % (
            canonical_json(self.event_hash), self.canonical_bytes())

    @property
    def leaf(self) -> bytes:
        """The record's Merkle leaf *data* in the node's log (its canonical bytes); its leaf hash is
        ``bytes.fromhex(event_hash)``."""
        return self.canonical_bytes()

    @classmethod
    def from_log_line(cls, line: bytes) -> CustodyRecord:
        """Parse one custody.jsonl line strictly; raises ValueError unless the line is exactly the canonical
        JSON of a custody record (no duplicate, unknown or missing keys, exact types, canonical bytes)."""
        data = json.loads(line, object_pairs_hook=_refuse_duplicate_keys)
        if not isinstance(data, dict) or set(data) != {"event_hash", "record"}:
            raise ValueError("a custody line holds exactly event_hash and record")
        if not isinstance(data["record"], dict):
            raise ValueError("record must be a JSON object")
        missing = set(_FIELD_TYPES) - {"event_hash"} - set(data["record"])
        if missing:
            raise ValueError(f"missing custody record fields: {sorted(missing)}")
        record = cls.from_mapping({**data["record"], "event_hash": data["event_hash"]})
        if record.log_line() != bytes(line):
            raise ValueError("the custody line is not canonical JSON")
        return record

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
        for name in ("hashes_before", "hashes_after"):
            if not all(isinstance(key, str) and isinstance(value, str) for key, value in getattr(record, name).items()):
                raise ValueError(f"custody field {name} maps algorithm names to hex digests (strings)")
        return record


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate keys in a custody record")
    return result


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
    event_hash = event_hash_of(record_canonical_bytes(**fields))
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
    merkle_root: str = ""


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


def verify_log_lines(
    lines: Sequence[bytes],
    *,
    expected_length: int | None = None,
    expected_head_hash: str | None = None,
    compute_merkle_root: bool = False,
) -> ChainReport:
    """Verify a chain stored as custody.jsonl lines (see :meth:`CustodyRecord.log_line`).

    Every line is parsed strictly — exactly the canonical bytes of the expected fields with the expected
    types (:meth:`CustodyRecord.from_log_line`) — so what a reader sees is what was hashed; a line that is not
    such a record is reported as ``changed`` at its line number. Then :func:`verify_chain` checks the hashes,
    the links and the numbering and names the first broken link. A package holds one exhibit's events, so
    this is fast enough; the node's whole log has its own verifier (services/custody.py).

    With ``compute_merkle_root`` an intact report also carries the RFC 9162 root of the records as leaves
    (what a checkpoint over exactly these records signs).
    """
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            records.append(CustodyRecord.from_log_line(line))
        except (ValueError, TypeError) as error:
            head = records[-1].event_hash if records else GENESIS_HASH
            return ChainReport(False, len(lines), head, number, "changed",
                               f"line {number} is not a canonical custody record: {error}")
    report = verify_chain(records, expected_length=expected_length, expected_head_hash=expected_head_hash)
    if report.is_intact and compute_merkle_root:
        leaf_hashes = [bytes.fromhex(record.event_hash) for record in records]
        return replace(report, merkle_root=root_from_leaf_hashes(leaf_hashes).hex())
    return report
