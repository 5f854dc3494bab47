"""Long laws (PDFs, large files) are imported by a background worker while the page shows progress."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from glacy.core.models import AuditEvent
from glacy.legislation.models import Law, LawImportJob
from glacy.legislation.services.jobs import import_runs_in_background, law_import_job_create, law_import_job_run
from tests.legislation.sample_laws import ENGLISH_ACT, FRENCH_LAW


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string="".join(f"<p>{line}</p>" for line in text.splitlines())).write_pdf())


OPTIONS = {"country_code": "GH", "title": "Loi (PDF)", "kind": "bill", "language": "", "adopted_on": None}


def test_pdfs_and_large_files_go_to_the_worker_small_texts_do_not() -> None:
    assert import_runs_in_background(name="act.pdf", size=10_000, head=b"%PDF-1.7") is True
    assert import_runs_in_background(name="act.txt", size=5 * 1024 * 1024, head=b"Section") is True
    assert import_runs_in_background(name="act.docx", size=40_000, head=b"PK\x03\x04") is False


def test_a_job_imports_the_law_reports_progress_and_removes_the_upload(world: Any) -> None:
    upload = SimpleUploadedFile("loi.pdf", _pdf(FRENCH_LAW), content_type="application/pdf")
    job = law_import_job_create(actor=world.users["reviewer"], upload=upload, options=OPTIONS)
    assert (job.status, job.percent) == ("queued", 0)
    assert Path(job.upload_path).is_file()
    finished = law_import_job_run(job_id=str(job.pk))
    assert (finished.status, finished.percent, finished.error) == ("done", 100, "")
    assert finished.law is not None
    assert (finished.law.title, finished.law.kind, finished.law.source_format) == ("Loi (PDF)", "bill", "pdf")
    assert list(finished.law.provisions.values_list("ref", flat=True)) == [
        "Article premier", "Article 431-8", "Article 431-9"]
    assert (finished.step, finished.done, finished.total) == ("saving", 3, 3)
    assert not Path(job.upload_path).exists()
    assert [event.action for event in AuditEvent.objects.filter(
        action__startswith="law.import").order_by("occurred_at")][-2:] == ["law.import_job_create", "law.import"]
    again = law_import_job_run(job_id=str(job.pk))  # idempotent
    assert (again.status, Law.objects.filter(title="Loi (PDF)").count()) == ("done", 1)


def test_a_refused_file_fails_the_job_with_the_reason_and_imports_nothing(world: Any) -> None:
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 not really a pdf", content_type="application/pdf")
    job = law_import_job_create(actor=world.users["reviewer"], upload=upload, options=OPTIONS)
    finished = law_import_job_run(job_id=str(job.pk))
    assert (finished.status, finished.error, finished.law) == ("failed", "The PDF is damaged and cannot be read.",
                                                               None)
    assert Law.objects.count() == 1  # the world's law only
    assert not Path(job.upload_path).parent.exists()


def test_the_page_sends_a_pdf_to_the_worker_and_shows_its_progress(world: Any, client_for: Any) -> None:
    client = client_for(world.users["reviewer"])
    upload = io.BytesIO(_pdf(ENGLISH_ACT.replace("Computer Misuse Act", "Second Act")))
    upload.name = "act.pdf"
    response = client.post(reverse("law-import"), {"file": upload, "country": "GH", "title": "Second Act",
                                                   "kind": "act"})
    job = LawImportJob.objects.get(options__title="Second Act")
    assert response.status_code == 302
    assert response["Location"] == reverse("law-import-job", kwargs={"job_id": job.pk})
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-status">queued<' in page
    assert 'hx-trigger="every 1s"' in page
    law_import_job_run(job_id=str(job.pk))
    done = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "Open “Second Act”" in done
    assert "hx-trigger" not in done
    assert client_for(world.users["drafter"]).get(response["Location"]).status_code == 404
