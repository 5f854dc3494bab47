"""CETS 224: clocks from recorded dates (Arts 7(7), 8(6)), the data category as a choice, the Protocol binding
both Parties before sending (Art. 16), reservations (Art. 7(9)(a)) and declarations (Art. 8(11))."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from glacy.cooperation.facts import report_for
from glacy.cooperation.models import Request
from glacy.cooperation.rules.catalogue import request_type
from glacy.cooperation.services.deadlines import request_deadlines
from glacy.cooperation.services.documents import request_document_generate
from glacy.cooperation.services.requests import request_create, request_update_content
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import InvalidTransition, ValidationFailed
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
                               content={"data_category": ["subscriber information"]})
    assert error.value.errors == {"data_category": ["Choose among: subscriber information, traffic data."]}
    request_update_content(actor=world.users["drafter"], request=request, content={"data_category": []})
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=world.users["drafter"], request=Request.objects.get(pk=request.pk),
                           action="submit_for_approval")
    assert error.value.errors == {"data_category": ["Choose at least one. (CETS 224 Art. 8(6)(a))"]}


def test_cets_224_art_8_1_one_order_may_cover_both_categories_each_with_its_clock(world: Any,
                                                                                  client_for: Any) -> None:
    request = build_complete_request(world, "CETS224-8", content={"data_category": ["traffic", "subscriber"]})
    assert request.content["data_category"] == ["subscriber", "traffic"]  # stored in the order of the choices
    request = send(world, request, now=SENT)
    officer = requested_side_user(request)
    request = request_transition(actor=officer, request=request, action="acknowledge", information_complete=True,
                                 on_date=datetime.date(2026, 6, 3), now=datetime.datetime(2026, 6, 3, 2, tzinfo=UTC))
    request = request_transition(actor=officer, request=request, action="record_service",
                                 on_date=datetime.date(2026, 6, 11), now=datetime.datetime(2026, 6, 12, 2, tzinfo=UTC))
    assert [(deadline.code, deadline.due_at, deadline.citation) for deadline in request_deadlines(request)] == [
        ("production_subscriber", datetime.datetime(2026, 7, 1, 16, 0, tzinfo=UTC), "CETS 224 Art. 8(6)(a)(i)"),
        ("production_traffic", datetime.datetime(2026, 7, 26, 16, 0, tzinfo=UTC), "CETS 224 Art. 8(6)(a)(ii)")]
    page = client_for(officer).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Provider to produce the subscriber information by" in page
    assert "Provider to produce the traffic data by" in page
    assert "subscriber information, traffic data" in page


@pytest.mark.parametrize(("category", "code", "due"), [
    ("subscriber", "production_subscriber", datetime.datetime(2026, 7, 1, 16, 0, tzinfo=UTC)),
    ("traffic", "production_traffic", datetime.datetime(2026, 7, 26, 16, 0, tzinfo=UTC)),
])
def test_cets_224_art_8_6_production_period_runs_from_service_on_the_provider(
        category: str, code: str, due: datetime.datetime, world: Any) -> None:
    request = send(world, build_complete_request(world, "CETS224-8", content={"data_category": [category]}),
                   now=SENT)
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
    (20, datetime.datetime(2026, 7, 4, 16, 0, tzinfo=UTC)),
    (30, datetime.datetime(2026, 7, 4, 16, 0, tzinfo=UTC)),
    (45, datetime.datetime(2026, 7, 19, 16, 0, tzinfo=UTC)),
])
def test_cets_224_art_7_7_thirty_days_from_receipt_or_the_longer_stated_time_frame(
        stated: int, due: datetime.datetime, world: Any) -> None:
    request = build_complete_request(world, "CETS224-7", content={"return_time_frame_days": stated})
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


@pytest.mark.parametrize("code", ["CETS224-11", "CETS224-12"])
def test_cets_224_art_5_5_section_5_under_a_treaty_needs_the_parties_agreement(code: str, world: Any) -> None:
    request = build_complete_request(world, code, settings={"applicable_treaty": "Bilateral MLA treaty GH-PH"})
    report = report_for(request)
    assert report.is_complete  # drafting and preparation stay possible
    assert [(problem.field, problem.citation) for problem in report.blocking_send] == [
        ("section_5_agreed", "CETS 224 Art. 5(5)")]
    request_update_content(actor=world.users["drafter"], request=request, content={"section_5_agreed": True})
    assert report_for(Request.objects.get(pk=request.pk)).blocking_send == []
    # Without a treaty, Section 5 applies as such: nothing to confirm.
    assert report_for(build_complete_request(world, code)).blocking_send == []


def test_cets_224_art_8_13_no_traffic_data_order_with_a_party_that_reserved_it(world: Any) -> None:
    declare("PH", "CETS224", "8(13)", "art8_traffic_data_reserved")
    traffic = build_complete_request(world, "CETS224-8", content={"data_category": ["subscriber", "traffic"]})
    assert [(problem.message, problem.citation) for problem in report_for(traffic).blocking_send] == [
        ("Philippines reserved the right not to apply Art. 8 to traffic data: seek the traffic data by other mutual "
         "assistance.", "CETS 224 Art. 8(13)")]
    subscriber = build_complete_request(world, "CETS224-8", content={"data_category": ["subscriber"]})
    assert report_for(subscriber).blocking_send == []
    # The reservation works both ways: a Party that reserved it does not ask either (a reading).
    declare("GH", "CETS224", "8(13)", "art8_traffic_data_reserved")
    assert [problem.citation for problem in report_for(traffic).blocking_send] == [
        "CETS 224 Art. 8(13)", "CETS 224 Art. 8(13)"]


@pytest.mark.parametrize(("code", "article", "topic", "citation", "content"), [
    ("CETS224-7", "7(2)(b)", "order_supervision_required", "CETS 224 Art. 7(2)(b)", {}),
    ("CETS224-7", "7(9)(b)", "access_numbers_not_applied", "CETS 224 Art. 7(9)(b)", {}),
    ("CETS224-8", "7(8)", "art7_before_art8", "CETS 224 Art. 7(8)", {"data_category": ["subscriber"]}),
    ("CETS224-9", "9(5)", "art9_follow_up_format", "CETS 224 Art. 9(5)", {}),
    ("CETS224-12", "12(3)", "jit_central_authority", "CETS 224 Art. 12(3)", {}),
])
def test_cets_224_art_19_declarations_of_the_requested_party_are_warned(
        code: str, article: str, topic: str, citation: str, content: dict[str, Any], world: Any) -> None:
    request = build_complete_request(world, code, content=content)
    assert citation not in [problem.citation for problem in report_for(request).warnings]
    declare("PH", "CETS224", article, topic, kind="reservation" if article == "7(9)(b)" else "declaration")
    report = report_for(request)
    assert citation in [problem.citation for problem in report.warnings]
    assert report.may_be_sent


def test_cets_224_art_7_8_no_warning_for_traffic_data_only(world: Any) -> None:
    declare("PH", "CETS224", "7(8)", "art7_before_art8", kind="declaration")
    request = build_complete_request(world, "CETS224-8", content={"data_category": ["traffic"]})
    assert "CETS 224 Art. 7(8)" not in [problem.citation for problem in report_for(request).warnings]


def test_cets_224_art_7_4_g_notification_statement_required_where_the_provider_party_requires_notification(
        world: Any) -> None:
    declare("PH", "CETS224", "7(5)(a)", "notification_subscriber_orders", kind="declaration")
    request = build_complete_request(world, "CETS224-7")
    report = report_for(request)
    assert [(problem.field, problem.citation) for problem in report.blocking] == [
        ("simultaneous_notification_made", "CETS 224 Art. 7(4)(g)")]
    assert "CETS 224 Art. 7(5)(a)" in [problem.citation for problem in report.warnings]
    request_update_content(actor=world.users["drafter"], request=request,
                           content={"simultaneous_notification_made": True})
    assert report_for(Request.objects.get(pk=request.pk)).blocking == []


def test_cets_224_art_10_9_emergency_request_to_another_authority_is_warned(world: Any) -> None:
    from glacy.directory.models import AuthorityKind
    from tests.factories import AuthorityFactory

    judge = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.COURT, name="Foreign court")
    request = build_complete_request(world, "CETS224-10", requested=judge)
    [warning] = [problem for problem in report_for(request).warnings if problem.citation == "CETS 224 Art. 10(9)"]
    assert str(warning.message) == ("The requested Party made no declaration opening other channels: send the "
                                    "request to its central authority.")
    declare("PH", "CETS224", "10(9)", "art10_other_channels", kind="declaration")
    [warning] = [problem for problem in report_for(request).warnings if problem.citation == "CETS 224 Art. 10(9)"]
    assert str(warning.message).startswith("The requested Party declared that emergency requests may also be sent")
    central = build_complete_request(world, "CETS224-10")
    assert "CETS 224 Art. 10(9)" not in [problem.citation for problem in report_for(central).warnings]


def test_cets_224_art_7_4_d_time_frame_is_a_required_number_printed_in_the_order(world: Any) -> None:
    import docx

    request = build_complete_request(world, "CETS224-7", content={"return_time_frame_days": 45,
                                                                  "return_manner": "Encrypted e-mail"})
    document = request_document_generate(actor=world.users["drafter"], request=request, file_format="docx")
    text = "\n".join(cell.text for table in docx.Document(document.file.open("rb")).tables
                     for row in table.rows for cell in row.cells)
    text += "\n".join(paragraph.text for paragraph in docx.Document(document.file.open("rb")).paragraphs)
    assert ("45 days from receipt of the order; if the information is not disclosed within 45 days (thirty, or this "
            "time frame if longer), the order can be enforced only through Art. 8 or other mutual assistance "
            "(CETS 224 Art. 7(7))") in text
    assert "time_frame_and_manner" not in [item.field for item in request_type("CETS224-7").requirements]
    with pytest.raises(ValidationFailed) as error:
        request_update_content(actor=world.users["drafter"], request=Request.objects.get(pk=request.pk),
                               content={"return_time_frame_days": "sixty"})
    assert error.value.errors == {"return_time_frame_days": ["Give a whole number of days from 1 to 3650."]}


def test_cets_224_art_7_7_provider_receipt_is_recorded_only_for_art_7_orders(world: Any) -> None:
    registrar_request = send(world, build_complete_request(world, "CETS224-6"), now=SENT)
    with pytest.raises(InvalidTransition):
        request_transition(actor=world.users["drafter"], request=registrar_request, action="record_provider_receipt",
                           on_date=datetime.date(2026, 6, 2), now=datetime.datetime(2026, 6, 3, 2, tzinfo=UTC))
    order = send(world, build_complete_request(world, "CETS224-7"), now=SENT)
    order = request_transition(actor=world.users["drafter"], request=order, action="record_provider_receipt",
                               on_date=datetime.date(2026, 6, 2), now=datetime.datetime(2026, 6, 3, 2, tzinfo=UTC))
    assert order.next_deadline_code == "provider_disclosure"


def test_cets_224_arts_6_3_a_7_4_g_h_9_3_a_d_content_items_cite_their_paragraph() -> None:
    def requirements(code: str) -> dict[str, tuple[str, bool]]:
        return {item.field: (item.article, item.required) for item in request_type(code).requirements}

    assert requirements("CETS224-6")["issuing_authority_and_date"] == ("CETS 224 Art. 6(3)(a)", True)
    assert requirements("CETS224-9")["issuing_authority_and_date"] == ("CETS 224 Art. 9(3)(a)", True)
    assert requirements("CETS224-9")["legal_provisions_and_penalties"] == ("CETS 224 Art. 9(3)(d)", True)
    assert requirements("CETS224-7")["simultaneous_notification_made"] == ("CETS 224 Art. 7(4)(g)", False)
    assert requirements("CETS224-7")["other_information"] == ("CETS 224 Art. 7(4)(h)", False)
    assert requirements("CETS224-7")["return_time_frame_days"] == ("CETS 224 Art. 7(4)(d)", True)
    # What a treaty article does not prescribe is cited to the T-CY template (the platform's own reading).
    assert requirements("ETS185-31")["custodian_or_location"] == ("T-CY request template", True)
    assert requirements("ETS185-31")["identifiers"] == ("T-CY request template", True)
    assert requirements("ETS185-35")["urgency_reasons"] == ("T-CY request template", True)
