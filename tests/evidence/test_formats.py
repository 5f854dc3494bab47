"""E01 images (stored hashes recomputed), TAR archives and split raw images."""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest

from glacy.core.errors import ValidationFailed
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.ingest import evidence_ingest

E01 = Path(__file__).resolve().parent.parent / "fixtures" / "evidence" / "disk64k.E01"


def _ingest(world: Any, path: Path) -> EvidenceItem:
    return evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Format test")


def test_e01_stored_hashes_are_recomputed_and_recorded(world: Any) -> None:
    item = _ingest(world, E01)
    assert item.format == "e01"
    assert item.format_verification["result"] == "verified"
    assert item.format_verification["stored"] == {"md5": "7fcbd887b1a8a93a3b1ccfc1c8868b2f",
                                                  "sha1": "0b107d24db36f5f9814e1a607c5fbcfebcdca3a1"}
    assert item.sha256 == hashlib.sha256(E01.read_bytes()).hexdigest()
    assert item.custody_events.get().notes == "E01 media hash verified against the hash stored at acquisition."


def test_truncated_e01_is_refused_and_leaves_nothing(world: Any, tmp_path: Path) -> None:
    truncated = tmp_path / "broken.E01"
    truncated.write_bytes(E01.read_bytes()[: E01.stat().st_size // 2])
    count = EvidenceItem.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, truncated)
    assert error.value.errors == {"path": ["The E01 image is truncated or damaged and cannot be read."]}
    assert EvidenceItem.objects.count() == count


def _tar(path: Path, members: dict[str, bytes], *, link: str | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if link:
            info = tarfile.TarInfo(link)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            archive.addfile(info)
    return path


def test_tar_members_are_listed_and_hostile_tars_refused(world: Any, tmp_path: Path) -> None:
    item = _ingest(world, _tar(tmp_path / "logs.tar.gz", {"var/log/auth.log": b"sshd: accepted", "a.txt": b"x"}))
    assert item.format == "tar"
    assert sorted(item.members.values_list("path", "size")) == [("a.txt", 1), ("var/log/auth.log", 14)]
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, _tar(tmp_path / "slip.tar.gz", {"../../evil.sh": b"x"}))
    assert error.value.errors == {"path": ["The archive contains an unsafe path: ../../evil.sh"]}
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, _tar(tmp_path / "link.tar.gz", {}, link="shadow"))
    assert error.value.errors == {"path": ["The archive contains a symbolic link: shadow"]}


def test_split_raw_image_is_read_as_one_stream(world: Any, tmp_path: Path) -> None:
    parts = [b"A" * 1000, b"B" * 1000, b"C" * 10]
    for number, data in enumerate(parts, start=1):
        (tmp_path / f"disk.{number:03d}").write_bytes(data)
    item = _ingest(world, tmp_path / "disk.001")
    assert (item.format, item.original_name, item.size, item.sha256) == (
        "split_raw", "disk", 2010, hashlib.sha256(b"".join(parts)).hexdigest())
    gap = tmp_path / "gap"
    gap.mkdir()
    for number in (1, 3):
        shutil.copy(tmp_path / f"disk.{number:03d}", gap / f"disk.{number:03d}")
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, gap / "disk.001")
    assert error.value.errors == {"path": ["Segment 002 of the split image is missing."]}


def test_warc_records_are_each_hashed(world: Any, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "capture.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        body = b"<html>scam shop</html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://scam.example/", "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    item = _ingest(world, path)
    assert item.format == "warc"
    member = item.members.get()
    assert member.path.startswith("response https://scam.example/ ")
    # The record's payload (the HTTP body) is what a court compares with the page it saw.
    assert (member.sha256, member.size) == (hashlib.sha256(body).hexdigest(), len(body))
