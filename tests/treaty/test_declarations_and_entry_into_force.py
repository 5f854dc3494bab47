"""Importing reservations and declarations (CETS 224 Art. 19; ETS 185 Art. 42) with their topics, and the
entry-into-force rule checked on imported charts (ETS 185 Arts 36(4), 37(2); CETS 224 Art. 16(3)-(4))."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.directory.models import AuthorityKind
from glacy.treaty import chart_imports, declaration_imports
from glacy.treaty.entry_into_force import expected_entry_into_force, three_months_rule
from glacy.treaty.models import Declaration, PartyStatus
from glacy.treaty.reference_data import load_declarations
from glacy.treaty.reservations import TOPICS, normalise_article, topic_for

HEADER = "instrument,country,article,kind,topic,summary_en,summary_fr,as_of,source\n"
PARTY_HEADER = "instrument,country,state_name,status,signature,deposit,deposit_kind,entry_into_force,as_of,source,note\n"


def test_cets_224_art_19_topics_follow_from_the_article() -> None:
    assert topic_for(instrument="CETS224", article="Article 8, paragraph 13") == "art8_traffic_data_reserved"
    assert topic_for(instrument="CETS224", article="7.8") == "art7_before_art8"
    assert topic_for(instrument="CETS224", article="4") == "other"
    assert normalise_article("Article 7, paragraph 9.a") == "7(9)(a)"
    assert len({topic.code for topic in TOPICS}) == len(TOPICS)


def test_shipped_declarations_carry_the_topic_of_their_article() -> None:
    for entry in load_declarations():
        if entry["topic"] != "other":
            assert topic_for(instrument=entry["instrument"], article=str(entry["article"])) == entry["topic"], entry


@pytest.mark.django_db
def test_cets_224_art_19_declarations_are_imported_from_a_csv_differences_first() -> None:
    text = HEADER + (
        "CETS224,PH,\"Article 8, paragraph 13\",reservation,,Does not apply Art. 8 to traffic data.,"
        "N'applique pas l'art. 8 aux données relatives au trafic.,2026-01-14,CoE list of declarations 2026-01-14\n"
        "CETS224,JP,7(9)(a),reservation,not_apply_article_7,Japan reserves the right not to apply Article 7 "
        "(disclosure of subscriber information by providers on a direct order).,\"Le Japon se réserve le droit de ne "
        "pas appliquer l'article 7 (divulgation d'informations relatives aux abonnés par les fournisseurs sur "
        "injonction directe).\",2023-08-10,\"Netherlands treaty database (verdragenbank), Second Additional Protocol "
        "(013833), Japan, 10-08-2023\"\n")
    rows = declaration_imports.parse_declaration_rows(text)
    found = {item.key: item.kind for item in declaration_imports.declaration_differences(rows)}
    assert found == {("CETS224", "PH", "8(13)", "art8_traffic_data_reserved"): "new",
                     ("CETS224", "JP", "7(9)(a)", "not_apply_article_7"): "unchanged"}
    assert not Declaration.objects.filter(country_id="PH", instrument_id="CETS224").exists()
    summary = declaration_imports.declarations_import(actor=None, rows=rows)
    assert (summary.created, summary.updated, summary.unchanged) == (1, 0, 1)
    assert Declaration.objects.get(country_id="PH", instrument_id="CETS224").topic == "art8_traffic_data_reserved"
    assert AuditEvent.objects.filter(action="treaty.declaration_create").count() == 1


@pytest.mark.django_db
def test_cets_224_art_19_1_an_import_with_an_unlawful_reservation_or_a_wrong_topic_is_refused_whole() -> None:
    unlawful = HEADER + "CETS224,PH,8(11),reservation,,Central authority.,Autorité centrale.,,source\n"
    with pytest.raises(ValidationFailed) as error:
        declaration_imports.parse_declaration_rows(unlawful)
    assert error.value.errors == {"PH CETS224 Art. 8(11)": [
        "CETS 224 Art. 19(1) allows no reservation under this article; record it as a declaration or correct it."]}
    wrong = HEADER + "CETS224,PH,8(4),declaration,art8_traffic_data_reserved,Text.,Texte.,,source\n"
    with pytest.raises(ValidationFailed) as error:
        declaration_imports.parse_declaration_rows(wrong)
    assert error.value.errors == {"line 2": [
        "topic: “art8_traffic_data_reserved” is a reservation under Art. 8(13) of CETS224."]}
    assert not Declaration.objects.filter(country_id="PH", instrument_id="CETS224").exists()


@pytest.mark.django_db
def test_cli_imports_declarations_only_with_apply(tmp_path: Path) -> None:
    path = tmp_path / "declarations.csv"
    path.write_text(HEADER + "CETS224,PH,7(8),declaration,,Seek from the provider first.,Demander d'abord au "
                             "fournisseur.,2026-01-14,CoE list\n", encoding="utf-8")
    output = io.StringIO()
    call_command("treaty", "import-declarations", str(path), stdout=output)
    assert output.getvalue().splitlines()[-2:] == [
        "1 new, 0 changed, 0 unchanged", "Nothing was applied: run again with --apply to apply these differences."]
    assert not Declaration.objects.filter(country_id="PH", article="7(8)").exists()
    call_command("treaty", "import-declarations", str(path), "--apply", stdout=io.StringIO())
    assert Declaration.objects.get(country_id="PH", article="7(8)").topic == "art7_before_art8"


@pytest.mark.parametrize(("deposit", "expected"), [
    (datetime.date(2025, 8, 28), datetime.date(2025, 12, 1)),  # New Zealand
    (datetime.date(2024, 7, 29), datetime.date(2024, 11, 1)),  # Côte d'Ivoire
    (datetime.date(2015, 1, 16), datetime.date(2015, 5, 1)),  # Luxembourg
    (datetime.date(2025, 10, 31), datetime.date(2026, 2, 1)),
])
def test_ets_185_art_37_2_first_day_of_the_month_after_three_months(deposit: datetime.date,
                                                                   expected: datetime.date) -> None:
    assert three_months_rule(deposit) == expected
    assert expected_entry_into_force(instrument="ETS185", deposit=deposit, consents=[]) == expected
    assert expected_entry_into_force(instrument="ETS185", deposit=datetime.date(2002, 1, 5),
                                     consents=[]) == datetime.date(2004, 7, 1)


def test_cets_224_art_16_3_not_in_force_before_five_consents() -> None:
    consents = [datetime.date(2023, 2, 9), datetime.date(2023, 8, 10), datetime.date(2026, 2, 5)]
    assert expected_entry_into_force(instrument="CETS224", deposit=consents[0], consents=consents) is None
    five = [*consents, datetime.date(2026, 3, 2), datetime.date(2026, 5, 20)]
    assert expected_entry_into_force(instrument="CETS224", deposit=consents[0], consents=five) == \
        datetime.date(2026, 9, 1)
    assert expected_entry_into_force(instrument="CETS224", deposit=datetime.date(2026, 11, 3),
                                     consents=[*five, datetime.date(2026, 11, 3)]) == datetime.date(2027, 3, 1)


@pytest.mark.django_db
def test_import_warns_when_entry_into_force_does_not_follow_the_rule_or_a_protocol_party_comes_too_early() -> None:
    text = PARTY_HEADER + (
        "ETS185,MN,Mongolia,party,,2025-12-10,accession,2025-12-11,2026-01-14,chart,\n"
        "ETS185,AR,Argentina,party,,2018-06-05,accession,2018-10-01,2026-01-14,chart,\n"
        "CETS224,RS,Serbia,party,2022-05-12,2023-02-09,ratification,2023-06-01,2026-01-14,chart,\n")
    chart_import = chart_imports.status_chart_preview(actor=None, data=text.encode(), filename="chart.csv")
    warnings = {item.country: item.warnings for item in chart_imports.preview_differences(chart_import)}
    assert warnings["MN"] == ("Entry into force 2025-12-11 does not follow ETS 185 Arts 36(4), 37(2): 2026-04-01 is "
                              "expected from the deposit of 2025-12-10.",)
    assert warnings["AR"] == ()
    assert warnings["RS"] == ("The Protocol enters into force after five consents (CETS 224 Art. 16(3)); 3 are "
                              "recorded: no State can be a Party yet.",)
    assert not PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()  # nothing applied


@pytest.mark.django_db
def test_cli_prints_the_entry_into_force_warning_with_the_differences(tmp_path: Path) -> None:
    path = tmp_path / "chart.csv"
    path.write_text(PARTY_HEADER + "ETS185,MN,Mongolia,party,,2025-12-10,accession,2025-12-11,2026-01-14,chart,\n",
                    encoding="utf-8")
    output = io.StringIO()
    call_command("treaty", "import-status", str(path), stdout=output)
    assert ("  warning: Entry into force 2025-12-11 does not follow ETS 185 Arts 36(4), 37(2): 2026-04-01 is expected "
            "from the deposit of 2025-12-10.") in output.getvalue().splitlines()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Check before applying:</strong> Entry into force 2025-12-11 does not follow ETS 185 Arts 36(4), 37(2): 2026-04-01 is "
           "expected from the deposit of 2025-12-10."),
    ("fr", "À vérifier avant d’appliquer :</strong> L’entrée en vigueur au 2025-12-11 ne suit pas STE 185 art. 36(4), 37(2) : le "
           "2026-04-01 est attendu d’après le dépôt du 2025-12-10."),
])
def test_review_page_shows_the_entry_into_force_warning(language: str, expected: str, world: Any,
                                                        client_for: Any) -> None:
    world.own.kind = AuthorityKind.PROGRAMME_OFFICE
    world.own.save()
    user = world.users["administrator"]
    user.preferred_language = language
    user.save()
    admin = client_for(user)
    data = (PARTY_HEADER + "ETS185,MN,Mongolia,party,,2025-12-10,accession,2025-12-11,2026-01-14,chart,\n").encode()
    response = admin.post("/treaties/import/", {"file": SimpleUploadedFile("chart.csv", data, "text/csv")},
                          HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    text = admin.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in text.replace("&#x27;", "'")
    assert not PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()
