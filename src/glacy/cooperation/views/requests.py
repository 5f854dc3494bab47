"""Request pages: list (outgoing, incoming, due), draft from a case, and read one at a glance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.cooperation import presenters, selectors
from glacy.cooperation.facts import ground_facts, report_for, step_context
from glacy.cooperation.forms import (
    IdentifierForm,
    MaterialForm,
    RequestCreateForm,
    content_form_class,
    content_initial,
    transition_form_class,
)
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.conditions import ConditionState
from glacy.cooperation.rules.grounds import grounds_for
from glacy.cooperation.rules.workflow import REQUESTED, REQUESTING, Status, available_transitions
from glacy.cooperation.services import requests as request_services
from glacy.cooperation.services.deadlines import preservation_state_for, request_deadlines
from glacy.cooperation.services.documents import SUPPLY_STATUSES
from glacy.core.errors import DomainError
from glacy.core.htmx import form_errors_from
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest


@login_required
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "cooperation/request_list.html", {
        "outgoing": selectors.outgoing_for_user(user=request.user),
        "incoming": selectors.incoming_for_user(user=request.user),
        "to_confirm": selectors.registrations_to_confirm_for_user(user=request.user),
        "due": selectors.requests_due_for_user(user=request.user), "now": timezone.now(),
    })


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
                    document_language=form.cleaned_data["document_language"],
                    follows_reference=form.cleaned_data["follows_reference"])
            except DomainError as error:
                form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
            else:
                messages.success(request, _("Request %(reference)s drafted.") % {"reference": created.reference})
                return redirect("request-detail", request_id=created.pk)
        status = 400
    return render(request, "cooperation/request_create.html", {"form": form, "case": case}, status=status)


def _action_forms(request: AuthenticatedRequest, item: Request, side: str) -> list[dict[str, Any]]:
    context = step_context(item)
    facts = ground_facts(item) if side == REQUESTED else None
    forms = []
    for transition in available_transitions(status=item.status, context=context, side=side,
                                            roles=request.user.role_codes()):
        grounds = grounds_for(action=transition.action, request_type=context.request_type, facts=facts) \
            if facts is not None and transition.needs_ground else []
        if transition.needs_ground and not grounds:
            continue  # no lawful ground for this request: the step is not offered
        form_class = transition_form_class(transition, grounds, family=context.request_type.family)
        label = transition.label
        if transition.action == "answer_proceed":
            label = _("Accept the conditions") if item.pending_question == "propose_conditions" \
                else _("Execute nevertheless")
        forms.append({"transition": transition, "label": label, "article": presenters.cite(transition.article),
                      "reading": transition.reading,
                      "form": form_class(initial={"action": transition.action}, auto_id=f"{transition.action}-%s")})
    return forms


def detail_context(request: AuthenticatedRequest, item: Request) -> dict[str, Any]:
    """Everything the request page shows, in the reader's language, for the reader's side."""
    is_requesting = selectors.is_requesting_side(user=request.user, request=item)
    side = REQUESTING if is_requesting else REQUESTED
    request_type = catalogue.request_type(item.request_type)
    is_draft = is_requesting and item.status == Status.DRAFT
    conditions = presenters.condition_rows(item)
    # ETS 185 Art. 26(2): conditions are asked "prior to providing"; the receiving side reads the information
    # once it accepted them (or the providing side decided to provide it nevertheless).
    withheld = {"information_provided"} if (not is_requesting and item.conditions.filter(
        state__in=[ConditionState.PROPOSED, ConditionState.CANNOT_COMPLY]).exists()) else set()
    question = presenters.QUESTION_TEXT.get(item.pending_question)
    documents = list(item.documents.all())
    return {
        "item": item, "request_type": request_type, "is_requesting": is_requesting, "side": side,
        # The requested side sees the request and what was sent with it, never the case.
        "case": item.case if is_requesting else None,
        "status_label": presenters.status_label(item.status), "citation": presenters.cite(request_type.article),
        "deadlines": [{"deadline": deadline, "citation": presenters.cite(deadline.citation)}
                      for deadline in request_deadlines(item)],
        "preservation": preservation_state_for(item), "sending": presenters.sending_rows(item),
        "offences": presenters.offence_rows(item),
        "report": report_for(item) if is_requesting and item.status in {Status.DRAFT, Status.APPROVED,
                                                                         Status.AWAITING_APPROVAL} else None,
        "actions": _action_forms(request, item, side),
        "question": (str(question[0]), presenters.cite(question[1])) if question else None,
        "content_form": content_form_class(item.request_type, applicable_treaty=item.applicable_treaty)(
            initial=content_initial(item)) if is_draft else None,
        "sections": presenters.content_sections(item, hide=frozenset(withheld)),
        "withheld": bool(withheld), "identifiers": presenters.identifier_rows(item),
        "identifier_form": IdentifierForm() if is_draft else None, "is_draft": is_draft,
        "conditions": conditions,
        "material": [document for document in documents if document.kind == "supplied"],
        "documents": [document for document in documents if document.kind != "supplied"],
        "disclosures": presenters.event_rows(list(item.events.filter(action="disclose_traffic_path"))),
        "material_form": MaterialForm(auto_id="material-%s") if (
            side == REQUESTED and item.status in SUPPLY_STATUSES) else None,
        "events": presenters.event_rows(list(item.events.all())),
        "follow_ups": item.follow_ups.filter(sent_at__isnull=False) if is_requesting else [],
    }


@login_required
def request_detail(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user).select_related("case", "follows"),
                              pk=request_id)
    return render(request, "cooperation/request_detail.html", detail_context(request, item))


def _content_data(request: AuthenticatedRequest, item: Request) -> dict[str, Any] | None:
    form = content_form_class(item.request_type, applicable_treaty=item.applicable_treaty)(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the content: %(errors)s") % {"errors": form.errors.as_text()})
        return None
    data = dict(form.cleaned_data)
    if "return_time_frame_days" in data and data["return_time_frame_days"] is None:
        data["return_time_frame_days"] = ""
    return data


@login_required
@require_POST
def request_edit_content(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    data = _content_data(request, item)
    if data is not None:
        try:
            request_services.request_update_content(actor=request.user, request=item, content=data)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Content saved."))
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
