"""A compliance assessment: one country's laws against one instrument, article by article, as a version.

Each assessment is a snapshot. Its rows copy the mapped provisions at the time they were computed, so an
older version still says what the law looked like then, and two versions can be compared to show progress.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class RowCoverage(models.TextChoices):
    """Coverage of one article in the matrix."""

    FULL = "full", _("full")
    PARTIAL = "partial", _("partial")
    ABSENT = "absent", _("absent")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Assessment(BaseModel):
    """Version `version` of a reviewing authority's assessment of `country` against `instrument`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="assessments",
                                  verbose_name=_("reviewing authority"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="assessments",
                                verbose_name=_("country"))
    instrument = models.ForeignKey("treaty.Instrument", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("instrument"))
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    laws = models.ManyToManyField("legislation.Law", related_name="assessments", verbose_name=_("laws"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["country_id", "instrument_id", "-version"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["authority", "country", "instrument", "version"],
                                    name="assessment_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class AssessmentRow(BaseModel):
    """One article of the matrix: the provisions mapped to it, its coverage, what is missing, the note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="rows")
    article = models.ForeignKey("treaty.Article", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("article"))
    computed_coverage = models.CharField(_("coverage from the mappings"), max_length=16,
                                         choices=RowCoverage.choices)
    coverage = models.CharField(_("coverage"), max_length=16, choices=RowCoverage.choices)
    provisions = models.JSONField(_("mapped provisions"), default=list, blank=True)
    missing_elements = models.JSONField(_("missing elements"), default=list, blank=True)
    note = models.TextField(_("reviewer's note"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)

    class Meta:
        ordering: ClassVar = ["assessment", "article__position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["assessment", "article"], name="assessment_row_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.article}: {self.coverage}"
