"""The yearly results figures, computed from the records of the chosen year (the yearly report, the
`glacy programme report` command and the dashboard all read this one function)."""

from __future__ import annotations

import datetime
import decimal
from dataclasses import asdict
from typing import Any

from django.db.models import Count, Sum

from glacy.programme.dashboard import Filters, uses_tallies
from glacy.programme.models import Activity, ActivityTally, ProgrammeYear, Project
from glacy.programme.models.vocabulary import POLICY_AND_LEGISLATION, ActivityType, FundingType
from glacy.programme.scope import NODE_SCOPE, ProgrammeScope
from glacy.programme.treaty_figures import TreatyCount, treaty_counts

PARTY_INSTRUMENTS = ("ETS185", "ETS189", "CETS224")


def projects_in_year(scope: ProgrammeScope, year: int) -> Any:
    """Projects running at some point of the year."""
    return Project.objects.filter(scope.projects()).filter(
        start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1))


def yearly_figures(*, year: int, scope: ProgrammeScope = NODE_SCOPE) -> dict[str, Any]:
    """Every figure of the yearly report for `year`, as plain data (JSON-ready), in a fixed number of queries."""
    from glacy.training.models import Session

    activities = Activity.objects.filter(scope.activities()).filter(year=year)
    taught = [ActivityType.TRAINING, ActivityType.EXERCISE]
    if uses_tallies(scope, Filters(year=year)):
        # The activity tallies of the year (every region): a few hundred rows however many activities.
        cells = ActivityTally.objects.filter(project__in=Project.objects.filter(scope.projects()).values("pk"),
                                             year=year, region="")
        by_type: dict[str, int] = {}
        by_topic: dict[str, int] = {}
        by_country: dict[str, int] = {}
        training_topics_set: set[str] = set()
        for row in cells.order_by().values("dimension", "value", "activity_type").annotate(n=Sum("activities")):
            if row["dimension"] == "all":
                by_type[row["activity_type"]] = by_type.get(row["activity_type"], 0) + row["n"]
            elif row["dimension"] == "topic":
                by_topic[row["value"]] = by_topic.get(row["value"], 0) + row["n"]
                if row["activity_type"] in taught:
                    training_topics_set.add(row["value"])
            elif row["dimension"] == "country":
                by_country[row["value"]] = by_country.get(row["value"], 0) + row["n"]
        training_topics = sorted(training_topics_set)
        sessions = Session.objects.filter(activity__year=year, activity__project__in=Project.objects.filter(
            scope.projects()).values("pk"))
    else:
        by_type = {row["activity_type"]: row["n"] for row in
                   activities.order_by().values("activity_type").annotate(n=Count("id"))}
        through_topics = Activity.topics.through.objects.filter(activity__in=activities.values("pk"))
        by_topic = {row["topic_id"]: row["n"] for row in through_topics.order_by().values("topic_id")
                    .annotate(n=Count("activity_id", distinct=True))}
        through_countries = Activity.countries.through.objects.filter(activity__in=activities.values("pk"))
        by_country = {row["country_id"]: row["n"] for row in through_countries.order_by().values("country_id")
                      .annotate(n=Count("activity_id", distinct=True))}
        training_topics = sorted(Activity.topics.through.objects.filter(
            activity__in=activities.filter(activity_type__in=taught).values("pk")).order_by()
            .values_list("topic_id", flat=True).distinct())
        sessions = Session.objects.filter(activity__in=activities.values("pk"))
    countries_reached = len(by_country)
    projects = projects_in_year(scope, year)
    by_funding = {row["funding_type"]: row["n"] for row in
                  projects.order_by().values("funding_type").annotate(n=Count("id"))}
    # Per-session totals (kept by the training services) instead of a scan of every participant.
    training = sessions.aggregate(
        sessions=Count("id"), total=Sum("attended_count"), women=Sum("women_count"), tested=Sum("tested_count"),
        pre_sum=Sum("pre_score_sum"), post_sum=Sum("post_score_sum"), certificates=Sum("certificate_count"))
    tested = training["tested"] or 0
    pre = training["pre_sum"] / tested if tested else None
    post = training["post_sum"] / tested if tested else None
    years = ProgrammeYear.objects.filter(year=year)
    if not scope.is_node:
        years = years.filter(authority_id=scope.staff_authority_id)
    stated = years.aggregate(staff=Sum("staff"), offices=Count("id"))
    highlights = list(years.values("highlights_en", "highlights_fr"))
    counts = treaty_counts(year=year, wanted=[*((code, "parties") for code in PARTY_INSTRUMENTS),
                                              ("CETS224", "signatories")])
    treaty = {code: counts[(code, "parties")] for code in PARTY_INSTRUMENTS}
    signatories = counts[("CETS224", "signatories")]
    return {
        "year": year,
        "activities": {
            "total": sum(by_type.values()),
            "by_type": {key: by_type[key] for key in ActivityType.values if key in by_type},
            "policy_and_legislation": by_topic.get(POLICY_AND_LEGISLATION, 0),
            "by_topic": dict(sorted(by_topic.items())),
            "by_country": dict(sorted(by_country.items())),
            "countries_reached": countries_reached,
        },
        "projects": {
            "total": sum(by_funding.values()),
            "by_funding": {key: by_funding[key] for key in FundingType.values if key in by_funding},
        },
        "staff": stated["staff"] if stated["offices"] else None,
        "parties": {code: count.count for code, count in treaty.items()},
        "parties_detail": {code: _treaty_detail(count) for code, count in treaty.items()},
        "signatories": {"CETS224": signatories.count},
        "signatories_detail": {"CETS224": _treaty_detail(signatories)},
        "training": {
            "sessions": training["sessions"], "participants": training["total"] or 0,
            "women": training["women"] or 0, "tested": tested, "pre_score": _round(pre), "post_score": _round(post),
            "knowledge_gain": _round(None if pre is None or post is None else post - pre),
            "certificates": training["certificates"] or 0, "topics": training_topics,
        },
        "highlights": {"en": [row["highlights_en"] for row in highlights if row["highlights_en"]],
                       "fr": [row["highlights_fr"] for row in highlights if row["highlights_fr"]]},
    }


def _round(value: Any) -> float | None:
    if value is None:
        return None
    return float(decimal.Decimal(value).quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP))


def _treaty_detail(count: TreatyCount) -> dict[str, Any]:
    detail = asdict(count)
    detail.pop("status_ids")
    detail["change"] = count.change
    for key in ("holds_on", "as_of"):
        detail[key] = detail[key].isoformat() if detail[key] else None
    return detail
