"""Registering a request received outside the platform (e-mail, post, fax), and its confirmation.

The registering authority is the requested side: it records the request with the file it received and the
date it received it. Until the authority it names as requesting authority confirms that it sent the request,
the registration stays with the registering side only, flagged as registered from a received document: it
never appears in the named authority's outgoing requests, and that authority cannot open it (it only sees
the claim and may confirm or reject it).
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Request, RequestDocument
from glacy.cooperation.references import next_reference
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.workflow import Status
from glacy.cooperation.services.deadlines import moment_of, refresh_next_deadline
from glacy.cooperation.services.documents import MAX_RECEIVED_BYTES, _store, safe_filename, sniff_received_format
from glacy.cooperation.services.requests import timeline_add
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.directory.models import Authority


@transaction.atomic
def request_register_incoming(*, actor: Any, requesting_authority: Authority, request_type: str,
                              received_reference: str, data: bytes, filename: str, summary_of_facts: str = "",
                              received_on: datetime.date | None = None,
                              offence_articles: list[str] | str | None = None) -> Request:
    """The requested side records a request it received outside the platform, with the received file."""
    from glacy.cooperation.services.cases import clean_offence_articles

    require_role(actor, Role.DRAFTER, Role.APPROVER)
    now = timezone.now()
    zone = actor.authority.time_zone
    day = received_on or timezone.localdate(now, timezone=ZoneInfo(zone))
    errors: dict[str, list[str]] = {}
    if request_type not in catalogue.BY_CODE:
        errors["request_type"] = [str(_("Choose a type of request."))]
    if not data:
        errors["file"] = [str(_("The file is empty."))]
    elif len(data) > MAX_RECEIVED_BYTES:
        errors["file"] = [str(_("The file is larger than 20 MB."))]
    if requesting_authority.pk == actor.authority_id:
        errors["requesting_authority"] = [str(_("The request comes from another authority."))]
    if not received_reference.strip():
        errors["received_reference"] = [str(_("Give the reference the requesting authority gave it."))]
    if moment_of(day, zone=zone, now=now) > now:
        errors["received_on"] = [str(_("This date is in the future."))]
    if errors:
        raise ValidationFailed(errors)
    offences = clean_offence_articles(offence_articles or [])
    file_format = sniff_received_format(data)
    received_at = moment_of(day, zone=zone, now=now)
    request = Request(
        reference=next_reference(authority=actor.authority, kind="IN"), request_type=request_type,
        requesting_authority=requesting_authority, requested_authority_id=actor.authority_id,
        status=Status.ACKNOWLEDGED, offence_articles=offences,
        content={"summary_of_facts": summary_of_facts.strip(), "received_reference": received_reference.strip()},
        is_incoming_registration=True, registration=Request.Registration.PENDING, created_by=actor,
        sent_at=received_at, received_at=received_at, acknowledged_at=now,
    )
    request.requested_authority = actor.authority
    refresh_next_deadline(request)
    request.save()
    _store(request=request, kind=RequestDocument.Kind.RECEIVED, data=data,
           filename=safe_filename(filename) or f"received.{file_format}", file_format=file_format, language="",
           actor=actor)
    timeline_add(request=request, actor=actor, action="register_incoming", to_status=Status.ACKNOWLEDGED,
                 note=received_reference.strip(), occurred_on=day)
    record_event(actor=actor, action="request.register_incoming", obj=request,
                 after={"type": request_type, "from": str(requesting_authority.pk), "file_format": file_format,
                        "received_on": day.isoformat()})
    return request


def _pending_for(actor: Any, request: Request) -> Request:
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.requesting_authority_id != actor.authority_id or request.registration != Request.Registration.PENDING:
        raise PermissionDenied(_("Only the authority named as requesting authority confirms a registration."))
    return request


@transaction.atomic
def request_registration_confirm(*, actor: Any, request: Request) -> Request:
    """The named requesting authority confirms it sent the request: from now on both sides see it."""
    request = _pending_for(actor, request)
    request.registration = Request.Registration.CONFIRMED
    request.save(update_fields=["registration", "updated_at"])
    timeline_add(request=request, actor=actor, action="confirm_registration")
    record_event(actor=actor, action="request.confirm_registration", obj=request,
                 before={"registration": "pending"}, after={"registration": "confirmed"})
    return request


@transaction.atomic
def request_registration_reject(*, actor: Any, request: Request, note: str) -> Request:
    """The named requesting authority says it did not send this request; it stays with the registering side."""
    if not note.strip():
        raise ValidationFailed({"note": [str(_("Say why you do not recognise this request."))]})
    request = _pending_for(actor, request)
    request.registration = Request.Registration.REJECTED
    request.save(update_fields=["registration", "updated_at"])
    timeline_add(request=request, actor=actor, action="reject_registration", note=note.strip())
    record_event(actor=actor, action="request.reject_registration", obj=request,
                 before={"registration": "pending"}, after={"registration": "rejected"})
    return request
