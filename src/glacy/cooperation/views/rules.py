"""The legal rules page: every rule the platform applies, generated from `cooperation.rules`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from glacy.cooperation.rules import registry
from glacy.core.typing import AuthenticatedRequest


@login_required
def legal_rules(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "cooperation/legal_rules.html", {"catalogue": registry.rules_catalogue()})
