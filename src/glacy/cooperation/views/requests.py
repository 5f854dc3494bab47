"""Request pages: draft from a case and read one at a glance (the list is in views/lists.py, steps in actions.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.cooperation import presenters, selectors
from glacy.cooperation.facts import article_27_applies, ground_facts, report_for, step_context
from glacy.cooperation.forms import (
    IdentifierForm,
    MaterialForm,
    RequestCreateForm,
    content_form_class,
    content_initial,
    transition_form_class,
)
from glacy.cooperation.messaging.timeline import deliveries, refused_here
from glacy.cooperation.models import Request
from glacy.cooperation.problems import field_label, problem_rows
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.conditions import ConditionState, condition_basis
from glacy.cooperation.rules.grounds import grounds_for
from glacy.cooperation.rules.workflow import REQUESTED, REQUESTING, Status, available_transitions
from glacy.cooperation.services import prefill as prefill_services
from glacy.cooperation.services import requests as request_services
from glacy.cooperation.services.deadlines import preservation_state_for, request_deadlines
from glacy.cooperation.services.documents import SUPPLY_STATUSES
from glacy.cooperation.services.translations import language_name, may_attach_translation, translation_for_reader
from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest

#: Steps that end the request for good on the side taking them: shown apart, in red, under "Cannot be undone"
#: (every step is confirmed before it happens; these are the ones a person must not take by mistake).
DESTRUCTIVE_STEPS = frozenset({"withdraw", "refuse", "report_impossible"})


@login_required
def request_create(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(selectors.cases_for_user(user=request.user), pk=case_id)
    form = RequestCreateForm(request.POST or None, user=request.user,
                             follow_up_choices=_follow_up_choices(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, prefilled, copied = _create_prefilled(request, case, form.cleaned_data)
            except DomainError as error:
                form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
            else:
                messages.success(request, _drafted_message(created, case, prefilled, copied))
                return redirect("request-detail", request_id=created.pk)
        status = 400
    return render(request, "cooperation/request_create.html", {
        "form": form, "case": case, "offences": presenters.offence_labels_of(case.offence_articles),
        "contact": prefill_services.contact_line(request.user)}, status=status)


def _follow_up_choices(request: AuthenticatedRequest) -> list[tuple[str, str]]:
    """Requests of the user's authority that a new one may follow up: sent, newest first (the field's list)."""
    rows = selectors.requests_for_user(user=request.user).filter(
        requesting_authority_id=request.user.authority_id, sent_at__isnull=False).select_related(
        "requested_authority__country").order_by("-sent_at")[:100]
    return [(item.reference, f"{item.type_title} – {item.requested_authority.name} "
                             f"({item.requested_authority.country.name})") for item in rows]


@transaction.atomic
def _create_prefilled(request: AuthenticatedRequest, case: Any, data: dict[str, Any]) -> tuple[Request, Any, int]:
    """The draft with its content proposed from the case and the followed-up request, and that request's
    identifiers copied (all in one transaction: the draft exists with everything, or not at all)."""
    follows = None
    if data["follows_reference"].strip():
        follows = request_services.follow_up_target(actor=request.user, reference=data["follows_reference"],
                                                    requested_authority=data["requested_authority"])
    prefilled = prefill_services.proposed_content(actor=request.user, case=case,
                                                  request_type=data["request_type"], follows=follows)
    created = request_services.request_create(
        actor=request.user, case=case, request_type=data["request_type"],
        requested_authority=data["requested_authority"], document_language=data["document_language"],
        follows=follows, content=prefilled.content)
    copied = 0
    if follows is not None and "identifiers" in {requirement.field for requirement in catalogue.request_type(
            created.request_type).requirements}:
        copied = prefill_services.request_identifiers_copy(actor=request.user, request=created, source=follows)
    return created, prefilled, copied


def _drafted_message(created: Request, case: Any, prefilled: Any, copied: int) -> str:
    parts = [_("Request %(reference)s drafted.") % {"reference": created.reference}]
    if prefilled.from_case:
        parts.append(_("Copied from case %(case)s: %(fields)s.") % {
            "case": case.reference, "fields": ", ".join(field_label(name) for name in prefilled.from_case)})
    if prefilled.from_earlier or copied:
        copied_items = [field_label(name) for name in prefilled.from_earlier]
        if copied:
            copied_items.append(ngettext("%(count)s identifier", "%(count)s identifiers", copied) % {"count": copied})
        parts.append(_("Copied from request %(reference)s: %(fields)s.") % {
            "reference": created.follows.reference if created.follows else "", "fields": ", ".join(copied_items)})
    if len(parts) > 1:
        parts.append(_("Check every copied value before sending."))
    return " ".join(parts)


def _action_forms(request: AuthenticatedRequest, item: Request, side: str) -> list[dict[str, Any]]:
    context = step_context(item)
    facts = ground_facts(item) if side == REQUESTED else None
    basis = condition_basis(request_type=context.request_type, article_27_applies=article_27_applies(item))
    forms = []
    for transition in available_transitions(status=item.status, context=context, side=side,
                                            roles=request.user.role_codes()):
        grounds = grounds_for(action=transition.action, request_type=context.request_type, facts=facts) \
            if facts is not None and transition.needs_ground else []
        if transition.needs_ground and not grounds:
            continue  # no lawful ground for this request: the step is not offered
        form_class = transition_form_class(transition, grounds, family=context.request_type.family,
                                           condition_kinds=basis.kind_choices())
        label = transition.label
        if transition.action == "answer_proceed":
            label = _("Accept the conditions") if item.pending_question == "propose_conditions" \
                else _("Execute nevertheless")
        forms.append({"transition": transition, "label": label, "article": presenters.cite(transition.article),
                      "reading": transition.reading, "destructive": transition.action in DESTRUCTIVE_STEPS,
                      "form": form_class(initial={"action": transition.action}, auto_id=f"{transition.action}-%s")})
    return forms


def _timeline(request: AuthenticatedRequest, item: Request) -> list[dict[str, Any]]:
    """The history, each step with where its message is (cooperation.messaging.timeline)."""
    events = list(item.events.select_related("authority"))
    lines = deliveries(events, request=item, viewer=request.user)
    return [row | {"delivery": lines.get(event.pk)} for row, event in zip(presenters.event_rows(events), events,
                                                                          strict=True)]


def detail_context(request: AuthenticatedRequest, item: Request, *, content_form: Any = None,
                   identifier_form: Any = None) -> dict[str, Any]:
    """Everything the request page shows, in the reader's language, for the reader's side.

    `content_form` / `identifier_form`: a posted form to show again with its errors tied to its fields.
    """
    is_requesting = selectors.is_requesting_side(user=request.user, request=item)
    side = REQUESTING if is_requesting else REQUESTED
    request_type = catalogue.request_type(item.request_type)
    is_draft = is_requesting and item.status == Status.DRAFT
    conditions = presenters.condition_rows(item)
    # ETS 185 Art. 26(2): conditions are asked "prior to providing"; the receiving side reads the information
    # once it accepted them (or the providing side decided to provide it nevertheless).
    withheld = {"information_provided"} if (not is_requesting and item.conditions.filter(
        state__in=[ConditionState.PROPOSED, ConditionState.CANNOT_COMPLY]).exists()) else set()
    question = presenters.question_text(item)
    documents = list(item.documents.all())
    if is_draft and content_form is None:
        content_form = content_form_class(item.request_type, applicable_treaty=item.applicable_treaty)(
            initial=content_initial(item))
    report = report_for(item) if is_requesting and item.status in {
        Status.DRAFT, Status.APPROVED, Status.AWAITING_APPROVAL} else None
    editable = list(content_form.fields) if content_form is not None else []
    return {
        "item": item, "request_type": request_type, "is_requesting": is_requesting, "side": side,
        # The requested side sees the request and what was sent with it, never the case.
        "case": item.case if is_requesting else None,
        "status_label": presenters.status_label(item.status), "citation": presenters.cite(request_type.article),
        "deadlines": [{"deadline": deadline, "citation": presenters.cite(deadline.citation)}
                      for deadline in request_deadlines(item)],
        "preservation": preservation_state_for(item), "sending": presenters.sending_rows(item),
        "offences": presenters.offence_rows(item),
        "report": report, "problems": {
            kind: problem_rows(getattr(report, kind), editable=editable)
            for kind in ("blocking", "blocking_send", "warnings")} if report is not None else None,
        "actions": (actions := _action_forms(request, item, side)),
        "has_destructive_action": any(action["destructive"] for action in actions),
        "question": (str(question[0]), presenters.cite(question[1])) if question else None,
        "content_form": content_form if is_draft else None,
        "sections": (sections := presenters.content_sections(item, hide=frozenset(withheld))),
        **_translation_context(request, item, is_requesting, sections),
        "withheld": bool(withheld), "identifiers": presenters.identifier_rows(item),
        "identifier_form": (identifier_form or IdentifierForm()) if is_draft else None, "is_draft": is_draft,
        "conditions": conditions,
        "material": [document for document in documents if document.kind == "supplied"],
        "documents": [document for document in documents if document.kind != "supplied"],
        "disclosures": presenters.event_rows(list(item.events.filter(action="disclose_traffic_path"))),
        "material_form": MaterialForm(auto_id="material-%s") if (
            side == REQUESTED and item.status in SUPPLY_STATUSES) else None,
        "events": _timeline(request, item),
        "refused_here": refused_here(request=item, viewer=request.user),
        "follow_ups": item.follow_ups.filter(sent_at__isnull=False) if is_requesting else [],
    }


@login_required
def request_detail(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user).select_related("case", "follows"),
                              pk=request_id)
    return render(request, "cooperation/request_detail.html", detail_context(request, item))


def _translation_context(request: AuthenticatedRequest, item: Request, is_requesting: bool,
                         sections: list[Any]) -> dict[str, Any]:
    """The requested side reads the translation in its language beside the original; the requesting side sees
    which translations it attached and may attach one."""
    if is_requesting:
        return {"translations": [{"language": language_name(translation.language),
                                  "code": translation.language, "translation": translation}
                                 for translation in item.translations.all()],
                "may_translate": may_attach_translation(item) and (
                    request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER))}
    translation = translation_for_reader(item, language=get_language() or "en")
    if translation is None:
        return {}
    return {"translation": translation, "translation_language": language_name(translation.language, in_sentence=True),
            "original_language": language_name(item.document_language, in_sentence=True),
            "translated_sections": [{"section": section, "text": translation.texts.get(section.name, "")}
                                    for section in sections]}


def _refused(request: AuthenticatedRequest, item: Request, **forms: Any) -> HttpResponse:
    """The request page again with the posted form, its errors on its fields and in the summary above it.

    Someone who may not change the request gets the reason instead (the form is not theirs to correct)."""
    may_edit = (selectors.is_requesting_side(user=request.user, request=item) and item.status == Status.DRAFT
                and (request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER)))
    if not may_edit:
        messages.error(request, _("Only the requesting authority's drafters and approvers change a draft."))
        return redirect("request-detail", request_id=item.pk)
    return render(request, "cooperation/request_detail.html", detail_context(request, item, **forms), status=400)


@login_required
@require_POST
def request_edit_content(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user).select_related("case", "follows"),
                              pk=request_id)
    form = content_form_class(item.request_type, applicable_treaty=item.applicable_treaty)(request.POST)
    if not form.is_valid():
        return _refused(request, item, content_form=form)
    data = dict(form.cleaned_data)
    if "return_time_frame_days" in data and data["return_time_frame_days"] is None:
        data["return_time_frame_days"] = ""
    try:
        request_services.request_update_content(actor=request.user, request=item, content=data)
    except ValidationFailed as error:
        form_errors_from(error.errors, form)
        return _refused(request, item, content_form=form)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Content saved."))
    return redirect("request-detail", request_id=item.pk)


@login_required
@require_POST
def request_add_identifier(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    item = get_visible_or_404(selectors.requests_for_user(user=request.user).select_related("case", "follows"),
                              pk=request_id)
    form = IdentifierForm(request.POST)
    if not form.is_valid():
        return _refused(request, item, identifier_form=form)
    data = form.cleaned_data
    try:
        request_services.request_identifier_add(actor=request.user, request=item, kind=data["kind"], raw=data)
    except ValidationFailed as error:
        form_errors_from(error.errors, form)  # on the part that is wrong: the port, the time, the address
        return _refused(request, item, identifier_form=form)
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
