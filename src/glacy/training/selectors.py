"""Reads of training records. Trainers and programme staff of an office see its courses, sessions and
participants; a country focal point or a donor's representative sees the sessions of the activities they may
read, with counts and scores but never participants' names."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum

from glacy.core.permissions import Role
from glacy.programme.models import Activity
from glacy.programme.scope import programme_scope
from glacy.training.models import Certificate, Course, Participant, Session


def training_authority_id(user: Any) -> Any:
    """The office whose training records the user keeps (trainer or programme officer), or None."""
    if not getattr(user, "is_authenticated", False) or user.authority_id is None:
        return None
    if user.has_role(Role.TRAINER) or user.has_role(Role.PROGRAMME_OFFICER):
        return user.authority_id
    return None


def sessions_for_user(*, user: Any) -> QuerySet[Session]:
    condition = Q(pk__in=[])
    authority_id = training_authority_id(user)
    if authority_id is not None:
        condition |= Q(course__authority_id=authority_id)
    scope = programme_scope(user)
    if scope.sees_anything:
        condition |= Q(activity__in=Activity.objects.filter(scope.activities()).values("pk"))
    return Session.objects.filter(condition).select_related("course", "activity__project", "country")


def courses_for_user(*, user: Any) -> QuerySet[Course]:
    return Course.objects.filter(Q(authority_id=training_authority_id(user)) | Q(
        pk__in=sessions_for_user(user=user).values("course_id"))).distinct()


def participants_for_user(*, user: Any) -> QuerySet[Participant]:
    """Participants with their personal data: only for the office that trains them."""
    authority_id = training_authority_id(user)
    if authority_id is None:
        return Participant.objects.none()
    return Participant.objects.filter(session__course__authority_id=authority_id).select_related(
        "session__course", "session__activity")


def certificates_for_user(*, user: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(participant__in=participants_for_user(user=user)).select_related(
        "participant__session__course", "participant__session__activity")


def knowledge_gain(sessions: QuerySet[Session]) -> dict[str, list[dict[str, Any]]]:
    """Average pre- and post-test scores and their difference (points) per session, course and country, from the
    sessions' totals (3 queries, whatever the number of participants)."""
    def grouped(*keys: str) -> list[dict[str, Any]]:
        rows = list(sessions.order_by().values(*keys).annotate(
            tested=Sum("tested_count"), pre_sum=Sum("pre_score_sum"), post_sum=Sum("post_score_sum"))
            .filter(tested__gt=0).order_by(*keys))
        for row in rows:
            row["pre"] = row["pre_sum"] / row["tested"]
            row["post"] = row["post_sum"] / row["tested"]
            row["gain"] = row["post"] - row["pre"]
        return rows
    return {"session": grouped("id", "course__code", "country_id", "country__name_en", "country__name_fr",
                               "activity__start_date"),
            "course": grouped("course__code", "course__title"),
            "country": grouped("country_id", "country__name_en", "country__name_fr")}
