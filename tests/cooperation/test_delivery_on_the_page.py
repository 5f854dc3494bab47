"""The request page says where each step's message is: queued, delivered with the receipt verified, failed
(with "Send again", audited), received from another node — in English and French."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils import translation

from glacy.core.models import AuditEvent
from glacy.exchange.models import OutboundMessage
from tests.cooperation.exchange_helpers import deliver_all, sent_messages
from tests.cooperation.helpers import build_complete_request, send


def _history(client: Any, request: Any) -> str:
    page = client.get(reverse("request-detail", kwargs={"request_id": request.pk})).content.decode()
    return page[page.index('id="history"'):]


def test_the_timeline_shows_each_message_queued_then_delivered_with_its_receipt(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29"))
    client = client_for(world.users["drafter"])
    (message,) = sent_messages(request)
    assert f"Queued for {request.requested_authority}" in _history(client, request)
    deliver_all()
    message.refresh_from_db()
    at = message.delivered_at.strftime("%Y-%m-%d %H:%M")
    assert f"Delivered to {request.requested_authority} at {at} UTC, receipt verified" in _history(client, request)
    with translation.override("fr"):
        french = client.get(reverse("request-detail", kwargs={"request_id": request.pk}),
                            HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "receipt verified" in french or "accusé de réception vérifié" in french


def test_a_failed_message_can_be_sent_again_from_the_page(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29"))
    (message,) = sent_messages(request)
    OutboundMessage.objects.filter(pk=message.pk).update(status="failed", last_error="peer unreachable")
    client = client_for(world.users["drafter"])
    history = _history(client, request)
    assert f"Not delivered to {request.requested_authority}: peer unreachable" in history
    retry = reverse("request-message-retry", kwargs={"request_id": request.pk, "message_id": message.pk})
    assert retry in history
    # Another message id, or one of another conversation, is not found.
    missing = reverse("request-message-retry", kwargs={"request_id": request.pk, "message_id": uuid.uuid4()})
    assert client.post(missing).status_code == 404
    # A user of the side that did not send it sees no button and cannot retry it.
    assert client.post(retry).status_code == 302
    message.refresh_from_db()
    assert message.status == "queued"
    assert AuditEvent.objects.get(action="exchange.message_retry").actor == world.users["drafter"]
    deliver_all()
    message.refresh_from_db()
    assert message.status == "delivered"
