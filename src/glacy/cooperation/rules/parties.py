"""Which Parties an instrument binds on a given day, and which reservations it allows.

A treaty binds a State from its own entry into force (ETS 185 Arts 36(4), 37(2); CETS 224 Art. 16(3)-(4)),
not from the instrument's first entry into force. A reservation is valid only under an article that allows
one: ETS 185 Art. 42 ("No other reservation may be made") and CETS 224 Art. 19(1).

Reading (marked on the legal rules page): the Second Protocol's co-operation exists only between Parties
to it, so a CETS 224 request or order is never sent unless the Protocol binds both the requesting and the
requested Party on the day of sending; drafting and documents stay possible so that Parties can prepare.
An ETS 185 request to or from a State the Convention does not bind is only warned: mutual assistance may
still rest on another treaty or on reciprocity, but then not on the Convention.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from glacy.treaty.reservations import RESERVABLE, RESERVATION_ARTICLE, is_reservation_allowed, normalise_article

__all__ = ["ENTRY_INTO_FORCE_ARTICLE", "RESERVABLE", "RESERVATION_ARTICLE", "PartyFacts", "is_reservation_allowed",
           "normalise_article"]

ENTRY_INTO_FORCE_ARTICLE = {"ETS185": "ETS 185 Arts 36(4), 37(2)", "CETS224": "CETS 224 Art. 16(3)-(4)"}


@dataclass(frozen=True)
class PartyFacts:
    """What the data say about a State: its status per instrument, its own dates and the topics it declared."""

    country: str
    statuses: Mapping[str, str]
    in_force_from: Mapping[str, datetime.date | None] = field(default_factory=dict)
    declaration_topics: frozenset[str] = frozenset()
    name: str = ""

    def is_bound(self, instrument: str, on: datetime.date) -> bool:
        """Bound on `on`: a Party to the instrument with an entry into force for it on or before that day."""
        start = self.in_force_from.get(instrument)
        return self.statuses.get(instrument) == "party" and start is not None and start <= on

    def has_declared(self, topic: str) -> bool:
        return topic in self.declaration_topics
