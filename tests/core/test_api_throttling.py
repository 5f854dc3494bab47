"""API rate limits: per user, per address for anonymous calls, and stricter on expensive calls (item 8).

The suite runs with limits it cannot reach; these tests lower them through the settings, as an operator
would through GLACY_API_RATE_<SCOPE>.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from glacy.legislation.models import Law
from tests.legislation.sample_laws import FRENCH_LAW

UNREACHABLE = "1000000/minute"


@pytest.fixture
def rates(settings: Any) -> Iterator[dict[str, str]]:
    settings.GLACY_API_THROTTLE_RATES = dict.fromkeys(("anon", "user", "imports", "exports", "reports"), UNREACHABLE)
    # The clock stands still, so the wait a refusal announces is the whole window whatever the machine's speed.
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield settings.GLACY_API_THROTTLE_RATES


def _refused(response: Any, seconds: int, content_type: str = "application/json") -> None:
    assert (response.status_code, response["Content-Type"], response["Retry-After"], response.json()) == (
        429, content_type, str(seconds), {"detail": f"Request was throttled. Expected available in {seconds} seconds."})


def test_a_user_over_the_limit_is_refused_with_retry_after(world: Any, api_client_for: Any,
                                                           rates: dict[str, str]) -> None:
    rates["user"] = "3/minute"
    client = api_client_for(world.users["drafter"])
    assert [client.get("/api/v1/countries/").status_code for _call in range(3)] == [200, 200, 200]
    _refused(client.get("/api/v1/countries/"), 60)
    assert api_client_for(world.users["approver"]).get("/api/v1/countries/").status_code == 200  # per user


def test_the_session_client_counts_against_the_same_limit(world: Any, client_for: Any, rates: dict[str, str]) -> None:
    rates["user"] = "2/hour"
    client = client_for(world.users["drafter"])
    assert [client.get("/api/v1/cases/").status_code for _call in range(2)] == [200, 200]
    _refused(client.get("/api/v1/cases/"), 3600)
    assert client.get("/cooperation/cases/").status_code == 200  # pages are not API calls


def test_anonymous_calls_are_limited_per_address(db: Any, rates: dict[str, str]) -> None:
    rates["anon"] = "2/minute"
    client = APIClient()
    schema = "/api/v1/schema/?format=json"
    assert [client.get(schema).status_code for _call in range(2)] == [200, 200]
    _refused(client.get(schema), 60, content_type="application/vnd.oai.openapi+json")  # the schema's JSON
    assert APIClient(REMOTE_ADDR="198.51.100.9").get(schema).status_code == 200


def _import(client: APIClient, title: str) -> Any:
    upload = io.BytesIO(FRENCH_LAW.encode())
    upload.name = "loi.txt"
    return client.post("/api/v1/laws/", {"file": upload, "country": "GH", "title": title}, format="multipart")


def test_imports_have_their_own_stricter_limit(world: Any, api_client_for: Any, rates: dict[str, str]) -> None:
    rates["imports"] = "1/hour"
    client = api_client_for(world.users["reviewer"])
    assert _import(client, "First").status_code == 201
    _refused(_import(client, "Second"), 3600)
    assert list(Law.objects.order_by("title").values_list("title", flat=True)) == ["Computer Misuse Act", "First"]
    assert [client.get("/api/v1/laws/").status_code for _call in range(3)] == [200, 200, 200]


def test_exports_and_reports_have_their_own_limits(world: Any, api_client_for: Any, rates: dict[str, str]) -> None:
    rates.update({"exports": "1/day", "reports": "1/day"})
    item = world.objects["evidence"]
    custodian = api_client_for(world.users["custodian"])
    export = f"/api/v1/evidence/{item.pk}/export/"
    assert custodian.post(export, {"purpose": "rate limit test"}, format="json").status_code == 200
    _refused(custodian.post(export, {"purpose": "rate limit test"}, format="json"), 86400)
    report = f"/api/v1/evidence/{item.pk}/custody-report/"
    assert custodian.get(report).status_code == 200
    _refused(custodian.get(report), 86400)
    assert custodian.get(f"/api/v1/evidence/{item.pk}/custody/").status_code == 200  # not an expensive call
    drafter = api_client_for(world.users["drafter"])
    documents = f"/api/v1/requests/{world.objects['request'].pk}/documents/"
    assert drafter.post(documents, {"format": "docx"}, format="json").status_code == 201
    _refused(drafter.post(documents, {"format": "docx"}, format="json"), 86400)


def test_every_operation_documents_the_429(settings: Any) -> None:
    import yaml

    schema = yaml.safe_load((settings.PROJECT_DIR / "docs" / "openapi.yaml").read_text())
    operations = [(path, method, operation) for path, methods in schema["paths"].items()
                  for method, operation in methods.items()]
    undocumented = [(path, method) for path, method, operation in operations if "429" not in operation["responses"]]
    assert (len(operations), undocumented) == (69, [])
    assert schema["paths"]["/api/v1/laws/"]["post"]["responses"]["429"]["headers"]["Retry-After"] == {
        "schema": {"type": "integer"}, "description": "Seconds to wait."}
