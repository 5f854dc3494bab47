"""The message envelope and the receipt: their JSON, signed as compact JWS and (envelopes) encrypted as compact
JWE. The JSON Schemas are in docs/exchange/ (envelope.schema.json, receipt.schema.json) with examples.

Envelope (the JWS payload, ``typ: glacy-message+jws``)::

    {"protocol": "glacy-exchange/1", "id": "<uuid>", "conversation": "<uuid>", "sequence": 1,
     "sender": {"node": "gh-node", "authority": "<uuid>"}, "recipient": {"node": "ph-node", "authority": "<uuid>"},
     "created": "2026-03-01T10:42:00.000000Z", "expires": "2026-03-08T10:42:00.000000Z",
     "type": "cooperation.request.sent", "payload": {...}}

`sequence` counts the messages one side has sent in the conversation (1, 2, …). The JWS is then encrypted to
the recipient node's current encryption key (JWE, ``cty: glacy-message+jws``).

Receipt (a JWS signed by the recipient node, ``typ: glacy-receipt+jws``)::

    {"protocol": "glacy-exchange/1", "message": "<uuid>", "hash": "<SHA-256 hex of the envelope JWS text>",
     "node": "ph-node", "to": "gh-node", "received_at": "<time>", "status": "accepted" | "refused",
     "applied": true, "reason": ""}

Framework-free.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Any

from glacy.exchange.keyhistory import format_time, parse_time

PROTOCOL = "glacy-exchange/1"
MESSAGE_TYPE = "glacy-message+jws"
RECEIPT_TYPE = "glacy-receipt+jws"
_NODE = re.compile(r"[a-z0-9][a-z0-9.-]{1,62}")
_MESSAGE_TYPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,4}")
ENVELOPE_FIELDS = frozenset({"protocol", "id", "conversation", "sequence", "sender", "recipient", "created",
                             "expires", "type", "payload"})
RECEIPT_FIELDS = frozenset({"protocol", "message", "hash", "node", "to", "received_at", "status", "applied",
                            "reason"})


class EnvelopeError(ValueError):
    """The envelope (or receipt) does not follow the schema; the message names the field."""


@dataclass(frozen=True)
class Party:
    node: str
    authority: uuid.UUID

    def as_json(self) -> dict[str, str]:
        return {"node": self.node, "authority": str(self.authority)}


@dataclass(frozen=True)
class Envelope:
    id: uuid.UUID
    conversation: uuid.UUID
    sequence: int
    sender: Party
    recipient: Party
    created: datetime.datetime
    expires: datetime.datetime
    type: str
    payload: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"protocol": PROTOCOL, "id": str(self.id), "conversation": str(self.conversation),
                "sequence": self.sequence, "sender": self.sender.as_json(), "recipient": self.recipient.as_json(),
                "created": format_time(self.created), "expires": format_time(self.expires), "type": self.type,
                "payload": self.payload}


def _uuid(value: Any, name: str) -> uuid.UUID:
    if not isinstance(value, str):
        raise EnvelopeError(f"{name}: must be a UUID string")
    try:
        parsed = uuid.UUID(value)
    except ValueError as error:
        raise EnvelopeError(f"{name}: not a UUID") from error
    if str(parsed) != value:
        raise EnvelopeError(f"{name}: must be a UUID in lower-case hyphenated form")
    return parsed


def _time(value: Any, name: str) -> datetime.datetime:
    try:
        return parse_time(value)
    except ValueError as error:
        raise EnvelopeError(f"{name}: {error}") from error


def _party(value: Any, name: str) -> Party:
    if not isinstance(value, dict) or set(value) != {"node", "authority"}:
        raise EnvelopeError(f"{name}: must be an object with exactly 'node' and 'authority'")
    node = value["node"]
    if not isinstance(node, str) or not _NODE.fullmatch(node):
        raise EnvelopeError(f"{name}.node: not a node name")
    return Party(node=node, authority=_uuid(value["authority"], f"{name}.authority"))


def parse_envelope(data: dict[str, Any]) -> Envelope:
    """Check an envelope against the schema (strictly: no missing or extra field) and return it."""
    missing, extra = ENVELOPE_FIELDS - set(data), set(data) - ENVELOPE_FIELDS
    if missing or extra:
        raise EnvelopeError(f"fields missing: {sorted(missing)}, unexpected: {sorted(extra)}")
    if data["protocol"] != PROTOCOL:
        raise EnvelopeError(f"protocol: {data['protocol']!r} is not {PROTOCOL}")
    sequence = data["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise EnvelopeError("sequence: must be a whole number from 1")
    message_type = data["type"]
    if not isinstance(message_type, str) or not _MESSAGE_TYPE.fullmatch(message_type):
        raise EnvelopeError("type: must look like 'app.subject.event'")
    if not isinstance(data["payload"], dict):
        raise EnvelopeError("payload: must be an object")
    created, expires = _time(data["created"], "created"), _time(data["expires"], "expires")
    if expires <= created:
        raise EnvelopeError("expires: must be after created")
    return Envelope(id=_uuid(data["id"], "id"), conversation=_uuid(data["conversation"], "conversation"),
                    sequence=sequence, sender=_party(data["sender"], "sender"),
                    recipient=_party(data["recipient"], "recipient"), created=created, expires=expires,
                    type=message_type, payload=data["payload"])


def envelope_hash(signed: str) -> str:
    """What a receipt names: SHA-256 (hex) of the envelope's JWS text as it was signed."""
    return hashlib.sha256(signed.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Receipt:
    message: uuid.UUID
    hash: str
    node: str
    to: str
    received_at: datetime.datetime
    status: str  # "accepted" or "refused"
    applied: bool
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"protocol": PROTOCOL, "message": str(self.message), "hash": self.hash, "node": self.node,
                "to": self.to, "received_at": format_time(self.received_at), "status": self.status,
                "applied": self.applied, "reason": self.reason}


def parse_receipt(data: dict[str, Any]) -> Receipt:
    missing, extra = RECEIPT_FIELDS - set(data), set(data) - RECEIPT_FIELDS
    if missing or extra:
        raise EnvelopeError(f"receipt fields missing: {sorted(missing)}, unexpected: {sorted(extra)}")
    if data["protocol"] != PROTOCOL or data["status"] not in {"accepted", "refused"}:
        raise EnvelopeError("receipt: unknown protocol or status")
    if not isinstance(data["hash"], str) or not re.fullmatch(r"[0-9a-f]{64}", data["hash"]):
        raise EnvelopeError("receipt hash: must be 64 lower-case hex digits")
    if not isinstance(data["applied"], bool) or not isinstance(data["reason"], str):
        raise EnvelopeError("receipt: 'applied' must be true or false and 'reason' text")
    for name in ("node", "to"):
        if not isinstance(data[name], str) or not _NODE.fullmatch(data[name]):
            raise EnvelopeError(f"receipt {name}: not a node name")
    return Receipt(message=_uuid(data["message"], "message"), hash=data["hash"], node=data["node"], to=data["to"],
                   received_at=_time(data["received_at"], "received_at"), status=data["status"],
                   applied=data["applied"], reason=data["reason"])
