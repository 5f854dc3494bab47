"""The programme dashboard: activities and participants by year, region, country, result, topic, funding type
and activity type, under filters, in a fixed number of aggregate queries whatever the number of records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from glacy.directory.models import Country, Region
from glacy.programme.models import Activity, Participation, Topic
from glacy.programme.models.vocabulary import ActivityType, FundingType, Gender
from glacy.programme.scope import ProgrammeScope


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    region: str = ""
    country: str = ""
    project: str = ""  # project code
    result: str = ""  # result code (R1…)
    topic: str = ""
    funding_type: str = ""
    activity_type: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        year = query.get("year", "")
        return cls(year=int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else None,
                   region=query.get("region", "") if query.get("region", "") in Region.values else "",
                   country=query.get("country", "").upper()[:2], project=query.get("project", "")[:40],
                   result=query.get("result", "").upper()[:10], topic=query.get("topic", "")[:40],
                   funding_type=query.get("funding_type", "") if query.get("funding_type", "") in FundingType.values
                   else "",
                   activity_type=query.get("activity_type", "")
                   if query.get("activity_type", "") in ActivityType.values else "")

    def as_query(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.__dict__.items() if value}


def filtered_activities(scope: ProgrammeScope, filters: Filters, *, with_year: bool = True) -> QuerySet[Activity]:
    activities = Activity.objects.filter(scope.activities())
    condition = Q()
    if with_year and filters.year:
        condition &= Q(year=filters.year)
    if filters.region:
        condition &= Q(pk__in=Activity.countries.through.objects.filter(country__region=filters.region)
                       .values("activity_id"))
    if filters.country:
        condition &= Q(pk__in=Activity.countries.through.objects.filter(country_id=filters.country)
                       .values("activity_id"))
    if filters.project:
        condition &= Q(project__code=filters.project)
    if filters.result:
        condition &= Q(pk__in=Activity.results.through.objects.filter(result__code=filters.result)
                       .values("activity_id"))
    if filters.topic:
        condition &= Q(pk__in=Activity.topics.through.objects.filter(topic_id=filters.topic).values("activity_id"))
    if filters.funding_type:
        condition &= Q(project__funding_type=filters.funding_type)
    if filters.activity_type:
        condition &= Q(activity_type=filters.activity_type)
    return activities.filter(condition)


def _counts(queryset: QuerySet[Any], key: str, counted: str = "id") -> dict[Any, int]:
    return {row[key]: row["n"] for row in queryset.order_by().values(key).annotate(n=Count(counted, distinct=True))}


def dashboard_data(scope: ProgrammeScope, filters: Filters) -> dict[str, Any]:
    """Totals and breakdowns for the dashboard and its downloads (labels in the active language)."""
    activities = filtered_activities(scope, filters)
    ids = activities.values("pk")
    totals = activities.aggregate(activities=Count("id"), projects=Count("project", distinct=True))
    people = Participation.objects.filter(activity__in=ids).aggregate(
        participants=Sum("count"), women=Sum("count", filter=Q(gender=Gender.WOMAN)))
    by_year = _counts(filtered_activities(scope, filters, with_year=False), "year")
    through_countries = Activity.countries.through.objects.filter(activity__in=ids)
    by_country = _counts(through_countries, "country_id", "activity_id")
    by_region = _counts(through_countries, "country__region", "activity_id")
    by_result = _counts(Activity.results.through.objects.filter(activity__in=ids), "result__code", "activity_id")
    by_topic = _counts(Activity.topics.through.objects.filter(activity__in=ids), "topic_id", "activity_id")
    by_funding = _counts(activities, "project__funding_type")
    by_type = _counts(activities, "activity_type")
    country_names = {country.code: country.name for country in Country.objects.filter(code__in=list(by_country))}
    topic_names = {topic.code: topic.name for topic in Topic.objects.filter(code__in=list(by_topic))}
    regions = dict(Region.choices)
    return {
        "totals": {"activities": totals["activities"], "projects": totals["projects"],
                   "participants": people["participants"] or 0, "women": people["women"] or 0,
                   "countries": len(by_country)},
        "breakdowns": [
            {"key": "year", "title": str(_("Activities by year")),
             "rows": [(str(year), count) for year, count in sorted(by_year.items())]},
            {"key": "region", "title": str(_("Activities by region")),
             "rows": sorted(((str(regions.get(code, _("no region"))), count) for code, count in by_region.items()),
                            key=lambda row: -row[1])},
            {"key": "country", "title": str(_("Activities by country")),
             "rows": sorted(((country_names.get(code, code), count) for code, count in by_country.items()),
                            key=lambda row: (-row[1], row[0]))},
            {"key": "result", "title": str(_("Activities by expected result")),
             "rows": sorted(by_result.items())},
            {"key": "topic", "title": str(_("Activities by topic")),
             "rows": sorted(((topic_names.get(code, code), count) for code, count in by_topic.items()),
                            key=lambda row: (-row[1], row[0]))},
            {"key": "funding_type", "title": str(_("Activities by funding type")),
             "rows": [(str(label), by_funding[value]) for value, label in FundingType.choices if value in by_funding]},
            {"key": "activity_type", "title": str(_("Activities by type")),
             "rows": [(str(label), by_type[value]) for value, label in ActivityType.choices if value in by_type]},
        ],
    }


def dashboard_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The dashboard as one table for CSV/XLSX download: breakdown, label, activities."""
    rows: list[list[Any]] = [[str(_("breakdown")), str(_("value")), str(_("activities"))]]
    for name, value in data["totals"].items():
        rows.append([str(_("total")), name, value])
    for breakdown in data["breakdowns"]:
        rows.extend([breakdown["key"], label, count] for label, count in breakdown["rows"])
    return rows
