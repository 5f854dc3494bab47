"""The node's identity document: who the node is, where to reach it, and its whole key history, signed by its
current signing key (a compact JWS, ``typ: glacy-identity+jws``).

An administrator of another node imports this document and confirms, through another channel (telephone,
letter, meeting), that the fingerprint of the key that signed it is the one `glacy node show` prints here.
Because the signature covers the hash of the newest key statement, which chains back to the first one, the
confirmed key vouches for the node's whole key history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from glacy.core.wording import _
from glacy.exchange import jose
from glacy.exchange.keyfiles import key_fingerprint
from glacy.exchange.keyhistory import (
    SIGNING,
    KeyHistory,
    KeyHistoryError,
    format_time,
    parse_time,
    statements_of,
    verify_history,
)
from glacy.exchange.keys import node_history, node_identity, node_signing_key

IDENTITY_TYPE = "glacy-identity+jws"
PROTOCOL = "glacy-exchange/1"
INBOX_PATH = "/exchange/inbox/"


def identity_payload(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    identity = node_identity()
    history = node_history()
    return {
        "protocol": PROTOCOL, "node": identity.node, "name": identity.name, "country": identity.country,
        "organisation": identity.organisation, "base_url": identity.base_url,
        "inbox": identity.base_url + INBOX_PATH, "issued_at": format_time(now or timezone.now()),
        "key_history": list(statements_of(history)), "history_head": history.head_hash,
    }


def identity_document(*, now: datetime.datetime | None = None) -> str:
    """This node's identity document, freshly signed."""
    key = node_signing_key()
    return jose.sign(key, jose.compact_json(identity_payload(now=now)), kid=key_fingerprint(key.public_key()),
                     typ=IDENTITY_TYPE)


@dataclass(frozen=True)
class PeerIdentity:
    """A verified identity document of another node."""

    node: str
    name: str
    country: str
    organisation: str
    base_url: str
    issued_at: datetime.datetime
    history: KeyHistory
    signer: str  # fingerprint of the key that signed the document (the node's current signing key)
    document: str


def read_identity_document(document: str) -> PeerIdentity:
    """Verify an identity document on its own terms: its key history verifies from the first statement, and
    the history's current signing key signed the document. Whether to TRUST that key is the caller's
    decision (an out-of-band fingerprint confirmation, or a history already trusted)."""
    document = document.strip()
    try:
        payload = jose.json_payload(jose.peek(document).payload)
    except jose.JoseFailure as error:
        raise KeyHistoryError(_("identity document: %(error)s") % {"error": str(error)}) from error
    if payload.get("protocol") != PROTOCOL:
        raise KeyHistoryError(_("identity document: protocol %(protocol)s is not %(expected)s") % {
            "protocol": repr(payload.get("protocol")), "expected": PROTOCOL})
    node = payload.get("node")
    statements = payload.get("key_history")
    if not isinstance(node, str) or not isinstance(statements, list) or not all(
            isinstance(item, str) for item in statements):
        raise KeyHistoryError(_("identity document: the node name or the key history is missing"))
    history = verify_history(node, statements)
    if history.head_hash != payload.get("history_head"):
        raise KeyHistoryError(_("identity document: its history head does not match its key history"))
    current = history.current(SIGNING)
    if current is None:
        raise KeyHistoryError(_("identity document: the node has no current signing key"))
    try:
        jose.verify(document, current.public_key(), typ=IDENTITY_TYPE)  # type: ignore[arg-type]
        issued_at = parse_time(payload.get("issued_at"))
    except (jose.JoseFailure, ValueError) as error:
        raise KeyHistoryError(_("identity document: %(error)s") % {"error": str(error)}) from error
    fields = {name: payload.get(name) for name in ("name", "country", "organisation", "base_url")}
    if not all(isinstance(value, str) for value in fields.values()) or not fields["name"] or not fields["base_url"]:
        raise KeyHistoryError(_("identity document: name, country, organisation and address must be text"))
    return PeerIdentity(node=node, name=str(fields["name"]), country=str(fields["country"]),
                        organisation=str(fields["organisation"]), base_url=str(fields["base_url"]).rstrip("/"),
                        issued_at=issued_at, history=history, signer=current.fingerprint, document=document)


def grouped(fingerprint: str) -> str:
    """A fingerprint as it is read aloud: 16 groups of 4 hex digits."""
    return " ".join(fingerprint[index:index + 4].upper() for index in range(0, len(fingerprint), 4))
