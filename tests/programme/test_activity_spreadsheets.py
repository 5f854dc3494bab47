"""Activity spreadsheets: import checked whole (row, column, problem) and all or nothing; export in the same
format (round trip); the page's preview and confirmation; the same rules from the command line."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from glacy.core.context import origin
from glacy.core.models import AuditEvent
from glacy.programme.models import Activity
from glacy.programme.services.activities import activities_save
from glacy.programme.spreadsheet import COLUMNS, activity_rows, export_csv, export_xlsx, parse_activity_sheet

HEADER = ["project", "reference", "title", "type", "topics", "results", "countries", "start_date", "end_date",
          "judiciary_woman", "judiciary_man"]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode()


GOOD = ["GLACY-T", "T-2025-010", "Training on ransomware", "training", "ransomware", "R3", "GH", "2025-06-02",
        "2025-06-04", "5", "7"]
BAD_DATE = ["GLACY-T", "T-2025-011", "Study visit", "study visit", "", "", "GH", "2025-13-01", "2025-06-04", "", ""]


def _projects(world: Any) -> Any:
    from glacy.programme.selectors import projects_for_user

    return projects_for_user(user=world.users["programme_officer"])


def test_a_bad_row_is_named_and_nothing_is_written(world: Any) -> None:
    sheet = parse_activity_sheet(data=_csv([GOOD, BAD_DATE, [*GOOD[:1], "T-2025-012", "X", "dance", "", "R9",
                                                             "ZZ", "2025-01-01", "2025-01-01", "many", ""]]),
                                 file_name="activities.csv", projects=_projects(world))
    problems = [(problem.row, problem.column, problem.message) for problem in sheet.problems]
    assert problems == [
        (3, "start_date", "“2025-13-01” is not a date (write YYYY-MM-DD)."),
        (4, "type", "Unknown activity type “dance”."),
        (4, "countries", "Unknown country code “ZZ”."),
        (4, "results", "Project GLACY-T has no result R9."),
        (4, "judiciary_woman", "“many” is not a whole number of people."),
    ]
    assert not sheet.is_valid


def test_page_refuses_the_file_names_the_row_then_imports_the_corrected_file(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["programme_officer"])
    activities, events = Activity.objects.count(), AuditEvent.objects.count()
    refused = client.post("/programme/activities/import/", {
        "file": SimpleUploadedFile("activities.csv", _csv([GOOD, BAD_DATE]))})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "activities.csv: 1 problem — nothing was imported." in page
    assert "<td>3</td><td>start_date</td><td>“2025-13-01” is not a date (write YYYY-MM-DD).</td>" in page
    assert (Activity.objects.count(), AuditEvent.objects.count()) == (activities, events)
    fixed = [*BAD_DATE[:7], "2025-06-01", *BAD_DATE[8:]]
    preview = client.post("/programme/activities/import/", {
        "file": SimpleUploadedFile("activities.csv", _csv([GOOD, fixed]))})
    assert preview.status_code == 200
    assert "activities.csv is valid: 2 activities to create, 0 to update." in preview.content.decode()
    assert Activity.objects.count() == activities  # the preview writes nothing
    token = preview.context["token"]
    confirmed = client.post("/programme/activities/import/confirm/", {"token": token})
    assert confirmed.status_code == 302
    assert Activity.objects.count() == activities + 2
    created = Activity.objects.get(reference="T-2025-010")
    assert (created.activity_type, created.year, [topic.code for topic in created.topics.all()],
            sorted((item.institution_type, item.gender, item.count) for item in created.participation.all())) == (
        "training", 2025, ["ransomware"], [("judiciary", "man", 7), ("judiciary", "woman", 5)])
    assert AuditEvent.objects.filter(action="programme.activity_created", object_id=str(created.pk),
                                     channel="web").count() == 1
    # The same token cannot be used twice.
    assert client.post("/programme/activities/import/confirm/", {"token": token}).status_code == 302
    assert Activity.objects.count() == activities + 2


def test_export_then_import_changes_nothing(world: Any, tmp_path: Any) -> None:
    """Round trip in both formats: what is exported reads back to the same activities (updates, no creation)."""
    activities = Activity.objects.filter(project=world.objects["project"]).order_by("reference")
    rows = list(activity_rows(activities))
    assert rows[0] == COLUMNS
    for name, data in (("export.xlsx", export_xlsx(rows)), ("export.csv", export_csv(rows))):
        sheet = parse_activity_sheet(data=data, file_name=name, projects=_projects(world))
        assert sheet.problems == []
        assert (sheet.creates, sheet.updates) == (0, 2)
        activities_save(actor=world.users["programme_officer"], items=sheet.items, source="import")
        assert list(activity_rows(Activity.objects.filter(project=world.objects["project"]).order_by(
            "reference"))) == rows
        first = sheet.items[0]
        original = activities[0]
        assert (first.fields["reference"], first.fields["title"], first.fields["start_date"], first.topics,
                first.countries, first.results, first.participation) == (
            original.reference, original.title, original.start_date,
            sorted(original.topics.values_list("code", flat=True)), ["GH"],
            sorted(original.results.values_list("code", flat=True)),
            {(item.institution_type, item.gender): item.count for item in original.participation.all()})
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(rows)))
    assert [cell.value for cell in workbook.worksheets[0][2]][:4] == ["GLACY-T", "T-2025-001",
                                                                       "Legislative workshop", "legislative_advice"]


def test_command_line_import_is_all_or_nothing_and_audited(world: Any, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(_csv([GOOD, BAD_DATE]))
    before = Activity.objects.count()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("programme", "import", str(path), "--as", world.users["programme_officer"].username)
    assert "row 3, column start_date" in capsys.readouterr().err
    assert Activity.objects.count() == before
    path.write_bytes(_csv([GOOD]))
    with origin("cli"):  # as the `glacy` entry point sets it
        call_command("programme", "import", str(path), "--as", world.users["programme_officer"].username)
    assert Activity.objects.count() == before + 1
    assert AuditEvent.objects.get(action="programme.activity_created", channel="cli").actor == world.users[
        "programme_officer"]
    # A focal point reads, never writes: the project is not one they may change.
    with pytest.raises(CommandError):
        call_command("programme", "import", str(path), "--as", world.users["focal_point"].username)


def test_import_page_is_for_programme_staff(world: Any, client_for: Any) -> None:
    for persona in ("focal_point", "donor", "trainer"):
        response = client_for(world.users[persona]).get("/programme/activities/import/")
        assert (response.status_code, response["Location"]) == (302, "/programme/activities/")
