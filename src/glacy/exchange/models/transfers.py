"""Large files (evidence packages) travelling between nodes in hashed, encrypted, resumable chunks.

The offer is a signed, encrypted message of the conversation: it names the file (size, SHA-256, the SHA-256 of
every chunk) and carries a fresh AES-256 key. Chunks then travel as plain HTTP bodies, each encrypted and
authenticated with that key (AES-256-GCM, the chunk's position and hash as associated data), so a chunk can
neither be read nor forged by anyone outside the conversation. The recipient writes each chunk at its place in
the file, durably, and records it once; either side may stop at any moment and the sender asks which chunks
are missing before sending more. When the file is whole the recipient checks its SHA-256, hands it to the
domain (e.g. evidence verification and import), and answers with a signed message: accepted, or refused with
the reason.
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
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    chunk_size = models.PositiveIntegerField(_("chunk size"))
    chunk_hashes = models.JSONField(_("SHA-256 of each chunk"))
    content_key = models.CharField(max_length=64)  # base64 AES-256 key, from the encrypted offer
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(_("last error"), blank=True)
    result_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True

    @property
    def chunk_count(self) -> int:
        return len(self.chunk_hashes)

    def chunk_length(self, index: int) -> int:
        if index == self.chunk_count - 1:
            return self.size - index * self.chunk_size
        return self.chunk_size


class OutgoingTransfer(TransferBase):
    """A file this node sends; its spool copy stays until the recipient answers."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent, awaiting verification")
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
        COMPLETE = "complete", _("complete, being verified")
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
    """A chunk written durably at its place; recorded once (a chunk sent again is not accepted twice)."""

    transfer = models.ForeignKey(IncomingTransfer, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["transfer", "index"], name="incoming_chunk_once"),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id} #{self.index}"
