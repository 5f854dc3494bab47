"""Which articles a compliance matrix covers, per instrument: the articles that oblige a Party to adopt
legislative or other measures at national level.

Conservative reading: a row too many is better than a gap hidden. The reviewer marks a row "not applicable"
(e.g. after a reservation or a declaration) with a note, rather than the platform leaving it out.

- ETS 185: Arts. 2–22 (Chapter II: criminal law, procedural law, jurisdiction) and Arts. 24–35 (Chapter III:
  extradition, mutual assistance, preservation and disclosure for another Party, 24/7 network). Art. 23 sets
  general principles only and needs no measure of its own.
- ETS 189: Arts. 3–7 (Chapter II: measures to be taken at national level).
- CETS 224: Arts. 6–14 (Chapter II: measures for enhanced co-operation, from Art. 6; Chapter III: conditions
  and safeguards, data protection). Art. 5 sets general principles only.
"""

from __future__ import annotations

ASSESSED_ARTICLES: dict[str, tuple[str, ...]] = {
    "ETS185": tuple(str(number) for number in [*range(2, 23), *range(24, 36)]),
    "ETS189": tuple(str(number) for number in range(3, 8)),
    "CETS224": tuple(str(number) for number in range(6, 15)),
}


def assessed_articles(instrument_code: str) -> tuple[str, ...]:
    """Article numbers of `instrument_code` that get a row in the matrix (empty for an unknown instrument)."""
    return ASSESSED_ARTICLES.get(instrument_code, ())
