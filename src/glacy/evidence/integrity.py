"""Every hash the vault states about an exhibit is checked against its custody record.

The exhibit's row (hash columns, size, name, format, device …) and its member listing are conveniences for
pages, lists and packages; what the chain of custody commits to is the first custody record, written in the same
transaction as the row. It states the exhibit's digests (``hashes_after``) and, in ``details``, its descriptive
columns and the SHA-256 of its member listing (:func:`member_listing_digest`). :func:`item_discrepancies` names
every column that no longer says what the record says, so a zeroed MD5 or an edited member hash never reaches a
signed CASE graph (export refuses) and `glacy custody verify` reports it.

Exhibits ingested before the record carried these details are checked on what their record states (the hashes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from glacy.evidence.canonical import canonical_json

__all__ = ["acquisition_details", "item_discrepancies", "member_listing_digest"]

#: Exhibit columns stated in the first custody record's details, by the name they have there.
DESCRIBED_COLUMNS = ("original_name", "size", "format", "device", "seal_number", "legal_basis", "source")
HASH_COLUMNS = ("sha256", "sha1", "md5", "blake3")


def member_listing_digest(members: Iterable[Any]) -> str:
    """SHA-256 of the canonical JSON of the member listing: every member's path, size, digests and whether it
    was encrypted, sorted, so the same listing always gives the same digest whatever the order of the rows."""
    rows = sorted([member.path, str(member.size), member.sha256, member.sha1, member.md5, member.blake3,
                   "encrypted" if member.encrypted else ""] for member in members)
    return hashlib.sha256(canonical_json(rows)).hexdigest()


def acquisition_details(item: Any, members: Iterable[Any]) -> dict[str, str]:
    """What the first custody record states about the exhibit beyond its digests (all values are text)."""
    listed = list(members)
    details = {name: str(getattr(item, name)) for name in DESCRIBED_COLUMNS}
    details["members"] = str(len(listed))
    details["members_sha256"] = member_listing_digest(listed)
    if item.answers_request_id is not None:
        details["answers_request"] = str(item.answers_request.reference)
    return details


def item_discrepancies(item: Any, record: Any, members: Iterable[Any]) -> list[str]:
    """What no longer agrees between the exhibit's row, its members and its first custody record (``record``:
    a CustodyRecord); empty when everything agrees. Each entry names the column and both values."""
    problems = []
    stated = record.hashes_after
    for name in HASH_COLUMNS:
        value = getattr(item, name)
        if name in stated and value != stated[name]:
            problems.append(f"{name} column is {value or 'empty'}, the custody record states {stated[name]}")
        elif name not in stated and value and record.details is not None:
            # (Records written before details existed stated only some hashes: nothing to compare with.)
            problems.append(f"{name} column is {value}, the custody record states none")
    details = record.details or {}
    problems.extend(f"{name} column is {getattr(item, name)!r}, the custody record states {details[name]!r}"
                    for name in DESCRIBED_COLUMNS if name in details and str(getattr(item, name)) != details[name])
    if "members_sha256" in details:
        listed = list(members)
        if str(len(listed)) != details.get("members"):
            problems.append(f"{len(listed)} members listed, the custody record states {details.get('members')}")
        elif member_listing_digest(listed) != details["members_sha256"]:
            problems.append("a member's path, size or hash differs from the listing the custody record states")
    if record.evidence_id != str(item.pk):
        problems.append(f"the first custody record belongs to evidence item {record.evidence_id}")
    return problems
