"""The audit trail of the user's authority, for its administrators: filters, sorting, pages, export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from glacy.core.filters import AuditEventFilter
from glacy.core.labels import label
from glacy.core.lists import Column, export_response, page_of
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory.models import User
from glacy.directory.selectors import audit_events_for_user


@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    events = audit_events_for_user(user=request.user)
    actors = User.objects.filter(authority_id=request.user.authority_id).order_by("username") \
        if request.user.authority_id else User.objects.none()
    filterset = AuditEventFilter(request.GET, queryset=events, actors=actors)
    rows = filterset.qs if filterset.is_valid() else events.none()
    if (export := export_response(request, rows, _export_columns(), "audit-trail")) is not None:
        return export
    return render(request, "core/audit_list.html", {
        "page": page_of(rows, request.GET.get("page")), "filter": filterset,
        "is_administrator": request.user.has_role(Role.ADMINISTRATOR),
    }, status=200 if filterset.is_valid() else 400)


def _export_columns() -> tuple[Column, ...]:
    """The audit trail as exported: words and zoned times for people, the codes for tools."""
    return (
        Column(_("Time"), lambda event: event.occurred_at),
        Column(_("Who"), lambda event: event.actor_name),
        Column(_("Action"), lambda event: label("audit_action", event.action)),
        Column(_("Action code"), lambda event: event.action),
        Column(_("Object"), lambda event: event.object_repr),
        Column(_("Object id"), lambda event: event.object_id),
        Column(_("Channel"), lambda event: label("channel", event.channel)),
        Column(_("Request id"), lambda event: event.request_id),
    )


@login_required
def audit_detail(request: AuthenticatedRequest, event_id: str) -> HttpResponse:
    event = get_visible_or_404(audit_events_for_user(user=request.user), pk=event_id)
    return render(request, "core/audit_detail.html", {"event": event})
