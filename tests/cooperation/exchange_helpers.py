"""Running this node's exchange worker inside a test: deliver every queued message and move every transfer
until nothing is left to do (bounded)."""

from __future__ import annotations

from typing import Any

from glacy.exchange.models import OutboundMessage


def deliver_all(*, rounds: int = 60) -> int:
    """Run worker rounds until one does nothing; the number of rounds that worked."""
    from glacy.exchange.services.delivery import deliver_due
    from glacy.exchange.transfers.pump import transfers_pump

    for number in range(rounds):
        if deliver_due(worker="test") + transfers_pump(worker="test") == 0:
            return number
    raise AssertionError(f"the exchange still had work after {rounds} rounds")


def sent_messages(request: Any) -> list[OutboundMessage]:
    """The messages of a request's conversation, in the order they were queued."""
    return list(OutboundMessage.objects.filter(conversation__conversation_id=request.pk).order_by("created_at"))


def payload_of(message: OutboundMessage) -> dict[str, Any]:
    """The signed envelope's payload (the JWS of an outgoing message is ours: read, not verified)."""
    from glacy.exchange import jose

    return jose.json_payload(jose.peek(message.signed).payload)["payload"]
