"""Recommendations that programme staff write for a country's R1 briefing."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class Recommendation(BaseModel):
    """A recommendation to a country's decision-makers, written by an authority's programme staff, in
    English and French; the briefing prints those of the reader's authority in the briefing's language."""

    authority = models.ForeignKey("directory.Authority", on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey("directory.Country", on_delete=models.CASCADE, related_name="recommendations",
                                verbose_name=_("country"))
    text_en = models.TextField(_("recommendation (English)"))
    text_fr = models.TextField(_("recommendation (French)"))
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering: ClassVar = ["country", "position", "created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.country_id}: {self.text_en[:60]}"
