"""How many Parties and signatories an instrument had at the end of a year — only as far as the treaty data
can say. The data describe the world as of their `as_of` date: a count at a later date is the count as of
`as_of` (accessions since are missing), and a year-on-year change is given only when both year ends are
covered and every counted row is dated.

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
        "pk", "instrument_id", "status", "signature", "deposit", "as_of"))
    instrument_as_of = dict(Instrument.objects.filter(code__in=codes).values_list("code", "as_of"))
    return {(instrument, kind): _count(instrument, kind, year, [row for row in rows if row[1] == instrument],
                                       instrument_as_of.get(instrument)) for instrument, kind in wanted}


def treaty_count(*, instrument: str, year: int, kind: str = "parties") -> TreatyCount:
    """Parties (by deposit) or signatories (by signature, whether or not ratified since) at the end of `year`."""
    return treaty_counts(year=year, wanted=[(instrument, kind)])[(instrument, kind)]


def _count(instrument: str, kind: str, year: int, rows: list[tuple[Any, ...]],
           instrument_as_of: datetime.date | None) -> TreatyCount:
    # The data hold as of their oldest row's date (the instrument's own date when a row has none).
    dates = [row[5] for row in rows]
    as_of = instrument_as_of if (not rows or None in dates) else min(dates)
    if kind == "parties":
        chosen = [(row[0], row[4]) for row in rows if row[2] == PartyStatus.Status.PARTY]
    else:
        chosen = [(row[0], row[3]) for row in rows
                  if row[2] in (PartyStatus.Status.PARTY, PartyStatus.Status.SIGNATORY)]
    year_end = datetime.date(year, 12, 31)
    is_year_end = as_of is not None and as_of >= year_end
    holds_on = year_end if is_year_end else as_of
    dated = [(pk, date) for pk, date in chosen if date is not None]
    undated = [pk for pk, date in chosen if date is None]
    counted = [pk for pk, date in dated if holds_on is None or date <= holds_on]
    # Undated rows hold on the as-of date; before it they may or may not have held.
    includes_undated = holds_on is None or (as_of is not None and holds_on >= as_of)
    if includes_undated:
        counted += undated
    previous = None
    previous_end = datetime.date(year - 1, 12, 31)
    if is_year_end and not undated:
        previous = sum(1 for _pk, date in dated if date <= previous_end)
    return TreatyCount(instrument=instrument, kind=kind, count=len(counted), holds_on=holds_on, as_of=as_of,
                       is_year_end=is_year_end, is_lower_bound=bool(undated) and not includes_undated,
                       previous=previous, status_ids=tuple(str(pk) for pk in counted))
