"""A new draft starts from what the platform already knows: the case, and the request it follows up.

Nothing here is a legal rule: the type's requirements (`rules.catalogue`) say which content items a request
has; this module only proposes values for those items from the case (its facts, offences and national
provisions, the drafter and the requesting authority as contact) and from the earlier request (its facts, the
data and identifiers sought, and the preservation it follows up). The drafter reads and corrects every value
before the completeness check and the approval; the request page says what was copied and from where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from glacy.cooperation.models import Case, Request, RequestIdentifier
from glacy.cooperation.rules import catalogue
from glacy.core.audit import record_event

#: Items that describe the facts and the data sought: the same words serve the follow-up request. Not the
#: contact person: whoever drafts the follow-up (often the central authority, not the 24/7 point that sent the
#: preservation) is the one the requested Party must reach, so it comes from the drafter, as for a new request.
FROM_EARLIER = ("summary_of_facts", "offence_description", "data_sought", "relationship_to_offence",
                "custodian_or_location", "provider_name_and_address", "legal_provisions_and_penalties",
                "reason_provider_holds_data", "relevance")
#: Earlier requests whose reference and date a follow-up cites as the preservation already sought.
PRESERVATION_TYPES = frozenset({"ETS185-29", "ETS185-30"})


@dataclass
class Prefill:
    """Proposed content, and where each item came from (field names)."""

    content: dict[str, Any] = field(default_factory=dict)
    from_case: list[str] = field(default_factory=list)
    from_earlier: list[str] = field(default_factory=list)


def contact_line(actor: Any) -> str:
    """The drafter as the requesting authority's contact: name, authority, telephone, e-mail."""
    authority = actor.authority
    parts = [actor.get_full_name() or actor.username, authority.name if authority else "",
             authority.phone if authority else "", actor.email or (authority.email if authority else "")]
    return ", ".join(part for part in parts if part)


def _offence_text(case: Case) -> str:
    from glacy.cooperation.services.cases import offence_labels

    lines = offence_labels(case.offence_articles or [])
    if case.national_provisions.strip():
        lines.append(case.national_provisions.strip())
    return "\n".join(lines)


def proposed_content(*, actor: Any, case: Case, request_type: str, follows: Request | None = None) -> Prefill:
    """Values for the new request's content items, from the earlier request first, then from the case."""
    wanted = {requirement.field for requirement in catalogue.request_type(request_type).requirements}
    found = Prefill()
    if follows is not None:
        for name in FROM_EARLIER:
            value = follows.content.get(name)
            if name in wanted and isinstance(value, str) and value.strip():
                found.content[name] = value
                found.from_earlier.append(name)
        if "preservation_reference" in wanted and follows.request_type in PRESERVATION_TYPES:
            sent = follows.sent_at.date().isoformat() if follows.sent_at else ""
            found.content["preservation_reference"] = f"{follows.reference}, {sent}".strip(", ")
            found.from_earlier.append("preservation_reference")
    from_case = {
        "summary_of_facts": case.summary_of_facts.strip(),
        "offence_description": _offence_text(case),
        "legal_provisions_and_penalties": case.national_provisions.strip(),
        "contact_person": contact_line(actor),
    }
    for name, value in from_case.items():
        if name in wanted and value and name not in found.content:
            found.content[name] = value
            found.from_case.append(name)
    return found


@transaction.atomic
def request_identifiers_copy(*, actor: Any, request: Request, source: Request) -> int:
    """Copy the identifiers sought by `source` (already checked when they were added) into the draft `request`;
    each copy is audited like an identifier added by hand. Returns how many were copied."""
    from glacy.cooperation.services.requests import _editable_draft

    request = _editable_draft(actor, request)
    copied = 0
    start = request.identifiers.count()
    for position, identifier in enumerate(source.identifiers.all(), start=start):
        RequestIdentifier.objects.create(request=request, kind=identifier.kind, value=identifier.value,
                                         display=identifier.display, position=position)
        record_event(actor=actor, action="request.add_identifier", obj=request,
                     after={"kind": identifier.kind, "value": identifier.value, "copied_from": source.reference})
        copied += 1
    return copied
