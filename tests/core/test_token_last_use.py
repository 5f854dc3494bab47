"""An API call records its token's last use at most once a minute: no write per call (SQLite has one writer)."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from glacy.core.models import ApiToken
from glacy.core.services import api_token_create

START = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)


def _updates(client: APIClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/countries/?limit=1").status_code == 200
    return sum(1 for query in queries.captured_queries if query["sql"].startswith("UPDATE"))


def test_last_use_is_written_once_a_minute(world: Any) -> None:
    token, key = api_token_create(user=world.users["drafter"], name="ci", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(START, tick=False) as clock:
        assert _updates(client) == 1
        token.refresh_from_db()
        assert token.last_used_at == START
        clock.shift(59)
        assert (_updates(client), _updates(client)) == (0, 0)
        clock.shift(1)
        assert _updates(client) == 1
    assert ApiToken.objects.get(pk=token.pk).last_used_at == START + datetime.timedelta(seconds=60)
