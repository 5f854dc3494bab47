"""Programme dashboard and yearly report over 100,000 activities and 1,000,000 training participants, against a
bare one-row page (one activity's page) measured in the same run. Target (issue 15): each within 10×, with a
number of queries that does not grow with the data.

The records are bulk-generated into a temporary SQLite database (the embedded default): 7 projects, activities
over 2019–2025 in 40 countries with topics, results and participation, 10,000 training sessions of 100
participants with pre- and post-test scores. Each page is requested through Django's test client as a
programme officer, three times alternately after one warm-up request; the best time of each is compared.

    .venv/bin/python benchmarks/bench_programme.py [--activities 100000] [--participants 1000000]
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

TARGET = 10.0
SESSION_SIZE = 100


def _generate(activities: int, participants: int) -> dict[str, object]:
    from django.db import connection, transaction

    from glacy.core.context import origin
    from glacy.core.permissions import Role
    from glacy.directory.models import Authority, AuthorityKind, Country, Region
    from glacy.directory.services import user_create
    from glacy.programme.models import Activity, Result, Topic
    from glacy.programme.models.vocabulary import ActivityType, FundingType
    from glacy.programme.services.projects import project_create, result_create
    from glacy.training.models import Course, Session
    from glacy.treaty.services import reference_data_load

    with origin("cli"):
        reference_data_load(actor=None)
        countries = list(Country.objects.order_by("code").values_list("code", flat=True)[:40])
        regions = list(Region.values)
        for index, code in enumerate(countries):
            Country.objects.filter(code=code).update(region=regions[index % len(regions)])
        office = Authority.objects.create(name="Programme office (bench)", kind=AuthorityKind.PROGRAMME_OFFICE,
                                          country_id="RO")
        officer = user_create(actor=None, username="bench.officer", password="bench-password-2026",
                              authority=office, roles=[Role.PROGRAMME_OFFICER], check_password_strength=False)
        projects = []
        for number, funding in enumerate([FundingType.JOINT_EU_COE] * 5 + [FundingType.VOLUNTARY,
                                                                           FundingType.ACTION_PLAN]):
            project = project_create(actor=officer, data={
                "code": f"P{number}", "iati_identifier": f"XM-BENCH-P{number}", "title": f"Project {number}",
                "funding_type": funding, "start_date": datetime.date(2019, 1, 1),
                "end_date": datetime.date(2027, 12, 31)}, countries=countries[number::7])
            for code in ("R1", "R2", "R3", "R4", "R5"):
                result_create(actor=officer, project=project, code=code, title=f"Result {code}")
            projects.append(project)
    results = {(row[0], row[1]): row[2] for row in Result.objects.values_list("project_id", "code", "id")}
    topics = list(Topic.objects.values_list("code", flat=True))
    types = list(ActivityType.values)
    sessions_needed = participants // SESSION_SIZE
    now = datetime.datetime.now(tz=datetime.UTC)
    activity_rows, country_rows, topic_rows, result_rows, participation_rows, training_ids = [], [], [], [], [], []
    for number in range(activities):
        activity_id = uuid.uuid4()
        project = projects[number % len(projects)]
        start = datetime.date(2019 + number % 7, 1 + number % 12, 1 + number % 28)
        kind = "training" if number < sessions_needed * 2 and number % 2 == 0 else types[number % len(types)]
        if kind == "training" and len(training_ids) < sessions_needed:
            training_ids.append((activity_id, start))
        activity_rows.append((activity_id.hex, now, now, project.pk.hex, f"A-{number:06d}", f"Activity {number}", kind,
                              start, start, start.year, "in_person", "", ""))
        country_rows.extend((activity_id.hex, code) for code in {countries[number % 40], countries[(number * 7) % 40]})
        topic_rows.extend((activity_id.hex, code) for code in {topics[number % len(topics)],
                                                               topics[(number * 3) % len(topics)]})
        result_rows.append((activity_id.hex, results[(project.pk, f"R{1 + number % 5}")]))
        participation_rows.append((activity_id.hex, "judiciary", "woman", 1 + number % 9))
        participation_rows.append((activity_id.hex, "prosecution", "man", 1 + number % 7))
    course = Course.objects.create(authority=office, code="BENCH", title="Bench course", level="introductory",
                                   audience="judges")
    with transaction.atomic(), connection.cursor() as cursor:
        table = Activity._meta.db_table
        cursor.executemany(
            f"INSERT INTO {table} (id, created_at, updated_at, project_id, reference, title, activity_type, "
            "start_date, end_date, year, activity_format, partners, outputs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            activity_rows)
        cursor.executemany(f"INSERT INTO {Activity.countries.through._meta.db_table} (activity_id, country_id) "
                           "VALUES (?,?)", country_rows)
        cursor.executemany(f"INSERT INTO {Activity.topics.through._meta.db_table} (activity_id, topic_id) "
                           "VALUES (?,?)", topic_rows)
        cursor.executemany(f"INSERT INTO {Activity.results.through._meta.db_table} (activity_id, result_id) "
                           "VALUES (?,?)", [(activity, result.hex) for activity, result in result_rows])
        cursor.executemany("INSERT INTO programme_participation (activity_id, institution_type, gender, count) "
                           "VALUES (?,?,?,?)", participation_rows)
        session_rows = [(uuid.uuid4().hex, now, now, course.pk.hex, activity.hex, countries[index % 40], 1095,
                         0, 0, 0, 0, 0, 0) for index, (activity, _start) in enumerate(training_ids)]
        cursor.executemany(f"INSERT INTO {Session._meta.db_table} (id, created_at, updated_at, course_id, "
                           "activity_id, country_id, retention_days, attended_count, women_count, tested_count, "
                           "pre_score_sum, post_score_sum, certificate_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           session_rows)
        batch = []
        for index, (session_id, *_rest) in enumerate(session_rows):
            end = training_ids[index][1] + datetime.timedelta(days=1095)
            for seat in range(SESSION_SIZE):
                pre = 20 + (index * 7 + seat) % 40
                batch.append((uuid.uuid4().hex, now, now, session_id, "", "", "judiciary",
                              ("woman", "man")[seat % 2], None, end, None, seat % 10 != 9, pre,
                              min(100, pre + 10 + seat % 30), None, "entered"))
            if len(batch) >= 200_000:
                _insert_participants(cursor, batch)
                batch = []
        _insert_participants(cursor, batch)
    from glacy.programme.tallies import tallies_refresh
    from glacy.training.services.stats import sessions_stats_refresh

    # The derived totals the services keep in step on every write, rebuilt once for the raw inserts above.
    sessions_stats_refresh(sessions=Session.objects.all())
    tallies_refresh()
    return {"officer": officer, "activity": Activity.objects.order_by("reference").first()}


def _insert_participants(cursor: object, rows: list[tuple[object, ...]]) -> None:
    cursor.executemany(  # type: ignore[attr-defined]
        "INSERT INTO training_participant (id, created_at, updated_at, session_id, full_name, email, "
        "institution_type, gender, consent_at, retention_until, erased_at, attended, pre_score, post_score, "
        "completed_on, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def _best(client: object, url: str, runs: list[float]) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        runs.append(time.perf_counter() - start)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--participants", type=int, default=1_000_000)
    arguments = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="glacy-bench-programme-")
    os.environ["GLACY_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glacy.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    try:
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        world = _generate(arguments.activities, arguments.participants)
        from glacy.training.models import Participant

        print(f"generated {arguments.activities:,} activities and {Participant.objects.count():,} participants "
              f"in {time.perf_counter() - started:.1f} s (SQLite)")
        client = Client()
        client.force_login(world["officer"])
        page = client.get("/programme/").content.decode()
        shown = int(re.search(r'id="total-activities">(\d+)<', page).group(1))
        assert shown == arguments.activities, (shown, arguments.activities)  # the dashboard counts every activity
        pages = {"bare one-row page (an activity)": f"/programme/activities/{world['activity'].pk}/",
                 "dashboard (all years)": "/programme/",
                 "dashboard (2025, filtered by region)": "/programme/?year=2025&region=africa",
                 "yearly report (2025)": "/programme/report/?year=2025"}
        times: dict[str, list[float]] = {name: [] for name in pages}
        queries: dict[str, int] = {}
        for url in pages.values():
            _best(client, url, [])  # warm-up: templates, the first connection
        for _round in range(3):
            for name, url in pages.items():
                queries[name], _size = _best(client, url, times[name])
        baseline = min(times["bare one-row page (an activity)"])
        failed = False
        for name in pages:
            best = min(times[name])
            ratio = best / baseline
            verdict = "" if name.startswith("bare") else (" OK" if ratio <= TARGET else f" OVER {TARGET:.0f}x")
            failed |= verdict.startswith(" OVER")
            print(f"{name:40s} {best * 1000:8.1f} ms  {queries[name]:3d} queries  {ratio:6.1f}x{verdict}")
        if failed:
            sys.exit(1)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
