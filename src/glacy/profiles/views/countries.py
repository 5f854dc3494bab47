"""Country list, country page and the country's R1 briefing (moved here from `directory`: these pages draw on
several apps, so they live above them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.errors import DomainError
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory.models import Country
from glacy.directory.selectors import authorities_for_user
from glacy.profiles.briefing import briefing_pdf, country_profile
from glacy.profiles.services import recommendation_add
from glacy.programme.scope import is_programme_staff
from glacy.treaty.models import Instrument, PartyStatus


@login_required
def country_list(request: AuthenticatedRequest) -> HttpResponse:
    """Countries that have a treaty status or an authority on this node."""
    search = request.GET.get("q", "").strip()[:100]
    countries = (
        Country.objects.filter(treaty_statuses__isnull=False).distinct()
        | Country.objects.filter(authorities__isnull=False).distinct()
    ).prefetch_related(Prefetch("treaty_statuses", queryset=PartyStatus.objects.select_related("instrument")))
    if search:
        countries = countries.filter(name_en__icontains=search) | countries.filter(name_fr__icontains=search)
    instruments = list(Instrument.objects.order_by("opened_on"))
    rows = []
    for country in countries.distinct().order_by("name_en"):
        by_instrument = {status.instrument_id: status for status in country.treaty_statuses.all()}
        rows.append({"country": country, "statuses": [by_instrument.get(item.code) for item in instruments]})
    return render(request, "directory/country_list.html", {
        "rows": rows, "instruments": instruments, "search": search,
    })


@login_required
def country_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    country = get_visible_or_404(Country.objects.all(), code=code.upper())
    profile = country_profile(user=request.user, country=country)
    return render(request, "directory/country_detail.html", {
        "country": country, "profile": profile, "instruments": profile.instruments,
        "declarations": profile.declarations,
        "authorities": authorities_for_user(user=request.user, country=country.code),
        "legislation": profile.assessments, "can_recommend": is_programme_staff(request.user),
    })


@login_required
def country_briefing(request: AuthenticatedRequest, code: str) -> HttpResponse:
    country = get_visible_or_404(Country.objects.all(), code=code.upper())
    language = request.GET.get("language", "en")
    if language not in ("en", "fr"):
        raise Http404
    response = HttpResponse(briefing_pdf(user=request.user, country=country, language=language),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="briefing-{country.code}-{language}.pdf"'
    return response


@login_required
@require_POST
def recommendation_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    country = get_visible_or_404(Country.objects.all(), code=code.upper())
    try:
        recommendation_add(actor=request.user, country=country.code, text_en=request.POST.get("text_en", ""),
                           text_fr=request.POST.get("text_fr", ""))
        messages.success(request, _("Recommendation added to the briefing."))
    except DomainError as error:
        messages.error(request, _("Not added: %(reason)s") % {"reason": error.text})
    return redirect("country-detail", code=country.code)
