"""The shipped treaty data loads completely, idempotently, and matches its files."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.treaty import reference_data, services
from glacy.treaty.models import Article, Instrument, PartyStatus
from glacy.treaty.selectors import ratification_timeline

DATA = Path(reference_data.DATA_DIR)
HEADER = ",".join(reference_data.PARTY_COLUMNS)


def _csv_rows() -> list[dict[str, str]]:
    with (DATA / "parties.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_every_article_of_the_three_instruments_is_loaded_with_both_languages() -> None:
    counts = {code: Article.objects.filter(instrument_id=code).count() for code in ("ETS185", "ETS189", "CETS224")}
    assert counts == {"ETS185": 48, "ETS189": 16, "CETS224": 25}
    incomplete = Article.objects.filter(summary_fr="") | Article.objects.filter(summary_en="") | \
        Article.objects.filter(title_fr="")
    assert list(incomplete) == []
    preservation = Article.objects.get(instrument_id="ETS185", number="29")
    assert preservation.title_en == "Expedited preservation of stored computer data"
    assert preservation.title_fr == "Conservation rapide de données informatiques stockées"
    assert preservation.division_en.startswith("Chapter III – International co-operation › Section 2")


@pytest.mark.django_db
def test_statuses_match_the_data_file_row_for_row() -> None:
    rows = _csv_rows()
    assert PartyStatus.objects.count() == len(rows)
    for row in rows:
        status = PartyStatus.objects.get(instrument_id=row["instrument"], country_id=row["country"])
        assert (status.status, str(status.deposit or ""), str(status.entry_into_force or "")) == (
            row["status"], row["deposit"], row["entry_into_force"])
    assert Instrument.objects.get(code="CETS224").entry_into_force is None


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_records_nothing() -> None:
    before = AuditEvent.objects.count()
    summary = services.reference_data_load(actor=None)
    assert (summary["statuses"].created, summary["statuses"].updated) == (0, 0)
    assert (summary["instruments"].created, summary["instruments"].updated) == (0, 0)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_cli_import_of_a_newer_chart_records_one_event_per_changed_row(tmp_path: Path) -> None:
    chart = tmp_path / "chart.csv"
    chart.write_text(
        f"{HEADER}\n"
        "CETS224,JP,Japan,signatory,2022-05-12,2023-08-10,ratification,,2026-11-01,test chart,\n"
        "ETS185,MN,Mongolia,party,,2026-03-02,accession,2026-07-01,2026-11-01,test chart,\n",
        encoding="utf-8")
    before = AuditEvent.objects.count()
    output = io.StringIO()
    call_command("treaty", "import-status", str(chart), "--apply", stdout=output)
    assert output.getvalue().splitlines() == [
        "changed\tCETS224\tJP\tJapan\tas_of 2026-02-05 -> 2026-11-01; source Dutch treaty database snapshot after "
        "2026-02-05 (reference cets224_status.csv) -> test chart; note ratified; Protocol not yet in force (Art. 16) -> -",
        "new\tETS185\tMN\tMongolia\tstatus - -> party; deposit - -> 2026-03-02; deposit_kind - -> accession; "
        "entry_into_force - -> 2026-07-01; as_of - -> 2026-11-01; source - -> test chart",
        "1 new, 1 changed, 0 unchanged", "Applied."]
    events = list(AuditEvent.objects.order_by("-occurred_at")[: AuditEvent.objects.count() - before])
    assert sorted(event.action for event in events) == [
        "treaty.chart_apply", "treaty.chart_preview", "treaty.status_create", "treaty.status_update"]
    new_zealand = PartyStatus.objects.get(instrument_id="ETS185", country_id="MN")
    assert (new_zealand.status, str(new_zealand.entry_into_force)) == ("party", "2026-07-01")


@pytest.mark.django_db
def test_a_chart_with_errors_is_refused_whole_with_line_numbers(tmp_path: Path) -> None:
    chart = tmp_path / "bad.csv"
    chart.write_text(
        f"{HEADER}\n"
        "ETS185,NZ,New Zealand,party,,2026-03-02,accession,2026-07-01,2026-11-01,ok row,\n"
        "ETS185,XX,Nowhere,member,,03/02/2026,accession,,,bad row,\n", encoding="utf-8")
    before = (AuditEvent.objects.count(), PartyStatus.objects.count())
    with pytest.raises(CommandError) as error:
        call_command("treaty", "import-status", str(chart))
    message = str(error.value)
    assert "line 3: country: unknown ISO code “XX”. status: must be party, signatory or invited." in message
    assert "deposit: “03/02/2026” is not a date in YYYY-MM-DD form." in message
    assert (AuditEvent.objects.count(), PartyStatus.objects.count()) == before


@pytest.mark.django_db
def test_a_chart_missing_columns_is_refused() -> None:
    with pytest.raises(ValidationFailed) as error:
        services.party_statuses_import_csv(actor=None, text="instrument,country\nETS185,FR\n")
    assert error.value.errors["file"][0].startswith("Missing columns: state_name, status, signature")


@pytest.mark.django_db
def test_timeline_is_cumulative_and_ends_at_the_party_count() -> None:
    instrument = Instrument.objects.get(code="ETS185")
    timeline = ratification_timeline(instrument=instrument)
    parties_with_dates = PartyStatus.objects.filter(instrument=instrument, status="party",
                                                    deposit__isnull=False).count()
    assert timeline[0]["year"] == 2002
    assert timeline[-1]["total"] == parties_with_dates
    assert all(later["total"] >= earlier["total"] for earlier, later in itertools.pairwise(timeline))


def test_status_edit_by_programme_office_administrator_is_audited(world: Any, client_for: Any) -> None:
    from glacy.directory.models import AuthorityKind

    world.own.kind = AuthorityKind.PROGRAMME_OFFICE
    world.own.save()
    status = PartyStatus.objects.get(instrument_id="ETS185", country_id="GH")
    before = AuditEvent.objects.count()
    response = client_for(world.users["administrator"]).post(f"/treaties/statuses/{status.pk}/edit/", {
        "status": "party", "signature": "", "deposit": "2018-12-03", "deposit_kind": "accession",
        "entry_into_force": "2019-04-01", "as_of": "2026-11-24", "source": "corrected by test", "note": "",
    })
    assert response.status_code == 302
    event = AuditEvent.objects.order_by("-occurred_at").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.channel, event.after) == (
        "treaty.status_update", "web", {"as_of": "2026-11-24", "source": "corrected by test"})
