"""Clean-up after interrupted ingests: what a crash or a killed worker can leave, and nothing else.

Ingest writes a temporary ``.partial`` file, links it under its SHA-256, then registers the exhibit: a kill leaves
at most a stale ``.partial`` file, or a blob that no exhibit references (killed after linking, before the
registering transaction committed), or an upload folder whose job will never run. `glacy evidence cleanup` (for
cron) and the worker (once a day, after an ingest) remove those older than a grace period — long enough that a
running ingest, which keeps writing its files, is never touched. Referenced blobs are never removed.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from glacy.core.audit import record_event
from glacy.evidence.models import EvidenceItem, EvidenceMember, IngestJob
from glacy.evidence.services.ingest import blob_store

GRACE_SECONDS = 24 * 3600
#: The worker runs the clean-up after an ingest when the last one is older than this.
WORKER_INTERVAL_SECONDS = 24 * 3600


@dataclass
class CleanupReport:
    partial_files: list[str] = field(default_factory=list)
    unreferenced_blobs: list[str] = field(default_factory=list)
    upload_folders: list[str] = field(default_factory=list)

    @property
    def removed(self) -> int:
        return len(self.partial_files) + len(self.unreferenced_blobs) + len(self.upload_folders)


def _referenced() -> set[str]:
    """Every blob an exhibit keeps: its own, and each member's of a file set (folders, segmented E01s)."""
    referenced = set(EvidenceItem.objects.values_list("sha256", flat=True))
    file_sets = EvidenceItem.objects.filter(format="folder") | EvidenceItem.objects.filter(
        format_verification__has_key="segments")
    referenced.update(EvidenceMember.objects.filter(item__in=file_sets).values_list("sha256", flat=True))
    return referenced


def evidence_cleanup(*, older_than: float = GRACE_SECONDS, actor: object = None) -> CleanupReport:
    """Remove stale partial files, unreferenced blobs and abandoned upload folders older than ``older_than``."""
    store = blob_store()
    report = CleanupReport(partial_files=[str(path) for path in store.cleanup_orphans(older_than=older_than)])
    limit = time.time() - older_than
    referenced = _referenced()
    for sha256 in store.iter_blobs():
        if sha256 not in referenced and store.modified_at(sha256) <= limit and sha256 not in _referenced_now(sha256):
            store.remove(sha256)
            report.unreferenced_blobs.append(sha256)
    uploads = Path(settings.EVIDENCE_ROOT) / "uploads"
    active = {str(Path(path).parent) for path in IngestJob.objects.filter(
        status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING]).values_list("upload_path", flat=True)}
    for folder in sorted(uploads.iterdir()) if uploads.is_dir() else []:
        if folder.is_dir() and str(folder) not in active and folder.lstat().st_mtime <= limit:
            shutil.rmtree(folder, ignore_errors=True)
            report.upload_folders.append(folder.name)
    if report.removed:
        with transaction.atomic():
            record_event(actor=actor, action="evidence.cleanup", object_type="evidence.blobstore",
                         after={"partial_files": len(report.partial_files),
                                "unreferenced_blobs": report.unreferenced_blobs,
                                "upload_folders": report.upload_folders})
    _marker().touch()
    return report


def _referenced_now(sha256: str) -> set[str]:
    """Look again just before removing: an ingest may have registered the blob since the listing."""
    if EvidenceItem.objects.filter(sha256=sha256).exists() or EvidenceMember.objects.filter(sha256=sha256).exists():
        return {sha256}
    return set()


def _marker() -> Path:
    folder = Path(settings.EVIDENCE_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / ".last-cleanup"


def evidence_cleanup_if_due() -> CleanupReport | None:
    """The worker's daily clean-up: run when the last one (by any process) is a day old."""
    marker = _marker()
    if marker.exists() and time.time() - marker.stat().st_mtime < WORKER_INTERVAL_SECONDS:
        return None
    return evidence_cleanup()
