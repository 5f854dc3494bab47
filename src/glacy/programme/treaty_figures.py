"""How many Parties and signatories an instrument had at the end of a year — only as far as the treaty data
can say. An instrument's list is complete up to `Instrument.status_list_as_of` (the date of the Treaty Office
chart it was taken from); rows dated after it are accessions recorded since, so a later count is "at least" that
many. A year-end figure, and a change over the year, are given only when the list is complete at the year end
(and, for the change, every counted row is dated).

Reading (conservative, stated on the report): a State is counted as a Party from the deposit of its
instrument of ratification, acceptance, approval or accession — the figure the Treaty Office charts give as
"ratifications/accessions" — not from the later entry into force (ETS 185 Art. 36(4), 37(2)).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from glacy.treaty.models import Instrument, PartyStatus


@dataclass(frozen=True)
class TreatyCount:
    """A count the data support, with the date it holds for."""

    instrument: str
    kind: str  # "parties" or "signatories"
    count: int
    holds_on: datetime.date | None  # the year end, or the data's as-of date when that is earlier
    as_of: datetime.date | None
    is_year_end: bool  # the data reach the end of the year: the count is the year-end count
    is_lower_bound: bool  # undated rows may belong before the date: the count is "at least"
    previous: int | None  # at the end of the year before, only when the data support it
    status_ids: tuple[str, ...] = ()

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous


def treaty_counts(*, year: int, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], TreatyCount]:
    """`treaty_count` for several (instrument, kind) pairs from two queries (the yearly report needs four)."""
    codes = sorted({instrument for instrument, _kind in wanted})
    rows = list(PartyStatus.objects.filter(instrument_id__in=codes).values_list(
        "pk", "instrument_id", "status", "signature", "deposit"))
    complete_as_of = dict(Instrument.objects.filter(code__in=codes).values_list("code", "status_list_as_of"))
    return {(instrument, kind): _count(instrument, kind, year, [row for row in rows if row[1] == instrument],
                                       complete_as_of.get(instrument)) for instrument, kind in wanted}


def treaty_count(*, instrument: str, year: int, kind: str = "parties") -> TreatyCount:
    """Parties (by deposit) or signatories (by signature, whether or not ratified since) at the end of `year`."""
    return treaty_counts(year=year, wanted=[(instrument, kind)])[(instrument, kind)]


def _count(instrument: str, kind: str, year: int, rows: list[tuple[Any, ...]],
           complete_as_of: datetime.date | None) -> TreatyCount:
    if kind == "parties":
        chosen = [(row[0], row[4]) for row in rows if row[2] == PartyStatus.Status.PARTY]
    else:
        chosen = [(row[0], row[3]) for row in rows
                  if row[2] in (PartyStatus.Status.PARTY, PartyStatus.Status.SIGNATORY)]
    year_end = datetime.date(year, 12, 31)
    dated = [(pk, date) for pk, date in chosen if date is not None]
    undated = [pk for pk, date in chosen if date is None]
    counted = [pk for pk, date in dated if date <= year_end]
    previous = None
    if complete_as_of is not None and complete_as_of >= year_end:
        # The list is complete at the year end. An undated row held on the list's date; only when that date IS
        # the year end do we know it held then.
        is_lower_bound = bool(undated) and complete_as_of > year_end
        if not is_lower_bound:
            counted += undated
        if not undated:
            previous = sum(1 for _pk, date in dated if date <= datetime.date(year - 1, 12, 31))
        return TreatyCount(instrument=instrument, kind=kind, count=len(counted), holds_on=year_end,
                           as_of=complete_as_of, is_year_end=True, is_lower_bound=is_lower_bound, previous=previous,
                           status_ids=tuple(str(pk) for pk in counted))
    # The list is complete only to an earlier date (or never was): what is known at the year end, additions
    # recorded since included, is a lower bound; undated rows are on it.
    counted += undated
    return TreatyCount(instrument=instrument, kind=kind, count=len(counted), holds_on=year_end, as_of=complete_as_of,
                       is_year_end=False, is_lower_bound=True, previous=None,
                       status_ids=tuple(str(pk) for pk in counted))
