"""The custody log: append-only events, each in its item's hash chain and at one position of the node's
Merkle tree (RFC 9162), and the signed checkpoints over that tree."""

from __future__ import annotations

import json
import uuid
from functools import cached_property
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.evidence.custody import CustodyRecord


class _RecordField:
    """One field of an event's hashed record, read from the record itself (the single source of truth)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: CustodyEvent | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return instance.data[self.name]


class CustodyEvent(models.Model):
    """What happened to an exhibit, who did it, when (UTC) and where; never changed once written.

    ``record`` holds the canonical JSON that was hashed (custody.py), and every detail shown — event,
    performer, time, place, purpose, hashes — is read from it, so what a page or a package shows is exactly
    what the chain and the signed Merkle root commit to. The other columns only index the record (which
    exhibit, which position in the node's log, its hash); `glacy custody verify` checks that they agree with
    it. An exhibit's events in log order are its chain in order (verification checks that too).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    log_index = models.PositiveBigIntegerField(_("position in the node's log"), unique=True)
    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, related_name="custody_events")
    record = models.TextField(_("custody record (canonical JSON)"))
    event_hash = models.CharField(max_length=64, unique=True)

    sequence = _RecordField()
    event_type = _RecordField()
    performer = _RecordField()
    time = _RecordField()
    place = _RecordField()
    purpose = _RecordField()
    tool = _RecordField()
    releasing_person = _RecordField()
    receiving_person = _RecordField()
    hashes_before = _RecordField()
    hashes_after = _RecordField()
    notes = _RecordField()
    previous_hash = _RecordField()

    class Meta:
        ordering: ClassVar = ["log_index"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")

    def __str__(self) -> str:
        return f"{self.item_id} #{self.sequence} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Custody events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Custody events are append-only.")

    @cached_property
    def data(self) -> dict[str, Any]:
        """The hashed record as a mapping (parsed once per instance)."""
        value = json.loads(self.record)
        if not isinstance(value, dict):
            raise ValueError("a custody record is a JSON object")
        return value

    def as_record(self) -> CustodyRecord:
        return CustodyRecord.from_mapping({**self.data, "event_hash": self.event_hash})


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
