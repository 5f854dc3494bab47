"""Every write path (web, API, CLI) leaves exactly one audit event per change; bad input changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.core.context import origin
from glacy.core.models import AuditEvent
from glacy.directory.models import Authority, Person, User


def _events_after(count_before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("-occurred_at")[: AuditEvent.objects.count() - count_before])


def test_web_authority_edit_records_one_event_with_changed_fields_only(world: Any, client_for: Any) -> None:
    admin = world.users["administrator"]
    before = AuditEvent.objects.count()
    response = client_for(admin).post(f"/directory/authorities/{world.own.pk}/edit/", {
        "name": world.own.name, "email": "new-desk@example.org", "time_zone": "Africa/Accra",
        "accepted_languages": "en, fr", "office_hours": "24/7",
    })
    assert response.status_code == 302
    events = _events_after(before)
    assert [(event.action, event.channel, event.actor_id) for event in events] == [
        ("authority.update", "web", admin.pk)]
    assert events[0].after == {"email": "new-desk@example.org", "office_hours": "24/7",
                               "accepted_languages": ["en", "fr"]}
    assert events[0].before == {"email": world.own.email, "office_hours": "Mon–Fri 08:00–17:00",
                                "accepted_languages": ["en"]}


def test_web_authority_edit_with_bad_time_zone_names_the_field_and_changes_nothing(world: Any, client_for: Any) -> None:
    before = AuditEvent.objects.count()
    response = client_for(world.users["administrator"]).post(f"/directory/authorities/{world.own.pk}/edit/", {
        "name": world.own.name, "email": "x@example.org", "time_zone": "Mars/Olympus", "accepted_languages": "en, xx",
    })
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["time_zone"] == ["“Mars/Olympus” is not a known time zone; use a name such as Europe/Paris."]
    assert form.errors["accepted_languages"] == ["“xx” is not a two-letter language code."]
    world.own.refresh_from_db()
    assert (world.own.email, world.own.time_zone, AuditEvent.objects.count()) == (
        world.own.email, "Africa/Accra", before)


def test_web_person_create_edit_delete_each_leave_one_event(world: Any, client_for: Any) -> None:
    http = client_for(world.users["administrator"])
    before = AuditEvent.objects.count()
    response = http.post(f"/directory/authorities/{world.own.pk}/people/new/",
                         {"full_name": "Kofi Boateng", "email": "kofi@example.org", "languages": "en"})
    assert response.status_code == 302
    person = Person.objects.get(full_name="Kofi Boateng")
    http.post(f"/directory/people/{person.pk}/edit/", {"full_name": "Kofi Boateng", "email": "kb@example.org",
                                                       "languages": "en"})
    # Removing is irreversible: an unconfirmed post only asks (the page without JavaScript), nothing changes.
    asked = http.post(f"/directory/people/{person.pk}/delete/")
    assert asked.status_code == 200
    assert "Remove Kofi Boateng from this authority? This cannot be undone." in asked.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    http.post(f"/directory/people/{person.pk}/delete/", {"confirmed": "yes"})
    events = list(reversed(_events_after(before)))
    assert [(event.action, event.channel, event.object_id) for event in events] == [
        ("person.create", "web", str(person.pk)), ("person.update", "web", str(person.pk)),
        ("person.delete", "web", str(person.pk))]
    assert events[1].before == {"email": "kofi@example.org"}
    assert events[2].before["full_name"] == "Kofi Boateng"
    assert not Person.objects.filter(pk=person.pk).exists()


def test_web_person_create_by_non_administrator_changes_nothing(world: Any, client_for: Any) -> None:
    before = (AuditEvent.objects.count(), Person.objects.count())
    response = client_for(world.users["drafter"]).post(f"/directory/authorities/{world.own.pk}/people/new/",
                                                       {"full_name": "Intruder"})
    assert response.status_code == 302
    assert (AuditEvent.objects.count(), Person.objects.count()) == before


def test_api_patch_authority_records_one_api_event(world: Any, api_client_for: Any) -> None:
    api = api_client_for(world.users["administrator"])
    before = AuditEvent.objects.count()
    response = api.patch(f"/api/v1/authorities/{world.own.pk}/", {"office_hours": "Mon–Fri 08:00–16:00"},
                         format="json")
    assert response.status_code == 200
    assert response.json()["office_hours"] == "Mon–Fri 08:00–16:00"
    events = _events_after(before)
    assert [(event.action, event.channel, event.after) for event in events] == [
        ("authority.update", "api", {"office_hours": "Mon–Fri 08:00–16:00"})]


def test_api_bad_payload_answers_400_per_field_and_changes_nothing(world: Any, api_client_for: Any) -> None:
    api = api_client_for(world.users["administrator"])
    before = AuditEvent.objects.count()
    response = api.patch(f"/api/v1/authorities/{world.own.pk}/", {"time_zone": "Nowhere/City",
                                                                  "email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": ["Enter a valid email address."]}
    response = api.patch(f"/api/v1/authorities/{world.own.pk}/", {"time_zone": "Nowhere/City"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "time_zone": ["“Nowhere/City” is not a known time zone; use a name such as Europe/Paris."]}
    assert AuditEvent.objects.count() == before
    assert Authority.objects.get(pk=world.own.pk).time_zone == "Africa/Accra"


def test_api_person_create_update_delete(world: Any, api_client_for: Any) -> None:
    api = api_client_for(world.users["administrator"])
    before = AuditEvent.objects.count()
    created = api.post("/api/v1/people/", {"full_name": "Efua Asante", "languages": ["en", "fr"]}, format="json")
    assert created.status_code == 201
    person_id = created.json()["id"]
    assert created.json()["authority"] == str(world.own.pk)
    assert api.patch(f"/api/v1/people/{person_id}/", {"position": "Prosecutor"}, format="json").status_code == 200
    assert api.delete(f"/api/v1/people/{person_id}/").status_code == 204
    events = list(reversed(_events_after(before)))
    assert [(event.action, event.channel) for event in events] == [
        ("person.create", "api"), ("person.update", "api"), ("person.delete", "api")]


def test_api_read_token_cannot_write(world: Any, api_client_for: Any) -> None:
    api = api_client_for(world.users["administrator"], scopes=("read",))
    before = AuditEvent.objects.count()
    response = api.patch(f"/api/v1/authorities/{world.own.pk}/", {"office_hours": "x"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Your token does not have the scope this operation needs."}
    assert AuditEvent.objects.count() == before


def test_api_non_administrator_gets_403_and_nothing_changes(world: Any, api_client_for: Any) -> None:
    api = api_client_for(world.users["drafter"])
    before = AuditEvent.objects.count()
    response = api.patch(f"/api/v1/authorities/{world.own.pk}/", {"office_hours": "x"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "This action needs one of these roles: administrator."}
    assert AuditEvent.objects.count() == before


def test_cli_createuser_records_one_cli_event(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("GLACY_NEW_PASSWORD", "a-long-and-unusual-passphrase")
    before = AuditEvent.objects.count()
    output = io.StringIO()
    with origin("cli"):
        call_command("createuser", "new.officer", "--authority", str(world.own.pk), "--role", "drafter",
                     stdout=output)
    assert output.getvalue() == "Created user new.officer.\n"
    user = User.objects.get(username="new.officer")
    assert (user.authority_id, sorted(user.role_codes()), user.check_password("a-long-and-unusual-passphrase")) == (
        world.own.pk, ["drafter"], True)
    events = _events_after(before)
    assert [(event.action, event.channel, event.after["roles"]) for event in events] == [
        ("user.create", "cli", ["drafter"])]


def test_cli_createuser_with_weak_password_says_why_and_creates_nothing(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("GLACY_NEW_PASSWORD", "123")
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("createuser", "weak.user", "--authority", str(world.own.pk))
    assert "password: This password is too short. It must contain at least 10 characters." in str(error.value)
    assert not User.objects.filter(username="weak.user").exists()
    assert AuditEvent.objects.count() == before


def test_language_choice_is_remembered_on_the_account(world: Any, client_for: Any) -> None:
    user = world.users["drafter"]
    http = client_for(user)
    before = AuditEvent.objects.count()
    response = http.post("/language/", {"language": "fr", "next": "/directory/"})
    assert (response.status_code, response["Location"]) == (302, "/directory/")
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert [event.action for event in _events_after(before)] == ["user.set_language"]
    # A new session on another computer (no cookie) is still served in French.
    fresh = client_for(user)
    page = fresh.get("/directory/")
    assert page["Content-Language"] == "fr"
    assert "Annuaire des autorités" in page.content.decode()
