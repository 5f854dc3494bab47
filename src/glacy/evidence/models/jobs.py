"""A background ingest requested from a page: its progress is shown while a worker hashes and stores the file."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class IngestJob(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    case = models.ForeignKey("cooperation.Case", on_delete=models.CASCADE, related_name="ingest_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    upload_path = models.CharField(max_length=500)
    original_name = models.CharField(max_length=255)
    options = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    bytes_done = models.PositiveBigIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else int(100 * self.bytes_done / max(self.bytes_total, 1))
