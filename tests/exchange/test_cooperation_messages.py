"""Cooperation over the exchange against a simulated peer node: a request sent from the peer creates this node's
copy (same id and reference, no case), each step of either side travels as a signed message and changes the
other side's row through the same service, with the person who acted recorded by name and authority."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from glacy.cooperation.models import Request, RequestEvent, RequestIdentifier
from glacy.cooperation.services.workflow import request_transition
from glacy.core.models import AuditEvent
from glacy.exchange.models import InboundMessage, OutboundMessage
from tests.cooperation.exchange_helpers import payload_of, sent_messages
from tests.exchange.peerkit import receipt_payload
from tests.exchange.peersteps import (
    PEER_OFFICER,
    local_officer,
    peer_sends,
    preservation_data,
    request_to_peer,
    step_payload,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _accepted(result: Any) -> dict[str, Any]:
    receipt = receipt_payload(result.receipt)
    assert (receipt["status"], receipt["reason"]) == ("accepted", "")
    return receipt


def _refused(result: Any) -> str:
    receipt = receipt_payload(result.receipt)
    assert receipt["status"] == "refused"
    return str(receipt["reason"])


def _receive_request(world: Any, *, sent_at: datetime.datetime) -> tuple[uuid.UUID, str]:
    request_id, reference = uuid.uuid4(), "PH-PRES-2026-0042"
    result = peer_sends(world, conversation=request_id, action="send", payload=step_payload(
        request_id=request_id, reference=reference, action="send", status="sent", time=sent_at,
        request_data=preservation_data(requesting=world.theirs, requested=world.ours_other)))
    _accepted(result)
    return request_id, reference


def test_a_request_sent_from_another_node_creates_this_nodes_copy(exchange_world: Any) -> None:
    sent_at = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=2)
    request_id, reference = _receive_request(exchange_world, sent_at=sent_at)

    copy = Request.objects.get(pk=request_id)
    assert (copy.reference, copy.status, copy.case, copy.sent_at, copy.request_type) == (
        reference, "sent", None, sent_at, "ETS185-29")
    assert (copy.requesting_authority, copy.requested_authority) == (exchange_world.theirs, exchange_world.ours_other)
    assert copy.offence_articles == ["ETS185:5"]
    assert list(RequestIdentifier.objects.filter(request=copy).values_list("display", flat=True)) == [
        "203.0.113.7:51234 at 2026-03-02T14:05:09+01:00"]
    event = RequestEvent.objects.get(request=copy)
    message = InboundMessage.objects.get(conversation__conversation_id=request_id)
    # The peer's officer is recorded by name and authority, without an account on this node.
    assert (event.action, event.actor, event.actor_name, event.authority, event.received_message) == (
        "send", None, PEER_OFFICER, exchange_world.theirs, message.pk)
    audit = AuditEvent.objects.get(action="request.send", object_id=str(request_id))
    assert (audit.actor, audit.actor_name, audit.authority) == (
        None, f"{PEER_OFFICER} (Philippines 24/7 point, ph-node)", exchange_world.ours_other)
    assert audit.after["from_node"] == "ph-node"
    # The 24/7 officer of this node sees it and acknowledges it: the step goes back to the peer's node.
    officer = local_officer(exchange_world)
    request_transition(actor=officer, request=copy, action="acknowledge", on_date=sent_at.date())
    (answer,) = sent_messages(copy)
    payload = payload_of(answer)
    assert (answer.recipient_node, answer.message_type, answer.status) == (
        "ph-node", "cooperation.request.acknowledge", "queued")
    assert (payload["status"], payload["inputs"]["on_date"], payload["actor"]["name"]) == (
        "acknowledged", sent_at.date().isoformat(), "Kwame Asante")
    assert payload["request_data"] is None


def test_steps_of_the_other_node_change_this_nodes_row_through_the_same_service(exchange_world: Any) -> None:
    officer = local_officer(exchange_world)
    request = request_to_peer(exchange_world, officer)
    (sent,) = sent_messages(request)
    data = payload_of(sent)["request_data"]
    assert (sent.recipient_node, data["requested_authority"], data["type"]) == (
        "ph-node", str(exchange_world.theirs.pk), "ETS185-29")
    taken_at = timezone.now()
    today = taken_at.astimezone(ZoneInfo(exchange_world.theirs.time_zone)).date()
    for action, status, inputs in (("acknowledge", "acknowledged", {"on_date": today.isoformat()}),
                                   ("start_execution", "in_execution", {}),
                                   ("execute", "executed", {"on_date": today.isoformat()})):
        _accepted(peer_sends(exchange_world, conversation=request.pk, action=action, recipient=officer.authority,
                             payload=step_payload(request_id=request.pk, reference=request.reference,
                                                  action=action, status=status, time=taken_at, **inputs)))
    request.refresh_from_db()
    # The dates the peer's officer recorded (today, there: the time the step was taken), as on the peer's node.
    assert (request.status, request.received_at, request.effected_at) == ("executed", taken_at, taken_at)
    assert request.next_deadline_code == "preservation_minimum"  # ETS 185 Art. 29(7)
    remote_events = RequestEvent.objects.filter(request=request, actor=None).order_by("created_at")
    assert [(event.action, event.actor_name, event.authority_id) for event in remote_events] == [
        (action, PEER_OFFICER, exchange_world.theirs.pk) for action in ("acknowledge", "start_execution", "execute")]
    assert sent_messages(request) == [sent]  # nothing is echoed back


def test_a_step_the_other_node_reports_in_another_state_is_refused(exchange_world: Any) -> None:
    officer = local_officer(exchange_world)
    request = request_to_peer(exchange_world, officer)
    reason = _refused(peer_sends(exchange_world, conversation=request.pk, action="start_execution",
                                 recipient=officer.authority, payload=step_payload(
                                     request_id=request.pk, reference=request.reference, action="start_execution",
                                     status="in_execution")))
    assert "is not possible while the request is sent" in reason
    reason = _refused(peer_sends(exchange_world, conversation=request.pk, action="acknowledge",
                                 recipient=officer.authority, payload=step_payload(
                                     request_id=request.pk, reference=request.reference, action="acknowledge",
                                     status="executed")))
    assert reason == "status: after acknowledge the request is acknowledged here but executed on the sending node"
    request.refresh_from_db()
    assert (request.status, RequestEvent.objects.filter(request=request, actor=None).count()) == ("sent", 0)


def test_a_message_held_then_refused_is_reported_back_to_the_sender(exchange_world: Any) -> None:
    officer = local_officer(exchange_world)
    request = request_to_peer(exchange_world, officer)
    common = {"conversation": request.pk, "recipient": officer.authority}
    held = peer_sends(exchange_world, action="start_execution", sequence=2, payload=step_payload(
        request_id=request.pk, reference=request.reference, action="start_execution", status="in_execution"),
        **common)
    assert (receipt_payload(held.receipt)["status"], receipt_payload(held.receipt)["applied"]) == ("accepted", False)
    refusal = peer_sends(exchange_world, action="refuse", sequence=1, payload=step_payload(
        request_id=request.pk, reference=request.reference, action="refuse", status="refused",
        reason_code="essential_interests", note="Essential interests.",
        partial_or_conditional_considered=True), **common)
    assert receipt_payload(refusal.receipt)["status"] == "accepted"
    request.refresh_from_db()
    assert request.status == "refused"
    second = InboundMessage.objects.get(conversation__conversation_id=request.pk, sequence=2)
    assert second.status == "refused"
    assert "is not possible while the request is refused" in second.refusal_reason
    notice = OutboundMessage.objects.get(message_type="exchange.message.refused")
    assert notice.recipient_node == "ph-node"
    assert payload_of(notice) == {"message": str(second.pk), "hash": second.signed_hash,
                                  "reason": second.refusal_reason}


def test_a_refusal_notice_from_the_other_node_marks_the_message_refused(exchange_world: Any) -> None:
    officer = local_officer(exchange_world)
    request = request_to_peer(exchange_world, officer)
    (sent,) = sent_messages(request)
    OutboundMessage.objects.filter(pk=sent.pk).update(status="delivered")
    token, envelope = exchange_world.peer.message(
        conversation=request.pk, sender_authority=exchange_world.theirs, recipient_authority=officer.authority,
        message_type="exchange.message.refused",
        payload={"message": str(sent.pk), "hash": sent.signed_hash, "reason": "the request was withdrawn"})
    from glacy.exchange.services.inbox import inbox_receive

    _accepted(inbox_receive(token))
    sent.refresh_from_db()
    assert (sent.status, sent.refusal_reason, str(sent.refusal_notice)) == (
        "refused", "the request was withdrawn", envelope["id"])
    token, _envelope = exchange_world.peer.message(
        conversation=request.pk, sender_authority=exchange_world.theirs, recipient_authority=officer.authority,
        message_type="exchange.message.refused",
        payload={"message": str(sent.pk), "hash": "0" * 64, "reason": "forged"})
    assert _refused(inbox_receive(token)).startswith("message: no message of this conversation")


def test_a_step_that_crossed_the_withdrawal_is_kept_but_not_applied(exchange_world: Any) -> None:
    officer = local_officer(exchange_world)
    request = request_to_peer(exchange_world, officer)
    request = request_transition(actor=officer, request=request, action="withdraw")
    _accepted(peer_sends(exchange_world, conversation=request.pk, action="acknowledge", recipient=officer.authority,
                         payload=step_payload(request_id=request.pk, reference=request.reference,
                                              action="acknowledge", status="acknowledged")))
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert RequestEvent.objects.filter(request=request).order_by("-created_at").first().action == "crossed_withdrawal"


def test_a_withdrawal_that_crossed_the_decision_ends_the_request_on_both_nodes(exchange_world: Any) -> None:
    sent_at = timezone.now() - datetime.timedelta(hours=1)
    request_id, reference = _receive_request(exchange_world, sent_at=sent_at)
    officer = local_officer(exchange_world)
    copy = Request.objects.get(pk=request_id)
    for action in ("acknowledge", "start_execution", "execute"):
        copy = request_transition(actor=officer, request=copy, action=action)
    _accepted(peer_sends(exchange_world, conversation=request_id, action="withdraw", payload=step_payload(
        request_id=request_id, reference=reference, action="withdraw", status="withdrawn")))
    copy.refresh_from_db()
    assert (copy.status, copy.closed_at is not None) == ("withdrawn", True)
    last = RequestEvent.objects.filter(request=copy).order_by("-created_at").first()
    assert (last.action, last.details) == ("withdraw", {"crossed_decision": "executed"})
