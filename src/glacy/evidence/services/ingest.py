"""Taking an exhibit into the vault: one read pass (SHA-256 + SHA-1 + MD5 while writing), then registration.

Order matters for crash safety: the blob is made durable in the store first, then ONE transaction
registers the item, its archive listing, the first custody event and the audit event. A crash between
the two leaves an unreferenced blob (harmless, deduplicated on the next run), never an item whose
content is missing.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.permissions import Role, require_role
from glacy.evidence.archives import ArchiveRefused, list_zip
from glacy.evidence.blobstore import LocalBlobStore
from glacy.evidence.custody import EventType
from glacy.evidence.formats import SegmentedReader, detect_format, list_tar, list_warc, raw_segments, verify_e01
from glacy.evidence.models import EvidenceItem, EvidenceMember
from glacy.evidence.services.custody import custody_append

ALGORITHMS = ("sha256", "sha1", "md5")


def blob_store() -> LocalBlobStore:
    return LocalBlobStore(Path(settings.EVIDENCE_ROOT))


def _open_regular_file(path: Path) -> Any:
    try:
        info = os.lstat(path)
    except OSError as error:
        raise ValidationFailed({"path": [str(_("The file cannot be read: %(path)s") % {"path": path})]}) from error
    if stat.S_ISLNK(info.st_mode):
        raise ValidationFailed({"path": [str(_("Symbolic links are refused: %(path)s") % {"path": path})]})
    if not stat.S_ISREG(info.st_mode):
        raise ValidationFailed({"path": [str(_("Only regular files can be ingested: %(path)s") % {"path": path})]})
    try:
        return path.open("rb")
    except OSError as error:
        raise ValidationFailed({"path": [str(_("The file cannot be read: %(path)s") % {"path": path})]}) from error


def _next_exhibit_number(case: Case) -> str:
    return f"{case.reference}/EX-{EvidenceItem.objects.filter(case=case).count() + 1:03d}"


def evidence_ingest(
    *, actor: Any, case: Case, path: Path, description: str, source: str = EvidenceItem.Source.SEIZURE,
    acquired_by: str = "", acquired_at: datetime.datetime | None = None, acquired_place: str = "",
    legal_basis: str = "", acquisition_tool: str = "", device: str = "", seal_number: str = "",
    stated_hashes: Mapping[str, str] | None = None, progress: Callable[[int], None] | None = None,
) -> EvidenceItem:
    """Ingest one file (a ZIP is also listed member by member) into the case's evidence."""
    require_role(actor, Role.CUSTODIAN)
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Evidence can only be added to cases of your authority."))
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [str(_("Describe the exhibit."))]
    if source not in EvidenceItem.Source.values:
        errors["source"] = [str(_("Choose the source of the exhibit."))]
    stated = {key.lower(): value.strip().lower() for key, value in (stated_hashes or {}).items() if value.strip()}
    unknown = sorted(set(stated) - set(ALGORITHMS))
    if unknown:
        errors["stated_hashes"] = [str(_("Stated hashes may be md5, sha1 or sha256."))]
    if errors:
        raise ValidationFailed(errors)
    store = blob_store()
    try:
        segments = raw_segments(path)
    except ArchiveRefused as error:
        raise ValidationFailed({"path": [str(error.message)]}) from error
    for segment in segments:
        _open_regular_file(segment).close()
    kind = "split_raw" if len(segments) > 1 else detect_format(path)
    verification: dict[str, Any] = {}
    if kind == "e01":
        try:
            verification = verify_e01(path)
        except ArchiveRefused as error:
            raise ValidationFailed({"path": [str(error.message)]}) from error
    stream: Any = SegmentedReader(segments) if len(segments) > 1 else _open_regular_file(path)
    with stream:
        staged = store.stage_stream(stream, algorithms=ALGORITHMS, progress=progress)
    members = []
    try:
        if kind == "zip":
            members = list_zip(staged.temp_path)
        elif kind == "tar":
            members = list_tar(staged.temp_path)
        elif kind == "warc":
            members = list_warc(staged.temp_path)
    except ArchiveRefused as error:
        store.discard(staged)
        raise ValidationFailed({"path": [str(error.message)]}) from error
    stored = store.commit(staged)
    matches = all(stored.hashes.get(name) == value for name, value in stated.items()) if stated else None
    return _register(actor=actor, case=case, path=path, stored=stored, members=members, stated=stated,
                     matches=matches, values={
                         "description": description.strip(), "source": source, "legal_basis": legal_basis,
                         "acquisition_tool": acquisition_tool, "device": device, "seal_number": seal_number,
                         "acquired_by": acquired_by or actor.get_full_name() or actor.get_username(),
                         "acquired_at": acquired_at or timezone.now(), "acquired_place": acquired_place,
                         "format": kind, "format_verification": verification})


@transaction.atomic
def _register(*, actor: Any, case: Case, path: Path, stored: Any, members: list[Any], stated: dict[str, str],
              matches: bool | None, values: dict[str, Any]) -> EvidenceItem:
    Case.objects.select_for_update().get(pk=case.pk)  # exhibit numbers are allocated one at a time per case
    original_name = path.name[:-4] if values["format"] == "split_raw" else path.name
    item = EvidenceItem.objects.create(
        case=case, exhibit_number=_next_exhibit_number(case), original_name=original_name[:255], size=stored.size,
        sha256=stored.sha256, sha1=stored.hashes["sha1"], md5=stored.hashes["md5"], stated_hashes=stated,
        stated_hashes_match=matches, created_by=actor, **values,
    )
    item.custodians.add(actor)
    EvidenceMember.objects.bulk_create([
        EvidenceMember(item=item, path=member.path[:1000], size=member.size, sha256=member.sha256, md5=member.md5,
                       sha1=member.sha1) for member in members])
    event_type = EventType.RECEIVED if values["source"] == EvidenceItem.Source.RECEIVED_FROM_ABROAD \
        else EventType.ACQUIRED
    notes = ""
    if values["format_verification"].get("result") == "mismatch":
        notes = "The hash stored in the E01 image does not match its media. "
    elif values["format_verification"].get("result") == "verified":
        notes = "E01 media hash verified against the hash stored at acquisition. "
    if matches is False:
        notes += "Hash stated in the acquisition report does not match the content."
    elif matches:
        notes += "Hash stated in the acquisition report matches the content."
    custody_append(item=item, event_type=event_type, performer=item.acquired_by, place=values["acquired_place"],
                   tool=values["acquisition_tool"], hashes_after=dict(stored.hashes), notes=notes.strip(),
                   purpose=str(_("ingest into the evidence vault")))
    record_event(actor=actor, action="evidence.ingest", obj=item, authority=case.authority,
                 after={"exhibit_number": item.exhibit_number, "sha256": item.sha256, "size": item.size,
                        "members": len(members), "stated_hashes_match": matches})
    return item
