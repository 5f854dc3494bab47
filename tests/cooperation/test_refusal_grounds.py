"""Grounds of refusal and postponement per type: ETS 185 Arts 25(4), 27(4)-(7); CETS 224 Arts 7(5), 8(8), 9."""

from __future__ import annotations

from typing import Any

import pytest

from glacy.cooperation.facts import ground_facts
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.grounds import GroundFacts, grounds_for
from glacy.cooperation.services.requests import request_update_content
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import InvalidTransition, ValidationFailed
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import act, build_complete_request, declare, requested_side_user, send


def _codes(action: str, code: str, facts: GroundFacts) -> list[tuple[str, str]]:
    return [(ground.code, ground.article) for ground in grounds_for(
        action=action, request_type=catalogue.request_type(code), facts=facts)]


def test_art_25_4_no_refusal_solely_as_a_fiscal_offence_for_arts_2_to_11() -> None:
    named = GroundFacts(offence_articles=frozenset({"ETS185:8"}), article_27_applies=True)
    other = GroundFacts(offence_articles=frozenset({"ETS189:3"}), article_27_applies=True)
    assert ("fiscal_offence", "ETS 185 Art. 25(4)") not in _codes("refuse", "ETS185-31", named)
    assert ("fiscal_offence", "ETS 185 Art. 25(4)") in _codes("refuse", "ETS185-31", other)


def test_art_27_4_grounds_only_where_article_27_applies() -> None:
    no_treaty = GroundFacts(offence_articles=frozenset({"ETS185:2"}), article_27_applies=True)
    treaty = GroundFacts(offence_articles=frozenset({"ETS185:2"}), article_27_applies=False)
    assert _codes("refuse", "ETS185-31", no_treaty) == [
        ("requested_party_law_or_treaty", "ETS 185 Art. 25(4)"), ("political_offence", "ETS 185 Art. 27(4)(a)"),
        ("essential_interests", "ETS 185 Art. 27(4)(b)")]
    assert _codes("refuse", "ETS185-31", treaty) == [("requested_party_law_or_treaty", "ETS 185 Art. 25(4)")]
    assert _codes("postpone", "ETS185-31", treaty) == [("requested_party_law_or_treaty", "ETS 185 Art. 25(4)")]
    assert _codes("postpone", "ETS185-31", no_treaty) == [
        ("requested_party_law_or_treaty", "ETS 185 Art. 25(4)"), ("prejudice_to_proceedings", "ETS 185 Art. 27(5)")]


def test_art_27_4_treaty_named_on_the_request_removes_the_article_27_grounds(world: Any) -> None:
    draft = build_complete_request(world, "ETS185-31")
    request_update_content(actor=world.users["drafter"], request=draft,
                           content={"applicable_treaty": "Bilateral MLA treaty GH-PH (2015)"})
    request = send(world, Request.objects.get(pk=draft.pk))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="refuse", reason_code="political_offence",
                           note="Political.", partial_or_conditional_considered=True)
    assert list(error.value.errors) == ["reason_code"]


