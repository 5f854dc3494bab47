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
    assert (prepared.hashed.size, len(prepared.hashed.chunk_hashes)) == (3 * CHUNK + 1000, 4)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outgoing = transfer_offer(prepared=prepared, conversation_id=uuid.uuid4(), sender_authority=world.own,
                                      recipient_authority=world.foreign, purpose=FILE_PURPOSE,
                                      metadata={"note": "phone extraction"})
        assert deliver_due(worker="test") == 1  # the offer
        assert transfers_pump(worker="test") == 2  # chunks sent, then the complete file verified and answered
        assert deliver_due(worker="test") == 1  # the answer
    outgoing.refresh_from_db()
    incoming = IncomingTransfer.objects.get(pk=outgoing.pk)
    assert (outgoing.status, incoming.status, incoming.chunks_received) == ("accepted", "accepted", 4)
    assert IncomingChunk.objects.filter(transfer=incoming).count() == 4
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
    key, transfer_id = os.urandom(32), uuid.uuid4()
    hashes = [hashlib.sha256(piece).hexdigest() for piece in pieces]
    token, _ = exchange_world.peer.message(
        conversation=uuid.uuid4(), sender_authority=exchange_world.theirs, recipient_authority=exchange_world.ours,
        message_type="exchange.transfer.offer", payload={
            "transfer": str(transfer_id), "purpose": FILE_PURPOSE, "metadata": {}, "file_name": "package.zip",
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "chunk_size": CHUNK,
            "chunk_hashes": hashes, "key": base64.b64encode(key).decode()})
    assert receipt_payload(inbox_receive(token).receipt)["applied"] is True
    return {"id": transfer_id, "key": key, "pieces": pieces, "hashes": hashes,
            "token": chunks.access_token(key, str(transfer_id))}


def _body(offer: dict[str, Any], index: int) -> bytes:
    return chunks.encrypt_chunk(offer["key"], str(offer["id"]), index, offer["hashes"][index], offer["pieces"][index])


def test_chunks_are_taken_once_in_any_order_and_the_transfer_completes(offered: dict[str, Any]) -> None:
    transfer = IncomingTransfer.objects.get(pk=offered["id"])
    assert missing_chunks(transfer) == [0, 1, 2]
    for index in (2, 0):
        assert chunk_receive(transfer_id=offered["id"], index=index, token=offered["token"],
                             body=_body(offered, index)).code == "stored"
    again = chunk_receive(transfer_id=offered["id"], index=0, token=offered["token"], body=_body(offered, 0))
    assert (again.status, again.code) == (200, "duplicate")
    assert missing_chunks(transfer) == [1]
    assert chunk_receive(transfer_id=offered["id"], index=1, token=offered["token"],
                         body=_body(offered, 1)).code == "stored"
    transfer.refresh_from_db()
    assert (transfer.status, transfer.chunks_received) == ("complete", 3)
    assert Path(transfer.part_path).read_bytes() == b"".join(offered["pieces"])


def test_a_corrupted_forged_or_misplaced_chunk_is_refused(offered: dict[str, Any]) -> None:
    body = bytearray(_body(offered, 1))
    body[100] ^= 0x01
    outcome = chunk_receive(transfer_id=offered["id"], index=1, token=offered["token"], body=bytes(body))
    assert (outcome.status, outcome.code) == (400, "corrupt_chunk")
    moved = chunk_receive(transfer_id=offered["id"], index=1, token=offered["token"], body=_body(offered, 0))
    assert (moved.status, moved.code) == (400, "corrupt_chunk")  # chunk 0's bytes presented as chunk 1
    forged = chunks.encrypt_chunk(os.urandom(32), str(offered["id"]), 1, offered["hashes"][1], offered["pieces"][1])
    assert chunk_receive(transfer_id=offered["id"], index=1, token=offered["token"], body=forged).code == "corrupt_chunk"
    assert chunk_receive(transfer_id=offered["id"], index=1, token="0" * 64, body=_body(offered, 1)).code == "forbidden"
    assert chunk_receive(transfer_id=offered["id"], index=3, token=offered["token"], body=b"x").code == "out_of_range"
    assert IncomingChunk.objects.count() == 0


def test_an_offer_for_a_purpose_this_node_does_not_take_is_refused(exchange_world: Any) -> None:
    token, _ = exchange_world.peer.message(
        conversation=uuid.uuid4(), sender_authority=exchange_world.theirs, recipient_authority=exchange_world.ours,
        message_type="exchange.transfer.offer", payload={
            "transfer": str(uuid.uuid4()), "purpose": "unknown.purpose", "metadata": {}, "file_name": "x.bin",
            "size": 1, "sha256": "0" * 64, "chunk_size": CHUNK, "chunk_hashes": ["0" * 64],
            "key": base64.b64encode(os.urandom(32)).decode()})
    payload = receipt_payload(inbox_receive(token).receipt)
    assert payload["status"] == "refused"
    assert "unknown.purpose" in payload["reason"]
    assert IncomingTransfer.objects.count() == 0
    assert not InboxIncident.objects.exists()  # authentic, in order: refused by the domain, not an incident
    assert not OutgoingTransfer.objects.exists()
