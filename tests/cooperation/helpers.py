"""Building complete requests of any type, moving them through their workflow, and binding Parties, for tests."""

from __future__ import annotations

import datetime
from typing import Any

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.services.requests import request_create, request_identifier_add
from glacy.cooperation.services.workflow import request_transition
from glacy.directory.models import Authority, AuthorityKind
from glacy.treaty.models import Declaration, PartyStatus
from tests.factories import AuthorityFactory, UserFactory

IP_IDENTIFIER = {"address": "203.0.113.7", "port": "51234", "timestamp": "2026-03-02T14:05:09+01:00"}
UTC = datetime.UTC


def complete_content(code: str) -> dict[str, Any]:
    """Every required content item of the type, filled in its kind."""
    content: dict[str, Any] = {}
    for requirement in catalogue.request_type(code).requirements:
        if requirement.field == "identifiers" or not requirement.required:
            continue
        kind = FIELDS[requirement.field].kind
        content[requirement.field] = {"boolean": True, "choice": "subscriber", "integer": 30}.get(
            kind, f"Content for {requirement.field}.")
    return content


def requested_authority_for(world: Any, code: str) -> Any:
    """A foreign authority of the kind the type's first channel points to (no channel warning)."""
    channel = catalogue.request_type(code).channels[0]
    kind = {"point_of_contact_24_7": AuthorityKind.POINT_OF_CONTACT_24_7,
            "central_authority": AuthorityKind.CENTRAL_AUTHORITY,
            "service_provider": AuthorityKind.SERVICE_PROVIDER,
            "domain_registrar": AuthorityKind.DOMAIN_REGISTRAR}.get(channel, AuthorityKind.PROSECUTION)
    if kind == world.foreign.kind:
        return world.foreign
    existing = Authority.objects.filter(country=world.foreign.country, name=f"Foreign {kind}").first()
    return existing or AuthorityFactory(country=world.foreign.country, kind=kind, name=f"Foreign {kind}",
                                        time_zone="Asia/Manila", accepted_languages=["en"],
                                        is_available_24_7=kind == AuthorityKind.POINT_OF_CONTACT_24_7)


def bind(country: str, instrument: str, since: datetime.date = datetime.date(2024, 1, 1)) -> PartyStatus:
    """Record `country` as a Party to `instrument`, in force for it since `since`."""
    status, _created = PartyStatus.objects.update_or_create(
        instrument_id=instrument, country_id=country,
        defaults={"status": "party", "deposit": since - datetime.timedelta(days=120), "deposit_kind": "ratification",
                  "entry_into_force": since, "source": "test"})
    return status


def declare(country: str, instrument: str, article: str, topic: str, kind: str = "reservation") -> Declaration:
    return Declaration.objects.create(country_id=country, instrument_id=instrument, article=article, kind=kind,
                                      topic=topic, summary_en="test", summary_fr="test")


def build_complete_request(world: Any, code: str, *, requested: Any = None, follows: Request | None = None,
                           settings: dict[str, Any] | None = None, content: dict[str, Any] | None = None) -> Request:
    drafter = world.users["drafter"]
    if code.startswith("CETS224"):
        for country in ("GH", "PH"):
            bind(country, "CETS224")
    request = request_create(
        actor=drafter, case=world.objects["case"], request_type=code,
        requested_authority=requested or requested_authority_for(world, code),
        content={**complete_content(code), **(content or {})},
        follows_reference=follows.reference if follows is not None else "", settings=settings)
    if any(item.field == "identifiers" for item in catalogue.request_type(code).requirements):
        request_identifier_add(actor=drafter, request=request, kind="ip", raw=IP_IDENTIFIER)
    return request


def send(world: Any, request: Request, *, now: datetime.datetime | None = None) -> Request:
    """Submit, approve (when the type needs it) and send."""
    if catalogue.request_type(request.request_type).needs_approval:
        request = request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
        request = request_transition(actor=world.users["approver"], request=request, action="approve")
    return request_transition(actor=world.users["drafter"], request=request, action="send", now=now)


def requested_side_user(request: Request) -> Any:
    return UserFactory(username=f"requested-{request.requested_authority_id}", authority=request.requested_authority,
                       roles=["drafter", "approver"])


def act(user: Any, request: Request, *actions: str, **kwargs: Any) -> Request:
    """Take each step in turn with the same inputs (a date, a ground, reasons…)."""
    for action in actions:
        request = request_transition(actor=user, request=request, action=action, **kwargs)
    return request
