"""How long preserved data must stay preserved: ETS 185 Art. 29(7).

"Any preservation effected in response to the request referred to in paragraph 1 shall be for a period not
less than sixty days, in order to enable the requesting Party to submit a request for the search or similar
access, seizure or similar securing, or disclosure of the data. Following the receipt of such a request, the
data shall continue to be preserved pending a decision on that request."

Readings (marked on the legal rules page):
- "preservation effected" includes a preservation effected only in part: the clock runs from that date;
- "the requesting Party": any authority of the same Party may send the follow-up (e.g. the central
  authority following its 24/7 point's preservation), addressed to the same requested Party;
- "such a request" is a request for search, seizure or disclosure: ETS 185 Art. 31, or Art. 27 where no
  treaty applies. A follow-up of another type (for instance CETS 224 Art. 8) does not keep the data
  preserved here; the page says so;
- the follow-up counts from its receipt by the requested Party; a withdrawn follow-up no longer counts and
  the sixty-day clock applies again (it may already have run out);
- "a decision on that request": executed, partially executed, refused or reported impossible; a
  postponement is not a decision, so the data stay preserved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from glacy.cooperation.rules import deadlines
from glacy.cooperation.rules.catalogue import PRESERVATION_FOLLOW_UPS
from glacy.cooperation.rules.workflow import DECIDED, Status

NOT_EFFECTED, MINIMUM_PERIOD, PENDING_DECISION, DECIDED_STATE = "not_effected", "minimum_period", "pending", "ended"


@dataclass(frozen=True)
class FollowUpFacts:
    """A request that follows up the preservation, as the clock needs it."""

    reference: str
    request_type: str
    status: str
    received_at: datetime.datetime | None
    decided_at: datetime.datetime | None = None

    @property
    def keeps_data_preserved(self) -> bool:
        return self.request_type in PRESERVATION_FOLLOW_UPS

    @property
    def counts(self) -> bool:
        """Received by the requested Party, of a type that keeps data preserved, and not withdrawn."""
        return self.keeps_data_preserved and self.received_at is not None and self.status != Status.WITHDRAWN


@dataclass(frozen=True)
class PreservationState:
    """Where a preservation stands; `minimum_end` is set only while the sixty-day clock is what applies."""

    state: str
    article: str = "ETS 185 Art. 29(7)"
    minimum_end: deadlines.Deadline | None = None
    pending: tuple[FollowUpFacts, ...] = ()
    decided: tuple[FollowUpFacts, ...] = ()
    ignored: tuple[FollowUpFacts, ...] = field(default=())

    @property
    def ended_at(self) -> datetime.datetime | None:
        """When the last counting follow-up was decided (the obligation of Art. 29(7) then ends)."""
        moments = [item.decided_at for item in self.decided if item.decided_at is not None]
        return max(moments) if moments else None


def preservation_state(*, effected_at: datetime.datetime | None, zone: str,
                       follow_ups: list[FollowUpFacts]) -> PreservationState:
    """The Art. 29(7) state of a preservation from the date it was effected and its follow-ups."""
    ignored = tuple(item for item in follow_ups if not item.keeps_data_preserved and item.status != Status.WITHDRAWN)
    if effected_at is None:
        return PreservationState(NOT_EFFECTED, ignored=ignored)
    counting = [item for item in follow_ups if item.counts]
    pending = tuple(item for item in counting if item.status not in DECIDED)
    decided = tuple(item for item in counting if item.status in DECIDED)
    if pending:
        return PreservationState(PENDING_DECISION, pending=pending, decided=decided, ignored=ignored)
    if decided:
        return PreservationState(DECIDED_STATE, decided=decided, ignored=ignored)
    return PreservationState(MINIMUM_PERIOD, minimum_end=deadlines.preservation_minimum_end(
        effected_at=effected_at, zone=zone), ignored=ignored)
