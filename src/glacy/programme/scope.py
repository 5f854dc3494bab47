"""Who sees which programme records.

Programme staff (role `programme_officer`) see and change the projects of their own office. Someone given
a `ProgrammeAccess` by an office reads more, never writes: a country focal point reads that office's
activities, training and results in one country; a donor representative reads the projects the donor
funds. Everyone else sees nothing (lists are empty, objects answer 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from glacy.core.permissions import Role


@dataclass(frozen=True)
class ProgrammeScope:
    staff_authority_id: Any = None
    donor_ids: tuple[Any, ...] = ()
    focal_points: tuple[tuple[Any, str], ...] = ()  # (granting office, country code)
    is_node: bool = False  # the node itself (commands, jobs): every record

    @property
    def sees_anything(self) -> bool:
        return self.is_node or bool(self.staff_authority_id or self.donor_ids or self.focal_points)

    def projects(self, prefix: str = "") -> Q:
        """A filter on projects (or on a relation to them, with `prefix` such as "project__")."""
        if self.is_node:
            return Q()
        condition = Q(pk__in=[])
        if self.staff_authority_id is not None:
            condition |= Q(**{f"{prefix}authority_id": self.staff_authority_id})
        if self.donor_ids:
            from glacy.programme.models import Project

            funded = Project.objects.filter(donors__in=self.donor_ids).values("pk")
            condition |= Q(**{f"{prefix}pk__in": funded})
        for authority_id, country in self.focal_points:
            from glacy.programme.models import Project

            in_country = Project.objects.filter(authority_id=authority_id, activities__countries=country).values("pk")
            condition |= Q(**{f"{prefix}pk__in": in_country})
        return condition

    def activities(self, prefix: str = "") -> Q:
        """A filter on activities (or, with `prefix` such as "activity__", on records of an activity)."""
        if self.is_node:
            return Q()
        condition = Q(pk__in=[])
        if self.staff_authority_id is not None:
            condition |= Q(**{f"{prefix}project__authority_id": self.staff_authority_id})
        if self.donor_ids:
            from glacy.programme.models import Project

            condition |= Q(**{f"{prefix}project__in": Project.objects.filter(donors__in=self.donor_ids).values("pk")})
        for authority_id, country in self.focal_points:
            from glacy.programme.models import Activity

            in_country = Activity.objects.filter(project__authority_id=authority_id, countries=country).values("pk")
            condition |= Q(**{f"{prefix}pk__in": in_country})
        return condition


NODE_SCOPE = ProgrammeScope(is_node=True)


def programme_scope(user: Any) -> ProgrammeScope:
    """The programme records `user` may read, worked out once per request (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ProgrammeScope()
    cached = getattr(user, "_programme_scope", None)
    if cached is not None:
        return cached
    from glacy.programme.models import ProgrammeAccess

    grants = list(ProgrammeAccess.objects.filter(user=user).values_list("kind", "donor_id", "authority_id",
                                                                        "country_id"))
    scope = ProgrammeScope(
        staff_authority_id=user.authority_id if user.has_role(Role.PROGRAMME_OFFICER) else None,
        donor_ids=tuple(donor for kind, donor, _authority, _country in grants if kind == "donor"),
        focal_points=tuple((authority, country) for kind, _donor, authority, country in grants
                           if kind == "focal_point"),
    )
    user._programme_scope = scope
    return scope


def is_programme_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.PROGRAMME_OFFICER)
                and user.authority_id is not None)
