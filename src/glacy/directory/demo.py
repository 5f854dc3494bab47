"""Demonstration directory: nine countries across the programme's regions, their authorities and users.

All names, addresses and numbers are fictitious (example.org, +000 numbers are not used: we use the
countries' real dialling codes with 555-style subscriber numbers that are not assigned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from glacy.core.permissions import Role
from glacy.directory import services
from glacy.directory.models import Authority, AuthorityKind, Country, Region, User

DEMO_PASSWORD = "glacy-demo-2026"  # noqa: S105 — printed on purpose by `glacy demo`; demo nodes only


@dataclass(frozen=True)
class DemoCountry:
    code: str
    region: str
    time_zone: str
    languages: tuple[str, ...]
    dialling_code: str
    police: str
    central: str
    prosecution: str
    point_24_7: str


COUNTRIES = (
    DemoCountry("GH", Region.AFRICA, "Africa/Accra", ("en",), "+233",
                "Cybercrime Unit, Criminal Investigations Department", "Office of the Attorney-General – MLA Desk",
                "Office of the Director of Public Prosecutions", "Ghana Police 24/7 Cyber Desk"),
    DemoCountry("SN", Region.AFRICA, "Africa/Dakar", ("fr",), "+221",
                "Division spéciale de cybersécurité", "Direction des affaires criminelles et des grâces",
                "Parquet du tribunal de grande instance de Dakar", "Point de contact 24/7 du Sénégal"),
    DemoCountry("MA", Region.MIDDLE_EAST, "Africa/Casablanca", ("fr", "ar"), "+212",
                "Brigade nationale de lutte contre la cybercriminalité", "Ministère de la Justice – Entraide pénale",
                "Présidence du ministère public", "Point de contact 24/7 du Maroc"),
    DemoCountry("PH", Region.ASIA_PACIFIC, "Asia/Manila", ("en",), "+63",
                "Anti-Cybercrime Group", "Department of Justice – Office of Cybercrime",
                "National Prosecution Service", "Philippines 24/7 Point of Contact"),
    DemoCountry("LK", Region.ASIA_PACIFIC, "Asia/Colombo", ("en",), "+94",
                "Computer Crimes Investigation Division", "Ministry of Justice – Central Authority",
                "Attorney General's Department", "Sri Lanka CERT 24/7 Liaison"),
    DemoCountry("TO", Region.ASIA_PACIFIC, "Pacific/Tongatapu", ("en",), "+676",
                "Tonga Police Cyber Unit", "Attorney General's Office – International Cooperation",
                "Office of the Director of Public Prosecutions", "Tonga 24/7 Point of Contact"),
    DemoCountry("DO", Region.AMERICAS, "America/Santo_Domingo", ("es", "en"), "+1",
                "Departamento de Investigación de Crímenes y Delitos de Alta Tecnología",
                "Procuraduría General – Cooperación Internacional",
                "Procuraduría Especializada contra Crímenes de Alta Tecnología",
                "Punto de contacto 24/7 de la República Dominicana"),
    DemoCountry("FR", Region.EUROPE, "Europe/Paris", ("fr", "en"), "+33",
                "Office anti-cybercriminalité", "Bureau de l'entraide pénale internationale",
                "Section J3 cybercriminalité du parquet de Paris", "Point de contact 24/7 de la France"),
    DemoCountry("RO", Region.EUROPE, "Europe/Bucharest", ("ro", "en"), "+40",
                "Serviciul de Combatere a Criminalității Informatice", "Ministerul Justiției – Autoritatea centrală",
                "Parchetul de pe lângă Înalta Curte de Casație și Justiție", "Punctul de contact 24/7 al României"),
)

#: Users with every role, in two countries, so both sides of a cooperation request can be tried.
FULL_ROLE_COUNTRIES = ("GH", "PH")
ROLE_AUTHORITY_KIND = {
    Role.DRAFTER: AuthorityKind.PROSECUTION, Role.APPROVER: AuthorityKind.PROSECUTION,
    # The custodian keeps the exhibits of the prosecution's cases (a case belongs to one authority).
    Role.CUSTODIAN: AuthorityKind.PROSECUTION, Role.REVIEWER: AuthorityKind.CENTRAL_AUTHORITY,
    Role.TRAINER: AuthorityKind.PROSECUTION, Role.STATISTICIAN: AuthorityKind.CENTRAL_AUTHORITY,
    Role.PROGRAMME_OFFICER: AuthorityKind.PROSECUTION, Role.ADMINISTRATOR: AuthorityKind.PROSECUTION,
}


def _authority(*, country: DemoCountry, kind: str, name: str) -> Authority:
    existing = Authority.objects.filter(country_id=country.code, name=name).first()
    if existing is not None:
        return existing
    is_24_7 = kind == AuthorityKind.POINT_OF_CONTACT_24_7
    return services.authority_create(actor=None, data={
        "name": name, "kind": kind, "country_id": country.code, "time_zone": country.time_zone,
        "email": f"{kind.replace('_', '-')}@{country.code.lower()}.example.org",
        "phone": f"{country.dialling_code} 555 0{len(name) % 10}{len(kind) % 10}",
        "office_hours": "" if is_24_7 else "Mon–Fri 08:00–17:00",
        "is_available_24_7": is_24_7, "accepted_languages": list(country.languages),
    })


def _user(*, username: str, authority: Authority, roles: list[str], first_name: str, last_name: str) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return services.user_create(actor=None, username=username, password=DEMO_PASSWORD, authority=authority,
                                roles=roles, first_name=first_name, last_name=last_name,
                                email=f"{username}@example.org", check_password_strength=False,
                                time_zone=authority.time_zone)


@transaction.atomic
def load_demo_directory() -> list[dict[str, Any]]:
    """Create the demo authorities and users (idempotent). Returns the logins to print."""
    logins: list[dict[str, Any]] = []
    for country in COUNTRIES:
        Country.objects.filter(code=country.code).update(region=country.region)
        by_kind = {
            AuthorityKind.POLICE_CYBERCRIME_UNIT: _authority(country=country, kind=AuthorityKind.POLICE_CYBERCRIME_UNIT,
                                                            name=country.police),
            AuthorityKind.CENTRAL_AUTHORITY: _authority(country=country, kind=AuthorityKind.CENTRAL_AUTHORITY,
                                                       name=country.central),
            AuthorityKind.PROSECUTION: _authority(country=country, kind=AuthorityKind.PROSECUTION,
                                                 name=country.prosecution),
            AuthorityKind.POINT_OF_CONTACT_24_7: _authority(country=country,
                                                           kind=AuthorityKind.POINT_OF_CONTACT_24_7,
                                                           name=country.point_24_7),
        }
        code = country.code.lower()
        if country.code in FULL_ROLE_COUNTRIES:
            for role in Role:
                authority = by_kind[ROLE_AUTHORITY_KIND[role]]
                user = _user(username=f"{code}.{role.value.replace('_', '-')}", authority=authority, roles=[role],
                             first_name=str(role.label).capitalize(), last_name=country.code)
                logins.append({"username": user.username, "authority": authority.name, "roles": [role.value]})
            officer = _user(username=f"{code}.duty-officer", authority=by_kind[AuthorityKind.POINT_OF_CONTACT_24_7],
                            roles=[Role.DRAFTER, Role.APPROVER], first_name="Duty officer", last_name=country.code)
            logins.append({"username": officer.username, "authority": officer.authority.name if officer.authority
                           else "", "roles": [Role.DRAFTER.value, Role.APPROVER.value]})
        else:
            user = _user(username=f"{code}.prosecutor", authority=by_kind[AuthorityKind.PROSECUTION],
                         roles=[Role.DRAFTER, Role.APPROVER, Role.ADMINISTRATOR], first_name="Prosecutor",
                         last_name=country.code)
            logins.append({"username": user.username, "authority": by_kind[AuthorityKind.PROSECUTION].name,
                           "roles": [Role.DRAFTER.value, Role.APPROVER.value, Role.ADMINISTRATOR.value]})
        for kind, authority in by_kind.items():
            if not authority.people.exists():
                title = "Duty officer" if kind == AuthorityKind.POINT_OF_CONTACT_24_7 else "Head of office"
                services.person_create_unchecked(authority=authority, data={
                    "full_name": f"{title} ({country.code})",
                    "position": str(authority.get_kind_display()), "email": authority.email, "phone": authority.phone,
                    "languages": list(country.languages), "is_contact_point": True,
                })
    programme_office = Authority.objects.filter(name="Cybercrime Programme Office (C-PROC)").first()
    if programme_office is None:
        programme_office = services.authority_create(actor=None, data={
            "name": "Cybercrime Programme Office (C-PROC)",
            "name_fr": "Bureau du programme sur la cybercriminalité (C-PROC)",
            "acronym": "C-PROC", "kind": AuthorityKind.PROGRAMME_OFFICE, "country_id": "RO",
            "time_zone": "Europe/Bucharest", "email": "cproc@example.org", "office_hours": "Mon–Fri 09:00–17:30",
            "accepted_languages": ["en", "fr"],
        })
    admin = _user(username="cproc.admin", authority=programme_office,
                  roles=[Role.ADMINISTRATOR, Role.PROGRAMME_OFFICER], first_name="Programme",
                  last_name="Administrator")
    logins.append({"username": admin.username, "authority": programme_office.name,
                   "roles": [Role.ADMINISTRATOR.value, Role.PROGRAMME_OFFICER.value]})
    return logins
