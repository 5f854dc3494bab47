"""The worker's side of transfers.

Sending: once the offer is delivered (the recipient knows the transfer), ask the recipient which chunks it is
missing and send them — each read, hashed and encrypted once, a few in parallel (memory: at most `PARALLEL`
chunks in flight, whatever the file size); after a crash or a dropped connection on either side the next
round asks again and sends only what is missing; when nothing is missing, sign and send the seal (every
chunk's SHA-256). Receiving: once sealed, let the domain verify the file (outside any transaction), then in
one transaction let the domain keep it and answer the sender with a signed message.
"""

from __future__ import annotations

import base64
import datetime
import logging
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from glacy.core.audit import record_event
from glacy.directory.models import Authority
from glacy.exchange import transport
from glacy.exchange.models import IncomingTransfer, OutboundMessage, OutgoingTransfer, Peer
from glacy.exchange.registry import ReceivedFile, TransferDecision, transfer_handler_for
from glacy.exchange.services.delivery import backoff
from glacy.exchange.transfers import chunks
from glacy.exchange.transfers.services import chunk_receive, missing_chunks, result_send, seal_send

logger = logging.getLogger("glacy.exchange.transfers")

PARALLEL = 3


def _round_seconds() -> float:
    """A sending round lasts at most half the lease, then the worker does its other work and renews."""
    return settings.EXCHANGE_LEASE_SECONDS / 2


def _claim(model: Any, queryset: Any, worker: str, now: datetime.datetime) -> list[Any]:
    with transaction.atomic():
        due = queryset.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now)).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        identifiers = list(due.values_list("pk", flat=True)[:5])
        lease = datetime.timedelta(seconds=settings.EXCHANGE_LEASE_SECONDS)
        model.objects.filter(pk__in=identifiers).update(lease_until=now + lease, lease_owner=worker[:64],
                                                        attempts=F("attempts") + 1)
    return list(model.objects.filter(pk__in=identifiers).select_related("conversation"))


def _release(model: Any, transfer: Any, *, error: str = "", **fields: Any) -> None:
    now = timezone.now()
    updates: dict[str, Any] = {"lease_until": None, **fields}
    if error:
        updates.update(last_error=error[:4000], next_attempt_at=now + backoff(transfer.attempts))
    model.objects.filter(pk=transfer.pk).update(**updates)


#: A chunk (8 MiB by default, up to 64 MiB) may take longer than a message batch on a slow link.
CHUNK_TIMEOUT = httpx.Timeout(120.0, connect=5.0)


def _transfer_url(peer: Peer, transfer: OutgoingTransfer, suffix: str = "") -> str:
    return f"{peer.base_url.rstrip('/')}/exchange/transfers/{transfer.pk}/{suffix}"


def _send_chunk(peer: Peer | None, transfer: OutgoingTransfer, key: bytes, token: str, index: int) -> str:
    """Read, hash, encrypt and hand over one chunk; its SHA-256. Over HTTP to a peer, or to this node's own
    receiving code (peer None: a transfer between two authorities of this node, the same checks without the
    network)."""
    data = chunks.read_chunk(Path(transfer.spool_path), index, transfer.chunk_size, transfer.chunk_length(index))
    sha256 = chunks.chunk_sha256(data)
    body = chunks.encrypt_chunk(key, str(transfer.pk), index, sha256, data)
    del data
    if peer is None:
        outcome = chunk_receive(transfer_id=transfer.pk, index=index, token=token, sha256=sha256, body=body)
        if outcome.status != 200:
            raise transport.TransportError(f"chunk {index}: {outcome.code} {outcome.detail}")
        return sha256
    response = transport.client().put(_transfer_url(peer, transfer, f"chunks/{index}/"), content=body, headers={
        "X-Transfer-Token": token, "X-Chunk-SHA256": sha256, "Content-Type": "application/octet-stream"},
        timeout=CHUNK_TIMEOUT)
    if response.status_code != 200:
        raise transport.TransportError(f"chunk {index}: HTTP {response.status_code} {response.text[:200]}")
    return sha256


