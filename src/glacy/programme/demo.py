"""Demonstration programme data for 2025 (idempotent, bulk): the seven programmes and projects of the
programme office (5 joint EU/Council of Europe, 1 voluntary contributions, 1 action plan), 294 activities
(75 on policy and legislation) across 24 countries, the results framework of GLACY-e with live and entered
indicators, budgets and transactions, the 47 staff and the highlights of the year, and two readers: a
country focal point (Ghana) and a donor's representative (European Union). Names of projects echo the
Council of Europe's programmes, but every record is made up for the demonstration.
"""

from __future__ import annotations

import datetime
import decimal
import random
from typing import Any

from django.db import transaction

from glacy.core.permissions import Role
from glacy.directory import services as directory_services
from glacy.directory.demo import DEMO_PASSWORD
from glacy.directory.models import Authority, AuthorityKind, Country, Region, User
from glacy.programme.models import Donor, Project
from glacy.programme.models.vocabulary import POLICY_AND_LEGISLATION, ActivityType, FundingType, Gender
from glacy.programme.services.activities import ActivityData, activities_save
from glacy.programme.services.projects import (
    access_grant,
    budget_add,
    donor_create,
    indicator_create,
    indicator_value_set,
    programme_year_set,
    project_create,
    result_create,
    transaction_add,
)

YEAR = 2025
OFFICE = "Cybercrime Programme Office (C-PROC)"
#: Countries reached in the demo, with the programme region of those the directory demo does not place.
EXTRA_COUNTRIES = {
    "CV": Region.AFRICA, "NG": Region.AFRICA, "KE": Region.AFRICA, "MU": Region.AFRICA, "BJ": Region.AFRICA,
    "TN": Region.MIDDLE_EAST, "JO": Region.MIDDLE_EAST, "LB": Region.MIDDLE_EAST,
    "CR": Region.AMERICAS, "CL": Region.AMERICAS, "PE": Region.AMERICAS,
    "VU": Region.ASIA_PACIFIC, "FJ": Region.ASIA_PACIFIC,
    "UA": Region.EUROPE, "MD": Region.EUROPE, "GE": Region.EUROPE, "AL": Region.EUROPE, "RS": Region.EUROPE,
}
DIRECTORY_COUNTRIES = ("GH", "SN", "MA", "PH", "LK", "TO", "DO", "FR", "RO")

PROJECTS: list[dict[str, Any]] = [
    {"code": "GLACY-e", "title": "Global Action on Cybercrime Enhanced", "title_fr": "Action globale sur la "
     "cybercriminalité élargie", "funding_type": FundingType.JOINT_EU_COE, "donors": ["European Union", "Council of "
     "Europe"], "countries": ["GH", "SN", "MA", "PH", "LK", "TO", "DO", "CV", "NG", "MU", "CL", "CR", "VU"],
     "regions": ["africa", "asia_pacific", "americas"], "budget": "18890000", "start": (2020, 8, 1),
     "end": (2026, 7, 31), "weight": 110},
    {"code": "CyberSouth+", "title": "Cooperation on cybercrime in the Southern Neighbourhood region",
     "title_fr": "Coopération sur la cybercriminalité dans le voisinage méridional",
     "funding_type": FundingType.JOINT_EU_COE, "donors": ["European Union", "Council of Europe"],
     "countries": ["MA", "TN", "JO", "LB"], "regions": ["middle_east"], "budget": "5000000",
     "start": (2023, 1, 1), "end": (2026, 12, 31), "weight": 40},
    {"code": "CyberEast+", "title": "Enhanced action on cybercrime in the Eastern Partnership",
     "title_fr": "Action renforcée contre la cybercriminalité dans le Partenariat oriental",
     "funding_type": FundingType.JOINT_EU_COE, "donors": ["European Union", "Council of Europe"],
     "countries": ["MD", "GE", "UA"], "regions": ["europe"], "budget": "4800000", "start": (2023, 3, 1),
     "end": (2026, 2, 28), "weight": 35},
    {"code": "iPROCEEDS-3", "title": "Targeting crime proceeds on the Internet in South-East Europe",
     "title_fr": "Cibler les produits du crime sur Internet en Europe du Sud-Est",
     "funding_type": FundingType.JOINT_EU_COE, "donors": ["European Union", "Council of Europe"],
     "countries": ["AL", "RS", "RO"], "regions": ["europe"], "budget": "5500000", "start": (2024, 1, 1),
     "end": (2027, 6, 30), "weight": 35},
    {"code": "CyberAfrica", "title": "Cybercrime capacity building in West and East Africa",
     "title_fr": "Renforcement des capacités contre la cybercriminalité en Afrique de l'Ouest et de l'Est",
     "funding_type": FundingType.JOINT_EU_COE, "donors": ["European Union", "Council of Europe"],
     "countries": ["GH", "SN", "NG", "KE", "BJ", "CV"], "regions": ["africa"], "budget": "3500000",
     "start": (2024, 6, 1), "end": (2027, 5, 31), "weight": 30},
    {"code": "Octopus", "title": "Octopus Project", "title_fr": "Projet Octopus",
     "funding_type": FundingType.VOLUNTARY, "donors": ["Voluntary contributors to the Octopus Project"],
     "countries": ["PH", "LK", "PE", "FJ", "FR"], "regions": ["asia_pacific", "americas"], "budget": "2600000",
     "start": (2021, 1, 1), "end": (2027, 12, 31), "weight": 30},
    {"code": "CyberUA", "title": "Cybercrime and electronic evidence in Ukraine (Action Plan for Ukraine)",
     "title_fr": "Cybercriminalité et preuve électronique en Ukraine (Plan d'action pour l'Ukraine)",
     "funding_type": FundingType.ACTION_PLAN, "donors": ["Council of Europe"], "countries": ["UA"],
     "regions": ["europe"], "budget": "1200000", "start": (2023, 1, 1), "end": (2026, 12, 31), "weight": 14},
]
DONORS = [("European Union", "Union européenne", "XI-IATI-EC_INTPA", "15"),
          ("Council of Europe", "Conseil de l'Europe", "XM-DAC-47066", "40"),
          ("Voluntary contributors to the Octopus Project", "Contributeurs volontaires au projet Octopus", "", "10")]
