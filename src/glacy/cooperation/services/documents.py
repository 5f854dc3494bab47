"""Generating request documents and registering requests received outside the platform."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation import documents
from glacy.cooperation.models import Request, RequestDocument
from glacy.cooperation.references import next_reference
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.workflow import Status
from glacy.cooperation.services.requests import timeline_add
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.directory.models import Authority

MEDIA_TYPES = {"pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "eml": "message/rfc822"}
MAX_RECEIVED_BYTES = 20 * 1024 * 1024


def _store(*, request: Request, kind: str, data: bytes, filename: str, file_format: str, language: str,
           actor: Any) -> RequestDocument:
    document = RequestDocument(request=request, kind=kind, filename=filename, media_type=MEDIA_TYPES[file_format],
                               sha256=hashlib.sha256(data).hexdigest(), size=len(data), language=language,
                               added_by=actor)
    # The file is written before the row: a rollback can leave an unreferenced file, never a row without its file.
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


@transaction.atomic
def request_document_generate(*, actor: Any, request: Request, file_format: str,
                              language: str | None = None) -> RequestDocument:
    """Produce the request as PDF or DOCX in its document language (or `language`)."""
    if file_format not in {"pdf", "docx"}:
        raise ValidationFailed({"format": [str(_("Choose PDF or DOCX."))]})
    if actor.authority_id not in {request.requesting_authority_id, request.requested_authority_id}:
        raise PermissionDenied(_("Your authority is not a party to this request."))
    language = language or request.document_language
    if language not in {"en", "fr"}:
        raise ValidationFailed({"language": [str(_("Documents are produced in English or French."))]})
    data = documents.render_pdf(request, language) if file_format == "pdf" else documents.render_docx(request, language)
    document = _store(request=request, kind=RequestDocument.Kind.GENERATED, data=data,
                      filename=f"{request.reference}-{language}.{file_format}", file_format=file_format,
                      language=language, actor=actor)
    record_event(actor=actor, action="request.generate_document", obj=request,
                 after={"file": document.filename, "sha256": document.sha256})
    return document


def sniff_received_format(data: bytes) -> str:
    """Recognise a received file by its content, not its name: PDF, DOCX or e-mail (RFC 5322)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    head = data[:4096].decode("utf-8", errors="replace")
    if any(line.split(":", 1)[0] in {"From", "Received", "Subject", "Message-ID", "Date"} and ":" in line
           for line in head.splitlines()[:30]):
        return "eml"
    raise ValidationFailed({"file": [str(_("Attach the request as PDF, DOCX or an e-mail (.eml) file."))]})


@transaction.atomic
def request_register_incoming(*, actor: Any, requesting_authority: Authority, request_type: str,
                              received_reference: str, data: bytes, filename: str,
                              summary_of_facts: str = "") -> Request:
    """The requested side records a request received by e-mail, post or fax, with the received file."""
    require_role(actor, Role.DRAFTER, Role.APPROVER)
    errors: dict[str, list[str]] = {}
    if request_type not in catalogue.BY_CODE:
        errors["request_type"] = [str(_("Choose a type of request."))]
    if not data:
        errors["file"] = [str(_("The file is empty."))]
    elif len(data) > MAX_RECEIVED_BYTES:
        errors["file"] = [str(_("The file is larger than 20 MB."))]
    if requesting_authority.pk == actor.authority_id:
        errors["requesting_authority"] = [str(_("The request comes from another authority."))]
    if errors:
        raise ValidationFailed(errors)
    file_format = sniff_received_format(data)
    request = Request.objects.create(
        reference=next_reference(authority=actor.authority, kind="IN"), request_type=request_type,
        requesting_authority=requesting_authority, requested_authority_id=actor.authority_id, status=Status.SENT,
        content={"summary_of_facts": summary_of_facts.strip(), "received_reference": received_reference.strip()},
        is_incoming_registration=True, created_by=actor, sent_at=timezone.now(),
    )
    safe_name = "".join(character for character in filename if character.isalnum() or character in "._-")[:80]
    _store(request=request, kind=RequestDocument.Kind.RECEIVED, data=data,
           filename=safe_name or f"received.{file_format}", file_format=file_format, language="", actor=actor)
    timeline_add(request=request, actor=actor, action="register_incoming", to_status=Status.SENT,
                 note=received_reference.strip())
    record_event(actor=actor, action="request.register_incoming", obj=request,
                 after={"type": request_type, "from": str(requesting_authority.pk), "file_format": file_format})
    return request
