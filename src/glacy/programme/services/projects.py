"""Writes of projects, their results framework, budgets, transactions, yearly statements and access grants.
Every function checks the actor's role, validates, writes and records its audit event in one transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event, snapshot
from glacy.core.errors import ValidationFailed
from glacy.core.services import instance_update, validate_instance
from glacy.directory.models import Country, User
from glacy.programme.metrics import METRICS
from glacy.programme.models import (
    Budget,
    Donor,
    Indicator,
    IndicatorValue,
    ProgrammeAccess,
    ProgrammeYear,
    Project,
    Result,
    Topic,
    Transaction,
)
from glacy.programme.services.access import require_programme_staff

PROJECT_FIELDS = ("code", "iati_identifier", "title", "title_fr", "description", "objective", "funding_type",
                  "budget", "currency", "start_date", "end_date", "status", "regions")


def _countries(codes: Iterable[str]) -> list[Country]:
    wanted = sorted({code.upper() for code in codes})
    found = list(Country.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {country.code for country in found})
    if missing:
        raise ValidationFailed({"countries": [_("Unknown country code: %(codes)s.") % {"codes": ", ".join(missing)}]})
    return found


@transaction.atomic
def project_create(*, actor: Any, data: Mapping[str, Any], countries: Iterable[str] = (),
                   donors: Iterable[Donor] = ()) -> Project:
    """Register a programme or project of the actor's office."""
    require_programme_staff(actor)
    unknown = sorted(set(data) - set(PROJECT_FIELDS))
    if unknown:
        raise ValidationFailed({name: [_("This field cannot be set here.")] for name in unknown})
    project = Project(authority_id=actor.authority_id, **data)
    errors: dict[str, list[Any]] = {}
    try:
        found = _countries(countries)
    except ValidationFailed as error:
        errors.update(error.errors)
    try:
        validate_instance(project)
    except ValidationFailed as error:
        errors.update(error.errors)
    if errors:
        raise ValidationFailed(errors)
    project.save()
    project.countries.set(found)
    project.donors.set(list(donors))
    record_event(actor=actor, action="programme.project_created", obj=project,
                 after={**snapshot(project, PROJECT_FIELDS), "countries": sorted(c.code for c in
                                                                                project.countries.all())})
    return project


@transaction.atomic
def project_update(*, actor: Any, project: Project, changes: Mapping[str, Any]) -> Project:
    require_programme_staff(actor, project.authority_id)
    return instance_update(instance=project, changes=changes, allowed_fields=PROJECT_FIELDS, actor=actor,
                           action="programme.project_updated")


@transaction.atomic
def donor_create(*, actor: Any, name: str, name_fr: str = "", iati_ref: str = "", iati_type: str = "10") -> Donor:
    require_programme_staff(actor)
    donor = Donor(name=name.strip(), name_fr=name_fr.strip(), iati_ref=iati_ref.strip(), iati_type=iati_type)
    validate_instance(donor)
    donor.save()
    record_event(actor=actor, action="programme.donor_created", obj=donor, after=snapshot(donor))
    return donor


@transaction.atomic
def topic_create(*, actor: Any, code: str, name_en: str, name_fr: str) -> Topic:
    """Add a topic to the managed vocabulary (codes never change once used)."""
    require_programme_staff(actor)
    topic = Topic(code=code, name_en=name_en, name_fr=name_fr)
    if Topic.objects.filter(code=code).exists():
        raise ValidationFailed({"code": [_("This topic code is already in the vocabulary.")]})
    validate_instance(topic)
    topic.save()
    record_event(actor=actor, action="programme.topic_created", obj=topic, after=snapshot(topic))
    return topic


@transaction.atomic
def result_create(*, actor: Any, project: Project, code: str, title: str, title_fr: str = "") -> Result:
    """Add an expected result (R1–R7…) to a project's results framework."""
    require_programme_staff(actor, project.authority_id)
    result = Result(project=project, code=code.strip(), title=title.strip(), title_fr=title_fr.strip())
    validate_instance(result)
    result.save()
    record_event(actor=actor, action="programme.result_created", obj=result, after=snapshot(result))
    return result


