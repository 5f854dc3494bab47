"""ETS 185 Arts 29 and 30: preservation, its clock, its follow-ups, its grounds of refusal, the path disclosure."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from glacy.cooperation.facts import ground_facts
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.grounds import grounds_for
from glacy.cooperation.services.cases import case_open
from glacy.cooperation.services.deadlines import preservation_state_for
from glacy.cooperation.services.requests import request_create, request_update_content
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import InvalidTransition, ValidationFailed
from glacy.directory.models import AuthorityKind
from tests.cooperation.helpers import (
    act,
    bind,
    build_complete_request,
    complete_content,
    declare,
    requested_authority_for,
    requested_side_user,
    send,
)
from tests.factories import AuthorityFactory, UserFactory

UTC = datetime.UTC
SENT = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _effected_preservation(world: Any, *, partially: bool = False, content: dict[str, Any] | None = None,
                           effected_on: datetime.date = datetime.date(2026, 3, 2)) -> tuple[Request, Any]:
    request = send(world, build_complete_request(world, "ETS185-29", content=content), now=SENT)
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution", now=SENT)
    action = "execute_partially" if partially else "execute"
    request = request_transition(actor=officer, request=request, action=action, on_date=effected_on,
                                 note="Logs of one server only." if partially else "",
                                 now=datetime.datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    return request, officer


def _central_authority(world: Any) -> tuple[Any, Any, Any]:
    """The requesting Party's central authority, with its drafter, approver and a case of its own."""
    central = AuthorityFactory(country=world.own.country, kind=AuthorityKind.CENTRAL_AUTHORITY,
                               name="Own Central Authority")
    drafter = UserFactory(username="central-drafter", authority=central, roles=["drafter"])
    approver = UserFactory(username="central-approver", authority=central, roles=["approver"])
    case = case_open(actor=drafter, data={"title": "Mutual assistance file", "offence_articles": ["ETS185:5"]})
    return drafter, approver, case


def _follow_up(world: Any, preservation: Request, *, code: str = "ETS185-31", send_it: bool = True) -> Request:
    drafter, approver, case = _central_authority(world)
    if code.startswith("CETS224"):
        for country in ("GH", "PH"):
            bind(country, "CETS224")
    follow_up = request_create(actor=drafter, case=case, request_type=code,
                               requested_authority=requested_authority_for(world, code),
                               content=complete_content(code), follows_reference=preservation.reference)
    from glacy.cooperation.services.requests import request_identifier_add
    from tests.cooperation.helpers import IP_IDENTIFIER

    request_identifier_add(actor=drafter, request=follow_up, kind="ip", raw=IP_IDENTIFIER)
    if send_it:
        follow_up = request_transition(actor=drafter, request=follow_up, action="submit_for_approval")
        follow_up = request_transition(actor=approver, request=follow_up, action="approve")
        follow_up = request_transition(actor=drafter, request=follow_up, action="send")
    return follow_up


def test_art_29_7_clock_runs_from_the_recorded_date_of_effect(world: Any) -> None:
    request, _officer = _effected_preservation(world, effected_on=datetime.date(2026, 3, 2))
    # Recorded on 4 March for an effect on 2 March (Manila): sixty days from 2 March, not from the click.
    assert (request.effected_at, request.next_deadline_at) == (
        datetime.datetime(2026, 3, 1, 16, 0, tzinfo=UTC), datetime.datetime(2026, 5, 1, 16, 0, tzinfo=UTC))


def test_art_29_7_a_date_of_effect_in_the_future_or_before_receipt_is_refused(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29"), now=SENT)
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution", now=SENT)
    now = datetime.datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="execute", on_date=datetime.date(2026, 3, 5),
                           now=now)
    assert error.value.errors == {"on_date": ["This date is in the future."]}
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="execute", on_date=datetime.date(2026, 2, 27),
                           now=now)
    assert error.value.errors == {"on_date": ["This date is before 2026-03-01, when the request was received."]}
    request.refresh_from_db()
    assert (request.status, request.effected_at) == ("in_execution", None)


def test_art_29_7_partial_execution_starts_the_clock(world: Any) -> None:
    request, _officer = _effected_preservation(world, partially=True)
    assert (request.status, request.next_deadline_code, request.next_deadline_at) == (
        "partially_executed", "preservation_minimum", datetime.datetime(2026, 5, 1, 16, 0, tzinfo=UTC))


