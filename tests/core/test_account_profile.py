"""My account: name, e-mail, language, time zone, password and notification preferences."""

from __future__ import annotations

import re
from typing import Any

from glacy.core.models import AuditEvent
from glacy.directory.models import User
from glacy.notifications.models import Preferences
from tests.conftest import PASSWORD


def _actions(user: Any) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user).order_by("occurred_at").values_list("action", flat=True))


def test_profile_changes_are_saved_and_audited_one_kind_each(world: Any, client_for: Any) -> None:
    user = world.users["drafter"]
    http = client_for(user)
    assert "Change password" in http.get("/account/").content.decode()
    before = _actions(user)
    response = http.post("/account/profile/", {"first_name": "Ama", "last_name": "Mensah",
                                               "email": "ama@example.org", "language": "fr",
                                               "time_zone": "Asia/Manila"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.get_full_name(), user.email, user.preferred_language, user.time_zone) == (
        "Ama Mensah", "ama@example.org", "fr", "Asia/Manila")
    assert _actions(user)[len(before):] == ["user.update_profile", "user.set_language", "user.set_time_zone"]
    # Saving the same values again records nothing.
    http.post("/account/profile/", {"first_name": "Ama", "last_name": "Mensah", "email": "ama@example.org",
                                    "language": "fr", "time_zone": "Asia/Manila"})
    assert len(_actions(user)) == len(before) + 3
    refused = http.post("/account/profile/", {"email": "not-an-address", "language": "fr", "time_zone": "Mars/Base"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="id_email_errors"' in html
    assert 'id="id_time_zone_errors"' in html
    user.refresh_from_db()
    assert user.email == "ama@example.org"


def test_password_change_needs_the_current_one(world: Any, client_for: Any) -> None:
    user = world.users["drafter"]
    http = client_for(user)
    new = "a-much-longer-passphrase-2026"
    wrong = http.post("/account/password/", {"old_password": "guess", "new_password1": new, "new_password2": new})
    assert wrong.status_code == 400
    assert "This is not your current password." in wrong.content.decode()
    weak = http.post("/account/password/", {"old_password": PASSWORD, "new_password1": "12345678901",
                                            "new_password2": "12345678901"})
    assert weak.status_code == 400
    assert "This password is entirely numeric." in weak.content.decode()
    assert http.post("/account/password/", {"old_password": PASSWORD, "new_password1": new,
                                            "new_password2": new}).status_code == 302
    assert User.objects.get(pk=user.pk).check_password(new)
    assert http.get("/account/").status_code == 200  # still signed in on this browser
    event = AuditEvent.objects.filter(actor=user, action="user.change_password").get()
    assert (event.before, event.after) == (None, None)


def test_notification_preferences(world: Any, client_for: Any) -> None:
    user = world.users["approver"]
    http = client_for(user)
    response = http.post("/account/notifications/", {"email": "immediate", "muted": ["state_changed"]})
    assert response.status_code == 302
    preferences = Preferences.objects.get(user=user)
    assert (preferences.email, preferences.muted) == ("immediate", ["state_changed"])
    assert http.post("/account/notifications/", {"email": "hourly"}).status_code == 400
    html = http.get("/account/").content.decode()
    assert re.search(r'<input type="radio" name="email" value="immediate"[^>]*checked', html)
    assert re.search(r'<input type="checkbox" name="muted" value="state_changed"[^>]*checked', html)
