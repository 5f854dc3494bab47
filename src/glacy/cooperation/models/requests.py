"""A cooperation request between two authorities, its structured identifiers, timeline and documents.

The request type (e.g. "ETS185-29", expedited preservation) fixes the legal basis, channel, required
content, deadlines and outcomes; those rules live in `glacy.cooperation.rules`, not here.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.conditions import ConditionKind, ConditionState
from glacy.cooperation.rules.workflow import Status
from glacy.core.models import BaseModel


class Request(BaseModel):
    """A request sent by `requesting_authority` to `requested_authority`.

    The requesting authority sees the request and its case; the requested authority sees the request
    and what was sent with it, never the case (ARCHITECTURE.md §4), and only from the moment it is sent.
    A request registered from a received document has no case on this node; it stays with the
    registering (requested) side until the named requesting authority confirms it.
    """

    class Registration(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation by the requesting authority")
        CONFIRMED = "confirmed", _("confirmed by the requesting authority")
        REJECTED = "rejected", _("not recognised by the named requesting authority")

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    request_type = models.CharField(_("type"), max_length=20, db_index=True)
    case = models.ForeignKey("cooperation.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="requests", verbose_name=_("case"))
    requesting_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                             related_name="requests_made", verbose_name=_("requesting authority"))
    requested_authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                            related_name="requests_received", verbose_name=_("requested authority"))
    status = models.CharField(_("status"), max_length=24, db_index=True, choices=Status.choices)
    content = models.JSONField(_("content"), default=dict, blank=True)
    offence_articles = models.JSONField(
        _("offences (Convention articles)"), default=list, blank=True,
        help_text=_("Copied from the case when drafted; the requested side sees them (ETS 185 Arts 25(4), 29(4))."))
    document_language = models.CharField(_("language of the request"), max_length=2, default="en")
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups",
                                verbose_name=_("follows up"))
    is_incoming_registration = models.BooleanField(
        _("registered from a received document"), default=False,
        help_text=_("The request was received outside the platform and registered here by the requested side."),
    )
    registration = models.CharField(_("registration"), max_length=12, blank=True, choices=Registration.choices)
    is_urgent = models.BooleanField(_("sent urgently by expedited means"), default=False,
                                    help_text=_("ETS 185 Art. 25(3)."))
    urgent_means = models.CharField(_("expedited means"), max_length=10, blank=True)
    formal_confirmation_on = models.DateField(_("formal confirmation sent on"), null=True, blank=True)
    route = models.CharField(_("route"), max_length=30, blank=True, help_text=_("ETS 185 Art. 27(2)(b) and 27(9)."))
    applicable_treaty = models.CharField(
        _("treaty or arrangement relied on"), max_length=300, blank=True,
        help_text=_("Empty: no treaty or arrangement is in force between the Parties, ETS 185 Arts 27 and 28 apply."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    received_at = models.DateTimeField(
        _("received"), null=True, blank=True,
        help_text=_("When the requested side (or, for an order, the provider) received it, as recorded."))
    information_complete_at = models.DateTimeField(
        _("all information received"), null=True, blank=True, help_text=_("CETS 224 Art. 8(6)(a)."))
    served_at = models.DateTimeField(_("served on the provider"), null=True, blank=True,
                                     help_text=_("CETS 224 Art. 8(6)(a)."))
    effected_at = models.DateTimeField(
        _("measure effected"), null=True, blank=True,
        help_text=_("When the requested measure (e.g. preservation) took effect, as recorded; deadlines run from it."),
    )
    not_about_preserved_data = models.BooleanField(
        _("does not concern the preserved data"), default=False,
        help_text=_("Recorded by the requested side for a follow-up of a preservation: it then does not keep the "
                    "data preserved (ETS 185 Art. 29(7))."))
    pending_question = models.CharField(_("question awaiting an answer"), max_length=40, blank=True)
    resumes_status = models.CharField(max_length=24, blank=True)
    use_explanation_pending = models.BooleanField(default=False)
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

    @property
    def type_title(self) -> str:
        """The type's title in the reader's language (never the code)."""
        from glacy.cooperation.rules.catalogue import type_title

        return type_title(self.request_type)

    @property
    def deadline_label(self) -> str:
        """The label of the stored next deadline (treaty deadline or node's own target)."""
        from glacy.cooperation.rules.deadlines import deadline_label

        return deadline_label(self.next_deadline_code)


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
    """One step of the request's timeline, shown to both sides.

    `actor_name` and `authority` name who took the step: a user of this node, or a person of another node's
    authority (a remote actor, no account here: `actor` is empty and `authority` is that node's authority).
    """

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
    occurred_on = models.DateField(_("date recorded"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The exchange (cooperation.messaging): the message that carried this step to the other side (sent), or the
    # other side's message this step was applied from (received). The request page shows where each one is.
    sent_message = models.UUIDField(_("message sent"), null=True, blank=True, db_index=True)
    received_message = models.UUIDField(_("message received"), null=True, blank=True)

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
        SUPPLIED = "supplied", _("material supplied in execution")

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


class RequestCondition(BaseModel):
    """A condition one side attaches to what it supplies (or to the request itself), and the other side's answer.

    ETS 185 Arts 26(2), 27(6), 28(2)-(3); CETS 224 Arts 8(8)-(9), 9(6)-(7). `imposed_by` is the side
    (requesting or requested) that asked for it; an accepted condition binds the other side.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("kind"), max_length=20, choices=ConditionKind.choices)
    text = models.TextField(_("condition"))
    article = models.CharField(_("article"), max_length=60)
    imposed_by = models.CharField(_("asked by"), max_length=12)
    state = models.CharField(_("state"), max_length=16, choices=ConditionState.choices,
                             default=ConditionState.PROPOSED)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering: ClassVar = ["created_at"]
        verbose_name = _("condition on use")
        verbose_name_plural = _("conditions on use")

    def __str__(self) -> str:
        return f"{self.request} {self.kind}: {self.state}"
