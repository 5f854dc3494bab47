"""The content fields a request may carry, with their labels and the article each comes from.

Common fields follow the T-CY request templates (date, reference, requesting authority, contact for
confirmation, legal basis, offence and facts, data sought, necessity, urgency, confidentiality).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Field:
    """One piece of content. `kind`: text, longtext, boolean, datetime or identifiers."""

    name: str
    label: str | Promise
    kind: str = "longtext"
    help_text: str | Promise = ""


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
    Field("confidentiality", _("Confidentiality wishes and conditions of use"), "longtext",
          _("ETS 185 Art. 27(8) and 28: the requested Party is asked to keep the request confidential.")),
    Field("intends_mutual_assistance", _("Intention to submit a request for mutual assistance"), "boolean"),
    Field("preservation_reference", _("Reference of the preservation already made"), "text"),
    Field("provider_name_and_address", _("Name and address of the service provider or registrar"), "text"),
    Field("issuing_authority_and_date", _("Authority that issued the order and date of issue"), "text"),
    Field("protocol_statement", _("Statement that the request or order is issued under the Second Protocol"),
          "boolean"),
    Field("criminal_investigation_statement",
          _("Statement that the information is needed for a specific criminal investigation or proceeding "
            "and will be used only for it"), "boolean"),
    Field("time_frame_and_manner", _("Time frame and manner of disclosure")),
    Field("legal_provisions_and_penalties", _("Legal provisions and applicable penalties")),
    Field("data_category", _("Category of data (subscriber information or traffic data)"), "text"),
    Field("order_text", _("The order (or a copy of it) to be given effect")),
    Field("emergency_facts", _("Facts showing the emergency and how the data relate to it")),
    Field("assistance_nature",
          _("Nature of the assistance (technical advice, preservation, evidence, locating suspects)")),
    Field("collection_period", _("Period of collection (start and end, with time zone)"), "text"),
    Field("judicial_authorisation", _("Judicial or other authorisation for the measure"), "text"),
    Field("information_provided", _("Information provided spontaneously")),
    Field("conditions_of_use", _("Conditions on the use of the information")),
    Field("witness_or_expert", _("Person to be heard (witness or expert) and the subject of the hearing")),
    Field("hearing_arrangements", _("Proposed date, technical arrangements and interpretation")),
    Field("team_purpose_and_composition", _("Purpose, composition and duration of the joint investigation team")),
)}