def _missing(peer: Peer | None, transfer: OutgoingTransfer, token: str) -> tuple[str, list[int]]:
    if peer is None:
        incoming = IncomingTransfer.objects.filter(pk=transfer.pk).first()
        if incoming is None:
            raise transport.TransportError("the offer has not created the transfer yet")
        return incoming.status, missing_chunks(incoming)
    response = transport.client().get(_transfer_url(peer, transfer), headers={"X-Transfer-Token": token},
                                      timeout=CHUNK_TIMEOUT)
    if response.status_code != 200:
        raise transport.TransportError(f"transfer status: HTTP {response.status_code} {response.text[:200]}")
    answer = response.json()
    return str(answer["status"]), [int(index) for index in answer["missing"]]


def _seal(transfer: OutgoingTransfer, hashes: list[str]) -> None:
    """Every chunk is durable at the recipient: sign the list of chunk hashes (those not hashed in this run,
    after a restart, are read again from the spool file) and send it."""
    for index, value in enumerate(hashes):
        if not value:
            hashes[index] = chunks.chunk_sha256(chunks.read_chunk(
                Path(transfer.spool_path), index, transfer.chunk_size, transfer.chunk_length(index)))
    with transaction.atomic():
        locked = OutgoingTransfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status not in {OutgoingTransfer.Status.OFFERED, OutgoingTransfer.Status.SENDING}:
            return
        seal_send(transfer=locked, chunk_hashes=hashes)
        locked.status, locked.chunk_hashes, locked.chunks_confirmed = (
            OutgoingTransfer.Status.SENT, hashes, locked.chunk_count)
        locked.lease_until, locked.last_error = None, ""
        locked.save(update_fields=["status", "chunk_hashes", "chunks_confirmed", "lease_until", "last_error",
                                   "updated_at"])


def _send(transfer: OutgoingTransfer) -> None:
    peer = None
    if transfer.recipient_node != settings.NODE_ID:
        peer = Peer.objects.filter(node=transfer.recipient_node, status=Peer.Status.ACTIVE).first()
        if peer is None:
            _release(OutgoingTransfer, transfer, error=f"{transfer.recipient_node} is not an active peer")
            return
    key = base64.b64decode(transfer.content_key)
    token = chunks.access_token(key, str(transfer.pk))
    hashes = list(transfer.chunk_hashes)
    started = timezone.now()
    try:
        _status, missing = _missing(peer, transfer, token)
        if missing:
            OutgoingTransfer.objects.filter(pk=transfer.pk).update(status=OutgoingTransfer.Status.SENDING)
        # Chunks to a peer go a few at a time (hashing, encryption, the network and the recipient's work
        # overlap); to this node's own receiving code one after another in this thread (same database
        # connection).
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            for start in range(0, len(missing), PARALLEL * 4):
                batch = missing[start:start + PARALLEL * 4]
                if peer is None:
                    sent = [_send_chunk(None, transfer, key, token, index) for index in batch]
                else:
                    sent = list(pool.map(lambda index: _send_chunk(peer, transfer, key, token, index), batch))
                for index, sha256 in zip(batch, sent, strict=True):
                    hashes[index] = sha256
                OutgoingTransfer.objects.filter(pk=transfer.pk).update(
                    chunk_hashes=hashes, chunks_confirmed=transfer.chunk_count - len(missing) + start + len(batch))
                if (timezone.now() - started).total_seconds() > _round_seconds():
                    _release(OutgoingTransfer, transfer)  # the next round asks again
                    return
        _status, missing = _missing(peer, transfer, token)
    except (transport.TransportError, httpx.HTTPError, ValueError, KeyError, chunks.ChunkError) as error:
        logger.warning("transfer %s to %s: %s", transfer.pk, transfer.recipient_node, error)
        _release(OutgoingTransfer, transfer, error=str(error))
        return
    if missing:
        _release(OutgoingTransfer, transfer)
        return
    _seal(transfer, hashes)


