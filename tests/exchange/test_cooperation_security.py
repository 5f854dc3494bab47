"""Security of cooperation over the exchange: a step signed by an unknown or revoked key, addressed to another
node, tampered with, about a request the sender is not party to, or naming authorities it does not speak for, is
refused with a clear reason and changes nothing; a peer reaches no authority's data beyond its own conversations
(a document offered for another authority's request is refused before anything is stored)."""

from __future__ import annotations

import base64
import datetime
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from glacy.cooperation.models import Request, RequestDocument, RequestEvent
from glacy.cooperation.services.workflow import request_transition
from glacy.core.models import AuditEvent
from glacy.exchange.models import InboxIncident, IncomingTransfer, OutboundMessage, Peer
from glacy.exchange.services.inbox import inbox_receive
from glacy.exchange.services.peers import peer_identity_update
from glacy.exchange.transfers import chunks
from glacy.exchange.transfers.services import chunk_receive
from tests.cooperation.exchange_helpers import deliver_all, payload_of
from tests.exchange.peerkit import FakePeer, receipt_payload, tamper_payload
from tests.exchange.peersteps import local_officer, peer_sends, preservation_data, step_payload
from tests.factories import AuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _send_step(world: Any, request_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    return world.peer.envelope(
        conversation=request_id, sender_authority=world.theirs, recipient_authority=world.ours_other,
        message_type="cooperation.request.send", payload=step_payload(
            request_id=request_id, reference="PH-PRES-2026-0099", action="send", status="sent",
            request_data=preservation_data(requesting=world.theirs, requested=world.ours_other)), **overrides)


def _nothing_changed(request_id: uuid.UUID) -> None:
    assert not Request.objects.filter(pk=request_id).exists()
    assert not AuditEvent.objects.filter(object_id=str(request_id)).exists()


@pytest.mark.parametrize("forgery", ["unknown_key", "revoked_key", "other_node", "tampered"])
def test_a_forged_request_is_refused_with_its_reason_and_changes_nothing(exchange_world: Any, forgery: str) -> None:
    request_id = uuid.uuid4()
    peer = exchange_world.peer
    if forgery == "unknown_key":
        token = FakePeer.encrypt_for_node(peer.sign_envelope(_send_step(exchange_world, request_id),
                                                             key=Ed25519PrivateKey.generate()))
        expected = "unknown_signing_key"
    elif forgery == "revoked_key":
        stolen = peer.revoke_current(invalid_from=timezone.now() - datetime.timedelta(days=2),
                                     moment=timezone.now() - datetime.timedelta(days=1))
        peer_identity_update(actor=None, peer=Peer.objects.get(node="ph-node"), document=peer.identity_document())
        token = FakePeer.encrypt_for_node(peer.sign_envelope(_send_step(exchange_world, request_id), key=stolen))
        expected = "key_not_valid"
    elif forgery == "other_node":
        token = FakePeer.encrypt_for_node(peer.sign_envelope(_send_step(exchange_world, request_id,
                                                                        recipient_node="fr-node")))
        expected = "wrong_node"
    else:
        signed = peer.sign_envelope(_send_step(exchange_world, request_id))
        envelope = _send_step(exchange_world, request_id)
        envelope["payload"]["request_data"]["content"]["data_sought"] = "Every account of the ministry."
        token = FakePeer.encrypt_for_node(tamper_payload(signed, payload=envelope["payload"]))
        expected = "bad_signature"
    result = inbox_receive(token)
    incident = InboxIncident.objects.get()
    assert incident.reason_code == expected
    reason = result.detail or receipt_payload(result.receipt)["reason"]
    assert reason  # the sender is told why
    _nothing_changed(request_id)


def _local_request_between_own_authorities(world: Any) -> Request:
    """A preservation request between two authorities of this node, sent."""
    from glacy.cooperation.services.cases import case_open
    from glacy.cooperation.services.requests import request_create, request_identifier_add
    from tests.cooperation.helpers import IP_IDENTIFIER, complete_content

    drafter = UserFactory(username="gh-central", authority=world.ours, roles=["drafter", "approver"])
    case = case_open(actor=drafter, data={"title": "Domestic case", "offence_articles": ["ETS185:5"]})
    request = request_create(actor=drafter, case=case, request_type="ETS185-29", requested_authority=world.ours_other,
                             content=complete_content("ETS185-29"))
    request_identifier_add(actor=drafter, request=request, kind="ip", raw=IP_IDENTIFIER)
    return request_transition(actor=drafter, request=request, action="send")


def _unchanged(request: Request) -> None:
    fresh = Request.objects.get(pk=request.pk)
    assert (fresh.status, fresh.updated_at) == (request.status, request.updated_at)
    assert list(RequestEvent.objects.filter(request=request).values_list("action", flat=True)) == ["create", "send"]


def test_a_peer_cannot_act_on_a_request_it_is_not_party_to(exchange_world: Any) -> None:
    request = _local_request_between_own_authorities(exchange_world)
    deliver_all()  # both local sides of the conversation exist
    payload = step_payload(request_id=request.pk, reference=request.reference, action="withdraw", status="withdrawn")
    # Into the conversation of the two local authorities: the conversation's parties are fixed.
    result = peer_sends(exchange_world, conversation=request.pk, action="withdraw", payload=payload,
                        recipient=exchange_world.ours_other)
    assert receipt_payload(result.receipt)["reason"] == (
        "not_party: the sender is not the other party of this conversation")
    # Through another authority of this node: the request's parties are checked by the handler.
    third = AuthorityFactory(country=exchange_world.ours.country, name="Ghana police cybercrime unit")
    result = peer_sends(exchange_world, conversation=request.pk, action="withdraw", payload=payload, recipient=third,
                        sequence=1)  # the first message of that authority's side of the conversation
    assert receipt_payload(result.receipt)["reason"] == "request: the sender is not the other party of this request"
    _unchanged(request)


def test_a_peer_cannot_speak_for_another_authority_in_what_a_request_sends(exchange_world: Any) -> None:
    request_id = uuid.uuid4()
    data = preservation_data(requesting=exchange_world.ours, requested=exchange_world.ours_other)
    result = peer_sends(exchange_world, conversation=request_id, action="send", payload=step_payload(
        request_id=request_id, reference="PH-PRES-2026-0100", action="send", status="sent", request_data=data))
    assert receipt_payload(result.receipt)["reason"] == (
        "request_data: the request names other authorities than the message")
    _nothing_changed(request_id)


def test_a_request_sent_under_an_existing_id_or_reference_is_refused(exchange_world: Any) -> None:
    existing = _local_request_between_own_authorities(exchange_world)
    deliver_all()
    data = preservation_data(requesting=exchange_world.theirs, requested=exchange_world.ours_other)
    result = peer_sends(exchange_world, conversation=existing.pk, action="send", payload=step_payload(
        request_id=existing.pk, reference="PH-PRES-2026-0101", action="send", status="sent", request_data=data))
    assert receipt_payload(result.receipt)["reason"].startswith("not_party")  # that conversation is taken
    other = uuid.uuid4()
    result = peer_sends(exchange_world, conversation=other, action="send", payload=step_payload(
        request_id=other, reference=existing.reference, action="send", status="sent", request_data=data))
    assert receipt_payload(result.receipt)["reason"] == f"reference: this node already has a request {existing.reference}"
    _unchanged(existing)
    _nothing_changed(other)


@pytest.mark.parametrize(("change", "reason"), [
    ({"actor": {"name": "", "roles": []}}, "actor.name: who took the step must be named"),
    ({"time": "yesterday"}, "time: not a UTC time of the form 2026-03-01T10:42:00.000000Z: 'yesterday'"),
    ({"request_data": None}, "request_data: a request sent holds exactly"),
    ({"surprise": 1}, "payload: fields missing: [], unexpected: ['surprise']"),
])
def test_a_malformed_step_is_refused_naming_the_field(exchange_world: Any, change: dict[str, Any],
                                                      reason: str) -> None:
    request_id = uuid.uuid4()
    payload = step_payload(request_id=request_id, reference="PH-PRES-2026-0102", action="send", status="sent",
                           request_data=preservation_data(requesting=exchange_world.theirs,
                                                          requested=exchange_world.ours_other)) | change
    result = peer_sends(exchange_world, conversation=request_id, action="send", payload=payload)
    assert receipt_payload(result.receipt)["reason"].startswith(reason)
    _nothing_changed(request_id)


def test_a_document_offered_for_another_authoritys_request_is_refused_before_anything_is_stored(
        exchange_world: Any) -> None:
    request = _local_request_between_own_authorities(exchange_world)
    transfer_id, key = uuid.uuid4(), b"k" * 32
    body = b"%PDF-1.7 material the peer wants to slip into another authority's request"
    metadata = {"request": str(request.pk), "document": str(uuid.uuid4()), "kind": "supplied",
                "filename": "material.pdf", "media_type": "application/pdf",
                "sha256": chunks.chunk_sha256(body), "size": len(body), "language": "",
                "actor": {"name": "Maria Santos", "roles": ["drafter"]}}
    conversation = uuid.uuid4()
    token, _ = exchange_world.peer.message(
        conversation=conversation, sender_authority=exchange_world.theirs, recipient_authority=exchange_world.ours,
        message_type="exchange.transfer.offer", payload={
            "transfer": str(transfer_id), "purpose": "cooperation.document", "metadata": metadata,
            "file_name": "material.pdf", "size": len(body), "chunk_size": 65536, "chunk_count": 1,
            "key": base64.b64encode(key).decode()})
    assert receipt_payload(inbox_receive(token).receipt)["status"] == "accepted"
    sha256 = chunks.chunk_sha256(body)
    outcome = chunk_receive(transfer_id=transfer_id, index=0, token=chunks.access_token(key, str(transfer_id)),
                            sha256=sha256, body=chunks.encrypt_chunk(key, str(transfer_id), 0, sha256, body))
    assert outcome.code == "stored"
    token, _ = exchange_world.peer.message(
        conversation=conversation, sender_authority=exchange_world.theirs, recipient_authority=exchange_world.ours,
        message_type="exchange.transfer.sealed", payload={"transfer": str(transfer_id), "chunk_hashes": [sha256]})
    assert receipt_payload(inbox_receive(token).receipt)["status"] == "accepted"
    deliver_all()
    transfer = IncomingTransfer.objects.get(pk=transfer_id)
    assert (transfer.status, transfer.result_reason) == (
        "refused", "request: the message is about another request than its conversation")
    answer = OutboundMessage.objects.get(message_type="exchange.transfer.result")
    assert payload_of(answer)["status"] == "refused"  # the sender is told
    assert RequestDocument.objects.filter(request=request).count() == 0
    _unchanged(request)


def test_an_officer_of_this_node_reads_the_peer_officer_by_name_only(exchange_world: Any) -> None:
    """The remote officer has no account here: no user is created for them."""
    from glacy.directory.models import User

    users = User.objects.count()
    request_id = uuid.uuid4()
    peer_sends(exchange_world, conversation=request_id, action="send", payload=step_payload(
        request_id=request_id, reference="PH-PRES-2026-0103", action="send", status="sent",
        request_data=preservation_data(requesting=exchange_world.theirs, requested=exchange_world.ours_other)))
    officer = local_officer(exchange_world)
    assert User.objects.count() == users + 1  # only this test's own officer
    assert Request.objects.get(pk=request_id).events.get().actor_name == "Maria Santos"
    assert officer.authority == exchange_world.ours_other
