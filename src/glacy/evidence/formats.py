"""Recognising evidence formats by content and checking what each format can prove about itself.

- EWF/E01 images carry the MD5/SHA-1 computed at acquisition: we recompute them over the media with
  libewf (pyewf) and record verified / mismatch / absent. A truncated or damaged image is refused.
- TAR archives are listed member by member, with the same refusals as ZIP (paths escaping the archive,
  links, devices) and a size limit counted while reading.
- WACZ web archives (a ZIP of WARC files plus ``datapackage.json``) are listed file by file and record by
  record; the SHA-256 each resource declares in ``datapackage.json`` is checked.
- Raw images split in segments (disk.001, disk.002, …) are read as one stream, in order; a gap is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import tarfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from glacy.evidence.archives import MAX_MEMBERS, MAX_TOTAL_BYTES, ArchiveRefused, Member, list_zip
from glacy.evidence.hashing import MultiHasher

EWF_MAGIC = b"EVF\x09\x0d\x0a\xff\x00"
SEGMENT = re.compile(r"^(?P<stem>.+)\.(?P<number>\d{3})$")
CHUNK = 4 * 1024 * 1024


def detect_format(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(EWF_MAGIC):
        return "e01"
    if head.startswith(b"PK\x03\x04"):
        return "wacz" if is_wacz(path) else "zip"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    if head[:2] == b"\x1f\x8b" and path.name.lower().endswith((".tar.gz", ".tgz")):
        return "tar"
    if head.startswith(b"WARC/") or (head[:2] == b"\x1f\x8b" and path.name.lower().endswith(".warc.gz")):
        return "warc"
    return "file"


def _warc_records(handle: BinaryIO, *, prefix: str, members: list[Member], with_blake3: bool) -> None:
    """Append one member per record of the WARC read (streaming) from ``handle``."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(handle):
        if len(members) >= MAX_MEMBERS:
            raise ArchiveRefused("too_many_members", _("The archive has more than %(count)s members.") % {
                "count": MAX_MEMBERS})
        headers = record.rec_headers
        label = " ".join(part for part in (
            record.rec_type, headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "",
            headers.get_header("WARC-Record-ID") or "") if part)
        hasher = MultiHasher(("sha256", "sha1", "md5"), with_blake3=with_blake3)
        hashes = hasher.hash_stream(record.content_stream())  # type: ignore[arg-type]
        members.append(Member.from_hashes(f"{prefix}{label}"[:1000], hasher.size, hashes))


def list_warc(path: Path, *, with_blake3: bool = False) -> list[Member]:
    """Hash every record of a WARC web capture (ISO 28500): its type, target URI and date, and its content."""
    from warcio.exceptions import ArchiveLoadFailed

    members: list[Member] = []
    try:
        with path.open("rb") as handle:
            _warc_records(handle, prefix="", members=members, with_blake3=with_blake3)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error) as error:
        if isinstance(error, ArchiveRefused):
            raise
        raise ArchiveRefused("corrupt", _("The WARC capture is damaged or truncated.")) from error
    return members


