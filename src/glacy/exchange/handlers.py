"""The exchange's own message type: ``exchange.ping``, a connectivity check between two authorities.

Applying a ping changes nothing but the inbox's own record of it (received, applied, receipted), which is
what an operator checks after adding a peer; the benchmark sends pings through the full path.
"""

from __future__ import annotations

import uuid
from typing import Any

from glacy.exchange.models import OutboundMessage
from glacy.exchange.registry import IncomingMessage

PING = "exchange.ping"


def apply_ping(message: IncomingMessage) -> None:
    """A ping has no effect beyond being received in order and receipted."""


def ping_send(*, sender_authority: Any, recipient_authority: Any, note: str = "",
              conversation_id: uuid.UUID | None = None) -> OutboundMessage:
    """Queue a ping (inside the caller's transaction)."""
    from glacy.exchange.services.outbox import message_send

    return message_send(conversation_id=conversation_id or uuid.uuid4(), sender_authority=sender_authority,
                        recipient_authority=recipient_authority, message_type=PING, payload={"note": note})