def _finish(transfer: IncomingTransfer) -> None:
    """Verify a complete transfer, let the domain decide, answer the sender."""
    path = Path(transfer.part_path)
    side = transfer.conversation
    handler = transfer_handler_for(transfer.purpose)
    received = ReceivedFile(
        transfer_id=transfer.pk, path=path, file_name=transfer.file_name, size=transfer.size,
        chunk_hashes=list(transfer.chunk_hashes), metadata=transfer.metadata, conversation=side,
        sender_node=transfer.sender_node,
        sender_authority=Authority.objects.get(pk=side.remote_authority_id),
        recipient_authority=Authority.objects.get(pk=side.local_authority_id),
        offer_message=transfer.offer_message, seal_message=transfer.seal_message, seal_hash=transfer.seal_hash)
    if handler is None:
        decision = TransferDecision(accepted=False, reason=f"this node no longer takes {transfer.purpose}")
    else:
        try:
            decision = handler.verify(received)
        except Exception as error:  # a verifier's crash is a refusal with its reason, not a lost transfer
            logger.exception("verifying transfer %s", transfer.pk)
            decision = TransferDecision(accepted=False, reason=f"verification failed: {type(error).__name__}: {error}")
    with transaction.atomic():
        locked = IncomingTransfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != IncomingTransfer.Status.COMPLETE:
            return
        details = dict(decision.details or {})
        if decision.accepted and handler is not None:
            details.update(handler.apply(received, decision) or {})
        locked.status = IncomingTransfer.Status.ACCEPTED if decision.accepted else IncomingTransfer.Status.REFUSED
        locked.result_reason, locked.lease_until = decision.reason, None
        locked.save(update_fields=["status", "result_reason", "lease_until", "updated_at"])
        result_send(transfer=locked, accepted=decision.accepted, reason=decision.reason, details=details)
        record_event(actor=None, action=f"exchange.transfer_{locked.status}", obj=locked,
                     authority=received.recipient_authority,
                     after={"from": transfer.sender_node, "size": transfer.size, "reason": decision.reason})
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def transfers_pump(*, worker: str, now: datetime.datetime | None = None) -> int:
    """One round: send the chunks of delivered offers, settle offers that failed, finish complete transfers.
    The number of transfers worked on."""
    moment = now or timezone.now()
    active = (OutgoingTransfer.Status.OFFERED, OutgoingTransfer.Status.SENDING)
    for transfer in OutgoingTransfer.objects.filter(status__in=active, offer__status__in=(
            OutboundMessage.Status.REFUSED, OutboundMessage.Status.FAILED)).select_related("offer"):
        with transaction.atomic():
            OutgoingTransfer.objects.filter(pk=transfer.pk).update(
                status=OutgoingTransfer.Status.FAILED, result_reason=f"offer {transfer.offer.status}: "
                f"{transfer.offer.refusal_reason or transfer.offer.last_error}")
            record_event(actor=None, action="exchange.transfer_failed", obj=transfer,
                         after={"offer": transfer.offer.status})
            transaction.on_commit(partial(Path(transfer.spool_path).unlink, missing_ok=True))
    worked = 0
    sending = OutgoingTransfer.objects.filter(status__in=active, offer__status=OutboundMessage.Status.DELIVERED)
    for transfer in _claim(OutgoingTransfer, sending, worker, moment):
        _send(transfer)
        worked += 1
    complete = IncomingTransfer.objects.filter(status=IncomingTransfer.Status.COMPLETE)
    for incoming in _claim(IncomingTransfer, complete, worker, moment):
        try:
            _finish(incoming)
        except Exception as error:  # a bug must not stop the worker; the transfer is tried again later
            logger.exception("finishing transfer %s", incoming.pk)
            _release(IncomingTransfer, incoming, error=f"{type(error).__name__}: {error}")
        worked += 1
    return worked
