"""Sign-in: demo-style login, throttling after repeated failures, and the optional TOTP second factor."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from glacy.core.models import AuditEvent
from tests.conftest import PASSWORD


def _sign_in(client: Client, username: str, password: str, code: str = "") -> Any:
    return client.post("/login/", {"username": username, "password": password, "otp_token": code})


def _current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_password_sign_in_reaches_the_dashboard(world: Any, client: Client) -> None:
    response = _sign_in(client, "own-drafter", PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_message(world: Any, client: Client) -> None:
    response = _sign_in(client, "own-drafter", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."]


def test_repeated_failures_lock_the_account_for_that_address(world: Any, client: Client, settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        _sign_in(client, "own-drafter", "wrong")
    locked = _sign_in(client, "own-drafter", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert client.get("/").status_code == 302


def test_totp_set_up_then_required_at_sign_in(world: Any, client_for: Any) -> None:
    user = world.users["drafter"]
    http = client_for(user)
    assert http.get("/account/security/totp/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong_code = "000000" if _current_code(device) != "000000" else "111111"
    refused = http.post("/account/security/totp/", {"token": wrong_code})
    assert refused.status_code == 200
    assert refused.context["form"].errors["token"] == ["This code is not valid. Check the time on your device."]
    before = AuditEvent.objects.count()
    confirmed = http.post("/account/security/totp/", {"token": _current_code(device)})
    assert confirmed.status_code == 302
    assert AuditEvent.objects.filter(action="user.enable_two_factor").count() == 1
    assert AuditEvent.objects.count() == before + 1

    fresh = Client()
    without_code = _sign_in(fresh, "own-drafter", PASSWORD)
    assert without_code.status_code == 200
    assert without_code.context["form"].non_field_errors() == ["Enter the current code from your authenticator app."]
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step to be used again in this test
    device.save()
    with_code = _sign_in(fresh, "own-drafter", PASSWORD, _current_code(device))
    assert (with_code.status_code, with_code["Location"]) == (302, "/")
