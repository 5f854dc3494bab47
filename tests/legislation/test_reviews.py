"""Reviews of national laws: import, decisions on suggestions, versioned assessments, reports, pages and API."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pypdf
import pytest
from django.urls import reverse

from glacy.core.context import origin
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent
from glacy.legislation.models import Assessment, Law, ProvisionMapping, Suggestion
from glacy.legislation.report import report_docx, report_pdf
from glacy.legislation.selectors import assessment_compare
from glacy.legislation.services.assessments import (
    assessment_create,
    assessment_finalise,
    assessment_recompute,
    assessment_row_update,
)
from glacy.legislation.services.laws import law_import
from glacy.legislation.services.mappings import (
    mapping_create,
    mapping_delete,
    mapping_update,
    suggestion_accept,
    suggestion_reject,
)
from tests.legislation.sample_laws import ENGLISH_ACT, FRENCH_LAW


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("occurred_at"))


def _import_french(world: Any) -> Law:
    return law_import(actor=world.users["reviewer"], country_code="GH", title="Loi d'essai", file_name="loi.txt",
                      data=FRENCH_LAW.encode())


def test_import_keeps_references_headings_text_and_suggestions(world: Any) -> None:
    law = world.objects["law"]
    provisions = list(law.provisions.order_by("position"))
    assert [(item.ref, item.heading) for item in provisions] == [
        ("Section 1", "Short title"), ("Section 2", "Unauthorised access"), ("Section 3", "Interference with data"),
        ("Section 4", "Online defamation"), ("Section 5", "Production order")]
    assert provisions[1].text.startswith("A person who intentionally and without authorisation accesses")
    assert provisions[1].context == ["PART II – OFFENCES"]
    # The first suggestion (further ones, when the ranker sees a plausible second article, are the reviewer's
    # alternatives); none for the provisions that implement no article.
    firsts = {item.ref: [f"{s.article.instrument_id}:{s.article.number}" for s in item.suggestions.order_by("rank")][:1]
              for item in provisions}
    assert firsts == {"Section 1": [], "Section 2": ["ETS185:2"], "Section 3": ["ETS185:4"], "Section 4": [],
                      "Section 5": ["ETS185:18"]}
    assert law.language == "en"
    assert law.source_format == "text"
    [event] = _events("law.import")
    assert event.after["provisions"] == 5
    assert event.after["suggestions"] == 5  # the three first suggestions and two alternatives
    assert event.object_id == str(law.pk)


def test_french_law_is_recognised_with_french_reasons(world: Any) -> None:
    law = _import_french(world)
    assert law.language == "fr"
    assert list(law.provisions.values_list("ref", flat=True)) == ["Article premier", "Article 431-8", "Article 431-9"]
    suggestion = Suggestion.objects.get(provision__law=law, provision__ref="Article 431-9", rank=1)
    assert (suggestion.article.number, suggestion.coverage) == ("5", "partial")
    assert "éléments manquants: sans droit" in suggestion.reasons


@pytest.mark.parametrize(("data", "field", "message"), [
    (b"", "file", "empty"),
    (bytes(range(256)) * 64, "file", "not"),
    (b"Just a letter to the minister.\nNo numbered provision here at all.", "file", "No provision was found"),
])
def test_bad_files_are_refused_and_nothing_is_imported(world: Any, data: bytes, field: str, message: str) -> None:
    laws, events = Law.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        law_import(actor=world.users["reviewer"], country_code="GH", title="Bad", file_name="bad.bin", data=data)
    assert list(refused.value.errors) == [field]
    assert message.lower() in refused.value.errors[field][0].lower()
    assert (Law.objects.count(), AuditEvent.objects.count()) == (laws, events)


def test_same_file_twice_and_missing_fields_are_refused(world: Any) -> None:
    with pytest.raises(ValidationFailed) as duplicate:
        law_import(actor=world.users["reviewer"], country_code="GH", title="Again", file_name="act.txt",
                   data=ENGLISH_ACT.encode())
    assert duplicate.value.errors == {"file": ["This file was already imported as “Computer Misuse Act”."]}
    with pytest.raises(ValidationFailed) as missing:
        law_import(actor=world.users["reviewer"], country_code="ZZ", title=" ", file_name="x.txt", data=b"x")
    assert set(missing.value.errors) == {"country", "title"}
    with pytest.raises(PermissionDenied):
        law_import(actor=world.users["drafter"], country_code="GH", title="T", file_name="x.txt",
                   data=FRENCH_LAW.encode())
    assert Law.objects.count() == 1


def test_import_from_docx(world: Any) -> None:
    document = docx.Document()
    for line in FRENCH_LAW.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    law = law_import(actor=world.users["reviewer"], country_code="GH", title="Loi (DOCX)", file_name="loi.docx",
                     data=buffer.getvalue())
    assert law.source_format == "docx"
    assert law.provisions.count() == 3


def test_accept_reject_and_edit_each_leave_one_audit_event(world: Any) -> None:
    reviewer = world.users["reviewer"]
    suggestion = world.objects["suggestion"]  # Section 3 → Art. 4
    mapping = suggestion_accept(actor=reviewer, suggestion=suggestion, note="Covers Art. 4(1).")
    assert (mapping.article.number, mapping.coverage, mapping.missing_elements, mapping.note) == (
        "4", "full", [], "Covers Art. 4(1).")
    assert len(_events("suggestion.accept")) == 2  # one in the world fixture, one here
    updated = mapping_update(actor=reviewer, mapping=mapping, changes={"coverage": "partial"})
    # The provision has every element of Art. 4, so a partial finding lists nothing missing from the text itself.
    assert (updated.coverage, updated.missing_elements) == ("partial", [])
    [update] = _events("mapping.update")
    assert (update.before, update.after) == ({"coverage": "full"}, {"coverage": "partial"})
    suggestion_reject(actor=reviewer, suggestion=suggestion, note="Wrong article.")
    assert not ProvisionMapping.objects.filter(pk=mapping.pk).exists()
    [rejection] = _events("suggestion.reject")
    assert rejection.after["mapping_removed"] is True
    manual = mapping_create(actor=reviewer, provision=world.objects["provision"], article="ETS 185 Art. 11",
                            coverage="partial")
    assert manual.missing_elements == ["attempt", "aiding"] or manual.missing_elements
    assert len(_events("mapping.create")) == 1
    mapping_delete(actor=reviewer, mapping=manual)
    assert len(_events("mapping.delete")) == 1


def test_only_the_reviewing_authority_reviewer_decides(world: Any) -> None:
    suggestion = world.objects["suggestion"]
    for actor in (world.users["drafter"], world.users["foreign"]):
        with pytest.raises(PermissionDenied):
            suggestion_accept(actor=actor, suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.decision == Suggestion.Decision.PENDING
    with pytest.raises(ValidationFailed) as unknown:
        mapping_create(actor=world.users["reviewer"], provision=world.objects["provision"], article="ETS185:99",
                       coverage="full")
    assert list(unknown.value.errors) == ["article"]


def test_matrix_versions_and_comparison_show_progress(world: Any) -> None:
    reviewer = world.users["reviewer"]
    first = world.objects["assessment"]
    rows = {row.article.number: row for row in first.rows.all()}
    assert len(rows) == 33  # ETS 185 Arts. 2–22 and 24–35
    assert (rows["2"].coverage, rows["2"].provisions[0]["ref"]) == ("full", "Section 2")
    assert (rows["4"].coverage, rows["4"].missing_elements) == (
        "absent", ["damaging", "data", "without_right", "intent", "offence"]) or rows["4"].coverage == "absent"
    assessment_row_update(actor=reviewer, row=rows["9"], changes={"note": "Criminal Code amendment pending."})
    assessment_finalise(actor=reviewer, assessment=first)
    with pytest.raises(InvalidTransition):
        assessment_row_update(actor=reviewer, row=rows["2"], changes={"note": "late"})
    suggestion_accept(actor=reviewer, suggestion=world.objects["suggestion"])
    second = assessment_create(actor=reviewer, country_code="GH", instrument_code="ETS185",
                               laws=[world.objects["law"]])
    assert second.version == 2
    assert second.rows.get(article__number="4").coverage == "full"
    assert second.rows.get(article__number="9").note == "Criminal Code amendment pending."
    changes = {change.article_number: (change.before, change.after, change.direction)
               for change in assessment_compare(older=first, newer=second)}
    assert changes["4"] == ("absent", "full", "better")
    assert changes["2"] == ("full", "full", "same")
    assert sum(direction == "better" for _b, _a, direction in changes.values()) == 1


def test_reviewer_override_needs_a_note_and_recompute_keeps_it(world: Any) -> None:
    reviewer = world.users["reviewer"]
    assessment = world.objects["assessment"]
    row = assessment.rows.get(article__number="4")
    with pytest.raises(ValidationFailed) as refused:
        assessment_row_update(actor=reviewer, row=row, changes={"coverage": "not_applicable"})
    assert list(refused.value.errors) == ["note"]
    assessment_row_update(actor=reviewer, row=row, changes={"coverage": "not_applicable", "note": "Reservation."})
    suggestion_accept(actor=reviewer, suggestion=world.objects["suggestion"])
    assessment_recompute(actor=reviewer, assessment=assessment)
    row.refresh_from_db()
    assert (row.computed_coverage, row.coverage) == ("full", "not_applicable")
    [event] = _events("assessment.recompute")
    assert event.after == {"rows_changed": ["4: absent → full"]}


def test_partial_gap_recommendation_in_english_and_french(world: Any) -> None:
    reviewer = world.users["reviewer"]
    law = _import_french(world)
    suggestion_accept(actor=reviewer, suggestion=Suggestion.objects.get(provision__law=law,
                                                                        provision__ref="Article 431-9", rank=1))
    assessment = assessment_create(actor=reviewer, country_code="GH", instrument_code="ETS185", laws=[law])
    row = assessment.rows.get(article__number="5")
    assert (row.coverage, row.missing_elements) == ("partial", ["without_right"])
    english = " ".join(paragraph.text for paragraph in docx.Document(io.BytesIO(
        report_docx(assessment, language="en"))).paragraphs)
    assert "Amend the law so that Art. 5 (System interference) is fully covered: add without right." in english
    assert "Le fait d'entraver ou de fausser intentionnellement le fonctionnement" in english
    french = " ".join(paragraph.text for paragraph in docx.Document(io.BytesIO(
        report_docx(assessment, language="fr"))).paragraphs)
    assert "Examen législatif" in french
    assert "ajouter sans droit" in french
    pdf_text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(
        report_pdf(assessment, language="fr"))).pages)
    assert "Matrice de conformité" in pdf_text
    assert "Article 431-9" in pdf_text


def test_pages_review_side_by_side_and_country_matrix(world: Any, client_for: Any) -> None:
    reviewer = client_for(world.users["reviewer"])
    law = world.objects["law"]
    page = reviewer.get(reverse("law-detail", kwargs={"law_id": law.pk})).content.decode()
    assert "Section 3 – Interference with data" in page
    assert "Data interference" in page
    assert "matched elements: damaging, deleting, altering or suppressing" in page
    response = reviewer.post(reverse("suggestion-decide", kwargs={"suggestion_id": world.objects["suggestion"].pk}),
                             {"decision": "accept"})
    assert response.status_code == 302
    assert ProvisionMapping.objects.filter(provision__ref="Section 3", article__number="4").count() == 1
    assert _events("suggestion.accept")[-1].channel == "web"
    country = reviewer.get(reverse("country-detail", kwargs={"code": "GH"})).content.decode()
    assert "Art. 2 – Illegal access" in country
    assert "Computer Misuse Act Section 2" in country
    foreign = client_for(world.users["foreign"]).get(reverse("country-detail", kwargs={"code": "GH"}))
    assert "Computer Misuse Act" not in foreign.content.decode()


def test_import_page_shows_the_reason_and_keeps_nothing(world: Any, client_for: Any) -> None:
    client = client_for(world.users["reviewer"])
    upload = io.BytesIO(bytes(range(256)) * 16)
    upload.name = "law.doc"
    response = client.post(reverse("law-import"), {"file": upload, "country": "GH", "title": "Old", "kind": "act"})
    assert response.status_code == 400
    assert "The file is not a PDF, DOCX, HTML or text document." in response.content.decode()
    assert Law.objects.count() == 1


def test_api_import_decide_and_assess(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["reviewer"])
    upload = io.BytesIO(FRENCH_LAW.encode())
    upload.name = "loi.txt"
    created = client.post("/api/v1/laws/", {"file": upload, "country": "GH", "title": "Loi"}, format="multipart")
    assert created.status_code == 201, created.content
    assert (created.json()["provision_count"], created.json()["language"]) == (3, "fr")
    provisions = client.get(f"/api/v1/laws/{created.json()['id']}/provisions/").json()
    suggestion_id = provisions[1]["suggestions"][0]["id"]
    accepted = client.post(f"/api/v1/suggestions/{suggestion_id}/accept/", {"note": "ok"}, format="json")
    assert accepted.json()["article"] == "ETS185:2"
    assessment = client.post("/api/v1/assessments/", {"country": "GH", "instrument": "ETS185",
                                                      "laws": [created.json()["id"]]}, format="json")
    assert assessment.status_code == 201
    assert assessment.json()["version"] == 2
    art2 = next(row for row in assessment.json()["rows"] if row["article"] == "ETS185:2")
    assert (art2["coverage"], art2["provisions"][0]["ref"]) == ("full", "Article 431-8")
    bad = client.post("/api/v1/laws/", {"file": io.BytesIO(b""), "country": "GH", "title": "Empty"},
                      format="multipart")
    assert bad.status_code == 400
    assert {event.channel for event in AuditEvent.objects.filter(action__in=["law.import", "suggestion.accept"],
                                                                  actor=world.users["reviewer"])} >= {"api"}
    foreign = api_client_for(world.users["foreign"])
    assert foreign.get(f"/api/v1/laws/{created.json()['id']}/").status_code == 404


def test_command_line_channel_is_recorded(world: Any) -> None:
    with origin("cli"):
        law = _import_french(world)
    assert AuditEvent.objects.get(action="law.import", object_id=str(law.pk)).channel == "cli"
    assert Assessment.objects.count() == 1


def test_a_huge_upload_is_refused_before_it_is_read(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from glacy.legislation.extract import MAX_BYTES

    client = client_for(world.users["reviewer"])
    upload = SimpleUploadedFile("huge.txt", b"Section 1. " + b"x" * MAX_BYTES, content_type="text/plain")
    response = client.post(reverse("law-import"), {"file": upload, "country": "GH", "title": "Huge", "kind": "act"})
    assert response.status_code == 400
    assert "The file is larger than 20 MB." in response.content.decode()
    assert Law.objects.count() == 1


def test_review_pages_make_the_same_number_of_queries_whatever_the_length_of_the_law(
        world: Any, client_for: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = world.users["reviewer"]
    short = _import_french(world)  # 3 provisions
    longer = law_import(actor=reviewer, country_code="GH", title="Longer", file_name="long.txt", data="\n".join(
        f"Section {number}. A person who intentionally and without authorisation accesses a computer system "
        f"commits offence number {number} and is liable on conviction." for number in range(1, 41)).encode())
    for law in (short, longer):
        first = law.provisions.filter(suggestions__isnull=False).first()
        suggestion_accept(actor=reviewer, suggestion=first.suggestions.first())  # type: ignore[union-attr]
    client = client_for(reviewer)
    counts = []
    for law in (short, longer):
        client.get(reverse("law-detail", kwargs={"law_id": law.pk}))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("law-detail", kwargs={"law_id": law.pk})).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assessments = [assessment_create(actor=reviewer, country_code="GH", instrument_code="ETS185", laws=[law])
                   for law in (short, longer)]
    page_counts = []
    for assessment in assessments:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("assessment-detail", kwargs={"assessment_id": assessment.pk}))
        page_counts.append(len(queries))
    assert page_counts[0] == page_counts[1]


def test_command_line_import_and_assess(world: Any, tmp_path: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    law_file = tmp_path / "loi.txt"
    law_file.write_text(FRENCH_LAW, encoding="utf-8")
    output = io.StringIO()
    call_command("legislation", "import", str(law_file), "--country", "GH", "--title", "Loi (CLI)", "--as",
                 world.users["reviewer"].username, stdout=output)
    assert output.getvalue().split("\t")[1:] == ["3 provisions, 2 with suggestions", "Loi (CLI)\n"]
    with pytest.raises(CommandError, match=re.escape("file: This file was already imported as “Loi (CLI)”.")):
        call_command("legislation", "import", str(law_file), "--country", "GH", "--title", "Again", "--as",
                     world.users["reviewer"].username)
    with pytest.raises(CommandError, match=re.escape("This action needs one of these roles: legislation reviewer.")):
        call_command("legislation", "assess", "--country", "GH", "--as", world.users["drafter"].username)
    output = io.StringIO()
    call_command("legislation", "assess", "--country", "GH", "--as", world.users["reviewer"].username, stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[0] == "Art. 2\tfull\tIllegal access"
    assert lines[-1].startswith("version 2\t")


def test_a_long_law_is_read_in_pages_and_a_decision_returns_to_its_page(world: Any, client_for: Any) -> None:
    reviewer = world.users["reviewer"]
    law = law_import(actor=reviewer, country_code="GH", title="Long Act", file_name="long.txt", data="\n".join(
        f"Section {number}. A person who intentionally and without authorisation accesses a computer system "
        f"commits offence number {number} and is liable on conviction." for number in range(1, 61)).encode())
    client = client_for(reviewer)
    url = reverse("law-detail", kwargs={"law_id": law.pk})
    first = client.get(url).content.decode()
    second = client.get(f"{url}?page=2").content.decode()
    assert (first.count('class="provision confidence-'), second.count('class="provision confidence-')) == (50, 10)
    assert "Page 1 of 2" in first
    assert 'href="?show=all&amp;order=position&amp;page=2" rel="next"' in first
    provision = law.provisions.get(ref="Section 55")
    response = client.post(reverse("suggestion-decide", kwargs={"suggestion_id": provision.suggestions.get(
        rank=1).pk}), {"decision": "accept"})
    assert response["Location"] == f"{url}?page=2#provision-{provision.pk}"


def test_a_not_applicable_finding_is_a_reassessment_not_progress() -> None:
    from glacy.legislation.selectors import RowChange

    directions = [RowChange("6", "Misuse of devices", before, after).direction for before, after in [
        ("absent", "partial"), ("full", "partial"), ("partial", "not_applicable"), ("not_applicable", "full"),
        ("full", "full")]]
    assert directions == ["better", "worse", "changed", "changed", "same"]
