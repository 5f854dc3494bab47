"""The work waiting for one person, read from the apps it concerns (this package sits above them).

Each section is one query of at most ``SHOWN + 1`` rows (the extra row only says "there is more"), so the
home page costs the same whatever the size of the tables; every section filters on indexed columns
(authority, status, ``next_deadline_at``, creation time).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.module_loading import import_string

from glacy.cooperation.models import Request, RequestEvent
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.workflow import Status
from glacy.core.jobs import UPLOAD_JOBS
from glacy.core.labels import PERSONAL_SETTING_ACTIONS
from glacy.core.permissions import Role
from glacy.directory.selectors import audit_events_for_user
from glacy.notifications.models import Notification

SHOWN = 8
RECENT = datetime.timedelta(days=14)
SOON = datetime.timedelta(days=7)
ANSWER_WINDOW = 200
EMERGENCY_TYPES = [item.code for item in catalogue.TYPES if item.is_emergency]


@dataclass
class Section:
    """One block of the home page: its rows (at most SHOWN), whether more exist, the list that has them all."""

    name: str
    rows: list[Any]
    more: bool
    all_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _section(name: str, rows: QuerySet[Any] | list[Any], all_url: str = "") -> Section:
    fetched = list(rows[:SHOWN + 1])
    return Section(name, fetched[:SHOWN], len(fetched) > SHOWN, all_url)


def _urgent_first(rows: QuerySet[Request]) -> QuerySet[Request]:
    """Urgent first (an emergency type, sent urgently by expedited means, or from a case marked urgent: the same
    rule as the notifications), then the nearest deadline, then the oldest."""
    return rows.annotate(urgency=Case(When(Q(request_type__in=EMERGENCY_TYPES) | Q(is_urgent=True)
                                           | Q(case__is_urgent=True),
                                           then=Value(0)), default=Value(1), output_field=IntegerField())).order_by(
        "urgency", F("next_deadline_at").asc(nulls_last=True), "created_at")


def _requests() -> QuerySet[Request]:
    return Request.objects.select_related("requesting_authority__country", "requested_authority__country")


def _answers(authority: Any, *, since: datetime.datetime) -> list[RequestEvent]:
    """Steps the requested side took on our requests since `since`, newest first.

    Read through our requests changed since then (index: requesting authority, updated_at), at most
    ANSWER_WINDOW of them, then their events (index: request): the plan never walks the node's events,
    whatever the database's statistics say.
    """
    recent = list(Request.objects.filter(requesting_authority_id=authority, updated_at__gte=since)
                  .order_by("-updated_at").values_list("pk", flat=True)[:ANSWER_WINDOW])
    events = RequestEvent.objects.filter(request_id__in=recent, created_at__gte=since).exclude(
        action="reminder").select_related("request__requested_authority__country").order_by("-created_at")
    return [event for event in events if event.authority_id == event.request.requested_authority_id]


def work_for_user(*, user: Any, now: datetime.datetime | None = None) -> dict[str, Section]:
    """Every section that applies to the user's roles, in the order the page shows them."""
    moment = now or timezone.now()
    authority = user.authority_id
    sections: dict[str, Section] = {}
    handles_requests = authority is not None and (user.has_role(Role.DRAFTER) or user.has_role(Role.APPROVER))
    if handles_requests:
        incoming = _requests().filter(requested_authority_id=authority)
        sections["to_acknowledge"] = _section(
            "to_acknowledge", _urgent_first(incoming.filter(status=Status.SENT)),
            "/cooperation/requests/?direction=incoming&status=sent")
        sections["to_execute"] = _section(
            "to_execute", _urgent_first(incoming.filter(
                status__in=[Status.ACKNOWLEDGED, Status.IN_EXECUTION, Status.POSTPONED])),
            "/cooperation/requests/?direction=incoming")
        if user.has_role(Role.APPROVER):
            sections["to_approve"] = _section(
                "to_approve", _urgent_first(_requests().filter(requesting_authority_id=authority,
                                                               status=Status.AWAITING_APPROVAL)),
                "/cooperation/requests/?direction=outgoing&status=awaiting_approval")
        sections["answers"] = _section("answers", _answers(authority, since=moment - RECENT),
                                        "/cooperation/requests/?direction=outgoing")
        visible = _requests().filter(requesting_authority_id=authority) | _requests().filter(
            requested_authority_id=authority)
        sections["overdue"] = _section("overdue", visible.filter(next_deadline_at__lt=moment).order_by(
            "next_deadline_at"), "/cooperation/requests/?deadline=overdue&o=deadline")
        sections["due_soon"] = _section("due_soon", visible.filter(
            next_deadline_at__gte=moment, next_deadline_at__lte=moment + SOON).order_by("next_deadline_at"),
            "/cooperation/requests/?deadline=due&o=deadline")
        sections["drafts"] = _section("drafts", _requests().filter(
            requesting_authority_id=authority, status=Status.DRAFT, created_by=user).order_by("-created_at"),
            "/cooperation/requests/?direction=outgoing&status=draft")
    failed: list[Any] = []
    for model_path, _task in UPLOAD_JOBS:
        failed += list(import_string(model_path).objects.filter(
            requested_by=user, status="failed", updated_at__gte=moment - RECENT).order_by("-updated_at")[:SHOWN])
    sections["failed_jobs"] = Section("failed_jobs", sorted(failed, key=lambda job: job.updated_at,
                                                            reverse=True)[:SHOWN], len(failed) > SHOWN)
    sections["notifications"] = _section("notifications", Notification.objects.filter(
        recipient=user, read_at__isnull=True).select_related("request"), "/notifications/")
    if user.has_role(Role.ADMINISTRATOR):
        sections["activity"] = _section("activity", audit_events_for_user(user=user).exclude(
            action__in=sorted(PERSONAL_SETTING_ACTIONS)), "/audit/")
    return sections
