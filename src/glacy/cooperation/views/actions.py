"""Acting on a request: workflow steps, documents (generate, print a copy, download), material supplied."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.cooperation import presenters, selectors
from glacy.cooperation.facts import article_27_applies, ground_facts
from glacy.cooperation.forms import MaterialForm, conditions_from, transition_form_class
from glacy.cooperation.problems import errors_text
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.conditions import condition_basis
from glacy.cooperation.rules.grounds import grounds_for
from glacy.cooperation.rules.workflow import BY_ACTION
from glacy.cooperation.services import documents as document_services
from glacy.cooperation.services.documents import MAX_RECEIVED_BYTES
from glacy.cooperation.services.workflow import request_transition
from glacy.core.confirm import confirmation_page
from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest


@login_required
@require_POST
def request_act(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    transition = BY_ACTION.get(request.POST.get("action", ""))
    if transition is None:
        messages.error(request, _("Not done: unknown step."))
        return redirect("request-detail", request_id=item.pk)
    grounds = grounds_for(action=transition.action, request_type=catalogue.request_type(item.request_type),
                          facts=ground_facts(item)) if transition.needs_ground else []
    family = catalogue.request_type(item.request_type).family
    basis = condition_basis(request_type=catalogue.request_type(item.request_type),
                            article_27_applies=article_27_applies(item))
    form = transition_form_class(transition, grounds, family=family, condition_kinds=basis.kind_choices())(
        request.POST)
    if not form.is_valid():
        messages.error(request, _("Not done: %(errors)s") % {"errors": " ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items())})
        return redirect("request-detail", request_id=item.pk)
    data = form.cleaned_data
    if (page := confirmation_page(
            request, question=_("%(step)s: request %(reference)s? This step cannot be undone.") % {
                "step": transition.label, "reference": item.reference},
            confirm_label=transition.label,
            cancel_url=reverse("request-detail", kwargs={"request_id": item.pk}))) is not None:
        return page  # a step cannot be undone: asked first (design system, core/confirm.py)
    try:
        request_transition(
            actor=request.user, request=item, action=transition.action, reason_code=data.get("reason_code", ""),
            note=data.get("note", ""), on_date=data.get("on_date"),
            partial_or_conditional_considered=bool(data.get("partial_or_conditional_considered")),
            information_complete=bool(data.get("information_complete")), conditions=conditions_from(data),
            not_convention_offence_confirmed=bool(data.get("not_convention_offence_confirmed")))
    except ValidationFailed as error:  # each finding with its field's name (e.g. the completeness check)
        messages.error(request, _("Not done: %(reason)s") % {"reason": errors_text(error.errors)})
    except DomainError as error:
        messages.error(request, _("Not done: %(reason)s") % {"reason": error.text})
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
    return redirect("request-detail", request_id=item.pk)


@login_required
@require_POST
def request_generate_document(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    """The requesting side keeps a generated document with the request; the requested side gets a printed copy."""
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    file_format, language = request.POST.get("format", ""), request.POST.get("language") or None
    try:
        if selectors.is_requesting_side(user=request.user, request=item):
            document = document_services.request_document_generate(
                actor=request.user, request=item, file_format=file_format, language=language)
            return redirect("request-document", request_id=item.pk, document_id=document.pk)
        filename, media_type, data = document_services.request_document_copy(
            actor=request.user, request=item, file_format=file_format, language=language)
    except DomainError as error:
        messages.error(request, error.text)
        return redirect("request-detail", request_id=item.pk)
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def request_document(request: AuthenticatedRequest, request_id: str, document_id: str) -> HttpResponseBase:
    """Download a document. Material supplied under conditions is shown first with its conditions, and handed
    over only once the reader has seen them (ETS 185 Arts 26(2), 28(2)-(3); CETS 224 Art. 8(8)-(9))."""
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    document = get_visible_or_404(item.documents.all(), pk=document_id)
    conditions = presenters.condition_rows(item) if document.kind == "supplied" else []
    if conditions and request.GET.get("conditions") != "seen":
        return render(request, "cooperation/material_conditions.html",
                      {"item": item, "document": document, "conditions": conditions})
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename,
                        content_type=document.media_type)


@login_required
@require_POST
def request_supply_material(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Attach the file supplied."))
    elif form.cleaned_data["file"].size > MAX_RECEIVED_BYTES:
        messages.error(request, _("The file is larger than 20 MB."))
    else:
        upload = form.cleaned_data["file"]
        try:
            document_services.request_material_supply(actor=request.user, request=item, data=upload.read(),
                                                       filename=upload.name)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Material supplied."))
    return redirect("request-detail", request_id=item.pk)

