"""Deadlines of each request type, computed from timezone-aware instants and citing their article.

Counting rule (our conservative reading; the treaties do not say how days are counted):
- a minimum period ("not less than 60 days") ends at the END of the last day in the requested
  authority's time zone, so data are never released early;
- a response period ("within 20 days") ends at the START of the day after the last day in the
  requested authority's time zone, i.e. the deadline is the last moment of day N, never later.
Both are shown in the user's zone and stored in UTC.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str | Promise
    due_at: datetime.datetime
    citation: str
    is_minimum: bool
    explanation: str | Promise = ""


def _require_aware(moment: datetime.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("deadline computations need timezone-aware datetimes")


def end_of_day_after(start: datetime.datetime, *, days: int, zone: str) -> datetime.datetime:
    """The first instant of the day following local day (start + days), in UTC.

    "60 days from 2 March 10:00 Paris" → the period covers 2 March … 1 May; it ends when 2 May begins.
    Works across DST changes because the day arithmetic happens on local calendar dates.
    """
    _require_aware(start)
    tz = ZoneInfo(zone)
    local_date = start.astimezone(tz).date() + datetime.timedelta(days=days)
    next_midnight = datetime.datetime.combine(local_date + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz)
    # zoneinfo resolves a midnight that does not exist (DST gap) to the first valid instant after it.
    return next_midnight.astimezone(datetime.UTC)


def preservation_minimum_end(*, effected_at: datetime.datetime, zone: str) -> Deadline:
    """ETS 185 Art. 29(7): preserved for not less than 60 days, then until the follow-up request is decided."""
    return Deadline(
        "preservation_minimum", _("Preservation kept at least until"),
        end_of_day_after(effected_at, days=60, zone=zone), "ETS 185 Art. 29(7)", True,
        _("After this date the data stay preserved while a request for mutual assistance is pending."),
    )


def provider_disclosure_window(*, sent_at: datetime.datetime, zone: str, days: int = 30) -> Deadline:
    """CETS 224 Art. 7(7): without disclosure after 30 days (or the longer time frame stated), the order
    can only be enforced through Art. 8 or other mutual assistance."""
    return Deadline(
        "provider_disclosure", _("Provider disclosure window ends"),
        end_of_day_after(sent_at, days=max(days, 30), zone=zone), "CETS 224 Art. 7(7)", False,
        _("Afterwards seek enforcement only through Art. 8 or other mutual assistance."),
    )


def order_service_deadline(*, complete_at: datetime.datetime, zone: str) -> Deadline:
    """CETS 224 Art. 8(6): reasonable efforts to serve the provider within 45 days of complete information."""
    return Deadline("order_service", _("Serve the order on the provider by"),
                    end_of_day_after(complete_at, days=45, zone=zone), "CETS 224 Art. 8(6)", False)


def production_deadline(*, served_at: datetime.datetime, zone: str, data_category: str) -> Deadline:
    """CETS 224 Art. 8(6): the provider returns subscriber information within 20 days and traffic data within
    45 days. We count from service of the order (the provider cannot act before it is served)."""
    days = 20 if data_category == "subscriber" else 45
    return Deadline("production", _("Provider to produce the data by"),
                    end_of_day_after(served_at, days=days, zone=zone), "CETS 224 Art. 8(6)", False)


def emergency_act_by(*, sent_at: datetime.datetime) -> Deadline:
    """Emergency types are handled the same day: we flag an act-by 24 hours after sending."""
    _require_aware(sent_at)
    return Deadline("emergency", _("Emergency: act by"), (sent_at + datetime.timedelta(hours=24)).astimezone(
        datetime.UTC), "CETS 224 Art. 3(2)(c)", False,
        _("Significant and imminent risk to the life or safety of a natural person."))
