"""Two authorities of one node exchange through the same message path as two nodes: every step after drafting
is a signed message in the outbox, delivered to this node's own inbox by the worker, receipted, and applied
exactly once (the shared row already holds the sender's step)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from glacy.cooperation.models import RequestEvent
from glacy.exchange.models import InboundMessage, OutboundMessage
from tests.cooperation.exchange_helpers import deliver_all, payload_of, sent_messages
from tests.cooperation.helpers import act, build_complete_request, requested_side_user, send

UTC = datetime.UTC


def test_each_step_travels_as_a_message_delivered_locally_and_receipted(world: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    assert sent_messages(request) == []  # drafting concerns the requesting side only
    request = send(world, request)
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution")
    messages = sent_messages(request)
    assert [message.message_type for message in messages] == [
        "cooperation.request.send", "cooperation.request.acknowledge", "cooperation.request.start_execution"]
    assert {message.status for message in messages} == {"queued"}
    assert [message.recipient_node for message in messages] == [settings.NODE_ID] * 3
    first = payload_of(messages[0])
    assert (first["action"], first["reference"], first["status"]) == ("send", request.reference, "sent")
    assert first["request_data"]["identifiers"][0]["kind"] == "ip"
    assert "case" not in first["request_data"]  # the requested side never receives the case
    assert first["actor"] == {"name": world.users["drafter"].get_full_name() or "own-drafter",
                              "roles": ["drafter"]}

    deliver_all()
    events_before = RequestEvent.objects.filter(request=request).count()
    assert [message.status for message in sent_messages(request)] == ["delivered"] * 3
    received = InboundMessage.objects.filter(conversation__conversation_id=request.pk).order_by("created_at")
    assert [(item.message_type, item.status) for item in received] == [
        ("cooperation.request.send", "applied"), ("cooperation.request.acknowledge", "applied"),
        ("cooperation.request.start_execution", "applied")]
    # Applied once: the shared row was not changed a second time, the timeline has each step once.
    request.refresh_from_db()
    assert request.status == "in_execution"
    assert list(RequestEvent.objects.filter(request=request).values_list("action", flat=True)) == [
        "create", "send", "acknowledge", "start_execution"]
    assert events_before == 4
    sent_ids = set(RequestEvent.objects.filter(request=request).exclude(sent_message=None).values_list(
        "sent_message", flat=True))
    assert sent_ids == {message.pk for message in messages}
    assert all(message.receipt and message.receipt_signed_at for message in OutboundMessage.objects.filter(
        pk__in=sent_ids))
