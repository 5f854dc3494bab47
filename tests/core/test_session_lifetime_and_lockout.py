"""Sessions end when idle or too old (item 9); an address is locked out after a password spray (item 10)."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client

from glacy.core.middleware import LAST_SEEN, SIGNED_IN_AT
from tests.conftest import PASSWORD


def _signed_in(user: Any) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _shift(client: Client, **seconds_ago: float) -> None:
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_sign_in_starts_both_clocks(world: Any) -> None:
    before = time.time()
    client = _signed_in(world.users["drafter"])
    assert before <= client.session[SIGNED_IN_AT] == client.session[LAST_SEEN] <= time.time()


def test_idle_session_is_signed_out_with_a_message(world: Any, settings: Any) -> None:
    assert (settings.GLACY_SESSION_IDLE_MINUTES, settings.GLACY_SESSION_MAX_HOURS) == (30, 12)
    client = _signed_in(world.users["drafter"])
    _shift(client, glacy_last_seen=29 * 60)
    assert client.get("/cooperation/cases/").status_code == 200
    _shift(client, glacy_last_seen=31 * 60)
    response = client.get("/cooperation/cases/", follow=True)
    assert response.redirect_chain == [("/login/?next=/cooperation/cases/", 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "You were signed out after 30 minutes without activity. Sign in again."]
    assert "_auth_user_id" not in client.session


def test_idle_timeout_is_configurable_and_applies_to_the_api_session(world: Any, settings: Any) -> None:
    settings.GLACY_SESSION_IDLE_MINUTES = 5
    client = _signed_in(world.users["drafter"])
    _shift(client, glacy_last_seen=6 * 60)
    assert client.get("/api/v1/cases/").status_code == 401


def test_activity_keeps_the_session_but_not_beyond_twelve_hours(world: Any) -> None:
    client = _signed_in(world.users["drafter"])
    _shift(client, glacy_signed_in_at=11 * 3600, glacy_last_seen=120)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5  # the request counted as activity
    _shift(client, glacy_signed_in_at=12 * 3600 + 1)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/login/?next=/", 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Your session has ended after 12 hours. Sign in again."]


def test_the_session_cookie_lives_no_longer_than_the_session(world: Any, settings: Any) -> None:
    response = Client().post("/login/", {"username": world.users["drafter"].username, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # ends with the browser
    assert settings.SESSION_COOKIE_AGE == 12 * 3600  # and the server forgets it after 12 hours


def _attempt(client: Client, username: str, password: str, address: str) -> Any:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_password_spray_from_one_address_locks_that_address(world: Any, settings: Any, client: Client) -> None:
    settings.AXES_ENABLED = True
    assert (settings.AXES_FAILURE_LIMIT, settings.GLACY_LOGIN_ADDRESS_FAILURE_LIMIT) == (5, 20)
    for number in range(19):  # one try per account: no account reaches its own limit
        assert _attempt(client, f"victim-{number}", "Spring2026!", "203.0.113.7").status_code == 200
    assert _attempt(Client(), "own-drafter", PASSWORD, "203.0.113.7").status_code == 302  # under the limit
    assert _attempt(client, "victim-19", "Spring2026!", "203.0.113.7").status_code == 429
    locked = _attempt(Client(), "own-approver", PASSWORD, "203.0.113.7")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert _attempt(Client(), "own-approver", PASSWORD, "198.51.100.4").status_code == 302  # another address


def test_an_own_account_does_not_reset_the_address_count(world: Any, settings: Any, client: Client) -> None:
    settings.AXES_ENABLED = True
    settings.GLACY_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for number in range(4):
        _attempt(client, f"victim-{number}", "guess", "203.0.113.9")
    assert _attempt(Client(), "own-drafter", PASSWORD, "203.0.113.9").status_code == 302
    _attempt(client, "victim-4", "guess", "203.0.113.9")
    _attempt(client, "victim-5", "guess", "203.0.113.9")
    assert _attempt(Client(), "own-drafter", PASSWORD, "203.0.113.9").status_code == 429


def test_own_typos_are_forgiven_by_a_successful_sign_in(world: Any, settings: Any, client: Client) -> None:
    settings.AXES_ENABLED = True
    for _round in range(3):
        for _typo in range(4):
            assert _attempt(client, "own-drafter", "typo", "192.0.2.1").status_code == 200
        assert _attempt(Client(), "own-drafter", PASSWORD, "192.0.2.1").status_code == 302
