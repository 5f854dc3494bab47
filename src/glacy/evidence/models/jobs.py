"""A background ingest requested from a page: its progress is shown while a worker hashes and stores the file."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from glacy.core.models import UploadJob


class IngestJob(UploadJob):
    case = models.ForeignKey("cooperation.Case", on_delete=models.CASCADE, related_name="ingest_jobs")
    bytes_done = models.PositiveBigIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    item = models.ForeignKey("evidence.EvidenceItem", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else int(100 * self.bytes_done / max(self.bytes_total, 1))
