"""Receiving: open, check, apply exactly once and in order, and answer with a signed receipt.

Nothing in a message is trusted before, in this order: it decrypts with this node's current encryption key;
the sender node is a peer (or this node, for a local delivery); the signing key is in that node's verified key
history, the signature verifies with it, and the key was valid (not retired, not revoked, confirmed) when the
message was created; the message is addressed to this node and to an active authority of it, from an
authority the sender node publishes; it is inside its time window; the sender is the other party of the
conversation; its sequence number is the next one expected (a later one is held until the gap is filled,
an earlier one is a replay). A message id already applied is a duplicate: ignored, answered with the receipt
given the first time.

Refusals are logged (`InboxIncident`, audit event) and change nothing else. Once the signature is verified the
refusal is itself signed (a receipt with status "refused"), so the sender knows it is final; before that the
answer is a plain error, and `retry` tells the sender whether trying again later can help (a key it must
refresh, a peer not yet added or confirmed).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from glacy.core.audit import record_event
from glacy.core.errors import DomainError
from glacy.directory.models import Authority
from glacy.exchange import jose
from glacy.exchange.envelope import (
    MESSAGE_TYPE,
    RECEIPT_TYPE,
    Envelope,
    EnvelopeError,
    Receipt,
    envelope_hash,
    parse_envelope,
)
from glacy.exchange.keyfiles import key_fingerprint
from glacy.exchange.keyhistory import KeyHistoryError
from glacy.exchange.keys import (
    histories_read_once,
    is_confirmed,
    node_decryption_keys,
    node_history,
    node_signing_key,
    signing_key,
)
from glacy.exchange.models import Conversation, InboundMessage, InboxIncident, Peer
from glacy.exchange.registry import IncomingMessage, handler_for
from glacy.exchange.rows import one
from glacy.exchange.services.notices import refusal_notice_send
from glacy.exchange.services.outbox import MAXIMUM_LIFETIME, node_of

logger = logging.getLogger("glacy.exchange.inbox")

#: Clock difference tolerated between nodes (a message "created" a little in the future is not refused).
CLOCK_SKEW = datetime.timedelta(minutes=5)
#: Messages held per conversation while waiting for an earlier one (beyond: refused, the sender retries).
MAXIMUM_HELD = 200


Row = TypeVar("Row")
#: The rows already read in the current inbox POST (None outside `inbox_batch`).
_batch_rows: contextvars.ContextVar[dict[tuple[str, str], Any] | None] = contextvars.ContextVar(
    "glacy_inbox_batch", default=None)


@contextlib.contextmanager
def inbox_batch() -> Iterator[None]:
    """One inbox POST: the sending peer's record, the authorities named and the key histories are read once for
    all its messages, as they stood when the POST began (a peer suspended or an authority closed meanwhile is
    refused from the next POST on)."""
    token = _batch_rows.set({})
    try:
        with histories_read_once():
            yield
    finally:
        _batch_rows.reset(token)


def _read_once(kind: str, key: str, load: Callable[[], Row]) -> Row:
    memo = _batch_rows.get()
    if memo is None:
        return load()
    if (kind, key) not in memo:
        memo[(kind, key)] = load()
    return memo[(kind, key)]  # type: ignore[no-any-return]


def _authority(pk: Any) -> Authority | None:
    return _read_once("authority", str(pk), lambda: one(Authority.objects.filter(pk=pk)))


@dataclass(frozen=True)
class InboxResult:
    """The answer for one delivered message: a signed receipt, or an error code with a detail."""

    message_id: str
    receipt: str = ""
    error: str = ""
    detail: str = ""
    retry: bool = False

    def as_json(self) -> dict[str, Any]:
        if self.receipt:
            return {"message": self.message_id, "receipt": self.receipt}
        return {"message": self.message_id, "error": self.error, "detail": self.detail, "retry": self.retry}


class _Refusal(Exception):
    def __init__(self, code: str, detail: str, *, retry: bool = False, signed: bool = False) -> None:
        super().__init__(detail)
        self.code, self.detail, self.retry, self.signed = code, detail, retry, signed


def log_incident(*, code: str, detail: str, node: str, message_id: str, remote_address: str) -> None:
    logger.warning("inbox refused %s from %s (%s): %s", message_id or "?", node or "?", code, detail)
    with transaction.atomic():
        incident = InboxIncident.objects.create(claimed_node=node[:63], message_id=message_id[:36], reason_code=code,
                                                detail=detail[:2000], remote_address=remote_address[:64])
        record_event(actor=None, action="exchange.message_refused" if code != "duplicate" else
                     "exchange.duplicate_ignored", obj=incident, object_repr=f"{code} {message_id}"[:300],
                     after={"node": node, "message": message_id, "reason": code, "detail": detail})


def _sign_receipt(envelope: Envelope, signed_hash: str, *, status: str, applied: bool, reason: str,
                  now: datetime.datetime) -> str:
    receipt = Receipt(message=envelope.id, hash=signed_hash, node=settings.NODE_ID, to=envelope.sender.node,
                      received_at=now, status=status, applied=applied, reason=reason)
    key = node_signing_key()
    return jose.sign(key, jose.compact_json(receipt.as_json()), kid=key_fingerprint(key.public_key()),
                     typ=RECEIPT_TYPE)


def _open(token: str) -> bytes:
    try:
        kid = str(jose.jwe_header(token).get("kid", ""))
    except jose.JoseFailure as error:
        raise _Refusal("malformed", str(error), retry=True) from error
    keys = node_decryption_keys()
    if kid not in keys:
        raise _Refusal("stale_encryption_key", "encrypted to a key that is not this node's current encryption key; "
                       "fetch this node's identity document and send again", retry=True)
    try:
        return jose.decrypt(token, keys[kid])[1]
    except jose.JoseFailure as error:
        # Damaged in transit or forged: the sender cannot tell which, so it may send its original again.
        raise _Refusal("undecryptable", str(error), retry=True) from error


def _authenticate(signed: str, now: datetime.datetime) -> tuple[Envelope, str]:
    """Check the signature, the key and its validity; the envelope and the signer's fingerprint."""
    try:
        unverified = jose.peek(signed)
        envelope = parse_envelope(jose.json_payload(unverified.payload))
    except (jose.JoseFailure, EnvelopeError) as error:
        raise _Refusal("malformed", str(error), retry=True) from error
    node = envelope.sender.node
    if node != settings.NODE_ID:
        peer = _read_once("peer", node, lambda: one(Peer.objects.filter(node=node)))
        if peer is None:
            raise _Refusal("unknown_sender", f"node {node} is not a peer of this node", retry=True)
        if peer.status != Peer.Status.ACTIVE:
            raise _Refusal("peer_not_active", f"node {node} is {peer.status} here",
                           retry=peer.status == Peer.Status.SUSPENDED)
    kid = str(unverified.header.get("kid", ""))
    try:
        record = signing_key(kid, node)
    except KeyHistoryError as error:
        raise _Refusal("key_history_broken", str(error)) from error
    if record is None:
        raise _Refusal("unknown_signing_key", f"key {kid[:16]}… is not in the key history of {node}; "
                       "send this node your identity document", retry=True)
    try:
        jose.verify(signed, record.public_key(), typ=MESSAGE_TYPE)  # type: ignore[arg-type]
    except jose.JoseFailure as error:
        raise _Refusal("bad_signature", str(error), retry=True) from error
    if record.needs_confirmation and node != settings.NODE_ID and not is_confirmed(node=node, fingerprint=kid):
        raise _Refusal("key_awaiting_confirmation", f"key {kid[:16]}… replaced a revoked key and an administrator "
                       "of this node has not confirmed it yet", retry=True)
    if not record.is_valid_at(envelope.created):
        state = "revoked" if record.revoked_at and envelope.created >= record.revoked_at else "not valid"
        raise _Refusal("key_not_valid", f"key {kid[:16]}… was {state} at {envelope.created.isoformat()}")
    return envelope, kid


