"""Reads of treaty data (public reference information, the same for every user of the node)."""

from __future__ import annotations

import datetime
import re
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


#: "ETS185:7", "ETS 185 Art. 7", "STE 185 art. 7", "CETS 224 Article 6", "Art. 7", "art 7", "7".
_REFERENCE = re.compile(r"^(?:(?P<series>C?ETS|STC?E)\s*(?P<number>\d{3})\s*(?::|,)?\s*)?"
                        r"(?:ART(?:ICLE|\.)?\s*)?(?P<article>\d+)$")
_SERIES = {"ETS": "ETS", "STE": "ETS", "CETS": "CETS", "STCE": "CETS"}


def find_article(text: str, *, among: list[tuple[str, str, str]] | None = None,
                 default_instrument: str = "ETS185") -> str | None:
    """The article a person means, as a code ("ETS185:7"), or None when it names none or several.

    A person may write the code, the citation ("ETS 185 Art. 7", French "STE 185 art. 7"), the number alone
    ("Art. 7", "7": the Convention's article unless `default_instrument` says otherwise — a reading: a bare
    number names an article of the Convention, the instrument drafters cite most) or words of the title in
    English or French ("forgery", "falsification"). `among` limits the choice to (code, English title, French
    title) triples; by default every article of every instrument.
    """
    candidates = among if among is not None else [
        (f"{instrument}:{number}", title_en, title_fr) for instrument, number, title_en, title_fr in
        Article.objects.values_list("instrument_id", "number", "title_en", "title_fr")]
    codes = {code for code, _en, _fr in candidates}
    cleaned = " ".join(str(text).split()).strip()
    if " – " in cleaned:  # a picker's label, "ETS 185 Art. 7 – Computer-related forgery"
        return find_article(cleaned.split(" – ", 1)[0], among=candidates, default_instrument=default_instrument)
    if not cleaned:
        return None
    if cleaned.upper() in {code.upper() for code in codes}:
        return next(code for code in codes if code.upper() == cleaned.upper())
    match = _REFERENCE.match(cleaned.upper().replace("ART.", "ART. ").replace("  ", " "))
    if match:
        instrument = (f"{_SERIES[match['series']]}{match['number']}" if match["series"] else default_instrument)
        code = f"{instrument}:{match['article']}"
        return code if code in codes else None
    words = cleaned.casefold()
    found = {code for code, title_en, title_fr in candidates
             if words in title_en.casefold() or words in title_fr.casefold()}
    return found.pop() if len(found) == 1 else None
