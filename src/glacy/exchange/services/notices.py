"""Telling a sender that a message its receipt called "accepted, held" was refused once it could be applied.

A message that arrives before an earlier one of its conversation is stored and receipted at once ("accepted",
not yet applied) and applied when the gap is filled. If the domain then refuses it (e.g. the step it carries is
no longer possible), the sender's receipt no longer tells the truth: the receiving node sends, in the same
conversation, a signed ``exchange.message.refused`` notice naming the message, its hash and the reason, and the
sender marks its message refused, keeping the notice as proof. Both sides then agree on what happened.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.exchange.models import Conversation, InboundMessage, OutboundMessage
from glacy.exchange.registry import IncomingMessage

REFUSED_NOTICE = "exchange.message.refused"


def refusal_notice_send(*, side: Conversation, message: InboundMessage) -> None:
    """Queue the notice (inside the transaction that refused the held message)."""
    from glacy.exchange.services.outbox import message_send

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a refusal notice is sent in the transaction that refused the message")
    message_send(conversation_id=side.conversation_id, sender_authority=side.local_authority,
                 recipient_authority=side.remote_authority, message_type=REFUSED_NOTICE, payload={
                     "message": str(message.pk), "hash": message.signed_hash, "reason": message.refusal_reason})


def apply_refusal_notice(message: IncomingMessage) -> None:
    """Handler of `exchange.message.refused` on the original sender: the message is refused, with the reason."""
    payload: dict[str, Any] = message.payload
    if set(payload) != {"message", "hash", "reason"} or not all(isinstance(value, str) for value in payload.values()):
        raise ValidationFailed({"payload": ["a refusal notice holds exactly message, hash and reason"]})
    try:
        message_id = uuid.UUID(payload["message"])
    except ValueError as error:
        raise ValidationFailed({"message": ["not a message id"]}) from error
    original = OutboundMessage.objects.select_for_update().filter(
        pk=message_id, conversation=message.conversation, recipient_node=message.sender_node).first()
    if original is None or original.signed_hash != payload["hash"]:
        raise ValidationFailed({"message": ["no message of this conversation sent to your node has this id and "
                                            "hash"]})
    if original.status == OutboundMessage.Status.REFUSED:
        return
    previous = original.status
    original.status, original.lease_until = OutboundMessage.Status.REFUSED, None
    original.refusal_reason = payload["reason"][:4000]
    original.refusal_notice = message.id
    original.save(update_fields=["status", "lease_until", "refusal_reason", "refusal_notice"])
    record_event(actor=None, action="exchange.message_refused_after_held", obj=original,
                 authority=message.recipient_authority, before={"status": previous},
                 after={"status": original.status, "reason": original.refusal_reason, "notice": message.id,
                        "notice_hash": message.signed_hash})
