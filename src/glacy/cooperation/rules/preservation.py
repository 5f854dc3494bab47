"""How long preserved data must stay preserved: ETS 185 Art. 29(7).

"Any preservation effected in response to the request referred to in paragraph 1 shall be for a period not
less than sixty days, in order to enable the requesting Party to submit a request for the search or similar
access, seizure or similar securing, or disclosure of the data. Following the receipt of such a request, the
data shall continue to be preserved pending a decision on that request."

Readings (marked on the legal rules page):
- "preservation effected" includes a preservation effected only in part: the clock runs from that date;
- "the requesting Party": any authority of the same Party may send the follow-up (e.g. the central
  authority following its 24/7 point's preservation), addressed to the same requested Party;
- "such a request" is decided by its substance, not by the article it is sent under: any follow-up that can
  seek the search, seizure or disclosure of the preserved data counts (ETS 185 Arts 27 and 31, CETS 224 Art. 8
  production orders, Art. 9 emergency disclosure and Art. 10 emergency assistance); real-time collection
  (Arts 33-34), orders sent straight to a provider (CETS 224 Arts 6-7) and other types do not. The requested
  Party may record, with its reasons, that a follow-up does not concern the preserved data; it then no
  longer counts;
- the follow-up counts from its receipt by the requested Party; a withdrawn follow-up no longer counts and
  the sixty-day clock applies again (it may already have run out);
- "continue to be preserved" presupposes data still preserved: a follow-up received after the obligation
  ended (sixty days, or the decision on an earlier follow-up, whichever is later) is shown as received late:
  the data are preserved only if the requested Party still holds them, and it is asked to confirm;
- "a decision on that request": executed, partially executed, refused or reported impossible; a
  postponement is not a decision, so the data stay preserved;
- the sixty days are a minimum in every case: a follow-up decided within them does not shorten them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from glacy.cooperation.rules import deadlines
from glacy.cooperation.rules.catalogue import PRESERVATION_FOLLOW_UPS
from glacy.cooperation.rules.workflow import DECIDED, Status

NOT_EFFECTED, MINIMUM_PERIOD, PENDING_DECISION, PENDING_LATE, DECIDED_STATE = (
    "not_effected", "minimum_period", "pending", "pending_late", "ended")
#: Why a follow-up does not keep the data preserved.
IGNORED_TYPE, IGNORED_MARKED = "type", "marked"
ARTICLE = "ETS 185 Art. 29(7)"


@dataclass(frozen=True)
class FollowUpFacts:
    """A request that follows up the preservation, as the clock needs it."""

    reference: str
    request_type: str
    status: str
    received_at: datetime.datetime | None
    decided_at: datetime.datetime | None = None
    #: The requested Party recorded that the follow-up does not concern the preserved data.
    marked_unrelated: bool = False

    @property
    def ignored_because(self) -> str:
        """"" when the follow-up can keep the data preserved, else why it cannot."""
        if self.request_type not in PRESERVATION_FOLLOW_UPS:
            return IGNORED_TYPE
        return IGNORED_MARKED if self.marked_unrelated else ""

    @property
    def counts(self) -> bool:
        """Received by the requested Party, seeking the data, and not withdrawn."""
        return not self.ignored_because and self.received_at is not None and self.status != Status.WITHDRAWN

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


@dataclass(frozen=True)
class PreservationState:
    """Where a preservation stands.

    `minimum_end` is the end of the sixty days (set once the preservation is effected); it is a running
    deadline only in the MINIMUM_PERIOD state. `pending` are follow-ups received while the data had to be kept;
    `late` are follow-ups received after that obligation had ended (ask the requested Party to confirm).
    """

    state: str
    article: str = ARTICLE
    minimum_end: deadlines.Deadline | None = None
    pending: tuple[FollowUpFacts, ...] = ()
    late: tuple[FollowUpFacts, ...] = ()
    decided: tuple[FollowUpFacts, ...] = ()
    ignored: tuple[FollowUpFacts, ...] = field(default=())

    @property
    def ended_at(self) -> datetime.datetime | None:
        """When the obligation of Art. 29(7) ended: the last decision on a follow-up that counted in time."""
        moments = [item.decided_at for item in self.decided if item.decided_at is not None]
        return max(moments) if moments else None

    @property
    def is_running(self) -> bool:
        """The sixty days are the deadline that applies now (no follow-up keeps the data preserved)."""
        return self.state == MINIMUM_PERIOD


def _split_in_time(counting: list[FollowUpFacts], minimum_end: datetime.datetime
                   ) -> tuple[list[FollowUpFacts], list[FollowUpFacts]]:
    """Follow-ups received while the data had to be kept, and those received after that obligation ended.

    The obligation runs until the end of the sixty days and, from the receipt of a follow-up in time, until the
    decision on it: a follow-up received while another is still pending is in time too.
    """
    in_time, late = [], []
    obliged_until: datetime.datetime | None = minimum_end
    for item in sorted(counting, key=lambda follow_up: follow_up.received_at or minimum_end):
        received = item.received_at
        assert received is not None  # only counting follow-ups, which were received
        if obliged_until is None or received <= obliged_until:
            in_time.append(item)
            if not item.is_decided or item.decided_at is None:
                obliged_until = None  # pending: preserved until it is decided
            elif obliged_until is not None:
                obliged_until = max(obliged_until, item.decided_at)
        else:
            late.append(item)
    return in_time, late


def preservation_state(*, effected_at: datetime.datetime | None, zone: str,
                       follow_ups: list[FollowUpFacts]) -> PreservationState:
    """The Art. 29(7) state of a preservation from the date it was effected and its follow-ups."""
    ignored = tuple(item for item in follow_ups if item.ignored_because and item.status != Status.WITHDRAWN)
    if effected_at is None:
        return PreservationState(NOT_EFFECTED, ignored=ignored)
    minimum_end = deadlines.preservation_minimum_end(effected_at=effected_at, zone=zone)
    in_time, late = _split_in_time([item for item in follow_ups if item.counts], minimum_end.due_at)
    pending = tuple(item for item in in_time if not item.is_decided)
    decided = tuple(item for item in in_time if item.is_decided)
    late_pending = tuple(item for item in late if not item.is_decided)

    def state(name: str) -> PreservationState:
        return PreservationState(name, minimum_end=minimum_end, pending=pending, decided=decided, late=late_pending,
                                 ignored=ignored)

    if pending:
        return state(PENDING_DECISION)
    if late_pending:
        return state(PENDING_LATE)
    last_decision = max((item.decided_at for item in decided if item.decided_at is not None), default=None)
    if last_decision is not None and last_decision >= minimum_end.due_at:
        return state(DECIDED_STATE)
    return state(MINIMUM_PERIOD)
