"""Writes of activities: one or many at once (a form, the API, a spreadsheet import) through one function,
so every path validates the same way and records one audit event per activity in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event, snapshot
from glacy.core.errors import ValidationFailed
from glacy.programme.models import Activity, Participation, Project, Result
from glacy.programme.services.access import require_programme_staff
from glacy.programme.tallies import tallies_refresh

ACTIVITY_FIELDS = ("reference", "title", "activity_type", "start_date", "end_date", "activity_format",
                   "partners", "outputs")


@dataclass
class ActivityData:
    """One activity as checked input: the project, its fields, and its related codes."""

    project: Project
    fields: dict[str, Any]
    topics: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)  # result codes of the project (R1…)
    countries: list[str] = field(default_factory=list)
    participation: dict[tuple[str, str], int] = field(default_factory=dict)  # (institution, gender) → count

    def audit_view(self) -> dict[str, Any]:
        return {**{key: self.fields.get(key) for key in ACTIVITY_FIELDS}, "project": self.project.code,
                "topics": sorted(self.topics), "results": sorted(self.results), "countries": sorted(self.countries),
                "participation": {f"{inst}/{gender}": count for (inst, gender), count
                                  in sorted(self.participation.items())}}


@transaction.atomic
def activities_save(*, actor: Any, items: Sequence[ActivityData], source: str = "form") -> list[Activity]:
    """Create or update (by project and reference) every item, all or nothing.

    The caller has validated the values (see `programme.imports` and the forms); this checks the actor's
    office, model constraints, and writes.
    """
    if not items:
        return []
    for item in items:
        require_programme_staff(actor, item.project.authority_id)
    _check_codes(items)
    existing = {(activity.project_id, activity.reference): activity for activity in Activity.objects.select_for_update()
                .filter(project__in={item.project.pk for item in items},
                        reference__in=[item.fields["reference"] for item in items])}
    touched = {(activity.project_id, activity.year) for activity in existing.values()}  # before any change
    results = {(result.project_id, result.code): result for result in
               Result.objects.filter(project__in={item.project.pk for item in items})}
    saved: list[Activity] = []
    created: list[tuple[Activity, ActivityData]] = []
    for item in items:
        activity = existing.get((item.project.pk, item.fields["reference"]))
        before = _audit_view(activity) if activity is not None else None
        is_new = activity is None
        if activity is None:
            activity = Activity(project=item.project)
        for name, value in item.fields.items():
            setattr(activity, name, value)
        activity.year = activity.start_date.year
        unknown = [code for code in item.results if (item.project.pk, code) not in results]
        if unknown:
            raise ValidationFailed({"results": [_("Project %(project)s has no result %(codes)s.") % {
                "project": item.project.code, "codes": ", ".join(unknown)}]})
        # Field checks only: the constraints are checked here without a query each (the end date below; the
        # reference is unique because existing ones are updated) and again by the database.
        try:
            activity.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
        except DjangoValidationError as error:
            raise ValidationFailed({item.fields["reference"]: [" ".join(error.messages)]}) from error
        if activity.end_date < activity.start_date:
            raise ValidationFailed({item.fields["reference"]: [_("The activity ends before it starts.")]})
        if is_new:
            created.append((activity, item))
        else:
            activity.save()
            activity.topics.set(item.topics)  # type: ignore[arg-type]  # primary keys are codes
            activity.countries.set(item.countries)  # type: ignore[arg-type]
            activity.results.set([results[(item.project.pk, code)] for code in item.results])
            Participation.objects.filter(activity=activity).delete()
            Participation.objects.bulk_create(_participation(activity, item))
            record_event(actor=actor, action="programme.activity_updated", obj=activity, before=before,
                         after={**item.audit_view(), "source": source})
        saved.append(activity)
    if created:
        # New activities in bulk (an import or the demo may hold thousands): rows, relations, then the audit.
        Activity.objects.bulk_create([activity for activity, _item in created])
        Activity.topics.through.objects.bulk_create([
            Activity.topics.through(activity_id=activity.pk, topic_id=code)
            for activity, item in created for code in item.topics])
        Activity.countries.through.objects.bulk_create([
            Activity.countries.through(activity_id=activity.pk, country_id=code)
            for activity, item in created for code in item.countries])
        Activity.results.through.objects.bulk_create([
            Activity.results.through(activity_id=activity.pk, result_id=results[(item.project.pk, code)].pk)
            for activity, item in created for code in item.results])
        Participation.objects.bulk_create([row for activity, item in created for row in _participation(activity, item)])
        for activity, item in created:
            record_event(actor=actor, action="programme.activity_created", obj=activity,
                         after={**item.audit_view(), "source": source})
    tallies_refresh(touched | {(activity.project_id, activity.year) for activity in saved})
    return saved


def _check_codes(items: Sequence[ActivityData]) -> None:
    """Topics must be in the managed vocabulary and countries ISO codes, whatever the entry point."""
    from glacy.directory.models import Country
    from glacy.programme.models import Topic

    topics = {code for item in items for code in item.topics}
    countries = {code for item in items for code in item.countries}
    unknown_topics = topics - set(Topic.objects.filter(code__in=topics, is_active=True).values_list("code", flat=True))
    unknown_countries = countries - set(Country.objects.filter(code__in=countries).values_list("code", flat=True))
    errors = {}
    if unknown_topics:
        errors["topics"] = [_("Unknown topic: %(codes)s.") % {"codes": ", ".join(sorted(unknown_topics))}]
    if unknown_countries:
        errors["countries"] = [_("Unknown country code: %(codes)s.") % {"codes": ", ".join(sorted(unknown_countries))}]
    if errors:
        raise ValidationFailed(errors)


def _participation(activity: Activity, item: ActivityData) -> list[Participation]:
    return [Participation(activity=activity, institution_type=institution, gender=gender, count=count)
            for (institution, gender), count in sorted(item.participation.items()) if count]


def _audit_view(activity: Activity) -> dict[str, Any]:
    return {**snapshot(activity, ACTIVITY_FIELDS),
            "topics": sorted(activity.topics.values_list("code", flat=True)),
            "results": sorted(activity.results.values_list("code", flat=True)),
            "countries": sorted(activity.countries.values_list("code", flat=True))}


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    """Remove an activity entered by mistake (not one that is a training session: its participants count)."""
    require_programme_staff(actor, activity.project.authority_id)
    if hasattr(activity, "session"):
        raise ValidationFailed({"__all__": [_("This activity is a training session with participants; it cannot "
                                              "be removed.")]})
    record_event(actor=actor, action="programme.activity_deleted", obj=activity, before=_audit_view(activity))
    partition = (activity.project_id, activity.year)
    activity.delete()
    tallies_refresh([partition])
