"""Treaty API: Parties per instrument match the shipped data file."""

from __future__ import annotations

import csv
from typing import Any

from glacy.treaty.reference_data import DATA_DIR


def test_parties_of_ets185_match_the_data_file(world: Any, api_client_for: Any) -> None:
    with (DATA_DIR / "parties.csv").open(encoding="utf-8") as handle:
        expected = {row["country"]: row for row in csv.DictReader(handle)
                    if row["instrument"] == "ETS185" and row["status"] == "party"}
    response = api_client_for(world.users["drafter"], scopes=("read",)).get("/api/v1/parties/?instrument=ETS185")
    assert response.status_code == 200
    body = response.json()
    # 74 Parties of the October 2024 reference, plus New Zealand (2025-08-28) and Ecuador (2025-12-04).
    assert body["count"] == len(expected) == 76
    returned = {row["country"]: row for row in body["results"]}
    assert set(returned) == set(expected)
    for code, row in expected.items():
        assert (returned[code]["deposit"] or "", returned[code]["entry_into_force"] or "") == (
            row["deposit"], row["entry_into_force"])
    assert returned["GH"]["country_name"] == "Ghana"


def test_unknown_instrument_filter_answers_400(world: Any, api_client_for: Any) -> None:
    response = api_client_for(world.users["drafter"]).get("/api/v1/parties/?instrument=ETS999")
    assert response.status_code == 400
    assert list(response.json()) == ["instrument"]


def test_anonymous_api_call_answers_401_and_schema_is_public(client: Any) -> None:
    assert client.get("/api/v1/parties/").status_code == 401
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/parties/" in schema.content
