"""Live figures: indicator values the platform computes from its own records, each with the records it counts.

An indicator whose `source` is one of these keys never takes a hand-entered actual value; its value for a
year is computed when read, and `Figure.records` is the queryset of exactly the rows counted, so a page can
show them (traceability). Cross-app reads go through the other apps' models with the project's office as
the owner, never through a user's session.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, F, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass
class Figure:
    value: int | decimal.Decimal | None
    records: QuerySet[Any] | None
    note: str = ""


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise
    compute: Callable[[Any, int], Figure]  # (project, year) → figure
    is_percentage: bool = False


def _activities(project: Any, year: int) -> QuerySet[Any]:
    from glacy.programme.models import Activity

    return Activity.objects.filter(project=project, year=year)


def _participants(project: Any, year: int) -> QuerySet[Any]:
    from glacy.training.models import Participant

    return Participant.objects.filter(session__activity__project=project, session__activity__year=year,
                                      attended=True)


def _activities_policy(project: Any, year: int) -> Figure:
    from glacy.programme.models.vocabulary import POLICY_AND_LEGISLATION

    records = _activities(project, year).filter(topics=POLICY_AND_LEGISLATION)
    return Figure(records.count(), records)


def _all_activities(project: Any, year: int) -> Figure:
    records = _activities(project, year)
    return Figure(records.count(), records)


def _sessions(project: Any, year: int) -> Figure:
    from glacy.training.models import Session

    records = Session.objects.filter(activity__project=project, activity__year=year)
    return Figure(records.count(), records)


def _people_trained(project: Any, year: int) -> Figure:
    records = _participants(project, year)
    return Figure(records.count(), records)


def _women_trained(project: Any, year: int) -> Figure:
    records = _participants(project, year).filter(gender="woman")
    return Figure(records.count(), records)


def _knowledge_gain(project: Any, year: int) -> Figure:
    records = _participants(project, year).filter(pre_score__isnull=False, post_score__isnull=False)
    gain = records.aggregate(gain=Avg(F("post_score") - F("pre_score")))["gain"]
    value = None if gain is None else decimal.Decimal(gain).quantize(decimal.Decimal("0.1"))
    return Figure(value, records, note=str(_("average post-test minus pre-test score, in points")))


def _trainees_became_trainers(project: Any, year: int) -> Figure:
    from glacy.training.models import Trainer

    records = Trainer.objects.filter(trained_as__session__activity__project=project,
                                     trained_as__session__activity__year__lte=year)
    return Figure(records.count(), records)


def _certificates(project: Any, year: int) -> Figure:
    from glacy.training.models import Certificate

    records = Certificate.objects.filter(participant__session__activity__project=project, issued_on__year=year,
                                         revoked_at__isnull=True)
    return Figure(records.count(), records)


def _laws_reviewed(project: Any, year: int) -> Figure:
    from glacy.legislation.models import Law

    records = Law.objects.filter(authority_id=project.authority_id, country__in=project.countries.all(),
                                 created_at__year=year)
    return Figure(records.count(), records)


def _matrix_coverage(project: Any, year: int) -> Figure:
    """Share of Convention articles fully covered in the latest final review of each project country."""
    from glacy.legislation.models import Assessment, AssessmentRow

    year_end = datetime.datetime(year, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
    latest: dict[str, Any] = {}
    for assessment in Assessment.objects.filter(
            authority_id=project.authority_id, country__in=project.countries.all(), instrument_id="ETS185",
            status=Assessment.Status.FINAL, created_at__lte=year_end).order_by("country_id", "-version"):
        latest.setdefault(assessment.country_id, assessment)
    records = AssessmentRow.objects.filter(assessment__in=list(latest.values()))
    total = records.count()
    if not total:
        return Figure(None, records, note=str(_("no final review")))
    full = records.filter(coverage="full").count()
    return Figure(decimal.Decimal(100 * full / total).quantize(decimal.Decimal("0.1")), records)


def _treaty(instrument: str, kind: str) -> Callable[[Any, int], Figure]:
    def compute(project: Any, year: int) -> Figure:
        from glacy.programme.treaty_figures import treaty_count
        from glacy.treaty.models import PartyStatus

        count = treaty_count(instrument=instrument, year=year, kind=kind)
        note = "" if not count.is_lower_bound else str(
            _("at least: the list is complete to %(date)s") % {"date": count.as_of} if count.as_of
            else _("at least: the list has no completeness date"))
        return Figure(count.count, PartyStatus.objects.filter(pk__in=count.status_ids), note=note)
    return compute


def _requests_handled(project: Any, year: int) -> Figure:
    from django.db.models import Q

    from glacy.cooperation.models import Request

    countries = project.countries.all()
    records = Request.objects.filter(sent_at__year=year).filter(
        Q(requesting_authority__country__in=countries) | Q(requested_authority__country__in=countries)).distinct()
    return Figure(records.count(), records)


METRICS: dict[str, Metric] = {metric.key: metric for metric in (
    Metric("activities", _("activities held"), _all_activities),
    Metric("activities_policy_legislation", _("activities on policy and legislation"), _activities_policy),
    Metric("training_sessions", _("training sessions held"), _sessions),
    Metric("people_trained", _("people trained"), _people_trained),
    Metric("women_trained", _("women trained"), _women_trained),
    Metric("knowledge_gain", _("knowledge gain (points)"), _knowledge_gain),
    Metric("trainees_became_trainers", _("trainees who became trainers"), _trainees_became_trainers),
    Metric("certificates_issued", _("certificates issued"), _certificates),
    Metric("laws_reviewed", _("laws reviewed"), _laws_reviewed),
    Metric("matrix_coverage", _("Convention articles fully covered (%)"), _matrix_coverage, is_percentage=True),
    Metric("parties_ets185", _("Parties to the Convention (ETS 185)"), _treaty("ETS185", "parties")),
    Metric("signatories_cets224", _("signatories of the Second Protocol (CETS 224)"),
           _treaty("CETS224", "signatories")),
    Metric("requests_handled", _("cooperation requests sent"), _requests_handled),
)}


def indicator_actual(indicator: Any, year: int) -> Figure:
    """The actual value of an indicator for a year: computed when it has a live source, else entered."""
    if indicator.source in METRICS:
        return METRICS[indicator.source].compute(indicator.result.project, year)
    entered = next((item for item in indicator.values.all() if item.kind == "actual" and item.year == year), None)
    if entered is None:
        return Figure(None, None, note=str(_("not entered")))
    return Figure(entered.value, None, note=entered.note)
