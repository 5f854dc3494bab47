"""Evidence API: exhibits and their custody log, scoped to custodians and the case team."""

from __future__ import annotations

from typing import Any

from glacy.core.models import AuditEvent


def test_custody_log_and_recording_through_the_api(world: Any, api_client_for: Any) -> None:
    item = world.objects["evidence"]
    custodian = api_client_for(world.users["custodian"])
    drafter = api_client_for(world.users["drafter"])
    foreign = api_client_for(world.users["foreign"])
    before = AuditEvent.objects.count()
    created = custodian.post(f"/api/v1/evidence/{item.pk}/custody/", {"event_type": "sealed", "place": "Accra"},
                             format="json")
    assert created.status_code == 201
    assert (created.json()["sequence"], created.json()["event_type"]) == (2, "sealed")
    assert [event.channel for event in AuditEvent.objects.order_by("occurred_at")[before:]] == ["api"]
    log = drafter.get(f"/api/v1/evidence/{item.pk}/custody/").json()
    assert [event["event_type"] for event in log] == ["acquired", "sealed"]
    assert log[1]["previous_hash"] == log[0]["event_hash"]
    refused = drafter.post(f"/api/v1/evidence/{item.pk}/custody/", {"event_type": "sealed"}, format="json")
    assert refused.status_code == 403
    assert foreign.get(f"/api/v1/evidence/{item.pk}/").status_code == 404
    assert foreign.post(f"/api/v1/evidence/{item.pk}/custody/", {"event_type": "sealed"}, format="json"
                        ).status_code == 404
    bad = custodian.post(f"/api/v1/evidence/{item.pk}/custody/", {"event_type": "teleported"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"event_type": ['"teleported" is not a valid choice.']}
    assert item.custody_events.count() == 2


def test_custody_report_pdf_in_both_languages(world: Any, client_for: Any) -> None:
    import io

    import pypdf

    from glacy.evidence.services.events import custody_event_record

    item = world.objects["evidence"]
    custody_event_record(actor=world.users["custodian"], item=item, event_type="transferred",
                         releasing_person="Sgt. Owusu", receiving_person="Insp. Boateng")
    # Event names in the reader's language (issue 11: the French report showed the code "transferred").
    for language, heading, event in (("en", "Chain of custody", "transferred"),
                                     ("fr", "Chaîne de possession", "transfert")):
        response = client_for(world.users["drafter"]).get(f"/evidence/items/{item.pk}/custody-report/",
                                                          {"language": language})
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
        text = " ".join(text.split())
        assert response["Content-Type"] == "application/pdf"
        for phrase in (heading, item.exhibit_number, item.sha256, "Sgt. Owusu → Insp. Boateng", event):
            assert phrase in text, (language, phrase)


def test_blake3_is_shown_on_the_page_and_in_the_api_when_computed(world: Any, api_client_for: Any,
                                                                   client_for: Any, tmp_path: Any) -> None:
    import blake3
    from django.urls import reverse

    from glacy.evidence.services.ingest import evidence_ingest

    exhibit = tmp_path / "router-config.txt"
    exhibit.write_bytes(b"hostname edge-router-7\n" * 50)
    item = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=exhibit,
                           description="Router configuration", with_blake3=True)
    expected = blake3.blake3(exhibit.read_bytes()).hexdigest()
    assert api_client_for(world.users["custodian"]).get(f"/api/v1/evidence/{item.pk}/").json()["blake3"] == expected
    page = client_for(world.users["custodian"]).get(reverse("evidence-detail", kwargs={"item_id": item.pk}))
    assert f"<dt>BLAKE3</dt><dd><code>{expected}</code></dd>" in page.content.decode()
    without = world.objects["evidence"]
    assert api_client_for(world.users["custodian"]).get(f"/api/v1/evidence/{without.pk}/").json()["blake3"] == ""


def test_ingest_export_and_report_through_the_api(world: Any, api_client_for: Any) -> None:
    import hashlib
    import io
    import zipfile

    import pypdf

    from glacy.evidence.models import EvidenceItem, IngestJob
    from glacy.evidence.services.jobs import ingest_job_run

    custodian = api_client_for(world.users["custodian"])
    data = b"memory dump page " * 3000
    upload = io.BytesIO(data)
    upload.name = "ram.dmp"
    queued = custodian.post("/api/v1/evidence/", {
        "case": str(world.objects["case"].pk), "file": upload, "description": "RAM dump of the suspect's laptop",
        "seal_number": "GH-SEAL-0999", "expected_sha256": hashlib.sha256(data).hexdigest()}, format="multipart")
    assert queued.status_code == 202, queued.content
    assert (queued.json()["status"], queued.json()["original_name"]) == ("queued", "ram.dmp")
    ingest_job_run(job_id=queued.json()["id"])
    job = custodian.get(f"/api/v1/evidence-jobs/{queued.json()['id']}/").json()
    assert (job["status"], job["percent"]) == ("done", 100)
    item = EvidenceItem.objects.get(pk=job["item"])
    assert (item.sha256, item.stated_hashes_match, item.seal_number) == (hashlib.sha256(data).hexdigest(), True,
                                                                         "GH-SEAL-0999")
    package = custodian.post(f"/api/v1/evidence/{item.pk}/export/", {"purpose": "answer to PH-MLA-2026-0007"},
                             format="json")
    assert (package.status_code, package["Content-Type"]) == (200, "application/zip")
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        assert archive.read("package/data/ram.dmp") == data
    report = custodian.get(f"/api/v1/evidence/{item.pk}/custody-report/?language=fr")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(report.content)).pages)
    assert "Chaîne de possession" in text
    assert item.exhibit_number in text
    drafter = api_client_for(world.users["drafter"])
    assert drafter.post(f"/api/v1/evidence/{item.pk}/export/", {"purpose": "x"}, format="json").status_code == 403
    assert drafter.get(f"/api/v1/evidence-jobs/{queued.json()['id']}/").status_code == 404
    foreign = api_client_for(world.users["foreign"])
    upload.seek(0)
    refused = foreign.post("/api/v1/evidence/", {"case": str(world.objects["case"].pk), "file": upload,
                                                 "description": "x"}, format="multipart")
    # The case is a field of the body: a foreign case is "not found" like an unknown one, as a 400 naming it.
    assert (refused.status_code, refused.json()) == (400, {"case": ["Not found."]})
    assert IngestJob.objects.filter(requested_by=world.users["foreign"]).count() == 0