def test_art_29_7_follow_up_by_the_central_authority_of_the_same_party_keeps_data_preserved(
        world: Any, client_for: Any) -> None:
    preservation, officer = _effected_preservation(world)
    follow_up = _follow_up(world, preservation)
    assert follow_up.follows_id == preservation.pk
    preservation.refresh_from_db()
    state = preservation_state_for(preservation)
    assert state is not None
    assert (state.state, [item.reference for item in state.pending], state.minimum_end) == (
        "pending", [follow_up.reference], None)
    assert (preservation.next_deadline_at, preservation.next_deadline_code) == (None, "")
    page = client_for(officer).get(f"/cooperation/requests/{preservation.pk}/").content.decode()
    assert "Preserved pending a decision on the follow-up request" in page
    assert "Preservation kept at least until" not in page
    # The decision on the follow-up ends the obligation of Art. 29(7).
    central_officer = requested_side_user(follow_up)
    follow_up = act(central_officer, follow_up, "acknowledge", "start_execution", "execute")
    preservation.refresh_from_db()
    state = preservation_state_for(preservation)
    assert state is not None
    assert (state.state, state.ended_at, preservation.next_deadline_code) == ("ended", follow_up.closed_at, "")


def test_art_29_7_a_follow_up_is_linked_only_by_the_same_party_to_the_same_requested_party(world: Any) -> None:
    preservation, _officer = _effected_preservation(world)
    other_party = AuthorityFactory(country=world.foreign.country, name="Another Party's prosecutor")
    stranger = UserFactory(username="stranger-drafter", authority=other_party, roles=["drafter"])
    case = case_open(actor=stranger, data={"title": "Unrelated"})
    with pytest.raises(ValidationFailed) as error:
        request_create(actor=stranger, case=case, request_type="ETS185-31",
                       requested_authority=world.own, follows_reference=preservation.reference)
    assert error.value.errors == {"follows": ["No sent request of your country has this reference."]}
    drafter, _approver, own_case = _central_authority(world)
    third = AuthorityFactory(country=world.own.country, name="Same-country authority")
    with pytest.raises(ValidationFailed) as error:
        request_create(actor=drafter, case=own_case, request_type="ETS185-31", requested_authority=third,
                       follows_reference=preservation.reference)
    assert error.value.errors == {"follows": [
        "The earlier request went to another Party; a follow-up goes to the Party that received it."]}


def test_art_29_7_only_art_31_and_27_follow_ups_keep_data_preserved(world: Any, client_for: Any) -> None:
    preservation, officer = _effected_preservation(world)
    production = _follow_up(world, preservation, code="CETS224-8")
    preservation.refresh_from_db()
    state = preservation_state_for(preservation)
    assert state is not None
    assert (state.state, [item.reference for item in state.ignored]) == ("minimum_period", [production.reference])
    assert preservation.next_deadline_code == "preservation_minimum"
    page = client_for(officer).get(f"/cooperation/requests/{preservation.pk}/").content.decode()
    assert f"{production.reference} does not keep the data preserved" in page
    assert catalogue.PRESERVATION_FOLLOW_UPS == ("ETS185-27", "ETS185-31")


def test_art_29_7_withdrawn_follow_up_restores_the_clock(world: Any) -> None:
    preservation, _officer = _effected_preservation(world)
    follow_up = _follow_up(world, preservation)
    preservation.refresh_from_db()
    assert preservation.next_deadline_code == ""
    request_transition(actor=follow_up.created_by, request=follow_up, action="withdraw")
    preservation.refresh_from_db()
    assert (preservation.next_deadline_code, preservation.next_deadline_at) == (
        "preservation_minimum", datetime.datetime(2026, 5, 1, 16, 0, tzinfo=UTC))


def test_art_29_7_postponement_of_the_follow_up_is_not_a_decision(world: Any) -> None:
    preservation, _officer = _effected_preservation(world)
    follow_up = _follow_up(world, preservation)
    central_officer = requested_side_user(follow_up)
    act(central_officer, follow_up, "acknowledge")
    request_transition(actor=central_officer, request=follow_up, action="postpone",
                       reason_code="prejudice_to_proceedings", note="Our own investigation would suffer.",
                       partial_or_conditional_considered=True)
    preservation.refresh_from_db()
    state = preservation_state_for(preservation)
    assert state is not None
    assert state.state == "pending"


def test_art_29_7_a_follow_up_not_yet_sent_does_not_count(world: Any) -> None:
    preservation, _officer = _effected_preservation(world)
    _follow_up(world, preservation, send_it=False)
    preservation.refresh_from_db()
    assert preservation.next_deadline_code == "preservation_minimum"


