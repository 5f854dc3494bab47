"""CETS 224: clocks from recorded dates (Arts 7(7), 8(6)), the data category as a choice, the Protocol binding
both Parties before sending (Art. 16), reservations (Art. 7(9)(a)) and declarations (Art. 8(11))."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from glacy.cooperation.facts import report_for
from glacy.cooperation.models import Request
from glacy.cooperation.services.documents import request_document_generate
from glacy.cooperation.services.requests import request_create, request_update_content
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import ValidationFailed
from glacy.treaty.models import PartyStatus
from tests.cooperation.helpers import (
    act,
    bind,
    build_complete_request,
    declare,
    requested_authority_for,
    requested_side_user,
    send,
)

UTC = datetime.UTC
SENT = datetime.datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def test_cets_224_art_8_6_data_category_is_a_choice_never_free_text(world: Any) -> None:
    request = build_complete_request(world, "CETS224-8")
    with pytest.raises(ValidationFailed) as error:
        request_update_content(actor=world.users["drafter"], request=request,
                               content={"data_category": "subscriber information"})
    assert error.value.errors == {"data_category": ["Choose one of: subscriber information, traffic data."]}
    request_update_content(actor=world.users["drafter"], request=request, content={"data_category": ""})
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=Request.objects.get(pk=request.pk),
                           action="submit_for_approval")
    assert error.value.errors == {"data_category": ["Choose one. (CETS 224 Art. 8(6)(a))"]}


@pytest.mark.parametrize(("category", "code", "due"), [
    ("subscriber", "production_subscriber", datetime.datetime(2026, 7, 1, 16, 0, tzinfo=UTC)),
    ("traffic", "production_traffic", datetime.datetime(2026, 7, 26, 16, 0, tzinfo=UTC)),
])
def test_cets_224_art_8_6_production_period_runs_from_service_on_the_provider(
        category: str, code: str, due: datetime.datetime, world: Any) -> None:
    request = send(world, build_complete_request(world, "CETS224-8", content={"data_category": category}), now=SENT)
    officer = requested_side_user(request)
    # Received on 3 June; all information only on 5 June; the order served on 11 June (Manila dates).
    request = request_transition(actor=officer, request=request, action="acknowledge",
                                 on_date=datetime.date(2026, 6, 3), now=datetime.datetime(2026, 6, 3, 2, tzinfo=UTC))
    assert request.next_deadline_code == ""  # no service clock before the information is complete
    request = request_transition(actor=officer, request=request, action="record_complete_information",
                                 on_date=datetime.date(2026, 6, 5), now=datetime.datetime(2026, 6, 9, 2, tzinfo=UTC))
    assert (request.next_deadline_code, request.next_deadline_at) == (
        "order_service", datetime.datetime(2026, 7, 20, 16, 0, tzinfo=UTC))  # 5 June + 45 days, Manila
    request = request_transition(actor=officer, request=request, action="record_service",
                                 on_date=datetime.date(2026, 6, 11), now=datetime.datetime(2026, 6, 12, 2, tzinfo=UTC))
    assert (request.next_deadline_code, request.next_deadline_at) == (code, due)


def test_cets_224_art_8_6_service_cannot_precede_complete_information(world: Any) -> None:
    request = send(world, build_complete_request(world, "CETS224-8"), now=SENT)
    officer = requested_side_user(request)
    request = request_transition(actor=officer, request=request, action="acknowledge", information_complete=True,
                                 on_date=datetime.date(2026, 6, 3), now=datetime.datetime(2026, 6, 4, 2, tzinfo=UTC))
    assert request.information_complete_at == datetime.datetime(2026, 6, 2, 16, 0, tzinfo=UTC)
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="record_service", on_date=datetime.date(2026, 6, 2),
                           now=datetime.datetime(2026, 6, 4, 2, tzinfo=UTC))
    assert error.value.errors == {"on_date": [
        "This date is before 2026-06-03, when all the information was received."]}


@pytest.mark.parametrize(("stated", "due"), [
    (None, datetime.datetime(2026, 7, 4, 16, 0, tzinfo=UTC)),
    (20, datetime.datetime(2026, 7, 4, 16, 0, tzinfo=UTC)),
    (45, datetime.datetime(2026, 7, 19, 16, 0, tzinfo=UTC)),
])
def test_cets_224_art_7_7_thirty_days_from_receipt_or_the_longer_stated_time_frame(
        stated: int | None, due: datetime.datetime, world: Any) -> None:
    request = build_complete_request(world, "CETS224-7", content={"return_time_frame_days": stated or ""})
    request = send(world, request, now=SENT)
    assert request.next_deadline_code == ""  # nothing runs before the provider's receipt is recorded
    request = request_transition(actor=world.users["drafter"], request=request, action="record_provider_receipt",
                                 on_date=datetime.date(2026, 6, 4), now=datetime.datetime(2026, 6, 5, 2, tzinfo=UTC))
    assert (request.next_deadline_code, request.next_deadline_at) == ("provider_disclosure", due)


def test_cets_224_art_16_sending_refused_unless_the_protocol_binds_both_parties(world: Any) -> None:
    request = build_complete_request(world, "CETS224-9")
    PartyStatus.objects.filter(instrument_id="CETS224", country_id="PH").update(status="signatory",
                                                                                entry_into_force=None)
    report = report_for(request)
    assert report.is_complete
    assert not report.may_be_sent
    today = timezone.localdate().isoformat()
    assert [(problem.message, problem.citation) for problem in report.blocking_send] == [
        (f"Philippines is not bound by this instrument on {today}.", "CETS 224 Art. 16(3)-(4)")]
    # Preparation stays possible: the document is produced.
    assert request_document_generate(actor=world.users["drafter"], request=request, file_format="docx").size > 0
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=request, action="send")
    assert list(error.value.errors) == ["legal_basis"]
    request.refresh_from_db()
    assert request.status == "draft"
    # Bound from tomorrow only: still refused today (each Party's own entry into force counts).
    bind("PH", "CETS224", since=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationFailed):
        request_transition(actor=world.users["drafter"], request=request, action="send")
    bind("PH", "CETS224", since=timezone.localdate())
    assert request_transition(actor=world.users["drafter"], request=request, action="send").status == "sent"


def test_cets_224_art_7_9_a_no_order_to_a_provider_in_a_party_that_reserved_article_7(world: Any) -> None:
    declare("PH", "CETS224", "7(9)(a)", "not_apply_article_7")
    request = act(world.users["drafter"], build_complete_request(world, "CETS224-7"), "submit_for_approval")
    request = act(world.users["approver"], request, "approve")
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=request, action="send")
    assert error.value.errors == {"requested_authority": [
        "Philippines reserved the right not to apply Art. 7: an order to a provider cannot be issued between these "
        "Parties; use Art. 8 or other mutual assistance. (CETS 224 Art. 7(9)(a))"]}


@pytest.mark.django_db
def test_cets_224_art_7_9_a_japan_reservation_is_in_the_shipped_data() -> None:
    from glacy.treaty.models import Declaration

    reservation = Declaration.objects.get(country_id="JP", instrument_id="CETS224", article="7(9)(a)")
    assert (reservation.kind, reservation.topic, str(reservation.as_of)) == (
        "reservation", "not_apply_article_7", "2023-08-10")


def test_cets_224_art_8_11_central_authority_declaration_is_warned(world: Any) -> None:
    declare("PH", "CETS224", "8(11)", "art8_via_central_authority", kind="declaration")
    request = build_complete_request(world, "CETS224-8")
    assert ("CETS 224 Art. 8(11)" in [problem.citation for problem in report_for(request).warnings])


def test_cets_224_types_are_drafted_even_when_the_protocol_is_not_in_force(world: Any) -> None:
    request = request_create(actor=world.users["drafter"], case=world.objects["case"], request_type="CETS224-6",
                             requested_authority=requested_authority_for(world, "CETS224-6"))
    assert request.status == "draft"
