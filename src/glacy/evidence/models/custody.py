"""The custody log: append-only events, each in its item's hash chain and at one position of the node's
Merkle tree (RFC 9162), and the signed checkpoints over that tree."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.evidence.custody import CustodyRecord, EventType


class CustodyEvent(models.Model):
    """What happened to an exhibit, who did it, when (UTC) and where; never changed once written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    log_index = models.PositiveBigIntegerField(_("position in the node's log"), unique=True)
    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, related_name="custody_events")
    sequence = models.PositiveIntegerField(_("sequence in the item's chain"))
    event_type = models.CharField(_("event"), max_length=20, choices=[(kind.value, kind.value) for kind in EventType])
    performer = models.CharField(_("performed by"), max_length=200)
    time = models.CharField(_("time (UTC)"), max_length=40)
    place = models.CharField(_("place"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    tool = models.CharField(_("tool"), max_length=200, blank=True)
    releasing_person = models.CharField(_("released by"), max_length=200, blank=True)
    receiving_person = models.CharField(_("received by"), max_length=200, blank=True)
    hashes_before = models.JSONField(_("hashes before"), default=dict, blank=True)
    hashes_after = models.JSONField(_("hashes after"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    previous_hash = models.CharField(max_length=64)
    event_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering: ClassVar = ["log_index"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "sequence"], name="custody_sequence_unique_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.sequence} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Custody events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Custody events are append-only.")

    def as_record(self) -> CustodyRecord:
        return CustodyRecord(
            sequence=self.sequence, event_type=self.event_type, evidence_id=str(self.item_id),
            performer=self.performer, time=self.time, previous_hash=self.previous_hash, event_hash=self.event_hash,
            place=self.place, purpose=self.purpose, tool=self.tool, releasing_person=self.releasing_person,
            receiving_person=self.receiving_person, hashes_before=dict(self.hashes_before),
            hashes_after=dict(self.hashes_after), notes=self.notes,
        )


class CustodyLogHead(models.Model):
    """A single row locked while appending, so two workers never take the same log position."""

    size = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"custody log of {self.size} events"


class CustodyCheckpoint(models.Model):
    """The node's signature over the Merkle root of the first `tree_size` custody events."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tree_size = models.PositiveBigIntegerField(_("number of events"))
    root_hash = models.CharField(_("Merkle root"), max_length=64)
    signed_at = models.CharField(_("signed at (UTC)"), max_length=40)
    statement = models.TextField(_("signed statement (canonical JSON)"))
    signature = models.TextField(_("Ed25519 signature (base64)"))
    public_key = models.CharField(_("public key (base64)"), max_length=64)
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)

    class Meta:
        ordering: ClassVar = ["tree_size"]
        verbose_name = _("custody checkpoint")
        verbose_name_plural = _("custody checkpoints")

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} {self.root_hash[:12]}"
