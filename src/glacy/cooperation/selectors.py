"""Reads of cases and requests, scoped to the user's authority.

A case is visible to its authority only. A request is visible to both the requesting and the requested
authority; the requested side never reaches the case through it (views show `case` only to the owner).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from glacy.cooperation.models import Case, Request


def cases_for_user(*, user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Case.objects.none()
    return Case.objects.filter(authority_id=user.authority_id).select_related("authority")


def requests_for_user(*, user: Any) -> QuerySet[Request]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Request.objects.none()
    return Request.objects.filter(
        Q(requesting_authority_id=user.authority_id) | Q(requested_authority_id=user.authority_id)
    ).select_related("requesting_authority__country", "requested_authority__country")


def is_requesting_side(*, user: Any, request: Request) -> bool:
    return bool(user.authority_id == request.requesting_authority_id)


def is_requested_side(*, user: Any, request: Request) -> bool:
    return bool(user.authority_id == request.requested_authority_id)


def requests_due_for_authority(*, authority_id: Any, within: datetime.timedelta = datetime.timedelta(days=7),
                               now: datetime.datetime | None = None) -> QuerySet[Request]:
    """Requests of the authority (either side) whose next deadline falls within `within` or is past.

    An executed preservation keeps its deadline until the follow-up request is sent (ETS 185 Art. 29(7)),
    so the filter is on the deadline only, not on the status.
    """
    moment = now or timezone.now()
    return Request.objects.filter(
        Q(requesting_authority_id=authority_id) | Q(requested_authority_id=authority_id),
        next_deadline_at__isnull=False, next_deadline_at__lte=moment + within,
    ).select_related("requesting_authority", "requested_authority").order_by("next_deadline_at")


def requests_due_for_user(*, user: Any, within: datetime.timedelta = datetime.timedelta(days=7),
                          now: datetime.datetime | None = None) -> QuerySet[Request]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Request.objects.none()
    return requests_due_for_authority(authority_id=user.authority_id, within=within, now=now)