def test_art_29_5_preservation_is_refused_only_on_its_two_grounds(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    offered = grounds_for(action="refuse", request_type=catalogue.request_type("ETS185-29"),
                          facts=ground_facts(request))
    assert [(ground.code, ground.article) for ground in offered] == [
        ("political_offence", "ETS 185 Art. 29(5)(a)"), ("essential_interests", "ETS 185 Art. 29(5)(b)")]
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="refuse", reason_code="fiscal_offence",
                           note="Fiscal.", partial_or_conditional_considered=True)
    assert list(error.value.errors) == ["reason_code"]
    page = client_for(officer).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert 'value="political_offence"' in page
    assert 'value="fiscal_offence"' not in page
    # No postponement of a preservation (Art. 29(3) asks for expeditious preservation).
    with pytest.raises(InvalidTransition):
        request_transition(actor=officer, request=request, action="postpone", reason_code="prejudice_to_proceedings",
                           note="x", partial_or_conditional_considered=True)


def test_art_29_4_reservation_ground_only_with_a_reservation_and_never_for_arts_2_to_11(world: Any) -> None:
    declare("PH", "ETS185", "29(4)", "dual_criminality_preservation")
    named = send(world, build_complete_request(world, "ETS185-29"))  # the case names ETS185:5 and ETS185:8
    codes = [ground.code for ground in grounds_for(action="refuse", request_type=catalogue.request_type("ETS185-29"),
                                                   facts=ground_facts(named))]
    assert codes == ["political_offence", "essential_interests"]
    other = build_complete_request(world, "ETS185-29")
    request_update_content(actor=world.users["drafter"], request=other, content={"offence_articles": "ETS189:3"})
    other = send(world, Request.objects.get(pk=other.pk))
    codes = [ground.code for ground in grounds_for(action="refuse", request_type=catalogue.request_type("ETS185-29"),
                                                   facts=ground_facts(other))]
    assert codes == ["political_offence", "essential_interests", "dual_criminality_reservation"]
    officer = requested_side_user(other)
    refused = request_transition(actor=officer, request=act(officer, other, "acknowledge"), action="refuse",
                                 reason_code="dual_criminality_reservation", note="Not an offence here.",
                                 partial_or_conditional_considered=True)
    assert refused.events.last().details["ground_article"] == "ETS 185 Art. 29(4)"


def test_art_29_6_warning_lets_the_requesting_side_decide(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution")
    request = request_transition(actor=officer, request=request, action="warn_preservation",
                                 note="The provider deletes logs daily; preservation may alert the suspect.")
    assert (request.status, request.pending_question, request.resumes_status) == (
        "awaiting_answer", "warn_preservation", "in_execution")
    page = client_for(world.users["drafter"]).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Decide whether it is executed nevertheless." in page
    assert "ETS 185 Art. 29(6)" in page
    with pytest.raises(InvalidTransition):
        request_transition(actor=officer, request=request, action="execute")
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    assert (request.status, request.pending_question) == ("in_execution", "")


def test_art_30_1_path_disclosed_while_preserving_traffic_data(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29", content={"preserves_traffic_data": True}))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution")
    request = request_transition(actor=officer, request=request, action="disclose_traffic_path",
                                 note="Relayed through ExampleNet, Country X, 198.51.100.9.")
    assert request.status == "in_execution"  # a duty within the preservation, not an outcome
    page = client_for(world.users["drafter"]).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Relayed through ExampleNet, Country X, 198.51.100.9." in page
    plain = send(world, build_complete_request(world, "ETS185-29"))
    plain = act(requested_side_user(plain), plain, "acknowledge", "start_execution")
    with pytest.raises(InvalidTransition):
        request_transition(actor=requested_side_user(plain), request=plain, action="disclose_traffic_path",
                           note="x")


def test_art_30_2_disclosure_withheld_only_on_its_two_grounds(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29", content={"preserves_traffic_data": True}))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution")
    offered = grounds_for(action="withhold_traffic_path", request_type=catalogue.request_type("ETS185-29"),
                          facts=ground_facts(request))
    assert [(ground.code, ground.article) for ground in offered] == [
        ("political_offence", "ETS 185 Art. 30(2)(a)"), ("essential_interests", "ETS 185 Art. 30(2)(b)")]
    request = request_transition(actor=officer, request=request, action="withhold_traffic_path",
                                 reason_code="essential_interests", note="National security.")
    assert request.events.last().details["ground_article"] == "ETS 185 Art. 30(2)(b)"
