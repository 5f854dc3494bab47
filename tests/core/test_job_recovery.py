"""A background job whose worker died (killed, machine restarted) is run again; a live one is left alone."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from glacy.core.jobs import upload_job_claim
from glacy.evidence.models import IngestJob
from glacy.legislation.models import LawImportJob


def test_a_stale_running_job_is_queued_again_and_finishes(world: Any) -> None:
    job = world.objects["law_import_job"]
    LawImportJob.objects.filter(pk=job.pk).update(status="running",
                                                  updated_at=timezone.now() - datetime.timedelta(hours=1))
    live = world.objects["ingest_job"]
    IngestJob.objects.filter(pk=live.pk).update(status="running", updated_at=timezone.now())
    output = io.StringIO()
    call_command("jobs", "recover", stdout=output)
    assert output.getvalue().splitlines() == [f"queued again: {job.pk}", "1 job(s) recovered."]
    job.refresh_from_db()
    assert (job.status, job.law.title if job.law else None) == ("done", "Queued law")
    live.refresh_from_db()
    assert live.status == "running"  # still making progress: not touched
    assert upload_job_claim(IngestJob, str(live.pk))[1] is False
