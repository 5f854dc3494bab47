"""Request pages: draft from a case, read at a glance, act on it (the list is in views/lists.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.cooperation import selectors
from glacy.cooperation.facts import report_for
from glacy.cooperation.forms import IdentifierForm, RequestCreateForm, TransitionForm, content_form_class
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.workflow import REQUESTING, Status, available_transitions, reasons_for
from glacy.cooperation.services import documents as document_services
from glacy.cooperation.services import requests as request_services
from glacy.cooperation.services.workflow import request_deadlines, request_transition
from glacy.core.confirm import confirmation_page
from glacy.core.errors import DomainError
from glacy.core.htmx import form_errors_from
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest


@login_required
def request_create(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(selectors.cases_for_user(user=request.user), pk=case_id)
    form = RequestCreateForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = request_services.request_create(
                    actor=request.user, case=case, request_type=form.cleaned_data["request_type"],
                    requested_authority=form.cleaned_data["requested_authority"],
                    document_language=form.cleaned_data["document_language"], follows=form.cleaned_data["follows"])
            except DomainError as error:
                form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
            else:
                messages.success(request, _("Request %(reference)s drafted.") % {"reference": created.reference})
                return redirect("request-detail", request_id=created.pk)
        status = 400
    return render(request, "cooperation/request_create.html", {"form": form, "case": case}, status=status)


@login_required
def request_detail(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user).select_related("case", "follows"),
                              pk=request_id)
    is_requesting = selectors.is_requesting_side(user=request.user, request=item)
    side = REQUESTING if is_requesting else "requested"
    request_type = catalogue.request_type(item.request_type)
    transitions = available_transitions(status=item.status, request_type=request_type, side=side,
                                        roles=request.user.role_codes())
    is_draft = is_requesting and item.status == Status.DRAFT
    return render(request, "cooperation/request_detail.html", {
        "item": item, "request_type": request_type, "is_requesting": is_requesting,
        # The requested side sees the request and what was sent with it, never the case.
        "case": item.case if is_requesting else None,
        "status_label": Status(item.status).label, "deadlines": request_deadlines(item),
        "report": report_for(item) if is_draft or item.status == Status.APPROVED else None,
        "transitions": [(transition, reasons_for(transition.action)) for transition in transitions],
        "content_form": content_form_class(item.request_type)(initial=item.content) if is_draft else None,
        "identifier_form": IdentifierForm() if is_draft else None, "is_draft": is_draft,
        "events": item.events.all(), "documents": item.documents.all(),
    })


@login_required
@require_POST
def request_edit_content(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    form = content_form_class(item.request_type)(request.POST)
    if form.is_valid():
        try:
            request_services.request_update_content(actor=request.user, request=item, content=form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Content saved."))
    else:
        messages.error(request, _("Check the content: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("request-detail", request_id=item.pk)


@login_required
@require_POST
def request_add_identifier(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    form = IdentifierForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            request_services.request_identifier_add(actor=request.user, request=item, kind=data["kind"], raw=data)
        except DomainError as error:
            messages.error(request, _("Identifier refused: %(reason)s") % {"reason": error.text})
        else:
            messages.success(request, _("Identifier added."))
    return redirect("request-detail", request_id=item.pk)


@login_required
@require_POST
def request_remove_identifier(request: AuthenticatedRequest, request_id: str, identifier_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    identifier = get_visible_or_404(item.identifiers.all(), pk=identifier_id)
    try:
        request_services.request_identifier_remove(actor=request.user, identifier=identifier)
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("request-detail", request_id=item.pk)


@login_required
@require_POST
def request_act(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    form = TransitionForm(request.POST)
    if form.is_valid() and (page := _confirm_step(request, item, form.cleaned_data["action"])) is not None:
        return page  # a step cannot be undone: asked first (design system, core/confirm.py)
    if form.is_valid():
        try:
            request_transition(actor=request.user, request=item, action=form.cleaned_data["action"],
                               reason_code=form.cleaned_data["reason_code"], note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, _("Not done: %(reason)s") % {"reason": error.text})
        else:
            messages.success(request, _("Done."))
    return redirect("request-detail", request_id=item.pk)


def _confirm_step(request: AuthenticatedRequest, item: Any, action: str) -> HttpResponse | None:
    """The confirmation page of a step the user may take now; None when confirmed or not theirs to take."""
    side = REQUESTING if selectors.is_requesting_side(user=request.user, request=item) else "requested"
    steps = {transition.action: transition for transition in available_transitions(
        status=item.status, request_type=catalogue.request_type(item.request_type), side=side,
        roles=request.user.role_codes())}
    if action not in steps:
        return None  # the service refuses it with its reason
    return confirmation_page(
        request, question=_("%(step)s: request %(reference)s? This step cannot be undone.") % {
            "step": steps[action].label, "reference": item.reference},
        confirm_label=steps[action].label, cancel_url=reverse("request-detail", kwargs={"request_id": item.pk}))


@login_required
@require_POST
def request_generate_document(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    try:
        document = document_services.request_document_generate(
            actor=request.user, request=item, file_format=request.POST.get("format", ""),
            language=request.POST.get("language") or None)
    except DomainError as error:
        messages.error(request, error.text)
        return redirect("request-detail", request_id=item.pk)
    return redirect("request-document", request_id=item.pk, document_id=document.pk)


@login_required
def request_document(request: AuthenticatedRequest, request_id: str, document_id: str) -> FileResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    document = get_visible_or_404(item.documents.all(), pk=document_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename,
                        content_type=document.media_type)
