"""Treaty pages: the instruments, one instrument with its articles, Parties and timeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory.models import Authority, AuthorityKind
from glacy.treaty import selectors
from glacy.treaty.models import Article, Instrument
from glacy.treaty.services import can_manage_reference_data


@login_required
def instrument_list(request: AuthenticatedRequest) -> HttpResponse:
    """The treaties in figures (moved here from the home page, which shows the work waiting)."""
    instruments = [(instrument, selectors.status_counts(instrument=instrument))
                   for instrument in Instrument.objects.order_by("opened_on")]
    network = Authority.objects.filter(is_active=True).aggregate(
        points_24_7=Count("pk", filter=Q(kind=AuthorityKind.POINT_OF_CONTACT_24_7)),
        central_authorities=Count("pk", filter=Q(kind=AuthorityKind.CENTRAL_AUTHORITY)),
        countries=Count("country", distinct=True),
    )
    return render(request, "treaty/instrument_list.html", {"instruments": instruments, "network": network})


@login_required
def instrument_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    instrument = get_visible_or_404(Instrument.objects.all(), code=code.upper())
    status_filter = request.GET.get("status", "")
    return render(request, "treaty/instrument_detail.html", {
        "instrument": instrument,
        "counts": selectors.status_counts(instrument=instrument),
        "statuses": selectors.parties_of(instrument=instrument, status=status_filter or None),
        "status_filter": status_filter,
        "timeline": selectors.ratification_timeline(instrument=instrument),
        "articles": instrument.articles.all(),
        "can_manage": can_manage_reference_data(request.user),
    })


@login_required
def article_detail(request: AuthenticatedRequest, code: str, number: str) -> HttpResponse:
    article = get_visible_or_404(Article.objects.select_related("instrument"), instrument_id=code.upper(),
                                 number=number)
    candidates = article.instrument.declarations.filter(article__startswith=article.number).select_related("country")
    # "2" must not match declarations under Art. 22 or 24: compare the article number before any paragraph.
    declarations = [item for item in candidates if item.article.split("(")[0] == article.number]
    return render(request, "treaty/article_detail.html", {"article": article, "declarations": declarations})
