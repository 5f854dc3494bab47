"""Taking an exhibit into the vault: one read pass (SHA-256 + SHA-1 + MD5, optionally BLAKE3, while writing),
then registration.

Order matters for crash safety: the blob is made durable in the store first, then ONE transaction
registers the item, its archive listing, the first custody event and the audit event. A crash between
the two leaves an unreferenced blob (harmless, deduplicated on the next run), never an item whose
content is missing.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
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
from glacy.evidence.archives import ArchiveRefused, Member, list_zip
from glacy.evidence.blobstore import BlobStore, LocalBlobStore, StagedBlob, StorageBlobStore, StoredBlob
from glacy.evidence.custody import EventType
from glacy.evidence.folders import FolderFile, folder_manifest, list_folder, open_folder_file
from glacy.evidence.formats import (
    SegmentedReader,
    detect_format,
    e01_segments,
    list_tar,
    list_wacz,
    list_warc,
    raw_segments,
    verify_e01,
)
from glacy.evidence.models import EvidenceItem, EvidenceMember
from glacy.evidence.services.custody import custody_append

ALGORITHMS = ("sha256", "sha1", "md5")


def blob_store() -> BlobStore:
    """The node's evidence store: the local folder, or the Django storage named "evidence" when the operator
    configured one (GLACY_EVIDENCE_STORAGE_BACKEND, e.g. an S3-compatible bucket through django-storages)."""
    if "evidence" in settings.STORAGES:
        from django.core.files.storage import storages

        return StorageBlobStore(Path(settings.EVIDENCE_ROOT), storages["evidence"])
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


def blake3_requested(with_blake3: bool | None = None) -> bool:
    """Should this ingest also compute BLAKE3? The caller's choice, else setting ``GLACY_EVIDENCE_BLAKE3``."""
    if with_blake3 is None:
        with_blake3 = bool(settings.EVIDENCE_BLAKE3)
    if with_blake3 and importlib.util.find_spec("blake3") is None:
        raise ValidationFailed({"with_blake3": [str(_("BLAKE3 was requested but the blake3 package is not "
                                                      "installed."))]})
    return with_blake3


def ingest_size(path: Path) -> int | None:
    """Bytes an ingest of ``path`` will read (for progress bars); None when it cannot be known cheaply."""
    try:
        if path.is_file():
            return sum(segment.stat().st_size for segment in raw_segments(path))
        if path.is_dir() and not path.is_symlink():
            return sum(file.size for file in list_folder(path))
    except (OSError, ArchiveRefused):
        return None
    return None


def evidence_ingest(
    *, actor: Any, case: Case, path: Path, description: str, source: str = EvidenceItem.Source.SEIZURE,
    acquired_by: str = "", acquired_at: datetime.datetime | None = None, acquired_place: str = "",
    legal_basis: str = "", acquisition_tool: str = "", device: str = "", seal_number: str = "",
    stated_hashes: Mapping[str, str] | None = None, progress: Callable[[int], None] | None = None,
    with_blake3: bool | None = None,
) -> EvidenceItem:
    """Ingest one file or one folder into the case's evidence.

    A file is stored as it is; a ZIP, TAR, WARC or WACZ is also listed member by member (record by record for
    web captures), an E01 has its embedded hashes recomputed. A folder stores each regular file and lists it as
    a member; the item's identity is the SHA-256 of the folder's manifest (see :mod:`glacy.evidence.folders`),
    which is stored as the item's blob. ``with_blake3`` (default: setting ``GLACY_EVIDENCE_BLAKE3``) adds BLAKE3
    to the digests computed in the same pass.
    """
    require_role(actor, Role.CUSTODIAN)
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Evidence can only be added to cases of your authority."))
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [str(_("Describe the exhibit."))]
    if source not in EvidenceItem.Source.values:
        errors["source"] = [str(_("Choose the source of the exhibit."))]
    stated = {key.lower(): value.strip().lower() for key, value in (stated_hashes or {}).items() if value.strip()}
    unknown = sorted(set(stated) - {*ALGORITHMS, "blake3"})
    if unknown:
        errors["stated_hashes"] = [str(_("Stated hashes may be md5, sha1, sha256 or blake3."))]
    if errors:
        raise ValidationFailed(errors)
    use_blake3 = blake3_requested(with_blake3) or "blake3" in stated
    store = blob_store()
    if _is_directory(path):
        stored, members, kind, verification = _stage_folder(store, path, progress=progress, with_blake3=use_blake3)
    else:
        stored, members, kind, verification = _stage_file(store, path, progress=progress, with_blake3=use_blake3)
    matches = all(stored.hashes.get(name) == value for name, value in stated.items()) if stated else None
    return _register(actor=actor, case=case, path=path, stored=stored, members=members, stated=stated,
                     matches=matches, values={
                         "description": description.strip(), "source": source, "legal_basis": legal_basis,
                         "acquisition_tool": acquisition_tool, "device": device, "seal_number": seal_number,
                         "acquired_by": acquired_by or actor.get_full_name() or actor.get_username(),
                         "acquired_at": acquired_at or timezone.now(), "acquired_place": acquired_place,
                         "format": kind, "format_verification": verification})


def _refused(error: ArchiveRefused) -> ValidationFailed:
    return ValidationFailed({"path": [str(error.message)]})


