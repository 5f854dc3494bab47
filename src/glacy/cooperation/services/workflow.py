"""Moving a request through its workflow: one service per step, each checking the table, the side, the
role and the guards, then recording the timeline event, the audit event and the new deadlines."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.facts import report_for
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue, deadlines
from glacy.cooperation.rules.workflow import (
    REASONS_BY_CODE,
    REQUESTED,
    REQUESTING,
    Status,
    transition_for,
)
from glacy.cooperation.services.requests import timeline_add
from glacy.core.audit import record_event
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from glacy.notifications.services import notify_request_step

FINAL = frozenset({Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED, Status.WITHDRAWN})


def request_deadlines(request: Request) -> list[deadlines.Deadline]:
    """The deadlines that apply to the request in its current state, earliest first."""
    if request.status in {Status.WITHDRAWN, Status.REFUSED}:
        return []
    zone = request.requested_authority.time_zone
    request_type = catalogue.request_type(request.request_type)
    found: list[deadlines.Deadline] = []
    if request.request_type == "ETS185-29" and request.effected_at:
        follow_up_sent = request.follow_ups.filter(sent_at__isnull=False).exists()
        if not follow_up_sent:
            found.append(deadlines.preservation_minimum_end(effected_at=request.effected_at, zone=zone))
    if request.request_type == "CETS224-7" and request.sent_at and request.status not in FINAL:
        found.append(deadlines.provider_disclosure_window(sent_at=request.sent_at, zone=zone))
    if request.request_type == "CETS224-8" and request.status not in FINAL:
        if request.effected_at:
            found.append(deadlines.production_deadline(
                served_at=request.effected_at, zone=zone, data_category=request.content.get("data_category", "")))
        elif request.acknowledged_at:
            found.append(deadlines.order_service_deadline(complete_at=request.acknowledged_at, zone=zone))
    if request_type.is_emergency and request.sent_at and request.status not in FINAL:
        found.append(deadlines.emergency_act_by(sent_at=request.sent_at))
    return sorted(found, key=lambda deadline: deadline.due_at)


def _refresh_next_deadline(request: Request) -> None:
    upcoming = request_deadlines(request)
    request.next_deadline_at = upcoming[0].due_at if upcoming else None
    request.next_deadline_code = upcoming[0].code if upcoming else ""


def _side_of(actor: Any, request: Request) -> str:
    if actor.authority_id == request.requesting_authority_id:
        return REQUESTING
    if actor.authority_id == request.requested_authority_id:
        return REQUESTED
    raise PermissionDenied(_("Your authority is not a party to this request."))


@transaction.atomic
def request_transition(*, actor: Any, request: Request, action: str, reason_code: str = "", note: str = "",
                       now: datetime.datetime | None = None) -> Request:
    """Apply one workflow step (see rules.workflow.TRANSITIONS)."""
    request = Request.objects.select_for_update().select_related(
        "requesting_authority", "requested_authority").get(pk=request.pk)
    request_type = catalogue.request_type(request.request_type)
    transition = transition_for(action=action, status=request.status, request_type=request_type)
    if transition is None:
        raise InvalidTransition(_("“%(action)s” is not possible while the request is %(status)s.") % {
            "action": action, "status": Status(request.status).label})
    if _side_of(actor, request) != transition.side:
        raise PermissionDenied(_("This step belongs to the other side of the request."))
    if not any(actor.has_role(role) for role in transition.roles):
        raise PermissionDenied(_("This step needs one of these roles: %(roles)s.") % {
            "roles": ", ".join(sorted(transition.roles))})
    if transition.needs_reason:
        reason = REASONS_BY_CODE.get(reason_code)
        if reason is None or action not in reason.applies_to:
            raise ValidationFailed({"reason_code": [str(_("Choose the reason for this decision."))]})
        if reason_code == "other" and not note.strip():
            raise ValidationFailed({"note": [str(_("Explain the reason in the note."))]})
    if action in {"send", "submit_for_approval"}:
        report = report_for(request)
        if not report.is_complete:
            errors: dict[str, list[str]] = {}
            for problem in report.blocking:
                errors.setdefault(problem.field, []).append(f"{problem.message} ({problem.citation})")
            raise ValidationFailed(errors)
    moment = now or timezone.now()
    previous = request.status
    request.status = transition.target
    if action == "send":
        request.sent_at = moment
    elif action == "acknowledge":
        request.acknowledged_at = moment
    elif action == "start_execution" and request.request_type == "CETS224-8" and request.effected_at is None:
        request.effected_at = moment  # the order is served on the provider when execution starts
    elif action == "execute" and request.request_type == "ETS185-29":
        request.effected_at = moment  # preservation took effect
    if request.status in FINAL or request.status in request_type.outcomes:
        request.closed_at = moment
    _refresh_next_deadline(request)
    request.save()
    timeline_add(request=request, actor=actor, action=action, from_status=previous, to_status=request.status,
                 reason_code=reason_code, note=note.strip())
    record_event(actor=actor, action=f"request.{action}", obj=request,
                 before={"status": previous}, after={"status": request.status, "reason_code": reason_code})
    # Notifications (issue 11): once this step commits, the worker tells who must act next.
    notify_request_step(request=request, action=action, actor=actor)
    if action == "send" and request.follows_id:
        earlier = Request.objects.select_for_update().get(pk=request.follows_id)
        _refresh_next_deadline(earlier)
        earlier.save(update_fields=["next_deadline_at", "next_deadline_code", "updated_at"])
    return request