def _check_addressing(envelope: Envelope, now: datetime.datetime) -> tuple[Authority, Authority]:
    if envelope.recipient.node != settings.NODE_ID:
        raise _Refusal("wrong_node", f"addressed to node {envelope.recipient.node}, this is {settings.NODE_ID}",
                       signed=True)
    if envelope.created > now + CLOCK_SKEW:
        raise _Refusal("not_yet_valid", "created in the future (check the sender's clock)", signed=True)
    if now > envelope.expires:
        raise _Refusal("expired", f"expired at {envelope.expires.isoformat()}", signed=True)
    if envelope.expires - envelope.created > MAXIMUM_LIFETIME:
        raise _Refusal("lifetime_too_long", "a message may not live longer than 30 days", signed=True)
    recipient = _authority(envelope.recipient.authority)
    if recipient is None or recipient.home_node or not recipient.is_active:
        raise _Refusal("unknown_recipient", "the recipient authority is not an active authority of this node",
                       signed=True)
    sender = _authority(envelope.sender.authority)
    if sender is None or node_of(sender) != envelope.sender.node:
        raise _Refusal("unknown_sender_authority", f"the sender authority is not one node {envelope.sender.node} "
                       "publishes (synchronise its directory)", retry=True)
    return recipient, sender


def _apply(message: InboundMessage, envelope: Envelope, side: Conversation, sender: Authority,
           recipient: Authority, now: datetime.datetime) -> None:
    """Run the handler in a savepoint: its refusal keeps nothing of its changes."""
    handler = handler_for(envelope.type)
    if handler is None:
        message.status, message.refusal_reason = InboundMessage.Status.REFUSED, f"unknown message type {envelope.type}"
        return
    incoming = IncomingMessage(id=envelope.id, conversation=side, sequence=envelope.sequence, type=envelope.type,
                               sender_node=envelope.sender.node, sender_authority=sender,
                               recipient_authority=recipient, created=envelope.created, payload=envelope.payload,
                               signed_hash=message.signed_hash)
    try:
        with transaction.atomic():
            handler(incoming)
    except DomainError as error:
        message.status, message.refusal_reason = InboundMessage.Status.REFUSED, str(error.message)
        return
    message.status, message.applied_at = InboundMessage.Status.APPLIED, now


