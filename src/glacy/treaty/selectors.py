"""Reads of treaty data (public reference information, the same for every user of the node)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet

from glacy.treaty.models import Article, Instrument, PartyStatus


def parties_of(*, instrument: Instrument | str, status: str | None = None) -> QuerySet[PartyStatus]:
    code = instrument.code if isinstance(instrument, Instrument) else instrument
    queryset = PartyStatus.objects.filter(instrument_id=code).select_related("country", "instrument")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("country__name_en")


def status_counts(*, instrument: Instrument) -> dict[str, int]:
    counts = Counter(PartyStatus.objects.filter(instrument=instrument).values_list("status", flat=True))
    return {key: counts.get(key, 0) for key in PartyStatus.Status.values}


def ratification_timeline(*, instrument: Instrument) -> list[dict[str, object]]:
    """Cumulative number of Parties per year of deposit (for the timeline chart)."""
    years = Counter(
        deposit.year
        for deposit in PartyStatus.objects.filter(
            instrument=instrument, status=PartyStatus.Status.PARTY, deposit__isnull=False
        ).values_list("deposit", flat=True)
        if deposit is not None
    )
    if not years:
        return []
    total = 0
    timeline: list[dict[str, object]] = []
    for year in range(min(years), max(max(years), datetime.date.today().year) + 1):  # noqa: DTZ011
        total += years.get(year, 0)
        timeline.append({"year": year, "new": years.get(year, 0), "total": total})
    return timeline


def article_choices() -> list[tuple[str, str]]:
    """Every article as a picker choice: value ``ETS185:7``, label "ETS 185 Art. 7 – Computer-related forgery".

    The label carries the instrument, the number and the title in the interface language, so a person finds
    an article by typing "Art. 7", "7" or "forgery".
    """
    articles = Article.objects.select_related("instrument").order_by("instrument__opened_on", "position")
    return [(f"{article.instrument_id}:{article.number}", f"{article} – {article.title}") for article in articles]
