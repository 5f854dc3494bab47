"""Requests through pages, API and CLI: scoping between the two sides, documents, due list, reminders."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from glacy.cooperation.models import Request
from glacy.cooperation.reminders import reminders_send
from glacy.cooperation.services.documents import request_document_generate
from glacy.cooperation.services.registrations import request_register_incoming
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import bind, build_complete_request
from tests.factories import UserFactory


def _sent_preservation(world: Any) -> Request:
    request = build_complete_request(world, "ETS185-29", requested=world.foreign)
    return request_transition(actor=world.users["drafter"], request=request, action="send")


def test_requested_side_sees_the_request_but_not_the_case(world: Any, client_for: Any, api_client_for: Any) -> None:
    request = _sent_preservation(world)
    foreign = world.users["foreign"]
    page = client_for(foreign).get(f"/cooperation/requests/{request.pk}/")
    assert page.status_code == 200
    assert page.context["case"] is None
    assert world.objects["case"].reference not in page.content.decode()
    assert client_for(foreign).get(f"/cooperation/cases/{world.objects['case'].pk}/").status_code == 404
    body = api_client_for(foreign).get(f"/api/v1/requests/{request.pk}/").json()
    assert (body["reference"], body["case"]) == (request.reference, None)
    own = api_client_for(world.users["drafter"]).get(f"/api/v1/requests/{request.pk}/").json()
    assert own["case"] == str(world.objects["case"].pk)


def test_a_third_authority_sees_nothing(world: Any, client_for: Any, api_client_for: Any) -> None:
    request = _sent_preservation(world)
    outsider = UserFactory(username="outsider", authority=world.objects["request"].requested_authority,
                           roles=["drafter", "approver"])
    assert client_for(outsider).get(f"/cooperation/requests/{request.pk}/").status_code == 404
    assert api_client_for(outsider).get(f"/api/v1/requests/{request.pk}/").status_code == 404
    assert api_client_for(outsider).post(f"/api/v1/requests/{request.pk}/transition/", {"action": "acknowledge"},
                                         format="json").status_code == 404


def test_web_send_is_blocked_then_allowed_and_acknowledged(world: Any, client_for: Any) -> None:
    drafter = client_for(world.users["drafter"])
    created = drafter.post(f"/cooperation/cases/{world.objects['case'].pk}/requests/new/", {
        "request_type": "ETS185-29", "requested_authority": str(world.foreign.pk), "document_language": "en"})
    request = Request.objects.get(pk=created["Location"].split("/")[-2])
    # The draft starts from the case: its facts, its offences, the drafter and authority as contact (issue 11).
    drafter_user = world.users["drafter"]
    assert request.content == {
        "summary_of_facts": "Hospital systems encrypted on 2 March; ransom demanded in bitcoin.",
        "offence_description": "ETS 185 Art. 5 – System interference\nETS 185 Art. 8 – Computer-related fraud",
        "contact_person": ", ".join(part for part in (drafter_user.get_full_name() or drafter_user.username,
                                                       world.own.name, world.own.phone,
                                                       drafter_user.email or world.own.email) if part)}
    assert world.own.name in request.content["contact_person"]
    # A step cannot be undone: an unconfirmed post only asks (the page without JavaScript) and changes nothing.
    asked = drafter.post(f"/cooperation/requests/{request.pk}/act/", {"action": "send"})
    assert asked.status_code == 200
    assert f"Send: request {request.reference}? This step cannot be undone." in asked.content.decode()
    blocked = drafter.post(f"/cooperation/requests/{request.pk}/act/", {"action": "send", "confirmed": "yes"},
                           follow=True)
    # Each missing item is named (never a bare "This content is required.") and linked on the page.
    page = blocked.content.decode()
    assert ("Not done: Data or assistance sought: This content is required. (ETS 185 Art. 29(2)(c)) "
            "Identifiers sought: Add at least one identifier of the data sought. (ETS 185 Art. 29(2)(c))") in page
    assert ('<a href="#id_data_sought">Data or assistance sought</a>: This content is required.') in page
    assert '<a href="#identifiers-heading">Identifiers sought</a>: Add at least one identifier' in page
    request.refresh_from_db()
    assert request.status == "draft"
    drafter.post(f"/cooperation/requests/{request.pk}/content/", {
        "contact_person": "Ama Mensah +233 30 000 0000", "offence_description": "Illegal access, Art. 2",
        "summary_of_facts": "Intrusion.", "data_sought": "Logs", "relationship_to_offence": "Used for intrusion",
        "custodian_or_location": "Provider X, Manila", "necessity": "Logs expire in 30 days",
        "intends_mutual_assistance": "on"})
    drafter.post(f"/cooperation/requests/{request.pk}/identifiers/", {
        "kind": "ip", "address": "198.51.100.4", "port": "4433", "timestamp": "2026-02-01T10:00:00+00:00"})
    sent = drafter.post(f"/cooperation/requests/{request.pk}/act/", {"action": "send", "confirmed": "yes"})
    assert sent.status_code == 302
    request.refresh_from_db()
    assert request.status == "sent"
    client_for(world.users["foreign"]).post(f"/cooperation/requests/{request.pk}/act/",
                                            {"action": "acknowledge", "confirmed": "yes"})
    request.refresh_from_db()
    assert request.status == "acknowledged"
    actions = list(AuditEvent.objects.filter(object_id=str(request.pk)).order_by("occurred_at").values_list(
        "action", "channel"))
    assert actions == [("request.create", "web"), ("request.update", "web"), ("request.add_identifier", "web"),
                       ("request.send", "web"), ("request.acknowledge", "web")]


def test_api_drafts_completes_and_sends(world: Any, api_client_for: Any) -> None:
    for country in ("GH", "PH"):
        bind(country, "CETS224")  # CETS 224 Art. 16: the Protocol must bind both Parties for sending
    api = api_client_for(world.users["drafter"])
    created = api.post("/api/v1/requests/", {"case": str(world.objects["case"].pk), "request_type": "CETS224-9",
                                             "requested_authority": str(world.foreign.pk)}, format="json")
    assert created.status_code == 201
    request_id = created.json()["id"]
    refused = api.post(f"/api/v1/requests/{request_id}/transition/", {"action": "send"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["emergency_facts"] == ["This content is required. (CETS 224 Art. 9(3)(e))"]
    bad_identifier = api.post(f"/api/v1/requests/{request_id}/identifiers/",
                              {"kind": "ip", "raw": {"address": "10.0.0.1", "port": "80",
                                                     "timestamp": "2026-01-01T10:00:00"}}, format="json")
    assert bad_identifier.status_code == 400
    assert bad_identifier.json() == {"timestamp": ["The time must state its time zone (e.g. +01:00 or Z)."]}
    api.patch(f"/api/v1/requests/{request_id}/content/", {
        "contact_person": "Duty officer", "protocol_statement": True, "provider_name_and_address": "Provider, Manila",
        "offence_description": "Threats", "emergency_facts": "Kidnapping in progress", "data_sought": "Location",
        # CETS 224 Art. 9(3)(a) and (d): the date of issue and the applicable penalties (legal review finding 16).
        "issuing_authority_and_date": "Cybercrime prosecutor, 2026-06-01",
        "legal_provisions_and_penalties": "Criminal Code s. 267: up to 20 years"},
        format="json")
    api.post(f"/api/v1/requests/{request_id}/identifiers/", {"kind": "phone", "raw": {"value": "+63 2 8527 8121"}},
             format="json")
    sent = api.post(f"/api/v1/requests/{request_id}/transition/", {"action": "send"}, format="json")
    assert sent.status_code == 200
    assert (sent.json()["status"], sent.json()["next_deadline_code"]) == ("sent", "urgent_target")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_generated_pdf_and_docx_carry_fields_citations_and_hash(world: Any, language: str) -> None:
    request = build_complete_request(world, "ETS185-29")
    pdf = request_document_generate(actor=world.users["drafter"], request=request, file_format="pdf",
                                    language=language)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf.file.open("rb")).pages)
    text = " ".join(text.split())
    word = request_document_generate(actor=world.users["drafter"], request=request, file_format="docx",
                                     language=language)
    document = docx.Document(word.file.open("rb"))
    word_text = "\n".join([paragraph.text for paragraph in document.paragraphs]
                          + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
                          + [document.sections[0].footer.paragraphs[0].text])
    from glacy.cooperation.documents import content_hash

    expected = {
        "en": ["Request for international co-operation", "Expedited preservation of stored computer data",
               "Custodian of the data or location of the computer system", "Content hash"],
        "fr": ["Demande de coopération internationale", "Conservation rapide de données informatiques stockées",
               "Détenteur des données ou localisation du système informatique", "Empreinte du contenu"],
    }[language]
    citations = {"en": ["ETS 185 Art. 29(2)(d)", "ETS 185 Art. 29(2)(f)"],
                 "fr": ["STE 185 art. 29(2)(d)", "STE 185 art. 29(2)(f)"]}[language]
    for phrase in [*expected, *citations, request.reference, content_hash(request), "203.0.113.7:51234"]:
        assert phrase in text, phrase
        assert phrase in word_text, phrase


def test_incoming_registration_attaches_the_received_file(world: Any) -> None:
    pdf_bytes = request_document_generate(actor=world.users["drafter"], request=world.objects["request"],
                                          file_format="pdf").file.open("rb").read()
    officer = UserFactory(username="foreign-officer", authority=world.foreign, roles=["drafter"])
    request = request_register_incoming(actor=officer, requesting_authority=world.own, request_type="ETS185-29",
                                        received_reference="GH/PRES/12", data=pdf_bytes, filename="request.pdf")
    document = request.documents.get()
    # The registering side records the receipt; the registration waits for the named authority's confirmation.
    assert (request.status, request.is_incoming_registration, request.registration, document.kind,
            document.media_type) == ("acknowledged", True, "pending", "received", "application/pdf")
    with pytest.raises(ValidationFailed) as error:
        request_register_incoming(actor=officer, requesting_authority=world.own, request_type="ETS185-29",
                                  received_reference="x", data=b"\x00\x01binary", filename="x.bin")
    assert error.value.errors == {"file": ["Attach the request as PDF, DOCX or an e-mail (.eml) file."]}


def test_due_list_cli_and_idempotent_reminders(world: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request = build_complete_request(world, "CETS224-9", requested=world.foreign)
    sent_at = timezone.now() - datetime.timedelta(hours=30)
    request = request_transition(actor=world.users["drafter"], request=request, action="send", now=sent_at)
    output = io.StringIO()
    call_command("requests", "due", "--authority", str(world.own.pk), stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[0].split("\t")[1:4] == [request.reference, "CETS224-9", "urgent_target"]
    assert lines[0].endswith("OVERDUE")
    assert lines[-1] == "1 request(s) due within 7 day(s) or overdue."
    assert reminders_send() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.own.email, world.foreign.email])
    assert reminders_send() == 0
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="request.reminders_sent", channel="system").count() == 2


def test_reminder_job_writes_with_the_job_channel(world: Any, settings: Any) -> None:
    from glacy.cooperation.tasks import send_due_reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request = build_complete_request(world, "CETS224-9", requested=world.foreign)
    request_transition(actor=world.users["drafter"], request=request, action="send")
    result = send_due_reminders.enqueue()
    assert result.return_value == 2
    channels = list(AuditEvent.objects.filter(action="request.reminders_sent").values_list("channel", flat=True))
    assert channels == ["job", "job"]
