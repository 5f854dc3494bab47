"""What each workflow step changes on the request, once `services.workflow` has checked it may be taken.

Called only from `request_transition`, inside its transaction; returns the details kept on the timeline.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.facts import article_27_applies
from glacy.cooperation.models import Request, RequestCondition
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.catalogue import Family
from glacy.cooperation.rules.conditions import EXPLAIN_ARTICLE, ConditionKind, ConditionState, condition_basis
from glacy.cooperation.rules.workflow import (
    QUESTIONS,
    REQUESTING,
    SUPPLIER,
    Status,
    Transition,
    side_roles,
)
from glacy.cooperation.services.deadlines import day_of

_EARLIER: dict[str, tuple[str, str | Promise]] = {
    "acknowledge": ("sent_at", _("the request was sent")),
    "accept_conditions": ("sent_at", _("the request was sent")),
    "record_provider_receipt": ("sent_at", _("the order was sent")),
    "record_complete_information": ("received_at", _("the request was received")),
    "record_service": ("information_complete_at", _("all the information was received")),
    "execute": ("received_at", _("the request was received")),
    "execute_partially": ("received_at", _("the request was received")),
    "record_formal_confirmation": ("sent_at", _("the request was sent")),
}


def earliest_allowed(action: str, request: Request) -> datetime.datetime | None:
    """A recorded date may not precede the event it follows (e.g. service before complete information)."""
    entry = _EARLIER.get(action)
    return getattr(request, entry[0]) if entry else None


def earlier_event_label(action: str) -> str:
    entry = _EARLIER.get(action)
    return str(entry[1]) if entry else ""


def _answer_conditions(request: Request, *, from_states: set[str], to_state: str, moment: datetime.datetime,
                       note: str) -> int:
    return request.conditions.filter(state__in=from_states).update(state=to_state, answered_at=moment,
                                                                   answer_note=note, updated_at=moment)


def _resume(request: Request) -> None:
    request.status = request.resumes_status or Status.ACKNOWLEDGED
    request.resumes_status = ""
    request.pending_question = ""


def apply(*, request: Request, transition: Transition, side: str, previous: str, moment: datetime.datetime,
          recorded: datetime.datetime | None, note: str, conditions: list[dict[str, str]],
          information_complete: bool) -> dict[str, Any]:
    """Change the request for this step; the status target is already applied by the caller."""
    action = transition.action
    details: dict[str, Any] = {}
    request_type = catalogue.request_type(request.request_type)
    if action == "send":
        request.sent_at = moment
        conditions_of_use = str(request.content.get("conditions_of_use") or "").strip()
        if request_type.family == Family.SPONTANEOUS and conditions_of_use:
            # ETS 185 Art. 26(2): asked "prior to providing"; the information is shown once they are accepted.
            RequestCondition.objects.create(request=request, kind=ConditionKind.OTHER, text=conditions_of_use,
                                            article="ETS 185 Art. 26(2)", imposed_by=REQUESTING)
    elif action in {"acknowledge", "accept_conditions"}:
        request.acknowledged_at, request.received_at = moment, recorded
        if information_complete and request_type.code == "CETS224-8":
            request.information_complete_at = recorded
            details["information_complete"] = True
        if action == "accept_conditions":
            _answer_conditions(request, from_states={ConditionState.PROPOSED}, to_state=ConditionState.ACCEPTED,
                               moment=moment, note=note)
    elif action == "decline_conditions":
        _answer_conditions(request, from_states={ConditionState.PROPOSED}, to_state=ConditionState.CANNOT_COMPLY,
                           moment=moment, note=note)
        request.resumes_status, request.pending_question = Status.SENT, action
    elif action == "provide_nevertheless":
        _answer_conditions(request, from_states={ConditionState.CANNOT_COMPLY}, to_state=ConditionState.WAIVED,
                           moment=moment, note=note)
        request.pending_question, request.resumes_status = "", ""
        request.received_at = request.received_at or moment
    elif action == "record_provider_receipt":
        request.received_at = recorded
    elif action == "record_complete_information":
        request.information_complete_at = recorded
    elif action == "record_service":
        request.served_at = recorded
    elif action == "record_formal_confirmation":
        request.formal_confirmation_on = day_of(recorded, zone=request.requested_authority.time_zone) \
            if recorded else None
    elif action in QUESTIONS:
        # The other side must answer before the request goes on; remember where it stood.
        request.resumes_status, request.pending_question = previous, action
        if action == "propose_conditions":
            # Each condition under the article of its kind: under ETS 185 Art. 28(2) only confidentiality (a) and
            # limitation of use (b); any other condition is one of Art. 27(6) (rules.conditions).
            basis = condition_basis(request_type=request_type, article_27_applies=article_27_applies(request))
            imposer = side_roles(family=request_type.family)[SUPPLIER]
            recorded_conditions = [{**item, "article": basis.article_for(item["kind"])} for item in conditions]
            for item in recorded_conditions:
                RequestCondition.objects.create(request=request, kind=item["kind"], text=item["text"],
                                                article=item["article"], imposed_by=imposer)
            details["conditions"] = recorded_conditions
            details["article"] = basis.article
    elif action == "answer_proceed":
        if request.pending_question == "propose_conditions":
            _answer_conditions(request, from_states={ConditionState.PROPOSED}, to_state=ConditionState.ACCEPTED,
                               moment=moment, note=note)
        details["question"] = request.pending_question
        _resume(request)
    elif action == "answer_cannot_comply":
        _answer_conditions(request, from_states={ConditionState.PROPOSED}, to_state=ConditionState.CANNOT_COMPLY,
                           moment=moment, note=note)
        details["question"] = request.pending_question
        _resume(request)
    elif action in {"execute", "execute_partially"}:
        request.effected_at = recorded
        # Supplied although the other side said it cannot comply: the supplier decided to provide nevertheless.
        _answer_conditions(request, from_states={ConditionState.CANNOT_COMPLY}, to_state=ConditionState.WAIVED,
                           moment=moment, note="")
    elif action == "withdraw":
        request.pending_question, request.resumes_status = "", ""
    elif action == "ask_use_explanation":
        request.use_explanation_pending = True
        details["article"] = "; ".join(sorted({EXPLAIN_ARTICLE[article] for article in request.conditions.filter(
            state=ConditionState.ACCEPTED, article__in=list(EXPLAIN_ARTICLE)).values_list("article", flat=True)}))
    elif action == "mark_unrelated_to_preservation":
        request.not_about_preserved_data = True
    elif action == "mark_related_to_preservation":
        request.not_about_preserved_data = False
    elif action == "explain_use":
        request.use_explanation_pending = False
    details["side"] = side
    return details
