"""Large files (evidence packages) travelling between nodes in hashed, encrypted, resumable chunks.

1. The **offer** is a signed, encrypted message of the conversation: file name, size, chunk size, purpose,
   and a fresh AES-256 key.
2. **Chunks** travel as HTTP bodies, each encrypted and authenticated with that key (AES-256-GCM; the transfer,
   the chunk's position and its SHA-256 are the associated data) and carrying its SHA-256: nobody outside the
   conversation can read or forge one, and the recipient checks the plaintext against the hash before
   writing it at its place. A chunk is recorded once; the recipient makes its writes durable in groups
   (fsync) and counts a chunk as received only once durable. Either side may stop at any moment: the sender
   asks which chunks are missing before sending more.
3. The **seal** is a signed message listing every chunk's SHA-256 (the sender's signed statement of exactly
   what it sent); the recipient checks it against the chunks it holds, hands the file to the domain (e.g.
   evidence verification and import), and answers with a signed message: accepted, or refused with the reason.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class TransferBase(BaseModel):
    """What both sides know of a transfer (the offer)."""

    conversation = models.ForeignKey("exchange.Conversation", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=80)  # which domain handles it, e.g. evidence.package
    metadata = models.JSONField(_("details"), default=dict)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    chunk_size = models.PositiveIntegerField(_("chunk size"))
    chunk_count = models.PositiveIntegerField(_("chunks"))
    # SHA-256 of each chunk: on the sending node filled in as chunks are sent ("" not yet), on the receiving
    # node the sealed list once the seal arrives.
    chunk_hashes = models.JSONField(_("SHA-256 of each chunk"), default=list)
    content_key = models.CharField(max_length=64)  # base64 AES-256 key, from the encrypted offer
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(_("last error"), blank=True)
    result_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True

    def chunk_length(self, index: int) -> int:
        if index == self.chunk_count - 1:
            return self.size - index * self.chunk_size
        return self.chunk_size


class OutgoingTransfer(TransferBase):
    """A file this node sends; its spool copy stays until the recipient answers."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sealed, awaiting verification")
        ACCEPTED = "accepted", _("accepted by the recipient")
        REFUSED = "refused", _("refused by the recipient")
        FAILED = "failed", _("failed")

    offer = models.OneToOneField("exchange.OutboundMessage", on_delete=models.PROTECT, related_name="transfer")
    recipient_node = models.CharField(_("recipient node"), max_length=63)
    spool_path = models.CharField(max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED,
                              db_index=True)
    chunks_confirmed = models.PositiveIntegerField(_("chunks received by the recipient"), default=0)
    result_message = models.UUIDField(null=True, blank=True)  # the recipient's signed answer (InboundMessage)

    class Meta:
        verbose_name = _("outgoing transfer")
        verbose_name_plural = _("outgoing transfers")

    def __str__(self) -> str:
        return f"{self.file_name} → {self.recipient_node} ({self.status})"


class IncomingTransfer(TransferBase):
    """A file this node receives, assembled chunk by chunk in its part file."""

    class Status(models.TextChoices):
        RECEIVING = "receiving", _("receiving")
        COMPLETE = "complete", _("sealed, being verified")
        ACCEPTED = "accepted", _("verified and accepted")
        REFUSED = "refused", _("refused")

    sender_node = models.CharField(_("sender node"), max_length=63)
    part_path = models.CharField(max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVING,
                              db_index=True)
    chunks_received = models.PositiveIntegerField(_("chunks received"), default=0)

    class Meta:
        verbose_name = _("incoming transfer")
        verbose_name_plural = _("incoming transfers")

    def __str__(self) -> str:
        return f"{self.file_name} ← {self.sender_node} ({self.status})"


class IncomingChunk(models.Model):
    """A chunk checked and written at its place, recorded once (a chunk sent again is not accepted twice).

    It counts as received once `is_durable` (the part file was fsynced after it was written). A chunk written
    but not yet made durable when the machine stopped (`boot_id` of an earlier boot) is forgotten and asked
    for again: a process killed keeps its writes in the operating system's cache, a machine that crashed may
    not.
    """

    transfer = models.ForeignKey(IncomingTransfer, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    is_durable = models.BooleanField(default=False)
    boot_id = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["transfer", "index"], name="incoming_chunk_once"),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id} #{self.index}"
