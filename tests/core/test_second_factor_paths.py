"""Every way into the platform asks for the second factor of an account that has one (issue 16, item 1).

Paths: the sign-in page, the back-office login (`/admin/login/`), the API with a session cookie, and the
issuance of API tokens. A session that did not show an authenticator code cannot use any of them, nor
switch the second factor off.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from glacy.core.models import ApiToken, AuditEvent
from tests.conftest import PASSWORD


def _current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _with_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def _signed_in_with_code(user: Any, device: TOTPDevice) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD,
                                       "otp_token": _current_code(device)})
    assert (response.status_code, response["Location"]) == (302, "/")
    return client


def _password_only_session(user: Any) -> Client:
    """A session opened without the code, as the stock admin login (or any other path) would open one."""
    client = Client()
    client.force_login(user)
    return client


def test_admin_login_page_sends_to_the_platform_sign_in(world: Any, client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/core/auditevent/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/admin/core/auditevent/")
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert "otp_token" in followed.context["form"].fields


def test_password_posted_to_the_admin_login_opens_no_session(world: Any, client: Client) -> None:
    user = world.users["administrator"]
    user.is_staff = user.is_superuser = True
    user.save()
    _with_device(user)
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD,
                                                          "this_is_the_login_form": "1", "next": "/admin/"})
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/admin/")
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/cases/").status_code == 401


def test_an_unverified_session_of_a_user_with_a_device_can_do_nothing(world: Any) -> None:
    user = world.users["drafter"]
    device = _with_device(user)
    events_before = AuditEvent.objects.count()

    page = _password_only_session(user)
    response = page.get("/cooperation/cases/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/cooperation/cases/")
    assert "_auth_user_id" not in page.session  # the session was ended, not merely refused once

    api = _password_only_session(user)
    assert api.get("/api/v1/cases/").status_code == 401

    switch_off = _password_only_session(user)
    response = switch_off.post("/account/security/totp/disable/", {"disable-confirmation": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/account/security/totp/disable/")
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).count() == 1

    issue_token = _password_only_session(user)
    response = issue_token.post("/account/tokens/", {"name": "stolen", "scopes": ["read", "write"],
                                                     "confirmation": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert ApiToken.objects.filter(user=user).count() == 0
    assert AuditEvent.objects.count() == events_before


def test_the_signed_out_session_is_told_why(world: Any) -> None:
    user = world.users["drafter"]
    _with_device(user)
    client = _password_only_session(user)
    response = client.get("/", follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Your session did not include your authenticator code. Sign in again."]


def test_a_session_verified_with_the_code_uses_pages_and_the_api(world: Any) -> None:
    user = world.users["drafter"]
    client = _signed_in_with_code(user, _with_device(user))
    assert client.get("/cooperation/cases/").status_code == 200
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_user_without_a_device_keeps_password_sign_in(world: Any) -> None:
    client = _password_only_session(world.users["drafter"])
    assert client.get("/cooperation/cases/").status_code == 200
    assert client.get("/api/v1/cases/").status_code == 200


def test_enabling_the_second_factor_keeps_this_session_and_ends_the_others(world: Any) -> None:
    user = world.users["drafter"]
    this_browser, other_browser = _password_only_session(user), _password_only_session(user)
    assert this_browser.get("/account/security/totp/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = this_browser.post("/account/security/totp/", {"token": _current_code(device)})
    assert (response.status_code, response["Location"]) == (302, "/account/security/")
    assert this_browser.get("/account/security/").status_code == 200
    assert other_browser.get("/account/security/").status_code == 302


def test_back_office_opens_to_staff_verified_with_a_code(world: Any) -> None:
    user = world.users["administrator"]
    user.is_staff = user.is_superuser = True
    user.save()
    client = _signed_in_with_code(user, _with_device(user))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get("/admin/login/?next=/admin/core/auditevent/")["Location"] == "/admin/core/auditevent/"


def test_back_office_asks_staff_without_a_device_to_enable_one(world: Any, settings: Any) -> None:
    user = world.users["administrator"]
    user.is_staff = user.is_superuser = True
    user.save()
    client = _password_only_session(user)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1] == ("/account/security/", 302)
    assert [str(message) for message in response.context["messages"]] == [
        "The back-office is open only to sessions signed in with a second factor. Enable one below, then open "
        "the back-office again."]
    settings.GLACY_ADMIN_REQUIRES_SECOND_FACTOR = False
    assert client.get("/admin/").status_code == 200


def test_back_office_refuses_signed_in_users_who_are_not_staff(world: Any) -> None:
    client = _password_only_session(world.users["administrator"])
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_back_office_login_ignores_a_next_address_on_another_site(world: Any, client: Client) -> None:
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/login/?next=/admin/"
