"""Generated authorization tests: every route × every persona, including a user of a foreign authority."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from glacy.core.models import AuditEvent
from tests.authorization import PERSONAS, ROUTES, Route


def _named_routes(patterns: list[Any] | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the operator back-office: covered by test_admin_is_for_operators_only
            names |= _named_routes(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_route_has_an_authorization_rule() -> None:
    missing = sorted(_named_routes() - set(ROUTES))
    assert missing == [], f"Add these routes to tests/authorization.py: {missing}"


def _expected_status(route: Route, persona: str) -> int:
    if persona == "anonymous":
        if route.is_public:
            return route.ok_status
        return 401 if route.is_api else 302
    if route.overrides and persona in route.overrides:
        return route.overrides[persona]
    if persona in route.allowed:
        return route.ok_status
    if persona == "foreign" and route.foreign_status is not None:
        return route.foreign_status
    return route.denied_status


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_each_persona_as_its_rule_says(name: str, world: Any, client_for: Any, client: Any) -> None:
    route = ROUTES[name]
    outcomes = {}
    for persona in PERSONAS:
        url = reverse(name, kwargs=route.kwargs(world))  # per persona: a route may consume its object
        http = client if persona == "anonymous" else client_for(world.users[persona])
        events_before = AuditEvent.objects.count()
        if route.is_api and route.method in {"post", "patch"}:
            response = getattr(http, route.method)(url, route.data(world), content_type="application/json")
        else:
            response = getattr(http, route.method)(url, route.data(world))
        outcomes[persona] = response.status_code
        expected = _expected_status(route, persona)
        if response.status_code != expected:
            continue
        if persona == "anonymous" and not route.is_public and not route.is_api:
            assert response["Location"].startswith("/login/"), (name, response["Location"])
        if route.method in {"post", "patch", "delete"} and expected != route.ok_status:
            assert AuditEvent.objects.count() == events_before, f"{name} refused {persona} but changed data"
    expected_outcomes = {persona: _expected_status(route, persona) for persona in PERSONAS}
    assert outcomes == expected_outcomes


@pytest.mark.parametrize("path", ["/admin/", "/admin/core/auditevent/", "/admin/directory/user/"])
def test_admin_is_for_operators_only(path: str, world: Any, client_for: Any, client: Any) -> None:
    for persona in ("anonymous", "administrator", "foreign"):
        http = client if persona == "anonymous" else client_for(world.users[persona])
        response = http.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_foreign_private_person_is_invisible_everywhere(world: Any, client_for: Any, api_client_for: Any) -> None:
    person = world.objects["own_person"]
    foreign_user = world.users["foreign"]
    assert client_for(foreign_user).get(reverse("person-edit", kwargs={"person_id": person.pk})).status_code == 404
    api = api_client_for(foreign_user)
    assert api.get(f"/api/v1/people/{person.pk}/").status_code == 404
    listed = {row["id"] for row in api.get("/api/v1/people/").json()["results"]}
    assert str(person.pk) not in listed
    assert str(world.objects["foreign_contact"].pk) in listed
