"""Turning stored records into the plain facts the rules need (no rule logic here)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue, channels
from glacy.cooperation.rules.completeness import AuthorityFacts, CompletenessReport, RequestFacts, completeness_report
from glacy.cooperation.rules.conditions import EXPLAINABLE_ARTICLES, ConditionState
from glacy.cooperation.rules.grounds import GroundFacts
from glacy.cooperation.rules.parties import PartyFacts
from glacy.cooperation.rules.workflow import StepContext
from glacy.directory.models import Authority, Country
from glacy.treaty.models import Declaration, PartyStatus


def authority_facts(authority: Authority) -> AuthorityFacts:
    return AuthorityFacts(
        name=authority.name, kind=authority.kind, office_hours=authority.office_hours,
        is_available_24_7=authority.is_available_24_7, time_zone=authority.time_zone,
        accepted_languages=tuple(authority.accepted_languages or ()),
    )


def party_facts(country_code: str) -> PartyFacts:
    """The State's own status and entry into force per instrument, and the topics it declared or reserved."""
    rows = list(PartyStatus.objects.filter(country_id=country_code).values_list(
        "instrument_id", "status", "entry_into_force"))
    country = Country.objects.filter(code=country_code).first()
    return PartyFacts(
        country=country_code, name=country.name if country is not None else country_code,
        statuses={instrument: status for instrument, status, _date in rows},
        in_force_from={instrument: date for instrument, _status, date in rows},
        declaration_topics=frozenset(
            Declaration.objects.filter(country_id=country_code).values_list("topic", flat=True)),
    )


def request_facts(request: Request) -> RequestFacts:
    return RequestFacts(
        request_type=catalogue.request_type(request.request_type), content=request.content,
        identifier_count=request.identifiers.count(), offence_articles=frozenset(request.offence_articles or ()),
        is_urgent=request.is_urgent, urgent_means=request.urgent_means, route=request.route,
        applicable_treaty=request.applicable_treaty, document_language=request.document_language,
    )


def report_for(request: Request, *, on: datetime.date | None = None) -> CompletenessReport:
    return completeness_report(
        facts=request_facts(request),
        requesting_authority=authority_facts(request.requesting_authority),
        requested_authority=authority_facts(request.requested_authority),
        requesting_party=party_facts(request.requesting_authority.country_id),
        requested_party=party_facts(request.requested_authority.country_id),
        on=on or timezone.localdate(),
    )


def article_27_applies(request: Request) -> bool:
    return channels.article_27_applies(request_type=catalogue.request_type(request.request_type),
                                       applicable_treaty=request.applicable_treaty)


def ground_facts(request: Request) -> GroundFacts:
    return GroundFacts(
        offence_articles=frozenset(request.offence_articles or ()),
        article_27_applies=article_27_applies(request),
        requested_party_topics=frozenset(Declaration.objects.filter(
            country_id=request.requested_authority.country_id).values_list("topic", flat=True)),
    )


def step_context(request: Request) -> StepContext:
    states = set(request.conditions.values_list("state", flat=True))
    return StepContext(
        request_type=catalogue.request_type(request.request_type), content=dict(request.content),
        is_urgent=request.is_urgent, received_at_known=request.received_at is not None,
        information_complete_known=request.information_complete_at is not None,
        served_known=request.served_at is not None,
        formal_confirmation_known=request.formal_confirmation_on is not None,
        pending_question=request.pending_question,
        has_proposed_conditions=ConditionState.PROPOSED in states,
        has_accepted_conditions=ConditionState.ACCEPTED in states,
        has_explainable_conditions=request.conditions.filter(
            state=ConditionState.ACCEPTED, article__in=EXPLAINABLE_ARTICLES).exists(),
        use_explanation_pending=request.use_explanation_pending,
    )
