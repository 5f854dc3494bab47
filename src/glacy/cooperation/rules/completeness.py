"""The check run before a request may be sent, like the UNODC MLA Request Writer's checklist.

Blocking problems (missing or invalid mandatory content) stop sending; warnings tell the drafter what
the requested Party has declared or what the treaty situation is, and do not stop sending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.catalogue import Channel, RequestType
from glacy.cooperation.rules.fields import FIELDS


@dataclass(frozen=True)
class Problem:
    field: str
    message: str | Promise
    citation: str


@dataclass(frozen=True)
class AuthorityFacts:
    name: str
    kind: str
    office_hours: str
    is_available_24_7: bool
    time_zone: str
    accepted_languages: tuple[str, ...]


@dataclass(frozen=True)
class PartyFacts:
    """What the data say about a State: its status per instrument and the topics it declared."""

    country: str
    statuses: Mapping[str, str]
    in_force: Mapping[str, bool]
    declaration_topics: frozenset[str] = frozenset()


@dataclass
class CompletenessReport:
    blocking: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.blocking


CHANNEL_KINDS = {
    Channel.POINT_OF_CONTACT_24_7: {"point_of_contact_24_7"},
    Channel.CENTRAL_AUTHORITY: {"central_authority"},
    Channel.SERVICE_PROVIDER: {"service_provider"},
    Channel.DOMAIN_REGISTRAR: {"domain_registrar"},
    Channel.AUTHORITY: {"prosecution", "police_cybercrime_unit", "court", "central_authority",
                        "point_of_contact_24_7"},
}


def _is_filled(kind: str, value: Any) -> bool:
    if kind == "boolean":
        return value is True
    return bool(str(value or "").strip())


def _content_problems(request_type: RequestType, content: Mapping[str, Any], identifier_count: int) -> list[Problem]:
    problems = []
    for requirement in request_type.requirements:
        definition = FIELDS[requirement.field]
        if requirement.field == "identifiers":
            if identifier_count == 0:
                problems.append(Problem("identifiers", _("Add at least one identifier of the data sought."),
                                        requirement.citation))
        elif not _is_filled(definition.kind, content.get(requirement.field)):
            message = (_("Confirm this statement.") if definition.kind == "boolean"
                       else _("This content is required."))
            problems.append(Problem(requirement.field, message, requirement.citation))
    stated = {requirement.field for requirement in request_type.requirements}
    if (request_type.is_emergency and not stated & {"urgency_reasons", "emergency_facts"}
            and not str(content.get("urgency_reasons") or "").strip()):
        problems.append(Problem("urgency_reasons", _("Explain why the request is urgent."), request_type.citation))
    return problems


def _authority_problems(request_type: RequestType, requesting: AuthorityFacts,
                        requested: AuthorityFacts) -> tuple[list[Problem], list[Problem]]:
    blocking, warnings = [], []
    if not requesting.is_available_24_7 and not requesting.office_hours.strip():
        blocking.append(Problem("requesting_authority", _(
            "Your authority's office hours are missing; the other side must know when you can be reached."),
            "T-CY request template"))
    allowed_kinds = set().union(*(CHANNEL_KINDS[channel] for channel in request_type.channels))
    if requested.kind not in allowed_kinds:
        channels = ", ".join(request_type.channels)
        warnings.append(Problem("requested_authority", _(
            "This type of request normally goes to: %(channels)s.") % {"channels": channels},
            request_type.citation))
    return blocking, warnings


def _party_warnings(request_type: RequestType, requesting: PartyFacts, requested: PartyFacts,
                    document_language: str, requested_authority: AuthorityFacts) -> list[Problem]:
    warnings = []
    instrument = request_type.instrument
    if not requested.in_force.get(instrument, False):
        # Conservative reading: without entry into force the Protocol is no legal basis; we warn rather than
        # block so that Parties can prepare, and the document states the instrument plainly.
        warnings.append(Problem("legal_basis", _(
            "This instrument is not in force yet: a request under it has no treaty basis until it is."),
            "CETS 224 Art. 16(3)"))
    warnings.extend(
        Problem("legal_basis", _("%(country)s is not recorded as a Party to this instrument.") % {
            "country": party.country}, request_type.citation)
        for party in (requesting, requested) if party.statuses.get(instrument) != "party"
    )
    topics = requested.declaration_topics
    if request_type.code == "ETS185-29" and "dual_criminality_preservation" in topics:
        warnings.append(Problem("offence_description", _(
            "The requested Party reserved the right to refuse preservation without dual criminality "
            "(not for offences under Arts. 2–11)."), "ETS 185 Art. 29(4)"))
    if request_type.is_emergency and "central_authority_urgent" in topics:
        warnings.append(Problem("requested_authority", _(
            "The requested Party declared that urgent requests go through its central authority."),
            "ETS 185 Art. 27(9)(e)"))
    if request_type.code == "CETS224-7" and "notification_subscriber_orders" in topics:
        warnings.append(Problem("requested_authority", _(
            "The Party of the provider requires simultaneous notification of the order."), "CETS 224 Art. 7(5)(a)"))
    if request_type.code == "CETS224-8" and "supplementary_information_art8" in topics:
        warnings.append(Problem("order_text", _(
            "The requested Party asks for supplementary information with orders under Art. 8."),
            "CETS 224 Art. 8(4)"))
    languages = requested_authority.accepted_languages
    if languages and document_language not in languages:
        warnings.append(Problem("document_language", _(
            "The requested authority accepts %(languages)s; send a translation.") % {
            "languages": ", ".join(language.upper() for language in languages)}, "CETS 224 Art. 4"))
    return warnings


def completeness_report(
    *, request_type: RequestType, content: Mapping[str, Any], identifier_count: int,
    requesting_authority: AuthorityFacts, requested_authority: AuthorityFacts, requesting_party: PartyFacts,
    requested_party: PartyFacts, document_language: str, follows_type: str | None,
) -> CompletenessReport:
    """Everything that stops the request from being sent, and what the drafter should know."""
    report = CompletenessReport(blocking=_content_problems(request_type, content, identifier_count))
    if request_type.requires_follow_up_of and follows_type not in request_type.requires_follow_up_of:
        report.blocking.append(Problem("follows", _("Link the earlier request this one follows up."),
                                       request_type.citation))
    blocking, warnings = _authority_problems(request_type, requesting_authority, requested_authority)
    report.blocking.extend(blocking)
    report.warnings.extend(warnings)
    report.warnings.extend(_party_warnings(request_type, requesting_party, requested_party, document_language,
                                           requested_authority))
    return report
