"""Sending: a domain service calls `message_send` inside its own transaction, so the signed message is in the
outbox if and only if the change it reports is committed (no message lost when the process dies after the
commit, none sent for a change rolled back). A worker delivers it (delivery.py)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import DomainError, ValidationFailed
from glacy.exchange import jose
from glacy.exchange.envelope import MESSAGE_TYPE, Envelope, Party, envelope_hash
from glacy.exchange.keyfiles import key_fingerprint
from glacy.exchange.keys import node_signing_key
from glacy.exchange.models import Conversation, OutboundMessage, Peer
from glacy.exchange.rows import one

#: How long a message may wait for delivery; the recipient refuses it after that (a replay window bound).
DEFAULT_LIFETIME = datetime.timedelta(days=7)
MAXIMUM_LIFETIME = datetime.timedelta(days=30)
#: A message's payload stays small (documents up to a few MB); evidence packages travel as transfers.
MAXIMUM_SIGNED_SIZE = 24 * 1024 * 1024


class PeerUnavailable(DomainError):
    """The recipient's node is not a peer this node may send to."""


def node_of(authority: Any) -> str:
    """The node an authority lives on: its home node, or this node."""
    return authority.home_node or settings.NODE_ID


def conversation_side(*, conversation_id: uuid.UUID, local_authority: Any, remote_authority: Any,
                      lock: bool = True) -> Conversation:
    """This node's side of a conversation for `local_authority`, created on first use; refuses a different
    other party than the one the conversation started with."""
    queryset = Conversation.objects.select_for_update() if lock else Conversation.objects
    side = one(queryset.filter(conversation_id=conversation_id, local_authority=local_authority))
    if side is None:
        # The new row is this transaction's until it commits: no lock to take.
        side = Conversation.objects.create(conversation_id=conversation_id, local_authority=local_authority,
                                           remote_node=node_of(remote_authority), remote_authority=remote_authority)
    elif side.remote_authority_id != remote_authority.pk:
        raise ValidationFailed({"recipient": [_("This conversation is with another authority.")]})
    return side


def message_send(*, conversation_id: uuid.UUID, sender_authority: Any, recipient_authority: Any, message_type: str,
                 payload: dict[str, Any], actor: Any = None, lifetime: datetime.timedelta = DEFAULT_LIFETIME,
                 now: datetime.datetime | None = None) -> OutboundMessage:
    """Sign a message and put it in the outbox. Must run inside the caller's transaction (enforced).

    `sender_authority` is an authority of this node; `recipient_authority` one of a peer (a remote copy) or of
    this node (then the message is delivered locally, through the same inbox).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("message_send must be called inside the transaction that makes the change")
    if sender_authority.is_remote:
        raise ValidationFailed({"sender": [_("Only an authority of this node can send from it.")]})
    if not datetime.timedelta(0) < lifetime <= MAXIMUM_LIFETIME:
        raise ValidationFailed({"lifetime": [_("A message lives between one second and thirty days.")]})
    recipient_node = node_of(recipient_authority)
    if recipient_node != settings.NODE_ID and not Peer.objects.filter(
            node=recipient_node, status=Peer.Status.ACTIVE).exists():
        raise PeerUnavailable(_("The node of %(authority)s (%(node)s) is not an active peer of this node.") % {
            "authority": recipient_authority, "node": recipient_node})
    side = conversation_side(conversation_id=conversation_id, local_authority=sender_authority,
                             remote_authority=recipient_authority)
    key = node_signing_key()  # first: on a new node this creates the key history, dated now
    moment = now or timezone.now()
    envelope = Envelope(id=uuid.uuid4(), conversation=conversation_id, sequence=side.next_send_sequence,
                        sender=Party(settings.NODE_ID, sender_authority.pk),
                        recipient=Party(recipient_node, recipient_authority.pk), created=moment,
                        expires=moment + lifetime, type=message_type, payload=payload)
    signed = jose.sign(key, jose.compact_json(envelope.as_json()), kid=key_fingerprint(key.public_key()),
                       typ=MESSAGE_TYPE)
    if len(signed) > MAXIMUM_SIGNED_SIZE:
        raise ValidationFailed({"payload": [_("The message is too large to send (documents over 16 MB travel "
                                              "as transfers).")]})
    side.next_send_sequence += 1
    side.save(update_fields=["next_send_sequence", "updated_at"])
    message = OutboundMessage.objects.create(
        id=envelope.id, conversation=side, sequence=envelope.sequence, message_type=message_type,
        recipient_node=recipient_node, signed=signed, signed_hash=envelope_hash(signed), created_at=moment,
        expires_at=envelope.expires, next_attempt_at=moment)
    record_event(actor=actor, action="exchange.message_queued", obj=message, authority=sender_authority,
                 after={"type": message_type, "conversation": conversation_id, "sequence": envelope.sequence,
                        "recipient_node": recipient_node, "hash": message.signed_hash})
    return message
