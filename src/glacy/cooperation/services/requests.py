"""Drafting a request: create, change its content and how it is sent, add or remove the identifiers sought."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case, Request, RequestEvent, RequestIdentifier
from glacy.cooperation.references import next_reference
from glacy.cooperation.rules import catalogue, channels
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.identifiers import IdentifierError, parse_identifier
from glacy.cooperation.rules.workflow import BEFORE_SENDING, Status
from glacy.core.audit import record_event, snapshot
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.directory.models import Authority

EDITABLE_STATUSES = frozenset({Status.DRAFT})
#: How the request is sent (not content of the document's sections): urgency, route, treaty relied on, offences.
SETTINGS = ("is_urgent", "urgent_means", "route", "applicable_treaty", "offence_articles")


def clean_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """Keep known fields only, each in its kind (boolean, integer, choice, text). Unknown fields are refused."""
    unknown = sorted(set(content) - set(FIELDS) - {"identifiers"})
    if unknown:
        raise ValidationFailed({name: [str(_("Unknown content field."))] for name in unknown})
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in content.items():
        if name == "identifiers":
            continue
        definition = FIELDS[name]
        if definition.kind == "boolean":
            cleaned[name] = value is True or value in {"true", "on", "1"}
        elif definition.kind == "integer":
            text = str(value if value is not None else "").strip()
            if not text:
                cleaned[name] = None
            elif not text.isdigit() or not 0 < int(text) <= 3650:
                errors[name] = [str(_("Give a whole number of days from 1 to 3650."))]
            else:
                cleaned[name] = int(text)
        elif definition.kind == "choice":
            text = str(value or "").strip()
            if text and text not in dict(definition.choices):
                errors[name] = [str(_("Choose one of: %(choices)s.") % {
                    "choices": ", ".join(str(label) for _code, label in definition.choices)})]
            cleaned[name] = text
        else:
            cleaned[name] = str(value or "").strip()
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def clean_settings(*, request_type: catalogue.RequestType, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check urgency (Art. 25(3)), route (Art. 27(9)), the treaty relied on and the offences named."""
    from glacy.cooperation.services.cases import clean_offence_articles

    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if "is_urgent" in values:
        cleaned["is_urgent"] = values["is_urgent"] is True or values["is_urgent"] in {"true", "on", "1"}
        if cleaned["is_urgent"] and not channels.may_be_urgent(request_type):
            errors["is_urgent"] = [str(_("Art. 25(3) urgency is for mutual-assistance requests; this type is not "
                                         "sent that way."))]
    if "urgent_means" in values:
        means = str(values["urgent_means"] or "").strip()
        if means and means not in dict(channels.URGENT_MEANS):
            errors["urgent_means"] = [str(_("Choose the expedited means from the list."))]
        cleaned["urgent_means"] = means
    if "applicable_treaty" in values:
        treaty = str(values["applicable_treaty"] or "").strip()[:300]
        if treaty and request_type.code == "ETS185-27":
            errors["applicable_treaty"] = [str(_("An Art. 27 request is made where no treaty applies."))]
        cleaned["applicable_treaty"] = treaty
    if "route" in values:
        cleaned["route"] = str(values["route"] or "").strip()
        if cleaned["route"] and cleaned["route"] not in channels.ROUTES_BY_CODE:
            errors["route"] = [str(_("Choose a route from the list."))]
    if "offence_articles" in values:
        try:
            cleaned["offence_articles"] = clean_offence_articles(values["offence_articles"] or [])
        except ValidationFailed as error:
            errors |= error.errors
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def timeline_add(*, request: Request, actor: Any, action: str, from_status: str = "", to_status: str = "",
                 reason_code: str = "", note: str = "", occurred_on: datetime.date | None = None,
                 details: Mapping[str, Any] | None = None) -> RequestEvent:
    """One line of the request's timeline, seen by both sides."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return RequestEvent.objects.create(
        request=request, action=action, from_status=from_status, to_status=to_status,
        actor=actor if is_user else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if is_user else "system",
        authority=getattr(actor, "authority", None) if is_user else None, reason_code=reason_code, note=note,
        occurred_on=occurred_on, details=dict(details or {}),
    )


def _editable_draft(actor: Any, request: Request) -> Request:
    request = Request.objects.select_for_update().get(pk=request.pk)
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    if request.requesting_authority_id != actor.authority_id or request.registration not in {"", "confirmed"}:
        raise PermissionDenied(_("Only the requesting authority may change the request."))
    if request.status not in EDITABLE_STATUSES:
        raise ValidationFailed({"status": [str(_("Only a draft can be changed; return it to draft first."))]})
    return request


def follow_up_target(*, actor: Any, reference: str, requested_authority: Authority) -> Request:
    """The earlier request a new one follows up, found by its reference among the actor's Party's requests.

    ETS 185 Art. 29(7) speaks of "the requesting Party": the central authority may follow up the preservation
    its 24/7 point sent. The earlier request must come from an authority of the actor's country, have been
    sent, and have gone to the same requested Party as the follow-up.
    """
    earlier = Request.objects.select_related("requesting_authority", "requested_authority").filter(
        reference=reference.strip().upper()).first()
    if earlier is None or earlier.requesting_authority.country_id != actor.authority.country_id \
            or earlier.status in BEFORE_SENDING or earlier.registration not in {"", "confirmed"}:
        raise ValidationFailed({"follows": [str(_("No sent request of your country has this reference."))]})
    if earlier.requested_authority.country_id != requested_authority.country_id:
        raise ValidationFailed({"follows": [str(_(
            "The earlier request went to another Party; a follow-up goes to the Party that received it."))]})
    return earlier


@transaction.atomic
def request_create(*, actor: Any, case: Case, request_type: str, requested_authority: Authority,
                   content: Mapping[str, Any] | None = None, document_language: str = "en",
                   follows: Request | None = None, follows_reference: str = "",
                   settings: Mapping[str, Any] | None = None) -> Request:
    """Draft a request of the actor's authority for one of its cases; its offences are copied from the case."""
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    errors: dict[str, list[str]] = {}
    if request_type not in catalogue.BY_CODE:
        raise ValidationFailed({"request_type": [str(_("Choose a type of request."))]})
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only the authority that owns the case may draft requests for it."))
    if requested_authority.pk == actor.authority_id:
        errors["requested_authority"] = [str(_("A request goes to another authority."))]
    if document_language not in {"en", "fr"}:
        errors["document_language"] = [str(_("Documents are produced in English or French."))]
    if errors:
        raise ValidationFailed(errors)
    if follows_reference.strip():
        follows = follow_up_target(actor=actor, reference=follows_reference, requested_authority=requested_authority)
    elif follows is not None:
        follows = follow_up_target(actor=actor, reference=follows.reference, requested_authority=requested_authority)
    definition = catalogue.request_type(request_type)
    values = clean_settings(request_type=definition, values={"offence_articles": case.offence_articles,
                                                             **dict(settings or {})})
    route = values.pop("route", "") or ("central_authority" if request_type in channels.ROUTE_TYPES else "")
    request = Request.objects.create(
        reference=next_reference(authority=actor.authority, kind=catalogue.reference_kind(request_type)),
        request_type=request_type, case=case, requesting_authority_id=actor.authority_id,
        requested_authority=requested_authority, status=Status.DRAFT, content=clean_content(content or {}),
        document_language=document_language, follows=follows, created_by=actor, route=route, **values,
    )
    timeline_add(request=request, actor=actor, action="create", to_status=Status.DRAFT)
    record_event(actor=actor, action="request.create", obj=request, after=snapshot(request))
    return request


