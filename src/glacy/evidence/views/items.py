"""Evidence pages: a case's exhibits, ingest, one exhibit with its custody log, download, export."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from glacy.cooperation.selectors import cases_for_user
from glacy.core.errors import DomainError
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.evidence.forms import CustodyEventForm, IngestForm, PurposeForm
from glacy.evidence.models import IngestJob
from glacy.evidence.selectors import evidence_for_user
from glacy.evidence.services.events import custody_event_record, evidence_content_open
from glacy.evidence.services.export import evidence_export_zip
from glacy.evidence.services.jobs import ingest_folder_job_create, ingest_job_create, ingest_job_options
from glacy.evidence.services.log_verify import custody_log_verify
from glacy.evidence.uploads import hash_uploads

FOLDER_FIELDS = {"files": "folder", "paths": "folder", "folder_name": "folder"}


@login_required
def case_evidence(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(cases_for_user(user=request.user), pk=case_id)
    return render(request, "evidence/case_evidence.html", {
        "case": case, "items": evidence_for_user(user=request.user).filter(case=case),
        "can_ingest": request.user.has_role(Role.CUSTODIAN),
    })


@csrf_exempt  # the CSRF check runs below, once the upload handlers are in place
@login_required
def evidence_ingest_page(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    """Ingest one file, or one folder whose files come with their relative paths (the page's script sends them).

    The upload is hashed as its bytes arrive (uploads.py): the handler must be installed before the CSRF check
    reads the request body."""
    hashing = hash_uploads(request)
    return _ingest_page(request, case_id, hashing)


@csrf_protect
def _ingest_page(request: AuthenticatedRequest, case_id: str, hashing: Any) -> HttpResponse:
    case = get_visible_or_404(cases_for_user(user=request.user), pk=case_id)
    if not request.user.has_role(Role.CUSTODIAN):
        messages.error(request, _("Ingesting evidence needs the custodian role."))
        return redirect("case-evidence", case_id=case.pk)
    form = IngestForm(request.POST or None, request.FILES or None, case=case)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            options = ingest_job_options(data)
            try:
                if data["folder"]:
                    received = hashing.digests_of("folder")
                    job = ingest_folder_job_create(
                        actor=request.user, case=case, folder_name=data["folder_name"], options=options,
                        files=[(path, upload.chunks()) for path, upload in data["folder_files"]],
                        received_sha256=[digests["sha256"] for digests in received])
                else:
                    received = hashing.digests_of("file")
                    job = ingest_job_create(actor=request.user, case=case, chunks=data["file"].chunks(),
                                            original_name=data["file"].name, options=options,
                                            received_hashes=received[0] if received else None)
            except DomainError as error:
                errors = getattr(error, "errors", {"__all__": [str(error.message)]})
                # The service names the API's fields; on this page they are all about the chosen folder.
                form_errors_from({FOLDER_FIELDS.get(field, field): texts for field, texts in errors.items()}, form)
            else:
                return redirect("evidence-ingest-job", job_id=job.pk)
    return render(request, "evidence/ingest.html", {"form": form, "case": case}, status=status)


@login_required
def ingest_job_status(request: AuthenticatedRequest, job_id: str) -> HttpResponse:
    """Progress of a background ingest; the page refreshes its progress bar every second until it ends."""
    job = get_visible_or_404(IngestJob.objects.filter(requested_by=request.user).select_related("case", "item"),
                             pk=job_id)
    template = "evidence/_job_progress.html" if getattr(request, "htmx", False) else "evidence/job.html"
    return render(request, template, {"job": job})


@login_required
def evidence_detail(request: AuthenticatedRequest, item_id: str) -> HttpResponse:
    item = get_visible_or_404(evidence_for_user(user=request.user).select_related(
        "answers_request", "case__authority"), pk=item_id)
    events = list(item.custody_events.order_by("log_index"))
    return render(request, "evidence/detail.html", {
        "item": item, "events": events, "members": item.members.all()[:500],
        "member_count": item.members.count(), "event_form": CustodyEventForm(), "purpose_form": PurposeForm(),
        "is_custodian": request.user.has_role(Role.CUSTODIAN),
        "last_fixity": next((event for event in reversed(events) if event.event_type == "fixity_checked"), None),
    })


@login_required
@require_POST
def evidence_record_event(request: AuthenticatedRequest, item_id: str) -> HttpResponse:
    item = get_visible_or_404(evidence_for_user(user=request.user), pk=item_id)
    form = CustodyEventForm(request.POST)
    if form.is_valid():
        try:
            custody_event_record(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Custody event recorded."))
    else:
        messages.error(request, form.errors.as_text())
    return redirect("evidence-detail", item_id=item.pk)


@login_required
@require_POST
def evidence_download(request: AuthenticatedRequest, item_id: str) -> HttpResponseBase:
    item = get_visible_or_404(evidence_for_user(user=request.user), pk=item_id)
    try:
        handle = evidence_content_open(actor=request.user, item=item, purpose=request.POST.get("purpose", ""))
    except DomainError as error:
        messages.error(request, error.text)
        return redirect("evidence-detail", item_id=item.pk)
    return FileResponse(handle, as_attachment=True, filename=item.original_name)


@login_required
@require_POST
def evidence_export(request: AuthenticatedRequest, item_id: str) -> HttpResponseBase:
    item = get_visible_or_404(evidence_for_user(user=request.user), pk=item_id)
    try:
        content, name = evidence_export_zip(actor=request.user, item=item, purpose=request.POST.get("purpose", ""))
    except DomainError as error:
        messages.error(request, error.text)
        return redirect("evidence-detail", item_id=item.pk)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


@login_required
def evidence_custody_report(request: AuthenticatedRequest, item_id: str) -> HttpResponse:
    """Chain-of-custody report as PDF, in English or French (?language=fr)."""
    from glacy.evidence.report import custody_report_pdf

    item = get_visible_or_404(evidence_for_user(user=request.user), pk=item_id)
    language = request.GET.get("language", "en")
    if language not in {"en", "fr"}:
        language = "en"
    safe_name = item.exhibit_number.replace("/", "_")
    return HttpResponse(custody_report_pdf(item, language=language), content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{safe_name}-custody-{language}.pdf"'})


@login_required
def custody_verification(request: AuthenticatedRequest) -> HttpResponse:
    """The node's whole custody log re-checked (custodians only: the result names exhibits)."""
    if not request.user.has_role(Role.CUSTODIAN):
        raise PermissionDenied
    from glacy.evidence.trust import TrustFileError

    try:
        report = custody_log_verify()
    except TrustFileError as error:  # the node's trust file itself cannot be read: say so, as a failure
        from glacy.evidence.services.log_verify import LogReport

        report = LogReport(False, 0, 0, str(error))
    return render(request, "evidence/verification.html", {"report": report})
