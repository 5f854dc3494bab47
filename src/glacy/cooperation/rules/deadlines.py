"""Deadlines of each request type: how many days, from which recorded event, under which article.

Clocks start from dates the users record (the day the requested side received a request, the day a
measure took effect, the day an order was served), never from the moment someone pressed a button.

Counting rule (our conservative reading; the treaties do not say how days are counted):
- a minimum period ("not less than sixty days") ends at the END of the last day in the requested
  authority's time zone, so data are never released early;
- a response period ("within twenty days") ends at the START of the day after the last day in that time
  zone, i.e. the deadline is the last moment of day N, never later.
The node's own service targets (not treaty rules) are kept apart and always labelled as such.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The events a clock can start from, with their labels (the "starts" of the JSON rules).
STARTS: dict[str, str | Promise] = {
    "measure_effected": _("the day the requested Party recorded the preservation as effected"),
    "provider_received": _("the day the provider received the order"),
    "information_complete": _("the day the requested Party received all the information"),
    "served_on_provider": _("the day the order was served on the provider"),
    "sent": _("the moment the request was sent"),
    "received": _("the day the requested side received the request"),
}


@dataclass(frozen=True)
class DeadlineRule:
    """One clock of a type. `is_treaty_rule` False marks the node's own service target."""

    code: str
    types: tuple[str, ...]
    days: int
    starts: str
    article: str
    label: str | Promise
    is_minimum: bool = False
    is_treaty_rule: bool = True
    reading: str | Promise = ""


RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule("preservation_minimum", ("ETS185-29",), 60, "measure_effected", "ETS 185 Art. 29(7)",
                 _("Preservation kept at least until"), is_minimum=True,
                 reading=_("Runs from the date the preservation was effected, also when it was effected only in "
                           "part; replaced by \"preserved pending a decision\" once a follow-up request for search, "
                           "seizure or disclosure from the same Party is received.")),
    DeadlineRule("provider_disclosure", ("CETS224-7",), 30, "provider_received", "CETS 224 Art. 7(7)",
                 _("Provider disclosure window ends"),
                 reading=_("Thirty days from the provider's receipt of the order, or the time frame stated in the "
                           "order when that is longer.")),
    DeadlineRule("order_service", ("CETS224-8",), 45, "information_complete", "CETS 224 Art. 8(6)(a)",
                 _("Serve the order on the provider by"),
                 reading=_("The Protocol asks for reasonable efforts to serve within this period.")),
    DeadlineRule("production_subscriber", ("CETS224-8",), 20, "served_on_provider", "CETS 224 Art. 8(6)(a)(i)",
                 _("Provider to produce the subscriber information by"),
                 reading=_("Counted from service on the provider: the provider cannot act on an order before it "
                           "is served.")),
    DeadlineRule("production_traffic", ("CETS224-8",), 45, "served_on_provider", "CETS 224 Art. 8(6)(a)(ii)",
                 _("Provider to produce the traffic data by"),
                 reading=_("Counted from service on the provider: the provider cannot act on an order before it "
                           "is served.")),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def urgent_target_hours() -> int:
    """Node's own target for a first answer to urgent and emergency requests (GLACY_URGENT_TARGET_HOURS)."""
    return int(getattr(settings, "GLACY_URGENT_TARGET_HOURS", 24))


def expedited_target_days() -> int:
    """Node's own target for answering an Art. 31(3) expedited request (GLACY_EXPEDITED_TARGET_DAYS)."""
    return int(getattr(settings, "GLACY_EXPEDITED_TARGET_DAYS", 10))


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str | Promise
    due_at: datetime.datetime
    citation: str
    is_minimum: bool
    explanation: str | Promise = ""
    is_treaty_rule: bool = True


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


def _from_rule(code: str, start: datetime.datetime, *, zone: str, days: int | None = None,
               explanation: str | Promise = "") -> Deadline:
    rule = RULES_BY_CODE[code]
    return Deadline(rule.code, rule.label, end_of_day_after(start, days=days or rule.days, zone=zone), rule.article,
                    rule.is_minimum, explanation)


def preservation_minimum_end(*, effected_at: datetime.datetime, zone: str) -> Deadline:
    """ETS 185 Art. 29(7): "Any preservation effected … shall be for a period not less than sixty days"."""
    return _from_rule("preservation_minimum", effected_at, zone=zone, explanation=_(
        "After this date the data must stay preserved only while a follow-up request for search, seizure or "
        "disclosure from the same Party is pending."))


def provider_disclosure_window(*, received_at: datetime.datetime, zone: str, stated_days: int | None = None
                               ) -> Deadline:
    """CETS 224 Art. 7(7): "within thirty days of receipt of the order or the time frame stipulated in paragraph
    4.d, whichever time period is longer" — then enforcement only via Art. 8 or other mutual assistance."""
    days = max(30, stated_days or 0)
    return _from_rule("provider_disclosure", received_at, zone=zone, days=days,
                      explanation=_("Afterwards seek enforcement only through Art. 8 or other mutual assistance."))


def order_service_deadline(*, complete_at: datetime.datetime, zone: str) -> Deadline:
    """CETS 224 Art. 8(6)(a): "from the date of receipt of all the information … shall make reasonable efforts
    to serve the service provider within forty-five days"."""
    return _from_rule("order_service", complete_at, zone=zone)


def production_deadline(*, served_at: datetime.datetime, zone: str, data_category: str) -> Deadline:
    """CETS 224 Art. 8(6)(a)(i)-(ii): a return "no later than: i) twenty days for subscriber information; and
    ii) forty-five days for traffic data". `data_category` is the choice recorded on the request."""
    if data_category not in {"subscriber", "traffic"}:
        raise ValueError(f"unknown data category {data_category!r}: choose subscriber or traffic")
    code = "production_subscriber" if data_category == "subscriber" else "production_traffic"
    return _from_rule(code, served_at, zone=zone)


def urgent_answer_target(*, sent_at: datetime.datetime) -> Deadline:
    """The node's own service target for urgent and emergency requests: no treaty sets a period for them."""
    _require_aware(sent_at)
    hours = urgent_target_hours()
    return Deadline("urgent_target", TARGET_LABELS["urgent_target"],
                    (sent_at + datetime.timedelta(hours=hours)).astimezone(datetime.UTC), "", False,
                    _("A service target of this node, not a treaty rule."), is_treaty_rule=False)


def expedited_answer_target(*, received_at: datetime.datetime, zone: str) -> Deadline:
    """The node's own target for requests to be answered on an expedited basis (ETS 185 Art. 31(3)(a) sets no
    period)."""
    return Deadline("expedited_target", TARGET_LABELS["expedited_target"],
                    end_of_day_after(received_at, days=expedited_target_days(), zone=zone), "", False,
                    _("A service target of this node for an expedited answer (ETS 185 Art. 31(3)); the treaty "
                      "sets no period."), is_treaty_rule=False)


TARGET_LABELS: dict[str, str | Promise] = {
    "urgent_target": _("Node's own target: first answer by"),
    "expedited_target": _("Node's own target: expedited answer by"),
}


def deadline_label(code: str) -> str:
    """The label of a stored deadline code in the active language (the code itself when unknown)."""
    rule = RULES_BY_CODE.get(code)
    if rule is not None:
        return str(rule.label)
    return str(TARGET_LABELS.get(code, code))
