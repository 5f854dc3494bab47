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
from glacy.evidence.archives import ArchiveRefused, Listing, Member, NotExpanded, list_zip
from glacy.evidence.blobstore import BlobStore, LocalBlobStore, StagedBlob, StorageBlobStore, StoredBlob
from glacy.evidence.custody import EventType
from glacy.evidence.folders import FolderFile, folder_manifest, list_folder, open_folder_file
from glacy.evidence.formats import SegmentedReader, detect_format, e01_segments, list_tar, raw_segments, verify_e01
from glacy.evidence.integrity import acquisition_details
from glacy.evidence.models import EvidenceItem, EvidenceMember
from glacy.evidence.services.custody import custody_append
from glacy.evidence.webcapture import list_wacz, list_warc

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


#: How far ahead of the node's clock an acquisition time may be (clocks of field laptops drift).
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _acquisition_errors(*, case: Case, description: str, source: str, acquired_at: datetime.datetime | None,
                        answers_request: Any, stated: Mapping[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [str(_("Describe the exhibit."))]
    if source not in EvidenceItem.Source.values:
        errors["source"] = [str(_("Choose the source of the exhibit."))]
    if acquired_at is not None and (acquired_at.tzinfo is None or acquired_at > timezone.now() + CLOCK_SKEW):
        errors["acquired_at"] = [str(_("The acquisition time cannot be in the future.") if acquired_at.tzinfo
                                     else _("Give the acquisition time with its time zone."))]
    if answers_request is not None and answers_request.case_id != case.pk:
        errors["answers_request"] = [str(_("Choose a request of this case."))]
    unknown = sorted(set(stated) - {*ALGORITHMS, "blake3"})
    if unknown:
        errors["stated_hashes"] = [str(_("Stated hashes may be md5, sha1, sha256 or blake3."))]
    return errors


def evidence_ingest(
    *, actor: Any, case: Case, path: Path, description: str, source: str = EvidenceItem.Source.SEIZURE,
    acquired_by: str = "", acquired_at: datetime.datetime | None = None, acquired_place: str = "",
    legal_basis: str = "", acquisition_tool: str = "", device: str = "", seal_number: str = "",
    answers_request: Any = None, stated_hashes: Mapping[str, str] | None = None,
    received_hashes: Mapping[str, str] | None = None, received_files: Mapping[str, str] | None = None,
    provenance: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None, with_blake3: bool | None = None,
) -> EvidenceItem:
    """Ingest one file or one folder into the case's evidence.

    A file is stored as it is; a ZIP, TAR, WARC or WACZ is also listed member by member (record by record for
    web captures), an E01 has its embedded hashes recomputed; an archive that would expand beyond its budget,
    or whose members are encrypted, is kept whole and marked as not (fully) examined. A folder stores each
    regular file and lists it as a member; the item's identity is the SHA-256 of the folder's manifest (see
    :mod:`glacy.evidence.folders`), which is stored as the item's blob. ``with_blake3`` (default: setting
    ``GLACY_EVIDENCE_BLAKE3``) adds BLAKE3 to the digests computed in the same pass.

    ``acquired_at`` is when the exhibit was seized or acquired (it may be long past; the first custody event is
    dated then and records when it was written). ``received_hashes`` are the digests computed while an upload
    arrived (``received_files``: the SHA-256 of each file of an uploaded folder, by path): the stored bytes must
    have them. ``provenance`` joins the exhibit to the log of the node that sent
    it (an import).
    """
    require_role(actor, Role.CUSTODIAN)
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Evidence can only be added to cases of your authority."))
    stated = {key.lower(): value.strip().lower() for key, value in (stated_hashes or {}).items() if value.strip()}
    errors = _acquisition_errors(case=case, description=description, source=source, acquired_at=acquired_at,
                                 answers_request=answers_request, stated=stated)
    if errors:
        raise ValidationFailed(errors)
    use_blake3 = blake3_requested(with_blake3) or "blake3" in stated
    store = blob_store()
    if _is_directory(path):
        stored, listing, kind = _stage_folder(store, path, progress=progress, with_blake3=use_blake3,
                                              received=received_files)
    else:
        stored, listing, kind = _stage_file(store, path, progress=progress, with_blake3=use_blake3,
                                            received_hashes=received_hashes)
    matches = all(stored.hashes.get(name) == value for name, value in stated.items()) if stated else None
    return _register(actor=actor, case=case, path=path, stored=stored, listing=listing, stated=stated,
                     matches=matches, received=bool(received_hashes or received_files),
                     provenance=dict(provenance or {}), values={
                         "description": description.strip(), "source": source, "legal_basis": legal_basis.strip(),
                         "acquisition_tool": acquisition_tool.strip(), "device": device.strip(),
                         "seal_number": seal_number.strip(), "answers_request": answers_request,
                         "acquired_by": acquired_by.strip() or actor.get_full_name() or actor.get_username(),
                         "acquired_at": acquired_at or timezone.now(), "acquired_place": acquired_place.strip(),
                         "format": kind, "format_verification": listing.verification})


def _refused(error: ArchiveRefused) -> ValidationFailed:
    return ValidationFailed({"path": [str(error.message)]})


def _is_directory(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False  # reported by the file path, with the file's message


def _list_archive(kind: str, path: Path, with_blake3: bool) -> Listing:
    """The archive's members; kept whole (no members) when it would expand beyond its budget."""
    listers = {"zip": list_zip, "wacz": list_wacz, "tar": list_tar, "warc": list_warc}
    if kind not in listers:
        return Listing()
    try:
        return listers[kind](path, with_blake3=with_blake3)
    except NotExpanded as limit:
        return Listing([], {"format": kind, **limit.as_verification()})


def _stage_file(store: BlobStore, path: Path, *, progress: Callable[[int], None] | None, with_blake3: bool,
                received_hashes: Mapping[str, str] | None = None) -> tuple[StoredBlob, Listing, str]:
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
            stored, listing, _folder = _stage_files(
                store, [FolderFile(segment.name, segment, segment.stat().st_size) for segment in e01_files],
                progress=progress, with_blake3=with_blake3)
            listing.verification = verification | {
                "segments": [segment.name for segment in e01_files], "total_size": listing.verification[
                    "total_size"], "manifest": listing.verification["manifest"],
                "manifest_size": listing.verification["manifest_size"]}
            return stored, listing, "e01"
    stream: Any = SegmentedReader(segments) if len(segments) > 1 else _open_regular_file(path)
    with stream:
        staged = store.stage_stream(stream, algorithms=ALGORITHMS, progress=progress, with_blake3=with_blake3)
    received = {name: value for name, value in (received_hashes or {}).items() if name in staged.hashes}
    if any(staged.hashes[name] != value for name, value in received.items()):
        store.discard(staged)
        raise ValidationFailed({"file": [str(_("The upload changed between its receipt and its ingest: its hashes "
                                               "no longer match those computed as it arrived. Nothing was kept."))]})
    try:
        listing = _list_archive(kind, staged.temp_path, with_blake3)
    except ArchiveRefused as error:
        store.discard(staged)
        raise _refused(error) from error
    listing.verification = verification | listing.verification
    return store.commit(staged), listing, kind


def _stage_folder(store: BlobStore, root: Path, *, progress: Callable[[int], None] | None,
                  with_blake3: bool, received: Mapping[str, str] | None = None) -> tuple[StoredBlob, Listing, str]:
    """Stage every file, then the manifest; commit them only when all are staged, so a refusal leaves nothing."""
    try:
        files = list_folder(root)
    except ArchiveRefused as error:
        raise _refused(error) from error
    if received is not None and set(received) != {file.relative for file in files}:
        raise ValidationFailed({"files": [str(_("The uploaded folder changed between its receipt and its ingest. "
                                                "Nothing was kept."))]})
    return _stage_files(store, files, progress=progress, with_blake3=with_blake3, received=received)


def _stage_files(store: BlobStore, files: list[FolderFile], *, progress: Callable[[int], None] | None,
                 with_blake3: bool, received: Mapping[str, str] | None = None) -> tuple[StoredBlob, Listing, str]:
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
            if received is not None and received.get(file.relative) != blob.sha256:
                raise ArchiveRefused("changed", _("The uploaded file %(path)s changed between its receipt and its "
                                                  "ingest. Nothing was kept.") % {"path": file.relative})
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
    verification = {"format": "folder", "files": len(members), "total_size": done, "manifest_size": len(manifest),
                    "manifest": "sha256sum: one line per file, '<sha256>  <relative path>', sorted by UTF-8 path"}
    return committed[-1], Listing(members, verification), "folder"


#: What the first custody event notes about a format's own proof, by (format, result).
_FORMAT_NOTES = {
    ("e01", "mismatch"): "The hash stored in the E01 image does not match its media. ",
    ("e01", "verified"): "E01 media hash verified against the hash stored at acquisition. ",
    ("e01", "not_checked"): "The E01 media would expand beyond the limit: its stored hash was not recomputed. ",
    ("wacz", "mismatch"): "A file or record of the WACZ does not match the hash it declares. ",
    ("wacz", "verified"): "Every file of the WACZ matches the hash declared in its datapackage.json. ",
    ("warc", "mismatch"): "A record of the WARC does not match the digest it states. ",
}


def _notes(values: dict[str, Any], matches: bool | None) -> str:
    verification = values["format_verification"]
    notes = _FORMAT_NOTES.get((values["format"], verification.get("result")), "")
    if verification.get("not_expanded"):
        notes += "The archive would expand beyond the limit: kept whole, its members not listed. "
    if verification.get("encrypted_members"):
        notes += f"{verification['encrypted_members']} encrypted member(s) listed but not examined. "
    if matches is False:
        notes += "Hash stated in the acquisition report does not match the content."
    elif matches:
        notes += "Hash stated in the acquisition report matches the content."
    return notes.strip()


@transaction.atomic
def _register(*, actor: Any, case: Case, path: Path, stored: StoredBlob, listing: Listing, stated: dict[str, str],
              matches: bool | None, received: bool, provenance: dict[str, str],
              values: dict[str, Any]) -> EvidenceItem:
    Case.objects.select_for_update().get(pk=case.pk)  # exhibit numbers are allocated one at a time per case
    original_name = path.name[:-4] if values["format"] == "split_raw" else path.name
    # A folder or a segmented image: its size is that of its files, not of the manifest that identifies it.
    size = values["format_verification"].get("total_size", stored.size)
    item = EvidenceItem.objects.create(
        case=case, exhibit_number=_next_exhibit_number(case), original_name=original_name[:255], size=size,
        sha256=stored.sha256, sha1=stored.hashes["sha1"], md5=stored.hashes["md5"],
        blake3=stored.hashes.get("blake3", ""), stated_hashes=stated, stated_hashes_match=matches, created_by=actor,
        **values,
    )
    item.custodians.add(actor)
    members = EvidenceMember.objects.bulk_create([
        EvidenceMember(item=item, path=member.path[:1000], size=member.size, sha256=member.sha256, md5=member.md5,
                       sha1=member.sha1, blake3=member.blake3, encrypted=member.encrypted, note=member.note[:500])
        for member in listing.members], batch_size=1000)
    event_type = EventType.RECEIVED if values["source"] == EvidenceItem.Source.RECEIVED_FROM_ABROAD \
        else EventType.ACQUIRED
    details = acquisition_details(item, members) | provenance
    if received:
        details["hashed_on_receipt"] = "yes"
    custody_append(item=item, event_type=event_type, performer=item.acquired_by, time=item.acquired_at,
                   place=values["acquired_place"], tool=values["acquisition_tool"], hashes_after=dict(stored.hashes),
                   notes=_notes(values, matches), purpose=str(_("ingest into the evidence vault")), details=details)
    if stored.restored_from:
        from glacy.evidence.services.fixity import fixity_restored_record

        fixity_restored_record(sha256=stored.sha256, found=stored.restored_from, by_item=item, actor=actor)
    record_event(actor=actor, action="evidence.ingest", obj=item, authority=case.authority,
                 after={"exhibit_number": item.exhibit_number, "sha256": item.sha256, "size": item.size,
                        "members": len(members), "stated_hashes_match": matches})
    return item
