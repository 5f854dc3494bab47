"""Importing a Treaty Office chart (saved page) or a CSV: differences shown first, applied only as shown."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.directory.models import AuthorityKind
from glacy.treaty import chart_imports
from glacy.treaty.models import PartyStatus

CHART = Path(__file__).parent / "charts" / "treaty_185.html"


@pytest.mark.django_db
def test_saved_treaty_office_page_gives_the_differences_without_changing_anything() -> None:
    before = (PartyStatus.objects.count(), AuditEvent.objects.filter(action__startswith="treaty.status").count())
    chart_import = chart_imports.status_chart_preview(actor=None, data=CHART.read_bytes(), filename=CHART.name)
    assert (chart_import.file_format, str(chart_import.as_of), len(chart_import.rows)) == ("html", "2026-01-14", 8)
    found = {(item.country, item.kind): item for item in chart_imports.preview_differences(chart_import)}
    assert sorted(found) == [("AL", "changed"), ("CI", "changed"), ("IE", "changed"), ("JP", "changed"),
                             ("LU", "changed"), ("MN", "new"), ("NZ", "changed"), ("TR", "changed")]
    # The shipped data already hold these facts: only the source, as-of date and notes change.
    assert {field for field, _before, _after in found[("LU", "changed")].changes} == {"source", "note"}
    # Japan deposited an acceptance: a chart that does not distinguish keeps it.
    assert "deposit_kind" not in {field for field, _before, _after in found[("JP", "changed")].changes}
    assert {field: after for field, _before, after in found[("MN", "new")].changes} == {
        "status": "party", "deposit": "2026-03-02", "deposit_kind": "accession", "entry_into_force": "2026-07-01",
        "as_of": "2026-01-14",
        "source": "CoE Treaty Office chart of signatures and ratifications (saved page), status as of 14/01/2026"}
    assert (PartyStatus.objects.count(), AuditEvent.objects.filter(action__startswith="treaty.status").count()) == \
        before


@pytest.mark.django_db
def test_applying_the_reviewed_differences_records_one_event_per_changed_row() -> None:
    chart_import = chart_imports.status_chart_preview(actor=None, data=CHART.read_bytes(), filename=CHART.name)
    found = chart_imports.preview_differences(chart_import)
    summary = chart_imports.status_chart_apply(actor=None, chart_import=chart_import,
                                               expected=chart_imports.fingerprint(found))
    assert (summary.created, summary.updated, summary.unchanged) == (1, 7, 0)
    mongolia = PartyStatus.objects.get(instrument_id="ETS185", country_id="MN")
    assert (mongolia.status, str(mongolia.entry_into_force), mongolia.deposit_kind) == ("party", "2026-07-01",
                                                                                        "accession")
    assert PartyStatus.objects.get(instrument_id="ETS185", country_id="JP").deposit_kind == "acceptance"
    assert AuditEvent.objects.filter(action__in=["treaty.status_create", "treaty.status_update"]).count() >= 8
    with pytest.raises(ValidationFailed):
        chart_imports.status_chart_apply(actor=None, chart_import=chart_import,
                                         expected=chart_imports.fingerprint(found))


@pytest.mark.django_db
def test_applying_is_refused_when_the_data_changed_since_the_preview() -> None:
    chart_import = chart_imports.status_chart_preview(actor=None, data=CHART.read_bytes(), filename=CHART.name)
    shown = chart_imports.fingerprint(chart_imports.preview_differences(chart_import))
    PartyStatus.objects.filter(instrument_id="ETS185", country_id="AL").update(note="corrected meanwhile")
    with pytest.raises(ValidationFailed) as error:
        chart_imports.status_chart_apply(actor=None, chart_import=chart_import, expected=shown)
    assert error.value.errors == {"import": [
        "The data changed since the differences were shown: review them again before applying."]}


@pytest.mark.django_db
def test_a_page_with_an_unknown_state_or_no_status_date_is_refused_whole() -> None:
    page = CHART.read_text(encoding="utf-8").replace("Mongolia", "Atlantis")
    with pytest.raises(ValidationFailed) as error:
        chart_imports.status_chart_preview(actor=None, data=page.encode(), filename="bad.html")
    assert error.value.errors == {"file": ["States not recognised: Atlantis."]}
    undated = CHART.read_text(encoding="utf-8").replace("Status as of 14/01/2026", "")
    with pytest.raises(ValidationFailed) as error:
        chart_imports.status_chart_preview(actor=None, data=undated.encode(), filename="bad.html")
    assert error.value.errors == {"file": ["The page has no “Status as of” date."]}


@pytest.mark.django_db
def test_cli_shows_the_differences_and_applies_only_with_apply() -> None:
    output = io.StringIO()
    call_command("treaty", "import-status", str(CHART), stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[-2:] == ["1 new, 7 changed, 0 unchanged",
                          "Nothing was applied: run again with --apply to apply these differences."]
    assert not PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()
    call_command("treaty", "import-status", str(CHART), "--apply", stdout=io.StringIO())
    assert PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()


def test_web_import_shows_the_differences_then_applies_them(world: Any, client_for: Any) -> None:
    world.own.kind = AuthorityKind.PROGRAMME_OFFICE
    world.own.save()
    admin = client_for(world.users["administrator"])
    with CHART.open("rb") as handle:
        response = admin.post("/treaties/import/", {"file": handle})
    assert response.status_code == 302
    review = admin.get(response["Location"])
    text = review.content.decode()
    assert review.status_code == 200
    assert "Mongolia (MN)" in text
    assert "entry into force" in text
    assert not PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()
    # Applying is asked first (it changes every page and report); the unconfirmed post changes nothing.
    asked = admin.post(response["Location"], {"fingerprint": review.context["fingerprint"]})
    assert asked.status_code == 200
    assert "Apply these differences to the treaty statuses of every page and report?" in asked.content.decode()
    assert not PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()
    applied = admin.post(response["Location"], {"fingerprint": review.context["fingerprint"], "confirmed": "yes"})
    assert applied.status_code == 302
    assert PartyStatus.objects.filter(instrument_id="ETS185", country_id="MN").exists()
