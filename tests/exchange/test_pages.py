"""The node operator's exchange page and the peer commands."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from glacy.core.models import AuditEvent
from glacy.exchange.models import OutboundMessage, Peer, PeerKeyConfirmation
from tests.exchange.peerkit import FakePeer, failed_message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(world: Any) -> Any:
    user = UserFactory(username="node-operator", authority=world.own, roles=["administrator"])
    user.is_superuser = True
    user.save()
    return user


def test_the_operator_adds_a_peer_with_the_fingerprint_read_to_them(world: Any, operator: Any, client_for: Any) -> None:
    client = client_for(operator)
    home = client.get(reverse("exchange-home"))
    assert home.status_code == 200
    assert b"Signing key fingerprint" in home.content
    peer = FakePeer(node="ph-node")
    upload = SimpleUploadedFile("ph.jws", peer.identity_document().encode())
    wrong = client.post(reverse("exchange-peer-add"), {"document_file": upload, "fingerprint": "ab" * 32,
                                                      "channel": "telephone"})
    assert wrong.status_code == 400
    assert "This is not the fingerprint of the key that signed the document" in wrong.content.decode()
    assert not Peer.objects.exists()

    spaced = " ".join(peer.fingerprint[index:index + 4].upper() for index in range(0, 64, 4))
    added = client.post(reverse("exchange-peer-add"), {"document_text": peer.identity_document(),
                                                      "fingerprint": spaced, "channel": "telephone"})
    stored = Peer.objects.get(node="ph-node")
    assert added.status_code == 302
    assert added["Location"] == reverse("exchange-peer", kwargs={"peer_id": stored.pk})
    confirmation = PeerKeyConfirmation.objects.get(peer=stored)
    assert (confirmation.fingerprint, confirmation.confirmed_by, confirmation.channel) == (
        peer.fingerprint, operator, "telephone")
    assert AuditEvent.objects.get(action="exchange.peer_added").actor == operator
    page = client.get(reverse("exchange-peer", kwargs={"peer_id": stored.pk}))
    assert spaced in page.content.decode()


def test_an_authority_administrator_is_not_the_node_operator(world: Any, client_for: Any) -> None:
    response = client_for(world.users["administrator"]).get(reverse("exchange-home"))
    assert response.status_code == 403
    assert b"Exchange" not in client_for(world.users["administrator"]).get(reverse("home")).content.split(
        b"<main")[0]


def test_a_failed_message_is_sent_again_from_the_page(world: Any, operator: Any, client_for: Any) -> None:
    message = failed_message(world)
    client = client_for(operator)
    assert "test: the peer never answered" in client.get(reverse("exchange-home")).content.decode()
    response = client.post(reverse("exchange-message-retry", kwargs={"message_id": message.pk}))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert AuditEvent.objects.get(action="exchange.message_retry").actor == operator


def test_the_page_reads_in_french(world: Any, operator: Any, client_for: Any) -> None:
    operator.preferred_language = "fr"
    operator.save()
    content = client_for(operator).get(reverse("exchange-home")).content.decode()
    assert "Échanges entre nœuds" in content
    assert "Empreinte de la clé de signature" in content


def test_peer_commands_add_list_suspend_and_refuse_a_wrong_fingerprint(tmp_path: Path, world: Any) -> None:
    peer = FakePeer(node="ph-node")
    document = tmp_path / "ph.jws"
    document.write_text(peer.identity_document())
    with pytest.raises(CommandError, match="fingerprint: This is not the fingerprint"):
        call_command("peers", "add", str(document), "--fingerprint", "00" * 32, "--no-sync")
    output = StringIO()
    call_command("peers", "add", str(document), "--fingerprint", peer.fingerprint, "--channel", "letter",
                 "--no-sync", stdout=output)
    assert "Peer ph-node (ph-node (test), https://ph.example.org) added." in output.getvalue()
    listing = StringIO()
    call_command("peers", "list", stdout=listing)
    assert f"key {peer.fingerprint[:16]}…" in listing.getvalue()
    call_command("peers", "suspend", "ph-node", stdout=StringIO())
    assert Peer.objects.get(node="ph-node").status == "suspended"
    status = StringIO()
    call_command("exchange", "status", stdout=status)
    assert "ph-node              suspended  queued     0 failed    0  last contact never" in status.getvalue()


def test_exchange_retry_command_requeues_failed_messages_only(world: Any) -> None:
    message = failed_message(world)
    with pytest.raises(CommandError, match="Give --message ID or --node NODE"):
        call_command("exchange", "retry")
    output = StringIO()
    call_command("exchange", "retry", "--node", "glacy-demo", stdout=output)
    assert output.getvalue().strip() == "1 failed message(s) queued again."
    message.refresh_from_db()
    assert message.status == "queued"
    again = StringIO()
    call_command("exchange", "retry", "--message", str(message.pk), stdout=again)
    assert again.getvalue().strip() == "0 failed message(s) queued again."
