"""Chunked transfers: a file handed over between two authorities of one node through the same path as between
nodes, and the receiving side's checks against chunks written by a simulated peer (corrupt, forged, repeated)."""

from __future__ import annotations

import base64
import hashlib
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from glacy.exchange.handlers import FILE_PURPOSE
from glacy.exchange.models import InboxIncident, IncomingChunk, IncomingTransfer, OutgoingTransfer
from glacy.exchange.services.delivery import deliver_due
from glacy.exchange.services.inbox import inbox_receive
from glacy.exchange.transfers import chunks
from glacy.exchange.transfers.pump import transfers_pump
from glacy.exchange.transfers.services import chunk_receive, missing_chunks, transfer_offer, transfer_prepare
from tests.exchange.peerkit import receipt_payload

pytestmark = pytest.mark.django_db
CHUNK = 64 * 1024


def _file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "package.zip"
    path.write_bytes(os.urandom(size))
    return path


def test_a_file_travels_between_two_authorities_of_one_node_through_the_transfer_path(
        world: Any, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.DATA_DIR = tmp_path / "data"
    source = _file(tmp_path, 3 * CHUNK + 1000)
    prepared = transfer_prepare(source, chunk_size=CHUNK)
    assert (prepared.size, prepared.chunk_count) == (3 * CHUNK + 1000, 4)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outgoing = transfer_offer(prepared=prepared, conversation_id=uuid.uuid4(), sender_authority=world.own,
                                      recipient_authority=world.foreign, purpose=FILE_PURPOSE,
                                      metadata={"note": "phone extraction"})
        assert deliver_due(worker="test") == 1  # the offer
        assert transfers_pump(worker="test") == 1  # the chunks, then the seal is queued
        assert deliver_due(worker="test") == 1  # the seal
        assert transfers_pump(worker="test") == 1  # the sealed file verified and answered
        assert deliver_due(worker="test") == 1  # the answer
    outgoing.refresh_from_db()
    incoming = IncomingTransfer.objects.get(pk=outgoing.pk)
    data = source.read_bytes()
    expected = [hashlib.sha256(data[index:index + CHUNK]).hexdigest() for index in range(0, len(data), CHUNK)]
    assert (outgoing.status, incoming.status, incoming.chunks_received) == ("accepted", "accepted", 4)
    assert outgoing.chunk_hashes == incoming.chunk_hashes == expected
    assert list(IncomingChunk.objects.filter(transfer=incoming).order_by("index").values_list(
        "index", "is_durable")) == [(0, True), (1, True), (2, True), (3, True)]
    stored = Path(settings.DATA_DIR) / "exchange" / "received" / str(outgoing.pk) / "package.zip"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == hashlib.sha256(source.read_bytes()).hexdigest()
    assert not Path(incoming.part_path).exists()
    assert not Path(outgoing.spool_path).exists()
    assert outgoing.result_message is not None


@pytest.fixture
def offered(exchange_world: Any, tmp_path: Path, settings: Any) -> Any:
    """An offer of a 3-chunk file from the simulated peer, applied by the inbox."""
    settings.DATA_DIR = tmp_path / "data"
    data = os.urandom(2 * CHUNK + 5)
    pieces = [data[index:index + CHUNK] for index in range(0, len(data), CHUNK)]
    key, transfer_id, conversation = os.urandom(32), uuid.uuid4(), uuid.uuid4()
    hashes = [hashlib.sha256(piece).hexdigest() for piece in pieces]
    token, _ = exchange_world.peer.message(
        conversation=conversation, sender_authority=exchange_world.theirs, recipient_authority=exchange_world.ours,
        message_type="exchange.transfer.offer", payload={
            "transfer": str(transfer_id), "purpose": FILE_PURPOSE, "metadata": {}, "file_name": "package.zip",
            "size": len(data), "chunk_size": CHUNK, "chunk_count": 3, "key": base64.b64encode(key).decode()})
    assert receipt_payload(inbox_receive(token).receipt)["applied"] is True
    return {"id": transfer_id, "key": key, "pieces": pieces, "hashes": hashes, "conversation": conversation,
            "token": chunks.access_token(key, str(transfer_id))}


def _body(offer: dict[str, Any], index: int) -> bytes:
    return chunks.encrypt_chunk(offer["key"], str(offer["id"]), index, offer["hashes"][index], offer["pieces"][index])


def _put(offer: dict[str, Any], index: int, body: bytes | None = None, sha256: str | None = None,
         token: str | None = None) -> Any:
    return chunk_receive(transfer_id=offer["id"], index=index, token=token or offer["token"],
                         sha256=sha256 or offer["hashes"][index], body=_body(offer, index) if body is None else body)


def _seal(world: Any, offer: dict[str, Any], hashes: list[str]) -> dict[str, Any]:
    token, _ = world.peer.message(conversation=offer["conversation"], sender_authority=world.theirs,
                                  recipient_authority=world.ours, message_type="exchange.transfer.sealed",
                                  payload={"transfer": str(offer["id"]), "chunk_hashes": hashes})
    return receipt_payload(inbox_receive(token).receipt)


def test_chunks_are_taken_once_in_any_order_and_the_seal_completes_the_transfer(
        exchange_world: Any, offered: dict[str, Any]) -> None:
    transfer = IncomingTransfer.objects.get(pk=offered["id"])
    assert missing_chunks(transfer) == [0, 1, 2]
    assert [_put(offered, index).code for index in (2, 0)] == ["stored", "stored"]
    again = _put(offered, 0)
    assert (again.status, again.code) == (200, "duplicate")
    assert missing_chunks(transfer) == [1]  # asking flushes what was written: 0 and 2 now count
    assert list(IncomingChunk.objects.order_by("index").values_list("index", "is_durable")) == [(0, True), (2, True)]
    assert _put(offered, 1).code == "stored"
    assert _seal(exchange_world, offered, offered["hashes"])["applied"] is True
    transfer.refresh_from_db()
    assert (transfer.status, transfer.chunks_received) == ("complete", 3)
    assert Path(transfer.part_path).read_bytes() == b"".join(offered["pieces"])


def test_a_seal_that_contradicts_a_chunk_refuses_the_transfer_and_tells_the_sender(
        exchange_world: Any, offered: dict[str, Any]) -> None:
    from glacy.exchange.models import OutboundMessage

    for index in range(3):
        _put(offered, index)
    _seal(exchange_world, offered, [offered["hashes"][0], "f" * 64, offered["hashes"][2]])
    transfer = IncomingTransfer.objects.get(pk=offered["id"])
    assert transfer.status == "refused"
    assert transfer.result_reason == "the seal contradicts chunks received: [1]"
    answer = OutboundMessage.objects.get(message_type="exchange.transfer.result")
    assert answer.recipient_node == "ph-node"


def test_a_chunk_written_but_not_flushed_before_a_machine_crash_is_asked_for_again(offered: dict[str, Any]) -> None:
    assert _put(offered, 0).code == "stored"
    IncomingChunk.objects.filter(index=0).update(boot_id="an-earlier-boot")
    assert missing_chunks(IncomingTransfer.objects.get(pk=offered["id"])) == [0, 1, 2]
    assert _put(offered, 0).code == "stored"


def test_a_corrupted_forged_or_misplaced_chunk_is_refused(offered: dict[str, Any]) -> None:
    body = bytearray(_body(offered, 1))
    body[100] ^= 0x01
    outcome = _put(offered, 1, body=bytes(body))
    assert (outcome.status, outcome.code) == (400, "corrupt_chunk")
    moved = _put(offered, 1, body=_body(offered, 0))
    assert (moved.status, moved.code) == (400, "corrupt_chunk")  # chunk 0's bytes presented as chunk 1
    lying = _put(offered, 1, body=_body(offered, 0), sha256=offered["hashes"][0])
    assert lying.code == "corrupt_chunk"  # its hash claim is bound to its position
    forged = chunks.encrypt_chunk(os.urandom(32), str(offered["id"]), 1, offered["hashes"][1], offered["pieces"][1])
    assert _put(offered, 1, body=forged).code == "corrupt_chunk"
    assert _put(offered, 1, token="0" * 64).code == "forbidden"
    assert _put(offered, 3, body=b"x", sha256="0" * 64).code == "out_of_range"
    assert IncomingChunk.objects.count() == 0


def test_an_offer_for_a_purpose_this_node_does_not_take_is_refused(exchange_world: Any) -> None:
    token, _ = exchange_world.peer.message(
        conversation=uuid.uuid4(), sender_authority=exchange_world.theirs, recipient_authority=exchange_world.ours,
        message_type="exchange.transfer.offer", payload={
            "transfer": str(uuid.uuid4()), "purpose": "unknown.purpose", "metadata": {}, "file_name": "x.bin",
            "size": 1, "chunk_size": CHUNK, "chunk_count": 1, "key": base64.b64encode(os.urandom(32)).decode()})
    payload = receipt_payload(inbox_receive(token).receipt)
    assert payload["status"] == "refused"
    assert "unknown.purpose" in payload["reason"]
    assert IncomingTransfer.objects.count() == 0
    assert not InboxIncident.objects.exists()  # authentic, in order: refused by the domain, not an incident
    assert not OutgoingTransfer.objects.exists()
