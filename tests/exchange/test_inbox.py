"""The inbox against messages written by a simulated peer: applied once and in order, and every forged,
tampered, misaddressed, replayed or expired message refused with a clear reason and nothing changed."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from glacy.core.models import AuditEvent
from glacy.exchange.models import Conversation, InboundMessage, InboxIncident
from glacy.exchange.services.inbox import inbox_receive
from glacy.exchange.services.peers import peer_identity_update, peer_key_confirm
from tests.exchange.conftest import RECORD
from tests.exchange.peerkit import FakePeer, receipt_payload, tamper_payload

pytestmark = pytest.mark.django_db


def _applied() -> list[str]:
    return list(AuditEvent.objects.filter(action="test.applied").order_by("occurred_at").values_list(
        "object_id", flat=True))


def _send(world: Any, **arguments: Any) -> tuple[Any, dict[str, Any]]:
    arguments.setdefault("sender_authority", world.theirs)
    arguments.setdefault("recipient_authority", world.ours)
    arguments.setdefault("message_type", RECORD)
    token, envelope = world.peer.message(**arguments)
    return inbox_receive(token, remote_address="198.51.100.7"), envelope


def _refused_without_change(result: Any, code: str, *, signed: bool) -> dict[str, Any]:
    """The refusal names its reason; the inbox kept nothing but the incident."""
    incident = InboxIncident.objects.order_by("-occurred_at").first()
    assert incident is not None
    assert incident.reason_code == code
    assert InboundMessage.objects.count() == 0
    assert _applied() == []
    if signed:
        payload = receipt_payload(result.receipt)
        assert (payload["status"], payload["applied"]) == ("refused", False)
        assert payload["reason"].startswith(f"{code}: ")
        return payload
    assert (result.receipt, result.error) == ("", code)
    return {}


def test_a_message_is_applied_once_and_answered_with_a_signed_receipt(exchange_world: Any) -> None:
    conversation = uuid.uuid4()
    result, envelope = _send(exchange_world, conversation=conversation, payload={"note": "first"})

    payload = receipt_payload(result.receipt)
    stored = InboundMessage.objects.get(pk=envelope["id"])
    assert (payload["status"], payload["applied"], payload["message"], payload["hash"], payload["to"]) == (
        "accepted", True, envelope["id"], stored.signed_hash, "ph-node")
    assert (stored.status, stored.sequence, stored.sender_node) == ("applied", 1, "ph-node")
    assert _applied() == ["1"]
    side = Conversation.objects.get(conversation_id=conversation)
    assert (side.local_authority, side.remote_authority, side.next_receive_sequence) == (
        exchange_world.ours, exchange_world.theirs, 2)
    assert AuditEvent.objects.get(action="exchange.message_applied").after["from"] == "ph-node"


def test_a_duplicate_is_ignored_and_gets_the_first_receipt(exchange_world: Any) -> None:
    token, _envelope = exchange_world.peer.message(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                                                   recipient_authority=exchange_world.ours, message_type=RECORD)
    first = inbox_receive(token)
    second = inbox_receive(token)
    assert second.receipt == first.receipt
    assert _applied() == ["1"]
    assert InboxIncident.objects.get().reason_code == "duplicate"


def test_a_message_ahead_of_its_predecessor_is_held_until_the_gap_is_filled(exchange_world: Any) -> None:
    conversation = uuid.uuid4()
    third, _ = _send(exchange_world, conversation=conversation, sequence=3)
    second, _ = _send(exchange_world, conversation=conversation, sequence=2)
    assert [receipt_payload(result.receipt)["applied"] for result in (third, second)] == [False, False]
    assert sorted(InboundMessage.objects.values_list("status", flat=True)) == ["held", "held"]
    first, _ = _send(exchange_world, conversation=conversation, sequence=1)
    assert receipt_payload(first.receipt)["applied"] is True
    assert _applied() == ["1", "2", "3"]
    assert set(InboundMessage.objects.values_list("status", flat=True)) == {"applied"}


def test_a_replayed_sequence_number_with_a_new_id_is_refused(exchange_world: Any) -> None:
    conversation = uuid.uuid4()
    _send(exchange_world, conversation=conversation, sequence=1)
    replay, _ = _send(exchange_world, conversation=conversation, sequence=1, payload={"note": "again"})
    payload = receipt_payload(replay.receipt)
    assert payload["status"] == "refused"
    assert payload["reason"].startswith("sequence_replayed: ")
    assert _applied() == ["1"]
    assert InboxIncident.objects.get().reason_code == "sequence_replayed"


def test_expired_and_future_messages_are_refused(exchange_world: Any) -> None:
    old = timezone.now() - datetime.timedelta(days=8)
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), created=old)
    _refused_without_change(result, "expired", signed=True)
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), created=timezone.now() + datetime.timedelta(hours=1))
    _refused_without_change(result, "not_yet_valid", signed=True)
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), lifetime=datetime.timedelta(days=40))
    _refused_without_change(result, "lifetime_too_long", signed=True)


def test_a_message_for_another_node_is_refused(exchange_world: Any) -> None:
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), recipient_node="fr-node")
    _refused_without_change(result, "wrong_node", signed=True)


def test_a_message_to_a_remote_or_unknown_authority_is_refused(exchange_world: Any) -> None:
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), recipient_authority=exchange_world.theirs_central)
    _refused_without_change(result, "unknown_recipient", signed=True)
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), recipient_authority=uuid.uuid4())
    _refused_without_change(result, "unknown_recipient", signed=True)


def test_a_peer_cannot_speak_for_an_authority_it_does_not_publish(exchange_world: Any) -> None:
    result, _ = _send(exchange_world, conversation=uuid.uuid4(), sender_authority=exchange_world.ours_other)
    _refused_without_change(result, "unknown_sender_authority", signed=False)
    assert result.retry is True


def test_a_message_from_an_unknown_node_is_refused(exchange_world: Any) -> None:
    stranger = FakePeer(node="xx-node")
    token, _ = stranger.message(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                                recipient_authority=exchange_world.ours, message_type=RECORD)
    _refused_without_change(inbox_receive(token), "unknown_sender", signed=False)


def test_a_message_signed_by_a_key_outside_the_peers_history_is_refused(exchange_world: Any) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    envelope = exchange_world.peer.envelope(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                                            recipient_authority=exchange_world.ours, message_type=RECORD)
    forged = exchange_world.peer.sign_envelope(envelope, key=Ed25519PrivateKey.generate())
    result = inbox_receive(FakePeer.encrypt_for_node(forged))
    _refused_without_change(result, "unknown_signing_key", signed=False)


def test_a_tampered_payload_or_ciphertext_is_refused(exchange_world: Any) -> None:
    envelope = exchange_world.peer.envelope(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                                            recipient_authority=exchange_world.ours, message_type=RECORD,
                                            payload={"note": "preserve 3 accounts"})
    signed = exchange_world.peer.sign_envelope(envelope)
    tampered = tamper_payload(signed, payload={"note": "preserve 300 accounts"})
    _refused_without_change(inbox_receive(FakePeer.encrypt_for_node(tampered)), "bad_signature", signed=False)
    token = FakePeer.encrypt_for_node(signed)
    header, key, iv, ciphertext, tag = token.split(".")
    flipped = ("A" if ciphertext[10] != "A" else "B").join((ciphertext[:10], ciphertext[11:]))
    _refused_without_change(inbox_receive(".".join((header, key, iv, flipped, tag))), "undecryptable", signed=False)


def test_a_sender_that_is_not_party_to_the_conversation_is_refused(exchange_world: Any) -> None:
    from glacy.exchange.services.directory import peer_directory_apply
    from glacy.exchange.services.peers import peer_add

    conversation = uuid.uuid4()
    _send(exchange_world, conversation=conversation)
    # Another peer (fr-node) learns the conversation id and tries to write into it.
    intruder = FakePeer(node="fr-node", country="FR", base_url="https://fr.example.org")
    added = peer_add(actor=None, document=intruder.identity_document(), fingerprint=intruder.fingerprint)
    from tests.factories import CountryFactory

    CountryFactory(code="FR", alpha3="FRA", name_en="France", name_fr="France")
    intruder_point = uuid.uuid4()
    peer_directory_apply(actor=None, peer=added, document=intruder.directory_document([{
        "id": str(intruder_point), "country": "FR", "name": "France 24/7", "name_fr": "", "acronym": "",
        "kind": "point_of_contact_24_7", "email": "", "phone": "", "address": "", "website": "", "office_hours": "",
        "time_zone": "Europe/Paris", "is_available_24_7": True, "accepted_languages": ["fr"]}]))
    token, _ = intruder.message(conversation=conversation, sender_authority=intruder_point,
                                recipient_authority=exchange_world.ours, message_type=RECORD, sequence=2)
    payload = receipt_payload(inbox_receive(token).receipt)
    assert payload["reason"].startswith("not_party: ")
    assert _applied() == ["1"]
    assert InboundMessage.objects.count() == 1


def test_a_domain_refusal_is_receipted_and_keeps_nothing_of_the_handler(exchange_world: Any) -> None:
    conversation = uuid.uuid4()
    result, envelope = _send(exchange_world, conversation=conversation, payload={"refuse": True})
    payload = receipt_payload(result.receipt)
    assert (payload["status"], payload["reason"]) == ("refused", "payload: the domain refuses this step")
    assert not AuditEvent.objects.filter(action="test.should_not_stay").exists()
    assert InboundMessage.objects.get(pk=envelope["id"]).status == "refused"
    _send(exchange_world, conversation=conversation)  # the conversation goes on
    assert _applied() == ["2"]


def test_revoked_keys_are_refused_and_replacements_need_confirmation(exchange_world: Any) -> None:
    peer = exchange_world.peer
    leaked_at = timezone.now() - datetime.timedelta(days=2)
    compromised = peer.revoke_current(invalid_from=leaked_at, moment=timezone.now() - datetime.timedelta(days=1))
    from glacy.exchange.models import Peer

    stored = Peer.objects.get(node="ph-node")
    peer_identity_update(actor=None, peer=stored, document=peer.identity_document())
    # The thief signs a message dated after the leak with the stolen key.
    envelope = peer.envelope(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                             recipient_authority=exchange_world.ours, message_type=RECORD)
    result = inbox_receive(FakePeer.encrypt_for_node(peer.sign_envelope(envelope, key=compromised)))
    _refused_without_change(result, "key_not_valid", signed=False)
    # The replacement is not trusted before an administrator confirms it by another channel.
    result, _ = _send(exchange_world, conversation=uuid.uuid4())
    _refused_without_change(result, "key_awaiting_confirmation", signed=False)
    assert result.retry is True
    peer_key_confirm(actor=None, peer=stored, fingerprint=peer.fingerprint, channel="video call")
    result, _ = _send(exchange_world, conversation=uuid.uuid4())
    assert receipt_payload(result.receipt)["applied"] is True


def test_a_routine_rotation_is_followed_without_confirmation(exchange_world: Any) -> None:
    from glacy.exchange.models import Peer

    peer = exchange_world.peer
    peer.rotate(timezone.now() - datetime.timedelta(minutes=1))
    result, _ = _send(exchange_world, conversation=uuid.uuid4())
    assert result.error == "unknown_signing_key"  # the sender then pushes its identity document
    peer_identity_update(actor=None, peer=Peer.objects.get(node="ph-node"), document=peer.identity_document())
    result, _ = _send(exchange_world, conversation=uuid.uuid4())
    assert receipt_payload(result.receipt)["applied"] is True


def test_a_message_encrypted_to_a_retired_key_asks_for_a_fresh_identity(exchange_world: Any,
                                                                        django_capture_on_commit_callbacks: Any) -> None:
    token, _ = exchange_world.peer.message(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                                           recipient_authority=exchange_world.ours, message_type=RECORD)
    from glacy.exchange.services.keys import node_encryption_key_rotate

    with django_capture_on_commit_callbacks(execute=True):
        node_encryption_key_rotate(actor=None)
    result = inbox_receive(token)
    _refused_without_change(result, "stale_encryption_key", signed=False)
    assert result.retry is True


def test_an_identity_document_rewriting_the_history_is_refused(exchange_world: Any) -> None:
    from glacy.core.errors import ValidationFailed
    from glacy.exchange.models import Peer

    impostor = FakePeer(node="ph-node")
    with pytest.raises(ValidationFailed, match="does not continue the one stored"):
        peer_identity_update(actor=None, peer=Peer.objects.get(node="ph-node"), document=impostor.identity_document())


def test_a_peer_cannot_overwrite_this_nodes_or_another_peers_authorities(exchange_world: Any) -> None:
    from glacy.directory.models import Authority
    from glacy.exchange.models import Peer
    from glacy.exchange.services.directory import peer_directory_apply

    ours = exchange_world.ours
    peer = Peer.objects.get(node="ph-node")
    hijack = {"id": str(ours.pk), "country": "PH", "name": "Hijacked", "name_fr": "", "acronym": "",
              "kind": "central_authority", "email": "evil@example.org", "phone": "", "address": "", "website": "",
              "office_hours": "", "time_zone": "UTC", "is_available_24_7": False, "accepted_languages": []}
    foreign_country = dict(hijack, id=str(uuid.uuid4()), country="GH", name="Ghana impostor")
    summary = peer_directory_apply(actor=None, peer=peer, document=exchange_world.peer.directory_document(
        [hijack, foreign_country]))
    assert summary["created"] == summary["updated"] == 0
    assert summary["skipped"] == [f"{ours.pk}: already an authority of this node",
                                  f"{foreign_country['id']}: an authority of GH, but the peer serves PH"]
    ours.refresh_from_db()
    assert (ours.name, ours.home_node) == ("Ghana central authority", "")
    # The authorities it no longer publishes are withdrawn, not deleted (requests may name them).
    assert summary["deactivated"] == 2
    assert Authority.objects.filter(home_node="ph-node", is_active=False).count() == 2


def test_a_remote_authority_is_read_only_here(exchange_world: Any, world: Any) -> None:
    from glacy.core.errors import PermissionDenied, ValidationFailed
    from glacy.directory.services import authority_update, user_create

    administrator = world.users["administrator"]
    with pytest.raises(PermissionDenied, match="published by another node"):
        authority_update(actor=administrator, authority=exchange_world.theirs, changes={"phone": "+1 555"})
    with pytest.raises(ValidationFailed, match="Accounts belong to authorities of this node"):
        user_create(actor=None, username="intruder", password="a-long-password-1", authority=exchange_world.theirs,
                    roles=[])


def test_a_remote_authoritys_page_names_the_node_that_publishes_it_and_offers_no_edit(
        exchange_world: Any, world: Any, client_for: Any) -> None:
    from django.urls import reverse

    administrator = world.users["administrator"]
    administrator.preferred_language = "fr"
    administrator.save(update_fields=["preferred_language"])
    client = client_for(administrator)
    remote = client.get(reverse("authority-detail", args=[exchange_world.theirs.pk])).content.decode()
    assert ("Publiée par ph-node (test) et tenue à jour par l’échange entre nœuds : lecture seule sur ce nœud."
            in remote)
    local = client.get(reverse("authority-detail", args=[exchange_world.ours.pk])).content.decode()
    assert 'id="published-by"' not in local


def test_peers_ping_queues_a_signed_check_between_the_24_7_points(exchange_world: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    from glacy.exchange.models import OutboundMessage

    output = StringIO()
    call_command("peers", "ping", "ph-node", stdout=output)
    message = OutboundMessage.objects.get()
    assert output.getvalue().strip() == (f"Ping {message.pk} queued from Ghana 24/7 point to Philippines 24/7 point "
                                         "(ph-node).")
    assert (message.message_type, message.recipient_node, message.status) == ("exchange.ping", "ph-node", "queued")


def test_one_inbox_post_reads_the_peer_and_the_authorities_once_for_all_its_messages(exchange_world: Any,
                                                                                     client: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from glacy.exchange.identity import INBOX_PATH

    tokens = [exchange_world.peer.message(conversation=uuid.uuid4(), sender_authority=exchange_world.theirs,
                                          recipient_authority=exchange_world.ours, message_type=RECORD,
                                          payload={"note": f"n{index}"})[0] for index in range(3)]
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(INBOX_PATH, data="\n".join(tokens), content_type="application/jose")
    assert answer.status_code == 200
    assert [receipt_payload(result["receipt"])["applied"] for result in answer.json()["results"]] == [True] * 3
    assert _applied() == ["1", "1", "1"]
    reads = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")]
    assert sum('FROM "exchange_peer"' in sql for sql in reads) == 1
    assert sum('FROM "directory_authority"' in sql and '"directory_authority"."id" =' in sql
               and "INNER JOIN" not in sql for sql in reads) == 2  # the sender and the recipient
    assert sum('FROM "exchange_keystatement"' in sql for sql in reads) == 2  # this node's and the peer's history
