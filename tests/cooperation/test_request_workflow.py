"""For every request type: a complete request goes through the workflow to each allowed outcome; an
incomplete one cannot be sent and says exactly what is missing."""

from __future__ import annotations

from typing import Any

import pytest

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.fields import FIELDS
from glacy.cooperation.rules.workflow import Status
from glacy.cooperation.services.requests import request_create
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import build_complete_request, complete_content, requested_authority_for
from tests.factories import UserFactory

ALL_TYPES = [request_type.code for request_type in catalogue.TYPES]
OUTCOME_PATHS = {
    "executed": ["acknowledge", "start_execution", "execute"],
    "partially_executed": ["acknowledge", "start_execution", "execute_partially"],
    "refused": ["acknowledge", "refuse"],
    "postponed": ["acknowledge", "postpone"],
    "acknowledged": ["acknowledge"],
}
REASONS = {"execute_partially": "impossible", "refuse": "essential_interests", "postpone": "postponed_prejudice"}


def _requested_side_user(request: Request) -> Any:
    return UserFactory(username=f"requested-{request.requested_authority_id}", authority=request.requested_authority,
                       roles=["drafter", "approver"])


def _send(world: Any, request: Request) -> Request:
    if catalogue.request_type(request.request_type).needs_approval:
        request = request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
        request = request_transition(actor=world.users["approver"], request=request, action="approve")
    return request_transition(actor=world.users["drafter"], request=request, action="send")


CASES = [(code, outcome) for code in ALL_TYPES for outcome in sorted(catalogue.request_type(code).outcomes)]


@pytest.mark.parametrize(("code", "outcome"), CASES)
def test_complete_request_reaches_each_allowed_outcome(code: str, outcome: str, world: Any) -> None:
    request = _send(world, build_complete_request(world, code))
    assert request.status == Status.SENT
    other_side = _requested_side_user(request)
    for action in OUTCOME_PATHS[outcome]:
        request = request_transition(actor=other_side, request=request, action=action,
                                     reason_code=REASONS.get(action, ""))
    assert request.status == outcome
    actions = list(request.events.values_list("action", flat=True))
    assert actions[-len(OUTCOME_PATHS[outcome]):] == OUTCOME_PATHS[outcome]
    assert actions[0] == "create"


@pytest.mark.parametrize("code", ALL_TYPES)
def test_each_missing_field_blocks_sending_and_is_named(code: str, world: Any) -> None:
    request_type = catalogue.request_type(code)
    for requirement in request_type.requirements:
        if requirement.field == "identifiers":
            continue
        content = complete_content(code)
        content.pop(requirement.field)
        if request_type.is_emergency and requirement.field in {"urgency_reasons", "emergency_facts"}:
            content.pop("urgency_reasons", None)
            content.pop("emergency_facts", None)
        request = build_complete_request(world, code)
        request.content = dict(content)
        request.save()
        if request_type.needs_approval:
            action, actor = "submit_for_approval", world.users["drafter"]
        else:
            action, actor = "send", world.users["drafter"]
        events_before = AuditEvent.objects.count()
        with pytest.raises(ValidationFailed) as error:
            request_transition(actor=actor, request=request, action=action)
        assert requirement.field in error.value.errors
        expected = ("Confirm this statement." if FIELDS[requirement.field].kind == "boolean"
                    else "This content is required.")
        assert error.value.errors[requirement.field][0] == f"{expected} ({requirement.citation})"
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
        "contact_person": ["This content is required. (T-CY request template)"],
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


def test_refusal_needs_a_structured_reason(world: Any) -> None:
    request = _send(world, build_complete_request(world, "ETS185-31"))
    other = _requested_side_user(request)
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=other, request=request, action="refuse")
    assert error.value.errors == {"reason_code": ["Choose the reason for this decision."]}
    refused = request_transition(actor=other, request=request, action="refuse", reason_code="political_offence")
    assert refused.events.last().reason_code == "political_offence"


def test_spontaneous_information_cannot_be_executed(world: Any) -> None:
    request = _send(world, build_complete_request(world, "ETS185-26"))
    other = _requested_side_user(request)
    request = request_transition(actor=other, request=request, action="acknowledge")
    assert request.closed_at is not None
    with pytest.raises(InvalidTransition):
        request_transition(actor=other, request=request, action="start_execution")
