"""The home page shows each person the work waiting for them, at a constant cost."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from glacy.cooperation.models import Request
from glacy.cooperation.services.workflow import request_transition
from glacy.core.audit import record_event
from glacy.core.models import AuditEvent
from glacy.evidence.models import IngestJob
from tests.cooperation.helpers import build_complete_request
from tests.factories import UserFactory


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start:html.index("</section>", start)]


def test_the_requested_desk_sees_the_new_request_urgent_first(world: Any, client_for: Any) -> None:
    preservation = build_complete_request(world, "ETS185-29")
    request_transition(actor=world.users["drafter"], request=preservation, action="send")
    emergency = build_complete_request(world, "ETS185-35", requested=preservation.requested_authority)
    request_transition(actor=world.users["drafter"], request=emergency, action="send")
    duty = UserFactory(username="desk-duty", authority=preservation.requested_authority, roles=["drafter"])
    html = client_for(duty).get("/").content.decode()
    waiting = _section(html, "to-acknowledge")
    assert waiting.index(emergency.reference) < waiting.index(preservation.reference)
    assert "Expedited preservation of stored computer data" in waiting
    assert "Own Prosecution Service (Ghana)" in waiting
    # The requesting side does not have it to acknowledge.
    assert preservation.reference not in _section(client_for(world.users["drafter"]).get("/").content.decode(),
                                                  "to-acknowledge")


def test_a_request_from_an_urgent_case_is_marked_urgent_and_listed_first(world: Any, client_for: Any) -> None:
    """The home page uses the notifications' rule: an emergency type, or a case marked urgent."""
    earlier = build_complete_request(world, "ETS185-29")
    request_transition(actor=world.users["drafter"], request=earlier, action="send")
    case = world.objects["case"]
    case.is_urgent = True
    case.save(update_fields=["is_urgent"])
    later = build_complete_request(world, "ETS185-29", requested=earlier.requested_authority)
    request_transition(actor=world.users["drafter"], request=later, action="send")
    duty = UserFactory(username="desk-duty", authority=earlier.requested_authority, roles=["drafter"])
    waiting = _section(client_for(duty).get("/").content.decode(), "to-acknowledge")
    # Both come from the case now marked urgent: both carry the badge (the rule reads the case as it is now).
    assert waiting.count(">urgent</span>") == 2
    case.is_urgent = False
    case.save(update_fields=["is_urgent"])
    waiting = _section(client_for(duty).get("/").content.decode(), "to-acknowledge")
    assert waiting.count(">urgent</span>") == 0
    assert waiting.index(earlier.reference) < waiting.index(later.reference)  # then the oldest first


def test_approvers_see_what_waits_for_approval_and_drafters_their_answers(world: Any, client_for: Any) -> None:
    request = build_complete_request(world, "ETS185-31")
    request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
    assert request.reference in _section(client_for(world.users["approver"]).get("/").content.decode(),
                                         "to-approve")
    assert 'id="to-approve"' not in client_for(world.users["drafter"]).get("/").content.decode()
    request_transition(actor=world.users["approver"], request=request, action="approve")
    request_transition(actor=world.users["approver"], request=request, action="send")
    desk = UserFactory(username="desk-duty", authority=request.requested_authority, roles=["drafter"])
    request_transition(actor=desk, request=Request.objects.get(pk=request.pk), action="acknowledge")
    answers = _section(client_for(world.users["drafter"]).get("/").content.decode(), "answers")
    assert f"{request.reference}</a>: receipt acknowledged" in answers


def test_deadlines_overdue_and_soon(world: Any, client_for: Any) -> None:
    late, soon = build_complete_request(world, "ETS185-29"), build_complete_request(world, "ETS185-29")
    now = timezone.now()
    Request.objects.filter(pk=late.pk).update(next_deadline_at=now - datetime.timedelta(hours=1),
                                              next_deadline_code="preservation_minimum")
    Request.objects.filter(pk=soon.pk).update(next_deadline_at=now + datetime.timedelta(days=2),
                                              next_deadline_code="preservation_minimum")
    html = client_for(world.users["drafter"]).get("/").content.decode()
    assert late.reference in _section(html, "overdue")
    assert soon.reference not in _section(html, "overdue")
    assert soon.reference in _section(html, "due-soon")
    assert "Preservation kept at least until:" in _section(html, "due-soon")


def test_failed_uploads_and_recent_activity_without_language_switches(world: Any, client_for: Any) -> None:
    job = world.objects["ingest_job"]
    IngestJob.objects.filter(pk=job.pk).update(status="failed", error="The file is not a ZIP archive.")
    html = client_for(world.users["custodian"]).get("/").content.decode()
    assert "queued.bin: The file is not a ZIP archive." in _section(html, "failed-jobs")
    assert "Your roles do not handle co-operation requests" in html
    admin = world.users["administrator"]
    with transaction.atomic():
        for _index in range(12):
            record_event(actor=admin, action="user.set_language", obj=admin, after={"language": "fr"})
    html = client_for(admin).get("/").content.decode()
    activity = html[html.index('id="activity-heading"'):]
    assert "interface language changed" not in activity
    assert "user.set_language" not in activity
    # The latest real action, from before the twelve switches, in words.
    latest = AuditEvent.objects.filter(authority=world.own).exclude(action="user.set_language").order_by(
        "-occurred_at", "-pk").first()
    assert latest.action == "programme.access_granted"  # the world's last step (a donor given access)
    assert "programme access granted" in activity
    assert "programme.access_granted" not in activity


def test_the_home_page_costs_the_same_with_3_or_60_requests(world: Any, client_for: Any) -> None:
    duty = UserFactory(username="desk-duty", authority=world.foreign, roles=["drafter", "approver", "administrator"])
    http = client_for(duty)
    http.get("/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http.get("/").status_code == 200
        return len(captured.captured_queries)

    few = queries()
    now = timezone.now()
    Request.objects.bulk_create([
        Request(reference=f"GH-BULK-{index:04d}", request_type="ETS185-29" if index % 2 else "ETS185-35",
                requesting_authority=world.own, requested_authority=world.foreign,
                status=["sent", "acknowledged", "awaiting_approval"][index % 3],
                next_deadline_at=now + datetime.timedelta(hours=index - 30), next_deadline_code="emergency")
        for index in range(60)])
    assert queries() == few
    # session, user, second-factor check, roles, authority (footer), bell, notifications, 2 failed-upload kinds, to acknowledge,
    # being handled, to approve, answers, overdue, due soon, drafts, recent activity
    assert few == 17
