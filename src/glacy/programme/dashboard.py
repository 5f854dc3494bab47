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


def _raw_counts(scope: ProgrammeScope, filters: Filters) -> dict[str, Any]:
    """Every breakdown counted from the activities themselves (any filter, any scope)."""
    activities = filtered_activities(scope, filters)
    ids = activities.values("pk")
    totals = activities.aggregate(activities=Count("id"), projects=Count("project", distinct=True))
    people = Participation.objects.filter(activity__in=ids).aggregate(
        participants=Sum("count"), women=Sum("count", filter=Q(gender=Gender.WOMAN)))
    through_countries = Activity.countries.through.objects.filter(activity__in=ids)
    return {
        "activities": totals["activities"], "projects": totals["projects"],
        "participants": people["participants"] or 0, "women": people["women"] or 0,
        "year": _counts(filtered_activities(scope, filters, with_year=False), "year"),
        "country": _counts(through_countries, "country_id", "activity_id"),
        "region": _counts(through_countries, "country__region", "activity_id"),
        "result": _counts(Activity.results.through.objects.filter(activity__in=ids), "result__code", "activity_id"),
        "topic": _counts(Activity.topics.through.objects.filter(activity__in=ids), "topic_id", "activity_id"),
        "funding_type": _counts(activities, "project__funding_type"),
        "activity_type": _counts(activities, "activity_type"),
    }


def uses_tallies(scope: ProgrammeScope, filters: Filters) -> bool:
    """The tallies answer when the reader's scope is whole projects and the filters are on the activity's own
    columns or its region; a focal point's country scope or a filter on a country, topic or result counts the
    activities themselves."""
    return not scope.focal_points and not (filters.country or filters.result or filters.topic)


def _tally_counts(scope: ProgrammeScope, filters: Filters) -> dict[str, Any]:
    """The same breakdowns from the tallies (`ActivityTally`): a few thousand rows whatever the activities."""
    from glacy.programme.models import ActivityTally, Project

    projects = Project.objects.filter(scope.projects())
    if filters.project:
        projects = projects.filter(code=filters.project)
    if filters.funding_type:
        projects = projects.filter(funding_type=filters.funding_type)
    cells = ActivityTally.objects.filter(project__in=projects.values("pk"), region=filters.region)
    if filters.activity_type:
        cells = cells.filter(activity_type=filters.activity_type)
    by_year = {row["year"]: row["n"] for row in cells.filter(dimension="all").order_by().values("year")
               .annotate(n=Sum("activities"))}
    if filters.year:
        cells = cells.filter(year=filters.year)
    totals = cells.filter(dimension="all").aggregate(
        activities=Sum("activities"), participants=Sum("participants"), women=Sum("women"),
        projects=Count("project", distinct=True))
    per_value: dict[str, dict[Any, int]] = {key: {} for key in ("country", "region", "result", "topic")}
    for row in cells.exclude(dimension="all").order_by().values("dimension", "value").annotate(n=Sum("activities")):
        per_value[row["dimension"]][row["value"]] = row["n"]
    return {
        "activities": totals["activities"] or 0, "projects": totals["projects"] or 0,
        "participants": totals["participants"] or 0, "women": totals["women"] or 0, "year": by_year,
        **per_value,
        "funding_type": {row["project__funding_type"]: row["n"] for row in cells.filter(dimension="all").order_by()
                         .values("project__funding_type").annotate(n=Sum("activities"))},
        "activity_type": {row["activity_type"]: row["n"] for row in cells.filter(dimension="all").order_by()
                          .values("activity_type").annotate(n=Sum("activities"))},
    }


def dashboard_data(scope: ProgrammeScope, filters: Filters) -> dict[str, Any]:
    """Totals and breakdowns for the dashboard and its downloads (labels in the active language)."""
    counts = _tally_counts(scope, filters) if uses_tallies(scope, filters) else _raw_counts(scope, filters)
    by_country = counts["country"]
    by_region = {key or "": value for key, value in counts["region"].items()}
    by_result, by_topic = counts["result"], counts["topic"]
    by_funding, by_type = counts["funding_type"], counts["activity_type"]
    country_names = {country.code: country.name for country in Country.objects.filter(code__in=list(by_country))}
    topic_names = {topic.code: topic.name for topic in Topic.objects.filter(code__in=list(by_topic))}
    regions = dict(Region.choices)
    return {
        "totals": {"activities": counts["activities"], "projects": counts["projects"],
                   "participants": counts["participants"], "women": counts["women"], "countries": len(by_country)},
        "breakdowns": [
            {"key": "year", "title": str(_("Activities by year")),
             "rows": [(str(year), count) for year, count in sorted(counts["year"].items()) if count]},
            {"key": "region", "title": str(_("Activities by region")),
             "rows": sorted(((str(regions.get(code, _("no region"))), count) for code, count in by_region.items()
                             if count), key=lambda row: (-row[1], row[0]))},
            {"key": "country", "title": str(_("Activities by country")),
             "rows": sorted(((country_names.get(code, code), count) for code, count in by_country.items() if count),
                            key=lambda row: (-row[1], row[0]))},
            {"key": "result", "title": str(_("Activities by expected result")),
             "rows": sorted((code, count) for code, count in by_result.items() if count)},
            {"key": "topic", "title": str(_("Activities by topic")),
             "rows": sorted(((topic_names.get(code, code), count) for code, count in by_topic.items() if count),
                            key=lambda row: (-row[1], row[0]))},
            {"key": "funding_type", "title": str(_("Activities by funding type")),
             "rows": [(str(label), by_funding[value]) for value, label in FundingType.choices
                      if by_funding.get(value)]},
            {"key": "activity_type", "title": str(_("Activities by type")),
             "rows": [(str(label), by_type[value]) for value, label in ActivityType.choices if by_type.get(value)]},
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
