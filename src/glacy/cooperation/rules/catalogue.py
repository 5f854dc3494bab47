"""The request types: legal basis, channel, required content, approval, deadlines and outcomes.

Each required field is paired with the article (or T-CY template item) it comes from, so the
completeness check and the page can say *why* a field is needed. Conservative readings are marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel:
    POINT_OF_CONTACT_24_7 = "24/7 point of contact"
    CENTRAL_AUTHORITY = "central authority"
    SERVICE_PROVIDER = "service provider"
    DOMAIN_REGISTRAR = "domain registrar"
    AUTHORITY = "competent authority"


@dataclass(frozen=True)
class Requirement:
    field: str
    citation: str


@dataclass(frozen=True)
class RequestType:
    """One kind of request. `outcomes` are the final statuses the requested side may reach."""

    code: str
    instrument: str
    title: str | Promise
    citation: str
    channels: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    needs_approval: bool
    is_emergency: bool = False
    outcomes: frozenset[str] = frozenset({"executed", "partially_executed", "refused", "postponed"})
    may_follow: tuple[str, ...] = ()
    requires_follow_up_of: tuple[str, ...] = ()


TEMPLATE = "T-CY request template"
COMMON = (
    Requirement("contact_person", TEMPLATE),
    Requirement("offence_description", TEMPLATE),
    Requirement("summary_of_facts", TEMPLATE),
)
SECOND_PROTOCOL_STATEMENT = Requirement("protocol_statement", "CETS 224 Art. 7(3)(b)")

TYPES: tuple[RequestType, ...] = (
    RequestType(
        "ETS185-25-3", "ETS185", _("Urgent request by expedited means"), "ETS 185 Art. 25(3)",
        (Channel.CENTRAL_AUTHORITY, Channel.POINT_OF_CONTACT_24_7),
        (*COMMON, Requirement("data_sought", TEMPLATE), Requirement("urgency_reasons", "ETS 185 Art. 25(3)")),
        needs_approval=True, is_emergency=True),
    RequestType(
        "ETS185-26", "ETS185", _("Spontaneous information"), "ETS 185 Art. 26",
        (Channel.CENTRAL_AUTHORITY, Channel.AUTHORITY),
        (Requirement("contact_person", TEMPLATE), Requirement("information_provided", "ETS 185 Art. 26(1)"),
         Requirement("conditions_of_use", "ETS 185 Art. 26(2)")),
        # Spontaneous information asks for nothing: the receiving side only acknowledges it.
        needs_approval=True, outcomes=frozenset({"acknowledged"})),
    RequestType(
        "ETS185-27", "ETS185", _("Mutual assistance without an applicable treaty"), "ETS 185 Arts. 27–28",
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("data_sought", "ETS 185 Art. 27(1)"), Requirement("necessity", TEMPLATE),
         Requirement("confidentiality", "ETS 185 Art. 27(8)")),
        needs_approval=True, may_follow=("ETS185-29", "ETS185-25-3")),
    RequestType(
        "ETS185-29", "ETS185", _("Expedited preservation of stored computer data"), "ETS 185 Art. 29",
        (Channel.POINT_OF_CONTACT_24_7, Channel.CENTRAL_AUTHORITY),
        (Requirement("contact_person", TEMPLATE),
         Requirement("offence_description", "ETS 185 Art. 29(2)(b)"),
         Requirement("summary_of_facts", "ETS 185 Art. 29(2)(b)"),
         Requirement("data_sought", "ETS 185 Art. 29(2)(c)"),
         Requirement("identifiers", "ETS 185 Art. 29(2)(c)"),
         Requirement("relationship_to_offence", "ETS 185 Art. 29(2)(c)"),
         Requirement("custodian_or_location", "ETS 185 Art. 29(2)(d)"),
         Requirement("necessity", "ETS 185 Art. 29(2)(e)"),
         Requirement("intends_mutual_assistance", "ETS 185 Art. 29(2)(f)")),
        # Preservation is provisional and non-coercive; the 24/7 network sends it without prior approval.
        needs_approval=False),
    RequestType(
        "ETS185-30", "ETS185", _("Expedited disclosure of preserved traffic data"), "ETS 185 Art. 30",
        (Channel.POINT_OF_CONTACT_24_7, Channel.CENTRAL_AUTHORITY),
        (*COMMON, Requirement("preservation_reference", "ETS 185 Art. 30(1)"),
         Requirement("identifiers", "ETS 185 Art. 30(1)")),
        needs_approval=True, requires_follow_up_of=("ETS185-29",)),
    RequestType(
        "ETS185-31", "ETS185", _("Mutual assistance regarding access to stored computer data"), "ETS 185 Art. 31",
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("data_sought", "ETS 185 Art. 31(1)"),
         Requirement("identifiers", "ETS 185 Art. 31(1)"),
         Requirement("custodian_or_location", "ETS 185 Art. 31(1)"), Requirement("necessity", TEMPLATE)),
        needs_approval=True, may_follow=("ETS185-29", "ETS185-30")),
    RequestType(
        "ETS185-33", "ETS185", _("Real-time collection of traffic data"), "ETS 185 Art. 33",
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("identifiers", "ETS 185 Art. 33(1)"),
         Requirement("collection_period", "ETS 185 Art. 33(1)"),
         Requirement("necessity", TEMPLATE), Requirement("judicial_authorisation", "ETS 185 Art. 15")),
        needs_approval=True),
    RequestType(
        "ETS185-34", "ETS185", _("Interception of content data"), "ETS 185 Art. 34",
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("identifiers", "ETS 185 Art. 34"), Requirement("collection_period", "ETS 185 Art. 34"),
         Requirement("necessity", TEMPLATE), Requirement("judicial_authorisation", "ETS 185 Art. 15")),
        needs_approval=True),
    RequestType(
        "ETS185-35", "ETS185", _("Assistance through the 24/7 network"), "ETS 185 Art. 35",
        (Channel.POINT_OF_CONTACT_24_7,),
        (Requirement("contact_person", TEMPLATE), Requirement("summary_of_facts", TEMPLATE),
         Requirement("assistance_nature", "ETS 185 Art. 35(1)(a)–(c)")),
        needs_approval=False, is_emergency=True),
    RequestType(
        "CETS224-6", "CETS224", _("Request for domain name registration information"), "CETS 224 Art. 6",
        (Channel.DOMAIN_REGISTRAR,),
        (Requirement("contact_person", "CETS 224 Art. 6(3)(a)"),
         Requirement("identifiers", "CETS 224 Art. 6(3)(b)"), Requirement("data_sought", "CETS 224 Art. 6(3)(b)"),
         Requirement("protocol_statement", "CETS 224 Art. 6(3)(c)"),
         Requirement("criminal_investigation_statement", "CETS 224 Art. 6(3)(c)"),
         Requirement("time_frame_and_manner", "CETS 224 Art. 6(3)(d)")),
        needs_approval=True),
    RequestType(
        "CETS224-7", "CETS224", _("Order to a service provider for subscriber information"), "CETS 224 Art. 7",
        (Channel.SERVICE_PROVIDER,),
        (Requirement("issuing_authority_and_date", "CETS 224 Art. 7(3)(a)"), SECOND_PROTOCOL_STATEMENT,
         Requirement("provider_name_and_address", "CETS 224 Art. 7(3)(c)"),
         Requirement("offence_description", "CETS 224 Art. 7(3)(d)"),
         Requirement("contact_person", "CETS 224 Art. 7(3)(e)"),
         Requirement("identifiers", "CETS 224 Art. 7(3)(f)"), Requirement("data_sought", "CETS 224 Art. 7(3)(f)"),
         Requirement("legal_provisions_and_penalties", "CETS 224 Art. 7(4)(b)"),
         Requirement("time_frame_and_manner", "CETS 224 Art. 7(4)(d)")),
        needs_approval=True),
    RequestType(
        "CETS224-8", "CETS224", _("Giving effect to an order for expedited production"), "CETS 224 Art. 8",
        (Channel.CENTRAL_AUTHORITY, Channel.AUTHORITY),
        (Requirement("order_text", "CETS 224 Art. 8(3)(a)"),
         Requirement("issuing_authority_and_date", "CETS 224 Art. 8(4)(a)"),
         Requirement("protocol_statement", "CETS 224 Art. 8(4)(b)"),
         Requirement("provider_name_and_address", "CETS 224 Art. 8(4)(c)"),
         Requirement("offence_description", "CETS 224 Art. 8(4)(d)"),
         Requirement("legal_provisions_and_penalties", "CETS 224 Art. 8(4)(e)"),
         Requirement("contact_person", "CETS 224 Art. 8(4)(f)"),
         Requirement("time_frame_and_manner", "CETS 224 Art. 8(4)(g)"),
         Requirement("identifiers", "CETS 224 Art. 8(3)(a)"),
         Requirement("data_category", "CETS 224 Art. 8(6)")),
        needs_approval=True, may_follow=("CETS224-7", "ETS185-29")),
    RequestType(
        "CETS224-9", "CETS224", _("Expedited disclosure of stored computer data in an emergency"), "CETS 224 Art. 9",
        (Channel.POINT_OF_CONTACT_24_7,),
        (Requirement("contact_person", "CETS 224 Art. 9(3)(a)"),
         Requirement("protocol_statement", "CETS 224 Art. 9(3)(b)"),
         Requirement("provider_name_and_address", "CETS 224 Art. 9(3)(c)"),
         Requirement("offence_description", "CETS 224 Art. 9(3)(d)"),
         Requirement("emergency_facts", "CETS 224 Art. 9(3)(e)"),
         Requirement("identifiers", "CETS 224 Art. 9(3)(f)"), Requirement("data_sought", "CETS 224 Art. 9(3)(f)")),
        # Emergency: significant and imminent risk to the life or safety of a person (CETS 224 Art. 3(2)(c)).
        needs_approval=False, is_emergency=True),
    RequestType(
        "CETS224-10", "CETS224", _("Emergency mutual assistance"), "CETS 224 Art. 10",
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("emergency_facts", "CETS 224 Art. 10(2)"),
         Requirement("data_sought", "CETS 224 Art. 10(2)")),
        needs_approval=True, is_emergency=True),
    RequestType(
        "CETS224-11", "CETS224", _("Video conferencing"), "CETS 224 Art. 11",
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("witness_or_expert", "CETS 224 Art. 11(1)"),
         Requirement("hearing_arrangements", "CETS 224 Art. 11(2)")),
        needs_approval=True),
    RequestType(
        "CETS224-12", "CETS224", _("Joint investigation team"), "CETS 224 Art. 12",
        (Channel.CENTRAL_AUTHORITY, Channel.AUTHORITY),
        (*COMMON, Requirement("team_purpose_and_composition", "CETS 224 Art. 12(2)")),
        needs_approval=True, outcomes=frozenset({"executed", "refused"})),
)

BY_CODE: dict[str, RequestType] = {request_type.code: request_type for request_type in TYPES}


def request_type(code: str) -> RequestType:
    """The type with this code; KeyError for an unknown code."""
    return BY_CODE[code]


def type_choices() -> list[tuple[str, str]]:
    return [(item.code, f"{item.citation} – {item.title}") for item in TYPES]


def reference_kind(code: str) -> str:
    """Short word in the human reference: PRES for preservation, ORD for orders, MLA otherwise."""
    if code in {"ETS185-29"}:
        return "PRES"
    if code in {"CETS224-6", "CETS224-7", "CETS224-9"}:
        return "ORD"
    if code in {"ETS185-35", "ETS185-26"}:
        return "NET"
    return "MLA"