GLACY_RESULTS = [
    ("R1", "Decision-makers are aware of cybercrime and electronic evidence", "Les décideurs sont sensibilisés à la "
     "cybercriminalité et à la preuve électronique"),
    ("R2", "Legislation is in line with the Budapest Convention", "La législation est conforme à la Convention de "
     "Budapest"),
    ("R3", "Judicial training on cybercrime and electronic evidence is sustainable", "La formation judiciaire sur la "
     "cybercriminalité et la preuve électronique est pérenne"),
    ("R4", "Law enforcement investigate cybercrime effectively", "Les services répressifs enquêtent efficacement"),
    ("R5", "International cooperation is more efficient", "La coopération internationale est plus efficace"),
    ("R6", "Public-private cooperation is established", "La coopération public-privé est établie"),
    ("R7", "Progress is assessed", "Les progrès sont évalués"),
]
#: (type, number of activities): 294 in total.
TYPE_COUNTS = [(ActivityType.LEGISLATIVE_ADVICE, 58), (ActivityType.TRAINING, 112), (ActivityType.EXERCISE, 26),
               (ActivityType.CONFERENCE, 52), (ActivityType.ASSESSMENT, 24), (ActivityType.STUDY_VISIT, 14),
               (ActivityType.OTHER, 8)]
TRAINING_TOPICS = ["ransomware", "cryptocurrency_tracing", "darknet_markets", "online_child_sexual_exploitation",
                   "electronic_evidence", "first_responders", "judicial_training", "financial_investigations"]
EXERCISE_TOPICS = ["ai_misuse", "virtual_assets", "cyberviolence", "election_interference"]
OTHER_TOPICS = ["international_cooperation", "public_private_cooperation", "rule_of_law_safeguards"]
TYPE_RESULTS: dict[str, list[str]] = {ActivityType.LEGISLATIVE_ADVICE: ["R2"], ActivityType.TRAINING: ["R3"],
                ActivityType.EXERCISE: ["R4"], ActivityType.CONFERENCE: ["R1"], ActivityType.ASSESSMENT: ["R7"],
                ActivityType.STUDY_VISIT: ["R5"], ActivityType.OTHER: ["R6"]}
TITLES: dict[str, str] = {ActivityType.LEGISLATIVE_ADVICE: "Advisory mission on the draft cybercrime law",
          ActivityType.TRAINING: "Training course on %s", ActivityType.EXERCISE: "Scenario-based exercise on %s",
          ActivityType.CONFERENCE: "Regional conference on %s", ActivityType.ASSESSMENT: "Assessment of progress",
          ActivityType.STUDY_VISIT: "Study visit to a 24/7 point of contact", ActivityType.OTHER: "Meeting on %s"}


def _office_and_users() -> tuple[Authority, User]:
    office = Authority.objects.get(name=OFFICE)
    officer = User.objects.get(username="cproc.admin")
    return office, officer


def _demo_user(username: str, authority: Authority, first_name: str, roles: list[str]) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return directory_services.user_create(actor=None, username=username, password=DEMO_PASSWORD, authority=authority,
                                          roles=roles, first_name=first_name, last_name="(demo)",
                                          email=f"{username}@example.org", check_password_strength=False,
                                          time_zone=authority.time_zone)


