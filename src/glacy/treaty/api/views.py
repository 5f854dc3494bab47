"""Treaty API (read-only): instruments, articles, Parties and other statuses, declarations."""

from __future__ import annotations

import django_filters
from rest_framework import viewsets

from glacy.treaty.api.serializers import (
    ArticleSerializer,
    DeclarationSerializer,
    InstrumentSerializer,
    PartyStatusSerializer,
)
from glacy.treaty.models import INSTRUMENT_CODES, Article, Declaration, Instrument, PartyStatus


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InstrumentSerializer
    queryset = Instrument.objects.order_by("opened_on")
    lookup_field = "code"


def instrument_filter() -> django_filters.ChoiceFilter:
    """`?instrument=ETS185`: one of the shipped instruments (documented as an enum; anything else is a 400)."""
    return django_filters.ChoiceFilter(field_name="instrument_id", choices=[(code, code) for code in INSTRUMENT_CODES])


class ArticleFilter(django_filters.FilterSet):
    instrument = instrument_filter()

    class Meta:
        model = Article
        fields = ("instrument",)


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ArticleSerializer
    queryset = Article.objects.select_related("instrument")
    filterset_class = ArticleFilter


class StatusFilter(django_filters.FilterSet):
    instrument = instrument_filter()
    country = django_filters.CharFilter(field_name="country__code", lookup_expr="iexact")

    class Meta:
        model = PartyStatus
        fields = ("instrument", "country", "status")


class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    """States that are Parties (ratified or acceded); `?instrument=ETS185` narrows to one instrument."""

    serializer_class = PartyStatusSerializer
    queryset = PartyStatus.objects.filter(status=PartyStatus.Status.PARTY).select_related("country", "instrument")
    filterset_class = StatusFilter


class TreatyStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """Every recorded status: Parties, signatories and States invited to accede."""

    serializer_class = PartyStatusSerializer
    queryset = PartyStatus.objects.select_related("country", "instrument")
    filterset_class = StatusFilter


class DeclarationFilter(django_filters.FilterSet):
    instrument = instrument_filter()

    class Meta:
        model = Declaration
        fields = ("instrument", "kind", "topic")


class DeclarationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeclarationSerializer
    queryset = Declaration.objects.select_related("country", "instrument")
    filterset_class = DeclarationFilter
