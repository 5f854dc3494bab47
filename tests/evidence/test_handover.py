"""An exhibit answering a request travels to the requesting authority as a transfer of the request's
conversation (here between two authorities of one node: the same path as between nodes): verified exactly as
`glacy evidence verify` does, imported into the request's case, and the hand-over recorded in both custody
chains with the other side's signed statement; a tampered package is refused with its reason and the sender
told."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from glacy.cooperation.services.cases import case_open
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.evidence.handover import evidence_package_send
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.ingest import evidence_ingest
from glacy.evidence.services.log_verify import custody_log_verify
from glacy.exchange.models import InboundMessage, IncomingTransfer, OutgoingTransfer
from tests.cooperation.exchange_helpers import deliver_all
from tests.cooperation.helpers import act, build_complete_request, send
from tests.factories import UserFactory

CONTENT = b"subscriber records of the account, as produced by the provider\n" * 2000


def _answering_side(world: Any, tmp_path: Path) -> tuple[Any, Any, EvidenceItem]:
    """A production request (ETS 185 Art. 31) in execution, and an exhibit of the requested authority's own case."""
    request = send(world, build_complete_request(world, "ETS185-31"))
    officer = UserFactory(username="ph-officer", authority=request.requested_authority,
                          roles=["drafter", "approver", "custodian"], first_name="Maria", last_name="Santos")
    request = act(officer, request, "acknowledge", "start_execution")
    case = case_open(actor=officer, data={"title": "Execution of the production request",
                                          "offence_articles": ["ETS185:5"]})
    source = tmp_path / "subscriber-records.csv"
    source.write_bytes(CONTENT)
    item = evidence_ingest(actor=officer, case=case, path=source, description="Subscriber records")
    return request, officer, item


def test_an_exhibit_handed_over_is_verified_imported_and_recorded_on_both_sides(world: Any, tmp_path: Path) -> None:
    request, officer, item = _answering_side(world, tmp_path)
    transfer = evidence_package_send(actor=officer, item=item, request=request)
    deliver_all()

    transfer.refresh_from_db()
    assert transfer.status == "accepted"
    received = EvidenceItem.objects.get(case=world.objects["case"], answers_request=request)
    assert (received.sha256, received.source, received.size) == (item.sha256, "received_from_abroad", len(CONTENT))
    incoming = IncomingTransfer.objects.get(pk=transfer.pk)
    first = received.custody_events.order_by("log_index").first().as_record()
    exported = item.custody_events.get(record__contains='"event_type":"exported"').as_record()
    assert first.event_type == "received"
    assert (first.details["handover"], first.details["transfer"], first.details["released_by"]) == (
        "received", str(transfer.pk), "Maria Santos")
    assert first.details["sender_package_sha256"] == exported.details["package_sha256"]  # the two logs join
    assert (first.details["seal_message"], first.details["seal_sha256"]) == (
        str(incoming.seal_message), InboundMessage.objects.get(pk=incoming.seal_message).signed_hash)
    released = item.custody_events.order_by("-log_index").first().as_record()
    answer = InboundMessage.objects.get(message_type="exchange.transfer.result")
    assert (released.event_type, released.details["handover"], released.details["received_as"]) == (
        "transferred", "released", received.exhibit_number)
    assert (released.details["answer_message"], released.details["answer_sha256"]) == (
        str(answer.pk), answer.signed_hash)
    assert (released.releasing_person, released.receiving_person) == (
        "Maria Santos", f"{request.requesting_authority} ({answer.sender_node})")
    actions = list(request.events.values_list("action", flat=True))
    assert actions[-3:] == ["send_evidence", "receive_evidence", "evidence_accepted"]
    assert custody_log_verify().is_intact


def test_a_tampered_package_is_refused_with_its_reason_and_the_sender_told(world: Any, tmp_path: Path) -> None:
    request, officer, item = _answering_side(world, tmp_path)
    transfer = evidence_package_send(actor=officer, item=item, request=request)
    spool = Path(transfer.spool_path)
    # Someone changes one byte of the exhibit inside the package after it was signed (the ZIP stays valid).
    with zipfile.ZipFile(spool) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = next(member for member in members if member.endswith("subscriber-records.csv"))
    members[name] = members[name].replace(b"provider", b"pr0vider", 1)
    spool.chmod(0o644)
    spool.unlink()
    with zipfile.ZipFile(spool, "x", zipfile.ZIP_STORED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    assert spool.stat().st_size == transfer.size  # the same length: only the content differs
    deliver_all()

    transfer.refresh_from_db()
    assert transfer.status == "refused"
    assert transfer.result_reason.startswith("the package failed verification: bag_valid:")
    assert not EvidenceItem.objects.filter(case=world.objects["case"]).exclude(pk=world.objects["evidence"].pk)
    refusal = request.events.order_by("-created_at").first()
    assert (refusal.action, refusal.note) == ("evidence_refused", transfer.result_reason)
    assert item.custody_events.order_by("-log_index").first().as_record().event_type == "exported"


def test_only_a_custodian_of_the_requested_side_hands_evidence_over(world: Any, tmp_path: Path) -> None:
    request, officer, item = _answering_side(world, tmp_path)
    with pytest.raises(PermissionDenied):
        evidence_package_send(actor=world.users["custodian"], item=world.objects["evidence"], request=request)
    request = act(officer, request, "execute")
    request.refresh_from_db()
    just_sent = send(world, build_complete_request(world, "ETS185-31"))
    with pytest.raises(ValidationFailed):  # not yet in execution: nothing to answer with
        evidence_package_send(actor=officer, item=item, request=just_sent)
    assert OutgoingTransfer.objects.count() == 0


def test_the_exhibit_page_offers_the_requests_it_can_answer(world: Any, tmp_path: Path, client_for: Any) -> None:
    from django.urls import reverse

    request, officer, item = _answering_side(world, tmp_path)
    client = client_for(officer)
    page = client.get(reverse("evidence-detail", kwargs={"item_id": item.pk})).content.decode()
    assert f'<option value="{request.pk}">{request.reference} – {request.requesting_authority}</option>' in page
    response = client.post(reverse("evidence-handover", kwargs={"item_id": item.pk}), {"request": str(request.pk)})
    assert response.status_code == 302
    assert response["Location"] == reverse("request-detail", kwargs={"request_id": request.pk})
    transfer = OutgoingTransfer.objects.get()
    assert (transfer.purpose, transfer.metadata["exhibit_number"]) == ("evidence.package", item.exhibit_number)
    history = client.get(response["Location"]).content.decode()
    assert "Evidence package sent" in history
    assert "File: 0 of 1 parts received" in history
    # A request of another authority's is not found (the same message as an unknown one).
    response = client.post(reverse("evidence-handover", kwargs={"item_id": item.pk}),
                           {"request": str(world.objects["request"].pk)})
    assert response.status_code == 302
    assert OutgoingTransfer.objects.count() == 1
