"""Request documents in PDF and DOCX, in English or French, laid out like the T-CY templates.

A document carries what the other side must know to act lawfully: the legal basis (in French "STE 185" /
"STCE 224"), how the request is sent (urgency under ETS 185 Art. 25(3), the route), the confidentiality
asked (Art. 27(8)), the conditions on use of what is supplied (Arts 26(2), 28(2); CETS 224 Arts 8(8), 9(6))
and the decisions taken with their grounds and reasons (Art. 27(7)). Every page carries a verification
footer: the reference and the SHA-256 of the canonical JSON of the request's content.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.cooperation import presenters
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue

DECISION_ACTIONS = ("refuse", "postpone", "report_impossible", "execute_partially", "withhold_traffic_path",
                    "warn_preservation", "cannot_keep_confidential", "propose_conditions", "notify_delay")


def content_hash(request: Request) -> str:
    """SHA-256 over the canonical JSON (sorted keys, no spaces) of what the request asks."""
    document = {
        "reference": request.reference, "type": request.request_type,
        "requesting_authority": str(request.requesting_authority_id),
        "requested_authority": str(request.requested_authority_id), "content": request.content,
        "identifiers": [identifier.value for identifier in request.identifiers.all()],
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _decisions(request: Request) -> list[dict[str, Any]]:
    return [row for row, event in zip(presenters.event_rows(list(request.events.all())), request.events.all(),
                                      strict=True) if event.action in DECISION_ACTIONS]


def document_context(request: Request, language: str) -> dict[str, Any]:
    """Everything the PDF and DOCX show, already translated into `language`."""
    with translation.override(language):
        request_type = catalogue.request_type(request.request_type)
        requesting = request.requesting_authority
        return {
            "language": language, "request": request, "type_title": str(request_type.title),
            "citation": presenters.cite(request_type.article), "sections": presenters.content_sections(request),
            "identifiers": presenters.identifier_rows(request), "requesting": requesting,
            "requested": request.requested_authority, "follows": request.follows,
            "status": presenters.status_label(request.status), "sending": presenters.sending_rows(request),
            "offences": presenters.offence_rows(request), "conditions": presenters.condition_rows(request),
            "decisions": _decisions(request),
            "content_hash": content_hash(request), "generated_at": timezone.now(),
            "labels": {
                "title": _("Request for international co-operation"), "reference": _("Reference"),
                "date": _("Date"), "legal_basis": _("Legal basis"), "requesting": _("Requesting authority"),
                "requested": _("Requested authority"), "office_hours": _("Office hours"), "time_zone": _("Time zone"),
                "new_request": _("New request"), "follow_up": _("Follow-up of"), "content": _("Content of the request"),
                "identifiers": _("Identifiers sought"), "kind": _("Kind"), "identifier": _("Identifier"),
                "signature": _("Signature and seal of the requesting authority"), "hash": _("Content hash"),
                "page": _("Page"), "status": _("Status"), "sending": _("How the request is sent"),
                "offences": _("Offences named (Convention articles)"), "conditions": _("Conditions on use"),
                "conditions_none": _("None."), "decisions": _("Decisions and their reasons"),
                "article": _("Article"), "state": _("State"),
            },
        }


def render_pdf(request: Request, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("cooperation/documents/request.html", document_context(request, language))
    return bytes(HTML(string=html, base_url=None).write_pdf())


def _table(document: Any, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)


def render_docx(request: Request, language: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    context = document_context(request, language)
    labels = context["labels"]
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{request.reference} · {labels['hash']}: {context['content_hash']}"
    document.add_heading(str(labels["title"]), level=0)
    document.add_paragraph(f"{context['type_title']} – {context['citation']}")
    requesting, requested = context["requesting"], context["requested"]
    _table(document, [
        (labels["reference"], request.reference),
        (labels["date"], (request.sent_at or context["generated_at"]).strftime("%Y-%m-%d %H:%M %Z")),
        (labels["legal_basis"], context["citation"]),
        (labels["status"], context["status"]),
        (labels["requesting"], f"{requesting.name}, {requesting.country_id} · {labels['office_hours']}: "
                               f"{requesting.office_hours or '24/7'} · {labels['time_zone']}: {requesting.time_zone}"),
        (labels["requested"], f"{requested.name}, {requested.country_id}"),
        (labels["follow_up"] if request.follows is not None else labels["new_request"],
         request.follows.reference if request.follows is not None else "—"),
        (labels["offences"], "; ".join(context["offences"]) or "—"),
    ])
    if context["sending"]:
        document.add_heading(str(labels["sending"]), level=1)
        for text, article in context["sending"]:
            document.add_paragraph(f"{text} ({article})")
    document.add_heading(str(labels["content"]), level=1)
    for number, section in enumerate(context["sections"], start=1):
        heading = f"{number}. {section.label}" + (f" ({section.citation})" if section.citation else "")
        document.add_heading(heading, level=2)
        document.add_paragraph(section.value)
    if context["identifiers"]:
        document.add_heading(str(labels["identifiers"]), level=1)
        _table(document, [(labels["kind"], labels["identifier"])] + [
            (row["kind"], row["display"]) for row in context["identifiers"]])
    document.add_heading(str(labels["conditions"]), level=1)
    if context["conditions"]:
        for condition in context["conditions"]:
            document.add_paragraph(f"{condition['kind']}: {condition['text']} – {condition['state']} "
                                   f"({condition['article']})")
    else:
        document.add_paragraph(str(labels["conditions_none"]))
    if context["decisions"]:
        document.add_heading(str(labels["decisions"]), level=1)
        for row in context["decisions"]:
            reason = f" – {row['reason']}" + (f" ({row['article']})" if row["article"] else "") if row["reason"] else ""
            document.add_paragraph(f"{row['at']:%Y-%m-%d} {row['action']}{reason}: {row['note']}".rstrip(": "))
    document.add_paragraph()
    document.add_paragraph(f"{labels['signature']}: ______________________")
    document.add_paragraph(f"{labels['hash']}: {context['content_hash']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
