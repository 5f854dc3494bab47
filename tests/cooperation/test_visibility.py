"""Issue 16, items 3 and 4: the requested side sees a request from the moment it is sent and writes to it only
through its own steps; a registration of a received request stays with the registering side until the named
requesting authority confirms it."""

from __future__ import annotations

from typing import Any

import pytest

from glacy.cooperation import selectors
from glacy.cooperation.services.documents import request_document_generate
from glacy.cooperation.services.registrations import (
    request_register_incoming,
    request_registration_confirm,
    request_registration_reject,
)
from glacy.cooperation.services.requests import request_update_content
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import build_complete_request, send
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n% received by e-mail\n"


@pytest.mark.parametrize("actions", [[], ["submit_for_approval"], ["submit_for_approval", "approve"]])
def test_requested_side_services_treat_an_unsent_request_as_unknown(actions: list[str], world: Any) -> None:
    request = build_complete_request(world, "ETS185-31", requested=world.foreign)
    for action in actions:
        request = request_transition(actor=world.users["approver" if action == "approve" else "drafter"],
                                     request=request, action=action)
    foreign = world.users["foreign"]
    assert not selectors.requests_for_user(user=foreign).filter(pk=request.pk).exists()
    assert selectors.requests_due_for_user(user=foreign).count() == 0
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied) as error:
        request_transition(actor=foreign, request=request, action="acknowledge")
    assert str(error.value) == "Your authority is not a party to this request."
    with pytest.raises(PermissionDenied):
        request_document_generate(actor=foreign, request=request, file_format="pdf")
    assert AuditEvent.objects.count() == before


def test_requested_side_writes_only_through_its_own_steps(world: Any, api_client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29", requested=world.foreign))
    foreign = world.users["foreign"]
    with pytest.raises(PermissionDenied):
        request_update_content(actor=foreign, request=request, content={"necessity": "changed by them"})
    with pytest.raises(PermissionDenied):
        request_document_generate(actor=foreign, request=request, file_format="docx")
    api = api_client_for(foreign)
    assert api.patch(f"/api/v1/requests/{request.pk}/content/", {"necessity": "x"}, format="json").status_code == 403
    assert api.post(f"/api/v1/requests/{request.pk}/documents/", {"format": "pdf"}, format="json").status_code == 403
    assert request.documents.count() == 0
    # Its own step works.
    assert api.post(f"/api/v1/requests/{request.pk}/transition/", {"action": "acknowledge"},
                    format="json").status_code == 200


def test_requested_side_prints_a_copy_without_adding_to_the_request(world: Any, client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-29", requested=world.foreign))
    response = client_for(world.users["foreign"]).post(f"/cooperation/requests/{request.pk}/documents/",
                                                       {"format": "pdf", "language": "fr"})
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF-")
    assert request.documents.count() == 0


def _registration(world: Any) -> Any:
    registrar = UserFactory(username="foreign-registrar", authority=world.foreign, roles=["drafter"])
    return request_register_incoming(actor=registrar, requesting_authority=world.own, request_type="ETS185-29",
                                     received_reference="GH/PRES/12", data=PDF, filename="request.pdf",
                                     summary_of_facts="Text chosen by the registering side.")


def test_registration_stays_with_the_registering_side_until_confirmed(world: Any, client_for: Any,
                                                                     api_client_for: Any) -> None:
    request = _registration(world)
    own = world.users["drafter"]
    assert request.registration == "pending"
    assert not selectors.outgoing_for_user(user=own).filter(pk=request.pk).exists()
    assert list(selectors.registrations_to_confirm_for_user(user=own)) == [request]
    assert client_for(own).get(f"/cooperation/requests/{request.pk}/").status_code == 404
    listed = [row["id"] for row in api_client_for(own).get("/api/v1/requests/").json()["results"]]
    assert listed == [str(world.objects["request"].pk)]  # its own draft only
    listing = client_for(own).get("/cooperation/requests/").content.decode()
    assert "Registrations naming your authority as requesting authority" in listing
    assert request.reference not in listing.split('id="request-rows"')[1]  # not among the authority's requests
    with pytest.raises(PermissionDenied):
        request_transition(actor=own, request=request, action="withdraw")
    # The registering side sees it, flagged.
    foreign_page = client_for(world.users["foreign"]).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Registered from a received document" in foreign_page
    assert "awaiting confirmation by the requesting authority" in foreign_page


def test_confirmed_registration_appears_among_the_requesting_side_requests(world: Any, client_for: Any) -> None:
    request = _registration(world)
    response = client_for(world.users["drafter"]).post(f"/cooperation/requests/{request.pk}/registration/",
                                                       {"answer": "confirm"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.registration == "confirmed"
    assert selectors.outgoing_for_user(user=world.users["drafter"]).filter(pk=request.pk).exists()
    assert client_for(world.users["drafter"]).get(f"/cooperation/requests/{request.pk}/").status_code == 200


def test_rejected_registration_stays_with_the_registering_side(world: Any) -> None:
    request = _registration(world)
    with pytest.raises(ValidationFailed):
        request_registration_reject(actor=world.users["drafter"], request=request, note=" ")
    request = request_registration_reject(actor=world.users["drafter"], request=request,
                                          note="We never sent GH/PRES/12.")
    assert request.registration == "rejected"
    assert not selectors.requests_for_user(user=world.users["drafter"]).filter(pk=request.pk).exists()
    assert selectors.requests_for_user(user=world.users["foreign"]).filter(pk=request.pk).exists()
    with pytest.raises(PermissionDenied):
        request_registration_confirm(actor=world.users["drafter"], request=request)


def test_only_the_named_authority_answers_a_registration(world: Any) -> None:
    request = _registration(world)
    third = UserFactory(username="third-drafter", authority=world.objects["request"].requested_authority,
                        roles=["drafter"])
    with pytest.raises(PermissionDenied):
        request_registration_confirm(actor=third, request=request)
