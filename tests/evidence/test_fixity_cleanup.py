"""Fixity (issue 13 item 3): stored originals re-hashed, each check a custody event, a mismatch alerted on the page,
by e-mail and by the exit code; export and download refuse a corrupt copy; a re-ingest of the same content finds
and repairs a corrupt blob. Clean-up (issue 16 item 12): what interrupted ingests leave is removed by
`glacy evidence cleanup` and by the worker, and nothing referenced is ever touched."""

from __future__ import annotations

import datetime
import io
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.core.models import AuditEvent
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.events import evidence_content_open
from glacy.evidence.services.export import evidence_export_package
from glacy.evidence.services.fixity import FixityFailed, fixity_due
from glacy.evidence.services.ingest import blob_store, evidence_ingest


def _flip_a_byte(item: EvidenceItem) -> Path:
    path = blob_store().path_for(item.sha256)  # type: ignore[attr-defined]
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[3] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def test_fixity_records_an_event_per_exhibit_and_fails_on_a_flipped_byte(
        world: Any, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = world.objects["evidence"]
    world.users["custodian"].email = "custodian@example.gh"
    world.users["custodian"].save()
    output = io.StringIO()
    call_command("evidence", "fixity", stdout=output)
    assert output.getvalue() == "1 exhibit(s) checked, 0 mismatch(es).\n"
    event = item.custody_events.order_by("-log_index").first()
    assert (event.event_type, event.details["result"], event.performer) == (
        "fixity_checked", "intact", "GLACY fixity check")
    _flip_a_byte(item)
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError, match="1 exhibit"):
        call_command("evidence", "fixity", stdout=output)
    actual = blob_store().verify(item.sha256).actual_sha256
    assert f"MISMATCH\t{item.exhibit_number}\tphone-extraction.bin: the stored copy hashes to {actual}" in \
        output.getvalue()
    item.refresh_from_db()
    assert item.fixity_intact is False
    assert item.has_alert
    assert item.custody_events.order_by("-log_index").first().details["result"] == "mismatch"
    assert AuditEvent.objects.filter(action="evidence.fixity_failed", object_id=str(item.pk)).count() == 1
    assert [message.to for message in mail.outbox] == [["custodian@example.gh"]]
    assert mail.outbox[0].subject == f"GLACY: exhibit {item.exhibit_number} failed its fixity check"


def test_download_and_export_refuse_a_corrupt_copy(world: Any, tmp_path: Path, client_for: Any) -> None:
    item = world.objects["evidence"]
    _flip_a_byte(item)
    with pytest.raises(FixityFailed, match="failed its fixity check and was not sent"):
        evidence_content_open(actor=world.users["custodian"], item=item, purpose="court")
    with pytest.raises(FixityFailed, match="nothing was exported"):
        evidence_export_package(actor=world.users["custodian"], item=item, destination=tmp_path / "bag",
                                purpose="court")
    assert not (tmp_path / "bag").exists()
    assert not (tmp_path / "bag.building").exists()
    assert "exported" not in [event.event_type for event in item.custody_events.all()]
    page = client_for(world.users["custodian"]).post(f"/evidence/items/{item.pk}/download/", {"purpose": "court"})
    assert page.status_code == 302  # back to the exhibit, with the refusal shown
    detail = client_for(world.users["custodian"]).get(f"/evidence/items/{item.pk}/").content.decode()
    assert 'id="alert-fixity"' in detail


def test_a_zeroed_hash_column_is_refused_at_export(world: Any, tmp_path: Path) -> None:
    item = world.objects["evidence"]
    EvidenceItem.objects.filter(pk=item.pk).update(md5="0" * 32)
    item.refresh_from_db()
    with pytest.raises(FixityFailed) as error:
        evidence_export_package(actor=world.users["custodian"], item=item, destination=tmp_path / "bag",
                                purpose="court")
    assert f"md5 column is {'0' * 32}, the custody record states " in str(error.value)


