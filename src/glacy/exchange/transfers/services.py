"""Transfers: offering a file in a conversation, taking an offer, receiving chunks, and recording the answer.

Sending node: `transfer_prepare` (outside any transaction: spools the file) then `transfer_offer` (inside the
domain's transaction: the offer message and the transfer row commit with the domain change); the worker's
pump sends the chunks, then the seal (pump.py). Receiving node: the offer message creates the transfer and its
part file; `chunk_receive` takes each chunk; the seal checks them all; the pump hands the file to the domain
and answers with a signed `exchange.transfer.result` message, which `apply_result` records on the sending
node.
"""

from __future__ import annotations

import base64
import os
import re
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.exchange.models import IncomingChunk, IncomingTransfer, OutgoingTransfer
from glacy.exchange.registry import IncomingMessage, TransferResult, transfer_handler_for
from glacy.exchange.services.outbox import message_send
from glacy.exchange.transfers import chunks

OFFER = "exchange.transfer.offer"
SEAL = "exchange.transfer.sealed"
RESULT = "exchange.transfer.result"
MAXIMUM_SIZE = 1024 ** 4  # 1 TiB: beyond, split the package


def outgoing_folder() -> Path:
    return Path(settings.DATA_DIR) / "exchange" / "outgoing"


def incoming_folder() -> Path:
    return Path(settings.DATA_DIR) / "exchange" / "incoming"


