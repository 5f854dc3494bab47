"""Web captures as exhibits: WARC files (ISO 28500) and WACZ packages (Webrecorder), listed record by record.

Every record is hashed (its type, target URI, date and id name it in the listing), and the digests the capture
states about itself are checked: a record's ``WARC-Block-Digest`` and ``WARC-Payload-Digest`` (warcio's checker),
and in a WACZ the SHA-256 each resource declares in ``datapackage.json``. The results are recorded like an E01's
stored hash: verified, mismatch (naming the records or files) or absent.

Decompression is bounded: a ``.warc.gz`` is inflated by the standard library through a counting reader (one
budget for the whole capture, checked while reading, so a 4 MB file holding a 4 GiB record stops at the budget),
and a WACZ's ZIP layer and the WARC files inside it share the budget of the WACZ.
"""

from __future__ import annotations

import gzip
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from glacy.evidence.archives import MAX_MEMBERS, ArchiveRefused, ExpansionBudget, Listing, Member, counted, list_zip
from glacy.evidence.hashing import MultiHasher

__all__ = ["is_wacz", "list_wacz", "list_warc"]


def _plain(handle: BinaryIO, budget: ExpansionBudget) -> BinaryIO:
    """The WARC inside ``handle`` uncompressed and counted (a gzip of many members reads as one stream)."""
    head = handle.peek(2)[:2] if hasattr(handle, "peek") else b""
    stream: Any = gzip.GzipFile(fileobj=handle, mode="rb") if head == b"\x1f\x8b" else handle
    return counted(stream, budget)  # type: ignore[return-value]


def _records(handle: BinaryIO, *, prefix: str, listing: Listing, with_blake3: bool,
             mismatched: list[str]) -> int:
    """Append one member per record of the WARC read (streaming) from ``handle``; return how many records
    stated a digest. Records whose stated digest does not match are named in ``mismatched``."""
    from warcio.archiveiterator import ArchiveIterator

    stated = 0
    for record in ArchiveIterator(handle, check_digests=True):
        if len(listing.members) >= MAX_MEMBERS:
            raise ArchiveRefused("too_many_members", _("The archive has more than %(count)s members.") % {
                "count": MAX_MEMBERS})
        headers = record.rec_headers
        label = " ".join(part for part in (
            record.rec_type, headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "",
            headers.get_header("WARC-Record-ID") or "") if part)
        hasher = MultiHasher(("sha256", "sha1", "md5"), with_blake3=with_blake3)
        hashes = hasher.hash_stream(record.content_stream())  # type: ignore[arg-type]
        # The block digest is checked once the whole block is read; read what the content stream left.
        while record.raw_stream.read(1024 * 1024):
            pass
        name = f"{prefix}{label}"[:1000]
        if headers.get_header("WARC-Block-Digest") or headers.get_header("WARC-Payload-Digest"):
            stated += 1
        if record.digest_checker.passed is False:
            mismatched.append(name)
        listing.members.append(Member.from_hashes(
            name, hasher.size, hashes, "; ".join(record.digest_checker.problems)[:500]))
    return stated


def _digest_result(stated: int, mismatched: list[str]) -> dict[str, Any]:
    result = "absent" if not stated else ("mismatch" if mismatched else "verified")
    return {"result": result, "records_with_digests": stated, "mismatched": mismatched[:100]}


def list_warc(path: Path, *, with_blake3: bool = False, budget: ExpansionBudget | None = None) -> Listing:
    """Hash every record of a WARC web capture and check the digests it states."""
    from warcio.exceptions import ArchiveLoadFailed

    budget = budget if budget is not None else ExpansionBudget(path.stat().st_size)
    listing = Listing()
    mismatched: list[str] = []
    try:
        with path.open("rb") as handle:
            stated = _records(_plain(handle, budget), prefix="", listing=listing, with_blake3=with_blake3,
                              mismatched=mismatched)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error) as error:
        if isinstance(error, ArchiveRefused):
            raise
        raise ArchiveRefused("corrupt", _("The WARC capture is damaged or truncated.")) from error
    listing.verification = {"format": "warc", "warc_digests": _digest_result(stated, mismatched)}
    if mismatched:
        listing.verification["result"] = "mismatch"
    return listing


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


def list_wacz(path: Path, *, with_blake3: bool = False, budget: ExpansionBudget | None = None) -> Listing:
    """List a WACZ: every ZIP member hashed (with the ZIP refusals), then every record of its WARC files.

    Records are listed as ``archive/<file>.warc.gz#<type> <URI> <date> <record id>``. The SHA-256 of each
    resource declared in ``datapackage.json`` is compared with the member's, and each record's own digests
    are checked; the result is verified / mismatch / absent.
    """
    from warcio.exceptions import ArchiveLoadFailed

    budget = budget if budget is not None else ExpansionBudget(path.stat().st_size)
    listing = list_zip(path, with_blake3=with_blake3, budget=budget)  # refuses zip slip, links; counts the ZIP
    files = list(listing.members)
    declared: dict[str, str] = {}
    mismatched: list[str] = []
    stated = 0
    try:
        with zipfile.ZipFile(path) as archive:
            if "datapackage.json" in archive.namelist():
                declared = _declared_hashes(archive.read("datapackage.json"))
            for info in archive.infolist():
                if _is_wacz_warc(info.filename) and not info.flag_bits & 0x1:
                    with archive.open(info) as member:
                        stated += _records(_plain(member, budget), prefix=f"{info.filename}#",  # type: ignore[arg-type]
                                           listing=listing, with_blake3=with_blake3, mismatched=mismatched)
    except (ArchiveLoadFailed, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
        if isinstance(error, ArchiveRefused):
            raise
        raise ArchiveRefused("corrupt", _("The WARC capture is damaged or truncated.")) from error
    actual = {member.path: member.sha256 for member in files}
    compared = {name: actual.get(name) == digest for name, digest in declared.items()}
    wrong = sorted(name for name, is_equal in compared.items() if not is_equal)
    result = "absent" if not compared else ("verified" if not wrong else "mismatch")
    if mismatched:
        result = "mismatch"
    listing.verification |= {"format": "wacz", "result": result, "mismatched": wrong,
                             "warc_digests": _digest_result(stated, mismatched)}
    return listing


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
