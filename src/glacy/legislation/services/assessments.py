"""Assessments: versioned compliance matrices, computed from accepted mappings and completed by the reviewer.

A new assessment takes the next version number for its country and instrument and carries over the
reviewer's notes and recommendations of the previous version, so progress over the years reads as one
story. A final assessment is frozen; later work goes into a new version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.core.services import instance_update
from glacy.legislation.matrix import compute_rows
from glacy.legislation.models import Assessment, AssessmentRow, Law
from glacy.legislation.models.assessments import RowCoverage
from glacy.legislation.services.access import require_reviewer_of
from glacy.treaty.models import Instrument

ROW_EDITABLE_FIELDS = ("coverage", "note", "recommendation")


def _coverage_counts(rows: Iterable[AssessmentRow]) -> dict[str, int]:
    counts = dict.fromkeys(RowCoverage.values, 0)
    for row in rows:
        counts[row.coverage] += 1
    return counts


@transaction.atomic
def assessment_create(*, actor: Any, country_code: str, instrument_code: str, laws: Iterable[Law],
                      title: str = "") -> Assessment:
    """Assess the laws of one country against one instrument, as the next version."""
    require_role(actor, Role.REVIEWER)
    if actor.authority_id is None:
        raise PermissionDenied(_("Your account belongs to no authority."))
    instrument = Instrument.objects.filter(code=instrument_code).first()
    chosen = list(laws)
    errors: dict[str, list[Any]] = {}
    if instrument is None:
        errors["instrument"] = [_("Choose the Convention or one of its Protocols.")]
    if not chosen:
        errors["laws"] = [_("Choose at least one law of the country.")]
    elif any(law.authority_id != actor.authority_id for law in chosen):
        errors["laws"] = [_("Choose laws your authority imported.")]
    elif {law.country_id for law in chosen} != {(country_code or "").upper()}:
        errors["laws"] = [_("Every law must be a law of the assessed country.")]
    if errors or instrument is None:
        raise ValidationFailed(errors)
    country = chosen[0].country
    series = Assessment.objects.select_for_update().filter(
        authority_id=actor.authority_id, country=country, instrument=instrument)
    previous = series.order_by("-version").first()
    version = (series.aggregate(last=Max("version"))["last"] or 0) + 1
    assessment = Assessment.objects.create(
        authority_id=actor.authority_id, country=country, instrument=instrument, version=version,
        title=(title or "").strip()[:300] or f"{country.name} – {instrument.short_title}", created_by=actor)
    assessment.laws.set(chosen)
    carried = {row.article_id: row for row in previous.rows.all()} if previous else {}
    rows = []
    for computed in compute_rows(instrument_code=instrument.code, laws=chosen):
        earlier = carried.get(computed.article.pk)
        # A "not applicable" finding (reservation, declaration) stays until the reviewer changes it.
        keeps_not_applicable = earlier is not None and earlier.coverage == RowCoverage.NOT_APPLICABLE
        rows.append(AssessmentRow(
            assessment=assessment, article=computed.article, computed_coverage=computed.coverage,
            coverage=RowCoverage.NOT_APPLICABLE if keeps_not_applicable else computed.coverage,
            provisions=computed.provisions, missing_elements=computed.missing_elements,
            note=earlier.note if earlier else "", recommendation=earlier.recommendation if earlier else ""))
    AssessmentRow.objects.bulk_create(rows)
    record_event(actor=actor, action="assessment.create", obj=assessment, after={
        "country": country.code, "instrument": instrument.code, "version": version,
        "laws": [law.title for law in chosen], "coverage": _coverage_counts(rows),
        "previous_version": previous.version if previous else None})
    return assessment


def _editable(assessment: Assessment, actor: Any) -> None:
    require_reviewer_of(actor, assessment.authority_id)
    if assessment.status != Assessment.Status.DRAFT:
        raise InvalidTransition(_("A final assessment cannot change: start a new version."))


@transaction.atomic
def assessment_row_update(*, actor: Any, row: AssessmentRow, changes: Mapping[str, Any]) -> AssessmentRow:
    """The reviewer's finding on one article: coverage, note, recommendation."""
    row = AssessmentRow.objects.select_for_update().select_related("assessment").get(pk=row.pk)
    _editable(row.assessment, actor)
    values = dict(changes)
    if "coverage" in values and values["coverage"] not in RowCoverage.values:
        raise ValidationFailed({"coverage": [_("Coverage is full, partial, absent or not applicable.")]})
    if values.get("coverage") not in (None, row.computed_coverage) and not str(
            values.get("note", row.note)).strip():
        raise ValidationFailed({"note": [_("Say why the coverage differs from what the mapped provisions show.")]})
    return instance_update(instance=row, changes=values, allowed_fields=ROW_EDITABLE_FIELDS, actor=actor,
                           action="assessment.update_row")


@transaction.atomic
def assessment_recompute(*, actor: Any, assessment: Assessment) -> Assessment:
    """Recompute a draft's rows from the current mappings; the reviewer's notes and overrides stay."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _editable(assessment, actor)
    rows = {row.article_id: row for row in assessment.rows.all()}
    changed = []
    for computed in compute_rows(instrument_code=assessment.instrument_id, laws=assessment.laws.all()):
        row = rows.get(computed.article.pk)
        if row is None:
            row = AssessmentRow(assessment=assessment, article=computed.article, coverage=computed.coverage)
        elif row.coverage == row.computed_coverage:
            row.coverage = computed.coverage  # not overridden by the reviewer: follows the mappings
        if (row.computed_coverage, row.provisions, row.missing_elements) != (
                computed.coverage, computed.provisions, computed.missing_elements) or row._state.adding:
            changed.append(f"{computed.article.number}: {row.computed_coverage or '-'} → {computed.coverage}")
        row.computed_coverage, row.provisions = computed.coverage, computed.provisions
        row.missing_elements = computed.missing_elements
        row.save()
    record_event(actor=actor, action="assessment.recompute", obj=assessment, after={"rows_changed": changed})
    return assessment


@transaction.atomic
def assessment_finalise(*, actor: Any, assessment: Assessment) -> Assessment:
    """Freeze the assessment: it becomes the reference version for comparisons and reports."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _editable(assessment, actor)
    assessment.status, assessment.finalised_at = Assessment.Status.FINAL, timezone.now()
    assessment.save(update_fields=["status", "finalised_at", "updated_at"])
    record_event(actor=actor, action="assessment.finalise", obj=assessment, before={"status": "draft"},
                 after={"status": "final", "coverage": _coverage_counts(assessment.rows.all())})
    return assessment
