"""Paging parameters the API cannot read are refused with the parameter named, not silently ignored."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("query", "field", "message"), [
    ("offset=null", "offset", "Must be a whole number."),
    ("limit=-3", "limit", "Must be at least 1."),
    ("limit=0", "limit", "Must be at least 1."),
    ("offset=-1", "offset", "Must be at least 0."),
    ("offset=1&offset=2", "offset", "Give this parameter once."),
])
def test_bad_paging_is_refused(world: Any, api_client_for: Any, query: str, field: str, message: str) -> None:
    response = api_client_for(world.users["drafter"]).get(f"/api/v1/countries/?{query}")
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_paging_works_and_is_capped(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["drafter"])
    page = client.get("/api/v1/countries/?limit=2&offset=1").json()
    everything = client.get("/api/v1/countries/?limit=5000").json()
    assert [country["code"] for country in page["results"]] == [
        country["code"] for country in everything["results"][1:3]]
    assert len(everything["results"]) == min(everything["count"], 1000)


def test_actions_on_one_object_ignore_list_filters(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["reviewer"])
    law = world.objects["law"]
    response = client.get(f"/api/v1/laws/{law.pk}/provisions/?country=ZZ&limit=1")
    assert response.status_code == 200
    assert [provision["ref"] for provision in response.json()] == [
        "Section 1", "Section 2", "Section 3", "Section 4", "Section 5"]


def test_an_unknown_object_in_a_filter_matches_nothing_but_a_bad_choice_is_refused(world: Any,
                                                                                   api_client_for: Any) -> None:
    client = api_client_for(world.users["custodian"])
    assert client.get("/api/v1/evidence/?case=e3e70682-c209-1cac-a29f-6fbed82c07cd").json()["results"] == []
    own_case = client.get(f"/api/v1/evidence/?case={world.objects['case'].pk}").json()["count"]
    assert own_case == 1
    refused = client.get("/api/v1/cases/?status=bogus")
    assert refused.status_code == 400
    assert list(refused.json()) == ["status"]


def test_an_unknown_api_path_answers_json(world: Any, api_client_for: Any) -> None:
    response = api_client_for(world.users["drafter"]).get("/api/v1/people/0.5/")
    assert (response.status_code, response["Content-Type"], response.json()) == (
        404, "application/json", {"detail": "Not found."})


def test_an_unknown_api_path_answers_json_to_a_session_delete_too(world: Any, client_for: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["drafter"])
    response = client.delete("/api/v1/people/0.5/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