def _plan(rng: random.Random) -> list[tuple[str, list[str]]]:
    """294 (type, topics) pairs; exactly 75 carry the policy-and-legislation topic."""
    plan: list[tuple[str, list[str]]] = []
    for activity_type, count in TYPE_COUNTS:
        for _index in range(count):
            if activity_type == ActivityType.TRAINING:
                topics = [rng.choice(TRAINING_TOPICS)]
            elif activity_type == ActivityType.EXERCISE:
                topics = [rng.choice(EXERCISE_TOPICS)]
            elif activity_type == ActivityType.LEGISLATIVE_ADVICE:
                topics = [POLICY_AND_LEGISLATION]
            else:
                topics = [rng.choice(OTHER_TOPICS + TRAINING_TOPICS[:3])]
            plan.append((activity_type, topics))
    # 58 legislative missions + 17 conferences on policy and legislation = 75.
    conferences = [index for index, (kind, _topics) in enumerate(plan) if kind == ActivityType.CONFERENCE][:17]
    for index in conferences:
        plan[index] = (ActivityType.CONFERENCE, [POLICY_AND_LEGISLATION, "international_cooperation"])
    rng.shuffle(plan)
    return plan


@transaction.atomic
def load_demo_programme() -> list[dict[str, Any]]:
    office, officer = _office_and_users()
    logins: list[dict[str, Any]] = []
    trainer = _demo_user("cproc.trainer", office, "Trainer", [Role.TRAINER])
    logins.append({"username": trainer.username, "authority": office.name, "roles": [Role.TRAINER.value]})
    if Project.objects.filter(authority=office).exists():
        return logins + _reader_logins()
    for code, region in EXTRA_COUNTRIES.items():
        # Place the programme's countries in its regions (reference data the directory demo also completes).
        Country.objects.filter(code=code, region="").update(region=region)
    donors = {name: Donor.objects.filter(name=name).first() or donor_create(
        actor=officer, name=name, name_fr=name_fr, iati_ref=ref, iati_type=kind) for name, name_fr, ref, kind in DONORS}
    rng = random.Random(YEAR)  # noqa: S311 — demonstration data, reproducible on purpose
    projects = []
    for spec in PROJECTS:
        project = project_create(actor=officer, data={
            "code": spec["code"], "iati_identifier": f"XM-DAC-47066-{spec['code'].upper().replace('+', 'PLUS')}",
            "title": spec["title"], "title_fr": spec["title_fr"], "funding_type": spec["funding_type"],
            "description": f"{spec['title']} (demonstration record).", "budget": decimal.Decimal(spec["budget"]),
            "start_date": datetime.date(*spec["start"]), "end_date": datetime.date(*spec["end"]),
            "regions": spec["regions"],
            "objective": "To strengthen the capacities of criminal justice authorities to cooperate against "
                         "cybercrime and to use electronic evidence, in line with the Budapest Convention.",
        }, countries=spec["countries"], donors=[donors[name] for name in spec["donors"]])
        results = GLACY_RESULTS if spec["code"] == "GLACY-e" else GLACY_RESULTS[:5]
        for result_code, title, title_fr in results:
            result_create(actor=officer, project=project, code=result_code, title=title, title_fr=title_fr)
        projects.append((project, spec))
    _glacy_framework(officer, projects[0][0], donors["European Union"])
    plan = _plan(rng)
    weights = [spec["weight"] for _project, spec in projects]
    items = []
    for number, (activity_type, topics) in enumerate(plan, start=1):
        project, spec = projects[_pick(number, weights)]
        country = spec["countries"][number % len(spec["countries"])]
        start = datetime.date(YEAR, 1, 13) + datetime.timedelta(days=(number * 37) % 340)
        end = start + datetime.timedelta(days=rng.choice((0, 1, 2, 4)))
        title = TITLES[activity_type]
        if "%s" in title:
            title = title % topics[0].replace("_", " ")
        participation: dict[tuple[str, str], int] = {(institution, str(gender)): rng.randint(2, 9) for institution in
                         rng.sample(["judiciary", "prosecution", "law_enforcement", "central_authority", "policy"], 2)
                         for gender in (Gender.WOMAN, Gender.MAN)}
        items.append(ActivityData(project=project, fields={
            "reference": f"{spec['code'].upper().replace('+', 'P')}-{YEAR}-{number:03d}", "title": title,
            "activity_type": activity_type, "start_date": start, "end_date": end,
            "activity_format": rng.choice(("in_person", "in_person", "online", "hybrid")),
            "partners": rng.choice(("", "UNODC", "INTERPOL", "European Judicial Training Network")), "outputs": ""},
            topics=topics, countries=[country], participation=participation,
            results=[code for code in TYPE_RESULTS[activity_type] if spec["code"] == "GLACY-e" or code <= "R5"]))
    activities_save(actor=officer, items=items, source="demo")
    programme_year_set(actor=officer, year=YEAR, staff=47, highlights_en=(
        "Training on ransomware, cryptocurrency tracing, darknet markets, online child sexual exploitation and "
        "electronic evidence.\nScenario-based exercises on the misuse of artificial intelligence, virtual assets, "
        "cyberviolence and election interference."), highlights_fr=(
        "Formations sur les rançongiciels, le traçage des cryptomonnaies, les marchés du darknet, l'exploitation "
        "sexuelle des enfants en ligne et la preuve électronique.\nExercices fondés sur des scénarios consacrés à "
        "l'usage abusif de l'intelligence artificielle, aux actifs virtuels, à la cyberviolence et à l'ingérence "
        "électorale."))
    focal = _demo_user("gh.focal-point", Authority.objects.get(country_id="GH", kind=AuthorityKind.CENTRAL_AUTHORITY),
                       "Focal point", [])
    access_grant(actor=officer, user=focal, kind="focal_point", country="GH")
    liaison = Authority.objects.filter(name="EU Delegation – cooperation section (demo)").first() or \
        directory_services.authority_create(actor=None, data={
            "name": "EU Delegation – cooperation section (demo)", "kind": AuthorityKind.PROGRAMME_OFFICE,
            "country_id": "BE", "time_zone": "Europe/Brussels", "email": "eu-delegation@example.org"})
    donor_user = _demo_user("eu.donor", liaison, "Donor", [])
    access_grant(actor=officer, user=donor_user, kind="donor", donor=donors["European Union"])
    return logins + _reader_logins()


