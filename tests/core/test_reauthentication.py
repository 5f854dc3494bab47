"""Switching the second factor off and issuing an API token ask for the password or a current code (item 6)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from glacy.core.models import ApiToken, AuditEvent
from tests.conftest import PASSWORD

WRONG = "This is not your password or a current code."


def _current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _signed_in_with_device(user: Any) -> tuple[Client, TOTPDevice]:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD,
                                       "otp_token": _current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # the test uses the code of the same time step again
    device.save()
    return client, device


def _disable(client: Client, confirmation: str | None) -> Any:
    data = {} if confirmation is None else {"disable-confirmation": confirmation}
    return client.post("/account/security/totp/disable/", data)


def test_disabling_the_second_factor_needs_the_password(world: Any) -> None:
    user = world.users["drafter"]
    client, device = _signed_in_with_device(user)
    events_before = AuditEvent.objects.count()
    missing = _disable(client, None)
    assert missing.status_code == 400
    assert missing.context["disable_form"].errors == {"confirmation": ["This field is required."]}
    wrong = _disable(client, "not-my-password")
    assert wrong.status_code == 400
    assert wrong.context["disable_form"].errors == {"confirmation": [WRONG]}
    assert WRONG in wrong.content.decode()
    assert (TOTPDevice.objects.filter(pk=device.pk).count(), AuditEvent.objects.count()) == (1, events_before)

    done = _disable(client, PASSWORD)
    assert (done.status_code, done["Location"]) == (302, "/account/security/")
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert list(AuditEvent.objects.filter(action="user.disable_two_factor").values_list("actor_name", flat=True)) == [
        user.username]


def test_a_current_code_also_confirms(world: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise makes the next try wait after a wrong code
    user = world.users["drafter"]
    client, device = _signed_in_with_device(user)
    assert _disable(client, "000000" if _current_code(device) != "000000" else "111111").status_code == 400
    assert _disable(client, _current_code(device)).status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 0


def test_issuing_a_token_needs_the_password(world: Any, client_for: Any) -> None:
    user = world.users["drafter"]
    client = client_for(user)
    page = client.get("/account/security/")
    assert page.context["token_form"].fields["confirmation"].label == "Your password"
    missing = client.post("/account/tokens/", {"name": "ci", "scopes": ["read"]})
    assert missing.status_code == 400
    assert missing.context["token_form"].errors == {"confirmation": ["This field is required."]}
    wrong = client.post("/account/tokens/", {"name": "ci", "scopes": ["read"], "confirmation": "guess-one"})
    assert (wrong.status_code, wrong.context["token_form"].errors) == (400, {"confirmation": [WRONG]})
    assert ApiToken.objects.filter(user=user).count() == 0

    issued = client.post("/account/tokens/", {"name": "ci", "scopes": ["read"], "confirmation": PASSWORD})
    assert (issued.status_code, issued["Location"]) == (302, "/account/security/")
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.scopes) == ("ci", ["read"])
    shown = client.get("/account/security/")
    assert shown.context["new_token"].startswith("glc_")


def test_right_password_with_a_bad_name_issues_nothing_and_says_why(world: Any, client_for: Any) -> None:
    client = client_for(world.users["drafter"])
    response = client.post("/account/tokens/", {"name": "ci", "scopes": ["admin"], "confirmation": PASSWORD})
    assert response.status_code == 400
    assert response.context["token_form"].errors == {
        "scopes": ["Select a valid choice. admin is not one of the available choices."]}
    assert ApiToken.objects.count() == 0


def test_a_user_with_a_device_may_confirm_a_token_with_a_code(world: Any) -> None:
    user = world.users["drafter"]
    client, device = _signed_in_with_device(user)
    assert client.get("/account/security/").context["token_form"].fields["confirmation"].label == (
        "Your password or a current code from your authenticator app")
    issued = client.post("/account/tokens/", {"name": "ci", "scopes": ["read", "write"],
                                              "confirmation": _current_code(device)})
    assert issued.status_code == 302
    assert ApiToken.objects.get(user=user).scopes == ["read", "write"]


def test_five_wrong_confirmations_sign_the_session_out(world: Any, client_for: Any) -> None:
    client = client_for(world.users["drafter"])
    for _attempt in range(4):
        assert client.post("/account/tokens/", {"name": "x", "scopes": ["read"],
                                                "confirmation": "guess"}).status_code == 400
    fifth = client.post("/account/tokens/", {"name": "x", "scopes": ["read"], "confirmation": "guess"}, follow=True)
    assert fifth.redirect_chain == [("/login/", 302)]
    assert [str(message) for message in fifth.context["messages"]] == [
        "Too many wrong confirmations: you have been signed out. Sign in again."]
    assert client.get("/account/security/").status_code == 302
    assert ApiToken.objects.count() == 0


def test_a_right_confirmation_resets_the_count(world: Any, client_for: Any) -> None:
    client = client_for(world.users["drafter"])
    for _round in range(2):
        for _attempt in range(4):
            client.post("/account/tokens/", {"name": "x", "scopes": ["read"], "confirmation": "guess"})
        assert client.post("/account/tokens/", {"name": "x", "scopes": ["read"],
                                                "confirmation": PASSWORD}).status_code == 302
    assert ApiToken.objects.count() == 2
