"""The home page: the work waiting for the signed-in person (docs/architecture.md "Home = my work")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from glacy.core.permissions import Role
from glacy.core.typing import AuthenticatedRequest
from glacy.home.selectors import work_for_user


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    return render(request, "home/home.html", {
        "work": work_for_user(user=user, now=now), "now": now,
        "handles_requests": user.has_role(Role.DRAFTER) or user.has_role(Role.APPROVER),
        "is_custodian": user.has_role(Role.CUSTODIAN), "is_reviewer": user.has_role(Role.REVIEWER),
        "roles": sorted(user.role_codes()),
    })
