"""Rebuilding the activity tallies (`ActivityTally`) of the (project, year) partitions an activity write touched.

Each partition is deleted and recounted from the activities themselves in a handful of grouped queries, inside
the caller's transaction: the tallies are never adjusted by increments, so they cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from glacy.directory.models import Region
from glacy.programme.models import Activity, ActivityTally

DIMENSIONS = {"country": "countries__code", "region": "countries__region", "topic": "topics__code",
              "result": "results__code"}


def tallies_refresh(partitions: Iterable[tuple[Any, int]] | None = None) -> int:
    """Recount the tallies of `partitions` ((project id, year) pairs; None: every partition). Returns the rows.

    The touched projects and years are recounted as a cross product (a superset of the partitions: recounting an
    untouched one gives the same rows), which keeps every query a plain `IN` filter the planner handles well.
    """
    activities = Activity.objects.all()
    tallies = ActivityTally.objects.all()
    if partitions is not None:
        wanted = set(partitions)
        if not wanted:
            return 0
        projects = sorted({project_id for project_id, _year in wanted}, key=str)
        years = sorted({year for _project_id, year in wanted})
        activities = activities.filter(project_id__in=projects, year__in=years)
        tallies = tallies.filter(project_id__in=projects, year__in=years)
    tallies.delete()
    rows = _tally_rows(activities, region="")
    for region in Region.values:
        in_region = Exists(Activity.countries.through.objects.filter(activity_id=OuterRef("pk"),
                                                                     country__region=region))
        rows += _tally_rows(activities.filter(in_region), region=region)
    ActivityTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _tally_rows(activities: QuerySet[Activity], *, region: str) -> list[ActivityTally]:
    keys = ("project_id", "year", "activity_type")
    people = {(row["project_id"], row["year"], row["activity_type"]): row
              for row in activities.order_by().values(*keys).annotate(
                  total=Sum("participation__count"),
                  women=Sum("participation__count", filter=Q(participation__gender="woman")))}
    rows = []
    for row in activities.order_by().values(*keys).annotate(n=Count("id")):
        counted = people.get((row["project_id"], row["year"], row["activity_type"]), {})
        rows.append(ActivityTally(project_id=row["project_id"], year=row["year"], activity_type=row["activity_type"],
                                  region=region, dimension="all", value="", activities=row["n"],
                                  participants=counted.get("total") or 0, women=counted.get("women") or 0))
    for dimension, path in DIMENSIONS.items():
        grouped = activities.filter(**{f"{path}__isnull": False}).order_by().values(*keys, path).annotate(
            n=Count("id", distinct=True))
        rows.extend(ActivityTally(project_id=row["project_id"], year=row["year"], activity_type=row["activity_type"],
                                  region=region, dimension=dimension, value=row[path] or "", activities=row["n"])
                    for row in grouped)
    return rows
