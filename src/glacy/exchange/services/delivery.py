"""Delivering the outbox: claim due messages under a lease, encrypt each to the recipient node's current
encryption key, deliver (HTTP POST of a batch to the peer's inbox, or the inbox function itself for this
node), and settle each one with its signed receipt.

Several workers may run (on several machines with PostgreSQL): a message is claimed by one worker at a time
(`lease_until`, set under row locks that skip rows another worker holds); a worker that dies loses its lease
after `GLACY_EXCHANGE_LEASE_SECONDS` and another one delivers; the recipient ignores the duplicate by message
id. Failed attempts are retried with exponential back-off (2 s, 4 s, 8 s, … up to 15 minutes, with jitter)
until the message expires; a signed refusal is final. A message damaged in transit (it does not decrypt or
verify) is sent again.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from glacy.core.audit import record_event
from glacy.exchange import jose, transport
from glacy.exchange.envelope import MESSAGE_TYPE, RECEIPT_TYPE, EnvelopeError, parse_receipt
from glacy.exchange.identity import identity_document
from glacy.exchange.keyhistory import ENCRYPTION, KeyHistoryError
from glacy.exchange.keys import histories_read_once, history_of, node_history, signing_key, signing_key_valid_at
from glacy.exchange.models import OutboundMessage, Peer
from glacy.exchange.services.inbox import inbox_receive
from glacy.exchange.services.peers import peer_contact_record

logger = logging.getLogger("glacy.exchange.delivery")

BATCH_BYTES = 8 * 1024 * 1024
LONGEST_DELAY = 15 * 60.0


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before attempt `attempts + 1`: doubling from 2 s to 15 min, ±20 % so that retries spread."""
    delay = min(settings.EXCHANGE_FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_DELAY)
    return datetime.timedelta(seconds=delay * random.uniform(0.8, 1.2))  # noqa: S311 - spreading, not secrecy


def claim_due(*, worker: str, limit: int = 200, now: datetime.datetime | None = None,
              recipient_node: str | None = None) -> list[OutboundMessage]:
    """Lease up to `limit` due messages to `worker` (one attempt each)."""
    moment = now or timezone.now()
    with transaction.atomic():
        due = OutboundMessage.objects.filter(status=OutboundMessage.Status.QUEUED, next_attempt_at__lte=moment).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lt=moment))
        if recipient_node is not None:
            due = due.filter(recipient_node=recipient_node)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        identifiers = list(due.order_by("next_attempt_at", "created_at").values_list("pk", flat=True)[:limit])
        OutboundMessage.objects.filter(pk__in=identifiers).update(
            lease_until=moment + datetime.timedelta(seconds=settings.EXCHANGE_LEASE_SECONDS), lease_owner=worker[:64],
            attempts=F("attempts") + 1, last_attempt_at=moment)
    return list(OutboundMessage.objects.filter(pk__in=identifiers).select_related(
        "conversation__local_authority").order_by("created_at"))


def _encryption_key_of(node: str) -> tuple[str, Any]:
    history = node_history() if node == settings.NODE_ID else history_of(node)
    record = history.current(ENCRYPTION)
    if record is None:
        raise KeyHistoryError(f"node {node} has no current encryption key")
    return record.fingerprint, record.public_key()


def _encrypt(message: OutboundMessage) -> str:
    kid, key = _encryption_key_of(message.recipient_node)
    return jose.encrypt(message.signed.encode("ascii"), key, kid=kid, cty=MESSAGE_TYPE)


def _verify_receipt(message: OutboundMessage, receipt: str) -> tuple[str, str, datetime.datetime]:
    """Check a receipt against the recipient's key history; its status, reason and time."""
    try:
        kid = str(jose.peek(receipt).header.get("kid", ""))
        record = signing_key(kid, message.recipient_node)
        if record is None:
            raise jose.JoseFailure(f"signed by key {kid[:16]}…, not one of {message.recipient_node}")
        _header, raw = jose.verify(receipt, record.public_key(), typ=RECEIPT_TYPE)  # type: ignore[arg-type]
        parsed = parse_receipt(jose.json_payload(raw))
    except (jose.JoseFailure, EnvelopeError, KeyHistoryError) as error:
        raise ValueError(f"the receipt does not verify: {error}") from error
    if (parsed.message, parsed.hash, parsed.node, parsed.to) != (
            message.id, message.signed_hash, message.recipient_node, settings.NODE_ID):
        raise ValueError("the receipt is for another message, another node or another content")
    if not signing_key_valid_at(kid, parsed.received_at, message.recipient_node):
        raise ValueError("the receipt is signed by a key that was not valid at its time")
    return parsed.status, parsed.reason, parsed.received_at


