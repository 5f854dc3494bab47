"""The chain of custody of one evidence item, as a hash chain.

Chain of custody is the documented, unbroken record of who held, moved or looked at an item, when,
where and why (ISO/IEC 27037 §5.2; Convention on Cybercrime Art. 19 and 29-30 for seized and preserved
data handed to another Party). Each record is serialised as canonical JSON; its ``event_hash`` is the
RFC 9162 Merkle *leaf hash* of those bytes, SHA-256(0x00 || canonical record), and the next record carries
that hash as ``previous_hash``. One hash therefore serves both the exhibit's chain and the node-wide Merkle
log (merkle.py), so the log commits to the records' content and a verifier hashes each record once.
Changing, deleting, reordering or inserting a record breaks a link that ``custody_chain.verify_chain``
finds and names; deleting the *latest* records or appending forged ones is what the signed Merkle checkpoint
(merkle.py, signing.py) anchors.

To recompute an event hash by hand: ``(printf '\\0'; cat record.json) | sha256sum`` where record.json holds
the record's canonical bytes (the ``record`` value of its custody.jsonl line, verbatim).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from .canonical import canonical_json, canonical_text

__all__ = [
    "FIELD_TYPES",
    "GENESIS_HASH",
    "NODE_CHAIN_ID",
    "OPTIONAL_FIELDS",
    "RECORD_TEMPLATE",
    "CustodyRecord",
    "EventType",
    "custody_record_create",
    "event_hash_of",
    "format_utc",
    "parse_utc",
    "record_canonical_bytes",
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
    #: The platform re-hashed the stored original (``glacy evidence fixity``, an export, a download).
    FIXITY_CHECKED = "fixity_checked"
    #: The node's own chain (evidence id :data:`NODE_CHAIN_ID`): its signing key's history.
    KEY_CREATED = "key_created"
    KEY_ROTATED = "key_rotated"
    KEY_ENCRYPTION = "key_encryption"
    KEY_REVOKED = "key_revoked"


def format_utc(moment: datetime) -> str:
    """ISO 8601 UTC with a ``Z``: an explicit zone, so a record read abroad is never ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("custody times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    """The moment a custody time names (``format_utc``'s output, or any ISO 8601 time with a zone)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("custody times carry their zone")
    return moment


def event_hash_of(canonical_record: bytes) -> str:
    """The event hash of a record's canonical bytes: its RFC 9162 leaf hash SHA-256(0x00 || bytes), in hex."""
    return hashlib.sha256(b"\x00" + canonical_record).hexdigest()



#: The hashed fields in canonical key order (RFC 8785 sorts by UTF-16 code units; every key is ASCII), for
#: ``%`` with each string escaped by ``encode_basestring`` and each mapping as canonical text. The optional
#: fields (``details`` first, ``recorded_at`` between ``receiving_person`` and ``releasing_person``) are put in
#: their places when present.
RECORD_TEMPLATE = (
    '{%s"event_type":%s,"evidence_id":%s,"hashes_after":%s,"hashes_before":%s,"notes":%s,"performer":%s,'
    '"place":%s,"previous_hash":%s,"purpose":%s,"receiving_person":%s,%s"releasing_person":%s,"sequence":%d,'
    '"time":%s,"tool":%s}'
)

#: Every field of a record and its JSON type; ``event_hash`` is stored beside the record, not in it.
FIELD_TYPES: dict[str, type] = {
    "details": dict, "event_type": str, "evidence_id": str, "hashes_after": dict, "hashes_before": dict,
    "notes": str, "performer": str, "place": str, "previous_hash": str, "purpose": str, "receiving_person": str,
    "recorded_at": str, "releasing_person": str, "sequence": int, "time": str, "tool": str,
}
#: Fields a record may lack: records written before back-dating existed have no ``recorded_at`` (their
#: ``time`` is the time of recording), and ``details`` is present only when an event has some.
OPTIONAL_FIELDS = frozenset({"details", "recorded_at"})
#: The nil UUID: the evidence id of the node's own chain (its signing-key history), which belongs to no exhibit.
NODE_CHAIN_ID = "00000000-0000-0000-0000-000000000000"


def _mapping_json(value: Any) -> str:
    return "{}" if type(value) is dict and not value else canonical_text(value)


def record_canonical_bytes(
    *, sequence: Any, event_type: Any, evidence_id: Any, performer: Any, time: Any, previous_hash: Any,
    place: Any, purpose: Any, tool: Any, releasing_person: Any, receiving_person: Any, hashes_before: Any,
    hashes_after: Any, notes: Any, recorded_at: Any = None, details: Any = None,
) -> bytes:
    """``canonical_json`` of a record's hashed fields, fast: one C-level escape per string and one format.

    Byte-for-byte equal to ``canonical_json(record.hashed_fields())`` (a test compares them on generated
    records); any value that is not exactly ``str`` / ``int`` / ``dict`` takes the general serialiser, so a
    tampered database value of an unexpected type is serialised faithfully and then fails its hash.
    ``recorded_at`` and ``details`` are left out when None (absent), kept when present.
    """
    strings = (event_type, evidence_id, notes, performer, place, previous_hash, purpose, receiving_person,
               releasing_person, time, tool)
    if (type(sequence) is not int or type(hashes_before) is not dict or type(hashes_after) is not dict
            or not all(type(value) is str for value in strings)
            or not (recorded_at is None or type(recorded_at) is str)
            or not (details is None or type(details) is dict)):
        fields = {
            "sequence": sequence, "event_type": event_type, "evidence_id": evidence_id, "performer": performer,
            "time": time, "previous_hash": previous_hash, "place": place, "purpose": purpose, "tool": tool,
            "releasing_person": releasing_person, "receiving_person": receiving_person,
            "hashes_before": hashes_before, "hashes_after": hashes_after, "notes": notes}
        if recorded_at is not None:
            fields["recorded_at"] = recorded_at
        if details is not None:
            fields["details"] = details
        return canonical_json(fields)
    return (RECORD_TEMPLATE % (
        "" if details is None else f'"details":{_mapping_json(details)},',
        encode_basestring(event_type), encode_basestring(evidence_id), _mapping_json(hashes_after),
        _mapping_json(hashes_before), encode_basestring(notes), encode_basestring(performer),
        encode_basestring(place), encode_basestring(previous_hash), encode_basestring(purpose),
        encode_basestring(receiving_person),
        "" if recorded_at is None else f'"recorded_at":{encode_basestring(recorded_at)},',
        encode_basestring(releasing_person), sequence, encode_basestring(time), encode_basestring(tool),
    )).encode("utf-8")


@dataclass(frozen=True)
class CustodyRecord:
    """One custody event; ``event_hash`` is SHA-256(0x00 || canonical JSON of all other fields).

    ``time`` is when the act happened (a seizure may be recorded the next day); ``recorded_at`` is when the
    node wrote the record, which is the order of the chain and of the log. ``details`` holds what an event
    states beyond the common fields (the package digest of an export, the sender's log of an import, a key of
    the node's key history, a fixity result), as text values.
    """

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
    recorded_at: str | None = None
    details: dict[str, str] | None = None

    @property
    def recorded_time(self) -> str:
        """When the record was written: ``recorded_at``, or ``time`` for records from before back-dating."""
        return self.recorded_at if self.recorded_at is not None else self.time

    def hashed_fields(self) -> dict[str, Any]:
        """The fields covered by ``event_hash`` (everything except the hash itself and absent optional fields)."""
        fields = asdict(self)
        del fields["event_hash"]
        for name in OPTIONAL_FIELDS:
            if fields[name] is None:
                del fields[name]
        return fields

    def canonical_bytes(self) -> bytes:
        """The canonical JSON of the hashed fields: the Merkle leaf data whose leaf hash is ``event_hash``."""
        return record_canonical_bytes(
            sequence=self.sequence, event_type=self.event_type, evidence_id=self.evidence_id,
            performer=self.performer, time=self.time, previous_hash=self.previous_hash, place=self.place,
            purpose=self.purpose, tool=self.tool, releasing_person=self.releasing_person,
            receiving_person=self.receiving_person, hashes_before=self.hashes_before,
            hashes_after=self.hashes_after, notes=self.notes, recorded_at=self.recorded_at, details=self.details)

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
        data = json.loads(bytes(line).decode("utf-8"), object_pairs_hook=_refuse_duplicate_keys)
        if not isinstance(data, dict) or set(data) != {"event_hash", "record"}:
            raise ValueError("a custody line holds exactly event_hash and record")
        if not isinstance(data["record"], dict):
            raise ValueError("record must be a JSON object")
        record = cls.from_mapping({**data["record"], "event_hash": data["event_hash"]})
        if record.log_line() != bytes(line):
            raise ValueError("the custody line is not canonical JSON")
        return record

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CustodyRecord:
        """Rebuild a record from parsed JSON; unknown or missing fields raise (no silent defaults)."""
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown custody record fields: {sorted(unknown)}")
        missing = set(FIELD_TYPES) - OPTIONAL_FIELDS - set(data)
        if missing:
            raise ValueError(f"missing custody record fields: {sorted(missing)}")
        if "event_hash" not in data:
            raise ValueError("missing custody record fields: ['event_hash']")
        record = cls(**dict(data))
        for name, expected_type in {**FIELD_TYPES, "event_hash": str}.items():
            value = getattr(record, name)
            if name in OPTIONAL_FIELDS and name not in data:
                continue
            if not isinstance(value, expected_type) or isinstance(value, bool):
                raise ValueError(f"custody field {name} must be {expected_type.__name__}")
        for name in ("hashes_before", "hashes_after", "details"):
            if not all(isinstance(key, str) and isinstance(value, str)
                       for key, value in (getattr(record, name) or {}).items()):
                what = "names text values" if name == "details" else "maps algorithm names to hex digests"
                raise ValueError(f"custody field {name} {what} (strings)")
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
    recorded_at: datetime | None = None,
    place: str = "",
    purpose: str = "",
    tool: str = "",
    releasing_person: str = "",
    receiving_person: str = "",
    hashes_before: Mapping[str, str] | None = None,
    hashes_after: Mapping[str, str] | None = None,
    notes: str = "",
    details: Mapping[str, str] | None = None,
) -> CustodyRecord:
    """Build the next record of an evidence item's chain, linked to ``previous`` (None for the first).

    ``time`` is when the act happened, ``recorded_at`` when it is written (default: ``time``; the services pass
    the current time, so a back-dated act keeps both).
    """
    kind = EventType(event_type)
    if previous is not None and previous.evidence_id != evidence_id:
        raise ValueError("a custody chain belongs to one evidence item")
    fields: dict[str, Any] = {
        "sequence": 1 if previous is None else previous.sequence + 1,
        "event_type": kind.value,
        "evidence_id": evidence_id,
        "performer": performer,
        "time": format_utc(time),
        "recorded_at": format_utc(recorded_at if recorded_at is not None else time),
        "previous_hash": GENESIS_HASH if previous is None else previous.event_hash,
        "place": place,
        "purpose": purpose,
        "tool": tool,
        "releasing_person": releasing_person,
        "receiving_person": receiving_person,
        "hashes_before": dict(hashes_before or {}),
        "hashes_after": dict(hashes_after or {}),
        "notes": notes,
        "details": dict(details) if details else None,
    }
    event_hash = event_hash_of(record_canonical_bytes(**fields))
    return CustodyRecord(event_hash=event_hash, **fields)
