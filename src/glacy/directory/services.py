"""Every write to the directory: authorities, their people, user accounts and roles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event, snapshot
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.core.services import instance_update, validate_instance
from glacy.directory.models import Authority, Person, RoleAssignment, User
from glacy.directory.validation import validate_language_codes, validate_time_zone

AUTHORITY_EDITABLE_FIELDS = (
    "name", "name_fr", "acronym", "email", "phone", "address", "website", "office_hours", "time_zone",
    "is_available_24_7", "out_of_hours_contact", "accepted_languages",
)
PERSON_EDITABLE_FIELDS = ("full_name", "position", "email", "phone", "languages", "is_contact_point")


def _require_own_authority_administrator(actor: Any, authority: Authority) -> None:
    """Only an administrator of the authority itself may change it or its people."""
    if authority.is_remote:
        raise PermissionDenied(_("This authority is published by another node; it is read-only here."))
    require_role(actor, Role.ADMINISTRATOR)
    if actor.authority_id != authority.pk:
        raise PermissionDenied(_("Only administrators of this authority may change it."))


def _clean_contact_fields(changes: Mapping[str, Any], *, language_field: str) -> dict[str, Any]:
    cleaned = dict(changes)
    errors: dict[str, list[str]] = {}
    if language_field in cleaned:
        try:
            cleaned[language_field] = validate_language_codes(cleaned[language_field])
        except ValidationError as error:
            errors[language_field] = error.messages
    if "time_zone" in cleaned:
        try:
            validate_time_zone(cleaned["time_zone"])
        except ValidationError as error:
            errors["time_zone"] = error.messages
    if errors:
        raise ValidationFailed(errors)
    return cleaned


@transaction.atomic
def authority_create(*, actor: Any | None, data: Mapping[str, Any]) -> Authority:
    """Register an authority (operator or demo loader; `actor` None means the system)."""
    cleaned = _clean_contact_fields(data, language_field="accepted_languages")
    authority = Authority(**cleaned)
    validate_instance(authority)
    authority.save()
    record_event(actor=actor, action="authority.create", obj=authority, authority=authority,
                 after=snapshot(authority))
    return authority


@transaction.atomic
def authority_update(*, actor: Any, authority: Authority, changes: Mapping[str, Any]) -> Authority:
    """Change an authority's contact details (its own administrators only)."""
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    _require_own_authority_administrator(actor, authority)
    cleaned = _clean_contact_fields(changes, language_field="accepted_languages")
    return instance_update(instance=authority, changes=cleaned, allowed_fields=AUTHORITY_EDITABLE_FIELDS,
                           actor=actor, action="authority.update")


@transaction.atomic
def person_create(*, actor: Any, authority: Authority, data: Mapping[str, Any]) -> Person:
    """Add a contact person to the actor's own authority."""
    _require_own_authority_administrator(actor, authority)
    unknown = sorted(set(data) - set(PERSON_EDITABLE_FIELDS))
    if unknown:
        raise ValidationFailed({name: [str(_("This field cannot be set here."))] for name in unknown})
    cleaned = _clean_contact_fields(data, language_field="languages")
    person = Person(authority=authority, **cleaned)
    validate_instance(person)
    person.save()
    record_event(actor=actor, action="person.create", obj=person, after=snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, changes: Mapping[str, Any]) -> Person:
    """Change a contact person of the actor's own authority."""
    person = Person.objects.select_for_update().select_related("authority").get(pk=person.pk)
    _require_own_authority_administrator(actor, person.authority)
    cleaned = _clean_contact_fields(changes, language_field="languages")
    return instance_update(instance=person, changes=cleaned, allowed_fields=PERSON_EDITABLE_FIELDS,
                           actor=actor, action="person.update")


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> None:
    """Remove a contact person (their details are kept in the audit trail's before-values)."""
    person = Person.objects.select_for_update().select_related("authority").get(pk=person.pk)
    _require_own_authority_administrator(actor, person.authority)
    before = snapshot(person)
    record_event(actor=actor, action="person.delete", obj=person, before=before)
    person.delete()


@transaction.atomic
def user_create(
    *, actor: Any | None, username: str, password: str, authority: Authority | None, roles: Iterable[str],
    email: str = "", first_name: str = "", last_name: str = "", is_superuser: bool = False,
    check_password_strength: bool = True, time_zone: str = "UTC",
) -> User:
    """Create a user account in an authority with its roles."""
    role_list = sorted(set(roles))
    errors: dict[str, list[str]] = {}
    invalid_roles = [role for role in role_list if role not in Role.values]
    if invalid_roles:
        errors["roles"] = [str(_("Unknown roles: %(roles)s.") % {"roles": ", ".join(invalid_roles)})]
    if User.objects.filter(username=username).exists():
        errors["username"] = [str(_("This username is already taken."))]
    if authority is not None and authority.is_remote:
        errors["authority"] = [str(_("Accounts belong to authorities of this node, not to another node's."))]
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        errors["time_zone"] = error.messages
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, time_zone=time_zone,
                authority=authority, is_superuser=is_superuser, is_staff=is_superuser)
    if check_password_strength:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = error.messages
    if errors:
        raise ValidationFailed(errors)
    user.set_password(password)
    validate_instance(user, exclude=["password"])
    user.save()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in role_list])
    record_event(actor=actor, action="user.create", obj=user, authority=authority,
                 after={"username": username, "authority": authority.pk if authority else None, "roles": role_list})
    return user


def _french_country_names() -> dict[str, str]:
    import gettext

    import pycountry

    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return {}
    return {country.alpha_2: french.gettext(country.name) for country in pycountry.countries}


@transaction.atomic
def countries_load(*, actor: Any | None) -> int:
    """Load or refresh the ISO 3166-1 country list (names in English and French) from pycountry.

    Idempotent: returns the number of countries created or renamed, and records one audit event when
    anything changed.
    """
    import pycountry

    from glacy.directory.models import Country

    french = _french_country_names()
    existing = {country.code: country for country in Country.objects.all()}
    to_create: list[Country] = []
    to_update: list[Country] = []
    for entry in pycountry.countries:
        name_en = getattr(entry, "common_name", None) or entry.name
        name_fr = french.get(entry.alpha_2, entry.name)
        current = existing.get(entry.alpha_2)
        if current is None:
            to_create.append(Country(code=entry.alpha_2, alpha3=entry.alpha_3, name_en=name_en, name_fr=name_fr))
        elif (current.name_en, current.name_fr) != (name_en, name_fr):
            current.name_en, current.name_fr = name_en, name_fr
            to_update.append(current)
    Country.objects.bulk_create(to_create)
    Country.objects.bulk_update(to_update, ["name_en", "name_fr"])
    changed = len(to_create) + len(to_update)
    if changed:
        record_event(actor=actor, action="country.load", object_type="directory.country",
                     after={"created": len(to_create), "renamed": len(to_update)})
    return changed


@transaction.atomic
def person_create_unchecked(*, authority: Authority, data: Mapping[str, Any]) -> Person:
    """Add a contact person on behalf of the system (demo loader, imports): audited with no actor."""
    cleaned = _clean_contact_fields(data, language_field="languages")
    person = Person(authority=authority, **cleaned)
    validate_instance(person)
    person.save()
    record_event(actor=None, action="person.create", obj=person, authority=authority, after=snapshot(person))
    return person
