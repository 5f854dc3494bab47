"""ETS 185 Arts 31(3), 27(3), 27(7) (delay), 35(1); and the requested side reading labels and citations in its
own language, never raw field names or codes."""

from __future__ import annotations

from typing import Any

from django.core import mail

from glacy.cooperation.facts import report_for
from glacy.cooperation.reminders import reminders_send
from glacy.cooperation.services.workflow import request_transition
from glacy.directory.models import AuthorityKind
from tests.cooperation.helpers import act, build_complete_request, requested_side_user, send
from tests.factories import AuthorityFactory


def test_art_31_3_expedited_flag_changes_the_page_and_the_reminders(world: Any, client_for: Any,
                                                                     settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GLACY_EXPEDITED_TARGET_DAYS = 1
    request = send(world, build_complete_request(world, "ETS185-31", requested=world.foreign,
                                                 content={"data_vulnerable": True}))
    assert request.next_deadline_code == "expedited_target"
    page = client_for(world.users["foreign"]).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Node&#x27;s own target: expedited answer by" in page
    assert "The data are particularly vulnerable to loss or modification" in page
    assert reminders_send() == 2
    body = next(message.body for message in mail.outbox if message.to == [world.foreign.email])
    assert f"{request.reference}: Node's own target: expedited answer by" in body
    assert "expedited: the data are vulnerable to loss (ETS 185 Art. 31(3))" in body


def test_art_27_3_incompatible_procedure_is_recorded_by_the_requested_side(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-27", content={
        "procedures_requested": "Hear the witness under oath in our presence."}))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution")
    request = request_transition(actor=officer, request=request, action="record_procedure_incompatible",
                                 note="Our law forbids foreign officials at hearings.")
    assert (request.status, request.events.last().action) == ("in_execution", "record_procedure_incompatible")


def test_art_27_7_a_significant_delay_is_reported(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-31"))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    request = request_transition(actor=officer, request=request, action="notify_delay",
                                 note="The provider needs a court order first.")
    assert request.status == "acknowledged"


def test_art_35_1_point_of_contact_not_available_24_7_is_flagged(world: Any, client_for: Any) -> None:
    point = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.POINT_OF_CONTACT_24_7,
                             name="Part-time point", is_available_24_7=False,
                             out_of_hours_contact="On-call mobile +63 917 000 0000")
    assert point.lacks_24_7_availability is True
    detail = client_for(world.users["drafter"]).get(f"/directory/authorities/{point.pk}/").content.decode()
    assert "Not available 24 hours a day, 7 days a week" in detail
    assert "On-call mobile +63 917 000 0000" in detail
    network = client_for(world.users["drafter"]).get("/directory/network/").content.decode()
    assert "not available 24/7" in network
    request = build_complete_request(world, "ETS185-29", requested=point)
    assert "ETS 185 Art. 35(1)" in [problem.citation for problem in report_for(request).warnings]


def test_requested_side_reads_labels_and_citations_in_its_language(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29", requested=world.foreign, content={
        "custodian_or_location": "Provider in Manila", "relationship_to_offence": "Used for the intrusion"}))
    foreign = world.users["foreign"]
    foreign.preferred_language = "fr"
    foreign.save()
    page = client_for(foreign).get(f"/cooperation/requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode()
    for raw in ("custodian_or_location", "intends_mutual_assistance", "relationship_to_offence", "ETS185-29",
                "preservation_minimum", ">sent<"):
        assert raw not in text, raw
    assert "Détenteur des données ou localisation du système informatique" in text
    assert "STE 185 art. 29(2)(d)" in text
    assert "Adresse IP avec port et heure" in text
