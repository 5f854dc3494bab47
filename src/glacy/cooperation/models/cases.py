"""A criminal case owned by one authority; requests and evidence hang from it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class CaseSequence(models.Model):
    """The last number used for references of one kind, per country and year (locked when incremented).

    Numbered per country, not per authority, so that two offices of one country never issue the same
    reference (references are unique on the node and travel with requests).
    """

    country_code = models.CharField(max_length=2)
    kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["country_code", "kind", "year"], name="one_sequence_per_kind_and_year"),
        ]

    def __str__(self) -> str:
        return f"{self.country_code}-{self.kind}-{self.year}: {self.last_number}"


class Case(BaseModel):
    """An investigation or prosecution of the owning authority.

    Offences are named by the Convention article they fall under (ETS 185 Arts. 2–11; ETS 189 Arts. 3–6)
    and by the national provision. Personal data are kept to what the cooperation needs and marked.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("authority"))
    reference = models.CharField(_("reference"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    offence_articles = models.JSONField(_("offences (Convention articles)"), default=list, blank=True)
    national_provisions = models.TextField(_("national provisions"), blank=True)
    summary_of_facts = models.TextField(_("summary of facts"), blank=True)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    contains_personal_data = models.BooleanField(
        _("contains personal data"), default=True,
        help_text=_("Personal data are processed under the safeguards of CETS 224 Art. 14."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="cases",
                                  verbose_name=_("case team"))

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["authority", "reference"], name="case_reference_unique_per_authority"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"
