"""Hostile and awkward archives (issue 16 items 5, 15, 16; issue 13 smaller items): every decompression layer is
bounded and a bomb is kept whole rather than expanded; encrypted members are listed but not examined; names that
would disguise themselves are shown as code points; names without the UTF-8 flag keep their raw bytes; the digests
a WARC states about its records are checked."""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from glacy.evidence import archives
from glacy.evidence.models import EvidenceItem
from glacy.evidence.services.ingest import evidence_ingest

NOT_EXPANDED = {"reason": "ratio", "limit": 200}


@pytest.fixture(autouse=True)
def _small_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    # Archives up to this size are always expanded; 1 MiB keeps the bombs of these tests small and quick.
    monkeypatch.setattr(archives, "RATIO_FLOOR_BYTES", 1024 * 1024)


def _ingest(world: Any, path: Path) -> EvidenceItem:
    return evidence_ingest(actor=world.users["custodian"], case=world.objects["case"], path=path,
                           description="Seized archive")


def _warc_gz(body: bytes, *, uri: str = "https://bomb.example/") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "application/octet-stream")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def _assert_kept_whole(item: EvidenceItem, path: Path, kind: str) -> None:
    assert item.format == kind
    assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # hashed whole, as stored
    assert item.format_verification["not_expanded"] == NOT_EXPANDED
    assert item.members.count() == 0
    assert "kept whole, its members not listed" in item.custody_events.get().notes


def test_a_tar_gz_bomb_is_kept_whole_before_it_expands(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "zeros.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 32 * 1024 * 1024
        archive.addfile(info, io.BytesIO(bytes(info.size)))
    assert path.stat().st_size < 64 * 1024
    _assert_kept_whole(_ingest(world, path), path, "tar")


def test_a_warc_gz_record_that_would_expand_without_end_stops_while_expanding(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "capture.warc.gz"
    path.write_bytes(_warc_gz(bytes(16 * 1024 * 1024)))  # nothing states this size before the record is read
    _assert_kept_whole(_ingest(world, path), path, "warc")


def test_a_wacz_wrapping_a_bomb_warc_shares_one_budget(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "capture.wacz"
    with zipfile.ZipFile(path, "w") as archive:  # stored: the ZIP layer does not expand, the gzip inside does
        archive.writestr("archive/data.warc.gz", _warc_gz(bytes(16 * 1024 * 1024)), zipfile.ZIP_STORED)
        archive.writestr("datapackage.json", b'{"resources": []}', zipfile.ZIP_STORED)
    _assert_kept_whole(_ingest(world, path), path, "wacz")


def test_a_zip_bomb_is_kept_whole_from_its_stated_sizes(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(50 * 1024 * 1024))
    _assert_kept_whole(_ingest(world, path), path, "zip")


def test_an_archive_within_its_budget_is_listed(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "logs.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("log.txt")
        info.size = 512 * 1024
        archive.addfile(info, io.BytesIO(b"a" * info.size))
    item = _ingest(world, path)
    assert "not_expanded" not in item.format_verification
    assert list(item.members.values_list("path", "size")) == [("log.txt", 512 * 1024)]


def _patch(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace a name in both the local header and the central directory (same length, CRC of names unused)."""
    assert len(old) == len(new)
    assert data.count(old) == 2
    return data.replace(old, new)


def test_encrypted_members_are_listed_but_not_examined(world: Any, tmp_path: Path, client_for: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("readme.txt", b"open")
        archive.writestr("secret.db", b"\x8a\x11 ciphertext " * 10)
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" flag of secret.db in its local header and its central-directory entry.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_length_offset = 26 if signature == b"PK\x03\x04" else 28
            name_length = int.from_bytes(data[start + name_length_offset:start + name_length_offset + 2], "little")
            name_start = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_start:name_start + name_length] == b"secret.db":
                data[start + flag_offset] |= 0x1
            start += 4
    path = tmp_path / "seized.zip"
    path.write_bytes(bytes(data))
    item = _ingest(world, path)
    assert item.format_verification["encrypted_members"] == 1
    assert list(item.members.order_by("path").values_list("path", "size", "sha256", "encrypted")) == [
        ("readme.txt", 4, hashlib.sha256(b"open").hexdigest(), False), ("secret.db", 140, "", True)]
    assert item.custody_events.get().notes == "1 encrypted member(s) listed but not examined."
    page = client_for(world.users["custodian"]).get(f"/evidence/items/{item.pk}/").content.decode()
    assert "encrypted members not examined" in page


def test_names_without_the_utf8_flag_keep_their_raw_bytes(world: Any, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("caf_.txt", b"windows-1252 name")
        archive.writestr("AAAAA.txt", b"UTF-8 name without the flag")
    data = _patch(_patch(buffer.getvalue(), b"caf_.txt", b"caf\xe9.txt"), b"AAAAA.txt", "été.txt".encode())
    path = tmp_path / "names.zip"
    path.write_bytes(data)
    item = _ingest(world, path)
    assert list(item.members.order_by("path").values_list("path", "note")) == [
        ("cafΘ.txt", "name not in UTF-8: raw bytes 63 61 66 e9 2e 74 78 74"), ("été.txt", "")]


def test_bidirectional_controls_in_member_names_are_shown_as_code_points(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "phishing.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("invoice\u202egpj.exe", b"MZ")
    item = _ingest(world, path)
    assert list(item.members.values_list("path", "note")) == [
        ("invoice<U+202E>gpj.exe", "control or bidirectional characters shown as code points")]


def test_warc_record_digests_are_checked(world: Any, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for uri, body in (("https://shop.example/", b"<html>genuine</html>"), ("https://shop.example/pay", b"pay")):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    honest = tmp_path / "honest.warc"
    honest.write_bytes(buffer.getvalue())
    item = _ingest(world, honest)
    assert item.format_verification["warc_digests"] == {"result": "verified", "records_with_digests": 2,
                                                        "mismatched": []}
    # The same capture with the first page's body changed after capture (same length): its digests no longer hold.
    forged = tmp_path / "forged.warc.gz"
    forged.write_bytes(gzip.compress(buffer.getvalue().replace(b"<html>genuine</html>", b"<html>altered</html>")))
    item = _ingest(world, forged)
    assert (item.format_verification["result"], item.format_verification["warc_digests"]["result"]) == (
        "mismatch", "mismatch")
    assert item.format_verification["warc_digests"]["mismatched"][0].startswith("response https://shop.example/ ")
    assert item.has_alert
    assert item.custody_events.get().notes == "A record of the WARC does not match the digest it states."
