"""Deadlines per article, with property tests over dates and time zones (month ends, leap years, DST)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glacy.cooperation.rules import deadlines
from glacy.cooperation.services.workflow import request_transition
from tests.cooperation.helpers import build_complete_request
from tests.factories import UserFactory

UTC = datetime.UTC
ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Africa/Accra",
         "Pacific/Tongatapu", "America/Santiago"]


def test_preservation_lasts_60_full_local_days() -> None:
    # Effected on 2 March 2026 at 10:00 in Paris: days 2 March … 1 May; ends when 2 May begins (CEST, +02:00).
    effected = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    deadline = deadlines.preservation_minimum_end(effected_at=effected, zone="Europe/Paris")
    assert deadline.due_at == datetime.datetime(2026, 5, 1, 22, 0, tzinfo=UTC)
    assert (deadline.citation, deadline.is_minimum) == ("ETS 185 Art. 29(7)", True)


def test_leap_year_and_month_end() -> None:
    effected = datetime.datetime(2028, 1, 30, 12, 0, tzinfo=UTC)
    deadline = deadlines.preservation_minimum_end(effected_at=effected, zone="Africa/Accra")
    # 2028 is a leap year: 30 Jan + 60 days = 30 March; the period ends at the start of 31 March.
    assert deadline.due_at == datetime.datetime(2028, 3, 31, 0, 0, tzinfo=UTC)


def test_cets_224_art_7_7_provider_window_is_30_days_or_the_longer_stated_time_frame() -> None:
    received = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert deadlines.provider_disclosure_window(received_at=received, zone="UTC").due_at == datetime.datetime(
        2026, 3, 3, 0, 0, tzinfo=UTC)
    assert deadlines.provider_disclosure_window(received_at=received, zone="UTC", stated_days=10).due_at == \
        datetime.datetime(2026, 3, 3, 0, 0, tzinfo=UTC)
    assert deadlines.provider_disclosure_window(received_at=received, zone="UTC", stated_days=40).due_at == \
        datetime.datetime(2026, 3, 13, 0, 0, tzinfo=UTC)


def test_cets_224_art_8_6_service_and_production_periods() -> None:
    start = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert deadlines.order_service_deadline(complete_at=start, zone="UTC").due_at == datetime.datetime(
        2026, 7, 17, tzinfo=UTC)
    assert deadlines.production_deadline(served_at=start, zone="UTC", data_category="subscriber").due_at == \
        datetime.datetime(2026, 6, 22, tzinfo=UTC)
    assert deadlines.production_deadline(served_at=start, zone="UTC", data_category="traffic").due_at == \
        datetime.datetime(2026, 7, 17, tzinfo=UTC)
    # A category is a choice: free text such as "subscriber information" is refused, never compared to a string.
    with pytest.raises(ValueError, match="unknown data category"):
        deadlines.production_deadline(served_at=start, zone="UTC", data_category="subscriber information")


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deadlines.preservation_minimum_end(effected_at=datetime.datetime(2026, 1, 1), zone="UTC")


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2099, 12, 31),
                       timezones=st.just(UTC)),
    zone=st.sampled_from(ZONES),
    days=st.sampled_from([20, 30, 45, 60, 90]),
)
def test_period_covers_exactly_n_local_calendar_days(start: datetime.datetime, zone: str, days: int) -> None:
    due = deadlines.end_of_day_after(start, days=days, zone=zone)
    tz = ZoneInfo(zone)
    local_start, local_due = start.astimezone(tz), due.astimezone(tz)
    assert due.tzinfo is not None
    assert due > start
    # The period ends at the first instant of local day start+days+1 (or just after it, in a DST gap).
    assert local_due.date() == local_start.date() + datetime.timedelta(days=days + 1)
    assert local_due.time() <= datetime.time(1, 0)
    # Never shorter than N full days minus one DST hour.
    assert due - start >= datetime.timedelta(days=days) - datetime.timedelta(hours=1)


def test_art_29_7_executed_preservation_shows_its_deadline_on_both_sides(world: Any) -> None:
    sent = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    request = build_complete_request(world, "ETS185-29")
    request = request_transition(actor=world.users["drafter"], request=request, action="send", now=sent)
    other = UserFactory(username="pres-officer", authority=request.requested_authority, roles=["drafter"])
    for action in ("acknowledge", "start_execution"):
        request = request_transition(actor=other, request=request, action=action, now=sent)
    later = datetime.datetime(2026, 3, 5, 3, 0, tzinfo=UTC)
    # Effected on 2 March (Manila), recorded on 5 March: the clock runs from the date entered.
    request = request_transition(actor=other, request=request, action="execute", now=later,
                                 on_date=datetime.date(2026, 3, 2))
    # Requested authority in Asia/Manila (+08:00): 2 March + 60 days → ends at the start of 2 May Manila time.
    assert request.next_deadline_at == datetime.datetime(2026, 5, 1, 16, 0, tzinfo=UTC)
    assert request.next_deadline_code == "preservation_minimum"


def test_emergency_request_gets_the_nodes_own_first_answer_target(world: Any) -> None:
    request = build_complete_request(world, "CETS224-9")
    sent_at = datetime.datetime(2026, 4, 5, 22, 15, tzinfo=UTC)
    request = request_transition(actor=world.users["drafter"], request=request, action="send", now=sent_at)
    assert (request.next_deadline_at, request.next_deadline_code) == (
        datetime.datetime(2026, 4, 6, 22, 15, tzinfo=UTC), "urgent_target")
    # A service target of the node, never presented as a treaty rule.
    target = deadlines.urgent_answer_target(sent_at=sent_at)
    assert (target.citation, target.is_treaty_rule, str(target.label)) == (
        "", False, "Node's own target: first answer by")