def _is_directory(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False  # reported by the file path, with the file's message


def _stage_file(store: BlobStore, path: Path, *, progress: Callable[[int], None] | None,
                with_blake3: bool) -> tuple[StoredBlob, list[Member], str, dict[str, Any]]:
    try:
        segments = raw_segments(path)
    except ArchiveRefused as error:
        raise _refused(error) from error
    for segment in segments:
        _open_regular_file(segment).close()
    kind = "split_raw" if len(segments) > 1 else detect_format(path)
    verification: dict[str, Any] = {}
    if kind == "e01":
        try:
            verification = verify_e01(path)
            e01_files = e01_segments(path)
        except ArchiveRefused as error:
            raise _refused(error) from error
        if len(e01_files) > 1:
            # Every segment is kept, unmodified, as a member; the item's identity is their manifest, so the
            # set can be re-checked with sha256sum and handed over whole (an E01 alone is not the evidence).
            stored, segment_members, _folder, listing = _stage_files(
                store, [FolderFile(segment.name, segment, segment.stat().st_size) for segment in e01_files],
                progress=progress, with_blake3=with_blake3)
            verification |= {"segments": [segment.name for segment in e01_files], "total_size": listing[
                "total_size"], "manifest": listing["manifest"]}
            return stored, segment_members, "e01", verification
    stream: Any = SegmentedReader(segments) if len(segments) > 1 else _open_regular_file(path)
    with stream:
        staged = store.stage_stream(stream, algorithms=ALGORITHMS, progress=progress, with_blake3=with_blake3)
    members: list[Member] = []
    try:
        if kind == "zip":
            members = list_zip(staged.temp_path, with_blake3=with_blake3)
        elif kind == "wacz":
            members, verification = list_wacz(staged.temp_path, with_blake3=with_blake3)
        elif kind == "tar":
            members = list_tar(staged.temp_path, with_blake3=with_blake3)
        elif kind == "warc":
            members = list_warc(staged.temp_path, with_blake3=with_blake3)
    except ArchiveRefused as error:
        store.discard(staged)
        raise _refused(error) from error
    return store.commit(staged), members, kind, verification


def _stage_folder(store: BlobStore, root: Path, *, progress: Callable[[int], None] | None,
                  with_blake3: bool) -> tuple[StoredBlob, list[Member], str, dict[str, Any]]:
    """Stage every file, then the manifest; commit them only when all are staged, so a refusal leaves nothing."""
    try:
        files = list_folder(root)
    except ArchiveRefused as error:
        raise _refused(error) from error
    return _stage_files(store, files, progress=progress, with_blake3=with_blake3)


def _stage_files(store: BlobStore, files: list[FolderFile], *, progress: Callable[[int], None] | None,
                 with_blake3: bool) -> tuple[StoredBlob, list[Member], str, dict[str, Any]]:
    """Stage the files and their manifest; commit only when all are staged (a folder, or an E01's segments)."""
    staged: list[StagedBlob] = []
    members: list[Member] = []
    done = 0
    try:
        for file in files:
            def file_progress(count: int, offset: int = done) -> None:
                if progress is not None:
                    progress(offset + count)

            with open_folder_file(file) as stream:
                blob = store.stage_stream(stream, algorithms=ALGORITHMS, progress=file_progress,
                                          with_blake3=with_blake3)
            staged.append(blob)
            members.append(Member.from_hashes(file.relative, blob.size, blob.hashes))
            done += blob.size
        manifest = folder_manifest((member.path, member.sha256) for member in members)
        staged.append(store.stage_stream(io.BytesIO(manifest), algorithms=ALGORITHMS, with_blake3=with_blake3))
    except BaseException as error:
        for blob in staged:
            store.discard(blob)
        if isinstance(error, ArchiveRefused):
            raise _refused(error) from error
        raise
    committed = [store.commit(blob) for blob in staged]
    verification = {"format": "folder", "files": len(members), "total_size": done,
                    "manifest": "sha256sum: one line per file, '<sha256>  <relative path>', sorted by UTF-8 path"}
    return committed[-1], members, "folder", verification


@transaction.atomic
def _register(*, actor: Any, case: Case, path: Path, stored: Any, members: list[Any], stated: dict[str, str],
              matches: bool | None, values: dict[str, Any]) -> EvidenceItem:
    Case.objects.select_for_update().get(pk=case.pk)  # exhibit numbers are allocated one at a time per case
    original_name = path.name[:-4] if values["format"] == "split_raw" else path.name
    item = EvidenceItem.objects.create(
        case=case, exhibit_number=_next_exhibit_number(case), original_name=original_name[:255], size=stored.size,
        sha256=stored.sha256, sha1=stored.hashes["sha1"], md5=stored.hashes["md5"],
        blake3=stored.hashes.get("blake3", ""), stated_hashes=stated, stated_hashes_match=matches, created_by=actor,
        **values,
    )
    item.custodians.add(actor)
    EvidenceMember.objects.bulk_create([
        EvidenceMember(item=item, path=member.path[:1000], size=member.size, sha256=member.sha256, md5=member.md5,
                       sha1=member.sha1, blake3=member.blake3) for member in members], batch_size=1000)
    event_type = EventType.RECEIVED if values["source"] == EvidenceItem.Source.RECEIVED_FROM_ABROAD \
        else EventType.ACQUIRED
    result = values["format_verification"].get("result")
    notes = {("e01", "mismatch"): "The hash stored in the E01 image does not match its media. ",
             ("e01", "verified"): "E01 media hash verified against the hash stored at acquisition. ",
             ("wacz", "mismatch"): "A file of the WACZ does not match the hash declared in its datapackage.json. ",
             ("wacz", "verified"): "Every file of the WACZ matches the hash declared in its datapackage.json. ",
             }.get((values["format"], result), "")
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
