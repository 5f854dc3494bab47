"""Demonstration data for one node of the local three-node network (`make run-network`): the authorities of
one country only (each country's node publishes its own), its users, and a node operator.

Names come from the single-node demo directory (`glacy.directory.demo.COUNTRIES`); all are fictitious.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from glacy.core.permissions import Role
from glacy.directory import services
from glacy.directory.demo import COUNTRIES, DEMO_PASSWORD
from glacy.directory.models import Authority, AuthorityKind, Country, User


def _authority(country: Any, kind: str, name: str) -> Authority:
    existing = Authority.objects.filter(country_id=country.code, name=name).first()
    if existing is not None:
        return existing
    is_24_7 = kind == AuthorityKind.POINT_OF_CONTACT_24_7
    return services.authority_create(actor=None, data={
        "name": name, "kind": kind, "country_id": country.code, "time_zone": country.time_zone,
        "email": f"{kind.replace('_', '-')}@{country.code.lower()}.example.org",
        "phone": f"{country.dialling_code} 555 0{len(name) % 10}{len(kind) % 10}",
        "office_hours": "" if is_24_7 else "Mon–Fri 08:00–17:00", "is_available_24_7": is_24_7,
        "accepted_languages": list(country.languages),
    })


def _user(username: str, authority: Authority, roles: list[str], *, superuser: bool = False) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return services.user_create(actor=None, username=username, password=DEMO_PASSWORD, authority=authority,
                                roles=roles, first_name=username.split(".")[1].replace("-", " ").capitalize(),
                                last_name=authority.country_id, email=f"{username}@example.org",
                                check_password_strength=False, time_zone=authority.time_zone, is_superuser=superuser)


@transaction.atomic
def load_network_node(country_code: str) -> list[dict[str, Any]]:
    """Create this node's country authorities and users (idempotent); the logins to print."""
    country = next((item for item in COUNTRIES if item.code == country_code), None)
    if country is None:
        raise ValueError(f"no demo data for country {country_code}; choose one of "
                         f"{', '.join(item.code for item in COUNTRIES)}")
    Country.objects.filter(code=country.code).update(region=country.region)
    point = _authority(country, AuthorityKind.POINT_OF_CONTACT_24_7, country.point_24_7)
    central = _authority(country, AuthorityKind.CENTRAL_AUTHORITY, country.central)
    prosecution = _authority(country, AuthorityKind.PROSECUTION, country.prosecution)
    _authority(country, AuthorityKind.POLICE_CYBERCRIME_UNIT, country.police)
    code = country.code.lower()
    drafting = [Role.DRAFTER, Role.APPROVER]
    users = [
        (_user(f"{code}.duty-officer", point, [*drafting, Role.CUSTODIAN]), point),
        (_user(f"{code}.central", central, [*drafting, Role.CUSTODIAN]), central),
        (_user(f"{code}.prosecutor", prosecution, [*drafting, Role.CUSTODIAN]), prosecution),
        (_user(f"{code}.operator", central, [Role.ADMINISTRATOR], superuser=True), central),
    ]
    return [{"username": user.username, "authority": authority.name,
             "roles": sorted(user.role_codes()) + (["node operator"] if user.is_superuser else [])}
            for user, authority in users]