def _finish(message: OutboundMessage, *, status: str, now: datetime.datetime, receipt: str = "",
            reason: str = "", signed_at: datetime.datetime | None = None) -> None:
    with transaction.atomic():
        updated = OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.QUEUED).update(
            status=status, receipt=receipt, receipt_signed_at=signed_at, refusal_reason=reason[:4000],
            delivered_at=now if status == OutboundMessage.Status.DELIVERED else None, lease_until=None,
            last_error="" if status == OutboundMessage.Status.DELIVERED else reason[:4000])
        if updated:
            record_event(actor=None, action=f"exchange.message_{status}", obj=message,
                         authority=message.conversation.local_authority,
                         after={"type": message.message_type, "to": message.recipient_node, "reason": reason,
                                "receipt_time": signed_at})


def _retry_later(message: OutboundMessage, *, error: str, now: datetime.datetime, immediately: bool = False) -> None:
    if now >= message.expires_at:
        _finish(message, status=OutboundMessage.Status.FAILED, now=now,
                reason=f"expired before delivery; last error: {error}")
        return
    delay = datetime.timedelta(0) if immediately else backoff(message.attempts)
    OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.QUEUED).update(
        next_attempt_at=now + delay, lease_until=None, last_error=error[:4000])


def _settle(message: OutboundMessage, result: dict[str, Any], now: datetime.datetime) -> str:
    """Record one inbox answer; returns the follow-up the peer needs ('identity-fetch', 'identity-push', '')."""
    receipt = result.get("receipt")
    if isinstance(receipt, str) and receipt:
        try:
            status, reason, signed_at = _verify_receipt(message, receipt)
        except ValueError as error:
            _retry_later(message, error=str(error), now=now)
            return ""
        final = OutboundMessage.Status.DELIVERED if status == "accepted" else OutboundMessage.Status.REFUSED
        _finish(message, status=final, now=now, receipt=receipt, reason=reason, signed_at=signed_at)
        return ""
    code, detail = str(result.get("error", "error")), str(result.get("detail", ""))
    if code == "stale_encryption_key":
        _retry_later(message, error=f"{code}: {detail}", now=now, immediately=True)
        return "identity-fetch"
    if code == "unknown_signing_key":
        _retry_later(message, error=f"{code}: {detail}", now=now, immediately=True)
        return "identity-push"
    if result.get("retry") is True:
        _retry_later(message, error=f"{code}: {detail}", now=now)
    else:
        _finish(message, status=OutboundMessage.Status.FAILED, now=now, reason=f"{code}: {detail}")
    return ""


def _deliver_local(messages: list[OutboundMessage], now: datetime.datetime) -> None:
    for message in messages:
        try:
            result = inbox_receive(_encrypt(message), remote_address="local").as_json()
        except Exception as error:  # a handler's bug: the inbox rolled back; try again later
            logger.exception("local delivery of %s failed", message.pk)
            _retry_later(message, error=f"local delivery failed: {type(error).__name__}: {error}", now=now)
            continue
        _settle(message, result, now)


def _batches(messages: list[OutboundMessage]) -> list[list[OutboundMessage]]:
    """Split into inbox POSTs: at most `GLACY_EXCHANGE_BATCH_MESSAGES` messages and about `BATCH_BYTES` each
    (a JWE of a JWS is about 4/3 of its size)."""
    batches: list[list[OutboundMessage]] = [[]]
    size = 0
    for message in messages:
        encrypted = len(message.signed) * 4 // 3 + 512
        full = len(batches[-1]) >= settings.EXCHANGE_BATCH_MESSAGES or size + encrypted > BATCH_BYTES
        if batches[-1] and full:
            batches.append([])
            size = 0
        batches[-1].append(message)
        size += encrypted
    return batches


def _settle_batch(node: str, batch: list[OutboundMessage], posted: Future[list[dict[str, Any]]]) -> set[str]:
    """Wait for one POST's answer and record it; the follow-ups the peer needs."""
    try:
        results = posted.result()
    except transport.TransportError as error:
        peer_contact_record(peer_node=node, error=str(error))
        for message in batch:
            _retry_later(message, error=str(error), now=timezone.now())
        return set()
    peer_contact_record(peer_node=node)
    return {_settle(message, result, timezone.now()) for message, result in zip(batch, results, strict=True)}


