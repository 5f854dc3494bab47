"""A national law (or bill) imported for review, its provisions, the mapper's suggestions and the mappings
a reviewer accepted."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class Coverage(models.TextChoices):
    """How far a provision (or a country's law) implements an article."""

    FULL = "full", _("full")
    PARTIAL = "partial", _("partial")


class Law(BaseModel):
    """The text of a law, code, bill or amending law of one country, as imported by a reviewing authority.

    The extracted text is kept with the SHA-256 of the file it came from, so the review can always be traced
    back to the document the drafters sent.
    """

    class Kind(models.TextChoices):
        ACT = "act", _("act in force")
        CODE = "code", _("code (penal or procedure)")
        BILL = "bill", _("draft bill")
        AMENDMENT = "amendment", _("amending law")
        REGULATION = "regulation", _("regulation or decree")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="laws",
                                  verbose_name=_("reviewing authority"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="laws",
                                verbose_name=_("country"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ACT)
    language = models.CharField(_("language of the text"), max_length=5, choices=Language.choices)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    source_name = models.CharField(_("file name"), max_length=255)
    source_format = models.CharField(_("file format"), max_length=10)
    source_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    text = models.TextField(_("extracted text"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("imported by"))

    class Meta:
        ordering: ClassVar = ["country_id", "title"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["authority", "source_sha256"], name="law_file_imported_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Provision(BaseModel):
    """One provision of a law: its reference as written ("Section 4(1)", "Article 323-1"), heading and text."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="provisions", verbose_name=_("law"))
    position = models.PositiveIntegerField(_("position"))
    ref = models.CharField(_("reference"), max_length=120)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    context = models.JSONField(_("part, chapter, division"), default=list, blank=True)
    # The mapper's confidence (issue 14): the calibrated probability that the best suggestion is right (null when
    # it suggested nothing), that no article applies, and whether a reviewer should look first.
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    nothing_score = models.FloatField(_("probability that no article applies"), null=True, blank=True)
    needs_review = models.BooleanField(_("needs a look"), default=False)

    class Meta:
        ordering: ClassVar = ["law", "position"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["law", "position"], name="provision_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.heading}".strip()

    @property
    def confidence_band(self) -> str:
        """high (≥ 0.8), medium (≥ 0.6) or low: the colour and words of the review page."""
        value = self.confidence if self.confidence is not None else (self.nothing_score or 0.0)
        return "high" if value >= 0.8 else "medium" if value >= 0.6 else "low"


class Suggestion(BaseModel):
    """The mapper's proposal that a provision implements an article, waiting for a reviewer's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("to review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="suggestions")
    article = models.ForeignKey("treaty.Article", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("article"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["provision", "rank"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["provision", "article"], name="suggestion_unique_per_article"),
        ]

    def __str__(self) -> str:
        return f"{self.provision.ref} → {self.article}"


class ProvisionMapping(BaseModel):
    """A reviewer's finding: this provision implements this article, fully or partly (elements missing).

    Only mappings count in assessments; suggestions never do until a reviewer accepts them.
    """

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="mappings")
    article = models.ForeignKey("treaty.Article", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("article"))
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices)
    missing_elements = models.JSONField(_("missing elements"), default=list, blank=True)
    note = models.TextField(_("reviewer's note"), blank=True)
    suggestion = models.ForeignKey(Suggestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering: ClassVar = ["provision", "article__position"]
        verbose_name = _("mapping")
        verbose_name_plural = _("mappings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["provision", "article"], name="mapping_unique_per_article"),
        ]

    def __str__(self) -> str:
        return f"{self.provision.ref} → {self.article} ({self.coverage})"
