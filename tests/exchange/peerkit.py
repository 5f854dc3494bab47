"""A peer node simulated inside a test: its own keys, key history, identity document and messages, written with
the same standard JOSE calls any implementation would use, so the inbox is tested against messages it did not
produce itself (and against forged, tampered and replayed ones)."""

from __future__ import annotations

import base64
import datetime
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.utils import timezone
from joserfc import jwe, jws
from joserfc.jwk import OKPKey

from glacy.exchange.keyfiles import key_fingerprint
from glacy.exchange.keyhistory import (
    KeyHistory,
    apply_statement,
    format_time,
    statement_create,
    statement_encryption,
    statement_revoke,
    statement_rotate,
    statements_of,
)


def _compact(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class FakePeer:
    node: str
    country: str = "PH"
    base_url: str = "https://ph.example.org"
    signing: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    encryption: X25519PrivateKey = field(default_factory=X25519PrivateKey.generate)
    history: KeyHistory | None = None
    sent: dict[str, int] = field(default_factory=dict)  # conversation → last sequence

    def __post_init__(self) -> None:
        history = KeyHistory(node=self.node)
        start = timezone.now() - datetime.timedelta(days=30)
        history = apply_statement(history, statement_create(history, self.signing, moment=start, valid_from=start))
        self.history = apply_statement(history, statement_encryption(history, self.signing, self.encryption,
                                                                     moment=start))

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.signing.public_key())

    def _sign(self, payload: dict[str, Any], typ: str, key: Ed25519PrivateKey | None = None) -> str:
        signer = key or self.signing
        return jws.serialize_compact({"alg": "Ed25519", "kid": key_fingerprint(signer.public_key()), "typ": typ},
                                     _compact(payload), OKPKey.import_key(signer), algorithms=["Ed25519"])

    def identity_document(self, *, issued_at: datetime.datetime | None = None) -> str:
        assert self.history is not None
        return self._sign({
            "protocol": "glacy-exchange/1", "node": self.node, "name": f"{self.node} (test)",
            "country": self.country, "organisation": "", "base_url": self.base_url,
            "inbox": self.base_url + "/exchange/inbox/", "issued_at": format_time(issued_at or timezone.now()),
            "key_history": list(statements_of(self.history)), "history_head": self.history.head_hash,
        }, "glacy-identity+jws")

    def directory_document(self, authorities: list[dict[str, Any]], *, issued_at: datetime.datetime | None = None) -> str:
        return self._sign({"protocol": "glacy-exchange/1", "node": self.node,
                           "issued_at": format_time(issued_at or timezone.now()), "authorities": authorities},
                          "glacy-directory+jws")

    def rotate(self, moment: datetime.datetime) -> None:
        assert self.history is not None
        new = Ed25519PrivateKey.generate()
        self.history = apply_statement(self.history, statement_rotate(self.history, self.signing, new, moment=moment))
        self.signing = new

    def revoke_current(self, *, invalid_from: datetime.datetime, moment: datetime.datetime) -> Ed25519PrivateKey:
        """Revoke the current signing key; returns the old (compromised) key."""
        assert self.history is not None
        old, new = self.signing, Ed25519PrivateKey.generate()
        self.history = apply_statement(self.history, statement_revoke(
            self.history, old, fingerprint=key_fingerprint(old.public_key()), invalid_from=invalid_from,
            reason="stolen laptop", moment=moment, replacement=new))
        self.signing = new
        return old

    def envelope(self, *, conversation: uuid.UUID, sender_authority: Any, recipient_authority: Any,
                 message_type: str = "exchange.ping", payload: dict[str, Any] | None = None,
                 sequence: int | None = None, created: datetime.datetime | None = None,
                 lifetime: datetime.timedelta = datetime.timedelta(days=7), recipient_node: str | None = None,
                 message_id: uuid.UUID | None = None) -> dict[str, Any]:
        if sequence is None:
            sequence = self.sent.get(str(conversation), 0) + 1
        self.sent[str(conversation)] = max(sequence, self.sent.get(str(conversation), 0))
        moment = created or timezone.now()
        return {
            "protocol": "glacy-exchange/1", "id": str(message_id or uuid.uuid4()), "conversation": str(conversation),
            "sequence": sequence, "sender": {"node": self.node, "authority": str(getattr(sender_authority, "pk",
                                                                                           sender_authority))},
            "recipient": {"node": recipient_node or settings.NODE_ID,
                          "authority": str(getattr(recipient_authority, "pk", recipient_authority))},
            "created": format_time(moment), "expires": format_time(moment + lifetime), "type": message_type,
            "payload": payload or {},
        }

    def sign_envelope(self, envelope: dict[str, Any], key: Ed25519PrivateKey | None = None) -> str:
        return self._sign(envelope, "glacy-message+jws", key)

    @staticmethod
    def encrypt_for_node(signed: str) -> str:
        """Encrypt to the receiving node's current encryption key, taken from its own history."""
        from glacy.exchange.keyhistory import ENCRYPTION
        from glacy.exchange.keys import node_history

        record = node_history().current(ENCRYPTION)
        assert record is not None
        return jwe.encrypt_compact({"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": record.fingerprint,
                                    "cty": "glacy-message+jws"}, signed.encode(), OKPKey.import_key(record.jwk))

    def message(self, **envelope_arguments: Any) -> tuple[str, dict[str, Any]]:
        """An encrypted message and its envelope."""
        envelope = self.envelope(**envelope_arguments)
        return self.encrypt_for_node(self.sign_envelope(envelope)), envelope


def receipt_payload(receipt: str) -> dict[str, Any]:
    """Verify a receipt with the receiving node's key (from its history) and return its payload."""
    from glacy.exchange.keys import node_history

    kid = json.loads(base64.urlsafe_b64decode(receipt.split(".")[0] + "=="))["kid"]
    record = node_history().find(kid)
    assert record is not None
    verified = jws.deserialize_compact(receipt, OKPKey.import_key(record.jwk), algorithms=["Ed25519"])
    return json.loads(verified.payload)


def tamper_payload(signed: str, **changes: Any) -> str:
    header, payload, signature = signed.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(changes)
    return f"{header}.{base64.urlsafe_b64encode(_compact(data)).rstrip(b'=').decode()}.{signature}"


def registered_peer() -> Any:
    """A peer `ph-node` added the way an operator adds one (for pages and the authorization matrix)."""
    from django.db import transaction

    from glacy.exchange.models import Peer
    from glacy.exchange.services.peers import peer_add

    existing = Peer.objects.filter(node="ph-node").first()
    if existing is not None:
        return existing
    peer = FakePeer(node="ph-node")
    with transaction.atomic():
        return peer_add(actor=None, document=peer.identity_document(), fingerprint=peer.fingerprint)


def failed_message(world: Any) -> Any:
    """A message from the own authority to another one of this node whose delivery failed for good."""
    from django.db import transaction

    from glacy.exchange.handlers import ping_send
    from glacy.exchange.models import OutboundMessage

    with transaction.atomic():
        message = ping_send(sender_authority=world.own, recipient_authority=world.foreign)
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.FAILED,
                                                         last_error="test: the peer never answered")
    return message
