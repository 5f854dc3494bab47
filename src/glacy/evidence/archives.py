"""Listing a ZIP exhibit safely: every member hashed while streaming, hostile archives handled.

Refused (the archive cannot be taken as it is): absolute or `..` paths (zip slip), symbolic links, more members
than allowed, a damaged archive. Ingested whole but **not expanded** (an *opaque* archive, hashed as one file):
an archive that would expand beyond its budget — more than :data:`MAX_RATIO` times its own size, or beyond
:data:`MAX_EXPANDED_BYTES` in all — counted from the headers before reading and from the bytes really produced
while reading, across every layer (a WACZ's ZIP and the gzip of the WARC inside it share one budget). Listed but
**not examined**: encrypted members (name and stated size, no hashes), since seized material is often encrypted.

Member names are shown as they are, except characters that would disguise them in a list: control characters and
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE turns ``invoice\u202egpj.exe`` into "invoiceexe.jpg") are
written as ``<U+202E>``, and a name stored without the UTF-8 flag that is not UTF-8 keeps its raw bytes in the
member's note.
"""

from __future__ import annotations

import io
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext_lazy as _

from glacy.evidence.hashing import MultiHasher

MAX_MEMBERS = 100_000
#: Most bytes every layer of one archive may expand to, in all (whatever its own size).
MAX_EXPANDED_BYTES = 16 * 1024**3
#: Most times an archive may expand relative to its own size ...
MAX_RATIO = 200
#: ... once past this many bytes (small archives of text legitimately compress far more).
RATIO_FLOOR_BYTES = 16 * 1024**2
CHUNK = 1024 * 1024
#: Bidirectional formatting characters (Unicode category Cf with a bidi class of their own): they reorder what
#: follows them on screen. With the controls (Cc), they are shown as code points, never as they act.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class ArchiveRefused(ValueError):
    def __init__(self, code: str, message: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class NotExpanded(Exception):
    """The archive would expand beyond its budget: it is ingested whole, its members not listed."""

    def __init__(self, reason: str, limit: int) -> None:
        super().__init__(reason)
        self.reason = reason  # "ratio" or "size"
        self.limit = limit

    def as_verification(self) -> dict[str, Any]:
        return {"not_expanded": {"reason": self.reason, "limit": self.limit}}


@dataclass
class ExpansionBudget:
    """How many bytes one archive may expand to, across every layer of compression inside it."""

    compressed: int
    max_ratio: int = MAX_RATIO
    max_total: int = MAX_EXPANDED_BYTES
    used: int = 0  # bytes the decompressors produced (read-ahead included: it was expanded too)
    declared: int = 0  # bytes the archive's headers state for what has been read or is about to be

    @property
    def allowed(self) -> int:
        return min(self.max_total, max(RATIO_FLOOR_BYTES, self.max_ratio * self.compressed))

    def _exceeded(self) -> NotExpanded:
        by_size = self.allowed == self.max_total
        return NotExpanded("size" if by_size else "ratio", self.max_total if by_size else self.max_ratio)

    def declare(self, total: int) -> None:
        """Refuse before reading when the sizes an archive states already exceed the budget."""
        self.declared += total
        if self.declared > self.allowed:
            raise self._exceeded()

    def consume(self, count: int) -> None:
        """Count bytes a decompressor really produced; stop as soon as the budget is passed."""
        self.used += count
        if self.used > self.allowed:
            raise self._exceeded()


class CountingReader(io.RawIOBase):
    """A decompressed stream whose every byte is charged to a budget (reads in bounded chunks, so even a
    `readline` over a single 4 GiB "line" stops at the budget instead of filling memory)."""

    def __init__(self, stream: Any, budget: ExpansionBudget) -> None:
        self._stream = stream
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[:CHUNK]
        data = self._stream.read(len(view))
        count = len(data)
        view[:count] = data
        self._budget.consume(count)
        return count


def counted(stream: Any, budget: ExpansionBudget) -> io.BufferedReader:
    return io.BufferedReader(CountingReader(stream, budget), buffer_size=CHUNK)


def shown_name(name: str) -> str:
    """A member name as lists may show it: control and bidirectional characters written as their code point,
    e.g. ``<U+202E>``."""
    return "".join(f"<U+{ord(char):04X}>" if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc" else char
                   for char in name)


@dataclass(frozen=True)
class Member:
    """One file (or WARC record) inside an exhibit, with its digests; ``blake3`` is empty unless asked for.
    An encrypted member has no digests (its content was not examined)."""

    path: str
    size: int
    sha256: str
    sha1: str
    md5: str
    blake3: str = ""
    encrypted: bool = False
    note: str = ""

    @classmethod
    def from_hashes(cls, path: str, size: int, hashes: dict[str, str], note: str = "") -> Member:
        return cls(path, size, hashes["sha256"], hashes["sha1"], hashes["md5"], hashes.get("blake3", ""), note=note)


@dataclass
class Listing:
    """What an archive's listing found: its members and what the format proves or could not examine."""

    members: list[Member] = field(default_factory=list)
    verification: dict[str, Any] = field(default_factory=dict)


def _zip_name(info: zipfile.ZipInfo) -> tuple[str, str]:
    """The member's name and a note: a name without the UTF-8 flag is read as UTF-8 when it is (many tools
    write UTF-8 without setting the flag), else as CP437 with its raw bytes kept in the note."""
    if info.flag_bits & 0x800:
        return info.filename, ""
    raw = info.orig_filename.encode("cp437")  # zipfile decoded the raw bytes as CP437, a one-to-one mapping
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        return info.orig_filename.replace("\\", "/"), f"name not in UTF-8: raw bytes {raw.hex(' ')}"


def _check_name(info: zipfile.ZipInfo) -> tuple[str, str]:
    name, note = _zip_name(info)
    name = name.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        raise ArchiveRefused("zip_slip", _("The archive contains an unsafe path: %(path)s") % {
            "path": shown_name(name)})
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ArchiveRefused("symlink", _("The archive contains a symbolic link: %(path)s") % {
            "path": shown_name(name)})
    shown = shown_name(name)
    if shown != name:
        note = "; ".join(part for part in (note, "control or bidirectional characters shown as code points") if part)
    return shown, note


def list_zip(path: Path, *, with_blake3: bool = False, budget: ExpansionBudget | None = None) -> Listing:
    """Hash and list every file of a ZIP archive; raises ArchiveRefused for hostile content, NotExpanded when
    the archive would expand beyond its budget (the caller keeps it whole)."""
    budget = budget if budget is not None else ExpansionBudget(path.stat().st_size)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveRefused("corrupt", _("The ZIP archive is damaged or truncated.")) from error
    listing = Listing()
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveRefused("too_many_members", _("The archive has more than %(count)s members.") % {
                "count": MAX_MEMBERS})
        names = [_check_name(info) for info in infos]
        # Before reading: the sizes the archive states (zipfile never reads past a member's stated size).
        budget.declare(sum(info.file_size for info in infos if not info.is_dir() and not info.flag_bits & 0x1))
        for info, (name, note) in zip(infos, names, strict=True):
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                listing.members.append(Member(name, info.file_size, "", "", "", encrypted=True, note=note))
                continue
            hasher = MultiHasher(("sha256", "sha1", "md5"), with_blake3=with_blake3)
            try:
                with archive.open(info) as stream:
                    hashes = hasher.hash_stream(counted(stream, budget))  # type: ignore[arg-type]
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
                raise ArchiveRefused("corrupt", _("The archive member %(path)s cannot be read.") % {
                    "path": name}) from error
            listing.members.append(Member.from_hashes(name, hasher.size, hashes, note))
    encrypted = sum(member.encrypted for member in listing.members)
    if encrypted:
        listing.verification["encrypted_members"] = encrypted
    return listing
