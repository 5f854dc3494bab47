"""Reads of programme records, scoped by `scope.programme_scope` (staff, focal points, donors)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from glacy.programme.models import Activity, Indicator, Project
from glacy.programme.scope import NODE_SCOPE, ProgrammeScope, programme_scope


def _scope(user: Any) -> ProgrammeScope:
    return NODE_SCOPE if user is None else programme_scope(user)


def projects_for_user(*, user: Any) -> QuerySet[Project]:
    """Projects the user may read (`user=None`: the node itself, for commands)."""
    scope = _scope(user)
    if not scope.sees_anything:
        return Project.objects.none()
    return Project.objects.filter(scope.projects()).select_related("authority")


def activities_for_user(*, user: Any) -> QuerySet[Activity]:
    scope = _scope(user)
    if not scope.sees_anything:
        return Activity.objects.none()
    return Activity.objects.filter(scope.activities()).select_related("project")


def indicators_for_user(*, user: Any) -> QuerySet[Indicator]:
    return Indicator.objects.filter(result__project__in=projects_for_user(user=user)).select_related(
        "result__project")
