"""A new draft starts from what the platform knows: the case, and the request it follows up (issue 11)."""

from __future__ import annotations

from typing import Any

from glacy.cooperation.models import Request
from glacy.cooperation.services.workflow import request_transition
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import IP_IDENTIFIER, build_complete_request, requested_authority_for


def _sent_preservation(world: Any) -> Request:
    preservation = build_complete_request(world, "ETS185-29", requested=world.foreign, content={
        "summary_of_facts": "Ransomware on the hospital network on 2 March.",
        "data_sought": "Traffic data of the VPN server", "custodian_or_location": "Acme Hosting, Manila",
        "contact_person": "Night officer of the 24/7 point, +233 30 000 0001"})
    return request_transition(actor=world.users["drafter"], request=preservation, action="send")


def test_a_follow_up_is_drafted_from_the_preservation_it_follows(world: Any, client_for: Any) -> None:
    preservation = _sent_preservation(world)
    before = set(Request.objects.values_list("pk", flat=True))
    drafter = world.users["drafter"]
    target = requested_authority_for(world, "ETS185-31")
    response = client_for(drafter).post(f"/cooperation/cases/{world.objects['case'].pk}/requests/new/", {
        "request_type": "ETS185-31", "requested_authority": str(target.pk), "document_language": "en",
        "follows_reference": preservation.reference.lower()}, follow=True)
    follow_up = Request.objects.exclude(pk__in=before).get()
    assert follow_up.follows == preservation
    # The facts and the data sought come from the preservation; the contact is the person drafting now.
    assert {name: follow_up.content[name] for name in ("summary_of_facts", "data_sought", "custodian_or_location")} \
        == {"summary_of_facts": "Ransomware on the hospital network on 2 March.",
            "data_sought": "Traffic data of the VPN server", "custodian_or_location": "Acme Hosting, Manila"}
    assert follow_up.content["contact_person"].startswith(drafter.get_full_name() or drafter.username)
    assert "Night officer" not in follow_up.content["contact_person"]
    # Its identifiers are copied, each audited like one added by hand and saying where it came from.
    assert list(follow_up.identifiers.values_list("kind", "value")) == list(
        preservation.identifiers.values_list("kind", "value"))
    assert follow_up.identifiers.get().value["port"] == int(IP_IDENTIFIER["port"])
    copied = AuditEvent.objects.get(action="request.add_identifier", object_id=str(follow_up.pk))
    assert copied.after["copied_from"] == preservation.reference
    page = response.content.decode()
    assert (f"Request {follow_up.reference} drafted. Copied from case {world.objects['case'].reference}: Contact "
            f"person for confirmation (name, telephone, e-mail). Copied from request {preservation.reference}: Brief "
            "summary of the facts, Offence(s) and applicable provisions of national law, Data or assistance sought, "
            "Custodian of the data or location of the computer system, 1 identifier.") in page
    assert "Check every copied value before sending." in page


def test_a_follow_up_of_another_party_changes_nothing(world: Any, client_for: Any) -> None:
    preservation = _sent_preservation(world)
    count = Request.objects.count()
    other_party = requested_authority_for(world, "ETS185-31")
    other_party.country_id = "FR" if other_party.country_id != "FR" else "DE"
    other_party.save(update_fields=["country"])
    response = client_for(world.users["drafter"]).post(
        f"/cooperation/cases/{world.objects['case'].pk}/requests/new/", {
            "request_type": "ETS185-31", "requested_authority": str(other_party.pk), "document_language": "en",
            "follows_reference": preservation.reference})
    assert response.status_code == 400
    assert ("The earlier request went to another Party; a follow-up goes to the Party that received it."
            in response.content.decode())
    assert Request.objects.count() == count
