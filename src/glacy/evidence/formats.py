"""Recognising evidence formats by content and checking what each format can prove about itself.

- EWF/E01 images carry the MD5/SHA-1 computed at acquisition: we recompute them over the media with
  libewf (pyewf) and record verified / mismatch / absent. A truncated or damaged image is refused.
- TAR archives are listed member by member, with the same refusals as ZIP (paths escaping the archive,
  links, devices) and a size limit counted while reading.
- WARC and WACZ web captures: see webcapture.py.
- Raw images split in segments (disk.001, disk.002, …) are read as one stream, in order; a gap is refused.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import hashlib
import io
import lzma
import re
import tarfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from glacy.evidence.archives import (
    MAX_MEMBERS,
    ArchiveRefused,
    ExpansionBudget,
    Listing,
    Member,
    NotExpanded,
    counted,
    shown_name,
)
from glacy.evidence.hashing import MultiHasher
from glacy.evidence.webcapture import is_wacz

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
    compressed_tar = {b"\x1f\x8b": (".tar.gz", ".tgz"), b"BZ": (".tar.bz2", ".tbz2"), b"\xfd7": (".tar.xz", ".txz")}
    if path.name.lower().endswith(compressed_tar.get(head[:2], ())):
        return "tar"
    if head.startswith(b"WARC/") or (head[:2] == b"\x1f\x8b" and path.name.lower().endswith(".warc.gz")):
        return "warc"
    return "file"


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
    """Recompute the MD5 and SHA-1 of the media and compare them with those stored in the image.

    The media is compressed inside the image: when it would expand beyond the budget of its segments' size
    (an image of a nearly empty disk, or a crafted one), the stored hashes are reported but not recomputed.
    """
    import pyewf

    handle = pyewf.handle()
    try:
        segments = pyewf.glob(str(path))
        handle.open(segments)
        size = handle.get_media_size()
        stored_hashes = {"md5": (handle.get_hash_value("MD5") or "").lower(),
                         "sha1": (handle.get_hash_value("SHA1") or "").lower()}
        try:
            ExpansionBudget(sum(Path(segment).stat().st_size for segment in segments)).declare(size)
        except NotExpanded as limit:
            return {"format": "e01", "media_size": size, "stored": stored_hashes, "result": "not_checked",
                    **limit.as_verification()}
        stored = stored_hashes
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


def _decompressed(path: Path) -> Any:
    """The TAR stream inside ``path``: gzip, bzip2 or xz undone by the standard library, else the file itself."""
    with path.open("rb") as handle:
        head = handle.read(6)
    if head.startswith(b"\x1f\x8b"):
        return gzip.open(path, "rb")
    if head.startswith(b"BZh"):
        return bz2.open(path, "rb")
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.open(path, "rb")
    return path.open("rb")


def list_tar(path: Path, *, with_blake3: bool = False, budget: ExpansionBudget | None = None) -> Listing:
    """Hash and list every regular file of a TAR (optionally gzip-, bzip2- or xz-compressed) archive.

    The archive is read as a stream (never seeking), with every decompressed byte charged to the budget: the
    sizes the headers state are checked before each member is read, the bytes really produced while reading.
    """
    budget = budget if budget is not None else ExpansionBudget(path.stat().st_size)
    listing = Listing()
    try:
        source = _decompressed(path)
        archive = tarfile.open(fileobj=counted(source, budget), mode="r|")  # noqa: SIM115 — closed below
    except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as error:
        raise ArchiveRefused("corrupt", _("The TAR archive is damaged or truncated.")) from error
    with source, archive:
        try:
            for count, info in enumerate(archive, start=1):
                if count > MAX_MEMBERS:
                    raise ArchiveRefused("too_many_members", _("The archive has more than %(count)s members.") % {
                        "count": MAX_MEMBERS})
                name = info.name
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts:
                    raise ArchiveRefused("zip_slip", _("The archive contains an unsafe path: %(path)s") % {
                        "path": shown_name(name)})
                if info.issym() or info.islnk():
                    raise ArchiveRefused("symlink", _("The archive contains a symbolic link: %(path)s") % {
                        "path": shown_name(name)})
                if info.isdev() or info.isfifo():
                    raise ArchiveRefused("device", _("The archive contains a device file: %(path)s") % {
                        "path": shown_name(name)})
                if not info.isfile():
                    continue
                budget.declare(info.size)
                stream = archive.extractfile(info)
                if stream is None:
                    continue
                hasher = MultiHasher(("sha256", "sha1", "md5"), with_blake3=with_blake3)
                with stream:
                    hashes = hasher.hash_stream(stream)  # type: ignore[arg-type]
                shown = shown_name(name)
                note = "control or bidirectional characters shown as code points" if shown != name else ""
                listing.members.append(Member.from_hashes(shown, hasher.size, hashes, note))
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as error:
            raise ArchiveRefused("corrupt", _("The TAR archive is damaged or truncated.")) from error
    return listing


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