def _apply_held(side: Conversation, sender: Authority, recipient: Authority, now: datetime.datetime) -> None:
    """Apply the held messages that now follow without a gap."""
    while True:
        held = InboundMessage.objects.filter(conversation=side, sequence=side.next_receive_sequence,
                                             status=InboundMessage.Status.HELD).first()
        if held is None:
            return
        envelope = parse_envelope(jose.json_payload(jose.peek(held.signed).payload))
        _apply(held, envelope, side, sender, recipient, now)
        held.save(update_fields=["status", "applied_at", "refusal_reason"])
        side.next_receive_sequence += 1
        if held.status == InboundMessage.Status.REFUSED:
            # Its receipt said "accepted, held": tell the sender it was refused once it could be applied.
            refusal_notice_send(side=side, message=held)
        record_event(actor=None, action=f"exchange.message_{held.status}", obj=held, authority=recipient,
                     after={"type": envelope.type, "from": envelope.sender.node, "sequence": envelope.sequence,
                            "hash": held.signed_hash, "reason": held.refusal_reason, "was_held": True})


def _record(envelope: Envelope, signed: str, kid: str, recipient: Authority, sender: Authority,
            now: datetime.datetime) -> InboundMessage:
    """Store and apply (or hold) the message and sign its receipt, all in one transaction."""
    signed_hash = envelope_hash(signed)
    with transaction.atomic():
        side = one(Conversation.objects.select_for_update().filter(conversation_id=envelope.conversation,
                                                                   local_authority=recipient))
        # A conversation's first message here: nothing of it was received, so nothing can be replayed or held.
        first_here = side is None
        if side is None:
            side = Conversation.objects.create(conversation_id=envelope.conversation, local_authority=recipient,
                                               remote_node=envelope.sender.node, remote_authority=sender)
        elif side.remote_authority_id != sender.pk or side.remote_node != envelope.sender.node:
            raise _Refusal("not_party", "the sender is not the other party of this conversation", signed=True)
        if envelope.sequence < side.next_receive_sequence or (not first_here and InboundMessage.objects.filter(
                conversation=side, sequence=envelope.sequence).exists()):
            raise _Refusal("sequence_replayed", f"message number {envelope.sequence} of this conversation was "
                           "already received with another id", signed=True)
        message = InboundMessage(id=envelope.id, conversation=side, sequence=envelope.sequence,
                                 message_type=envelope.type, sender_node=envelope.sender.node, signed=signed,
                                 signed_hash=signed_hash, signer_fingerprint=kid, created_at=envelope.created,
                                 received_at=now, status=InboundMessage.Status.HELD)
        if envelope.sequence == side.next_receive_sequence:
            _apply(message, envelope, side, sender, recipient, now)
            side.next_receive_sequence += 1
        elif not first_here and InboundMessage.objects.filter(
                conversation=side, status=InboundMessage.Status.HELD).count() >= MAXIMUM_HELD:
            raise _Refusal("too_many_held", "too many messages of this conversation wait for an earlier one",
                           retry=True)
        refused = message.status == InboundMessage.Status.REFUSED
        message.receipt = _sign_receipt(envelope, signed_hash, status="refused" if refused else "accepted",
                                        applied=message.status == InboundMessage.Status.APPLIED,
                                        reason=message.refusal_reason, now=now)
        message.save(force_insert=True)
        if message.status != InboundMessage.Status.HELD and not first_here:
            _apply_held(side, sender, recipient, now)
        side.save(update_fields=["next_receive_sequence", "updated_at"])
        record_event(actor=None, action=f"exchange.message_{message.status}", obj=message, authority=recipient,
                     after={"type": envelope.type, "from": envelope.sender.node, "sequence": envelope.sequence,
                            "hash": signed_hash, "reason": message.refusal_reason})
    return message


