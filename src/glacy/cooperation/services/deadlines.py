"""The clocks of a stored request, from the dates its two sides recorded (rules in `rules.deadlines` and
`rules.preservation`), and the stored next deadline that the due lists and reminders read."""

from __future__ import annotations

import datetime

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue, deadlines, preservation
from glacy.cooperation.rules.fields import choice_values
from glacy.cooperation.rules.workflow import BEFORE_SENDING, DECIDED, FINAL, Status, is_closed


def follow_up_facts(request: Request) -> list[preservation.FollowUpFacts]:
    """The requests that follow up this one and were sent (a draft follow-up does not count)."""
    rows = Request.objects.filter(follows=request, sent_at__isnull=False).only(
        "reference", "request_type", "status", "received_at", "sent_at", "closed_at", "not_about_preserved_data")
    return [preservation.FollowUpFacts(
        reference=row.reference, request_type=row.request_type, status=row.status,
        # A request sent through the platform is received when it is delivered; a recorded date of receipt wins.
        received_at=row.received_at or row.sent_at,
        decided_at=row.closed_at if row.status in DECIDED else None,
        marked_unrelated=row.not_about_preserved_data) for row in rows]


def preservation_state_for(request: Request) -> preservation.PreservationState | None:
    """ETS 185 Art. 29(7) for an Art. 29 request that was sent; None for other requests."""
    if request.request_type != "ETS185-29" or request.status in BEFORE_SENDING:
        return None
    return preservation.preservation_state(effected_at=request.effected_at, zone=request.requested_authority.time_zone,
                                           follow_ups=follow_up_facts(request))


def request_deadlines(request: Request) -> list[deadlines.Deadline]:
    """The deadlines and node targets that apply to the request in its current state, earliest first."""
    if request.status in BEFORE_SENDING or request.status == Status.WITHDRAWN:
        return []
    request_type = catalogue.request_type(request.request_type)
    zone = request.requested_authority.time_zone
    found: list[deadlines.Deadline] = []
    state = preservation_state_for(request)
    if state is not None and state.is_running and state.minimum_end is not None:
        found.append(state.minimum_end)
    is_open = request.status not in FINAL
    if request.request_type == "CETS224-7" and request.received_at and is_open:
        stated = request.content.get("return_time_frame_days")
        found.append(deadlines.provider_disclosure_window(
            received_at=request.received_at, zone=zone, stated_days=stated if isinstance(stated, int) else None))
    if request.request_type == "CETS224-8" and is_open:
        if request.served_at:
            # CETS 224 Art. 8(6)(a)(i)-(ii): one clock per category the order covers.
            found.extend(deadlines.production_deadline(served_at=request.served_at, zone=zone, data_category=category)
                         for category in choice_values(request.content.get("data_category")))
        elif request.information_complete_at:
            found.append(deadlines.order_service_deadline(complete_at=request.information_complete_at, zone=zone))
    if (request.is_urgent or request_type.is_emergency) and request.sent_at and request.status == Status.SENT:
        found.append(deadlines.urgent_answer_target(sent_at=request.sent_at))
    if request.content.get("data_vulnerable") is True and request.sent_at and \
            not is_closed(status=request.status, request_type=request_type):
        found.append(deadlines.expedited_answer_target(received_at=request.received_at or request.sent_at, zone=zone))
    return sorted(found, key=lambda deadline: deadline.due_at)


def refresh_next_deadline(request: Request) -> None:
    """Store the earliest deadline on the row (the due list is then one indexed query)."""
    upcoming = request_deadlines(request)
    request.next_deadline_at = upcoming[0].due_at if upcoming else None
    request.next_deadline_code = upcoming[0].code if upcoming else ""


def refresh_followed(request: Request) -> None:
    """A follow-up changed: the request it follows (e.g. a preservation) may see its clock change."""
    if request.follows_id is None:
        return
    earlier = Request.objects.select_for_update().select_related("requested_authority").get(pk=request.follows_id)
    refresh_next_deadline(earlier)
    earlier.save(update_fields=["next_deadline_at", "next_deadline_code", "updated_at"])


def day_of(moment: datetime.datetime, *, zone: str) -> datetime.date:
    """The calendar day a stored instant falls on where the request is executed: the day the user recorded.

    Never `moment.date()`: the instant is stored in UTC, and east of Greenwich a day entered in the evening
    (UTC) is already the next local day.
    """
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone)).date()


def moment_of(day: datetime.date, *, zone: str, now: datetime.datetime) -> datetime.datetime:
    """The instant stored for a date a user recorded: now when it is today, else the start of that local day."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    if day == now.astimezone(tz).date():
        return now
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=tz).astimezone(datetime.UTC)
