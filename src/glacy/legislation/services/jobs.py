"""Importing a long law in the background: the upload is kept in the data folder, a worker imports it and
records its progress, the page polls the job. Running a job twice does nothing the second time; the upload is
removed when the job ends, whatever the outcome."""

from __future__ import annotations

import datetime
import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import DomainError, PermissionDenied
from glacy.core.jobs import upload_job_claim
from glacy.core.permissions import Role, require_role
from glacy.legislation.models import Law, LawImportJob
from glacy.legislation.services.laws import LongerThanImmediate, law_import, read_law_upload

#: Files imported at once from the page; PDFs (page by page extraction) and larger files go to a worker.
IMMEDIATE_IMPORT_BYTES = 2 * 1024 * 1024
#: Provisions mapped inside a web request (about 3 s); a longer text goes to the worker. Bytes alone do not bound
#: the time: 2 MB of short sections is 5,000 provisions, a minute of mapping that held a web thread.
IMMEDIATE_IMPORT_PROVISIONS = 250


def import_runs_in_background(*, name: str, size: int, head: bytes) -> bool:
    """The size rule of every entry point (page and API), decided before reading: PDFs and files over
    IMMEDIATE_IMPORT_BYTES are imported by the worker, never inside a web request. A smaller text of more than
    IMMEDIATE_IMPORT_PROVISIONS provisions goes to the worker too, once segmented (`law_import_now_or_queue`)."""
    return head.startswith(b"%PDF") or size > IMMEDIATE_IMPORT_BYTES or name.lower().endswith(".pdf")


def _uploads() -> Path:
    folder = Path(settings.DATA_DIR) / "legislation-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def law_import_job_create(*, actor: Any, upload: Any, options: dict[str, Any]) -> LawImportJob:
    """Keep the upload, register the job and queue it once the transaction commits."""
    require_role(actor, Role.REVIEWER)
    if actor.authority_id is None:
        raise PermissionDenied(_("Your account belongs to no authority."))
    data = read_law_upload(upload)
    folder = _uploads() / uuid.uuid4().hex
    folder.mkdir()
    target = folder / (Path(upload.name or "law").name or "law")
    target.write_bytes(data)
    values = {**options, "adopted_on": options["adopted_on"].isoformat() if options.get("adopted_on") else None}
    with transaction.atomic():
        job = LawImportJob.objects.create(authority_id=actor.authority_id, requested_by=actor,
                                          upload_path=str(target), original_name=target.name, options=values)
        record_event(actor=actor, action="law.import_job_create", obj=job,
                     after={"file": target.name, "size": len(data), "title": values.get("title", "")})
        from glacy.legislation.tasks import run_law_import_job

        transaction.on_commit(lambda: run_law_import_job.enqueue(job_id=str(job.pk)))
    return job


def law_import_job_run(*, job_id: str) -> LawImportJob:
    """Run one queued job (idempotent: a job that is not queued is left as it is)."""
    job, claimed = upload_job_claim(LawImportJob, job_id)
    if not claimed:
        return job

    def progress(step: str, done: int, total: int) -> None:
        LawImportJob.objects.filter(pk=job.pk).update(step=step, done=done, total=total,
                                                      updated_at=timezone.now())

    options = dict(job.options)
    adopted_on = datetime.date.fromisoformat(options.pop("adopted_on")) if options.get("adopted_on") else None
    options.pop("adopted_on", None)
    try:
        law = law_import(actor=job.requested_by, file_name=job.original_name,
                         data=Path(job.upload_path).read_bytes(), adopted_on=adopted_on, progress=progress,
                         **options)
    except DomainError as error:
        message = error.text
        LawImportJob.objects.filter(pk=job.pk).update(status=LawImportJob.Status.FAILED, error=message)
    except OSError:
        LawImportJob.objects.filter(pk=job.pk).update(status=LawImportJob.Status.FAILED,
                                                      error=str(_("The uploaded file is no longer available.")))
    else:
        LawImportJob.objects.filter(pk=job.pk).update(status=LawImportJob.Status.DONE, law=law,
                                                      step=LawImportJob.Step.SAVING)
    shutil.rmtree(Path(job.upload_path).parent, ignore_errors=True)
    job.refresh_from_db()
    return job


def law_import_now_or_queue(*, actor: Any, upload: Any, options: dict[str, Any]) -> Law | LawImportJob:
    """The entry points' one rule: a PDF, a large file or a text of more than IMMEDIATE_IMPORT_PROVISIONS
    provisions is queued for the worker (the job); anything else is imported now (the law)."""
    head = upload.read(8)
    upload.seek(0)
    if import_runs_in_background(name=upload.name or "", size=upload.size or 0, head=head):
        return law_import_job_create(actor=actor, upload=upload, options=options)
    data = read_law_upload(upload)
    try:
        return law_import(actor=actor, file_name=upload.name or "", data=data,
                          immediate_limit=IMMEDIATE_IMPORT_PROVISIONS, **options)
    except LongerThanImmediate:
        upload.seek(0)
        return law_import_job_create(actor=actor, upload=upload, options=options)