def inbox_receive(token: str, *, remote_address: str = "", now: datetime.datetime | None = None) -> InboxResult:
    """Take one encrypted message (compact JWE) and answer it (see the module docstring)."""
    node_history()  # first: on a new node this creates the key history the receipt will be checked against
    moment = now or timezone.now()
    node, message_id = "", ""
    envelope: Envelope | None = None
    signed = ""
    try:
        signed = _open(token.strip()).decode("ascii")
        envelope, kid = _authenticate(signed, moment)
        node, message_id = envelope.sender.node, str(envelope.id)
        existing = one(InboundMessage.objects.filter(pk=envelope.id))
        if existing is not None:
            if existing.signed_hash != envelope_hash(signed):
                raise _Refusal("id_reused", "this message id was already used for another message", signed=True)
            log_incident(code="duplicate", detail="already received; the first receipt is returned", node=node,
                          message_id=message_id, remote_address=remote_address)
            return InboxResult(message_id=message_id, receipt=existing.receipt)
        recipient, sender = _check_addressing(envelope, moment)
        try:
            message = _record(envelope, signed, kid, recipient, sender, moment)
        except IntegrityError as error:  # the same message delivered twice at once: the other one won
            raise _Refusal("concurrent_duplicate", "being received by another delivery", retry=True) from error
        return InboxResult(message_id=message_id, receipt=message.receipt)
    except _Refusal as refusal:
        log_incident(code=refusal.code, detail=refusal.detail, node=node, message_id=message_id,
                      remote_address=remote_address)
        if refusal.signed and envelope is not None:
            receipt = _sign_receipt(envelope, envelope_hash(signed), status="refused", applied=False,
                                    reason=f"{refusal.code}: {refusal.detail}", now=moment)
            return InboxResult(message_id=message_id, receipt=receipt)
        return InboxResult(message_id=message_id, error=refusal.code, detail=refusal.detail, retry=refusal.retry)
    except UnicodeError:
        log_incident(code="malformed", detail="the decrypted message is not a compact JWS", node=node,
                      message_id=message_id, remote_address=remote_address)
        return InboxResult(message_id=message_id, error="malformed", detail="not a compact JWS")

