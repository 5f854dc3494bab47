"""Building complete requests of any type for tests."""

from __future__ import annotations

from typing import Any

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.services.requests import request_create, request_identifier_add
from glacy.directory.models import Authority, AuthorityKind
from tests.factories import AuthorityFactory

IP_IDENTIFIER = {"address": "203.0.113.7", "port": "51234", "timestamp": "2026-03-02T14:05:09+01:00"}


def complete_content(code: str) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for requirement in catalogue.request_type(code).requirements:
        if requirement.field == "identifiers":
            continue
        kind = FIELDS[requirement.field].kind
        content[requirement.field] = True if kind == "boolean" else f"Content for {requirement.field}."
    if requirement_names(code) & {"data_category"}:
        content["data_category"] = "subscriber"
    if catalogue.request_type(code).is_emergency:
        content.setdefault("urgency_reasons", "A child is at imminent risk.")
    return content


def requirement_names(code: str) -> set[str]:
    return {requirement.field for requirement in catalogue.request_type(code).requirements}


def requested_authority_for(world: Any, code: str) -> Any:
    """A foreign authority of the kind the type's first channel points to (no channel warning)."""
    channel = catalogue.request_type(code).channels[0]
    kind = {"24/7 point of contact": AuthorityKind.POINT_OF_CONTACT_24_7,
            "central authority": AuthorityKind.CENTRAL_AUTHORITY,
            "service provider": AuthorityKind.SERVICE_PROVIDER,
            "domain registrar": AuthorityKind.DOMAIN_REGISTRAR}.get(channel, AuthorityKind.PROSECUTION)
    if kind == world.foreign.kind:
        return world.foreign
    existing = Authority.objects.filter(country=world.foreign.country, name=f"Foreign {kind}").first()
    return existing or AuthorityFactory(country=world.foreign.country, kind=kind, name=f"Foreign {kind}",
                                        time_zone="Asia/Manila", accepted_languages=["en"])


def build_complete_request(world: Any, code: str, *, requested: Any = None) -> Request:
    drafter = world.users["drafter"]
    follows = None
    required_earlier = catalogue.request_type(code).requires_follow_up_of
    if required_earlier:
        follows = build_complete_request(world, required_earlier[0], requested=requested)
    request = request_create(
        actor=drafter, case=world.objects["case"], request_type=code,
        requested_authority=requested or requested_authority_for(world, code), content=complete_content(code),
        follows=follows,
    )
    if "identifiers" in requirement_names(code):
        request_identifier_add(actor=drafter, request=request, kind="ip", raw=IP_IDENTIFIER)
    return request
