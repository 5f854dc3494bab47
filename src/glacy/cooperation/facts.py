"""Turning stored records into the plain facts the rules need (no rule logic here)."""

from __future__ import annotations

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.completeness import AuthorityFacts, CompletenessReport, PartyFacts, completeness_report
from glacy.directory.models import Authority
from glacy.treaty.models import Declaration, Instrument, PartyStatus


def authority_facts(authority: Authority) -> AuthorityFacts:
    return AuthorityFacts(
        name=authority.name, kind=authority.kind, office_hours=authority.office_hours,
        is_available_24_7=authority.is_available_24_7, time_zone=authority.time_zone,
        accepted_languages=tuple(authority.accepted_languages or ()),
    )


def party_facts(country_code: str) -> PartyFacts:
    return PartyFacts(
        country=country_code,
        statuses=dict(PartyStatus.objects.filter(country_id=country_code).values_list("instrument_id", "status")),
        in_force={code: date is not None for code, date in Instrument.objects.values_list("code", "entry_into_force")},
        declaration_topics=frozenset(
            Declaration.objects.filter(country_id=country_code).values_list("topic", flat=True)),
    )


def report_for(request: Request) -> CompletenessReport:
    return completeness_report(
        request_type=catalogue.request_type(request.request_type), content=request.content,
        identifier_count=request.identifiers.count(),
        requesting_authority=authority_facts(request.requesting_authority),
        requested_authority=authority_facts(request.requested_authority),
        requesting_party=party_facts(request.requesting_authority.country_id),
        requested_party=party_facts(request.requested_authority.country_id),
        document_language=request.document_language,
        follows_type=request.follows.request_type if request.follows is not None else None,
    )
