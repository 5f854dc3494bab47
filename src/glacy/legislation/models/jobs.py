"""An import of a long law (a PDF, or any large file) run by a background worker while the page shows progress."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import UploadJob


class LawImportJob(UploadJob):
    class Step(models.TextChoices):
        WAITING = "waiting", _("waiting for a worker")
        EXTRACTING = "extracting", _("reading the pages")
        MAPPING = "mapping", _("suggesting articles")
        SAVING = "saving", _("saving")

    authority = models.ForeignKey("directory.Authority", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    law = models.ForeignKey("legislation.Law", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        # Reading the pages is the first half of the work, suggesting articles the second.
        share = self.done / max(self.total, 1)
        if self.step == self.Step.EXTRACTING:
            return int(50 * share)
        if self.step in (self.Step.MAPPING, self.Step.SAVING):
            return 50 + int(49 * share)
        return 0
