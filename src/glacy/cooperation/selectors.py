"""Reads of cases and requests, scoped to the user's authority.

A case is visible to its authority only. A request is visible to the requesting authority always, and to
the requested authority from the moment it is sent (drafts, requests awaiting approval and approved but
unsent requests do not exist for it: pages, API, documents, lists and counts answer as for any unknown id).
A request registered from a received document belongs to the registering (requested) side; the authority it
names as requesting authority sees it only once it confirmed the registration. The requested side never
reaches the case through a request (views show `case` only to the owner).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from glacy.cooperation.models import Case, Request
from glacy.cooperation.rules.workflow import BEFORE_SENDING


def cases_for_user(*, user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Case.objects.none()
    return Case.objects.filter(authority_id=user.authority_id).select_related("authority")


def _visible_to_authority(authority_id: Any) -> Q:
    as_requesting = Q(requesting_authority_id=authority_id) & Q(registration__in=("", Request.Registration.CONFIRMED))
    as_requested = Q(requested_authority_id=authority_id) & ~Q(status__in=BEFORE_SENDING)
    return as_requesting | as_requested


def requests_for_user(*, user: Any) -> QuerySet[Request]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Request.objects.none()
    return Request.objects.filter(_visible_to_authority(user.authority_id)).select_related(
        "requesting_authority__country", "requested_authority__country")


def outgoing_for_user(*, user: Any) -> QuerySet[Request]:
    """Requests the user's authority made (never a registration it has not confirmed)."""
    return requests_for_user(user=user).filter(requesting_authority_id=user.authority_id)


def incoming_for_user(*, user: Any) -> QuerySet[Request]:
    """Requests addressed to the user's authority that were sent (or that it registered on receipt)."""
    return requests_for_user(user=user).filter(requested_authority_id=user.authority_id)


def registrations_to_confirm_for_user(*, user: Any) -> QuerySet[Request]:
    """Registrations by other authorities that name the user's authority as the requesting authority."""
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Request.objects.none()
    return Request.objects.filter(requesting_authority_id=user.authority_id,
                                  registration=Request.Registration.PENDING).select_related(
        "requested_authority__country")


def is_requesting_side(*, user: Any, request: Request) -> bool:
    return bool(user.authority_id == request.requesting_authority_id
                and request.registration in {"", Request.Registration.CONFIRMED})


def is_requested_side(*, user: Any, request: Request) -> bool:
    return bool(user.authority_id == request.requested_authority_id and request.status not in BEFORE_SENDING)


def requests_due_for_authority(*, authority_id: Any, within: datetime.timedelta = datetime.timedelta(days=7),
                               now: datetime.datetime | None = None) -> QuerySet[Request]:
    """Requests the authority sees (either side) whose next deadline falls within `within` or is past.

    An executed preservation keeps its deadline while the sixty days of ETS 185 Art. 29(7) run, so the
    filter is on the deadline only, not on the status.
    """
    moment = now or timezone.now()
    return Request.objects.filter(
        _visible_to_authority(authority_id), next_deadline_at__isnull=False, next_deadline_at__lte=moment + within,
    ).select_related("requesting_authority", "requested_authority").order_by("next_deadline_at")


def requests_due_for_user(*, user: Any, within: datetime.timedelta = datetime.timedelta(days=7),
                          now: datetime.datetime | None = None) -> QuerySet[Request]:
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return Request.objects.none()
    return requests_due_for_authority(authority_id=user.authority_id, within=within, now=now)
