"""For every request type: a complete request goes through the workflow to each allowed outcome; an
incomplete one cannot be sent and says exactly what is missing."""

from __future__ import annotations

from typing import Any

import pytest

from glacy.cooperation.facts import ground_facts
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.grounds import grounds_for
from glacy.cooperation.rules.workflow import Status
from glacy.cooperation.services.requests import request_create
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import (
    build_complete_request,
    complete_content,
    requested_authority_for,
    requested_side_user,
    send,
)

ALL_TYPES = [request_type.code for request_type in catalogue.TYPES]
OUTCOME_PATHS = {
    "executed": ["acknowledge", "start_execution", "execute"],
    "partially_executed": ["acknowledge", "start_execution", "execute_partially"],
    "refused": ["acknowledge", "refuse"],
    "postponed": ["acknowledge", "postpone"],
    "not_executable": ["acknowledge", "report_impossible"],
    "acknowledged": ["acknowledge"],
}


def _inputs(action: str, request: Request) -> dict[str, Any]:
    """A lawful ground (the first one offered for this request), reasons and the Art. 27(6) answer."""
    if action not in {"execute_partially", "refuse", "postpone", "report_impossible"}:
        return {}
    offered = grounds_for(action=action, request_type=catalogue.request_type(request.request_type),
                          facts=ground_facts(request))
    return {"reason_code": offered[0].code if offered else "", "note": "Reasons given to the requesting side.",
            "partial_or_conditional_considered": action in {"refuse", "postpone"}}


CASES = [(code, outcome) for code in ALL_TYPES for outcome in sorted(catalogue.request_type(code).outcomes)]


@pytest.mark.parametrize(("code", "outcome"), CASES)
def test_complete_request_reaches_each_allowed_outcome(code: str, outcome: str, world: Any) -> None:
    request = send(world, build_complete_request(world, code))
    assert request.status == Status.SENT
    other_side = requested_side_user(request)
    for action in OUTCOME_PATHS[outcome]:
        request = request_transition(actor=other_side, request=request, action=action, **_inputs(action, request))
    assert request.status == outcome
    actions = list(request.events.values_list("action", flat=True))
    assert actions[-len(OUTCOME_PATHS[outcome]):] == OUTCOME_PATHS[outcome]
    assert actions[0] == "create"
    # ETS 185 Art. 27(5): a postponed request is not closed.
    assert (request.closed_at is None) == (outcome == "postponed")


@pytest.mark.parametrize("code", ALL_TYPES)
def test_each_missing_field_blocks_sending_and_is_named(code: str, world: Any) -> None:
    request_type = catalogue.request_type(code)
    for requirement in request_type.requirements:
        if requirement.field == "identifiers" or not requirement.required:
            continue
        content = complete_content(code)
        content.pop(requirement.field)
        request = build_complete_request(world, code)
        request.content = dict(content)
        request.save()
        action = "submit_for_approval" if request_type.needs_approval else "send"
        events_before = AuditEvent.objects.count()
        with pytest.raises(ValidationFailed) as error:
            request_transition(actor=world.users["drafter"], request=request, action=action)
        kind = FIELDS[requirement.field].kind
        expected = {"boolean": "Confirm this statement.", "choice": "Choose one."}.get(
            kind, "This content is required.")
        assert error.value.errors[requirement.field][0] == f"{expected} ({requirement.article})"
        request.refresh_from_db()
        assert request.status == Status.DRAFT
        assert AuditEvent.objects.count() == events_before


def test_preservation_without_identifiers_lists_every_missing_item(world: Any) -> None:
    request = request_create(actor=world.users["drafter"], case=world.objects["case"], request_type="ETS185-29",
                             requested_authority=requested_authority_for(world, "ETS185-29"),
                             content={"summary_of_facts": "Ransomware."})
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=request, action="send")
    assert error.value.errors == {
        "contact_person": ["This content is required. (ETS 185 Art. 29(2)(a))"],
        "offence_description": ["This content is required. (ETS 185 Art. 29(2)(b))"],
        "data_sought": ["This content is required. (ETS 185 Art. 29(2)(c))"],
        "identifiers": ["Add at least one identifier of the data sought. (ETS 185 Art. 29(2)(c))"],
        "relationship_to_offence": ["This content is required. (ETS 185 Art. 29(2)(c))"],
        "custodian_or_location": ["This content is required. (ETS 185 Art. 29(2)(d))"],
        "necessity": ["This content is required. (ETS 185 Art. 29(2)(e))"],
        "intends_mutual_assistance": ["Confirm this statement. (ETS 185 Art. 29(2)(f))"],
    }


def test_a_type_needing_approval_cannot_be_sent_from_draft(world: Any) -> None:
    request = build_complete_request(world, "ETS185-27")
    with pytest.raises(InvalidTransition):
        request_transition(actor=world.users["drafter"], request=request, action="send")


def test_only_approvers_approve_and_only_the_requested_side_acknowledges(world: Any) -> None:
    request = build_complete_request(world, "ETS185-27")
    request = request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
    with pytest.raises(PermissionDenied):
        request_transition(actor=world.users["drafter"], request=request, action="approve")
    request = request_transition(actor=world.users["approver"], request=request, action="approve")
    request = request_transition(actor=world.users["drafter"], request=request, action="send")
    with pytest.raises(PermissionDenied):
        request_transition(actor=world.users["drafter"], request=request, action="acknowledge")


def test_refusal_needs_a_lawful_ground_and_reasons(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-31"))
    other = requested_side_user(request)
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=other, request=request, action="refuse")
    assert error.value.errors == {
        "reason_code": ["Choose one of the grounds the treaty allows for this request."],
        "note": ["Give the reasons (ETS 185 Art. 27(7))."],
        "partial_or_conditional_considered": [
            "First consider whether the request can be granted partially or subject to conditions "
            "(ETS 185 Art. 27(6))."]}
    refused = request_transition(actor=other, request=request, action="refuse", reason_code="political_offence",
                                 note="The offence is political.", partial_or_conditional_considered=True)
    event = refused.events.last()
    assert (event.reason_code, event.details["ground_article"], event.note) == (
        "political_offence", "ETS 185 Art. 27(4)(a)", "The offence is political.")


def test_spontaneous_information_cannot_be_executed(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-26"))
    other = requested_side_user(request)
    request = request_transition(actor=other, request=request, action="acknowledge")
    assert request.closed_at is not None
    with pytest.raises(InvalidTransition):
        request_transition(actor=other, request=request, action="start_execution")