def test_a_reingest_finds_and_repairs_a_corrupt_stored_copy(world: Any, tmp_path: Path) -> None:
    item = world.objects["evidence"]
    blob = _flip_a_byte(item)
    pristine = tmp_path / "again.bin"
    pristine.write_bytes(b"extraction of the suspect's phone" * 100)
    evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=pristine,
                    description="The same extraction, ingested again")
    assert blob_store().verify(item.sha256).is_intact
    assert oct(blob.stat().st_mode & 0o777) == "0o444"
    event = item.custody_events.order_by("-log_index").first()
    assert (event.event_type, event.details["result"]) == ("fixity_checked", "restored")
    assert event.details["problems"].startswith("the stored copy hashed to ")


def test_the_rotation_checks_every_exhibit_within_the_period(world: Any, tmp_path: Path) -> None:
    for number in range(5):
        path = tmp_path / f"e{number}.bin"
        path.write_bytes(f"exhibit {number}".encode())
        evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path, description="x")
    assert EvidenceItem.objects.count() == 6
    checked: set[str] = set()
    now = datetime.datetime.now(tz=datetime.UTC)
    for day in range(3):  # every 3 days: a share of 2 per daily run
        due = fixity_due(days=3, now=now + datetime.timedelta(days=day))
        assert len(due) == 2
        for item in due:
            checked.add(str(item.pk))
            EvidenceItem.objects.filter(pk=item.pk).update(fixity_checked_at=now + datetime.timedelta(days=day))
    assert len(checked) == 6


def _age(path: Path, seconds: float = 3 * 24 * 3600) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment), follow_symlinks=False)


def test_cleanup_removes_what_interrupted_ingests_left_and_nothing_else(world: Any, settings: Any) -> None:
    store = blob_store()
    partial = store.temp_root / "0123.partial"
    partial.write_bytes(b"half")
    _age(partial)
    fresh_partial = store.temp_root / "4567.partial"
    fresh_partial.write_bytes(b"an ingest still running")
    orphan = store.put_bytes(b"linked, then the worker was killed before registering")
    _age(store.path_for(orphan.sha256))  # type: ignore[attr-defined]
    kept = world.objects["evidence"]
    _age(store.path_for(kept.sha256))  # type: ignore[attr-defined]
    abandoned = Path(settings.EVIDENCE_ROOT) / "uploads" / "deadbeef"
    abandoned.mkdir(parents=True)
    (abandoned / "upload.bin").write_bytes(b"x")
    _age(abandoned)
    queued = Path(world.objects["ingest_job"].upload_path).parent
    _age(queued)  # a queued job's upload stays, however old
    output = io.StringIO()
    call_command("evidence", "cleanup", stdout=output)
    assert output.getvalue() == ("Removed 1 partial file(s), 1 unreferenced blob(s), 1 abandoned upload folder(s).\n")
    assert (partial.exists(), fresh_partial.exists(), store.exists(orphan.sha256), store.exists(kept.sha256),
            abandoned.exists(), queued.exists()) == (False, True, False, True, False, True)
    event = AuditEvent.objects.get(action="evidence.cleanup")
    assert event.after["unreferenced_blobs"] == [orphan.sha256]


def test_the_worker_cleans_up_once_a_day(world: Any, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    from glacy.evidence.services.jobs import ingest_job_run

    store = blob_store()
    partial = store.temp_root / "stale.partial"
    partial.write_bytes(b"half")
    _age(partial)
    ingest_job_run(job_id=str(world.objects["ingest_job"].pk))
    assert not partial.exists()
    marker = Path(settings.EVIDENCE_ROOT) / ".last-cleanup"
    assert marker.exists()
    again = store.temp_root / "stale-again.partial"
    again.write_bytes(b"half")
    _age(again)
    from glacy.evidence.services.cleanup import evidence_cleanup_if_due

    assert evidence_cleanup_if_due() is None  # the last clean-up is less than a day old
    assert again.exists()
