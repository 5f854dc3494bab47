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


SPLIT_E01 = E01.parent / "split"


def test_every_segment_of_a_split_e01_is_kept_and_the_media_hash_verified(world: Any, tmp_path: Path) -> None:
    copy = shutil.copytree(SPLIT_E01, tmp_path / "image")
    item = _ingest(world, copy / "split.E01")
    assert item.format == "e01"
    assert item.format_verification["result"] == "verified"
    assert item.format_verification["segments"] == ["split.E01", "split.E02", "split.E03"]
    digests = {name: hashlib.sha256((SPLIT_E01 / name).read_bytes()).hexdigest()
               for name in ("split.E01", "split.E02", "split.E03")}
    assert {member.path: member.sha256 for member in item.members.all()} == digests
    manifest = "".join(f"{digests[name]}  {name}\n" for name in sorted(digests)).encode()
    assert item.sha256 == hashlib.sha256(manifest).hexdigest()
    assert item.format_verification["total_size"] == sum((SPLIT_E01 / name).stat().st_size for name in digests)


def test_a_split_e01_with_a_missing_segment_is_refused(world: Any, tmp_path: Path) -> None:
    copy = shutil.copytree(SPLIT_E01, tmp_path / "image")
    (copy / "split.E02").unlink()
    count = EvidenceItem.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, copy / "split.E01")
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


def _warc_gz(records: list[tuple[str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue()


def _wacz(path: Path, *, tamper: bool = False) -> tuple[Path, dict[str, bytes]]:
    import json
    import zipfile

    files = {
        "archive/data.warc.gz": _warc_gz([("https://scam.example/", b"<html>scam shop</html>"),
                                          ("https://scam.example/pay", b"<html>pay here</html>")]),
        "pages/pages.jsonl": b'{"format": "json-pages-1.0"}\n{"url": "https://scam.example/"}\n',
    }
    resources = [{"name": Path(name).name, "path": name, "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                  "bytes": len(data)} for name, data in files.items()]
    if tamper:
        resources[0]["hash"] = "sha256:" + "0" * 64
    files["datapackage.json"] = json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                                            "resources": resources}).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return path, files


def test_wacz_files_and_each_warc_record_are_hashed(world: Any, tmp_path: Path) -> None:
    path, files = _wacz(tmp_path / "capture.wacz")
    item = _ingest(world, path)
    assert (item.format, item.format_verification["result"]) == ("wacz", "verified")
    listed = list(item.members.order_by("path").values_list("path", "size", "sha256"))
    assert [row for row in listed if "#" not in row[0]] == [
        (name, len(files[name]), hashlib.sha256(files[name]).hexdigest())
        for name in ("archive/data.warc.gz", "datapackage.json", "pages/pages.jsonl")]
    records = [row for row in listed if row[0].startswith("archive/data.warc.gz#")]
    assert [(row[0].split(" ")[:2], row[1], row[2]) for row in records] == [
        (["archive/data.warc.gz#response", "https://scam.example/"], 22,
         hashlib.sha256(b"<html>scam shop</html>").hexdigest()),
        (["archive/data.warc.gz#response", "https://scam.example/pay"], 21,
         hashlib.sha256(b"<html>pay here</html>").hexdigest())]
    assert len(listed) == 5
    assert item.custody_events.get().notes == ("Every file of the WACZ matches the hash declared in its "
                                               "datapackage.json.")


def test_wacz_hash_mismatch_is_recorded_and_hostile_wacz_refused(world: Any, tmp_path: Path) -> None:
    import zipfile

    path, _files = _wacz(tmp_path / "tampered.wacz", tamper=True)
    item = _ingest(world, path)
    assert (item.format_verification["result"], item.format_verification["mismatched"]) == (
        "mismatch", ["archive/data.warc.gz"])
    hostile = tmp_path / "hostile.wacz"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("archive/data.warc.gz", _warc_gz([("https://a.example/", b"a")]))
        archive.writestr("../../datapackage.json", b"{}")
    count = EvidenceItem.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _ingest(world, hostile)
    assert error.value.errors == {"path": ["The archive contains an unsafe path: ../../datapackage.json"]}
    assert EvidenceItem.objects.count() == count
