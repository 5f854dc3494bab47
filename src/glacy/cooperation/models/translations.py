"""A translation of a request's free text, attached by the requesting side for a requested Party that works
in another language (issue 11). Entered by a person: the platform never translates by machine. A person who
started from a machine translation says so, and the page says it to every reader."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class RequestTranslation(BaseModel):
    """The request's free-text content items in one other language (one translation per language)."""

    class Method(models.TextChoices):
        HUMAN = "human", _("translated by a person")
        MACHINE_REVIEWED = "machine_reviewed", _("machine translation, checked and corrected by a person")

    request = models.ForeignKey("cooperation.Request", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    texts = models.JSONField(_("translated text"), default=dict,
                             help_text=_("The translated text of each free-text content item, by item."))
    method = models.CharField(_("how it was translated"), max_length=20, choices=Method.choices)
    translator = models.CharField(_("translated by"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering: ClassVar = ["language"]
        verbose_name = _("translation of a request")
        verbose_name_plural = _("translations of requests")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["request", "language"], name="request_translation_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} ({self.language})"
