"""Conversations and the messages that travel in them: the outbox (written with the state change it carries),
the inbox (applied exactly once, in order), and the log of deliveries the inbox refused or ignored."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class Conversation(BaseModel):
    """One side of a conversation between two authorities (e.g. one cooperation request), as seen by the
    authority of this node that takes part in it.

    Both nodes know the conversation by the same `conversation_id`; each keeps its own side. When both
    authorities are on this node there are two sides here, one per authority. The parties are fixed by the
    first message: a message from anyone else in this conversation is refused. Sequence numbers run per side
    and direction: the n-th message one side sends carries n.
    """

    conversation_id = models.UUIDField(_("conversation"), db_index=True)
    local_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("authority of this node"))
    remote_node = models.CharField(_("other node"), max_length=63)
    remote_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("other authority"))
    next_send_sequence = models.PositiveIntegerField(default=1)
    next_receive_sequence = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["conversation_id", "local_authority"], name="conversation_side_once"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} ({self.local_authority_id} ↔ {self.remote_node})"


class OutboundMessage(models.Model):
    """A message this node sends: signed when it is written (in the transaction of the change it reports),
    encrypted and delivered by a worker, done when the recipient's signed receipt verifies."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DELIVERED = "delivered", _("delivered, receipt verified")
        REFUSED = "refused", _("refused by the recipient")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="outbound_messages")
    sequence = models.PositiveIntegerField(_("sequence"))
    message_type = models.CharField(_("type"), max_length=80)
    recipient_node = models.CharField(_("recipient node"), max_length=63, db_index=True)
    signed = models.TextField(_("signed envelope (JWS)"))
    signed_hash = models.CharField(_("SHA-256 of the signed envelope"), max_length=64)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    receipt = models.TextField(_("signed receipt (JWS)"), blank=True)
    receipt_signed_at = models.DateTimeField(_("receipt time"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["conversation", "sequence"], name="outbound_sequence_once"),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "next_attempt_at"], name="outbound_due")]

    def __str__(self) -> str:
        return f"{self.message_type} #{self.sequence} → {self.recipient_node}"


class InboundMessage(models.Model):
    """A message received and verified: applied in order (or held until its predecessors arrive), kept with
    its signature as proof of what the other side said, and answered with this node's signed receipt."""

    class Status(models.TextChoices):
        HELD = "held", _("held until earlier messages arrive")
        APPLIED = "applied", _("applied")
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="inbound_messages")
    sequence = models.PositiveIntegerField(_("sequence"))
    message_type = models.CharField(_("type"), max_length=80)
    sender_node = models.CharField(_("sender node"), max_length=63, db_index=True)
    signed = models.TextField(_("signed envelope (JWS)"))
    signed_hash = models.CharField(_("SHA-256 of the signed envelope"), max_length=64)
    signer_fingerprint = models.CharField(_("signed by key"), max_length=64)
    created_at = models.DateTimeField(_("created"))
    received_at = models.DateTimeField(_("received"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    receipt = models.TextField(_("signed receipt (JWS)"))

    class Meta:
        ordering: ClassVar = ["received_at"]
        verbose_name = _("received message")
        verbose_name_plural = _("received messages")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["conversation", "sequence"], name="inbound_sequence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.message_type} #{self.sequence} ← {self.sender_node}"


class InboxIncident(models.Model):
    """A delivery the inbox refused (bad signature, unknown or revoked key, another node's message, outside
    its time window, a conversation the sender is not party to, a replayed sequence…) or ignored (a duplicate).
    Nothing else was changed by it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    claimed_node = models.CharField(_("claimed sender node"), max_length=63, blank=True)
    message_id = models.CharField(_("message id"), max_length=36, blank=True)
    reason_code = models.CharField(_("reason"), max_length=40)
    detail = models.TextField(_("detail"))
    remote_address = models.CharField(_("from address"), max_length=64, blank=True)

    class Meta:
        ordering: ClassVar = ["-occurred_at"]
        verbose_name = _("inbox incident")
        verbose_name_plural = _("inbox incidents")

    def __str__(self) -> str:
        return f"{self.reason_code} {self.message_id}"
