"""Ingest as a background job: the upload is kept in the vault's staging folder, a worker ingests it and
reports progress; the page polls the job. Running a job twice does nothing the second time."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.models import Case
from glacy.core.audit import record_event
from glacy.core.errors import DomainError, PermissionDenied
from glacy.core.jobs import upload_job_claim
from glacy.core.permissions import Role, require_role
from glacy.evidence.models import IngestJob
from glacy.evidence.services.ingest import evidence_ingest

PROGRESS_STEP = 16 * 1024 * 1024


def _uploads() -> Path:
    folder = Path(settings.EVIDENCE_ROOT) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def ingest_job_create(*, actor: Any, case: Case, chunks: Iterable[bytes], original_name: str,
                      options: dict[str, Any]) -> IngestJob:
    """Keep the upload, register the job and queue it once the transaction commits."""
    require_role(actor, Role.CUSTODIAN)
    if case.authority_id != actor.authority_id:
        raise PermissionDenied(_("Evidence can only be added to cases of your authority."))
    folder = _uploads() / uuid.uuid4().hex
    folder.mkdir()
    target = folder / Path(original_name).name
    size = 0
    with target.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            size += len(chunk)
    with transaction.atomic():
        job = IngestJob.objects.create(case=case, requested_by=actor, upload_path=str(target),
                                       original_name=target.name, options=options, bytes_total=size)
        record_event(actor=actor, action="evidence.ingest_job_create", obj=job, authority=case.authority,
                     after={"file": target.name, "size": size})
        from glacy.evidence.tasks import run_ingest_job

        transaction.on_commit(lambda: run_ingest_job.enqueue(job_id=str(job.pk)))
    return job


def ingest_job_run(*, job_id: str) -> IngestJob:
    """Run one queued job (idempotent: a job that is not queued is left as it is)."""
    job, claimed = upload_job_claim(IngestJob, job_id)
    if not claimed:
        return job
    last_reported = 0

    def progress(done: int) -> None:
        nonlocal last_reported
        if done - last_reported >= PROGRESS_STEP:
            last_reported = done
            IngestJob.objects.filter(pk=job.pk).update(bytes_done=done, updated_at=timezone.now())

    try:
        item = evidence_ingest(actor=job.requested_by, case=job.case, path=Path(job.upload_path),
                               progress=progress, **job.options)
    except DomainError as error:
        message = error.text
        IngestJob.objects.filter(pk=job.pk).update(status=IngestJob.Status.FAILED, error=message)
    else:
        IngestJob.objects.filter(pk=job.pk).update(status=IngestJob.Status.DONE, item=item,
                                                   bytes_done=job.bytes_total)
    shutil.rmtree(Path(job.upload_path).parent, ignore_errors=True)
    job.refresh_from_db()
    return job
