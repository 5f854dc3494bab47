"""A cooperation request between two authorities, its structured identifiers, timeline and documents.

The request type (e.g. "ETS185-29", expedited preservation) fixes the legal basis, channel, required
content, deadlines and outcomes; those rules live in `glacy.cooperation.rules`, not here.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.core.models import BaseModel


class Request(BaseModel):
    """A request sent by `requesting_authority` to `requested_authority`.

    The requesting authority sees the request and its case; the requested authority sees the request
    and what was sent with it, never the case (ARCHITECTURE.md §4). An incoming request registered from
    a received document has no case on this node.
    """

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    request_type = models.CharField(_("type"), max_length=20, db_index=True)
    case = models.ForeignKey("cooperation.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="requests", verbose_name=_("case"))
    requesting_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                             related_name="requests_made", verbose_name=_("requesting authority"))
    requested_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                            related_name="requests_received", verbose_name=_("requested authority"))
    status = models.CharField(_("status"), max_length=24, db_index=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    document_language = models.CharField(_("language of the request"), max_length=2, default="en")
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups",
                                verbose_name=_("follows up"))
    is_incoming_registration = models.BooleanField(
        _("registered from a received document"), default=False,
        help_text=_("The request was received outside the platform and registered here by the requested side."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    effected_at = models.DateTimeField(
        _("measure effected"), null=True, blank=True,
        help_text=_("When the requested measure (e.g. preservation) took effect; deadlines run from it."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    next_deadline_at = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    next_deadline_code = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        # The request list is read newest first, 50 at a time (issue 11, benchmarks/bench_scale.py).
        indexes: ClassVar = [
            models.Index(fields=["created_at"], name="request_created"),
            # The home page's "answers to our requests" starts from our recently changed requests.
            models.Index(fields=["requesting_authority", "updated_at"], name="request_outgoing_changed"),
        ]

    def __str__(self) -> str:
        return self.reference


class RequestIdentifier(BaseModel):
    """One identifier sought (IP address with port and zoned time, e-mail, account, phone, domain, ...)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=30)
    value = models.JSONField(_("value"))
    display = models.CharField(_("identifier"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position"]
        verbose_name = _("identifier sought")
        verbose_name_plural = _("identifiers sought")

    def __str__(self) -> str:
        return self.display


class RequestEvent(BaseModel):
    """One step of the request's timeline, shown to both sides."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=24, blank=True)
    to_status = models.CharField(_("to"), max_length=24, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=200)
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request} {self.action}"


def request_document_path(instance: RequestDocument, filename: str) -> str:
    return f"requests/{instance.request_id}/{instance.id}-{filename}"


class RequestDocument(BaseModel):
    """A document of the request: generated (PDF/DOCX) or received (PDF/DOCX/e-mail) and attached."""

    class Kind(models.TextChoices):
        GENERATED = "generated", _("generated")
        RECEIVED = "received", _("received")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=request_document_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("media type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("request document")
        verbose_name_plural = _("request documents")

    def __str__(self) -> str:
        return self.filename
