"""Under /api/v1/ every unknown path answers the API's JSON 404, never an HTML page or a 500 (item 14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory

PATHS = ["/api/v1/cases%0A/", "/api/v1/cases%0A", "/api/v1/%0A", "/api/v1/no-such-thing", "/api/v1/a%0Ab/c%0D%0A",
         "/api/v1/%00/", "/api/v1/%E2%80%AE/"]


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_api_path_answers_json_404(debug: bool, settings: Any, db: Any) -> None:
    settings.DEBUG = debug
    signed_in = Client()
    signed_in.force_login(UserFactory(username="api-user"))
    outcomes = {(path, method, who): (response.status_code, response["Content-Type"], response.content)
                for path in PATHS for method in ("get", "post", "delete")
                for who, client in (("anonymous", Client()), ("signed in", signed_in))
                for response in [getattr(client, method)(path)]}
    assert set(outcomes.values()) == {(404, "application/json", b'{"detail": "Not found."}')}


def test_pages_keep_their_html_404(db: Any) -> None:
    client = Client()
    client.force_login(UserFactory(username="page-user"))
    response = client.get("/cooperation/no-such-page%0A/")
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