def is_wacz(path: Path) -> bool:
    """A WACZ web archive (Webrecorder) is a ZIP holding ``datapackage.json`` and ``archive/*.warc[.gz]``."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    has_warc = any(_is_wacz_warc(name) for name in names)
    return has_warc and ("datapackage.json" in names or path.name.lower().endswith(".wacz"))


def _is_wacz_warc(name: str) -> bool:
    return name.startswith("archive/") and name.lower().endswith((".warc", ".warc.gz"))


def list_wacz(path: Path, *, with_blake3: bool = False) -> tuple[list[Member], dict[str, Any]]:
    """List a WACZ: every ZIP member hashed (with the ZIP refusals), then every record of its WARC files.

    Records are listed as ``archive/<file>.warc.gz#<type> <URI> <date> <record id>``. The SHA-256 of each
    resource declared in ``datapackage.json`` is compared with the member's: the result is recorded like an
    E01's stored hash (verified / mismatch / absent).
    """
    from warcio.exceptions import ArchiveLoadFailed

    files = list_zip(path, with_blake3=with_blake3)  # refuses zip slip, links, bombs before reading WARCs
    members = list(files)
    declared: dict[str, str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            if "datapackage.json" in archive.namelist():
                declared = _declared_hashes(archive.read("datapackage.json"))
            for info in archive.infolist():
                if _is_wacz_warc(info.filename):
                    with archive.open(info) as handle:
                        _warc_records(handle, prefix=f"{info.filename}#",  # type: ignore[arg-type]
                                      members=members, with_blake3=with_blake3)
    except (ArchiveLoadFailed, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
        if isinstance(error, ArchiveRefused):
            raise
        raise ArchiveRefused("corrupt", _("The WARC capture is damaged or truncated.")) from error
    actual = {member.path: member.sha256 for member in files}
    compared = {name: actual.get(name) == digest for name, digest in declared.items()}
    result = "absent" if not compared else ("verified" if all(compared.values()) else "mismatch")
    return members, {"format": "wacz", "result": result,
                     "mismatched": sorted(name for name, is_equal in compared.items() if not is_equal)}


def _declared_hashes(data: bytes) -> dict[str, str]:
    """``{path: sha256}`` of the resources declared in a WACZ ``datapackage.json`` (others are ignored)."""
    try:
        package = json.loads(data)
    except ValueError as error:
        raise ArchiveRefused("corrupt", _("The WACZ datapackage.json is not valid JSON.")) from error
    declared = {}
    resources = package.get("resources", []) if isinstance(package, dict) else []
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict):
            continue
        digest, path = str(resource.get("hash", "")), str(resource.get("path", ""))
        if digest.startswith("sha256:") and path:
            declared[path] = digest.removeprefix("sha256:").lower()
    return declared


def e01_segments(path: Path) -> list[Path]:
    """The segment files of an EWF image (image.E01, image.E02, …) as libewf finds them, all regular files."""
    import pyewf

    try:
        names = pyewf.glob(str(path))
    except (OSError, RuntimeError) as error:
        raise ArchiveRefused("truncated_ewf", _("The E01 image is truncated or damaged and cannot be read.")) from error
    segments = [Path(name) for name in names]
    for segment in segments:
        if segment.is_symlink() or not segment.is_file() or segment.parent.resolve() != path.parent.resolve():
            raise ArchiveRefused("segment", _("A segment of the E01 image is not a regular file beside it: "
                                              "%(name)s") % {"name": segment.name})
    return segments


def verify_e01(path: Path) -> dict[str, Any]:
    """Recompute the MD5 and SHA-1 of the media and compare them with those stored in the image."""
    import pyewf

    handle = pyewf.handle()
    try:
        handle.open(pyewf.glob(str(path)))
        size = handle.get_media_size()
        stored = {"md5": (handle.get_hash_value("MD5") or "").lower(),
                  "sha1": (handle.get_hash_value("SHA1") or "").lower()}
        md5, sha1 = hashlib.md5(usedforsecurity=False), hashlib.sha1(usedforsecurity=False)
        remaining = size
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                raise OSError("short read")
            md5.update(data)
            sha1.update(data)
            remaining -= len(data)
    except (OSError, RuntimeError) as error:
        raise ArchiveRefused("truncated_ewf", _("The E01 image is truncated or damaged and cannot be read.")) from error
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            handle.close()
    computed = {"md5": md5.hexdigest(), "sha1": sha1.hexdigest()}
    compared = {name: stored[name] == computed[name] for name in computed if stored[name]}
    result = "absent" if not compared else ("verified" if all(compared.values()) else "mismatch")
    return {"format": "e01", "media_size": size, "stored": stored, "computed": computed, "result": result}


def list_tar(path: Path, *, with_blake3: bool = False) -> list[Member]:
    """Hash and list every regular file of a TAR (optionally gzip-compressed) archive."""
    members: list[Member] = []
    total = 0
    try:
        archive = tarfile.open(path, mode="r:*")  # noqa: SIM115 — closed by the with-block below
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ArchiveRefused("corrupt", _("The TAR archive is damaged or truncated.")) from error
    with archive:
        try:
            for count, info in enumerate(archive, start=1):
                if count > MAX_MEMBERS:
                    raise ArchiveRefused("too_many_members", _("The archive has more than %(count)s members.") % {
                        "count": MAX_MEMBERS})
                name = info.name
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts:
                    raise ArchiveRefused("zip_slip", _("The archive contains an unsafe path: %(path)s") % {
                        "path": name})
                if info.issym() or info.islnk():
                    raise ArchiveRefused("symlink", _("The archive contains a symbolic link: %(path)s") % {
                        "path": name})
                if info.isdev() or info.isfifo():
                    raise ArchiveRefused("device", _("The archive contains a device file: %(path)s") % {"path": name})
                if not info.isfile():
                    continue
                total += info.size
                if total > MAX_TOTAL_BYTES:
                    raise ArchiveRefused("zip_bomb", _("The archive expands beyond the size limit."))
                stream = archive.extractfile(info)
                if stream is None:
                    continue
                hasher = MultiHasher(("sha256", "sha1", "md5"), with_blake3=with_blake3)
                with stream:
                    hashes = hasher.hash_stream(stream)  # type: ignore[arg-type]
                members.append(Member.from_hashes(name, hasher.size, hashes))
        except (tarfile.TarError, EOFError, OSError) as error:
            raise ArchiveRefused("corrupt", _("The TAR archive is damaged or truncated.")) from error
    return members


def raw_segments(path: Path) -> list[Path]:
    """disk.001 → [disk.001, disk.002, …] in order; a single path otherwise. A gap is refused."""
    match = SEGMENT.match(path.name)
    if not match or match.group("number") != "001":
        return [path]
    siblings = sorted(path.parent.glob(f"{match.group('stem')}.[0-9][0-9][0-9]"))
    numbers = [int(SEGMENT.match(item.name).group("number")) for item in siblings]  # type: ignore[union-attr]
    if numbers != list(range(1, len(numbers) + 1)):
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        raise ArchiveRefused("segment_gap", _("Segment %(number)s of the split image is missing.") % {
            "number": f"{missing[0]:03d}"})
    return siblings


class SegmentedReader(io.RawIOBase):
    """Read several files one after the other as a single stream (for split raw images)."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths = list(paths)
        self._current: BinaryIO | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._current is None:
                if not self._paths:
                    return 0
                self._current = self._paths.pop(0).open("rb")
            count = self._current.readinto(buffer)  # type: ignore[attr-defined]
            if count:
                return int(count)
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        super().close()