def _reader_logins() -> list[dict[str, Any]]:
    return [{"username": user.username, "authority": user.authority.name if user.authority else "",
             "roles": [f"programme access: {grant.get_kind_display()}" for grant in user.programme_access.all()]}
            for user in User.objects.filter(username__in=["gh.focal-point", "eu.donor"]).select_related("authority")]


def _pick(number: int, weights: list[int]) -> int:
    position = (number * 7919) % sum(weights)
    for index, weight in enumerate(weights):
        if position < weight:
            return index
        position -= weight
    return len(weights) - 1


def _glacy_framework(officer: User, project: Project, eu: Donor) -> None:
    results = {result.code: result for result in project.results.all()}
    live = [("R1", "Activities on policy and legislation", "Activités sur les politiques et la législation",
             "activities_policy_legislation", 40, 60),
            ("R1", "Parties to the Convention on Cybercrime", "Parties à la Convention sur la cybercriminalité",
             "parties_ets185", 66, 85),
            ("R2", "Laws reviewed against the Convention", "Lois examinées au regard de la Convention",
             "laws_reviewed", 0, 10),
            ("R3", "Judges and prosecutors trained", "Juges et procureurs formés", "people_trained", 0, 400),
            ("R3", "Knowledge gain in judicial training (points)", "Gain de connaissances (points)",
             "knowledge_gain", 0, 20),
            ("R5", "Cooperation requests sent through the platform", "Demandes de coopération envoyées",
             "requests_handled", 0, 50)]
    for code, title, title_fr, source, baseline, target in live:
        indicator_create(actor=officer, result=results[code], data={
            "title": title, "title_fr": title_fr, "source": source, "baseline_value": baseline,
            "baseline_year": 2020, "target_value": target, "target_year": 2026,
            "means_of_verification": "Computed by GLACY from its records."})
    assessed = indicator_create(actor=officer, result=results["R7"], data={
        "title": "Countries with a progress assessment", "title_fr": "Pays ayant fait l'objet d'une évaluation",
        "source": "entered", "baseline_value": 0, "baseline_year": 2020, "target_value": 15, "target_year": 2026,
        "means_of_verification": "Assessment reports filed by the programme office."})
    indicator_value_set(actor=officer, indicator=assessed, kind="milestone", year=2025, value=10)
    indicator_value_set(actor=officer, indicator=assessed, kind="actual", year=2025, value=12,
                        note="Assessment reports of 12 priority countries.")
    for year in range(2024, 2027):
        budget_add(actor=officer, project=project, period_start=datetime.date(year, 1, 1),
                   period_end=datetime.date(year, 12, 31), value=decimal.Decimal("3100000"))
    transaction_add(actor=officer, project=project, kind="1", date=datetime.date(YEAR, 2, 14),
                    value=decimal.Decimal("3000000"), donor=eu, description="EU contribution, 2025 instalment")
    transaction_add(actor=officer, project=project, kind="4", date=datetime.date(YEAR, 12, 31),
                    value=decimal.Decimal("2875000"), description="Expenditure 2025")
