"""A message refused — by the other node's inbox (revoked or unknown key, bad signature…) or, once it could be
applied, by the request's rules after being held — is shown in words on the request page and to the node's
operator, in English and French: never a raw code."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from glacy.exchange.labels import reason_in_words
from glacy.exchange.models import InboundMessage, OutboundMessage
from glacy.exchange.services.delivery import _settle
from tests.exchange.peersteps import local_officer, peer_sends, request_to_peer, step_payload

pytestmark = pytest.mark.django_db


def test_a_stored_code_reads_as_words_in_both_languages() -> None:
    with translation.override("en"):
        assert reason_in_words("key_not_valid: signed by key 5f1c… revoked from 2026-11-02T09:00:00Z") == \
            "signed by a key that was revoked or retired at the time"
        assert reason_in_words("bad_signature: the JWS does not verify") == \
            "the signature does not match the content (tampered)"
        assert reason_in_words("unknown_peer: gh-node is not a peer of ph-node") == \
            "this node is not a peer of the receiving node"
        assert reason_in_words("expired before delivery; last error: unknown_sender: no peer gh-node") == \
            "expired before it could be delivered (last error: from a node that is not a peer)"
        assert reason_in_words("node ph-node is not an active peer") == \
            "ph-node is not an active peer (suspended, left, or never added)"
        # A reason the other side wrote in words is shown as written.
        assert reason_in_words("status: the request has another state here") == \
            "status: the request has another state here"
        assert reason_in_words("") == ""
    with translation.override("fr"):
        assert reason_in_words("key_not_valid: signed by key 5f1c… revoked") == \
            "signé par une clé révoquée ou retirée à cette date"
        assert reason_in_words("unknown_sender: no peer gh-node") == "provenant d'un nœud qui n'est pas un pair"


def _held_then_refused(world: Any) -> tuple[Any, Any, InboundMessage]:
    """The peer's 'start execution' arrives before its 'refuse' (held), then is refused once applicable."""
    officer = local_officer(world)
    request = request_to_peer(world, officer)
    common = {"conversation": request.pk, "recipient": officer.authority}
    peer_sends(world, action="start_execution", sequence=2, payload=step_payload(
        request_id=request.pk, reference=request.reference, action="start_execution", status="in_execution"),
        **common)
    peer_sends(world, action="refuse", sequence=1, payload=step_payload(
        request_id=request.pk, reference=request.reference, action="refuse", status="refused",
        reason_code="essential_interests", note="Essential interests.", partial_or_conditional_considered=True),
        **common)
    second = InboundMessage.objects.get(conversation__conversation_id=request.pk, sequence=2)
    assert second.status == "refused"
    return officer, request, second


def test_a_message_held_then_refused_is_told_on_the_request_page_in_both_languages(
        exchange_world: Any, client_for: Any) -> None:
    officer, request, second = _held_then_refused(exchange_world)
    url = reverse("request-detail", kwargs={"request_id": request.pk})
    page = client_for(officer).get(url).content.decode()
    assert "Messages refused on this node" in page
    received = timezone.localtime(second.received_at).strftime("%Y-%m-%d %H:%M")
    assert f"Start execution from ph-node (test), received at {received}" in page
    assert "was refused here and nothing of it was applied: " in page
    assert "ph-node (test) was told in a signed answer." in page
    assert "It had first been held until an earlier message arrived." in page
    assert "cooperation.request.start_execution" not in page

    officer.preferred_language = "fr"
    officer.save()
    page = client_for(officer).get(url).content.decode()
    assert "Messages refusés sur ce nœud" in page
    assert "Commencer l&#x27;exécution de ph-node (test), reçu le" in page
    assert "a été refusé ici et rien n'en a été appliqué : " in page
    assert "Il avait d'abord été mis en attente d'un message antérieur." in page


