"""The committed OpenAPI schema tells the truth about what the API takes (issue 16, item 17).

Findings of schemathesis settled here: empty values of typed filters were accepted as "no filter", a
malformed id or a NUL in a filter matched nothing, read-only and unknown body fields were dropped silently,
text yes/no values were taken for booleans in JSON, an unknown case in an upload answered an undocumented 404,
and values the schema allowed (NUL in text, URLs) were refused.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

import yaml
from django.conf import settings
from django.core.validators import URLValidator
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from glacy.core.api.schema import NO_NUL, URL_PATTERN

SCHEMA = yaml.safe_load((settings.PROJECT_DIR / "docs" / "openapi.yaml").read_text())


def test_empty_values_of_typed_filters_are_refused(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["drafter"])
    assert client.get("/api/v1/declarations/?instrument=").json() == {
        "instrument": ["Give a value, or leave the parameter out."]}
    assert client.get("/api/v1/cases/?is_urgent=&status=").status_code == 400
    assert client.get("/api/v1/evidence/?case=").json() == {"case": ["Give a value, or leave the parameter out."]}
    # A plain text filter keeps "empty means every one": the schema allows "" there.
    assert client.get("/api/v1/audit-events/?object_type=").status_code == 200


def test_yes_no_filters_take_only_true_or_false(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["drafter"])
    refused = client.get("/api/v1/cases/?is_urgent=maybe")
    assert (refused.status_code, refused.json()) == (400, {"is_urgent": ["Use true or false."]})
    assert client.get("/api/v1/cases/?is_urgent=false").json()["count"] == 1


def test_malformed_ids_and_nul_are_refused_unknown_objects_match_nothing(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["drafter"])
    assert client.get("/api/v1/evidence/?case=not-an-id").json() == {"case": ["Enter a valid id."]}
    assert client.get("/api/v1/authorities/?country=G%00H").json() == {"country": ["Enter a valid id."]}
    unknown = client.get(f"/api/v1/evidence/?case={uuid.uuid4()}")
    assert (unknown.status_code, unknown.json()["count"]) == (200, 0)


def test_read_only_and_unknown_fields_are_refused_not_dropped(world: Any, api_client_for: Any) -> None:
    case = world.objects["case"]
    client = api_client_for(world.users["drafter"])
    url = f"/api/v1/cases/{case.pk}/"
    reference = case.reference
    refused = client.patch(url, {"title": "Renamed", "reference": "X-1", "created_at": "2020-01-01T00:00:00Z",
                                 "summary_of_fact": "typo"}, format="json")
    assert (refused.status_code, refused.json()) == (400, {
        "created_at": ["This field is read-only."], "reference": ["This field is read-only."],
        "summary_of_fact": ["Unknown field."]})
    case.refresh_from_db()
    assert (case.title, case.reference) == ("Ransomware attack on the national hospital", reference)
    assert client.patch(url, {"title": "Renamed"}, format="json").status_code == 200


def test_json_booleans_must_be_booleans(world: Any, api_client_for: Any) -> None:
    client = api_client_for(world.users["drafter"])
    refused = client.post("/api/v1/cases/", {"title": "Phishing", "contains_personal_data": "yes"}, format="json")
    assert (refused.status_code, refused.json()) == (400, {"contains_personal_data": ["Use true or false."]})
    created = client.post("/api/v1/cases/", {"title": "Phishing", "contains_personal_data": True}, format="json")
    assert (created.status_code, created.json()["contains_personal_data"]) == (201, True)


def test_upload_to_an_unknown_case_names_the_field(world: Any, api_client_for: Any) -> None:
    upload = io.BytesIO(b"seized bytes")
    upload.name = "seized.bin"
    response = api_client_for(world.users["custodian"]).post(
        "/api/v1/evidence/", {"case": str(uuid.uuid4()), "file": upload, "description": "x"}, format="multipart")
    assert (response.status_code, response.json()) == (400, {"case": ["Not found."]})
    assert "404" not in SCHEMA["paths"]["/api/v1/evidence/"]["post"]["responses"]


def test_the_schema_says_what_the_server_checks() -> None:
    components = SCHEMA["components"]["schemas"]
    assert components["CaseRequest"]["additionalProperties"] is False
    assert components["PatchedCaseRequest"]["properties"]["title"]["pattern"] == NO_NUL
    website = components["PatchedAuthorityRequest"]["properties"]["website"]["oneOf"][0]
    assert (website["format"], website["pattern"]) == ("uri", URL_PATTERN)
    object_type = next(parameter for parameter in SCHEMA["paths"]["/api/v1/audit-events/"]["get"]["parameters"]
                       if parameter["name"] == "object_type")
    assert object_type["schema"]["pattern"] == NO_NUL


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.from_regex(URL_PATTERN, fullmatch=True).filter(lambda value: len(value) <= 200))
def test_every_url_the_schema_allows_is_accepted(value: str) -> None:
    URLValidator()(value)
