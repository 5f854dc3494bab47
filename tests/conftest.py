"""Shared fixtures: a small world of two countries with authorities, users for every role, and clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from glacy.core.permissions import Role
from tests.factories import AuthorityFactory, CountryFactory, PersonFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    """Authority `own` (country AA) and a foreign authority (country BB), with users and private records."""

    own: Any
    foreign: Any
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the shipped treaty reference data (countries, instruments, statuses) once per test database."""
    from glacy.core.context import origin
    from glacy.treaty.services import reference_data_load

    with django_db_blocker.unblock(), origin("system"):
        reference_data_load(actor=None)


@pytest.fixture(scope="session", autouse=True)
def _sqlite_flush_keeps_append_only_triggers() -> Any:
    """Transactional tests (live servers, migrations) empty the database with DELETE on SQLite, which the
    append-only triggers of the custody log refuse (PostgreSQL truncates, which row triggers do not see): the
    flush lifts every trigger and puts it back in the same transaction, so no test runs without them."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    DatabaseOperations = DatabaseWrapper.ops_class
    original = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
            triggers = cursor.fetchall()
        return [*(f'DROP TRIGGER "{name}";' for name, _sql in triggers), *statements,
                *(f"{sql};" for _name, sql in triggers)]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _english_by_default() -> Any:
    """Each test starts in English whatever language an earlier request in this worker activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_counters() -> None:
    """API throttle counters start from zero in each test (user ids repeat from one test to the next)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_and_data_dirs(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.NODE_KEY_PATH = tmp_path / "keys" / "node.pem"
    settings.CUSTODY_TRUST_PATH = tmp_path / "keys" / "trusted_keys.txt"
    settings.CHECKPOINT_JOURNAL_PATH = tmp_path / "keys" / "checkpoints.jsonl"
    settings.TSA_CERTIFICATES = tmp_path / "keys" / "tsa_roots.pem"
    settings.TSA_URL = ""
    settings.AXES_ENABLED = False


@pytest.fixture
def world(db: Any, tmp_path: Any) -> World:
    own_country = CountryFactory(code="GH", alpha3="GHA", name_en="Ghana", name_fr="Ghana")
    foreign_country = CountryFactory(code="PH", alpha3="PHL", name_en="Philippines", name_fr="Philippines")
    own = AuthorityFactory(country=own_country, name="Own Prosecution Service")
    foreign = AuthorityFactory(country=foreign_country, name="Foreign Prosecution Service")
    world = World(own=own, foreign=foreign)
    for role in Role:
        world.users[role.value] = UserFactory(username=f"own-{role.value}", authority=own, roles=[role.value])
    world.users["no_role"] = UserFactory(username="own-no-role", authority=own, roles=[])
    world.users["foreign"] = UserFactory(username="foreign-all-roles", authority=foreign, roles=list(Role.values))
    world.objects["own_person"] = PersonFactory(authority=own, full_name="Private Own Person", is_contact_point=False)
    world.objects["foreign_person"] = PersonFactory(authority=foreign, full_name="Private Foreign Person",
                                                    is_contact_point=False)
    world.objects["foreign_contact"] = PersonFactory(authority=foreign, full_name="Foreign Contact Point",
                                                     is_contact_point=True)
    from glacy.core.audit import record_event
    from glacy.treaty.models import Article, Declaration, PartyStatus

    with transaction.atomic():
        record_event(actor=world.users["administrator"], action="test.own", obj=own)
        record_event(actor=world.users["foreign"], action="test.foreign", obj=foreign)
    world.objects["status"] = PartyStatus.objects.get(instrument_id="ETS185", country_id="GH")
    world.objects["article"] = Article.objects.get(instrument_id="ETS185", number="29")
    world.objects["declaration"] = Declaration.objects.order_by("pk").first()
    from glacy.cooperation.services.cases import case_open

    world.objects["case"] = case_open(actor=world.users["drafter"], data={
        "title": "Ransomware attack on the national hospital", "offence_articles": ["ETS185:5", "ETS185:8"],
        "summary_of_facts": "Hospital systems encrypted on 2 March; ransom demanded in bitcoin.",
    })
    from glacy.cooperation.services.documents import request_document_generate
    from glacy.cooperation.services.requests import request_create, request_identifier_add

    request = request_create(actor=world.users["drafter"], case=world.objects["case"], request_type="ETS185-29",
                             requested_authority=AuthorityFactory(country=own_country, name="Third authority"),
                             content={"summary_of_facts": "Draft preservation request."})
    world.objects["request"] = request
    world.objects["identifier"] = request_identifier_add(
        actor=world.users["drafter"], request=request, kind="email", raw={"value": "suspect@example.org"})
    world.objects["document"] = request_document_generate(actor=world.users["drafter"], request=request,
                                                          file_format="docx")
    from glacy.evidence.services.ingest import evidence_ingest

    exhibit = tmp_path / "phone-extraction.bin"
    exhibit.write_bytes(b"extraction of the suspect's phone" * 100)
    world.objects["evidence"] = evidence_ingest(actor=world.users["custodian"], case=world.objects["case"],
                                                path=exhibit, description="Phone extraction")
    from glacy.evidence.services.jobs import ingest_job_create

    world.objects["ingest_job"] = ingest_job_create(
        actor=world.users["custodian"], case=world.objects["case"], chunks=[b"queued upload"],
        original_name="queued.bin", options={"description": "Queued upload"})
    _add_legislation(world)
    _add_programme(world)
    return world


def _add_programme(world: World) -> None:
    """A project of the own office (in GH, funded by a donor) with an activity, an entered indicator, a training
    session with a tested participant and a certificate; a focal point for GH and the donor's representative
    (both of the own authority, holding no role: they read through their programme access only)."""
    import datetime

    from glacy.programme.models.vocabulary import FundingType
    from glacy.programme.services.activities import ActivityData, activities_save
    from glacy.programme.services.projects import (
        access_grant,
        donor_create,
        indicator_create,
        project_create,
        result_create,
    )
    from glacy.training.services.certificates import certificate_issue
    from glacy.training.services.courses import course_create, question_add, session_create
    from glacy.training.services.participants import participant_add, test_attempt_record

    officer = world.users["programme_officer"]
    donor = donor_create(actor=officer, name="European Union", iati_ref="XI-IATI-EC_INTPA", iati_type="15")
    project = project_create(actor=officer, data={
        "code": "GLACY-T", "iati_identifier": "XM-DAC-47066-GLACY-T", "title": "Test project",
        "funding_type": FundingType.JOINT_EU_COE, "start_date": datetime.date(2024, 1, 1),
        "end_date": datetime.date(2026, 12, 31), "budget": 1000000}, countries=["GH"], donors=[donor])
    result_create(actor=officer, project=project, code="R1", title="Decision-makers")
    r3 = result_create(actor=officer, project=project, code="R3", title="Judicial training")
    world.objects["project"] = project
    world.objects["indicator"] = indicator_create(actor=officer, result=r3, data={
        "title": "Training institutions with a curriculum", "source": "entered"})
    (world.objects["activity"],) = activities_save(actor=officer, items=[ActivityData(
        project=project, fields={"reference": "T-2025-001", "title": "Legislative workshop",
                                 "activity_type": "legislative_advice", "start_date": datetime.date(2025, 3, 3),
                                 "end_date": datetime.date(2025, 3, 4)},
        topics=["policy_legislation"], results=["R1"], countries=["GH"],
        participation={("policy", "woman"): 4, ("policy", "man"): 6})])
    course = course_create(actor=officer, data={"code": "INTRO", "title": "Introductory judicial course",
                                                "level": "introductory", "audience": "judges_prosecutors"},
                           topics=["electronic_evidence"])
    for number in range(1, 5):
        question_add(actor=officer, course=course, text=f"Question {number}", choices=["a", "b", "c"], correct=2)
    session = session_create(actor=officer, course=course, country="GH", project=project, reference="T-2025-002",
                             start_date=datetime.date(2025, 5, 5), end_date=datetime.date(2025, 5, 9),
                             results=["R3"])
    world.objects["session"] = session
    participant = participant_add(actor=officer, session=session, has_consent=True, data={
        "full_name": "Abena Owusu", "email": "abena@example.org", "institution_type": "judiciary",
        "gender": "woman", "attended": True})
    test_attempt_record(actor=officer, participant=participant, phase="pre", answers={"1": 2, "2": 1})
    test_attempt_record(actor=officer, participant=participant, phase="post", answers={"1": 2, "2": 2, "3": 2})
    world.objects["participant"] = participant
    world.objects["certificate"] = certificate_issue(actor=officer, participant=participant)
    world.users["focal_point"] = UserFactory(username="own-focal-point", authority=world.own, roles=[])
    world.users["donor"] = UserFactory(username="own-donor", authority=world.own, roles=[])
    access_grant(actor=officer, user=world.users["focal_point"], kind="focal_point", country="GH")
    access_grant(actor=officer, user=world.users["donor"], kind="donor", donor=donor)


def _add_legislation(world: World) -> None:
    """A law of the own country imported by the own reviewer, one accepted suggestion, and an assessment."""
    from glacy.legislation.services.assessments import assessment_create
    from glacy.legislation.services.laws import law_import
    from glacy.legislation.services.mappings import suggestion_accept
    from tests.legislation.sample_laws import ENGLISH_ACT

    reviewer = world.users["reviewer"]
    law = law_import(actor=reviewer, country_code="GH", title="Computer Misuse Act", file_name="act.txt",
                     data=ENGLISH_ACT.encode())
    world.objects["law"] = law
    accepted = law.provisions.get(ref="Section 2").suggestions.get(rank=1)
    world.objects["mapping"] = suggestion_accept(actor=reviewer, suggestion=accepted)
    world.objects["suggestion"] = law.provisions.get(ref="Section 3").suggestions.get(rank=1)
    world.objects["provision"] = law.provisions.get(ref="Section 4")
    world.objects["assessment"] = assessment_create(actor=reviewer, country_code="GH", instrument_code="ETS185",
                                                    laws=[law])
    world.objects["assessment_row"] = world.objects["assessment"].rows.get(article__number="2")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from glacy.legislation.services.jobs import law_import_job_create

    world.objects["law_import_job"] = law_import_job_create(
        actor=reviewer, upload=SimpleUploadedFile("queued.txt", b"Section 1. Queued law."),
        options={"country_code": "GH", "title": "Queued law", "kind": "act", "language": "", "adopted_on": None})


@pytest.fixture
def client_for():
    """A logged-in web client for a given user."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for():
    """An API client authenticated with a fresh token of the given scopes."""
    from glacy.core.services import api_token_create

    def make(user: Any, scopes: tuple[str, ...] = ("read", "write")) -> APIClient:
        _token, key = api_token_create(user=user, name="test", scopes=scopes)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
