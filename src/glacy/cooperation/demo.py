"""Demonstration cases for the demo authorities (idempotent: keyed by title)."""

from __future__ import annotations

from glacy.cooperation.models import Case
from glacy.cooperation.services.cases import case_open
from glacy.directory.models import User

DEMO_CASES = (
    ("gh.drafter", "Ransomware attack on Korle Bu hospital systems", ["ETS185:4", "ETS185:5"],
     "On 2 March the hospital's patient records were encrypted and a ransom demanded in bitcoin. "
     "Intrusion traced to a VPN account; servers abroad.", True),
    ("gh.drafter", "Romance scam ring using social media accounts", ["ETS185:8"],
     "Victims in Ghana transferred funds to accounts opened with false identities; profiles hosted abroad.",
     False),
    ("ph.drafter", "Online sexual exploitation of children – livestreaming", ["ETS185:9"],
     "Payments traced to foreign e-wallets; streams on a foreign video platform.", True),
)


def load_demo_cases() -> None:
    for username, title, offences, facts, is_urgent in DEMO_CASES:
        user = User.objects.filter(username=username).first()
        if user is None or user.authority is None:
            continue
        if Case.objects.filter(authority=user.authority, title=title).exists():
            continue
        case_open(actor=user, data={"title": title, "offence_articles": offences, "summary_of_facts": facts,
                                    "is_urgent": is_urgent})
