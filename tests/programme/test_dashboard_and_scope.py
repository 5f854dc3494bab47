"""The dashboard's figures, filters and downloads; the same number of queries whatever the data; who sees what;
indicator values traceable to the records they count."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glacy.core.models import AuditEvent
from glacy.programme.models import IndicatorValue
from glacy.programme.services.activities import ActivityData, activities_save


def _add_activities(world: Any, count: int, *, country: str = "GH", start: int = 100) -> None:
    activities_save(actor=world.users["programme_officer"], items=[ActivityData(
        project=world.objects["project"], fields={
            "reference": f"B-{number}", "title": f"Bulk {number}", "activity_type": "conference",
            "start_date": datetime.date(2025, 1 + number % 12, 1), "end_date": datetime.date(2025, 1 + number % 12, 2)},
        topics=["ransomware", "international_cooperation"], results=["R1"], countries=[country],
        participation={("prosecution", "woman"): 2}) for number in range(start, start + count)])


def test_dashboard_figures_and_filters(world: Any, client_for: Any) -> None:
    client = client_for(world.users["programme_officer"])
    data = client.get("/programme/?year=2025").context["data"]
    assert data["totals"] == {"activities": 2, "projects": 1, "participants": 10, "women": 4, "countries": 1}
    breakdowns = {item["key"]: item["rows"] for item in data["breakdowns"]}
    assert breakdowns["activity_type"] == [("legislative advice", 1), ("training", 1)]
    assert breakdowns["result"] == [("R1", 1), ("R3", 1)]
    assert breakdowns["country"] == [("Ghana", 2)]
    filtered = client.get("/programme/?year=2025&topic=policy_legislation").context["data"]
    assert filtered["totals"]["activities"] == 1
    assert client.get("/programme/?year=2024").context["data"]["totals"]["activities"] == 0
    csv_text = client.get("/programme/dashboard.download?format=csv&year=2025").content.decode()
    assert "activity_type,legislative advice,1" in csv_text
    assert "total,activities,2" in csv_text


def test_dashboard_queries_do_not_grow_with_the_records(world: Any, client_for: Any) -> None:
    client = client_for(world.users["programme_officer"])
    client.get("/programme/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/programme/?year=2025").status_code == 200
    with CaptureQueriesContext(connection) as report_small:
        assert client.get("/programme/report/?year=2025").status_code == 200
    _add_activities(world, 60)
    _add_activities(world, 20, country="PH", start=300)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/programme/?year=2025")
    assert response.context["data"]["totals"]["activities"] == 82
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as report_large:
        assert "82 capacity-building activities" in client.get("/programme/report/?year=2025").content.decode()
    assert len(report_large) == len(report_small)


def test_focal_point_sees_their_country_and_donor_their_projects(world: Any, client_for: Any) -> None:
    from glacy.programme.models.vocabulary import FundingType
    from glacy.programme.services.projects import project_create

    officer = world.users["programme_officer"]
    other = project_create(actor=officer, data={
        "code": "OTHER", "iati_identifier": "XM-OTHER", "title": "Another donor's project",
        "funding_type": FundingType.VOLUNTARY, "start_date": datetime.date(2025, 1, 1),
        "end_date": datetime.date(2025, 12, 31)}, countries=["PH"])
    activities_save(actor=officer, items=[ActivityData(project=other, fields={
        "reference": "O-1", "title": "In the Philippines", "activity_type": "training",
        "start_date": datetime.date(2025, 2, 1), "end_date": datetime.date(2025, 2, 1)}, countries=["PH"])])
    staff = client_for(officer).get("/programme/?year=2025").context["data"]["totals"]["activities"]
    focal = client_for(world.users["focal_point"]).get("/programme/?year=2025").context["data"]["totals"]
    donor = client_for(world.users["donor"]).get("/programme/?year=2025").context["data"]["totals"]
    assert (staff, focal["activities"], donor["activities"]) == (3, 2, 2)
    assert client_for(world.users["donor"]).get(f"/programme/projects/{other.pk}/").status_code == 404
    assert client_for(world.users["focal_point"]).get(f"/programme/projects/{other.pk}/").status_code == 404
    assert client_for(world.users["no_role"]).get("/programme/?year=2025").context["data"] is None


def test_readers_may_not_write_and_nothing_changes(world: Any, client_for: Any) -> None:
    indicator = world.objects["indicator"]
    for persona in ("focal_point", "donor"):
        events = AuditEvent.objects.count()
        response = client_for(world.users[persona]).post(f"/programme/indicators/{indicator.pk}/values/", {
            "kind": "actual", "year": "2025", "value": "9"})
        assert response.status_code == 302
        assert AuditEvent.objects.count() == events
        assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    client_for(world.users["programme_officer"]).post(f"/programme/indicators/{indicator.pk}/values/", {
        "kind": "actual", "year": "2025", "value": "9", "note": "Curricula adopted by two schools."})
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.kind, value.year, str(value.value)) == ("actual", 2025, "9.00")
    assert AuditEvent.objects.filter(action="programme.indicator_value_set", object_id=str(value.pk)).count() == 1


def test_a_computed_value_lists_the_records_it_counts(world: Any, client_for: Any) -> None:
    from glacy.programme.services.projects import indicator_create

    officer = world.users["programme_officer"]
    result = world.objects["project"].results.get(code="R3")
    live = indicator_create(actor=officer, result=result, data={"title": "People trained",
                                                                "source": "people_trained"})
    page = client_for(officer).get(f"/programme/indicators/{live.pk}/2025/")
    assert page.context["figure"].value == 1
    assert [str(record.pk) for record in page.context["records"]] == [str(world.objects["participant"].pk)]
    assert "The 1 record this value counts" in page.content.decode()
    gain = indicator_create(actor=officer, result=result, data={"title": "Gain", "source": "knowledge_gain"})
    # pre-test 1 of 4 (25 %), post-test 3 of 4 (75 %): 50 points
    assert str(client_for(officer).get(f"/programme/indicators/{gain.pk}/2025/").context["figure"].value) == "50.0"


def test_api_records_an_activity_through_the_service(world: Any, api_client_for: Any) -> None:
    api = api_client_for(world.users["programme_officer"])
    response = api.post("/api/v1/activities/", {
        "project": "GLACY-T", "reference": "API-1", "title": "Exercise on AI misuse", "activity_type": "exercise",
        "topics": ["ai_misuse"], "countries": ["gh"], "start_date": "2025-09-01", "end_date": "2025-09-02",
        "participation": [{"institution_type": "law_enforcement", "gender": "woman", "count": 3}]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["countries"] == ["GH"]
    assert AuditEvent.objects.filter(action="programme.activity_created", channel="api").count() == 1
    refused = api_client_for(world.users["donor"]).post("/api/v1/activities/", {
        "project": "GLACY-T", "reference": "API-2", "title": "x", "activity_type": "exercise",
        "start_date": "2025-09-01", "end_date": "2025-09-02"}, format="json")
    assert refused.status_code == 403
    bad = api.post("/api/v1/activities/", {"project": "GLACY-T", "reference": "API-3", "title": "x",
                                           "activity_type": "exercise", "topics": ["knitting"],
                                           "start_date": "2025-09-01", "end_date": "2025-09-02"}, format="json")
    assert bad.status_code == 400
    assert "knitting" in bad.content.decode()
    report = api.get("/api/v1/programme-report/?year=2025").json()
    assert (report["activities"]["total"], report["projects"]["total"]) == (3, 1)


def test_tallies_give_the_same_dashboard_as_counting_the_activities(world: Any) -> None:
    """The dashboard reads the tallies kept by the activity services; counting the activities themselves
    gives the same figures, for every filter the tallies answer, after creations, updates and deletions."""
    from glacy.directory.models import Country
    from glacy.programme.dashboard import Filters, _raw_counts, _tally_counts
    from glacy.programme.models import Activity
    from glacy.programme.scope import programme_scope
    from glacy.programme.services.activities import activity_delete
    from glacy.programme.tallies import tallies_refresh

    Country.objects.filter(code="GH").update(region="africa")
    Country.objects.filter(code="PH").update(region="asia_pacific")
    tallies_refresh()  # a change of region is followed by a recount
    _add_activities(world, 30)
    _add_activities(world, 12, country="PH", start=300)
    officer = world.users["programme_officer"]
    moved = Activity.objects.get(reference="B-101")
    activities_save(actor=officer, items=[ActivityData(project=world.objects["project"], fields={
        "reference": "B-101", "title": "Moved to 2024", "activity_type": "exercise",
        "start_date": datetime.date(2024, 6, 1), "end_date": datetime.date(2024, 6, 1)}, countries=["PH", "GH"],
        topics=["ai_misuse"])])
    activity_delete(actor=officer, activity=Activity.objects.get(reference="B-102"))
    assert Activity.objects.get(pk=moved.pk).year == 2024
    scope = programme_scope(officer)
    for filters in (Filters(), Filters(year=2025), Filters(year=2024), Filters(activity_type="conference"),
                    Filters(project="GLACY-T", funding_type="joint_eu_coe"), Filters(year=2023),
                    Filters(region="africa"), Filters(year=2024, region="asia_pacific"),
                    Filters(region="europe", activity_type="exercise")):
        assert _tally_counts(scope, filters) == _raw_counts(scope, filters), filters
    assert _tally_counts(scope, Filters(year=2024))["activities"] == 1
    both = _tally_counts(scope, Filters(year=2024, region="asia_pacific"))
    assert (both["activities"], both["region"]) == (1, {"asia_pacific": 1, "africa": 1})


def test_recount_command_rebuilds_the_tallies(world: Any) -> None:
    from django.core.management import call_command

    from glacy.programme.models import ActivityTally

    expected = sorted(ActivityTally.objects.values_list("year", "activity_type", "dimension", "value", "activities"))
    ActivityTally.objects.all().delete()
    call_command("programme", "recount")
    assert sorted(ActivityTally.objects.values_list("year", "activity_type", "dimension", "value",
                                                    "activities")) == expected


def test_yearly_figures_from_tallies_equal_the_counted_ones(world: Any) -> None:
    """The report reads the tallies for project-wide scopes and counts the activities for a focal point: on the
    same records both give the same figures."""
    from glacy.programme.figures import yearly_figures
    from glacy.programme.scope import NODE_SCOPE, ProgrammeScope

    _add_activities(world, 25)
    from_tallies = yearly_figures(year=2025, scope=NODE_SCOPE)
    counted = yearly_figures(year=2025, scope=ProgrammeScope(focal_points=((world.own.pk, "GH"),)))
    for key in ("activities", "training", "projects"):
        assert from_tallies[key] == counted[key], key
    assert from_tallies["activities"]["by_type"] == {"legislative_advice": 1, "training": 1, "conference": 25}
    assert from_tallies["training"]["topics"] == ["electronic_evidence"]


def test_staff_grant_and_withdraw_access_and_extend_the_vocabulary(world: Any, client_for: Any, capsys: Any) -> None:
    from django.core.management import CommandError, call_command

    from glacy.programme.models import ProgrammeAccess, Topic

    officer, reader = world.users["programme_officer"].username, world.users["no_role"]
    call_command("programme", "grant", reader.username, "--focal-point", "gh", "--as", officer)
    assert capsys.readouterr().out.strip() == "own-no-role may now read GH."
    assert client_for(reader).get(f"/programme/projects/{world.objects['project'].pk}/").status_code == 200
    with pytest.raises(CommandError, match="programme officer"):
        call_command("programme", "grant", reader.username, "--donor", "European Union", "--as",
                     world.users["donor"].username)
    with pytest.raises(CommandError, match="country"):
        call_command("programme", "grant", reader.username, "--focal-point", "ZZ", "--as", officer)
    call_command("programme", "revoke", reader.username, "--as", officer)
    assert not ProgrammeAccess.objects.filter(user=reader).exists()
    assert client_for(reader).get(f"/programme/projects/{world.objects['project'].pk}/").status_code == 404
    assert AuditEvent.objects.filter(action__in=["programme.access_granted", "programme.access_revoked"],
                                     object_type="programme.programmeaccess").count() == 2 + 2  # + the world's two
    call_command("programme", "topic", "spam_botnets", "--en", "Spam and botnets", "--fr", "Spam et réseaux zombies",
                 "--as", officer)
    assert Topic.objects.get(code="spam_botnets").name_fr == "Spam et réseaux zombies"
    with pytest.raises(CommandError, match="already"):
        call_command("programme", "topic", "spam_botnets", "--en", "x", "--fr", "x", "--as", officer)


def test_staff_register_a_project_and_its_results_framework_from_the_pages(world: Any, client_for: Any) -> None:
    from glacy.programme.models import Indicator, Project

    client = client_for(world.users["programme_officer"])
    refused = client.post("/programme/projects/new/", {
        "code": "NEW", "iati_identifier": "XM-DAC-47066-NEW", "title": "New project", "funding_type": "voluntary",
        "budget": "100000", "currency": "EUR", "start_date": "2026-01-01", "end_date": "2025-12-31",
        "countries": "GH, ZZ"})
    assert refused.status_code == 400
    assert "Unknown country code: ZZ." in refused.content.decode()
    assert "The project ends before it starts." in refused.content.decode()
    assert not Project.objects.filter(code="NEW").exists()
    created = client.post("/programme/projects/new/", {
        "code": "NEW", "iati_identifier": "XM-DAC-47066-NEW", "title": "New project", "funding_type": "voluntary",
        "budget": "100000", "currency": "EUR", "start_date": "2026-01-01", "end_date": "2027-12-31",
        "countries": "gh; ph", "regions": ["africa"]})
    project = Project.objects.get(code="NEW")
    assert created["Location"] == f"/programme/projects/{project.pk}/"
    assert sorted(project.countries.values_list("code", flat=True)) == ["GH", "PH"]
    client.post(f"/programme/projects/{project.pk}/framework/", {"kind": "result", "code": "R3",
                                                                 "title": "Judicial training"})
    result = project.results.get(code="R3")
    client.post(f"/programme/projects/{project.pk}/framework/", {
        "kind": "indicator", "result": str(result.pk), "title": "People trained", "source": "people_trained",
        "baseline_value": "0", "baseline_year": "2026", "target_value": "200", "target_year": "2027"})
    indicator = Indicator.objects.get(result=result)
    assert (indicator.source, str(indicator.target_value)) == ("people_trained", "200.00")
    assert AuditEvent.objects.filter(action="programme.indicator_created", object_id=str(indicator.pk),
                                     channel="web").count() == 1
    donor_events = AuditEvent.objects.count()
    client_for(world.users["donor"]).post(f"/programme/projects/{world.objects['project'].pk}/framework/", {
        "kind": "result", "code": "R8", "title": "Not allowed"})
    assert AuditEvent.objects.count() == donor_events
