"""Request documents in PDF and DOCX, in the requested Party's language, laid out like the T-CY templates.

Every page carries a verification footer: the reference and the SHA-256 of the canonical JSON of the
request's content, so a recipient can check that the paper matches the record.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.fields import FIELDS


@dataclass(frozen=True)
class Section:
    label: str
    citation: str
    value: str


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


def _sections(request: Request) -> list[Section]:
    request_type = catalogue.request_type(request.request_type)
    sections = []
    for requirement in request_type.requirements:
        if requirement.field == "identifiers":
            continue
        definition = FIELDS[requirement.field]
        raw = request.content.get(requirement.field)
        value = (_("Yes") if raw else _("No")) if definition.kind == "boolean" else str(raw or "—")
        sections.append(Section(str(definition.label), requirement.citation, value))
    extra = [name for name in request.content if name not in {item.field for item in request_type.requirements}]
    sections.extend(Section(str(FIELDS[name].label), "", str(request.content[name])) for name in extra
                    if name in FIELDS and request.content[name] not in ("", None, False))
    return sections


def document_context(request: Request, language: str) -> dict[str, Any]:
    """Everything the PDF and DOCX show, already translated into `language`."""
    with translation.override(language):
        request_type = catalogue.request_type(request.request_type)
        requesting = request.requesting_authority
        return {
            "language": language, "request": request, "type_title": str(request_type.title),
            "citation": request_type.citation, "sections": _sections(request),
            "identifiers": list(request.identifiers.all()), "requesting": requesting,
            "requested": request.requested_authority, "follows": request.follows,
            "content_hash": content_hash(request), "generated_at": timezone.now(),
            "labels": {
                "title": _("Request for international co-operation"), "reference": _("Reference"),
                "date": _("Date"), "legal_basis": _("Legal basis"), "requesting": _("Requesting authority"),
                "requested": _("Requested authority"), "office_hours": _("Office hours"), "time_zone": _("Time zone"),
                "new_request": _("New request"), "follow_up": _("Follow-up of"), "content": _("Content of the request"),
                "identifiers": _("Identifiers sought"), "kind": _("Kind"), "identifier": _("Identifier"),
                "signature": _("Signature and seal of the requesting authority"), "hash": _("Content hash"),
                "page": _("Page"),
            },
        }


def render_pdf(request: Request, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("cooperation/documents/request.html", document_context(request, language))
    return bytes(HTML(string=html, base_url=None).write_pdf())


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
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    requesting, requested = context["requesting"], context["requested"]
    rows = [
        (labels["reference"], request.reference),
        (labels["date"], (request.sent_at or context["generated_at"]).strftime("%Y-%m-%d %H:%M %Z")),
        (labels["legal_basis"], context["citation"]),
        (labels["requesting"], f"{requesting.name}, {requesting.country_id} · {labels['office_hours']}: "
                               f"{requesting.office_hours or '24/7'} · {labels['time_zone']}: {requesting.time_zone}"),
        (labels["requested"], f"{requested.name}, {requested.country_id}"),
        (labels["follow_up"] if request.follows is not None else labels["new_request"],
         request.follows.reference if request.follows is not None else "—"),
    ]
    for label, value in rows:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)
    document.add_heading(str(labels["content"]), level=1)
    for number, section in enumerate(context["sections"], start=1):
        heading = f"{number}. {section.label}" + (f" ({section.citation})" if section.citation else "")
        document.add_heading(heading, level=2)
        document.add_paragraph(section.value)
    if context["identifiers"]:
        document.add_heading(str(labels["identifiers"]), level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = str(labels["kind"]), str(labels["identifier"])
        for identifier in context["identifiers"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = identifier.kind, identifier.display
    document.add_paragraph()
    document.add_paragraph(f"{labels['signature']}: ______________________")
    document.add_paragraph(f"{labels['hash']}: {context['content_hash']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
