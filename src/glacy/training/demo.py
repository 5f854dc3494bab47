"""Demonstration judicial training for 2025 (idempotent): four courses with their ten-question tests,
twelve sessions held as GLACY-e training activities in the programme's countries, participants (with
consent, made-up names), pre- and post-tests, evaluations, a trainee who became a trainer, and
certificates for those who passed."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from glacy.directory.models import Authority, User
from glacy.programme.models import Activity, Project
from glacy.training.models import Course
from glacy.training.services.certificates import certificates_issue_eligible
from glacy.training.services.courses import course_create, question_add, session_create, trainer_create
from glacy.training.services.participants import (
    evaluations_add_many,
    participants_add_many,
    test_attempts_record_many,
)

COURSES = [
    ("INTRO-JP", "Introductory course on cybercrime and electronic evidence for judges and prosecutors",
     "Cours introductif sur la cybercriminalité et la preuve électronique pour juges et procureurs",
     "introductory", "judges_prosecutors", ["judicial_training", "electronic_evidence"]),
    ("ADV-JP", "Advanced judicial course: ransomware and cryptocurrency tracing",
     "Cours judiciaire avancé : rançongiciels et traçage des cryptomonnaies", "advanced", "judges_prosecutors",
     ["ransomware", "cryptocurrency_tracing"]),
    ("FR-LE", "First responders: seizing and preserving electronic evidence",
     "Primo-intervenants : saisie et conservation de la preuve électronique", "introductory", "first_responders",
     ["first_responders", "electronic_evidence"]),
    ("TOT-J", "Training of trainers for judicial training institutions",
     "Formation de formateurs pour les écoles de la magistrature", "tot", "judges", ["judicial_training"]),
]
QUESTIONS = [
    ("Which article of the Budapest Convention covers the expedited preservation of stored computer data?",
     ["Article 16", "Article 25", "Article 32"], 1),
    ("What does a hash value of an image of a hard disk show?", ["Its owner", "That it was not altered",
                                                                  "Its date of creation"], 2),
    ("Which network answers urgent requests around the clock?", ["Eurojust", "The 24/7 network", "Octopus"], 2),
    ("What must a preservation request identify?", ["The data to preserve", "The judge's name", "The ransom"], 1),
    ("Subscriber information is defined in which article?", ["Article 18(3)", "Article 2", "Article 9"], 1),
    ("A blockchain explorer is used to…", ["Decrypt files", "Follow transactions", "Seize servers"], 2),
    ("Which Protocol provides for direct cooperation with service providers?", ["ETS 189", "CETS 224", "ETS 108"], 2),
    ("Live data forensics should be done…", ["After switching off", "Before switching off", "Never"], 2),
    ("Mutual assistance requests go through…", ["Central authorities", "Embassies only", "Service providers"], 1),
    ("Which offence covers illegal access?", ["Article 2", "Article 7", "Article 10"], 1),
]
FIRST = ["Ama", "Kofi", "Awa", "Moussa", "Maria", "José", "Liza", "Ramon", "Nimal", "Chathu", "Sione", "Mele",
         "Aïcha", "Youssef", "Ioana", "Andrei"]
LAST = ["Mensah", "Diop", "Benali", "Santos", "Perera", "Tupou", "Reyes", "Popescu", "Owusu", "Ndiaye"]


@transaction.atomic
def load_demo_training() -> None:
    officer = User.objects.filter(username="cproc.admin").first()
    office = Authority.objects.filter(name="Cybercrime Programme Office (C-PROC)").first()
    if officer is None or office is None or Course.objects.filter(authority=office).exists():
        return
    project = Project.objects.filter(authority=office, code="GLACY-e").first()
    if project is None:
        return
    rng = random.Random(185)  # noqa: S311 — demonstration data, reproducible on purpose
    courses = []
    for code, title, title_fr, level, audience, topics in COURSES:
        course = course_create(actor=officer, data={"code": code, "title": title, "title_fr": title_fr,
                                                    "level": level, "audience": audience,
                                                    "moodle_shortname": code.lower(),
                                                    "curriculum": "Modules: legal framework; electronic evidence; "
                                                                  "international cooperation; case studies."},
                               topics=topics)
        for text, choices, correct in QUESTIONS:
            question_add(actor=officer, course=course, text=text, choices=choices, correct=correct)
        courses.append(course)
    lead = trainer_create(actor=officer, full_name="Judge Efua Asante (demo)", country="GH")
    activities = list(Activity.objects.filter(project=project, year=2025, activity_type="training")
                      .prefetch_related("countries").order_by("start_date")[:12])
    first_session = None
    for index, activity in enumerate(activities):
        country = activity.countries.all()[0].code
        session = session_create(actor=officer, course=courses[index % len(courses)], country=country,
                                 activity=activity, trainers=[lead])
        first_session = first_session or session
        rows = [{"full_name": f"{FIRST[(index + number) % len(FIRST)]} {LAST[(index * 3 + number) % len(LAST)]}",
                 "email": f"trainee{index:02d}{number:02d}@example.org",
                 "institution_type": ("judiciary", "prosecution")[number % 2],
                 "gender": ("woman", "man")[(number + index) % 2], "attended": number % 9 != 8}
                for number in range(14 + index % 5)]
        participants = participants_add_many(actor=officer, session=session, rows=rows, has_consent=True)
        tested = [item for item in participants if item.attended]
        test_attempts_record_many(actor=officer, session=session, phase="pre", answers={
            item: _answers(rng, 0.45) for item in tested})
        test_attempts_record_many(actor=officer, session=session, phase="post", answers={
            item: _answers(rng, 0.8) for item in tested})
        evaluations_add_many(actor=officer, session=session, forms=[
            {"relevance": rng.choice((4, 5, 5)), "quality": rng.choice((3, 4, 5)),
             "would_recommend": rng.random() < 0.9} for _number in range(len(tested) // 2)])
        certificates_issue_eligible(actor=officer, session=session)
    if first_session is not None:
        graduate = first_session.participants.filter(attended=True).order_by("full_name").first()
        if graduate is not None:
            trainer_create(actor=officer, full_name=graduate.full_name, country=first_session.country_id,
                           trained_as=graduate)


def _answers(rng: random.Random, chance: float) -> dict[str, Any]:
    return {str(number): correct if rng.random() < chance else (correct % 3) + 1
            for number, (_text, _choices, correct) in enumerate(QUESTIONS, start=1)}
