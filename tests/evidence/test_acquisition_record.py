"""What a court asks of an exhibit (issue 11 item 7): when, where and by whom it was seized, from which device,
under which warrant or request; custody events recorded after the fact keep both times; a hash that does not
match the acquisition report is an alert on the page and a flag in lists; an upload is hashed as it arrives and
a name too long for the disk is refused with its field named (issue 16 item 11)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from glacy.core.errors import ValidationFailed
from glacy.evidence.models import EvidenceItem, IngestJob
from glacy.evidence.services.events import custody_event_record
from glacy.evidence.services.ingest import evidence_ingest

SEIZED = datetime.datetime(2026, 11, 28, 14, 5, 30, tzinfo=datetime.UTC)


def test_acquisition_details_are_kept_shown_and_stated_in_the_custody_record(world: Any, tmp_path: Path,
                                                                            client_for: Any) -> None:
    path = tmp_path / "phone.bin"
    path.write_bytes(b"extraction")
    item = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Suspect's phone", acquired_at=SEIZED, acquired_by="Insp. Ama Owusu",
                           acquired_place="Kotoka airport, Accra", device="Samsung SM-A546E, IMEI 356789104512345",
                           seal_number="GH-SEAL-0042", legal_basis="Warrant AC/2026/113 of 27 Nov 2026",
                           answers_request=world.objects["request"], acquisition_tool="Cellebrite UFED 7.69")
    first = item.custody_events.get()
    # The acquisition is dated when it happened; the record also keeps when it was written.
    assert (first.event_type, first.time, first.performer, first.place, first.tool) == (
        "acquired", "2026-11-28T14:05:30.000000Z", "Insp. Ama Owusu", "Kotoka airport, Accra",
        "Cellebrite UFED 7.69")
    assert first.is_back_dated
    assert {name: first.details[name] for name in ("device", "seal_number", "legal_basis", "answers_request",
                                                   "size", "original_name")} == {
        "device": "Samsung SM-A546E, IMEI 356789104512345", "seal_number": "GH-SEAL-0042",
        "legal_basis": "Warrant AC/2026/113 of 27 Nov 2026", "answers_request": world.objects["request"].reference,
        "size": "10", "original_name": "phone.bin"}
    page = client_for(world.users["custodian"]).get(f"/evidence/items/{item.pk}/").content.decode()
    for shown in ("2026-11-28 14:05:30 UTC", "Kotoka airport, Accra", "Insp. Ama Owusu",
                  "Samsung SM-A546E, IMEI 356789104512345", "Warrant AC/2026/113 of 27 Nov 2026",
                  world.objects["request"].reference, "back-dated"):
        assert shown in page, shown


def test_acquisition_time_in_the_future_or_without_zone_is_refused(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    for moment, message in ((datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
                             "The acquisition time cannot be in the future."),
                            (datetime.datetime(2026, 1, 1), "Give the acquisition time with its time zone.")):
        with pytest.raises(ValidationFailed) as error:
            evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                            description="x", acquired_at=moment)
        assert error.value.errors == {"acquired_at": [message]}


def test_a_back_dated_event_keeps_both_times_and_the_chain_orders_by_recording(world: Any) -> None:
    item = world.objects["evidence"]
    sealed = custody_event_record(actor=world.users["custodian"], item=item, event_type="sealed",
                                  place="Accra CID exhibit room", time=SEIZED)
    examined = custody_event_record(actor=world.users["custodian"], item=item, event_type="examined")
    assert (sealed.time, sealed.is_back_dated, examined.is_back_dated) == ("2026-11-28T14:05:30.000000Z", True, False)
    assert sealed.recorded_at <= examined.recorded_at
    assert [event.sequence for event in item.custody_events.order_by("log_index")] == [1, 2, 3]
    assert examined.previous_hash == sealed.event_hash  # the chain follows the order of recording
    with pytest.raises(ValidationFailed) as error:
        custody_event_record(actor=world.users["custodian"], item=item, event_type="sealed",
                             time=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC))
    assert error.value.errors == {"time": ["The time of the event cannot be in the future."]}


def test_the_page_and_the_api_record_a_back_dated_event(world: Any, client_for: Any, api_client_for: Any) -> None:
    item = world.objects["evidence"]
    http = client_for(world.users["custodian"])
    response = http.post(f"/evidence/items/{item.pk}/events/", {"event_type": "seized", "time": "2026-11-28T09:00:00",
                                                                "place": "Tema port"})
    assert response.status_code == 302
    seized = item.custody_events.order_by("-log_index").first()
    assert (seized.event_type, seized.time, seized.place) == ("seized", "2026-11-28T09:00:00.000000Z", "Tema port")
    api = api_client_for(world.users["custodian"])
    body = api.post(f"/api/v1/evidence/{item.pk}/custody/", {"event_type": "transferred", "releasing_person": "A",
                                                            "receiving_person": "B",
                                                            "time": "2026-11-29T10:00:00+01:00"}, format="json")
    assert body.status_code == 201, body.content
    assert (body.json()["time"], body.json()["recorded_at"] > body.json()["time"]) == (
        "2026-11-29T09:00:00.000000Z", True)


def test_a_stated_hash_that_does_not_match_alerts_on_the_page_and_flags_the_list(world: Any, tmp_path: Path,
                                                                                client_for: Any) -> None:
    path = tmp_path / "image.dd"
    path.write_bytes(b"disk image")
    item = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Image", stated_hashes={"md5": "0" * 32})
    http = client_for(world.users["custodian"])
    page = http.get(f"/evidence/items/{item.pk}/").content.decode()
    assert 'id="alert-stated-hashes"' in page
    assert "The hash stated in the acquisition report does not match the content." in page
    listing = http.get(f"/evidence/cases/{world.objects['case'].pk}/").content.decode()
    assert f'data-alert="{item.pk}"' in listing
    assert f'data-alert="{world.objects["evidence"].pk}"' not in listing  # the honest exhibit carries no flag
    api = http.get(f"/api/v1/evidence/{item.pk}/")
    assert (api.json()["has_alert"], api.json()["stated_hashes_match"]) == (True, False)


def test_the_ingest_page_takes_the_acquisition_details(world: Any, client_for: Any,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    http = client_for(world.users["custodian"])
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(f"/evidence/cases/{world.objects['case'].pk}/ingest/", {
            "file": SimpleUploadedFile("dump.bin", b"seized bytes"), "description": "Dump", "source": "seizure",
            "acquired_at": "2026-11-28T14:05:30", "acquired_by": "Insp. Ama Owusu", "acquired_place": "Accra",
            "device": "Lenovo T14, S/N PF3XYZ", "answers_request": str(world.objects["request"].pk)})
    assert response.status_code == 302
    item = EvidenceItem.objects.get(original_name="dump.bin")
    assert (item.acquired_at, item.acquired_by, item.device, item.answers_request) == (
        SEIZED, "Insp. Ama Owusu", "Lenovo T14, S/N PF3XYZ", world.objects["request"])
    first = item.custody_events.get()
    # Hashed as the bytes arrived, and the worker found the same bytes.
    assert first.details["hashed_on_receipt"] == "yes"


def test_an_upload_that_changes_after_receipt_is_not_ingested(world: Any, client_for: Any,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    http = client_for(world.users["custodian"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        http.post(f"/evidence/cases/{world.objects['case'].pk}/ingest/", {
            "file": SimpleUploadedFile("staged.bin", b"as received"), "description": "x", "source": "seizure"})
    job = IngestJob.objects.get(original_name="staged.bin")
    Path(job.upload_path).write_bytes(b"swapped!!!!")  # someone with disk access, before the worker runs
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The upload changed between its receipt and its ingest: its "
                                                 "hashes no longer match those computed as it arrived. Nothing was "
                                                 "kept.")
    assert not EvidenceItem.objects.filter(original_name="staged.bin").exists()


NAME = "é" * 200 + ".bin"  # 204 characters, 404 bytes in UTF-8


def test_a_name_of_more_than_255_bytes_is_refused_with_its_field_named(world: Any, client_for: Any,
                                                                      api_client_for: Any) -> None:
    message = ("The file name is longer than 255 bytes in UTF-8 (204 characters, 404 bytes): rename the file.")
    jobs = IngestJob.objects.count()
    page = client_for(world.users["custodian"]).post(f"/evidence/cases/{world.objects['case'].pk}/ingest/", {
        "file": SimpleUploadedFile(NAME, b"data"), "description": "x", "source": "seizure"})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert 'id="id_file_errors"' in page.content.decode()
    api = api_client_for(world.users["custodian"]).post("/api/v1/evidence/", {
        "case": str(world.objects["case"].pk), "description": "x", "file": SimpleUploadedFile(NAME, b"data")},
        format="multipart")
    assert (api.status_code, api.json()) == (400, {"file": [message]})
    assert IngestJob.objects.count() == jobs


def test_the_command_line_takes_the_acquisition_details(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "cli.bin"
    path.write_bytes(b"cli")
    output = io.StringIO()
    call_command("evidence", "ingest", str(path), "--case", world.objects["case"].reference, "--as", "own-custodian",
                 "--description", "CLI", "--acquired-at", "2026-11-28T15:05:30+01:00", "--acquired-by", "Insp. B",
                 "--acquired-place", "Kumasi", "--device", "USB stick 16 GB", "--request",
                 world.objects["request"].reference, stdout=output)
    item = EvidenceItem.objects.get(original_name="cli.bin")
    assert (item.acquired_at, item.acquired_by, item.acquired_place, item.device, item.answers_request) == (
        SEIZED, "Insp. B", "Kumasi", "USB stick 16 GB", world.objects["request"])
    assert json.loads(item.custody_events.get().record)["time"] == "2026-11-28T14:05:30.000000Z"
