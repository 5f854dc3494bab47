"""Reads of the directory, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from glacy.core.models import AuditEvent
from glacy.core.permissions import Role
from glacy.directory.models import Authority, AuthorityKind, Country, Person


def authorities_for_user(*, user: Any, search: str = "", kind: str = "", country: str = "") -> QuerySet[Authority]:
    """Active authorities: the directory is shared by every authority of the node."""
    queryset = Authority.objects.filter(is_active=True).select_related("country")
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(name_fr__icontains=search) | Q(acronym__icontains=search)
            | Q(country__name_en__icontains=search) | Q(country__name_fr__icontains=search)
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if country:
        queryset = queryset.filter(country__code=country.upper())
    return queryset


def cooperation_contacts_for_user(*, user: Any, search: str = "", kind: str = "") -> QuerySet[Authority]:
    """The 24/7 network (ETS 185 Art. 35) and central authorities (Art. 27(2)) directory."""
    kinds: list[str] = [AuthorityKind.POINT_OF_CONTACT_24_7, AuthorityKind.CENTRAL_AUTHORITY]
    if kind in kinds:
        kinds = [kind]
    return authorities_for_user(user=user, search=search).filter(kind__in=kinds).prefetch_related(
        "people"
    )


def people_for_user(*, user: Any) -> QuerySet[Person]:
    """People of the user's own authority, and contact points of any authority (personal data minimised)."""
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(Q(authority_id=user.authority_id) | Q(is_contact_point=True)).select_related(
        "authority", "authority__country"
    )


def countries_with_authorities() -> QuerySet[Country]:
    return Country.objects.filter(authorities__is_active=True).distinct()


def audit_events_for_user(*, user: Any) -> QuerySet[AuditEvent]:
    """Audit events of the user's authority, for its administrators only."""
    if not user.is_authenticated or not user.has_role(Role.ADMINISTRATOR) or user.authority_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(authority_id=user.authority_id)
