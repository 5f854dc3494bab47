"""Notifications: who is told of a request's step or deadline, in the app and by e-mail, once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from glacy.cooperation.models import Request
from glacy.cooperation.services.workflow import request_transition
from glacy.core.models import AuditEvent
from glacy.notifications import services
from glacy.notifications.models import Notification, Preferences
from tests.cooperation.helpers import build_complete_request
from tests.factories import UserFactory


def _desk(world: Any, authority: Any) -> dict[str, Any]:
    """A requested-side desk: a duty officer (drafter + approver), a French-speaking approver, a trainer."""
    return {
        "duty": UserFactory(username="desk-duty", authority=authority, roles=["drafter", "approver"],
                            email="duty@desk.example"),
        "approver": UserFactory(username="desk-approver", authority=authority, roles=["approver"],
                                email="approbateur@desk.example", preferred_language="fr",
                                time_zone="Europe/Paris"),
        "trainer": UserFactory(username="desk-trainer", authority=authority, roles=["trainer"],
                               email="trainer@desk.example"),
    }


@pytest.fixture
def step(django_capture_on_commit_callbacks: Any) -> Any:
    """A request step as the site runs it: committed, then its notices delivered by the (immediate) worker."""

    def run(**kwargs: Any) -> Request:
        with django_capture_on_commit_callbacks(execute=True):
            return request_transition(**kwargs)

    return run


def _notices(key_part: str = "") -> list[tuple[str, str, bool]]:
    return sorted((item.recipient.username, item.event_type, item.is_urgent)
                  for item in Notification.objects.filter(key__contains=key_part).select_related("recipient"))


def test_a_sent_request_tells_the_requested_desk_once(world: Any, step: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    desk = _desk(world, request.requested_authority)
    events_before = AuditEvent.objects.filter(action="notification.send").count()
    step(actor=world.users["drafter"], request=request, action="send")
    # The drafter and approver of the requested desk act on it; the trainer does not.
    assert _notices() == [("desk-approver", "request_received", False), ("desk-duty", "request_received", False)]
    assert mail.outbox == []  # not urgent: it waits for the digest (the default preference)
    event = AuditEvent.objects.filter(action="notification.send").latest("occurred_at")
    assert AuditEvent.objects.filter(action="notification.send").count() == events_before + 1
    assert event.authority_id == request.requested_authority_id
    assert event.after["recipients"] == ["desk-approver", "desk-duty"]
    assert event.channel == "job"
    # Delivered twice (a worker retried the job): nothing new, no second audit event.
    notice = Notification.objects.filter(recipient=desk["duty"]).get()
    step_key = notice.key.split(":", 1)[1]
    assert services.deliver_step(request_id=str(request.pk), action="send", actor_id=world.users["drafter"].pk,
                                 step_key=step_key) == 0
    assert AuditEvent.objects.filter(action="notification.send").count() == events_before + 1


def test_an_urgent_request_tells_the_whole_desk_at_once_in_their_language(world: Any, step: Any) -> None:
    request = build_complete_request(world, "ETS185-35")
    desk = _desk(world, request.requested_authority)
    step(actor=world.users["drafter"], request=request, action="send")
    assert _notices() == [("desk-approver", "request_received", True), ("desk-duty", "request_received", True),
                          ("desk-trainer", "request_received", True)]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["approbateur@desk.example", "duty@desk.example", "trainer@desk.example"]
    english = by_address["duty@desk.example"]
    assert english.subject == f"URGENT – New request {request.reference}: Assistance through the 24/7 network"
    assert "Every member of your desk receives this message." in english.body
    assert f"/cooperation/requests/{request.pk}/" in english.body
    french = by_address["approbateur@desk.example"]
    assert french.subject == f"URGENT – Nouvelle demande {request.reference} : Assistance par le réseau 24/7"
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert desk["trainer"].notifications.get().request_id == request.pk


def test_approval_and_the_other_sides_steps(world: Any, step: Any) -> None:
    request = build_complete_request(world, "ETS185-31")
    _desk(world, request.requested_authority)
    step(actor=world.users["drafter"], request=request, action="submit_for_approval")
    assert _notices("approval_needed") == [("own-approver", "approval_needed", False)]
    step(actor=world.users["approver"], request=request, action="approve")
    assert _notices("state_changed") == [("own-drafter", "state_changed", False)]
    step(actor=world.users["approver"], request=request, action="send")
    duty = request.requested_authority.users.get(username="desk-duty")
    step(actor=duty, request=Request.objects.get(pk=request.pk), action="acknowledge")
    # The requested side acknowledged: the requesting side's drafters and approvers hear of it.
    assert _notices("acknowledge") == [("own-approver", "state_changed", False),
                                        ("own-drafter", "state_changed", False)]
    assert Notification.objects.filter(event_type="state_changed", recipient__username="own-drafter").count() == 2


def test_deadlines_approaching_and_passed_are_told_once(world: Any, step: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    _desk(world, request.requested_authority)
    now = timezone.now()
    Request.objects.filter(pk=request.pk).update(next_deadline_at=now + datetime.timedelta(hours=5),
                                                 next_deadline_code="preservation_minimum", status="executed")
    assert services.deadline_notices(now=now) == 4  # own drafter and approver, the desk's duty and approver
    assert services.deadline_notices(now=now) == 0
    assert {item[1] for item in _notices()} == {"deadline_approaching"}
    later = now + datetime.timedelta(hours=6)
    assert services.deadline_notices(now=later) == 4
    assert Notification.objects.filter(event_type="deadline_passed", is_urgent=True).count() == 4
    # A passed deadline is urgent: e-mailed at once to those with an address.
    assert sorted(message.to[0] for message in mail.outbox) == ["approbateur@desk.example", "duty@desk.example"]


def test_the_digest_groups_what_waits_and_follows_preferences(world: Any, step: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    desk = _desk(world, request.requested_authority)
    with transaction.atomic():
        services.preferences_update(user=desk["approver"], email="none", muted=[])
    step(actor=world.users["drafter"], request=request, action="send")
    assert services.digest_send() == 1
    (message,) = mail.outbox
    assert message.to == ["duty@desk.example"]
    assert message.subject == "GLACY: 1 notification"
    assert f"new incoming request: {request.reference} (sent)" in message.body
    assert services.digest_send() == 0
    assert AuditEvent.objects.filter(action="user.update_notification_preferences", actor=desk["approver"]).exists()
    assert Preferences.objects.get(user=desk["approver"]).email == "none"


def test_the_bell_counts_and_opening_marks_read(world: Any, client_for: Any, step: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    desk = _desk(world, request.requested_authority)
    step(actor=world.users["drafter"], request=request, action="send")
    http = client_for(desk["duty"])
    bell = http.get("/notifications/bell/").content.decode()
    assert '<span class="bell-count">1<span class="visually-hidden"> unread</span></span>' in bell
    page = http.get("/notifications/").content.decode()
    assert f">{request.reference}</button>" in page
    assert "new incoming request" in page
    notice = desk["duty"].notifications.get()
    response = http.post(f"/notifications/{notice.pk}/open/")
    assert response["Location"] == f"/cooperation/requests/{request.pk}/"
    assert '<span class="bell-count">' not in http.get("/notifications/bell/").content.decode()
    # Someone else's notice is not found.
    assert client_for(desk["approver"]).post(f"/notifications/{notice.pk}/open/").status_code == 404
