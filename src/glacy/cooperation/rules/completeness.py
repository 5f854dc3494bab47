"""The check run before a request may be submitted or sent, like the UNODC MLA Request Writer's checklist.

Three kinds of finding: `blocking` (missing or invalid content: submitting for approval and sending are
refused), `blocking_send` (the request may be drafted, approved and printed for preparation, but not sent:
the treaty does not allow it between these Parties today) and `warnings` (what the drafter should know; they
never stop anything). Every finding names the article it comes from.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules import channels
from glacy.cooperation.rules.catalogue import CHANNEL_LABELS, Channel, Family, RequestType
from glacy.cooperation.rules.checks import article_of
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.grounds import CONVENTION_OFFENCES
from glacy.cooperation.rules.parties import PartyFacts


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
class RequestFacts:
    """The request as the check sees it (built from the stored request by `cooperation.facts`)."""

    request_type: RequestType
    content: Mapping[str, Any]
    identifier_count: int
    offence_articles: frozenset[str] = frozenset()
    is_urgent: bool = False
    urgent_means: str = ""
    route: str = ""
    applicable_treaty: str = ""
    document_language: str = "en"


@dataclass
class CompletenessReport:
    blocking: list[Problem] = field(default_factory=list)
    blocking_send: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.blocking

    @property
    def may_be_sent(self) -> bool:
        return not self.blocking and not self.blocking_send


CHANNEL_KINDS = {
    Channel.POINT_OF_CONTACT_24_7: {"point_of_contact_24_7"},
    Channel.CENTRAL_AUTHORITY: {"central_authority"},
    Channel.SERVICE_PROVIDER: {"service_provider"},
    Channel.DOMAIN_REGISTRAR: {"domain_registrar"},
    Channel.AUTHORITY: {"prosecution", "police_cybercrime_unit", "court", "central_authority",
                        "point_of_contact_24_7"},
}


def is_filled(kind: str, value: Any) -> bool:
    if kind == "boolean":
        return value is True
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return bool(str(value or "").strip())


def _content_problems(facts: RequestFacts) -> list[Problem]:
    problems = []
    request_type, content = facts.request_type, facts.content
    for requirement in request_type.requirements:
        if not requirement.required:
            continue
        definition = FIELDS[requirement.field]
        if requirement.field == "identifiers":
            if facts.identifier_count == 0:
                problems.append(Problem("identifiers", _("Add at least one identifier of the data sought."),
                                        requirement.article))
        elif not is_filled(definition.kind, content.get(requirement.field)):
            message = (_("Confirm this statement.") if definition.kind == "boolean"
                       else _("Choose one.") if definition.kind == "choice" else _("This content is required."))
            problems.append(Problem(requirement.field, message, requirement.article))
    return problems


def _urgency_and_route_problems(facts: RequestFacts, requested_party: PartyFacts,
                                requested: AuthorityFacts) -> tuple[list[Problem], list[Problem]]:
    blocking, warnings = [], []
    if facts.is_urgent:
        if not is_filled("longtext", facts.content.get("urgency_reasons")):
            blocking.append(Problem("urgency_reasons", _("Explain why the request is urgent."), article_of("urgency")))
        if facts.urgent_means not in dict(channels.URGENT_MEANS):
            blocking.append(Problem("urgent_means", _("Choose the expedited means of sending."), article_of("urgency")))
        warnings.append(Problem("is_urgent", _(
            "Sent urgently by expedited means: send the formal confirmation if the requested Party requires it."),
            article_of("formal_confirmation")))
    route = channels.ROUTES_BY_CODE.get(facts.route or "central_authority")
    open_routes = {item.code for item in channels.routes_for(request_type=facts.request_type,
                                                               applicable_treaty=facts.applicable_treaty)}
    if route is None or route.code not in open_routes:
        blocking.append(Problem("route", _("This route is not open to this request."), article_of("route_open")))
        return blocking, warnings
    if route.needs_urgency and not facts.is_urgent:
        blocking.append(Problem("route", _("The direct judicial route is for urgent requests only."),
                                article_of("route_urgent")))
    if route.confirmation and facts.content.get(route.confirmation) is not True:
        blocking.append(Problem(route.confirmation, _("Confirm: %(statement)s.") % {
            "statement": route.confirmation_label},
            article_of("route_urgent" if route.code == "judicial_direct" else "route_non_coercive")))
    if channels.uses_article_27_9(route.code) and requested_party.has_declared("central_authority_urgent"):
        if requested.kind != "central_authority":
            blocking.append(Problem("requested_authority", _(
                "The requested Party declared that requests under Art. 27(9) are to be addressed to its central "
                "authority: address this request to it."), article_of("central_authority_declared")))
        else:
            warnings.append(Problem("requested_authority", _(
                "The requested Party declared that requests under Art. 27(9) are addressed to its central "
                "authority."), article_of("central_authority_declared")))
    return blocking, warnings


def _authority_problems(request_type: RequestType, requesting: AuthorityFacts,
                        requested: AuthorityFacts) -> tuple[list[Problem], list[Problem]]:
    blocking, warnings = [], []
    if not requesting.is_available_24_7 and not requesting.office_hours.strip():
        blocking.append(Problem("requesting_authority", _(
            "Your authority's office hours are missing; the other side must know when you can be reached."),
            article_of("office_hours")))
    allowed_kinds = set().union(*(CHANNEL_KINDS[channel] for channel in request_type.channels))
    if requested.kind not in allowed_kinds:
        names = ", ".join(str(CHANNEL_LABELS[channel]) for channel in request_type.channels)
        warnings.append(Problem("requested_authority", _(
            "This type of request normally goes to: %(channels)s.") % {"channels": names}, request_type.article))
    if requested.kind == "point_of_contact_24_7" and not requested.is_available_24_7:
        warnings.append(Problem("requested_authority", _(
            "This point of contact is not recorded as available 24 hours a day, 7 days a week: an urgent request "
            "may wait until its office hours."), article_of("point_of_contact_24_7")))
    return blocking, warnings


def _party_problems(facts: RequestFacts, requesting: PartyFacts, requested: PartyFacts,
                    on: datetime.date) -> tuple[list[Problem], list[Problem]]:
    blocking_send: list[Problem] = []
    warnings: list[Problem] = []
    instrument = facts.request_type.instrument
    unbound = [party for party in (requesting, requested) if not party.is_bound(instrument, on)]
    for party in unbound:
        message = _("%(country)s is not bound by this instrument on %(date)s.") % {
            "country": party.name or party.country, "date": on.isoformat()}
        problem = Problem("legal_basis", message, article_of("cets224_bound" if instrument == "CETS224" else
                                                             "ets185_bound"))
        (blocking_send if instrument == "CETS224" else warnings).append(problem)
    code = facts.request_type.code
    if code == "CETS224-7":
        blocking_send.extend(Problem("requested_authority", _(
            "%(country)s reserved the right not to apply Art. 7: an order to a provider cannot be issued between these "
            "Parties; use Art. 8 or other mutual assistance.") % {"country": party.name or party.country},
            article_of("article_7_reserved")) for party in (requesting, requested)
            if party.has_declared("not_apply_article_7"))
        if requested.has_declared("notification_subscriber_orders"):
            warnings.append(Problem("requested_authority", _(
                "The Party of the provider requires simultaneous notification of the order."),
                article_of("notification_7_5")))
    if code == "CETS224-8":
        if requested.has_declared("supplementary_information_art8"):
            warnings.append(Problem("order_text", _(
                "The requested Party asks for additional supporting information with orders under Art. 8."),
                article_of("supplementary_8_4")))
        if requested.has_declared("art8_via_central_authority"):
            warnings.append(Problem("requesting_authority", _(
                "The requested Party requires Art. 8 requests to come from the requesting Party's central authority "
                "or another authority mutually determined."), article_of("central_authority_8_11")))
    if code == "CETS224-9" and facts.content.get("data_category") == "subscriber" \
            and requested.has_declared("subscriber_only_not_executed"):
        warnings.append(Problem("data_category", _(
            "The requested Party declared it will not execute emergency requests seeking only subscriber "
            "information."), article_of("subscriber_only_9_1_b")))
    if facts.request_type.family == Family.PRESERVATION and requested.has_declared("dual_criminality_preservation"):
        if facts.offence_articles & CONVENTION_OFFENCES:
            warnings.append(Problem("offence_articles", _(
                "The requested Party reserved Art. 29(4), but the request names an offence under Arts 2–11: "
                "the reservation cannot be used against it."), article_of("dual_criminality_29_4")))
        else:
            warnings.append(Problem("offence_articles", _(
                "The requested Party may refuse preservation where dual criminality cannot be fulfilled at the "
                "time of disclosure (its reservation; never for offences under Arts 2–11)."),
                article_of("dual_criminality_29_4")))
    return blocking_send, warnings


def _language_warning(facts: RequestFacts, requested: AuthorityFacts) -> list[Problem]:
    languages = requested.accepted_languages
    if not languages or facts.document_language in languages:
        return []
    citation = article_of("language") if facts.request_type.instrument == "CETS224" else "T-CY request template"
    return [Problem("document_language", _("The requested authority accepts %(languages)s; send a translation.") % {
        "languages": ", ".join(language.upper() for language in languages)}, citation)]


def completeness_report(*, facts: RequestFacts, requesting_authority: AuthorityFacts,
                        requested_authority: AuthorityFacts, requesting_party: PartyFacts,
                        requested_party: PartyFacts, on: datetime.date) -> CompletenessReport:
    """Everything that stops the request from being submitted or sent, and what the drafter should know."""
    report = CompletenessReport(blocking=_content_problems(facts))
    blocking, warnings = _urgency_and_route_problems(facts, requested_party, requested_authority)
    report.blocking.extend(blocking)
    report.warnings.extend(warnings)
    blocking, warnings = _authority_problems(facts.request_type, requesting_authority, requested_authority)
    report.blocking.extend(blocking)
    report.warnings.extend(warnings)
    blocking_send, warnings = _party_problems(facts, requesting_party, requested_party, on)
    report.blocking_send.extend(blocking_send)
    report.warnings.extend(warnings)
    report.warnings.extend(_language_warning(facts, requested_authority))
    if facts.content.get("confidentiality"):
        report.warnings.append(Problem("confidentiality", _(
            "Confidentiality is asked: the requested side tells you if it cannot comply, and you then decide "
            "whether the request is executed nevertheless."), article_of("confidentiality_27_8")))
    return report
