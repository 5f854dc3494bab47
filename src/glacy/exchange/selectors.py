"""Reads of the exchange: the administrator's overview and a conversation's messages for a request page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from glacy.exchange.models import InboundMessage, InboxIncident, OutboundMessage, Peer


@dataclass(frozen=True)
class PeerRow:
    peer: Peer
    queued: int
    failed: int


@dataclass(frozen=True)
class Overview:
    node: str
    queued: int
    failed: int
    delivered: int
    refused: int
    peers: list[PeerRow] = field(default_factory=list)
    incidents: list[InboxIncident] = field(default_factory=list)
    failed_messages: list[OutboundMessage] = field(default_factory=list)


def exchange_overview() -> Overview:
    """Counts by status, the backlog per peer and the latest inbox refusals (node administrators only)."""
    counts = dict(OutboundMessage.objects.values_list("status").annotate(total=Count("pk")).values_list(
        "status", "total"))
    backlog = {row["recipient_node"]: row for row in OutboundMessage.objects.values("recipient_node").annotate(
        queued=Count("pk", filter=Q(status=OutboundMessage.Status.QUEUED)),
        failed=Count("pk", filter=Q(status=OutboundMessage.Status.FAILED)))}
    rows = [PeerRow(peer=peer, queued=backlog.get(peer.node, {}).get("queued", 0),
                    failed=backlog.get(peer.node, {}).get("failed", 0)) for peer in Peer.objects.order_by("name")]
    return Overview(
        node=settings.NODE_ID, queued=counts.get(OutboundMessage.Status.QUEUED, 0),
        failed=counts.get(OutboundMessage.Status.FAILED, 0), delivered=counts.get(OutboundMessage.Status.DELIVERED, 0),
        refused=counts.get(OutboundMessage.Status.REFUSED, 0), peers=rows,
        incidents=list(InboxIncident.objects.order_by("-occurred_at")[:20]),
        failed_messages=list(OutboundMessage.objects.filter(status=OutboundMessage.Status.FAILED).select_related(
            "conversation").order_by("-last_attempt_at")[:50]),
    )


@dataclass(frozen=True)
class MessageLine:
    """One message of a conversation as a request page shows it."""

    direction: str  # "out" or "in"
    message_type: str
    sequence: int
    node: str
    status: str
    status_label: Any
    created_at: Any
    settled_at: Any  # delivered / received
    reason: str
    attempts: int
    last_error: str
    message_id: uuid.UUID


def conversation_messages(*, conversation_id: uuid.UUID, authority: Any) -> list[MessageLine]:
    """The messages `authority` sent and received in a conversation, oldest first (its own side only)."""
    scope = {"conversation__conversation_id": conversation_id, "conversation__local_authority": authority}
    lines = [MessageLine(
        direction="out", message_type=message.message_type, sequence=message.sequence,
        node=message.recipient_node, status=message.status, status_label=message.get_status_display(),
        created_at=message.created_at, settled_at=message.delivered_at or message.receipt_signed_at,
        reason=message.refusal_reason, attempts=message.attempts, last_error=message.last_error,
        message_id=message.pk) for message in OutboundMessage.objects.filter(**scope)]
    lines.extend(MessageLine(
        direction="in", message_type=received.message_type, sequence=received.sequence,
        node=received.sender_node, status=received.status, status_label=received.get_status_display(),
        created_at=received.created_at, settled_at=received.received_at, reason=received.refusal_reason,
        attempts=0, last_error="", message_id=received.pk) for received in InboundMessage.objects.filter(**scope))
    return sorted(lines, key=lambda line: line.created_at)
