"""ETS 185 Art. 25(3) urgency as a way of sending; the node's own targets; the Art. 27(9) routes and the
Art. 27(9)(e) declaration."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from glacy.cooperation.facts import report_for
from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.services.requests import request_create, request_update_content
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import ValidationFailed
from glacy.directory.models import AuthorityKind
from tests.cooperation.helpers import build_complete_request, declare, requested_authority_for, send
from tests.factories import AuthorityFactory

UTC = datetime.UTC


def test_art_25_3_urgency_is_not_a_type() -> None:
    assert "ETS185-25-3" not in catalogue.BY_CODE
    assert all("25(3)" not in item.article for item in catalogue.TYPES)


def test_art_25_3_an_urgent_art_31_request_keeps_art_31_content_rules(world: Any) -> None:
    request = build_complete_request(world, "ETS185-31", settings={"is_urgent": True, "urgent_means": "email"},
                                     content={"urgency_reasons": "The server is decommissioned on Friday."})
    request.content.pop("custodian_or_location")
    request.save()
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
    # Art. 31(1) describes the measure; the custodian is asked by the T-CY template (legal review finding 16).
    assert error.value.errors == {"custodian_or_location": ["This content is required. (T-CY request template)"]}


def test_art_25_3_an_urgent_request_states_its_reasons_and_expedited_means(world: Any) -> None:
    request = build_complete_request(world, "ETS185-31", settings={"is_urgent": True})
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
    assert error.value.errors == {
        "urgency_reasons": ["Explain why the request is urgent. (ETS 185 Art. 25(3))"],
        "urgent_means": ["Choose the expedited means of sending. (ETS 185 Art. 25(3))"]}


def test_art_25_3_urgency_is_refused_for_orders_to_providers(world: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        build_complete_request(world, "CETS224-7", settings={"is_urgent": True})
    assert list(error.value.errors) == ["is_urgent"]


def test_art_25_3_formal_confirmation_is_recorded_by_the_requesting_side(world: Any) -> None:
    request = send(world, build_complete_request(
        world, "ETS185-31", settings={"is_urgent": True, "urgent_means": "fax"},
        content={"urgency_reasons": "Data deleted in 3 days."}))
    # Recorded dates are calendar days where the request is executed. Put the requested authority in a zone
    # where, at this moment, the local day is not the UTC day (+14 h in the UTC afternoon, -11 h in the
    # morning), so a date read back from the stored UTC instant would be a day off.
    now = request.sent_at + datetime.timedelta(minutes=1)
    zone = "Pacific/Kiritimati" if now.hour >= 12 else "Pacific/Pago_Pago"
    requested = request.requested_authority
    requested.time_zone = zone
    requested.save(update_fields=["time_zone"])
    local_day = now.astimezone(ZoneInfo(zone)).date()
    assert local_day != now.date()
    request = request_transition(actor=world.users["drafter"], request=request, action="record_formal_confirmation",
                                 on_date=local_day, now=now)
    assert request.formal_confirmation_on == local_day
    assert request.events.get(action="record_formal_confirmation").occurred_on == local_day


def test_urgent_request_gets_the_nodes_own_target_labelled_as_such(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(
        world, "ETS185-31", settings={"is_urgent": True, "urgent_means": "platform"},
        content={"urgency_reasons": "Data deleted in 3 days."}))
    assert request.next_deadline_code == "urgent_target"
    page = client_for(world.users["drafter"]).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Node&#x27;s own target: first answer by" in page
    assert "A service target of this node, not a treaty rule." in page
    assert "CETS 224 Art. 3(2)(c)" not in page  # no Protocol citation on a Convention request


@pytest.mark.parametrize("code", ["ETS185-35", "CETS224-9"])
def test_art_27_9_e_warning_never_on_24_7_or_protocol_art_9_requests(code: str, world: Any) -> None:
    declare("PH", "ETS185", "27(9)(e)", "central_authority_urgent", kind="declaration")
    request = build_complete_request(world, code)
    citations = [problem.citation for problem in report_for(request).warnings + report_for(request).blocking]
    assert "ETS 185 Art. 27(9)(e)" not in citations


def _art_27_request(world: Any, *, requested: Any, route: str, urgent: bool = False) -> Request:
    settings: dict[str, Any] = {"route": route}
    content: dict[str, Any] = {}
    if urgent:
        settings |= {"is_urgent": True, "urgent_means": "email"}
        content["urgency_reasons"] = "The suspect is leaving the country."
    return build_complete_request(world, "ETS185-27", requested=requested, settings=settings, content=content)


def test_art_27_9_e_a_direct_request_to_a_declaring_party_goes_to_its_central_authority(world: Any) -> None:
    declare("PH", "ETS185", "27(9)(e)", "central_authority_urgent", kind="declaration")
    judge = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.COURT, name="Foreign court")
    # Urgent, so that INTERPOL is open to it (Art. 27(9)(b) covers the requests of paragraph 9).
    request = _art_27_request(world, requested=judge, route="interpol", urgent=True)
    report = report_for(request)
    assert [(problem.field, problem.citation) for problem in report.blocking] == [
        ("requested_authority", "ETS 185 Art. 27(9)(e)")]
    central = requested_authority_for(world, "ETS185-27")
    assert "ETS 185 Art. 27(9)(e)" in [problem.citation for problem in report_for(
        _art_27_request(world, requested=central, route="interpol", urgent=True)).warnings]
    assert "ETS 185 Art. 27(9)(e)" not in [problem.citation for problem in report_for(
        _art_27_request(world, requested=central, route="central_authority")).warnings]


def test_art_27_9_a_direct_judicial_route_needs_urgency_and_the_copy(world: Any) -> None:
    judge = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.COURT, name="Foreign court")
    report = report_for(_art_27_request(world, requested=judge, route="judicial_direct"))
    assert sorted((problem.field, problem.citation) for problem in report.blocking) == [
        ("copy_to_central_authority", "ETS 185 Art. 27(9)(a)"), ("route", "ETS 185 Art. 27(9)(a)")]
    request = _art_27_request(world, requested=judge, route="judicial_direct", urgent=True)
    request_update_content(actor=world.users["drafter"], request=request, content={"copy_to_central_authority": True})
    assert report_for(Request.objects.get(pk=request.pk)).blocking == []


def test_art_27_9_d_direct_transmission_only_without_coercive_action(world: Any) -> None:
    report = report_for(_art_27_request(world, requested=world.foreign, route="direct_non_coercive"))
    assert [(problem.field, problem.citation) for problem in report.blocking] == [
        ("no_coercive_action", "ETS 185 Art. 27(9)(d)")]


def test_art_27_9_routes_only_where_article_27_applies(world: Any) -> None:
    request = build_complete_request(world, "ETS185-31", settings={
        "route": "interpol", "applicable_treaty": "Bilateral MLA treaty GH-PH (2015)"})
    assert [(problem.field, problem.citation) for problem in report_for(request).blocking] == [
        ("route", "ETS 185 Art. 27(9)")]
    preservation = request_create(actor=world.users["drafter"], case=world.objects["case"], request_type="ETS185-29",
                                  requested_authority=requested_authority_for(world, "ETS185-29"))
    assert preservation.route == ""


def test_art_27_9_b_interpol_only_for_an_urgent_or_non_coercive_request(world: Any) -> None:
    central = requested_authority_for(world, "ETS185-27")
    plain = _art_27_request(world, requested=central, route="interpol")
    assert [(problem.field, problem.citation) for problem in report_for(plain).blocking] == [
        ("route", "ETS 185 Art. 27(9)(b)")]
    assert report_for(_art_27_request(world, requested=central, route="interpol", urgent=True)).blocking == []
    non_coercive = _art_27_request(world, requested=central, route="interpol")
    request_update_content(actor=world.users["drafter"], request=non_coercive, content={"no_coercive_action": True})
    assert report_for(Request.objects.get(pk=non_coercive.pk)).blocking == []


def test_art_27_9_a_direct_judicial_route_only_between_judicial_authorities(world: Any) -> None:
    police = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.POLICE_CYBERCRIME_UNIT,
                              name="Foreign cybercrime police")
    request = _art_27_request(world, requested=police, route="judicial_direct", urgent=True)
    request_update_content(actor=world.users["drafter"], request=request, content={"copy_to_central_authority": True})
    assert [(problem.field, problem.citation) for problem in report_for(Request.objects.get(pk=request.pk)).blocking
            ] == [("requested_authority", "ETS 185 Art. 27(9)(a)")]
    world.own.kind = AuthorityKind.POLICE_CYBERCRIME_UNIT
    world.own.save()
    judge = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.COURT, name="Foreign court")
    request = _art_27_request(world, requested=judge, route="judicial_direct", urgent=True)
    request_update_content(actor=world.users["drafter"], request=request, content={"copy_to_central_authority": True})
    [problem] = report_for(Request.objects.get(pk=request.pk)).blocking
    assert (problem.field, problem.citation, str(problem.message)) == (
        "requesting_authority", "ETS 185 Art. 27(9)(a)",
        "Own Prosecution Service is not a judicial authority (court or prosecution service): the direct judicial "
        "route is not open.")
