"""Issue 16 (law import): the API follows the page's size rule and queues large laws for the worker (202), an
import holds at most MAX_PROVISIONS provisions, lists never load law texts, and containers are bounded before
they are parsed."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glacy.core.errors import ValidationFailed
from glacy.legislation import extract
from glacy.legislation.extract import ExtractionError, extract_text
from glacy.legislation.models import Law, LawImportJob
from glacy.legislation.services import laws as law_services
from glacy.legislation.services.jobs import law_import_job_run
from glacy.legislation.services.laws import law_import
from tests.legislation.sample_laws import ENGLISH_ACT


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string="".join(f"<p>{line}</p>" for line in text.splitlines())).write_pdf())


def test_the_api_queues_a_pdf_for_the_worker_and_the_job_can_be_followed(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["reviewer"])
    upload = io.BytesIO(_pdf(ENGLISH_ACT.replace("Computer Misuse Act", "Queued Act")))
    upload.name = "act.pdf"
    laws = Law.objects.count()
    response = client.post("/api/v1/laws/", {"file": upload, "country": "GH", "title": "Queued Act"},
                           format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["status"], body["step"], body["percent"], body["law"]) == ("queued", "waiting", 0, None)
    assert Law.objects.count() == laws  # nothing imported inside the web request
    law_import_job_run(job_id=body["id"])
    followed = client.get(f"/api/v1/law-import-jobs/{body['id']}/").json()
    assert (followed["status"], followed["percent"]) == ("done", 100)
    assert Law.objects.get(pk=followed["law"]).title == "Queued Act"
    assert api_client_for(world.users["foreign"]).get(f"/api/v1/law-import-jobs/{body['id']}/").status_code == 404
    assert api_client_for(world.users["drafter"]).get(f"/api/v1/law-import-jobs/{body['id']}/").status_code == 404


def test_a_large_text_file_is_queued_too(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["reviewer"])
    upload = io.BytesIO((ENGLISH_ACT + "\n" + "Note. " + "x" * (3 * 1024 * 1024)).encode())
    upload.name = "act.txt"
    response = client.post("/api/v1/laws/", {"file": upload, "country": "GH", "title": "Large"}, format="multipart")
    assert response.status_code == 202
    assert LawImportJob.objects.get(pk=response.json()["id"]).options["country_code"] == "GH"


def _short_sections(count: int) -> str:
    """A small file of many short sections: bytes do not bound the mapping time, provisions do."""
    return "Computer Offences Act\n" + "".join(
        f"{number}. A person who without authority accesses a computer system number {number} commits an "
        "offence.\n" for number in range(1, count + 1))


def test_a_small_file_of_many_provisions_is_mapped_by_the_worker_not_in_the_request(
        world: Any, api_client_for: Any, client_for: Any) -> None:
    from django.urls import reverse

    from glacy.legislation.services.jobs import IMMEDIATE_IMPORT_BYTES, IMMEDIATE_IMPORT_PROVISIONS

    text = _short_sections(IMMEDIATE_IMPORT_PROVISIONS + 1)
    assert len(text.encode()) < IMMEDIATE_IMPORT_BYTES // 40  # about 30 KB: the size rule alone would map it now
    laws = Law.objects.count()
    upload = io.BytesIO(text.encode())
    upload.name = "many.txt"
    response = api_client_for(world.users["reviewer"]).post(
        "/api/v1/laws/", {"file": upload, "country": "GH", "title": "Many sections"}, format="multipart")
    assert response.status_code == 202, response.content
    assert Law.objects.count() == laws  # nothing written inside the web request
    finished = law_import_job_run(job_id=response.json()["id"])
    assert (finished.status, finished.law.provisions.count()) == ("done", IMMEDIATE_IMPORT_PROVISIONS + 1)

    page_upload = io.BytesIO(text.replace("Computer Offences Act", "Second Offences Act").encode())
    page_upload.name = "many.txt"
    page = client_for(world.users["reviewer"]).post(reverse("law-import"), {
        "file": page_upload, "country": "GH", "title": "Many sections (page)", "kind": "act"})
    job = LawImportJob.objects.get(options__title="Many sections (page)")
    assert (page.status_code, page["Location"]) == (302, reverse("law-import-job", kwargs={"job_id": job.pk}))


def test_a_short_text_is_still_imported_at_once(world: Any, api_client_for: Any) -> None:
    from glacy.legislation.services.jobs import IMMEDIATE_IMPORT_PROVISIONS

    upload = io.BytesIO(_short_sections(IMMEDIATE_IMPORT_PROVISIONS).encode())
    upload.name = "short.txt"
    response = api_client_for(world.users["reviewer"]).post(
        "/api/v1/laws/", {"file": upload, "country": "GH", "title": "Just enough"}, format="multipart")
    assert response.status_code == 201, response.content
    assert Law.objects.get(pk=response.json()["id"]).provisions.count() == IMMEDIATE_IMPORT_PROVISIONS


def test_too_many_provisions_are_refused_with_a_clear_message(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(law_services, "MAX_PROVISIONS", 3)
    text = "\n".join(f"Section {n}. A person who accesses a computer system commits an offence." for n in range(1, 6))
    with pytest.raises(ValidationFailed) as refused:
        law_import(actor=world.users["reviewer"], country_code="GH", title="Huge", file_name="huge.txt",
                   data=text.encode())
    assert str(refused.value.errors["file"][0]) == (
        "The text has 5 provisions; at most 3 can be reviewed in one import. Import the law in parts (for example "
        "one file per Part or Book).")
    assert not Law.objects.filter(title="Huge").exists()


def test_law_lists_never_load_the_full_text(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["reviewer"])
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/api/v1/laws/")
        client.get("/api/v1/suggestions/")
    assert listed.status_code == 200
    assert listed.json()["results"][0]["provision_count"] > 0
    selects = [query["sql"] for query in queries.captured_queries if "legislation_law" in query["sql"]]
    assert selects
    leaked = [sql for sql in selects if '"legislation_law"."text"' in sql]
    assert leaked == []
    assert not any('GROUP BY "legislation_law"' in sql for sql in selects)  # counted by a subquery per law


def _docx(document_xml: str, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def test_a_docx_bomb_is_refused_before_it_is_parsed() -> None:
    paragraphs = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 600_000  # 20 MB of XML in a few tens of KB
    bomb = _docx(f"<w:document><w:body>{paragraphs}</w:body></w:document>")
    assert len(bomb) < 100_000
    start = time.perf_counter()
    with pytest.raises(ExtractionError) as refused:
        extract_text(bomb)
    assert refused.value.code == "too_large"
    assert str(refused.value) == ("The DOCX file is compressed suspiciously much (a decompression bomb?) and was "
                                  "not opened.")
    assert time.perf_counter() - start < 5  # refused from the declared sizes, not parsed


def test_a_docx_whose_declared_sizes_lie_is_stopped_while_reading(monkeypatch: Any) -> None:
    monkeypatch.setattr(extract, "MAX_COMPRESSION_RATIO", 10**9)
    monkeypatch.setattr(extract, "MAX_XML_ELEMENTS", 1_000)
    many = _docx("<w:document><w:body>" + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 500 + "</w:body></w:document>",
                 zipfile.ZIP_STORED)
    with pytest.raises(ExtractionError) as refused:
        extract_text(many)
    assert str(refused.value) == "The document has too many elements to be read (more than 1000)."


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch: Any) -> None:
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 1)
    two_pages = _pdf("Section 1. First.\n" + "\n".join(["filler line"] * 120) + "\nSection 2. Second.")
    with pytest.raises(ExtractionError) as refused:
        extract_text(two_pages)
    assert str(refused.value) == "The PDF has more than 1 pages: import the law in parts."
