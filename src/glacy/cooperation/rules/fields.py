"""The content fields a request may carry, with their labels in the reader's language.

Which fields a type requires, and the article each requirement comes from, is `catalogue`; this module
only says what a field is. Common fields follow the T-CY request templates (contact for confirmation,
offence and facts, data sought, necessity, urgency, confidentiality).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    """One piece of content. `kind`: text, longtext, boolean, choice, integer or identifiers."""

    name: str
    label: str | Promise
    kind: str = "longtext"
    help_text: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()


#: CETS 224 Art. 8(1)(a)-(b) and 8(6)(a)(i)-(ii): the two categories of data an Art. 8 order may cover.
DATA_CATEGORIES: tuple[tuple[str, str | Promise], ...] = (
    ("subscriber", _("subscriber information")),
    ("traffic", _("traffic data")),
)

FIELDS: dict[str, Field] = {field.name: field for field in (
    Field("contact_person", _("Contact person for confirmation (name, telephone, e-mail)"), "text"),
    Field("offence_description", _("Offence(s) and applicable provisions of national law")),
    Field("summary_of_facts", _("Brief summary of the facts")),
    Field("data_sought", _("Data or assistance sought")),
    Field("identifiers", _("Identifiers sought"), "identifiers",
          _("IP addresses with port and time zone, e-mail addresses, accounts, phone numbers, domains, ...")),
    Field("relationship_to_offence", _("Relationship of the data to the offence")),
    Field("custodian_or_location", _("Custodian of the data or location of the computer system")),
    Field("necessity", _("Why the measure is necessary")),
    Field("urgency_reasons", _("Reasons for urgency")),
    Field("confidentiality", _("Confidentiality asked of the requested Party"), "longtext",
          _("Leave empty if none. The requested side says if it cannot keep the request confidential.")),
    Field("procedures_requested", _("Procedures the requested Party is asked to follow"), "longtext",
          _("For example a form of certification or a hearing in the presence of the requesting authority.")),
    Field("intends_mutual_assistance", _("Intention to submit a request for mutual assistance"), "boolean"),
    Field("preserves_traffic_data", _("The data include traffic data of a specific communication"), "boolean",
          _("If so, the requested side discloses the path of the communication it discovers (ETS 185 Art. 30).")),
    Field("data_vulnerable", _("The data are particularly vulnerable to loss or modification"), "boolean",
          _("The request is then to be answered on an expedited basis (ETS 185 Art. 31(3)(a)).")),
    Field("preservation_reference", _("Preservation already sought (date and reference)"), "text"),
    Field("provider_name_and_address", _("Name and address of the service provider or registrar"), "text"),
    Field("issuing_authority_and_date", _("Authority that issued the order and date of issue"), "text"),
    Field("seeking_authority", _("Authority seeking the information, if not the issuing authority"), "text"),
    Field("protocol_statement", _("Statement that the request or order is issued under the Second Protocol"),
          "boolean"),
    Field("criminal_investigation_statement",
          _("Statement that the information is needed for a specific criminal investigation or proceeding "
            "and will be used only for it"), "boolean"),
    Field("time_frame_and_manner", _("Time frame and manner of disclosure")),
    Field("return_time_frame_days", _("Time frame stated in the order for returning the information (days)"),
          "integer", _("Leave empty to apply the 30 days of CETS 224 Art. 7(7); a longer time frame is used instead.")),
    Field("legal_grounds", _("Domestic legal grounds that empower the authority to issue the order")),
    Field("legal_provisions_and_penalties", _("Legal provisions and applicable penalties")),
    Field("data_category", _("Category of data"), "choice", choices=DATA_CATEGORIES),
    Field("order_text", _("The order (or a copy of it) to be given effect")),
    Field("reason_provider_holds_data", _("Why the service provider is believed to hold the data")),
    Field("relevance", _("Relevance of the information or data to the investigation or proceeding")),
    Field("other_means", _("Whether the data have already been sought by other means, and how")),
    Field("special_instructions", _("Special procedural instructions")),
    Field("emergency_facts", _("Facts showing the emergency and how the data relate to it")),
    Field("assistance_nature",
          _("Nature of the assistance (technical advice, preservation, evidence, locating suspects)")),
    Field("collection_period", _("Period of collection (start and end, with time zone)"), "text"),
    Field("judicial_authorisation", _("Judicial or other authorisation for the measure"), "text"),
    Field("information_provided", _("Information provided spontaneously")),
    Field("conditions_of_use", _("Confidentiality or conditions on the use of the information"), "longtext",
          _("Leave empty if none. The receiving side accepts them (and is then bound) or says it cannot comply.")),
    Field("witness_or_expert", _("Person to be heard (witness or expert) and the subject of the hearing")),
    Field("hearing_arrangements", _("Proposed date, technical arrangements and interpretation")),
    Field("team_purpose_and_composition", _("Purpose, composition and duration of the joint investigation team")),
    Field("received_reference", _("Reference given by the requesting authority"), "text"),
    Field("copy_to_central_authority", _("A copy is sent at the same time to the requested Party's central "
                                         "authority through our central authority"), "boolean",
          _("ETS 185 Art. 27(9)(a).")),
    Field("no_coercive_action", _("The request involves no coercive action"), "boolean", _("ETS 185 Art. 27(9)(d).")),
)}


def label_for(name: str) -> str:
    """The field's label in the active language; an unknown name is shown as it is (never raised)."""
    field = FIELDS.get(name)
    return str(field.label) if field is not None else name


def choice_label(name: str, value: object) -> str:
    """The label of a choice value in the active language (the value itself when unknown)."""
    field = FIELDS.get(name)
    if field is None or not field.choices:
        return str(value)
    return str(dict(field.choices).get(str(value), value))
