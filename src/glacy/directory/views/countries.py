"""Country list and country page: treaty status, declarations and the country's authorities."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render

from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory import selectors
from glacy.directory.models import Country
from glacy.legislation.report import report_rows
from glacy.legislation.selectors import latest_assessments_for_country
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
    statuses = {status.instrument_id: status for status in country.treaty_statuses.select_related("instrument")}
    instruments = [
        (instrument, statuses.get(instrument.code)) for instrument in Instrument.objects.order_by("opened_on")
    ]
    return render(request, "directory/country_detail.html", {
        "country": country,
        "instruments": instruments,
        "declarations": country.declarations.select_related("instrument").order_by("instrument", "article"),
        "authorities": selectors.authorities_for_user(user=request.user, country=country.code),
        "legislation": [{"assessment": assessment, "rows": report_rows(assessment)}
                        for assessment in latest_assessments_for_country(user=request.user, country_code=country.code)],
    })