@transaction.atomic
def request_update_content(*, actor: Any, request: Request, content: Mapping[str, Any]) -> Request:
    """Change the content (and how it is sent) of a draft; only what changed is audited."""
    request = _editable_draft(actor, request)
    settings_in = {name: content[name] for name in SETTINGS if name in content}
    cleaned = clean_content({name: value for name, value in content.items() if name not in SETTINGS})
    settings = clean_settings(request_type=catalogue.request_type(request.request_type), values=settings_in)
    merged = {**request.content, **cleaned}
    changed = {name: value for name, value in merged.items() if request.content.get(name) != value}
    changed_settings = {name: value for name, value in settings.items() if getattr(request, name) != value}
    if not changed and not changed_settings:
        return request
    before = {name: request.content.get(name) for name in changed} | {
        name: getattr(request, name) for name in changed_settings}
    request.content = merged
    for name, value in changed_settings.items():
        setattr(request, name, value)
    request.save()
    record_event(actor=actor, action="request.update", obj=request, before=before, after=changed | changed_settings)
    return request


@transaction.atomic
def request_identifier_add(*, actor: Any, request: Request, kind: str, raw: Mapping[str, Any]) -> RequestIdentifier:
    """Add one identifier sought, validated and normalised (see rules.identifiers)."""
    request = _editable_draft(actor, request)
    try:
        parsed = parse_identifier(kind, raw)
    except IdentifierError as error:
        raise ValidationFailed({error.field: [str(error.message)]}) from error
    identifier = RequestIdentifier.objects.create(
        request=request, kind=parsed.kind, value=parsed.value, display=parsed.display[:300],
        position=request.identifiers.count(),
    )
    record_event(actor=actor, action="request.add_identifier", obj=request,
                 after={"kind": parsed.kind, "value": parsed.value})
    return identifier


@transaction.atomic
def request_identifier_remove(*, actor: Any, identifier: RequestIdentifier) -> None:
    request = _editable_draft(actor, identifier.request)
    record_event(actor=actor, action="request.remove_identifier", obj=request,
                 before={"kind": identifier.kind, "value": identifier.value})
    identifier.delete()