@transaction.atomic
def indicator_create(*, actor: Any, result: Result, data: Mapping[str, Any]) -> Indicator:
    """Add an indicator; `source` is "entered" or the key of a live figure (see `programme.metrics`)."""
    require_programme_staff(actor, result.project.authority_id)
    indicator = Indicator(result=result, **data)
    if indicator.source != "entered" and indicator.source not in METRICS:
        raise ValidationFailed({"source": [_("Choose a figure the platform computes, or “entered by staff”.")]})
    validate_instance(indicator)
    indicator.save()
    record_event(actor=actor, action="programme.indicator_created", obj=indicator, after=snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_value_set(*, actor: Any, indicator: Indicator, kind: str, year: int, value: decimal.Decimal | int,
                        note: str = "") -> IndicatorValue:
    """Enter a milestone, or an actual value for an indicator the platform cannot compute (one per year)."""
    require_programme_staff(actor, indicator.result.project.authority_id)
    if kind == IndicatorValue.Kind.ACTUAL and indicator.source != "entered":
        raise ValidationFailed({"value": [_("This indicator is computed from the platform's records; its actual "
                                            "value cannot be entered by hand.")]})
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, kind=kind, year=year).first()
    before = snapshot(existing, ("value", "note")) if existing else None
    item = existing or IndicatorValue(indicator=indicator, kind=kind, year=year)
    item.value, item.note, item.entered_by = decimal.Decimal(value), note, actor
    validate_instance(item)
    item.save()
    record_event(actor=actor, action="programme.indicator_value_set", obj=item, before=before,
                 after=snapshot(item, ("kind", "year", "value", "note")))
    return item


@transaction.atomic
def budget_add(*, actor: Any, project: Project, period_start: datetime.date, period_end: datetime.date,
               value: decimal.Decimal) -> Budget:
    require_programme_staff(actor, project.authority_id)
    if period_end < period_start:
        raise ValidationFailed({"period_end": [_("The period ends before it starts.")]})
    budget = Budget(project=project, period_start=period_start, period_end=period_end, value=value)
    validate_instance(budget)
    budget.save()
    record_event(actor=actor, action="programme.budget_added", obj=budget, after=snapshot(budget))
    return budget


@transaction.atomic
def transaction_add(*, actor: Any, project: Project, kind: str, date: datetime.date, value: decimal.Decimal,
                    donor: Donor | None = None, description: str = "") -> Transaction:
    require_programme_staff(actor, project.authority_id)
    item = Transaction(project=project, kind=kind, date=date, value=value, donor=donor, description=description)
    validate_instance(item)
    item.save()
    record_event(actor=actor, action="programme.transaction_added", obj=item, after=snapshot(item))
    return item


@transaction.atomic
def programme_year_set(*, actor: Any, year: int, staff: int, highlights_en: str = "",
                       highlights_fr: str = "") -> ProgrammeYear:
    """State the office's staff and the highlights of a year for the yearly report."""
    require_programme_staff(actor)
    item = ProgrammeYear.objects.select_for_update().filter(authority_id=actor.authority_id, year=year).first()
    before = snapshot(item, ("staff", "highlights_en", "highlights_fr")) if item else None
    item = item or ProgrammeYear(authority_id=actor.authority_id, year=year)
    item.staff, item.highlights_en, item.highlights_fr = staff, highlights_en, highlights_fr
    validate_instance(item)
    item.save()
    record_event(actor=actor, action="programme.year_stated", obj=item, before=before,
                 after=snapshot(item, ("year", "staff", "highlights_en", "highlights_fr")))
    return item


@transaction.atomic
def access_grant(*, actor: Any, user: User, kind: str, country: str = "", donor: Donor | None = None
                 ) -> ProgrammeAccess:
    """Let a focal point read one country's programme records, or a donor's representative its projects."""
    require_programme_staff(actor)
    grant = ProgrammeAccess(authority_id=actor.authority_id, user=user, kind=kind,
                            country_id=country.upper() or None, donor=donor)
    validate_instance(grant)
    grant.save()
    record_event(actor=actor, action="programme.access_granted", obj=grant, after=snapshot(grant))
    return grant


@transaction.atomic
def access_revoke(*, actor: Any, grant: ProgrammeAccess) -> None:
    require_programme_staff(actor, grant.authority_id)
    record_event(actor=actor, action="programme.access_revoked", obj=grant, before=snapshot(grant))
    grant.delete()