def _deliver_remote(node: str, messages: list[OutboundMessage], now: datetime.datetime) -> None:
    """POST the messages to the peer's inbox in batches, one POST at a time, in order. While the peer works on
    one batch this process encrypts the next and records the answers to the previous one (the HTTP call runs
    in a thread that touches no database), so that both nodes work at once."""
    peer = Peer.objects.filter(node=node).first()
    if peer is None or peer.status != Peer.Status.ACTIVE:
        for message in messages:
            _retry_later(message, error=f"node {node} is not an active peer", now=now)
        return
    follow_ups: set[str] = set()
    batches = _batches(messages)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="glacy-inbox-post") as poster:
        in_flight: tuple[list[OutboundMessage], Future[list[dict[str, Any]]]] | None = None
        for position, batch in enumerate(batches):
            try:
                tokens = [_encrypt(message) for message in batch]
            except (KeyHistoryError, jose.JoseFailure) as error:
                for message in (item for later in batches[position:] for item in later):
                    _retry_later(message, error=str(error), now=now)
                break
            posted = poster.submit(transport.post_messages, peer.base_url, tokens)
            if in_flight is not None:
                follow_ups |= _settle_batch(node, *in_flight)
            in_flight = (batch, posted)
        if in_flight is not None:
            follow_ups |= _settle_batch(node, *in_flight)
    if "identity-fetch" in follow_ups:
        peer_identity_refresh(peer)
    if "identity-push" in follow_ups:
        identity_push(peer)


def deliver_due(*, worker: str, limit: int = 200, now: datetime.datetime | None = None,
                recipient_node: str | None = None) -> int:
    """One round of the worker: deliver what is due; the number of messages attempted."""
    moment = now or timezone.now()
    claimed = claim_due(worker=worker, limit=limit, now=moment, recipient_node=recipient_node)
    by_node: dict[str, list[OutboundMessage]] = defaultdict(list)
    for message in claimed:
        by_node[message.recipient_node].append(message)
    with histories_read_once():
        for node, messages in by_node.items():
            if node == settings.NODE_ID:
                _deliver_local(messages, moment)
            else:
                _deliver_remote(node, messages, moment)
    return len(claimed)


def peer_identity_refresh(peer: Peer) -> bool:
    """Fetch the peer's current identity document and take it if it extends the stored history."""
    from glacy.core.errors import ValidationFailed
    from glacy.exchange.services.peers import peer_identity_update

    try:
        document = transport.get_text(peer.base_url, transport.IDENTITY_PATH)
        peer_identity_update(actor=None, peer=peer, document=document)
    except (transport.TransportError, ValidationFailed) as error:
        logger.warning("identity of %s not refreshed: %s", peer.node, error)
        peer_contact_record(peer_node=peer.node, error=f"identity refresh: {error}")
        return False
    return True


def identity_push(peer: Peer) -> bool:
    """Give the peer this node's current identity document (after a rotation it has not seen)."""
    try:
        transport.post_text(peer.base_url, transport.IDENTITY_PATH, identity_document())
    except transport.TransportError as error:
        logger.warning("identity not pushed to %s: %s", peer.node, error)
        return False
    return True


def peer_directory_refresh(peer: Peer) -> dict[str, Any] | None:
    """Fetch the peer's directory (encrypted to this node) and bring the local copies in step."""
    from glacy.core.errors import ValidationFailed
    from glacy.exchange.keys import node_encryption_key
    from glacy.exchange.services.directory import peer_directory_apply

    try:
        token = transport.get_text(peer.base_url, transport.DIRECTORY_PATH, params={"node": settings.NODE_ID})
        _header, document = jose.decrypt(token.strip(), node_encryption_key())
        summary = peer_directory_apply(actor=None, peer=peer, document=document.decode("ascii"))
        peer_contact_record(peer_node=peer.node)
        return summary
    except (transport.TransportError, jose.JoseFailure, ValidationFailed, UnicodeError) as error:
        logger.warning("directory of %s not synchronised: %s", peer.node, error)
        peer_contact_record(peer_node=peer.node, error=f"directory: {error}")
        return None


def message_retry(*, actor: Any, message: OutboundMessage, now: datetime.datetime | None = None) -> OutboundMessage:
    """Queue a failed message again (an administrator's decision, audited); a refused one stays refused."""
    from django.utils.translation import gettext as _

    from glacy.core.errors import InvalidTransition

    moment = now or timezone.now()
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != OutboundMessage.Status.FAILED:
            raise InvalidTransition(_("Only a failed message can be sent again."))
        if moment >= message.expires_at:
            raise InvalidTransition(_("This message has expired; the recipient would refuse it. Make the step "
                                      "again to send a new message."))
        message.status, message.next_attempt_at, message.lease_until = OutboundMessage.Status.QUEUED, moment, None
        message.save(update_fields=["status", "next_attempt_at", "lease_until"])
        record_event(actor=actor, action="exchange.message_retry", obj=message,
                     authority=message.conversation.local_authority, after={"attempts": message.attempts})
    return message
