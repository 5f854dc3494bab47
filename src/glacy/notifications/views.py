"""The user's notifications: the list, the bell (an htmx fragment), opening one, marking all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from glacy.core.lists import page_of
from glacy.core.typing import AuthenticatedRequest
from glacy.notifications.models import Notification
from glacy.notifications.services import notifications_mark_read, unread_count


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user).select_related(
        "request__requesting_authority", "request__requested_authority")
    return render(request, "notifications/list.html", {"page": page_of(rows, request.GET.get("page"))})


@login_required
@require_GET
def bell(request: AuthenticatedRequest) -> HttpResponse:
    """The bell alone, polled by htmx so that a new notice shows without reloading the page."""
    return render(request, "includes/notification_bell.html", {"unread_notifications": unread_count(
        user=request.user)})


@login_required
@require_POST
def notification_open(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.request_id:
        return redirect("request-detail", request_id=notification.request_id)
    return redirect("notification-list")


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notification-list")
