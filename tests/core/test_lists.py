"""The lists of requests, cases, evidence and the audit trail: filters, sorting, pages, export, query counts."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from glacy.cooperation.models import Case, Request
from glacy.core.audit import record_event
from glacy.core.models import AuditEvent


def _bulk_requests(world: Any, count: int, **fields: Any) -> list[Request]:
    """`count` requests sent by the own authority to the foreign one (test data, written in one insert)."""
    now = timezone.now()
    rows = [Request(reference=f"GH-BULK-{uuid.uuid4().hex[:8].upper()}", request_type="ETS185-29",
                    requesting_authority=world.own, requested_authority=world.foreign, status="sent",
                    created_at=now - datetime.timedelta(minutes=index), **fields) for index in range(count)]
    return Request.objects.bulk_create(rows)


def _queries(http: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/cooperation/requests/", "/cooperation/cases/", "/evidence/", "/audit/"])
def test_a_list_costs_the_same_queries_with_3_or_120_rows(url: str, world: Any, client_for: Any) -> None:
    http = client_for(world.users["administrator" if url == "/audit/" else "drafter"])
    http.get(url)  # warm the session and the label tables
    few = _queries(http, url)
    _bulk_requests(world, 120)
    with transaction.atomic():
        for index in range(120):
            record_event(actor=world.users["administrator"], action="case.update", obj=world.own,
                         after={"index": index})
    Case.objects.bulk_create([Case(authority=world.own, reference=f"GH-CASE-B{index:04d}", title=f"Bulk {index}")
                              for index in range(120)])
    many = _queries(http, url)
    assert many == few
    # Baselines: session, user, the second-factor check, roles, the user's authority (footer), the bell's unread
    # count (one indexed count on the user's notifications), the page of rows (LIMIT 51, no COUNT), each picker's
    # choices (requests: other authority; evidence: case; audit: person); requests also: the due section and the
    # received requests whose registration awaits this authority's confirmation (from main's legal rules).
    assert few == {"/cooperation/requests/": 10, "/cooperation/cases/": 7, "/evidence/": 8, "/audit/": 8}[url]


def test_the_request_list_pages_without_counting(world: Any, client_for: Any) -> None:
    _bulk_requests(world, 60)
    http = client_for(world.users["drafter"])
    with CaptureQueriesContext(connection) as captured:
        html = http.get("/cooperation/requests/").content.decode()
    counts = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]
    assert [sql.split(" FROM ")[1].split()[0] for sql in counts] == ['"notifications_notification"']  # the bell
    assert html.count('href="/cooperation/requests/') >= 50
    assert 'href="?page=2" rel="next"' in html
    second = http.get("/cooperation/requests/?page=2").content.decode()
    assert 'href="?page=1" rel="prev"' in second
    assert 'rel="next"' not in second
    assert "Page 2" in second


def test_request_filters_and_sorting(world: Any, client_for: Any) -> None:
    now = timezone.now()
    overdue = _bulk_requests(world, 1, next_deadline_at=now - datetime.timedelta(hours=2))[0]
    soon = _bulk_requests(world, 1, next_deadline_at=now + datetime.timedelta(days=3))[0]
    later = _bulk_requests(world, 1, next_deadline_at=now + datetime.timedelta(days=30))[0]
    http = client_for(world.users["drafter"])

    def references(query: str) -> list[str]:
        html = http.get(f"/cooperation/requests/?{query}").content.decode()
        return [reference for reference in (overdue.reference, soon.reference, later.reference,
                                            world.objects["request"].reference) if f">{reference}<" in html]

    assert references("deadline=overdue") == [overdue.reference]
    assert references("deadline=due") == [overdue.reference, soon.reference]
    assert references("status=draft") == [world.objects["request"].reference]
    assert references(f"q={overdue.reference[:12].lower()}") == [overdue.reference]
    assert references(f"other={world.foreign.pk}") == [overdue.reference, soon.reference, later.reference]
    assert references("direction=incoming") == []
    html = http.get("/cooperation/requests/?deadline=due&o=deadline").content.decode()
    assert html.index(overdue.reference) < html.index(soon.reference)
    html = http.get("/cooperation/requests/?deadline=due&o=-deadline").content.decode()
    assert html.index(soon.reference) < html.index(overdue.reference)
    assert 'aria-sort="descending"' in html
    assert http.get("/cooperation/requests/?status=nonsense").status_code == 400


def test_request_export_in_words_with_zoned_times(world: Any, client_for: Any) -> None:
    moment = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
    row = _bulk_requests(world, 1, next_deadline_at=moment)[0]
    user = world.users["drafter"]
    user.time_zone = "Asia/Manila"
    user.save(update_fields=["time_zone"])
    http = client_for(user)
    response = http.get(f"/cooperation/requests/?q={row.reference}&export=csv")
    assert response["Content-Disposition"] == 'attachment; filename="requests.csv"'
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["Reference", "Type", "Direction", "Other authority", "Status", "Next deadline", "Created"]
    assert lines[1][:6] == [row.reference, "Expedited preservation of stored computer data", "sent by us",
                            "Foreign Prosecution Service (Philippines)", "sent", "2026-11-02 17:30 UTC+08:00"]
    assert len(lines) == 2
    workbook = load_workbook(io.BytesIO(http.get(f"/cooperation/requests/?q={row.reference}&export=xlsx").content))
    values = list(workbook.active.values)
    assert values[0][0] == "Reference"
    assert values[1][0] == row.reference
    assert values[1][4] == "sent"


def test_case_list_filters_and_explains_an_empty_list(world: Any, client_for: Any) -> None:
    http = client_for(world.users["drafter"])
    html = http.get("/cooperation/cases/?title=ransomware").content.decode()
    assert world.objects["case"].reference in html
    assert "No case matches these filters." in http.get("/cooperation/cases/?title=nothing-like-it").content.decode()
    trainer_html = client_for(world.users["foreign"]).get("/cooperation/cases/?o=reference").content.decode()
    assert "No case yet: open one to draft requests and keep evidence." in trainer_html
    html = client_for(world.users["trainer"]).get("/cooperation/cases/?status=closed").content.decode()
    assert "No case matches these filters." in html


def test_evidence_list_shows_what_the_user_may_see(world: Any, client_for: Any) -> None:
    item = world.objects["evidence"]
    html = client_for(world.users["custodian"]).get("/evidence/").content.decode()
    assert f">{item.exhibit_number}<" in html
    assert 'href="/evidence/custody/verify/"' in html
    assert item.exhibit_number not in client_for(world.users["trainer"]).get("/evidence/").content.decode()
    html = client_for(world.users["custodian"]).get(f"/evidence/?sha256={item.sha256.upper()}").content.decode()
    assert f">{item.exhibit_number}<" in html
    html = client_for(world.users["custodian"]).get("/evidence/?mismatch=on").content.decode()
    assert "No exhibit matches these filters." in html


def test_audit_trail_filters_by_day_person_and_action(world: Any, client_for: Any) -> None:
    admin = world.users["administrator"]
    http = client_for(admin)
    html = http.get("/audit/?action=test.own").content.decode()
    assert http.get("/audit/?action=test.own").status_code == 400  # not an action the trail knows
    html = http.get(f"/audit/?actor={world.users['drafter'].pk}").content.decode()
    assert "request drafted" in html
    assert "test.own" not in html
    today = timezone.localdate()
    assert "case opened" in http.get(f"/audit/?since={today}&until={today}&action=case.open").content.decode()
    tomorrow = today + datetime.timedelta(days=1)
    assert "No event matches these filters." in http.get(f"/audit/?since={tomorrow}").content.decode()
    response = http.get("/audit/?action=case.open&export=csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0][:4] == ["Time", "Who", "Action", "Action code"]
    assert [line[2:4] for line in lines[1:]] == [["case opened", "case.open"]]
    assert AuditEvent.objects.filter(action="case.open", authority=world.own).count() == 1
