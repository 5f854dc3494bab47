"""The country profile and the R1 briefing: what this node knows about a country, drawn from the treaty,
directory, legislation, cooperation, programme and training apps, each read through its own scoped selector,
so the page and the briefing show a reader only what they may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.cooperation.selectors import requests_for_user
from glacy.directory import selectors as directory_selectors
from glacy.directory.models import AuthorityKind, Country
from glacy.legislation.report import report_rows
from glacy.legislation.selectors import latest_assessments_for_country
from glacy.profiles.models import Recommendation
from glacy.programme.selectors import activities_for_user
from glacy.training.models import Participant
from glacy.training.selectors import sessions_for_user
from glacy.treaty.models import Instrument


@dataclass
class CountryProfile:
    country: Country
    instruments: list[tuple[Any, Any]]
    declarations: list[Any]
    contacts: list[Any]
    assessments: list[dict[str, Any]]
    activities: dict[str, Any]
    training: dict[str, Any]
    cooperation: dict[str, Any]
    recommendations: list[Any] = field(default_factory=list)


def country_profile(*, user: Any, country: Country, year: int | None = None) -> CountryProfile:
    statuses = {status.instrument_id: status for status in country.treaty_statuses.select_related("instrument")}
    instruments = [(instrument, statuses.get(instrument.code))
                   for instrument in Instrument.objects.order_by("opened_on")]
    contacts = list(directory_selectors.authorities_for_user(user=user, country=country.code).filter(
        kind__in=[AuthorityKind.POINT_OF_CONTACT_24_7, AuthorityKind.CENTRAL_AUTHORITY]).prefetch_related("people"))
    assessments = []
    for assessment in latest_assessments_for_country(user=user, country_code=country.code):
        rows = report_rows(assessment)
        counts = {key: sum(row.coverage == key for row in rows) for key in ("full", "partial", "absent",
                                                                           "not_applicable")}
        assessments.append({"assessment": assessment, "rows": rows, "counts": counts})
    activities = activities_for_user(user=user).filter(countries=country.code)
    by_year = {row["year"]: row["n"] for row in activities.order_by().values("year").annotate(n=Count("id"))}
    by_type = list(activities.order_by().values("activity_type").annotate(n=Count("id")).order_by("-n",
                                                                                                 "activity_type"))
    sessions = sessions_for_user(user=user).filter(country=country)
    trained = Participant.objects.filter(session__in=sessions.values("pk"), attended=True).aggregate(
        people=Count("id"), women=Count("id", filter=Q(gender="woman")),
        gain=Avg(F("post_score") - F("pre_score"), filter=Q(pre_score__isnull=False, post_score__isnull=False)))
    requests = requests_for_user(user=user).filter(
        Q(requesting_authority__country=country) | Q(requested_authority__country=country), sent_at__isnull=False)
    cooperation = requests.aggregate(
        sent=Count("id", filter=Q(requesting_authority__country=country)),
        received=Count("id", filter=Q(requested_authority__country=country)))
    authority_id: Any = getattr(user, "authority_id", None)
    recommendations = list(Recommendation.objects.filter(authority_id=authority_id, country=country)) \
        if authority_id is not None else []
    return CountryProfile(
        country=country, instruments=instruments,
        declarations=list(country.declarations.select_related("instrument").order_by("instrument", "article")),
        contacts=contacts, assessments=assessments,
        activities={"total": sum(by_year.values()), "by_year": sorted(by_year.items()),
                    "by_type": [(row["activity_type"], row["n"]) for row in by_type],
                    "recent": list(activities.order_by("-start_date")[:5])},
        training={"sessions": sessions.count(), **trained}, cooperation=cooperation,
        recommendations=recommendations)


def briefing_pdf(*, user: Any, country: Country, language: str) -> bytes:
    """The R1 briefing for a minister or a parliament: one to two A4 pages."""
    from weasyprint import HTML

    from glacy.programme.models.vocabulary import ActivityType

    with translation.override(language):
        profile = country_profile(user=user, country=country)
        html = render_to_string("profiles/briefing.html", {
            "profile": profile, "language": language, "generated_on": timezone.localdate(),
            "activity_types": [(str(ActivityType(key).label), count) for key, count in profile.activities["by_type"]],
            "recommendations": [item.text_fr if language == "fr" else item.text_en
                                for item in profile.recommendations],
            "title": _("Country briefing on cybercrime: %(country)s") % {"country": country.name},
        })
    return bytes(HTML(string=html).write_pdf())
