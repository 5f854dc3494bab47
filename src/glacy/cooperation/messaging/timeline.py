"""Where each message of a request is, for the request page: for a step this side took, the message that
carries it (queued, delivered with the other node's receipt verified, waiting there for an earlier message,
refused, failed — with retry); for a step the other side took, the message it came in; for a file (material,
evidence package), the transfer's progress.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from glacy.cooperation.models import RequestEvent
from glacy.exchange.labels import reason_in_words
from glacy.exchange.selectors import receipt_status


@dataclass(frozen=True)
class Delivery:
    """One line under a timeline step. `state`: queued, delivered, held, refused, failed, received."""

    state: str
    place: str  # the other node's name, or the other authority on this node
    at: datetime.datetime | None = None
    reason: str = ""
    attempts: int = 0
    next_attempt: datetime.datetime | None = None
    message_id: uuid.UUID | None = None
    can_retry: bool = False
    is_local: bool = False
    # A file: parts received by the other side, of all, and the transfer's state.
    parts_done: int | None = None
    parts: int | None = None
    file_state: str = ""
    file_reason: str = ""


def _node_names() -> dict[str, str]:
    from glacy.exchange.models import Peer

    return {settings.NODE_ID: settings.NODE_NAME, **dict(Peer.objects.values_list("node", "name"))}


def _receipt_applied(receipt: str) -> bool:
    """Whether the other node's (verified) receipt says the message was applied (false: held there)."""
    from glacy.exchange import jose

    try:
        return bool(jose.json_payload(jose.peek(receipt).payload).get("applied", True))
    except (jose.JoseFailure, ValueError):
        return True


def _outbound(message: Any, names: dict[str, str], *, other: str, may_retry: bool) -> Delivery:
    local = message.recipient_node == settings.NODE_ID
    place = other if local else names.get(message.recipient_node, message.recipient_node)
    common = {"place": place, "message_id": message.pk, "is_local": local, "attempts": message.attempts}
    if message.status == "delivered":
        held = not _receipt_applied(message.receipt)
        return Delivery(state="held" if held else "delivered", at=message.delivered_at, **common)
    if message.status == "refused":
        return Delivery(state="refused", at=message.delivered_at, reason=reason_in_words(message.refusal_reason),
                        **common)
    if message.status == "failed":
        return Delivery(state="failed", reason=reason_in_words(message.last_error), can_retry=may_retry, **common)
    return Delivery(state="queued", reason=reason_in_words(message.last_error), next_attempt=message.next_attempt_at,
                    **common)


def deliveries(events: list[RequestEvent], *, request: Any, viewer: Any) -> dict[uuid.UUID, Delivery]:
    """The delivery line of each event that has one, by event id (two queries per kind of message)."""
    from glacy.exchange.models import InboundMessage, OutboundMessage, OutgoingTransfer

    sent = {event.sent_message for event in events if event.sent_message}
    received = {event.received_message for event in events if event.received_message}
    if not sent and not received:
        return {}
    names = _node_names()
    outbound = {message.pk: message for message in OutboundMessage.objects.filter(pk__in=sent).select_related(
        "conversation")}
    transfers = {transfer.offer_id: transfer for transfer in OutgoingTransfer.objects.filter(offer_id__in=sent)}
    inbound = {message.pk: message for message in InboundMessage.objects.filter(pk__in=received)}
    can_act = viewer.has_role("drafter") or viewer.has_role("approver")
    lines: dict[uuid.UUID, Delivery] = {}
    for event in events:
        message = outbound.get(event.sent_message) if event.sent_message else None
        if message is not None:
            sender = message.conversation.local_authority_id
            other = request.requested_authority if sender == request.requesting_authority_id \
                else request.requesting_authority
            line = _outbound(message, names, other=str(other),
                             may_retry=can_act and sender == viewer.authority_id)
            transfer = transfers.get(message.pk)
            if transfer is not None:
                line = Delivery(**{**line.__dict__, "parts_done": transfer.chunks_confirmed,
                                   "parts": transfer.chunk_count, "file_state": transfer.status,
                                   "file_reason": transfer.result_reason or transfer.last_error})
            lines[event.pk] = line
            continue
        arrived = inbound.get(event.received_message) if event.received_message else None
        if arrived is not None and arrived.sender_node != settings.NODE_ID:
            lines[event.pk] = Delivery(state="received", place=names.get(arrived.sender_node, arrived.sender_node),
                                       at=arrived.received_at, message_id=arrived.pk)
    return lines


@dataclass(frozen=True)
class RefusedHere:
    """A message the other side sent about this request that this node refused once it could be applied (for
    instance one held until an earlier message arrived, which made it impossible): nothing of it was applied,
    and the sender was told with a signed notice."""

    kind: str  # the message's type, in the reader's language
    place: str
    at: datetime.datetime
    reason: str
    was_held: bool


def refused_here(*, request: Any, viewer: Any) -> list[RefusedHere]:
    """The messages of the viewer's side of this request's conversation that this node refused, oldest first."""
    from glacy.exchange.models import InboundMessage
    from glacy.exchange.registry import label_for

    names = _node_names()
    messages = InboundMessage.objects.filter(
        conversation__conversation_id=request.pk, conversation__local_authority_id=viewer.authority_id,
        status=InboundMessage.Status.REFUSED).order_by("received_at")
    return [RefusedHere(kind=str(label_for(message.message_type)),
                        place=names.get(message.sender_node, message.sender_node), at=message.received_at,
                        reason=reason_in_words(message.refusal_reason),
                        was_held=receipt_status(message.receipt) == "accepted") for message in messages]

