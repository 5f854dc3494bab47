"""Findings and refusals as a reader needs them: each names its field in words and links to where it is fixed.

The completeness check (`rules.completeness`) and the services name a field by its code (``contact_person``,
``port``, ``requested_authority``). A page never shows that code, and never a bare "This content is required."
either: `problem_rows` gives each finding its field's label and the anchor of the input that fixes it on the
request page, `errors_text` writes a refusal as "Field: why" for a message banner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.fields import FIELDS

#: Fields that are not content items: how the request is sent, its parties, the step's own inputs, the
#: parts of an identifier.
OTHER_FIELDS = {
    "identifiers": _("Identifiers sought"),
    "offence_articles": _("Offences (Convention articles)"),
    "is_urgent": _("Urgent: send by expedited means"),
    "urgent_means": _("Expedited means"),
    "route": _("Route"),
    "applicable_treaty": _("Treaty or arrangement relied on"),
    "requested_authority": _("Requested authority"),
    "requesting_authority": _("Requesting authority"),
    "document_language": _("Language of the request"),
    "legal_basis": _("Legal basis"),
    "follows": _("Follows up an earlier request (its reference)"),
    "follows_reference": _("Follows up an earlier request (its reference)"),
    "request_type": _("Type of request"),
    "reason_code": _("Ground"),
    "note": _("Reasons"),
    "on_date": _("Date"),
    "conditions": _("Conditions"),
    "kind": _("Kind of identifier"),
    "value": _("Value"),
    "service": _("Service (for accounts)"),
    "address": _("IP address"),
    "port": _("Port"),
    "timestamp": _("Time with time zone"),
    "file": _("File"),
}
#: Where a field that is not in the content form is shown on the request page.
SUMMARY_FIELDS = frozenset({"requested_authority", "requesting_authority", "document_language", "legal_basis"})


def field_label(name: str) -> str:
    """The field's label in the active language ("__all__" and unknown names: empty)."""
    if name in FIELDS:
        return str(FIELDS[name].label)
    label = OTHER_FIELDS.get(name)
    return str(label) if label is not None else ""


@dataclass(frozen=True)
class ProblemRow:
    field: str
    label: str
    message: str
    citation: str
    anchor: str


def _anchor(name: str, editable: frozenset[str]) -> str:
    if name == "identifiers":
        return "identifiers-heading"
    if name in editable:
        return f"id_{name}"  # the content form's input (Django's default auto_id)
    if name in SUMMARY_FIELDS:
        return "request-summary"
    return "content-heading"


def problem_rows(problems: Iterable[Any], *, editable: Iterable[str] = ()) -> list[ProblemRow]:
    """Findings of the completeness check with their field's label and the anchor that fixes them.

    `editable` are the names of the inputs of the page's content form (empty when the request is read-only).
    """
    fields = frozenset(editable)
    return [ProblemRow(problem.field, field_label(problem.field), str(problem.message), problem.citation,
                       _anchor(problem.field, fields)) for problem in problems]


def errors_text(errors: Mapping[str, Iterable[str]]) -> str:
    """A refusal as one sentence per field: "Port: The port is missing …"."""
    parts = []
    for name, messages in errors.items():
        label = field_label(name)
        text = " ".join(str(message) for message in messages)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)
