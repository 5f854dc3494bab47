"""Current Parties and their own entry into force; reservations only where ETS 185 Art. 42 / CETS 224 Art. 19(1)
allow one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from glacy.cooperation.facts import party_facts
from glacy.core.errors import ValidationFailed
from glacy.treaty.models import Declaration, PartyStatus
from glacy.treaty.reservations import is_reservation_allowed
from glacy.treaty.services import check_reservations

FACTS = [
    ("NZ", "party", "2025-08-28", "accession", "2025-12-01"),
    ("EC", "party", "2025-12-04", "accession", "2026-04-01"),
    ("CI", "party", "2024-07-29", "accession", "2024-11-01"),
    ("LU", "party", "2015-01-16", "ratification", "2015-05-01"),
    ("JP", "party", "2012-07-03", "acceptance", "2012-11-01"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("country", "status", "deposit", "kind", "in_force"), FACTS)
def test_shipped_parties_carry_the_checked_dates_with_their_source(country: str, status: str, deposit: str,
                                                                   kind: str, in_force: str) -> None:
    row = PartyStatus.objects.get(instrument_id="ETS185", country_id=country)
    assert (row.status, str(row.deposit), row.deposit_kind, str(row.entry_into_force)) == (
        status, deposit, kind, in_force)
    assert row.source
    assert row.as_of is not None


@pytest.mark.django_db
def test_ets_185_art_36_4_each_party_is_bound_from_its_own_entry_into_force() -> None:
    new_zealand = party_facts("NZ")
    assert new_zealand.is_bound("ETS185", datetime.date(2025, 11, 30)) is False
    assert new_zealand.is_bound("ETS185", datetime.date(2025, 12, 1)) is True
    # CETS 224: Japan ratified, but the Protocol is not in force (CETS 224 Art. 16(3)).
    assert party_facts("JP").is_bound("CETS224", datetime.date(2026, 12, 1)) is False


@pytest.mark.parametrize(("instrument", "article", "allowed"), [
    ("ETS185", "29(4)", True), ("ETS185", "14(3)(a)", True), ("ETS185", "41(1)", True),
    ("ETS185", "27(9)(e)", False), ("ETS185", "29(5)", False), ("ETS185", "2", False),
    ("CETS224", "7(9)(a)", True), ("CETS224", "8(13)", True), ("CETS224", "8(11)", False),
])
def test_ets_185_art_42_and_cets_224_art_19_1_limit_reservations(instrument: str, article: str,
                                                                  allowed: bool) -> None:
    assert is_reservation_allowed(instrument=instrument, article=article) is allowed


def test_ets_185_art_42_an_unlawful_reservation_is_refused_on_load() -> None:
    entries = [{"country": "XX", "instrument": "ETS185", "article": "27(9)(e)", "kind": "reservation"},
               {"country": "XX", "instrument": "ETS185", "article": "27(9)(e)", "kind": "declaration"}]
    with pytest.raises(ValidationFailed) as error:
        check_reservations(entries)
    assert error.value.errors == {"XX ETS185 Art. 27(9)(e)": [
        "ETS 185 Art. 42 allows no reservation under this article; record it as a declaration or correct it."]}


@pytest.mark.django_db
def test_every_shipped_reservation_is_one_the_instrument_allows() -> None:
    for declaration in Declaration.objects.filter(kind="reservation"):
        assert is_reservation_allowed(instrument=declaration.instrument_id, article=declaration.article), declaration


@pytest.mark.django_db
def test_japan_reservations_and_declarations_are_recorded() -> None:
    rows = set(Declaration.objects.filter(country_id="JP").values_list("instrument_id", "article", "kind", "topic"))
    assert rows == {("ETS185", "29(4)", "reservation", "dual_criminality_preservation"),
                    ("ETS185", "27(9)(e)", "declaration", "central_authority_urgent"),
                    ("CETS224", "7(9)(a)", "reservation", "not_apply_article_7"),
                    ("CETS224", "8(11)", "declaration", "art8_via_central_authority")}


def test_directory_api_flags_a_point_of_contact_not_available_24_7(world: Any, api_client_for: Any) -> None:
    from glacy.directory.models import AuthorityKind
    from tests.factories import AuthorityFactory

    point = AuthorityFactory(country=world.foreign.country, kind=AuthorityKind.POINT_OF_CONTACT_24_7,
                             name="Office-hours point", is_available_24_7=False)
    body = api_client_for(world.users["drafter"]).get(f"/api/v1/authorities/{point.pk}/").json()
    assert (body["lacks_24_7_availability"], body["out_of_hours_contact"]) == (True, "")
