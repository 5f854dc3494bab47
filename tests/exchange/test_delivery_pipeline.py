"""The delivery worker keeps both nodes busy: the next batch is on its way to the peer while the answers to the
previous one are recorded, and the batches still reach the peer one at a time, in order."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import transaction

from glacy.exchange import transport
from glacy.exchange.handlers import ping_send
from glacy.exchange.models import OutboundMessage, Peer
from glacy.exchange.services import delivery


@pytest.mark.django_db
def test_the_next_batch_is_posted_while_the_previous_answers_are_recorded(exchange_world: Any, settings: Any,
                                                                          monkeypatch: Any) -> None:
    settings.EXCHANGE_BATCH_MESSAGES = 1
    with transaction.atomic():
        sent = [ping_send(sender_authority=exchange_world.ours_other, recipient_authority=exchange_world.theirs,
                          note=f"check {index}") for index in range(3)]
    posts: list[int] = []
    second_posted = threading.Event()
    in_flight_while_settling: list[bool] = []

    def peer_inbox(base_url: str, tokens: list[str]) -> list[dict[str, Any]]:
        posts.append(len(tokens))
        if len(posts) == 2:
            second_posted.set()
        return [{"message": "?", "error": "busy", "detail": "try later", "retry": True} for _token in tokens]

    real_settle = delivery._settle

    def settle(message: OutboundMessage, result: dict[str, Any], now: Any) -> str:
        if not in_flight_while_settling:  # the first answer: has the second batch left meanwhile?
            in_flight_while_settling.append(second_posted.wait(timeout=10))
        return real_settle(message, result, now)

    monkeypatch.setattr(transport, "post_messages", peer_inbox)
    monkeypatch.setattr(delivery, "_settle", settle)
    assert delivery.deliver_due(worker="test") == 3
    assert in_flight_while_settling == [True]
    assert posts == [1, 1, 1]
    stored = OutboundMessage.objects.filter(pk__in=[message.pk for message in sent])
    assert sorted(stored.values_list("last_error", flat=True)) == ["busy: try later"] * 3
    assert set(stored.values_list("status", flat=True)) == {OutboundMessage.Status.QUEUED}


@pytest.mark.django_db
def test_a_peer_out_of_reach_leaves_every_batch_queued_for_a_later_attempt(exchange_world: Any, settings: Any,
                                                                           monkeypatch: Any) -> None:
    settings.EXCHANGE_BATCH_MESSAGES = 2
    with transaction.atomic():
        sent = [ping_send(sender_authority=exchange_world.ours_other, recipient_authority=exchange_world.theirs)
                for _index in range(3)]

    def unreachable(base_url: str, tokens: list[str]) -> list[dict[str, Any]]:
        raise transport.TransportError("ConnectError: connection refused")

    monkeypatch.setattr(transport, "post_messages", unreachable)
    assert delivery.deliver_due(worker="test") == 3
    stored = OutboundMessage.objects.filter(pk__in=[message.pk for message in sent])
    assert list(stored.values_list("last_error", flat=True)) == ["ConnectError: connection refused"] * 3
    assert all(message.next_attempt_at > message.last_attempt_at for message in stored)
    assert Peer.objects.get(node="ph-node").last_error == "ConnectError: connection refused"