def test_the_operator_sees_messages_refused_here_and_by_the_other_node_in_words(
        exchange_world: Any, client_for: Any) -> None:
    from tests.factories import UserFactory

    officer, request, _second = _held_then_refused(exchange_world)
    # A message of this node that the other node's inbox refuses for good: signed by a key revoked there.
    reply = OutboundMessage.objects.filter(conversation__conversation_id=request.pk).order_by("sequence").first()
    _settle(reply, {"message": str(reply.pk), "error": "key_not_valid", "retry": False,
                    "detail": "signed by key 5f1c… revoked from 2026-11-02T09:00:00Z"}, timezone.now())
    reply.refresh_from_db()
    assert (reply.status, reply.refusal_reason) == (
        "failed", "key_not_valid: signed by key 5f1c… revoked from 2026-11-02T09:00:00Z")  # kept as is for the audit

    operator = UserFactory(username="node-operator", authority=exchange_world.ours, roles=["administrator"])
    operator.is_superuser = True
    operator.save()
    page = client_for(operator).get(reverse("exchange-home")).content.decode()
    assert "Received by this node and refused here" in page
    assert "(held first, then refused)" in page
    assert "signed by a key that was revoked or retired at the time" in page
    assert "key_not_valid" not in page

    history = client_for(officer).get(reverse("request-detail", kwargs={"request_id": request.pk})).content.decode()
    assert "signed by a key that was revoked or retired at the time" in history
    assert "key_not_valid" not in history

    operator.preferred_language = "fr"
    operator.save()
    page = client_for(operator).get(reverse("exchange-home")).content.decode()
    assert "Reçus par ce nœud et refusés ici" in page
    assert "(d'abord mis en attente, puis refusé)" in page
    assert "signé par une clé révoquée ou retirée à cette date" in page


def test_network_errors_read_as_words_in_both_languages() -> None:
    with translation.override("en"):
        assert reason_in_words("ConnectError: [Errno 111] Connection refused") == \
            "the node could not be reached (refused, no route or unknown address)"
        assert reason_in_words("ReadTimeout: timed out") == "the node took too long to answer"
        assert reason_in_words("the inbox answered HTTP 502: <html>Bad gateway</html>") == \
            "the node answered with an error (HTTP 502)"
        assert reason_in_words("/exchange/identity/ answered HTTP 404: {}") == \
            "the node answered with an error (HTTP 404)"
        assert reason_in_words("the inbox answer is not the protocol's JSON") == \
            "the node's answer is not the exchange protocol (check its address)"
        assert reason_in_words("directory: ConnectTimeout: timed out") == \
            "directory not synchronised: the node did not answer the connection in time"
        assert reason_in_words("SomethingElse: detail") == "SomethingElse: detail"  # unknown: as written
    with translation.override("fr"):
        assert reason_in_words("identity refresh: ConnectError: [Errno -2] Name or service not known") == \
            "document d'identité non récupéré : le nœud est injoignable (connexion refusée, pas de route ou " \
            "adresse inconnue)"
        assert reason_in_words("the inbox answered HTTP 503: busy") == "le nœud a répondu par une erreur (HTTP 503)"


def test_the_peer_pages_give_the_last_error_in_words_with_its_technical_detail(
        exchange_world: Any, client_for: Any) -> None:
    from glacy.exchange.models import Peer
    from glacy.exchange.services.peers import peer_contact_record
    from tests.factories import UserFactory

    peer_contact_record(peer_node="ph-node", error="ConnectError: [Errno 111] Connection refused")
    operator = UserFactory(username="node-operator", authority=exchange_world.ours, roles=["administrator"],
                           preferred_language="fr")
    operator.is_superuser = True
    operator.save()
    client = client_for(operator)
    home = client.get(reverse("exchange-home")).content.decode()
    assert "le nœud est injoignable (connexion refusée, pas de route ou adresse inconnue)" in home
    peer = Peer.objects.get(node="ph-node")
    page = client.get(reverse("exchange-peer", args=[peer.pk])).content.decode()
    assert "le nœud est injoignable (connexion refusée, pas de route ou adresse inconnue)" in page
    assert "Détail technique :" in page
    assert "<code>ConnectError: [Errno 111] Connection refused</code>" in page
