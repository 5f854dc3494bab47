"""Cases: references, offences by Convention article, audit per entry point, scoping."""

from __future__ import annotations

from typing import Any

import pytest

from glacy.cooperation.models import Case
from glacy.cooperation.services.cases import case_open, clean_offence_articles
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent


def test_case_references_are_numbered_per_country_and_year(world: Any) -> None:
    first = world.objects["case"]
    second = case_open(actor=world.users["approver"], data={"title": "Phishing campaign"})
    year = first.created_at.year
    assert (first.reference, second.reference) == (f"GH-CASE-{year}-0001", f"GH-CASE-{year}-0002")


@pytest.mark.parametrize(("raw", "expected"), [
    ("ETS185:2, ets185:8", ["ETS185:2", "ETS185:8"]),
    (["ETS 185 Art. 9", "ETS185:9"], ["ETS185:9"]),
    ("ETS189:3", ["ETS189:3"]),
    # As people write them (issue 11): never require the code. A bare number is the Convention's article.
    ("Art. 7", ["ETS185:7"]),
    ("7; art 8", ["ETS185:7", "ETS185:8"]),
    (["STE 185 art. 2", "ETS 189 Article 5"], ["ETS185:2", "ETS189:5"]),
    (["ETS 185 Art. 7 – Computer-related forgery"], ["ETS185:7"]),
])
def test_offence_articles_are_normalised(raw: Any, expected: list[str]) -> None:
    assert clean_offence_articles(raw) == expected


def test_offence_articles_are_found_by_words_of_their_title_in_either_language(world: Any) -> None:
    assert clean_offence_articles(["forgery", "Fraude informatique", "child pornography"]) == [
        "ETS185:7", "ETS185:8", "ETS185:9"]
    with pytest.raises(ValidationFailed) as error:
        clean_offence_articles("computer")  # in several titles: not guessed
    assert "“computer” is not an offence article" in error.value.errors["offence_articles"][0]


def test_an_article_that_is_not_an_offence_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationFailed) as error:
        clean_offence_articles("ETS185:29")
    assert error.value.errors == {"offence_articles": [
        "“ETS185:29” is not an offence article: give its number (Art. 7), its citation (ETS 189 Art. 3) or words "
        "of its title (forgery); offences are ETS 185 Arts 2 to 11 and ETS 189 Arts 3 to 7."]}


def test_opening_a_case_needs_a_drafting_role(world: Any) -> None:
    before = (Case.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        case_open(actor=world.users["custodian"], data={"title": "Not allowed"})
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_web_case_open_records_one_event_and_the_api_one_more(world: Any, client_for: Any,
                                                               api_client_for: Any) -> None:
    api = api_client_for(world.users["drafter"])  # issuing the token is itself audited: do it first
    before = AuditEvent.objects.count()
    response = client_for(world.users["drafter"]).post("/cooperation/cases/new/", {
        "title": "Business e-mail compromise", "offence_articles": ["ETS185:7", "ETS185:8"],
        "summary_of_facts": "Invoice fraud.", "contains_personal_data": "on"})
    case = Case.objects.get(title="Business e-mail compromise")
    assert response.status_code == 302
    assert case.offence_articles == ["ETS185:7", "ETS185:8"]
    patched = api.patch(f"/api/v1/cases/{case.pk}/", {"is_urgent": True}, format="json")
    assert patched.status_code == 200
    events = list(AuditEvent.objects.order_by("occurred_at"))[before:]
    assert [(event.action, event.channel) for event in events] == [("case.open", "web"), ("case.update", "api")]
    assert events[1].after == {"is_urgent": True}


def test_bad_case_input_answers_400_and_creates_nothing(world: Any, client_for: Any, api_client_for: Any) -> None:
    api_client = api_client_for(world.users["drafter"])
    before = (Case.objects.count(), AuditEvent.objects.count())
    page = client_for(world.users["drafter"]).post("/cooperation/cases/new/", {"title": "", "offence_articles": "x"})
    assert page.status_code == 400
    assert page.context["form"].errors["offence_articles"] == [
        "“x” is not an offence article: give its number (Art. 7), its citation (ETS 189 Art. 3) or words of its "
        "title (forgery); offences are ETS 185 Arts 2 to 11 and ETS 189 Arts 3 to 7."]
    api = api_client.post("/api/v1/cases/", {"title": ""}, format="json")
    assert api.status_code == 400
    assert api.json() == {"title": ["This field may not be blank."]}
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_foreign_authority_cannot_see_the_case(world: Any, api_client_for: Any, client_for: Any) -> None:
    case = world.objects["case"]
    foreign = world.users["foreign"]
    assert client_for(foreign).get(f"/cooperation/cases/{case.pk}/").status_code == 404
    assert api_client_for(foreign).get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert api_client_for(foreign).get("/api/v1/cases/").json()["count"] == 0
