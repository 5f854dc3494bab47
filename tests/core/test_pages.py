"""What the foundation pages show, and a committed query-count baseline per page (an N+1 fails here)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glacy.directory.models import AuthorityKind
from tests.factories import AuthorityFactory, CountryFactory

#: Queries per page for a signed-in administrator, whatever the amount of data (the world fixture plus
#: the shipped treaty data). Raise a number only with a reason in the commit message. Each count includes
#: the one query of SecondFactorMiddleware (does this user have a second factor the session did not show?).
QUERY_BASELINE = {
    # Every page: + the bell's unread count (one indexed count of the user's notifications).
    # The home page is the work queue: for an administrator, unread notifications, failed uploads of the two
    # kinds and the recent activity of the authority (drafters and approvers: see tests/home).
    "/": 10,
    # + the co-operation network figures, moved here from the home page
    "/treaties/": 10,
    "/treaties/ETS185/": 10,
    "/treaties/ETS185/articles/29/": 7,
    "/directory/": 6,
    "/directory/network/": 7,
    "/directory/countries/": 8,
    # + the newest assessment per instrument of the user's authority, and its rows (one assessment in the world)
    # + the profile's capacity-building section: the reader's programme access, activities by year and by type,
    # the latest five, training sessions and people trained, cooperation requests, recommendations (issue 15)
    "/directory/countries/GH/": 18,
    # + the person picker of the filters
    "/audit/": 8,
}


@pytest.mark.parametrize(("path", "expected"), sorted(QUERY_BASELINE.items()))
def test_page_query_count_does_not_grow_with_data(path: str, expected: int, world: Any, client_for: Any) -> None:
    for number in range(5):
        AuthorityFactory(country=CountryFactory(code="GH"), kind=AuthorityKind.POINT_OF_CONTACT_24_7,
                         name=f"Extra 24/7 desk {number}")
    http = client_for(world.users["administrator"])
    http.get(path)  # warm the session and the user's role cache
    with CaptureQueriesContext(connection) as queries:
        response = http.get(path)
    assert response.status_code == 200
    assert len(queries) == expected, [query["sql"][:120] for query in queries.captured_queries]


def test_network_directory_lists_24_7_points_and_central_authorities_with_their_hours(world: Any,
                                                                                      client_for: Any) -> None:
    desk = AuthorityFactory(country=world.own.country, kind=AuthorityKind.POINT_OF_CONTACT_24_7, name="Accra Desk",
                            is_available_24_7=True, accepted_languages=["en", "fr"])
    AuthorityFactory(country=world.own.country, kind=AuthorityKind.CENTRAL_AUTHORITY, name="MLA Desk",
                     office_hours="Mon–Fri 08:00–17:00")
    response = client_for(world.users["drafter"]).get("/directory/network/?q=ghana")
    rows = [(authority.name, authority.kind) for authority in response.context["contacts"]]
    assert rows == [("Accra Desk", "point_of_contact_24_7"), ("MLA Desk", "central_authority")]
    html = response.content.decode()
    assert "Mon–Fri 08:00–17:00" in html
    assert "EN, FR" in html
    assert desk.name in html


def test_network_search_answers_a_fragment_to_htmx(world: Any, client_for: Any) -> None:
    AuthorityFactory(country=world.own.country, kind=AuthorityKind.POINT_OF_CONTACT_24_7, name="Accra Desk")
    response = client_for(world.users["drafter"]).get("/directory/network/?q=accra", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith("<tr>")
    assert "Accra Desk" in html
    assert "<html" not in html


def test_country_page_shows_status_dates_and_declarations(world: Any, client_for: Any) -> None:
    response = client_for(world.users["drafter"]).get("/directory/countries/US/")
    html = response.content.decode()
    statuses = {instrument.code: status for instrument, status in response.context["instruments"]}
    assert statuses["ETS185"].status == "party"
    assert str(statuses["ETS185"].deposit) == "2006-09-29"
    assert str(statuses["CETS224"].signature) == "2022-05-12"
    assert statuses["ETS189"] is None
    assert len(response.context["declarations"]) == 8
    assert "2007-01-01" in html
