"""The yearly results from the 2025 demo data: the JSON of `glacy programme report`, and the PDF and DOCX
reports parsed back in English and French (figures and language)."""

from __future__ import annotations

import io
import json
from typing import Any

import docx
import pdfplumber
import pytest
from django.core.management import call_command

from glacy.treaty.models import Instrument, PartyStatus


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> None:
    from glacy.core.demo import load_all_demo_data

    load_all_demo_data()


def _report_json(capsys: Any, year: int = 2025) -> dict[str, Any]:
    call_command("programme", "report", "--year", str(year), "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_report_json_reproduces_the_2025_figures_from_records(demo: None, capsys: Any) -> None:
    figures = _report_json(capsys)
    assert figures["year"] == 2025
    assert figures["activities"]["total"] == 294
    assert figures["activities"]["by_type"] == {"legislative_advice": 58, "training": 112, "exercise": 26,
                                                "conference": 52, "assessment": 24, "study_visit": 14, "other": 8}
    assert figures["activities"]["policy_and_legislation"] == 75
    assert figures["projects"] == {"total": 7, "by_funding": {"joint_eu_coe": 5, "voluntary": 1, "action_plan": 1}}
    assert figures["staff"] == 47
    # The Party count is whatever the treaty data say: the shipped list is complete to 2024-10-31 (74 Parties)
    # and records two accessions since (New Zealand 2025-08-28, Ecuador 2025-12-04): "at least 76", no change.
    parties = PartyStatus.objects.filter(instrument_id="ETS185", status="party").count()
    assert figures["parties"]["ETS185"] == parties == 76
    assert figures["parties_detail"]["ETS185"]["is_year_end"] is False
    assert figures["parties_detail"]["ETS185"]["is_lower_bound"] is True
    assert figures["parties_detail"]["ETS185"]["as_of"] == "2024-10-31"
    assert figures["parties_detail"]["ETS185"]["change"] is None
    # The Second Protocol data reach 2026-02-05: the year-end count and its change are known.
    assert figures["signatories"]["CETS224"] == 52
    assert figures["signatories_detail"]["CETS224"]["previous"] == 48
    assert figures["training"]["sessions"] == 12
    assert figures["training"]["participants"] == 175
    assert figures["training"]["certificates"] == 164
    assert figures["activities"]["countries_reached"] == 27
    # Another year has none of these records.
    assert _report_json(capsys, 2024)["activities"]["total"] == 0


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_report_documents_state_the_figures_in_english_and_french(demo: None, tmp_path: Any, kind: str) -> None:
    texts = {}
    for language in ("en", "fr"):
        output = tmp_path / f"report-{language}.{kind}"
        call_command("programme", "report", "--year", "2025", "--format", kind, "--language", language,
                     "--output", str(output))
        data = output.read_bytes()
        texts[language] = " ".join((_pdf_text(data) if kind == "pdf" else _docx_text(data)).split())
    english, french = texts["en"], texts["fr"]
    assert "Cybercrime programme: results 2025" in english
    assert "47 staff." in english
    assert ("7 programmes and projects, of which 5 joint European Union / Council of Europe programme; "
            "1 voluntary contributions; 1 Council of Europe action plan.") in english
    assert "294 capacity-building activities, 75 of them on policy and legislation, in 27 countries." in english
    assert ("At least 76 Parties to the Convention on Cybercrime (ETS 185) at the end of 2025: the treaty data's list "
            "is complete to Oct. 31, 2024 and later entries recorded since are counted, so no change over the year is "
            "given.") in english
    assert "(ETS 185) at the end of 2025, up from" not in english
    assert ("52 signatories of the Second Additional Protocol (CETS 224) at the end of 2025, up from 48 a year "
            "earlier.") in english
    assert "Programme de lutte contre la cybercriminalité : résultats 2025" in french
    assert "47 agents." in french
    assert "294 activités de renforcement des capacités, dont 75 sur les politiques et la législation" in french
    assert ("Au moins 76 Parties à la Convention sur la cybercriminalité (STE 185) à la fin de 2025 : la liste des "
            "données conventionnelles est complète au 31 octobre 2024") in french
    assert "52 signataires du deuxième Protocole additionnel (STCE 224) à la fin de 2025, contre 48 un an plus tôt." in french
    assert "capacity-building" not in french


def test_a_year_end_party_count_prints_its_change_only_when_the_data_support_it(world: Any) -> None:
    import datetime

    from glacy.programme.treaty_figures import treaty_count

    rows = PartyStatus.objects.filter(instrument_id="ETS185")
    instrument = Instrument.objects.filter(code="ETS185")
    shipped = treaty_count(instrument="ETS185", year=2025)
    # The shipped list is complete to 2024-10-31; the two accessions recorded since count, as a lower bound.
    assert (shipped.count, shipped.is_year_end, shipped.is_lower_bound, shipped.previous, shipped.as_of) == (
        76, False, True, None, datetime.date(2024, 10, 31))
    # A chart of 2026 and every Party dated: the 2025 year-end count and the change over 2025 follow.
    instrument.update(status_list_as_of=datetime.date(2026, 1, 15))
    rows.filter(status="party", deposit__isnull=True).update(deposit=datetime.date(2025, 6, 1))
    dated = treaty_count(instrument="ETS185", year=2025)
    expected_previous = rows.filter(status="party", deposit__lte=datetime.date(2024, 12, 31)).count()
    assert (dated.count, dated.is_year_end, dated.is_lower_bound, dated.previous, dated.change) == (
        76, True, False, expected_previous, 76 - expected_previous)
    # One undated Party and a list complete after the year end: it may have joined after, so "at least" 75,
    # and the year before cannot be derived.
    rows.filter(country_id="GD").update(deposit=None)
    undated = treaty_count(instrument="ETS185", year=2025)
    assert (undated.count, undated.previous, undated.is_lower_bound, undated.change) == (75, None, True, None)
    # A list complete at the very year end places every row, dated or not: 76, and still no change (GD's year
    # unknown).
    instrument.update(status_list_as_of=datetime.date(2025, 12, 31))
    exact = treaty_count(instrument="ETS185", year=2025)
    assert (exact.count, exact.is_lower_bound, exact.previous) == (76, False, None)
