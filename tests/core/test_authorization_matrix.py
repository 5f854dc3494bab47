"""Generated authorization tests: every route × every persona, including a user of a foreign authority."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from glacy.core.models import AuditEvent
from tests.authorization import PERSONAS, REQUEST_ROUTES, ROUTES, Route


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


BEFORE_SENDING = {"draft": [], "awaiting_approval": ["submit_for_approval"],
                  "approved": ["submit_for_approval", "approve"]}


def _request_to_foreign(world: Any, state: str) -> Any:
    """A complete Art. 31 request addressed to the foreign authority, brought to a state before sending."""
    from glacy.cooperation.services.documents import request_document_generate
    from glacy.cooperation.services.workflow import request_transition
    from tests.cooperation.helpers import build_complete_request

    request = build_complete_request(world, "ETS185-31", requested=world.foreign)
    document = request_document_generate(actor=world.users["drafter"], request=request, file_format="pdf")
    for action in BEFORE_SENDING[state]:
        actor = world.users["approver" if action == "approve" else "drafter"]
        request = request_transition(actor=actor, request=request, action=action)
    assert request.status == state
    return request, document


@pytest.mark.parametrize("state", sorted(BEFORE_SENDING))
@pytest.mark.parametrize("name", sorted(REQUEST_ROUTES))
def test_requested_side_gets_404_from_every_request_route_before_sending(
        state: str, name: str, world: Any, client_for: Any, api_client_for: Any) -> None:
    request, document = _request_to_foreign(world, state)
    spec = REQUEST_ROUTES[name]
    kwargs: dict[str, Any] = {"pk": request.pk} if spec.get("api") else {"request_id": request.pk}
    if spec.get("identifier"):
        kwargs["identifier_id"] = request.identifiers.get().pk
    if spec.get("document"):
        kwargs["document_id"] = document.pk
    url = reverse(name, kwargs=kwargs)
    foreign = world.users["foreign"]
    http = api_client_for(foreign) if spec.get("api") else client_for(foreign)
    before = (AuditEvent.objects.count(), request.events.count(), request.documents.count())
    if spec.get("api"):
        response = getattr(http, spec["method"])(url, spec.get("data", {}), format="json")
    else:
        response = getattr(http, spec["method"])(url, spec.get("data", {}))
    assert response.status_code == 404, (name, state, response.status_code)
    assert (AuditEvent.objects.count(), request.events.count(), request.documents.count()) == before
    request.refresh_from_db()
    assert request.status == state


@pytest.mark.parametrize("state", sorted(BEFORE_SENDING))
def test_requested_side_lists_and_counts_nothing_before_sending(state: str, world: Any, client_for: Any,
                                                                 api_client_for: Any) -> None:
    request, _document = _request_to_foreign(world, state)
    foreign = world.users["foreign"]
    page = client_for(foreign).get(reverse("request-list")).content.decode()
    assert request.reference not in page
    api = api_client_for(foreign)
    assert api.get("/api/v1/requests/").json()["count"] == 0
    assert api.get("/api/v1/requests/", {"status": state}).json()["count"] == 0
    home = client_for(foreign).get(reverse("home")).content.decode()
    assert request.reference not in home
    # Once sent, the requested side sees it, in its list and by its id.
    from glacy.cooperation.services.workflow import request_transition

    if state == "approved":
        request_transition(actor=world.users["drafter"], request=request, action="send")
        assert api.get("/api/v1/requests/").json()["count"] == 1
        assert client_for(foreign).get(reverse("request-detail", kwargs={"request_id": request.pk})).status_code \
            == 200
