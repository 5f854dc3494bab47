"""Ingest: one pass for three hashes, the acquisition report compared, archives listed, hostile input refused
with nothing left behind; CLI and web entry points leave their audit and custody events."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.ingest import blob_store, evidence_ingest


def _ingest(world: Any, path: Path, **options: Any) -> EvidenceItem:
    return evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Test exhibit", **options)


def _store_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_file_ingest_hashes_stores_read_only_and_opens_the_chain(world: Any, tmp_path: Path, settings: Any) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    path = tmp_path / "image.dd"
    path.write_bytes(data)
    item = _ingest(world, path, stated_hashes={"md5": hashlib.md5(data).hexdigest()})
    assert (item.sha256, item.sha1, item.md5, item.size) == (
        hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest(),
        hashlib.md5(data).hexdigest(), len(data))
    assert item.stated_hashes_match is True
    stored = blob_store().path_for(item.sha256)
    assert stored.read_bytes() == data
    assert oct(stored.stat().st_mode & 0o777) == "0o444"
    event = item.custody_events.get()
    assert (event.sequence, event.event_type, event.hashes_after["sha256"]) == (1, "acquired", item.sha256)
    assert item.exhibit_number.endswith("/EX-002")


def test_mismatching_stated_hash_is_recorded_not_hidden(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"content")
    item = _ingest(world, path, stated_hashes={"sha256": "0" * 64})
    assert item.stated_hashes_match is False
    assert item.custody_events.get().notes == "Hash stated in the acquisition report does not match the content."


def test_zip_members_are_each_hashed_and_listed(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "chats.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("chats/a.txt", "first")
        archive.writestr("chats/b.txt", "second")
    item = _ingest(world, path)
    assert item.format == "zip"
    assert list(item.members.values_list("path", "size", "sha256")) == [
        ("chats/a.txt", 5, hashlib.sha256(b"first").hexdigest()),
        ("chats/b.txt", 6, hashlib.sha256(b"second").hexdigest())]


def _zip_with(path: Path, name: str, data: bytes = b"x", *, symlink: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (0o120777 << 16)
        archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.parametrize(("build", "message"), [
    (lambda folder: _zip_with(folder / "slip.zip", "../../etc/cron.d/evil"),
     "The archive contains an unsafe path: ../../etc/cron.d/evil"),
    (lambda folder: _zip_with(folder / "abs.zip", "/etc/passwd"), "The archive contains an unsafe path: /etc/passwd"),
    (lambda folder: _zip_with(folder / "link.zip", "link", b"/etc/shadow", symlink=True),
     "The archive contains a symbolic link: link"),
    (lambda folder: (folder / "trunc.zip").write_bytes(
        _zip_with(folder / "whole.zip", "a.txt", os.urandom(5000)).read_bytes()[:-60]) and folder / "trunc.zip",
     "The ZIP archive is damaged or truncated."),
])
def test_hostile_archives_are_refused_and_leave_nothing(build: Any, message: str, world: Any,
                                                        tmp_path: Path, settings: Any) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    path = build(folder)
    before = (EvidenceItem.objects.count(), AuditEvent.objects.count(), _store_files(Path(settings.EVIDENCE_ROOT)))
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, path)
    assert error.value.errors == {"path": [message]}
    assert (EvidenceItem.objects.count(), AuditEvent.objects.count(),
            _store_files(Path(settings.EVIDENCE_ROOT))) == before


def test_symlinks_and_unreadable_files_are_refused(world: Any, tmp_path: Path) -> None:
    target = tmp_path / "real.bin"
    target.write_bytes(b"real")
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, link)
    assert error.value.errors == {"path": [f"Symbolic links are refused: {link}"]}
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, tmp_path / "absent.bin")
    assert error.value.errors == {"path": [f"The file cannot be read: {tmp_path / 'absent.bin'}"]}


def test_cli_ingest_records_cli_audit_and_custody(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "capture.pcap"
    path.write_bytes(b"pcap" * 1000)
    output = io.StringIO()
    from glacy.core.context import origin

    with origin("cli"):
        call_command("evidence", "ingest", str(path), "--case", world.objects["case"].reference, "--as",
                     "own-custodian", "--description", "Network capture", stdout=output)
    item = EvidenceItem.objects.get(original_name="capture.pcap")
    assert output.getvalue() == f"{item.exhibit_number}\t{item.sha256}\t4000 bytes\n"
    event = AuditEvent.objects.get(action="evidence.ingest", object_id=str(item.pk))
    assert event.channel == "cli"
    with pytest.raises(CommandError, match=re.escape("--case: no case 'XX-CASE-1' in your authority.")):
        call_command("evidence", "ingest", str(path), "--case", "XX-CASE-1", "--as", "own-custodian",
                     "--description", "x")
    with pytest.raises(CommandError, match=re.escape("This action needs one of these roles: evidence custodian.")):
        call_command("evidence", "ingest", str(path), "--case", world.objects["case"].reference, "--as",
                     "own-drafter", "--description", "x")


def test_web_ingest_runs_as_a_job_then_download_is_an_access(world: Any, client_for: Any, tmp_path: Path,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from glacy.evidence.models import IngestJob

    http = client_for(world.users["custodian"])
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(f"/evidence/cases/{world.objects['case'].pk}/ingest/", {
            "file": SimpleUploadedFile("photo.jpg", b"\xff\xd8jpeg data"), "description": "Photo of the screen",
            "source": "seizure"})
    job = IngestJob.objects.get(original_name="photo.jpg")
    assert (response.status_code, response["Location"]) == (302, f"/evidence/jobs/{job.pk}/")
    item = EvidenceItem.objects.get(original_name="photo.jpg")
    assert (job.status, job.item_id, job.percent) == ("done", item.pk, 100)
    page = http.get(f"/evidence/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert item.exhibit_number in page
    assert "hx-trigger" not in page
    assert client_for(world.users["foreign"]).get(f"/evidence/jobs/{job.pk}/").status_code == 404
    download = http.post(f"/evidence/items/{item.pk}/download/", {"purpose": "court exhibit review"})
    assert b"".join(download.streaming_content) == b"\xff\xd8jpeg data"
    assert [(event.event_type, event.purpose) for event in item.custody_events.order_by("log_index")] == [
        ("acquired", "ingest into the evidence vault"), ("accessed", "court exhibit review")]
    channels = list(AuditEvent.objects.filter(object_id=str(item.pk)).values_list("action", "channel"))
    # The ingest itself ran in the worker: the job channel, on behalf of the custodian who asked for it.
    assert sorted(channels) == [("evidence.access", "web"), ("evidence.ingest", "job")]
