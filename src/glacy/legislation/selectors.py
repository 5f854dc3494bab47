"""Reads of laws and assessments, scoped to the reviewing authority that imported or made them.

A draft bill under review is not public: only users of the reviewing authority see its review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from glacy.legislation.models import (
    Assessment,
    AssessmentRow,
    Law,
    LawImportJob,
    Provision,
    ProvisionMapping,
    Suggestion,
)
from glacy.legislation.models.assessments import RowCoverage


def _authority_id(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return None
    return user.authority_id


def laws_for_user(*, user: Any) -> QuerySet[Law]:
    authority_id = _authority_id(user)
    if authority_id is None:
        return Law.objects.none()
    # A law's full text can be megabytes: lists and joins never load it (the law page reads it when shown).
    return Law.objects.filter(authority_id=authority_id).select_related("country").defer("text")


def laws_with_counts_for_user(*, user: Any) -> QuerySet[Law]:
    """Laws with their number of provisions, counted by a subquery: no GROUP BY over the law's columns."""
    counts = Provision.objects.filter(law=OuterRef("pk")).order_by().values("law").annotate(n=Count("pk")).values("n")
    return laws_for_user(user=user).annotate(
        provision_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


def law_import_jobs_for_user(*, user: Any) -> QuerySet[LawImportJob]:
    authority_id = _authority_id(user)
    if authority_id is None:
        return LawImportJob.objects.none()
    return LawImportJob.objects.filter(authority_id=authority_id)


def provisions_for_user(*, user: Any) -> QuerySet[Provision]:
    return Provision.objects.filter(law__in=laws_for_user(user=user)).select_related("law").defer("law__text")


def suggestions_for_user(*, user: Any) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(provision__law__in=laws_for_user(user=user)).select_related(
        "provision__law", "article").defer("provision__law__text")


def mappings_for_user(*, user: Any) -> QuerySet[ProvisionMapping]:
    return ProvisionMapping.objects.filter(provision__law__in=laws_for_user(user=user)).select_related(
        "provision__law", "article").defer("provision__law__text")


def assessments_for_user(*, user: Any) -> QuerySet[Assessment]:
    authority_id = _authority_id(user)
    if authority_id is None:
        return Assessment.objects.none()
    return Assessment.objects.filter(authority_id=authority_id).select_related("country", "instrument")


def assessment_rows_for_user(*, user: Any) -> QuerySet[AssessmentRow]:
    return AssessmentRow.objects.filter(assessment__in=assessments_for_user(user=user)).select_related(
        "assessment", "article")


def latest_assessments_for_country(*, user: Any, country_code: str) -> list[Assessment]:
    """The newest assessment per instrument of a country that the user's authority made."""
    latest: dict[str, Assessment] = {}
    for assessment in assessments_for_user(user=user).filter(country_id=country_code).order_by(
            "instrument_id", "-version"):
        latest.setdefault(assessment.instrument_id, assessment)
    return list(latest.values())


@dataclass(frozen=True)
class RowChange:
    """How one article's coverage moved between two versions."""

    article_number: str
    article_title: str
    before: str
    after: str

    @property
    def before_label(self) -> str:
        return str(RowCoverage(self.before).label)

    @property
    def after_label(self) -> str:
        return str(RowCoverage(self.after).label)

    @property
    def direction(self) -> str:
        """better / worse along absent < partial < full; "changed" when "not applicable" is on either side
        (a reviewer's finding, e.g. after a reservation, is neither progress nor regress)."""
        if self.before == self.after:
            return "same"
        order = {"absent": 0, "partial": 1, "full": 2}
        if self.before not in order or self.after not in order:
            return "changed"
        return "better" if order[self.after] > order[self.before] else "worse"


def assessment_compare(*, older: Assessment, newer: Assessment) -> list[RowChange]:
    """Per article of either version, its coverage in `older` and in `newer` ("absent" when it had no row)."""
    before = {row.article.number: row for row in older.rows.select_related("article")}
    after = {row.article.number: row for row in newer.rows.select_related("article")}
    positions = {number: row.article.position for number, row in [*before.items(), *after.items()]}
    numbers = sorted(positions, key=positions.__getitem__)
    changes = []
    for number in numbers:
        row = after.get(number) or before[number]
        changes.append(RowChange(number, row.article.title, before[number].coverage if number in before else "absent",
                                 after[number].coverage if number in after else "absent"))
    return changes
