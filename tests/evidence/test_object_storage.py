"""Evidence in object storage (S3-compatible buckets through django-storages): the same store contract, checked
with Django's in-memory storage standing in for the bucket."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from glacy.evidence.blobstore import StorageBlobStore
from glacy.evidence.services.events import evidence_content_open
from glacy.evidence.services.export import evidence_export_package
from glacy.evidence.services.ingest import blob_store, evidence_ingest
from glacy.evidence.services.node_history import own_trust
from glacy.evidence.verify_package import verify_package


@pytest.fixture
def bucket(settings: Any) -> Any:
    settings.STORAGES = {**settings.STORAGES,
                         "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    store = blob_store()
    assert isinstance(store, StorageBlobStore)
    return store


def test_exhibits_go_to_the_bucket_and_come_back_whole(world: Any, bucket: StorageBlobStore, tmp_path: Path,
                                                       settings: Any) -> None:
    data = b"disk sector " * 40_000
    exhibit = tmp_path / "usb-stick.dd"
    exhibit.write_bytes(data)
    item = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=exhibit,
                           description="USB stick image")
    key = f"{item.sha256[:2]}/{item.sha256[2:4]}/{item.sha256}"
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert bucket.storage.exists(key)
    assert not (Path(settings.EVIDENCE_ROOT) / item.sha256[:2]).exists()  # nothing kept on local disk
    assert list((Path(settings.EVIDENCE_ROOT) / "tmp").iterdir()) == []
    assert bucket.iter_blobs() == [item.sha256]
    with evidence_content_open(actor=world.users["custodian"], item=item, purpose="review") as handle:
        assert handle.read() == data
    again = tmp_path / "copy.dd"
    again.write_bytes(data)
    second = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=again,
                             description="Second copy")
    assert (second.sha256, bucket.iter_blobs()) == (item.sha256, [item.sha256])  # content addressed, stored once
    package = evidence_export_package(actor=world.users["custodian"], item=item, destination=tmp_path / "bag",
                                      purpose="answer to PH-MLA-2026-0007")
    assert (package / "data" / "usb-stick.dd").read_bytes() == data
    assert all(check.passed for check in verify_package(package, trust=own_trust()).checks)


def test_a_folder_exhibit_in_the_bucket_exports_every_file(world: Any, bucket: StorageBlobStore,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "phone-dump"
    (folder / "sms").mkdir(parents=True)
    (folder / "sms" / "inbox.db").write_bytes(b"SQLite format 3\x00" + b"\x01" * 500)
    (folder / "contacts.vcf").write_bytes(b"BEGIN:VCARD\r\nEND:VCARD\r\n")
    item = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=folder,
                           description="Phone dump")
    assert len(bucket.iter_blobs()) == 3  # two files and the manifest
    package = evidence_export_package(actor=world.users["custodian"], item=item, destination=tmp_path / "bag",
                                      purpose="answer to PH-MLA-2026-0007")
    assert (package / "data/phone-dump/sms/inbox.db").read_bytes() == (folder / "sms/inbox.db").read_bytes()
    assert all(check.passed for check in verify_package(package, trust=own_trust()).checks)


def test_a_bad_storage_configuration_stops_start_up_with_one_line(monkeypatch: Any) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "glacy.config.settings",
                                 "GLACY_EVIDENCE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
                                 "GLACY_EVIDENCE_STORAGE_OPTIONS": "{bucket"}, check=False)
    assert result.returncode != 0
    assert "GLACY_EVIDENCE_STORAGE_OPTIONS is not valid JSON" in result.stderr
