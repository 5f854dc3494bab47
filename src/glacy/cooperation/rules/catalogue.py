"""The request types: legal basis, channel, required content (each item with its article) and outcomes.

Urgency is not a type: ETS 185 Art. 25(3) is a way of sending any mutual-assistance request (a flag on
the request, see `channels`). Art. 30 is not a type either: it is a duty of the requested Party while it
executes an Art. 29 preservation of traffic data (a step of the preservation's workflow).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel:
    POINT_OF_CONTACT_24_7 = "point_of_contact_24_7"
    CENTRAL_AUTHORITY = "central_authority"
    SERVICE_PROVIDER = "service_provider"
    DOMAIN_REGISTRAR = "domain_registrar"
    AUTHORITY = "competent_authority"


CHANNEL_LABELS: dict[str, str | Promise] = {
    Channel.POINT_OF_CONTACT_24_7: _("24/7 point of contact"),
    Channel.CENTRAL_AUTHORITY: _("central authority"),
    Channel.SERVICE_PROVIDER: _("service provider"),
    Channel.DOMAIN_REGISTRAR: _("domain name registrar"),
    Channel.AUTHORITY: _("competent authority"),
}


class Family:
    """What kind of co-operation a type is; the grounds, routes and conditions depend on it."""

    SPONTANEOUS = "spontaneous"  # ETS 185 Art. 26: nothing is asked
    MUTUAL_ASSISTANCE = "mutual_assistance"  # Art. 25 + the treaty in force, or Arts 27-28 where none is
    PRESERVATION = "preservation"  # Art. 29 (with the Art. 30 duty)
    NETWORK = "network"  # Art. 35: the 24/7 network
    DIRECT_ORDER = "direct_order"  # CETS 224 Arts 6-7: to a registrar or provider in another Party
    PRODUCTION_ORDER = "production_order"  # CETS 224 Art. 8
    EMERGENCY_DISCLOSURE = "emergency_disclosure"  # CETS 224 Art. 9, between 24/7 points
    COOPERATION = "cooperation"  # CETS 224 Arts 11-12: granted by permission or agreement


@dataclass(frozen=True)
class Requirement:
    """One content item of a type; `required` False for items the drafter may add (never blocking)."""

    field: str
    article: str
    required: bool = True


@dataclass(frozen=True)
class RequestType:
    """One kind of request. `outcomes` are the closing statuses the requested side may reach."""

    code: str
    instrument: str
    title: str | Promise
    article: str
    family: str
    channels: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    needs_approval: bool
    outcomes: frozenset[str]
    #: Art. 25(3): may be sent urgently by expedited means (mutual-assistance requests and related communications).
    may_be_urgent: bool = False
    #: The type exists for emergencies (CETS 224 Arts 9-10, Art. 3(2)(c)); urgency is then its nature.
    is_emergency: bool = False
    #: Art. 29(7): a follow-up of this type, from the same Party, keeps preserved data preserved.
    keeps_preservation: bool = False

    @property
    def citation(self) -> str:
        return self.article

    def requirement(self, field: str) -> Requirement | None:
        return next((item for item in self.requirements if item.field == field), None)


TEMPLATE = "T-CY request template"
MLA_OUTCOMES = frozenset({"executed", "partially_executed", "refused", "postponed", "not_executable"})
CONFIDENTIALITY = Requirement("confidentiality", "ETS 185 Art. 27(8)", required=False)
PROCEDURES = Requirement("procedures_requested", "ETS 185 Art. 27(3)", required=False)
URGENCY = Requirement("urgency_reasons", "ETS 185 Art. 25(3)", required=False)
COMMON = (
    Requirement("contact_person", TEMPLATE),
    Requirement("offence_description", TEMPLATE),
    Requirement("summary_of_facts", TEMPLATE),
)
MLA_EXTRAS = (URGENCY, PROCEDURES, CONFIDENTIALITY)

TYPES: tuple[RequestType, ...] = (
    RequestType(
        "ETS185-26", "ETS185", _("Spontaneous information"), "ETS 185 Art. 26", Family.SPONTANEOUS,
        (Channel.CENTRAL_AUTHORITY, Channel.AUTHORITY),
        (Requirement("contact_person", TEMPLATE), Requirement("information_provided", "ETS 185 Art. 26(1)"),
         Requirement("conditions_of_use", "ETS 185 Art. 26(2)", required=False)),
        # Nothing is asked of the receiving side: it accepts the information (and any conditions) or not.
        needs_approval=True, outcomes=frozenset({"acknowledged"})),
    RequestType(
        "ETS185-27", "ETS185", _("Mutual assistance where no treaty applies"), "ETS 185 Art. 27",
        Family.MUTUAL_ASSISTANCE, (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("data_sought", TEMPLATE), Requirement("necessity", TEMPLATE), *MLA_EXTRAS),
        needs_approval=True, outcomes=MLA_OUTCOMES, may_be_urgent=True, keeps_preservation=True),
    RequestType(
        "ETS185-29", "ETS185", _("Expedited preservation of stored computer data"), "ETS 185 Art. 29",
        Family.PRESERVATION, (Channel.POINT_OF_CONTACT_24_7, Channel.CENTRAL_AUTHORITY),
        (Requirement("contact_person", "ETS 185 Art. 29(2)(a)"),
         Requirement("offence_description", "ETS 185 Art. 29(2)(b)"),
         Requirement("summary_of_facts", "ETS 185 Art. 29(2)(b)"),
         Requirement("data_sought", "ETS 185 Art. 29(2)(c)"),
         Requirement("identifiers", "ETS 185 Art. 29(2)(c)"),
         Requirement("relationship_to_offence", "ETS 185 Art. 29(2)(c)"),
         Requirement("custodian_or_location", "ETS 185 Art. 29(2)(d)"),
         Requirement("necessity", "ETS 185 Art. 29(2)(e)"),
         Requirement("intends_mutual_assistance", "ETS 185 Art. 29(2)(f)"),
         Requirement("preserves_traffic_data", "ETS 185 Art. 30(1)", required=False),
         URGENCY, CONFIDENTIALITY),
        # Preservation is provisional and non-coercive; the 24/7 network sends it without prior approval.
        # No postponement: Art. 29(3) asks for expeditious preservation and Art. 29(5) closes the grounds.
        needs_approval=False, outcomes=frozenset({"executed", "partially_executed", "refused", "not_executable"}),
        may_be_urgent=True),
    RequestType(
        "ETS185-31", "ETS185", _("Mutual assistance regarding access to stored computer data"), "ETS 185 Art. 31",
        Family.MUTUAL_ASSISTANCE, (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("data_sought", "ETS 185 Art. 31(1)"), Requirement("identifiers", "ETS 185 Art. 31(1)"),
         Requirement("custodian_or_location", "ETS 185 Art. 31(1)"), Requirement("necessity", TEMPLATE),
         Requirement("data_vulnerable", "ETS 185 Art. 31(3)(a)", required=False), *MLA_EXTRAS),
        needs_approval=True, outcomes=MLA_OUTCOMES, may_be_urgent=True, keeps_preservation=True),
    RequestType(
        "ETS185-33", "ETS185", _("Real-time collection of traffic data"), "ETS 185 Art. 33",
        Family.MUTUAL_ASSISTANCE, (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("identifiers", "ETS 185 Art. 33(1)"), Requirement("collection_period", TEMPLATE),
         Requirement("necessity", TEMPLATE), Requirement("judicial_authorisation", TEMPLATE), *MLA_EXTRAS),
        needs_approval=True, outcomes=MLA_OUTCOMES, may_be_urgent=True),
    RequestType(
        "ETS185-34", "ETS185", _("Interception of content data"), "ETS 185 Art. 34",
        Family.MUTUAL_ASSISTANCE, (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("identifiers", "ETS 185 Art. 34"), Requirement("collection_period", TEMPLATE),
         Requirement("necessity", TEMPLATE), Requirement("judicial_authorisation", TEMPLATE), *MLA_EXTRAS),
        needs_approval=True, outcomes=MLA_OUTCOMES, may_be_urgent=True),
    RequestType(
        "ETS185-35", "ETS185", _("Assistance through the 24/7 network"), "ETS 185 Art. 35",
        Family.NETWORK, (Channel.POINT_OF_CONTACT_24_7,),
        (Requirement("contact_person", TEMPLATE), Requirement("summary_of_facts", TEMPLATE),
         Requirement("assistance_nature", "ETS 185 Art. 35(1)(a)–(c)"),
         Requirement("urgency_reasons", "ETS 185 Art. 35(1)"), CONFIDENTIALITY),
        # The network exists for immediate assistance (Art. 35(1)): every request is handled as urgent.
        needs_approval=False, outcomes=frozenset({"executed", "partially_executed", "refused", "not_executable"}),
        is_emergency=True),
    RequestType(
        "CETS224-6", "CETS224", _("Request for domain name registration information"), "CETS 224 Art. 6",
        Family.DIRECT_ORDER, (Channel.DOMAIN_REGISTRAR,),
        (Requirement("contact_person", "CETS 224 Art. 6(3)(a)"),
         Requirement("identifiers", "CETS 224 Art. 6(3)(b)"), Requirement("data_sought", "CETS 224 Art. 6(3)(b)"),
         Requirement("protocol_statement", "CETS 224 Art. 6(3)(c)"),
         Requirement("criminal_investigation_statement", "CETS 224 Art. 6(3)(c)"),
         Requirement("time_frame_and_manner", "CETS 224 Art. 6(3)(d)")),
        needs_approval=True, outcomes=frozenset({"executed", "refused", "not_executable"})),
    RequestType(
        "CETS224-7", "CETS224", _("Order to a service provider for subscriber information"), "CETS 224 Art. 7",
        Family.DIRECT_ORDER, (Channel.SERVICE_PROVIDER,),
        (Requirement("issuing_authority_and_date", "CETS 224 Art. 7(3)(a)"),
         Requirement("protocol_statement", "CETS 224 Art. 7(3)(b)"),
         Requirement("provider_name_and_address", "CETS 224 Art. 7(3)(c)"),
         Requirement("offence_description", "CETS 224 Art. 7(3)(d)"),
         Requirement("seeking_authority", "CETS 224 Art. 7(3)(e)", required=False),
         Requirement("identifiers", "CETS 224 Art. 7(3)(f)"), Requirement("data_sought", "CETS 224 Art. 7(3)(f)"),
         Requirement("legal_grounds", "CETS 224 Art. 7(4)(a)"),
         Requirement("legal_provisions_and_penalties", "CETS 224 Art. 7(4)(b)"),
         Requirement("contact_person", "CETS 224 Art. 7(4)(c)"),
         Requirement("time_frame_and_manner", "CETS 224 Art. 7(4)(d)"),
         Requirement("return_time_frame_days", "CETS 224 Art. 7(4)(d)", required=False),
         Requirement("preservation_reference", "CETS 224 Art. 7(4)(e)", required=False),
         Requirement("special_instructions", "CETS 224 Art. 7(4)(f)", required=False)),
        needs_approval=True, outcomes=frozenset({"executed", "partially_executed", "refused", "not_executable"})),
    RequestType(
        "CETS224-8", "CETS224", _("Giving effect to an order for expedited production"), "CETS 224 Art. 8",
        Family.PRODUCTION_ORDER, (Channel.CENTRAL_AUTHORITY, Channel.AUTHORITY),
        (Requirement("order_text", "CETS 224 Art. 8(3)"),
         Requirement("issuing_authority_and_date", "CETS 224 Art. 8(3)(a)(i)"),
         Requirement("protocol_statement", "CETS 224 Art. 8(3)(a)(ii)"),
         Requirement("provider_name_and_address", "CETS 224 Art. 8(3)(a)(iii)"),
         Requirement("offence_description", "CETS 224 Art. 8(3)(a)(iv)"),
         Requirement("seeking_authority", "CETS 224 Art. 8(3)(a)(v)", required=False),
         Requirement("identifiers", "CETS 224 Art. 8(3)(a)(vi)"),
         Requirement("data_sought", "CETS 224 Art. 8(3)(a)(vi)"),
         Requirement("data_category", "CETS 224 Art. 8(6)(a)"),
         Requirement("legal_grounds", "CETS 224 Art. 8(3)(b)(i)"),
         Requirement("legal_provisions_and_penalties", "CETS 224 Art. 8(3)(b)(ii)"),
         Requirement("reason_provider_holds_data", "CETS 224 Art. 8(3)(b)(iii)"),
         Requirement("summary_of_facts", "CETS 224 Art. 8(3)(b)(iv)"),
         Requirement("relevance", "CETS 224 Art. 8(3)(b)(v)"),
         Requirement("contact_person", "CETS 224 Art. 8(3)(b)(vi)"),
         Requirement("preservation_reference", "CETS 224 Art. 8(3)(b)(vii)", required=False),
         Requirement("other_means", "CETS 224 Art. 8(3)(b)(viii)"),
         Requirement("special_instructions", "CETS 224 Art. 8(3)(c)", required=False),
         URGENCY, CONFIDENTIALITY),
        needs_approval=True, outcomes=MLA_OUTCOMES, may_be_urgent=True),
    RequestType(
        "CETS224-9", "CETS224", _("Expedited disclosure of stored computer data in an emergency"), "CETS 224 Art. 9",
        Family.EMERGENCY_DISCLOSURE, (Channel.POINT_OF_CONTACT_24_7,),
        (Requirement("contact_person", "CETS 224 Art. 9(3)(a)"),
         Requirement("protocol_statement", "CETS 224 Art. 9(3)(b)"),
         Requirement("provider_name_and_address", "CETS 224 Art. 9(3)(c)"),
         Requirement("offence_description", "CETS 224 Art. 9(3)(d)"),
         Requirement("emergency_facts", "CETS 224 Art. 9(3)(e)"),
         Requirement("identifiers", "CETS 224 Art. 9(3)(f)"), Requirement("data_sought", "CETS 224 Art. 9(3)(f)"),
         Requirement("data_category", "CETS 224 Art. 9(1)(b)", required=False),
         Requirement("special_instructions", "CETS 224 Art. 9(3)(g)", required=False)),
        # Emergency: significant and imminent risk to the life or safety of a person (CETS 224 Art. 3(2)(c)).
        needs_approval=False, outcomes=frozenset({"executed", "partially_executed", "refused", "not_executable"}),
        is_emergency=True),
    RequestType(
        "CETS224-10", "CETS224", _("Emergency mutual assistance"), "CETS 224 Art. 10", Family.MUTUAL_ASSISTANCE,
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("emergency_facts", "CETS 224 Art. 10(1)"), Requirement("data_sought", TEMPLATE),
         PROCEDURES, CONFIDENTIALITY),
        needs_approval=True, outcomes=MLA_OUTCOMES, is_emergency=True),
    RequestType(
        "CETS224-11", "CETS224", _("Video conferencing"), "CETS 224 Art. 11", Family.COOPERATION,
        (Channel.CENTRAL_AUTHORITY,),
        (*COMMON, Requirement("witness_or_expert", "CETS 224 Art. 11(1)"),
         Requirement("hearing_arrangements", "CETS 224 Art. 11(2)"), CONFIDENTIALITY),
        needs_approval=True, outcomes=frozenset({"executed", "refused", "postponed", "not_executable"})),
    RequestType(
        "CETS224-12", "CETS224", _("Joint investigation team"), "CETS 224 Art. 12", Family.COOPERATION,
        (Channel.CENTRAL_AUTHORITY, Channel.AUTHORITY),
        (*COMMON, Requirement("team_purpose_and_composition", "CETS 224 Art. 12(2)"), CONFIDENTIALITY),
        needs_approval=True, outcomes=frozenset({"executed", "refused"})),
)

BY_CODE: dict[str, RequestType] = {request_type.code: request_type for request_type in TYPES}
#: Types that may follow up an Art. 29 preservation and keep the data preserved (Art. 29(7), see `preservation`).
PRESERVATION_FOLLOW_UPS = tuple(item.code for item in TYPES if item.keeps_preservation)


def request_type(code: str) -> RequestType:
    """The type with this code; KeyError for an unknown code."""
    return BY_CODE[code]


def type_title(code: str) -> str:
    """The type's title in the active language; an unknown code is shown as it is."""
    item = BY_CODE.get(code)
    return str(item.title) if item is not None else code


def type_choices() -> list[tuple[str, str]]:
    return [(item.code, f"{item.article} – {item.title}") for item in TYPES]


def reference_kind(code: str) -> str:
    """Short word in the human reference: PRES for preservation, ORD for orders, NET for the network, MLA."""
    if code == "ETS185-29":
        return "PRES"
    if code in {"CETS224-6", "CETS224-7", "CETS224-9"}:
        return "ORD"
    if code in {"ETS185-35", "ETS185-26"}:
        return "NET"
    return "MLA"
