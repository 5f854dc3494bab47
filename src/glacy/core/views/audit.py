"""The audit trail of the user's authority, for its administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory.selectors import audit_events_for_user


@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    events = audit_events_for_user(user=request.user)
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {
        "page": page, "action": action, "is_administrator": request.user.has_role(Role.ADMINISTRATOR),
    })


@login_required
def audit_detail(request: AuthenticatedRequest, event_id: str) -> HttpResponse:
    event = get_visible_or_404(audit_events_for_user(user=request.user), pk=event_id)
    return render(request, "core/audit_detail.html", {"event": event})
