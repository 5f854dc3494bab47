"""Drafting a request: create, change its content, add or remove the identifiers sought."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case, Request, RequestEvent, RequestIdentifier
from glacy.cooperation.references import next_reference
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.identifiers import IdentifierError, parse_identifier
from glacy.cooperation.rules.workflow import Status
from glacy.core.audit import record_event, snapshot
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.directory.models import Authority

EDITABLE_STATUSES = frozenset({Status.DRAFT})


def clean_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """Keep known fields only; booleans as booleans, text stripped. Unknown fields are refused."""
    unknown = sorted(set(content) - set(FIELDS) - {"identifiers"})
    if unknown:
        raise ValidationFailed({name: [str(_("Unknown content field."))] for name in unknown})
    cleaned: dict[str, Any] = {}
    for name, value in content.items():
        if name == "identifiers":
            continue
        if FIELDS[name].kind == "boolean":
            cleaned[name] = value is True or value in {"true", "on", "1"}
        else:
            cleaned[name] = str(value or "").strip()
    return cleaned


def timeline_add(*, request: Request, actor: Any, action: str, from_status: str = "", to_status: str = "",
                 reason_code: str = "", note: str = "") -> RequestEvent:
    """One line of the request's timeline, seen by both sides."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return RequestEvent.objects.create(
        request=request, action=action, from_status=from_status, to_status=to_status,
        actor=actor if is_user else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if is_user else "system",
        authority=getattr(actor, "authority", None) if is_user else None, reason_code=reason_code, note=note,
    )


def _editable_draft(actor: Any, request: Request) -> Request:
    request = Request.objects.select_for_update().get(pk=request.pk)
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    if request.requesting_authority_id != actor.authority_id:
        raise PermissionDenied(_("Only the requesting authority may change the request."))
    if request.status not in EDITABLE_STATUSES:
        raise ValidationFailed({"status": [str(_("Only a draft can be changed; return it to draft first."))]})
    return request


@transaction.atomic
def request_create(*, actor: Any, case: Case, request_type: str, requested_authority: Authority,
                   content: Mapping[str, Any] | None = None, document_language: str = "en",
                   follows: Request | None = None) -> Request:
    """Draft a request of the actor's authority for one of its cases."""
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    errors: dict[str, list[str]] = {}
    if request_type not in catalogue.BY_CODE:
        errors["request_type"] = [str(_("Choose a type of request."))]
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Only the authority that owns the case may draft requests for it."))
    if requested_authority.pk == actor.authority_id:
        errors["requested_authority"] = [str(_("A request goes to another authority."))]
    if document_language not in {"en", "fr"}:
        errors["document_language"] = [str(_("Documents are produced in English or French."))]
    if follows is not None and follows.requesting_authority_id != actor.authority_id:
        errors["follows"] = [str(_("The earlier request must be one of your authority's."))]
    if errors:
        raise ValidationFailed(errors)
    request = Request.objects.create(
        reference=next_reference(authority=actor.authority, kind=catalogue.reference_kind(request_type)),
        request_type=request_type, case=case, requesting_authority_id=actor.authority_id,
        requested_authority=requested_authority, status=Status.DRAFT, content=clean_content(content or {}),
        document_language=document_language, follows=follows, created_by=actor,
    )
    timeline_add(request=request, actor=actor, action="create", to_status=Status.DRAFT)
    record_event(actor=actor, action="request.create", obj=request, after=snapshot(request))
    return request


@transaction.atomic
def request_update_content(*, actor: Any, request: Request, content: Mapping[str, Any]) -> Request:
    """Change the content of a draft; only fields that changed are audited."""
    request = _editable_draft(actor, request)
    cleaned = clean_content(content)
    merged = {**request.content, **cleaned}
    changed = {name: value for name, value in merged.items() if request.content.get(name) != value}
    if not changed:
        return request
    before = {name: request.content.get(name) for name in changed}
    request.content = merged
    request.save(update_fields=["content", "updated_at"])
    record_event(actor=actor, action="request.update", obj=request, before=before, after=changed)
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
