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


def load_demo_requests() -> None:
    """A preservation request from Ghana to the Philippines 24/7 point, effected; and a draft follow-up."""
    from glacy.cooperation.models import Request
    from glacy.cooperation.services.requests import request_create, request_identifier_add
    from glacy.cooperation.services.workflow import request_transition
    from glacy.directory.models import Authority

    drafter = User.objects.filter(username="gh.drafter").first()
    officer = User.objects.filter(username="ph.duty-officer").first()
    case = Case.objects.filter(title=DEMO_CASES[0][1]).first()
    point = Authority.objects.filter(name="Philippines 24/7 Point of Contact").first()
    if drafter is None or officer is None or case is None or point is None:
        return
    if Request.objects.filter(case=case).exists():
        return
    preservation = request_create(actor=drafter, case=case, request_type="ETS185-29", requested_authority=point,
                                  content={
        "contact_person": "Ama Mensah, Office of the DPP, +233 30 266 4000, ama.mensah@example.org",
        "offence_description": "Data and system interference (Cybersecurity Act 2020, ss. 62–63; ETS 185 Arts. 4–5)",
        "summary_of_facts": "Hospital systems were encrypted on 2 March; the intruder used a VPN account.",
        "data_sought": "Connection logs and subscriber data of the VPN account used on 2 March.",
        "relationship_to_offence": "The account connected to the hospital network minutes before the encryption.",
        "custodian_or_location": "VPN provider with servers in Manila (name in annex).",
        "necessity": "The provider keeps connection logs for 30 days only.",
        "intends_mutual_assistance": True,
    })
    request_identifier_add(actor=drafter, request=preservation, kind="ip",
                           raw={"address": "203.0.113.45", "port": "51820", "timestamp": "2026-03-02T03:14:07Z"})
    preservation = request_transition(actor=drafter, request=preservation, action="send")
    for action in ("acknowledge", "start_execution", "execute"):
        preservation = request_transition(actor=officer, request=preservation, action=action)
    # The follow-up of ETS 185 Art. 29(7), drafted by the same Party (and linked by the preservation's reference).
    request_create(actor=drafter, case=case, request_type="ETS185-31", requested_authority=Authority.objects.get(
        name="Department of Justice – Office of Cybercrime"), follows_reference=preservation.reference,
        content={"summary_of_facts": "Follow-up of the preservation: production of the preserved logs."})


def load_demo_cases() -> None:
    for username, title, offences, facts, is_urgent in DEMO_CASES:
        user = User.objects.filter(username=username).first()
        if user is None or user.authority is None:
            continue
        if Case.objects.filter(authority=user.authority, title=title).exists():
            continue
        case_open(actor=user, data={"title": title, "offence_articles": offences, "summary_of_facts": facts,
                                    "is_urgent": is_urgent})