def test_art_27_6_refusal_and_postponement_first_consider_partial_or_conditional_execution(
        world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-27"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    before = AuditEvent.objects.count()
    for action, ground in (("refuse", "essential_interests"), ("postpone", "prejudice_to_proceedings")):
        with pytest.raises(ValidationFailed) as error:
            request_transition(actor=officer, request=request, action=action, reason_code=ground, note="Reasons.")
        assert error.value.errors == {"partial_or_conditional_considered": [
            "First consider whether the request can be granted partially or subject to conditions "
            "(ETS 185 Art. 27(6))."]}
    assert AuditEvent.objects.count() == before
    page = client_for(officer).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "We considered whether the request can be granted partially or subject to conditions" in page


def test_art_27_7_reasons_are_required_for_refusal_and_postponement(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-27"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    for action, ground in (("refuse", "essential_interests"), ("postpone", "prejudice_to_proceedings")):
        with pytest.raises(ValidationFailed) as error:
            request_transition(actor=officer, request=request, action=action, reason_code=ground,
                               partial_or_conditional_considered=True)
        assert error.value.errors == {"note": ["Give the reasons (ETS 185 Art. 27(7))."]}


def test_art_27_5_postponement_does_not_close_the_request(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-27"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    request = request_transition(actor=officer, request=request, action="postpone",
                                 reason_code="prejudice_to_proceedings", note="Our search is tomorrow.",
                                 partial_or_conditional_considered=True)
    assert (request.status, request.closed_at) == ("postponed", None)
    request = request_transition(actor=officer, request=request, action="start_execution")
    request = request_transition(actor=officer, request=request, action="execute")
    assert request.status == "executed"
    assert request.closed_at is not None


def test_art_27_7_impossibility_is_reported_with_its_reason_not_as_a_refusal(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    request = request_transition(actor=officer, request=request, action="report_impossible",
                                 reason_code="data_unavailable", note="The logs were deleted before receipt.")
    assert (request.status, request.events.last().details["ground_article"]) == (
        "not_executable", "ETS 185 Art. 27(7)")
    # "The data are no longer available" is not offered as a ground of refusal of a preservation (Art. 29(5)).
    assert "data_unavailable" not in [ground.code for ground in grounds_for(
        action="refuse", request_type=catalogue.request_type("ETS185-29"), facts=ground_facts(request))]


def test_cets_224_art_8_8_grounds_borrow_arts_25_4_and_27_4(world: Any) -> None:
    facts = GroundFacts(offence_articles=frozenset({"ETS185:2"}))
    assert _codes("refuse", "CETS224-8", facts) == [
        ("requested_party_law_or_treaty", "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))"),
        ("political_offence", "CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(a))"),
        ("essential_interests", "CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(b))")]
    assert _codes("postpone", "CETS224-8", facts) == [
        ("prejudice_to_proceedings", "CETS 224 Art. 8(8) (ETS 185 Art. 27(5))")]


def test_cets_224_art_8_13_traffic_data_reservation_is_a_ground_only_for_a_traffic_data_order(world: Any) -> None:
    # Sent before the requested Party's reservation was recorded: it may then refuse the traffic data under Art. 8(13).
    traffic = send(world, build_complete_request(world, "CETS224-8", content={"data_category": ["subscriber",
                                                                                                "traffic"]}))
    subscriber = send(world, build_complete_request(world, "CETS224-8", content={"data_category": ["subscriber"]}))
    assert "traffic_data_reservation" not in [code for code, _article in _codes("refuse", "CETS224-8",
                                                                                 ground_facts(traffic))]
    declare("PH", "CETS224", "8(13)", "art8_traffic_data_reserved")
    assert [code for code, _article in _codes("refuse", "CETS224-8", ground_facts(subscriber))] == [
        "requested_party_law_or_treaty", "political_offence", "essential_interests"]
    assert _codes("refuse", "CETS224-8", ground_facts(traffic))[-1] == (
        "traffic_data_reservation", "CETS 224 Art. 8(13)")
    officer = requested_side_user(traffic)
    refused = request_transition(actor=officer, request=act(officer, traffic, "acknowledge"), action="refuse",
                                 reason_code="traffic_data_reservation", note="Reserved under Art. 8(13).",
                                 partial_or_conditional_considered=True)
    assert (refused.status, refused.events.last().details["ground_article"]) == ("refused", "CETS 224 Art. 8(13)")


def test_cets_224_art_7_provider_grounds_and_art_6_entity_reason() -> None:
    facts = GroundFacts()
    assert _codes("refuse", "CETS224-7", facts) == [
        ("provider_reason", "CETS 224 Art. 7(7)"), ("instructed_prejudice", "CETS 224 Art. 7(5)(c)(i)"),
        ("instructed_grounds", "CETS 224 Art. 7(5)(c)(ii)")]
    assert _codes("refuse", "CETS224-6", facts) == [("entity_reason", "CETS 224 Art. 6(5)")]


def test_cets_224_art_9_1_b_subscriber_only_ground_only_when_declared(world: Any) -> None:
    assert [code for code, _article in _codes("refuse", "CETS224-9", GroundFacts())] == [
        "no_emergency", "determination"]
    declare("PH", "CETS224", "9(1)(b)", "subscriber_only_not_executed", kind="declaration")
    request = send(world, build_complete_request(world, "CETS224-9"))
    assert [code for code, _article in _codes("refuse", "CETS224-9", ground_facts(request))] == [
        "no_emergency", "subscriber_only_declaration", "determination"]


def test_spontaneous_information_has_no_ground_of_refusal(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-26"))
    with pytest.raises(InvalidTransition):
        request_transition(actor=requested_side_user(request), request=request, action="refuse",
                           reason_code="essential_interests", note="x", partial_or_conditional_considered=True)


def test_refusal_through_the_page_records_the_ground_reasons_and_the_art_27_6_answer(world: Any,
                                                                                   client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-27"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    http = client_for(officer)
    page = http.get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert 'value="fiscal_offence"' not in page  # the case names ETS185:5 and ETS185:8 (Art. 25(4))
    # No ground is chosen in advance (issue 11: the reason defaulted to the first one) ...
    form = page[page.index('id="step-refuse"'):]
    form = form[:form.index("</form>")]
    assert '<option value="" selected>—</option>' in form
    assert form.count(" selected") == 1
    # ... refusing without one is refused with the field named, and nothing changes.
    unnamed = http.post(f"/cooperation/requests/{request.pk}/act/", {
        "action": "refuse", "reason_code": "", "note": "National security.", "confirmed": "yes"}, follow=True)
    assert "Not done: Ground: Choose the ground." in unnamed.content.decode()
    # Refusing is asked first (it cannot be undone), in red under "Cannot be undone".
    assert page.index("Cannot be undone") < page.index('id="step-refuse"')
    asked = http.post(f"/cooperation/requests/{request.pk}/act/", {
        "action": "refuse", "reason_code": "essential_interests", "note": "National security.",
        "partial_or_conditional_considered": "on"})
    assert f"Refuse: request {request.reference}? This step cannot be undone." in asked.content.decode()
    request.refresh_from_db()
    assert request.status == "acknowledged"
    refused = http.post(f"/cooperation/requests/{request.pk}/act/", {
        "action": "refuse", "reason_code": "essential_interests", "note": "National security.",
        "partial_or_conditional_considered": "on", "confirmed": "yes"}, follow=True)
    assert "Done: Refuse." in refused.content.decode()
    request.refresh_from_db()
    event = request.events.last()
    assert (request.status, event.reason_code, event.details["ground_article"],
            event.details["partial_or_conditional_considered"]) == (
        "refused", "essential_interests", "ETS 185 Art. 27(4)(b)", True)


def test_art_29_4_with_no_offence_named_the_requested_side_confirms_first(world: Any, client_for: Any) -> None:
    # A request that names no offence may concern one under Arts 2-11: the reservation of Art. 29(4) (and a
    # refusal as a fiscal offence, Art. 25(4)) can be given only once the requested side confirms it does not.
    declare("PH", "ETS185", "29(4)", "dual_criminality_preservation")
    draft = build_complete_request(world, "ETS185-29")
    request_update_content(actor=world.users["drafter"], request=draft, content={"offence_articles": ""})
    request = send(world, Request.objects.get(pk=draft.pk))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    [ground] = [ground for ground in grounds_for(action="refuse", request_type=catalogue.request_type("ETS185-29"),
                                                 facts=ground_facts(request))
                if ground.code == "dual_criminality_reservation"]
    assert ground.confirmation == "not_convention_offence"
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="refuse", reason_code=ground.code,
                           note="Not an offence here.", partial_or_conditional_considered=True)
    assert error.value.errors == {"not_convention_offence_confirmed": [
        "The request names no offence: first confirm that it does not concern an offence under ETS 185 Arts 2–11 "
        "(ETS 185 Art. 29(4))."]}
    page = client_for(officer).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert 'name="not_convention_offence_confirmed"' in page
    refused = request_transition(actor=officer, request=request, action="refuse", reason_code=ground.code,
                                 note="Not an offence here.", partial_or_conditional_considered=True,
                                 not_convention_offence_confirmed=True)
    assert (refused.status, refused.events.last().details["not_convention_offence_confirmed"]) == ("refused", True)


def test_cets_224_art_10_7_emergency_assistance_grounds_cite_the_protocol() -> None:
    facts = GroundFacts(offence_articles=frozenset({"ETS185:2"}), article_27_applies=True)
    assert _codes("refuse", "CETS224-10", facts) == [
        ("requested_party_law_or_treaty", "ETS 185 Art. 25(4)"),
        ("political_offence", "CETS 224 Art. 10(7) (ETS 185 Art. 27(4)(a))"),
        ("essential_interests", "CETS 224 Art. 10(7) (ETS 185 Art. 27(4)(b))")]
    assert _codes("postpone", "CETS224-10", facts) == [
        ("requested_party_law_or_treaty", "ETS 185 Art. 25(4)"),
        ("prejudice_to_proceedings", "CETS 224 Art. 10(7) (ETS 185 Art. 27(5))")]


def test_cets_224_art_9_grounds_built_by_the_platform_are_marked_as_readings() -> None:
    readings = {ground.code: str(ground.reading) for ground in grounds_for(
        action="refuse", request_type=catalogue.request_type("CETS224-9"), facts=GroundFacts())}
    assert readings["no_emergency"].startswith("Art. 9 lists no ground of refusal")
    assert readings["determination"].startswith("Art. 9(6) asks the requested Party to inform")
