"""Listing a ZIP exhibit safely: every member hashed while streaming, hostile archives refused.

Refused: absolute or `..` paths (zip slip), symbolic links, encrypted members, more members than allowed,
and zip bombs — the uncompressed bytes are counted while reading, not taken from the headers.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_lazy as _

from glacy.evidence.hashing import MultiHasher

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_RATIO = 200
CHUNK = 1024 * 1024


class ArchiveRefused(ValueError):
    def __init__(self, code: str, message: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Member:
    """One file (or WARC record) inside an exhibit, with its digests; ``blake3`` is empty unless asked for."""

    path: str
    size: int
    sha256: str
    sha1: str
    md5: str
    blake3: str = ""

    @classmethod
    def from_hashes(cls, path: str, size: int, hashes: dict[str, str]) -> Member:
        return cls(path, size, hashes["sha256"], hashes["sha1"], hashes["md5"], hashes.get("blake3", ""))


def _check_name(info: zipfile.ZipInfo) -> str:
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        raise ArchiveRefused("zip_slip", _("The archive contains an unsafe path: %(path)s") % {"path": name})
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ArchiveRefused("symlink", _("The archive contains a symbolic link: %(path)s") % {"path": name})
    if info.flag_bits & 0x1:
        raise ArchiveRefused("encrypted", _("The archive contains an encrypted member: %(path)s") % {"path": name})
    return name


class _CountingSink:
    """Counts what the decompressor really produced and stops a bomb as soon as a limit is passed."""

    def __init__(self, *, name: str, compressed: int, total_so_far: int) -> None:
        self.name, self.compressed, self.total_so_far, self.count = name, max(compressed, 1), total_so_far, 0

    def __call__(self, chunk: memoryview) -> None:
        self.count += len(chunk)
        if self.count > 1024 * 1024 and self.count / self.compressed > MAX_RATIO:
            raise ArchiveRefused("zip_bomb", _("The archive member %(path)s expands more than %(ratio)s times: "
                                               "refused as a possible zip bomb.") % {"path": self.name,
                                                                                      "ratio": MAX_RATIO})
        if self.total_so_far + self.count > MAX_TOTAL_BYTES:
            raise ArchiveRefused("zip_bomb", _("The archive expands beyond the size limit."))


def list_zip(path: Path, *, with_blake3: bool = False) -> list[Member]:
    """Hash and list every file of a ZIP archive; raises ArchiveRefused for hostile content."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveRefused("corrupt", _("The ZIP archive is damaged or truncated.")) from error
    members: list[Member] = []
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveRefused("too_many_members", _("The archive has more than %(count)s members.") % {
                "count": MAX_MEMBERS})
        for info in infos:
            name = _check_name(info)
            if info.is_dir():
                continue
            sink = _CountingSink(name=name, compressed=info.compress_size, total_so_far=total)
            hasher = MultiHasher(("sha256", "sha1", "md5"), with_blake3=with_blake3)
            try:
                with archive.open(info) as stream:
                    hashes = hasher.hash_stream(stream, sink=sink)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
                raise ArchiveRefused("corrupt", _("The archive member %(path)s cannot be read.") % {
                    "path": name}) from error
            total += sink.count
            members.append(Member.from_hashes(name, sink.count, hashes))
    return members
