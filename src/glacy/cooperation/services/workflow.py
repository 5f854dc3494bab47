"""Moving a request through its workflow: ONE service, `request_transition`, for every step of either side.

It checks the transition table, the side, the role, the step's inputs (a date the user records, a lawful
ground, the reasons, conditions) and the completeness report, applies the step, and records the timeline
event, the audit event and the new deadlines in one transaction. Every input is an explicit argument, so a
handler of a message from another node can call the same service with the same data.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.facts import ground_facts, report_for, step_context
from glacy.cooperation.messaging.emit import step_emit
from glacy.cooperation.messaging.payloads import StepInputs
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.conditions import ConditionKind
from glacy.cooperation.rules.grounds import NOT_CONVENTION_OFFENCE, grounds_for
from glacy.cooperation.rules.workflow import (
    BEFORE_SENDING,
    REQUESTED,
    REQUESTING,
    Status,
    Transition,
    acting_side,
    is_closed,
    transition_for,
)
from glacy.cooperation.services import steps
from glacy.cooperation.services.deadlines import (  # noqa: F401 (request_deadlines: re-exported for callers)
    day_of,
    moment_of,
    refresh_followed,
    refresh_next_deadline,
    request_deadlines,
)
from glacy.cooperation.services.requests import timeline_add
from glacy.core.audit import record_event
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from glacy.notifications.services import notify_request_step


def side_of(actor: Any, request: Request) -> str:
    """The actor's side; the requested side is no party before sending, a named requesting authority is none
    before it confirms a registration (both answer as a stranger would)."""
    if actor.authority_id == request.requesting_authority_id and request.registration in {"", "confirmed"}:
        return REQUESTING
    if actor.authority_id == request.requested_authority_id and request.status not in BEFORE_SENDING:
        return REQUESTED
    raise PermissionDenied(_("Your authority is not a party to this request."))


def _clean_conditions(conditions: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for item in conditions:
        kind, text = str(item.get("kind") or ""), str(item.get("text") or "").strip()
        if kind not in ConditionKind.values or not text:
            raise ValidationFailed({"conditions": [str(_("Each condition needs its kind and its wording."))]})
        cleaned.append({"kind": kind, "text": text[:5000]})
    if not cleaned:
        raise ValidationFailed({"conditions": [str(_("State at least one condition."))]})
    return cleaned


#: The requested Party's declarations that open a ground (rules.grounds).
DECLARED_TOPICS = frozenset({"dual_criminality_preservation", "subscriber_only_not_executed",
                             "art8_traffic_data_reserved"})


def _check_inputs(*, transition: Transition, request: Request, reason_code: str, note: str,
                  partial_or_conditional_considered: bool, not_convention_offence_confirmed: bool,
                  is_remote: bool = False) -> dict[str, Any]:
    details: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if transition.needs_ground:
        facts = ground_facts(request)
        if is_remote:
            # A step from another node: its side chose among the grounds its copy of the requested Party's
            # declarations allows; this node's copy of the treaty data may be older or newer, so a ground any
            # declaration would allow is accepted (the request's own facts still decide).
            facts = dataclasses.replace(facts, requested_party_topics=facts.requested_party_topics | DECLARED_TOPICS)
        offered = {ground.code: ground for ground in grounds_for(
            action=transition.action, request_type=catalogue.request_type(request.request_type), facts=facts)}
        ground = offered.get(reason_code)
        if ground is None:
            errors["reason_code"] = [str(_("Choose one of the grounds the treaty allows for this request."))]
        else:
            details["ground_article"] = ground.article
            if ground.confirmation == NOT_CONVENTION_OFFENCE:
                # A step from another node was confirmed there (its details say so); this node cannot ask again.
                if not not_convention_offence_confirmed and not is_remote:
                    errors["not_convention_offence_confirmed"] = [str(_(
                        "The request names no offence: first confirm that it does not concern an offence under "
                        "ETS 185 Arts 2–11 (%(article)s).") % {"article": ground.article})]
                details["not_convention_offence_confirmed"] = True
    if transition.needs_note and not note.strip():
        errors["note"] = [str(_("Give the reasons (%(article)s).") % {"article": transition.article or "—"})]
    if transition.asks_partial_or_conditional and not partial_or_conditional_considered:
        errors["partial_or_conditional_considered"] = [str(_(
            "First consider whether the request can be granted partially or subject to conditions "
            "(ETS 185 Art. 27(6))."))]
    if errors:
        raise ValidationFailed(errors)
    return details


def _check_completeness(request: Request, action: str, today: datetime.date) -> None:
    if action not in {"send", "submit_for_approval"}:
        return
    report = report_for(request, on=today)
    problems = list(report.blocking) + (list(report.blocking_send) if action == "send" else [])
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(f"{problem.message} ({problem.citation})")
        raise ValidationFailed(errors)


def _recorded_moment(*, transition: Transition, request: Request, on_date: datetime.date | None,
                     now: datetime.datetime) -> datetime.datetime | None:
    """The date the user recorded for the step (today by default), checked and turned into a stored instant."""
    if not transition.needs_date:
        return None
    zone = request.requested_authority.time_zone
    today = now.astimezone(ZoneInfo(zone)).date()
    day = on_date or today
    if day > today:
        raise ValidationFailed({"on_date": [str(_("This date is in the future."))]})
    earliest = steps.earliest_allowed(transition.action, request)
    if earliest is not None and day < earliest.astimezone(ZoneInfo(zone)).date():
        raise ValidationFailed({"on_date": [str(_("This date is before %(date)s, when %(event)s.") % {
            "date": earliest.astimezone(ZoneInfo(zone)).date().isoformat(),
            "event": steps.earlier_event_label(transition.action)})]})
    return moment_of(day, zone=zone, now=now)


@transaction.atomic
def request_transition(*, actor: Any, request: Request, action: str, reason_code: str = "", note: str = "",
                       on_date: datetime.date | None = None, partial_or_conditional_considered: bool = False,
                       information_complete: bool = False, conditions: Sequence[Mapping[str, str]] = (),
                       not_convention_offence_confirmed: bool = False,
                       now: datetime.datetime | None = None, message: Any = None) -> Request:
    """Apply one workflow step (see rules.workflow.TRANSITIONS) with the data the step needs.

    `not_convention_offence_confirmed`: the requested side confirms that a request naming no offence does not
    concern one under ETS 185 Arts 2-11, before a ground those offences exclude (Arts 25(4), 29(4)).
    A step that concerns the other side is sent to it as a message in this transaction (`messaging.emit`).
    `message` is set when the step arrives from the other side (`messaging.handlers`): `actor` is then the
    remote actor who took it and `now` the time it was taken there; nothing is sent back.
    """
    request = Request.objects.select_for_update().select_related(
        "requesting_authority", "requested_authority").get(pk=request.pk)
    side = side_of(actor, request)
    context = step_context(request)
    transition = transition_for(action=action, status=request.status, context=context)
    if transition is None:
        raise InvalidTransition(_("“%(action)s” is not possible while the request is %(status)s.") % {
            "action": action, "status": Status(request.status).label})
    if acting_side(transition, family=context.request_type.family) != side:
        raise PermissionDenied(_("This step belongs to the other side of the request."))
    if not any(actor.has_role(role) for role in transition.roles):
        raise PermissionDenied(_("This step needs one of these roles: %(roles)s.") % {
            "roles": ", ".join(sorted(transition.roles))})
    moment = now or timezone.now()
    details = _check_inputs(transition=transition, request=request, reason_code=reason_code, note=note,
                            partial_or_conditional_considered=partial_or_conditional_considered,
                            not_convention_offence_confirmed=not_convention_offence_confirmed,
                            is_remote=message is not None)
    cleaned_conditions = _clean_conditions(conditions) if transition.takes_conditions else []
    recorded = _recorded_moment(transition=transition, request=request, on_date=on_date, now=moment)
    if message is None:  # a step from the other side was checked for completeness there
        _check_completeness(request, action,
                            moment.astimezone(ZoneInfo(request.requesting_authority.time_zone)).date())
    recorded_day = day_of(recorded, zone=request.requested_authority.time_zone) if recorded else None
    previous = request.status
    if transition.target is not None:
        request.status = transition.target
    details |= steps.apply(request=request, transition=transition, side=side, previous=previous, moment=moment,
                           recorded=recorded, note=note.strip(), conditions=cleaned_conditions,
                           information_complete=information_complete)
    if transition.asks_partial_or_conditional:
        details["partial_or_conditional_considered"] = True
    request_type = catalogue.request_type(request.request_type)
    if request.status != previous and is_closed(status=request.status, request_type=request_type):
        request.closed_at = moment
    refresh_next_deadline(request)
    request.save()
    event = timeline_add(request=request, actor=actor, action=action, from_status=previous,
                         to_status=request.status if request.status != previous else "", reason_code=reason_code,
                         note=note.strip(), occurred_on=recorded_day, details=details,
                         received_message=message.id if message is not None else None)
    record_event(actor=actor, action=f"request.{action}", obj=request, before={"status": previous},
                 after={"status": request.status, "reason_code": reason_code,
                        **({"recorded_on": recorded_day.isoformat()} if recorded_day else {}),
                        **({"message": message.id, "from_node": message.sender_node} if message else {})})
    # Notifications (issue 11): once this step commits, the worker tells who must act next (on this node, also
    # for a step that arrived from another node).
    notify_request_step(request=request, action=action, actor=actor)
    refresh_followed(request)
    if message is None:
        step_emit(request=request, event=event, side=side, previous=previous, moment=moment, actor=actor,
                  inputs=StepInputs(reason_code=reason_code, note=note.strip(), on_date=on_date,
                                    partial_or_conditional_considered=partial_or_conditional_considered,
                                    information_complete=information_complete,
                                    conditions=tuple(cleaned_conditions)))
    return request
