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


class _AppendOnlyQuerySet(models.QuerySet[Any]):
    """Rows that may be read and added, never changed or removed through the ORM (triggers refuse it too)."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """A row written once: saving it again or deleting it raises, and a database trigger refuses both
    (migrations 0002 and 0007)."""

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self._meta.verbose_name_plural} are append-only.")


class _RecordField:
    """One field of an event's hashed record, read from the record itself (the single source of truth)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: CustodyEvent | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return instance.data[self.name]


class CustodyEvent(AppendOnlyModel):
    """What happened to an exhibit, who did it, when (UTC) and where; never changed once written.

    ``record`` holds the canonical JSON that was hashed (custody.py), and every detail shown — event,
    performer, time, place, purpose, hashes — is read from it, so what a page or a package shows is exactly
    what the chain and the signed Merkle root commit to. The other columns only index the record (which
    exhibit, which position in the node's log, its hash); `glacy custody verify` checks that they agree with
    it. An exhibit's events in log order are its chain in order (verification checks that too).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    log_index = models.PositiveBigIntegerField(_("position in the node's log"), unique=True)
    #: None for an event of the node's own chain (its signing-key history), which concerns no exhibit.
    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.PROTECT, related_name="custody_events",
                             null=True, blank=True)
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
        # Each exhibit's first event (its acquisition record) is found from this index alone: verification
        # compares every exhibit's columns with it.
        indexes: ClassVar = [models.Index(fields=["item", "log_index"], name="custody_event_item_position")]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.sequence} {self.event_type}"

    @property
    def recorded_at(self) -> str:
        """When the node wrote the record (records from before back-dating: their ``time``)."""
        return str(self.data.get("recorded_at", self.data["time"]))

    @property
    def details(self) -> dict[str, str]:
        return dict(self.data.get("details") or {})

    @property
    def is_back_dated(self) -> bool:
        """The act happened before it was recorded (more than a minute: the time it takes to fill a form)."""
        from glacy.evidence.custody import parse_utc

        return (parse_utc(self.recorded_at) - parse_utc(self.time)).total_seconds() > 60

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


class CustodyCheckpoint(AppendOnlyModel):
    """The node's signature over the Merkle root of the first `tree_size` custody events.

    ``public_key`` is kept for the reader's convenience only: verification takes the key from the node's key
    history in the log (and from the trust list), never from this row.
    """

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


class CheckpointCosignature(AppendOnlyModel):
    """A witness's signature over one of the node's checkpoints: a key outside the node (a peer node, a court,
    a programme office) saw this tree head and, having checked it extends the last one it saw, signed it back.
    Deleting or rewriting the log behind a cosigned checkpoint contradicts a signature the node cannot make."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkpoint = models.ForeignKey(CustodyCheckpoint, on_delete=models.PROTECT, related_name="cosignatures")
    witness_name = models.CharField(_("witness"), max_length=200)
    witness_fingerprint = models.CharField(_("witness key fingerprint"), max_length=64)
    statement = models.TextField(_("cosigned statement (canonical JSON)"))
    signature = models.TextField(_("Ed25519 signature (base64)"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["received_at"]
        verbose_name = _("checkpoint cosignature")
        verbose_name_plural = _("checkpoint cosignatures")
        constraints: ClassVar = [models.UniqueConstraint(fields=["checkpoint", "witness_fingerprint"],
                                                         name="one_cosignature_per_witness")]

    def __str__(self) -> str:
        return f"{self.witness_name} on {self.checkpoint}"


class CheckpointTimestamp(AppendOnlyModel):
    """An RFC 3161 time-stamp token over a checkpoint's signed statement, from an authority the operator named:
    proof from outside the node that the statement existed at ``stamped_at``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkpoint = models.ForeignKey(CustodyCheckpoint, on_delete=models.PROTECT, related_name="timestamps")
    authority = models.CharField(_("time-stamping authority"), max_length=300)
    token = models.TextField(_("time-stamp token (DER, base64)"))
    stamped_at = models.CharField(_("time stated by the authority (UTC)"), max_length=40)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["received_at"]
        verbose_name = _("checkpoint time-stamp")
        verbose_name_plural = _("checkpoint time-stamps")

    def __str__(self) -> str:
        return f"{self.authority} {self.stamped_at}"


class WitnessedHead(AppendOnlyModel):
    """This node acting as a witness for another node's log: each tree head it cosigned. The latest per key is
    what the next one must extend (its consistency proof is checked against it), so a witness never signs a
    rewritten history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    node_name = models.CharField(_("node"), max_length=200)
    node_fingerprint = models.CharField(_("node key fingerprint"), max_length=64, db_index=True)
    tree_size = models.PositiveBigIntegerField(_("number of events"))
    root_hash = models.CharField(_("Merkle root"), max_length=64)
    cosigned_at = models.DateTimeField(_("cosigned"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["node_fingerprint", "tree_size"]
        verbose_name = _("witnessed tree head")
        verbose_name_plural = _("witnessed tree heads")

    def __str__(self) -> str:
        return f"{self.node_name} {self.tree_size}"
