"""When a treaty enters into force for a State, so that an imported chart can be checked against the rule.

ETS 185 Art. 36(4) (ratification after the Convention's entry into force) and Art. 37(2) (accession): "on the
first day of the month following the expiration of a period of three months after the date of" the deposit; the
Convention itself entered into force on 1 July 2004 (Art. 36(3)), so a State that deposited earlier was bound
from that day. CETS 224 Art. 16(3)-(4) (not verified against the text): the Protocol enters into force on the
same rule after the fifth consent, and for each later consent after that State's own deposit.

The Treaty Office counts the first day of the month after three whole months, i.e. the first day of the fourth
month after the month of deposit (deposit 28 August 2025 → 1 December 2025; 16 January 2015 → 1 May 2015).
A chart that says otherwise is not refused, only warned: the chart is the authority, the warning asks a person
to look again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from glacy.cooperation.rules.citations import localise

#: The Convention's own entry into force (ETS 185 Art. 36(3)).
ETS185_IN_FORCE = datetime.date(2004, 7, 1)
#: Consents the Second Protocol needs before it enters into force (CETS 224 Art. 16(3)).
CETS224_CONSENTS_NEEDED = 5
RULE_ARTICLE = {"ETS185": "ETS 185 Arts 36(4), 37(2)", "CETS224": "CETS 224 Art. 16(3)-(4)"}


def three_months_rule(deposit: datetime.date) -> datetime.date:
    """The first day of the month following the expiration of three months after `deposit`."""
    month = deposit.month + 4
    return datetime.date(deposit.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def expected_entry_into_force(*, instrument: str, deposit: datetime.date,
                              consents: Iterable[datetime.date]) -> datetime.date | None:
    """The date the rule gives for a State that deposited on `deposit`; None when the instrument is not in force
    (CETS 224 with fewer than five consents) or when this module has no rule for the instrument (ETS 189)."""
    own = three_months_rule(deposit)
    if instrument == "ETS185":
        return max(own, ETS185_IN_FORCE)
    if instrument == "CETS224":
        ordered = sorted(consents)
        if len(ordered) < CETS224_CONSENTS_NEEDED:
            return None
        return max(own, three_months_rule(ordered[CETS224_CONSENTS_NEEDED - 1]))
    return None


def row_warnings(row: dict, *, consents: list[datetime.date]) -> list[str]:
    """What a person should check in one imported row (dates as dates), in the active language."""
    instrument, deposit, in_force = row.get("instrument"), row.get("deposit"), row.get("entry_into_force")
    if instrument not in RULE_ARTICLE:
        return []
    found = []
    language = get_language() or "en"
    if instrument == "CETS224" and row.get("status") == "party" and len(consents) < CETS224_CONSENTS_NEEDED:
        found.append(_("The Protocol enters into force after five consents (%(article)s); %(count)s are recorded: "
                       "no State can be a Party yet.") % {"article": localise("CETS 224 Art. 16(3)", language),
                                                   "count": len(consents)})
    if deposit is not None and in_force is not None:
        expected = expected_entry_into_force(instrument=instrument, deposit=deposit, consents=consents)
        if expected is not None and expected != in_force:
            found.append(_("Entry into force %(date)s does not follow %(article)s: %(expected)s is expected from "
                           "the deposit of %(deposit)s.") % {
                "date": in_force.isoformat(), "article": localise(RULE_ARTICLE[instrument], language),
                "expected": expected.isoformat(), "deposit": deposit.isoformat()})
    return found