@dataclass(frozen=True)
class PreparedFile:
    """A file spooled for sending (the spool copy is what is sent, whatever happens to the source)."""

    spool: Path
    file_name: str
    size: int
    chunk_size: int

    @property
    def chunk_count(self) -> int:
        return max(1, -(-self.size // self.chunk_size))


def transfer_prepare(source: Path, *, file_name: str | None = None,
                     chunk_size: int = chunks.DEFAULT_CHUNK_SIZE) -> PreparedFile:
    """Spool `source`: a hard link when the source is read-only (evidence packages and blobs are) and on the
    same file system, else a copy. Chunks are hashed as they are sent (one read of the file)."""
    if not chunks.MINIMUM_CHUNK_SIZE <= chunk_size <= chunks.MAXIMUM_CHUNK_SIZE:
        raise ValueError("chunk size out of range")
    folder = outgoing_folder()
    folder.mkdir(parents=True, exist_ok=True)
    spool = folder / f"{uuid.uuid4()}.spool"
    try:
        if stat.S_IMODE(source.stat().st_mode) & 0o222:
            raise OSError("a writable source could change while it is sent")
        os.link(source, spool)
        size = spool.stat().st_size
    except OSError:
        size = chunks.spool_copy(source, spool)
    return PreparedFile(spool=spool, file_name=file_name or source.name, size=size, chunk_size=chunk_size)


def transfer_offer(*, prepared: PreparedFile, conversation_id: uuid.UUID, sender_authority: Any,
                   recipient_authority: Any, purpose: str, metadata: dict[str, Any],
                   actor: Any = None) -> OutgoingTransfer:
    """Offer the prepared file in a conversation (inside the caller's transaction)."""
    transfer_id = uuid.uuid4()
    key = os.urandom(32)
    offer = message_send(conversation_id=conversation_id, sender_authority=sender_authority,
                         recipient_authority=recipient_authority, message_type=OFFER, actor=actor, payload={
                             "transfer": str(transfer_id), "purpose": purpose, "metadata": metadata,
                             "file_name": prepared.file_name, "size": prepared.size,
                             "chunk_size": prepared.chunk_size, "chunk_count": prepared.chunk_count,
                             "key": base64.b64encode(key).decode("ascii")})
    transfer = OutgoingTransfer.objects.create(
        id=transfer_id, conversation=offer.conversation, offer=offer, recipient_node=offer.recipient_node,
        purpose=purpose, metadata=metadata, file_name=prepared.file_name, size=prepared.size,
        chunk_size=prepared.chunk_size, chunk_count=prepared.chunk_count,
        chunk_hashes=[""] * prepared.chunk_count, content_key=base64.b64encode(key).decode("ascii"),
        spool_path=str(prepared.spool))
    record_event(actor=actor, action="exchange.transfer_offered", obj=transfer, authority=sender_authority,
                 after={"to": offer.recipient_node, "file": prepared.file_name, "size": prepared.size,
                        "purpose": purpose})
    return transfer


_HEX64 = re.compile(r"[0-9a-f]{64}")


def _offer_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """Check an offer's fields; ValidationFailed names the first wrong one."""
    def refuse(field: str, text: str) -> ValidationFailed:
        return ValidationFailed({field: [text]})

    try:
        transfer_id = uuid.UUID(str(payload.get("transfer")))
        key = base64.b64decode(str(payload.get("key")), validate=True)
    except ValueError as error:
        raise refuse("transfer", "the transfer id or key is not valid") from error
    size, chunk_size, count = payload.get("size"), payload.get("chunk_size"), payload.get("chunk_count")
    if len(key) != 32:
        raise refuse("key", "the transfer key must be 32 bytes")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAXIMUM_SIZE:
        raise refuse("size", "the size is not a whole number of bytes up to 1 TiB")
    if not isinstance(chunk_size, int) or not chunks.MINIMUM_CHUNK_SIZE <= chunk_size <= chunks.MAXIMUM_CHUNK_SIZE:
        raise refuse("chunk_size", "the chunk size is out of range")
    if count != max(1, -(-size // chunk_size)):
        raise refuse("chunk_count", "the chunk count does not match the size and chunk size")
    name = payload.get("file_name")
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in {".", ".."}:
        raise refuse("file_name", "not a plain file name")
    metadata = payload.get("metadata")
    if not isinstance(metadata, dict):
        raise refuse("metadata", "must be an object")
    return {"id": transfer_id, "content_key": base64.b64encode(key).decode("ascii"), "size": size,
            "chunk_size": chunk_size, "chunk_count": count, "file_name": name, "metadata": metadata}


def apply_offer(message: IncomingMessage) -> None:
    """Handler of `exchange.transfer.offer` on the receiving node: create the transfer and its part file."""
    fields = _offer_fields(message.payload)
    purpose = str(message.payload.get("purpose", ""))
    if transfer_handler_for(purpose) is None:
        raise ValidationFailed({"purpose": [_("This node does not take files for “%(purpose)s”.") % {
            "purpose": purpose}]})
    if IncomingTransfer.objects.filter(pk=fields["id"]).exists():
        raise ValidationFailed({"transfer": ["this transfer id is already used"]})
    part = incoming_folder() / f"{fields['id']}.part"
    chunks.create_part_file(part, fields["size"])
    transfer = IncomingTransfer.objects.create(conversation=message.conversation, sender_node=message.sender_node,
                                               purpose=purpose, part_path=str(part), **fields)
    record_event(actor=None, action="exchange.transfer_announced", obj=transfer,
                 authority=message.recipient_authority,
                 after={"from": message.sender_node, "file": transfer.file_name, "size": transfer.size,
                        "purpose": purpose})


@dataclass(frozen=True)
class ChunkOutcome:
    status: int  # HTTP status for the answer
    code: str  # "stored", "duplicate", or the refusal
    detail: str = ""


#: Chunks written before one flush of the part file (8 MiB chunks: 128 MiB per fsync).
SYNC_GROUP = 16


def chunk_receive(*, transfer_id: uuid.UUID, index: int, token: str, sha256: str, body: bytes) -> ChunkOutcome:
    """Take one encrypted chunk: check it, write it at its place, record it once."""
    import hmac

    transfer = IncomingTransfer.objects.filter(pk=transfer_id).first()
    if transfer is None:
        return ChunkOutcome(404, "unknown_transfer")
    key = base64.b64decode(transfer.content_key)
    if not hmac.compare_digest(token, chunks.access_token(key, str(transfer.pk))):
        return ChunkOutcome(403, "forbidden", "wrong transfer token")
    if transfer.status != IncomingTransfer.Status.RECEIVING:
        return ChunkOutcome(200, "duplicate", "the transfer is already complete")
    if not 0 <= index < transfer.chunk_count:
        return ChunkOutcome(400, "out_of_range", f"chunk {index} of {transfer.chunk_count}")
    if IncomingChunk.objects.filter(transfer=transfer, index=index).exists():
        return ChunkOutcome(200, "duplicate", "already received")
    if not _HEX64.fullmatch(sha256):
        return ChunkOutcome(400, "corrupt_chunk", "no SHA-256 for the chunk")
    if len(body) != transfer.chunk_length(index) + chunks.GCM_TAG:
        return ChunkOutcome(400, "wrong_length", f"chunk {index} must be {transfer.chunk_length(index)} bytes")
    try:
        data = chunks.decrypt_chunk(key, str(transfer.pk), index, sha256, body)
    except chunks.ChunkError as error:
        return ChunkOutcome(400, "corrupt_chunk", str(error))
    if transfer.chunk_hashes and transfer.chunk_hashes[index] != sha256:
        return ChunkOutcome(400, "corrupt_chunk", "the chunk is not the one the seal lists")
    chunks.write_chunk(Path(transfer.part_path), index, transfer.chunk_size, data)
    try:
        with transaction.atomic():
            IncomingChunk.objects.create(transfer=transfer, index=index, sha256=sha256, boot_id=chunks.boot_id())
    except IntegrityError:
        return ChunkOutcome(200, "duplicate", "received by a parallel request")
    if IncomingChunk.objects.filter(transfer=transfer, is_durable=False).count() >= SYNC_GROUP:
        make_durable(transfer)
    return ChunkOutcome(200, "stored")


def _flush(transfer: IncomingTransfer) -> None:
    """Flush the part file and count the chunks written before the flush as received. Chunks written during an
    earlier boot and never flushed may be lost: forget them (they are missing again)."""
    current = chunks.boot_id()
    IncomingChunk.objects.filter(transfer=transfer, is_durable=False).exclude(boot_id=current).delete()
    pending = list(IncomingChunk.objects.filter(transfer=transfer, is_durable=False).values_list("pk", flat=True))
    if pending:
        chunks.sync_file(Path(transfer.part_path))
        IncomingChunk.objects.filter(pk__in=pending).update(is_durable=True)


def make_durable(transfer: IncomingTransfer) -> None:
    """Flush (see `_flush`), then complete the transfer if it is sealed and whole."""
    _flush(transfer)
    with transaction.atomic():
        locked = IncomingTransfer.objects.select_for_update().get(pk=transfer.pk)
        _complete_if_sealed(locked)


def _complete_if_sealed(transfer: IncomingTransfer) -> None:
    """Once sealed and every chunk durable and as the seal lists: complete (the worker then verifies)."""
    if transfer.status != IncomingTransfer.Status.RECEIVING or not transfer.chunk_hashes:
        return
    held = dict(IncomingChunk.objects.filter(transfer=transfer, is_durable=True).values_list("index", "sha256"))
    transfer.chunks_received = len(held)
    if len(held) == transfer.chunk_count and all(
            held[index] == sha256 for index, sha256 in enumerate(transfer.chunk_hashes)):
        transfer.status = IncomingTransfer.Status.COMPLETE
    transfer.save(update_fields=["status", "chunks_received", "updated_at"])


def missing_chunks(transfer: IncomingTransfer) -> list[int]:
    """The chunks the sender must (still) send: not received, or not yet durable after a flush."""
    make_durable(transfer)
    have = set(IncomingChunk.objects.filter(transfer=transfer, is_durable=True).values_list("index", flat=True))
    return [index for index in range(transfer.chunk_count) if index not in have]


def apply_seal(message: IncomingMessage) -> None:
    """Handler of `exchange.transfer.sealed` on the receiving node: the sender's signed list of every chunk's
    SHA-256. A chunk already held that the list contradicts refuses the transfer (the sender is told)."""
    payload = message.payload
    try:
        transfer_id = uuid.UUID(str(payload.get("transfer")))
    except ValueError as error:
        raise ValidationFailed({"transfer": ["not a transfer id"]}) from error
    transfer = IncomingTransfer.objects.select_for_update().filter(pk=transfer_id,
                                                                   conversation=message.conversation).first()
    if transfer is None or transfer.status != IncomingTransfer.Status.RECEIVING:
        raise ValidationFailed({"transfer": ["no transfer of this conversation is waiting for this seal"]})
    hashes = payload.get("chunk_hashes")
    if not isinstance(hashes, list) or len(hashes) != transfer.chunk_count or not all(
            isinstance(item, str) and _HEX64.fullmatch(item) for item in hashes):
        raise ValidationFailed({"chunk_hashes": [f"expected {transfer.chunk_count} chunk hashes"]})
    contradicted = [index for index, sha256 in IncomingChunk.objects.filter(transfer=transfer).values_list(
        "index", "sha256") if hashes[index] != sha256]
    transfer.chunk_hashes = hashes
    transfer.save(update_fields=["chunk_hashes", "updated_at"])
    if contradicted:
        refuse_transfer(transfer, reason=f"the seal contradicts chunks received: {contradicted[:10]}")
        return
    _flush(transfer)
    _complete_if_sealed(transfer)


def refuse_transfer(transfer: IncomingTransfer, *, reason: str) -> None:
    """Refuse a transfer and tell the sender (inside the caller's transaction)."""
    transfer.status, transfer.result_reason = IncomingTransfer.Status.REFUSED, reason
    transfer.save(update_fields=["status", "result_reason", "updated_at"])
    result_send(transfer=transfer, accepted=False, reason=reason, details={})
    record_event(actor=None, action="exchange.transfer_refused", obj=transfer,
                 authority=transfer.conversation.local_authority, after={"reason": reason})
    part = Path(transfer.part_path)
    transaction.on_commit(lambda: part.unlink(missing_ok=True))


def apply_result(message: IncomingMessage) -> None:
    """Handler of `exchange.transfer.result` on the sending node: record the recipient's signed answer and let
    the domain react (e.g. custody "released" with that answer)."""
    payload = message.payload
    try:
        transfer_id = uuid.UUID(str(payload.get("transfer")))
    except ValueError as error:
        raise ValidationFailed({"transfer": ["not a transfer id"]}) from error
    transfer = OutgoingTransfer.objects.select_for_update().filter(pk=transfer_id,
                                                                   conversation=message.conversation).first()
    if transfer is None:
        raise ValidationFailed({"transfer": ["no transfer of this conversation has this id"]})
    if transfer.status in {OutgoingTransfer.Status.ACCEPTED, OutgoingTransfer.Status.REFUSED}:
        raise ValidationFailed({"transfer": ["the transfer was already answered"]})
    accepted = payload.get("status") == "accepted"
    reason = str(payload.get("reason", ""))
    details = payload.get("details") if isinstance(payload.get("details"), dict) else {}
    transfer.status = OutgoingTransfer.Status.ACCEPTED if accepted else OutgoingTransfer.Status.REFUSED
    transfer.result_reason, transfer.result_message = reason, message.id
    transfer.save(update_fields=["status", "result_reason", "result_message", "updated_at"])
    handler = transfer_handler_for(transfer.purpose)
    if handler is not None and handler.on_result is not None:
        handler.on_result(TransferResult(transfer=transfer, accepted=accepted, reason=reason,
                                         details=details or {}, message=message))
    record_event(actor=None, action=f"exchange.transfer_{transfer.status}", obj=transfer,
                 authority=message.recipient_authority,
                 after={"reason": reason, "answer": str(message.id), "answer_hash": message.signed_hash})
    spool = Path(transfer.spool_path)
    transaction.on_commit(lambda: spool.unlink(missing_ok=True))


def result_send(*, transfer: IncomingTransfer, accepted: bool, reason: str, details: dict[str, Any]) -> None:
    """Answer the sender (inside the transaction that records the domain's decision)."""
    side = transfer.conversation
    message_send(conversation_id=side.conversation_id, sender_authority=side.local_authority,
                 recipient_authority=side.remote_authority, message_type=RESULT, payload={
                     "transfer": str(transfer.pk), "status": "accepted" if accepted else "refused",
                     "reason": reason, "details": details})


def seal_send(*, transfer: OutgoingTransfer, chunk_hashes: list[str]) -> None:
    """Sign and send the list of every chunk's SHA-256 (inside the caller's transaction)."""
    side = transfer.conversation
    message_send(conversation_id=side.conversation_id, sender_authority=side.local_authority,
                 recipient_authority=side.remote_authority, message_type=SEAL, payload={
                     "transfer": str(transfer.pk), "chunk_hashes": chunk_hashes})
