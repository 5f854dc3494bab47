"""Importing a newer status chart: parse, show the differences, and apply exactly those on request.

The normal way to keep the Parties current (ETS 185, ETS 189, CETS 224): save the Treaty Office chart page
from a browser (or prepare a CSV in the parties.csv layout), upload it, review the differences, apply.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.directory.models import Country
from glacy.treaty import charts
from glacy.treaty.models import Instrument, PartyStatus, StatusChartImport
from glacy.treaty.services import ImportSummary, _require_reference_manager, party_statuses_import

DATE_FIELDS = ("signature", "deposit", "entry_into_force", "as_of")
COMPARED = ("status", "signature", "deposit", "deposit_kind", "entry_into_force", "as_of", "source", "note")
MAX_CHART_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Difference:
    """One (instrument, country) row of the chart against the node's data: new, changed or unchanged."""

    instrument: str
    country: str
    state_name: str
    kind: str  # new | changed | unchanged
    changes: tuple[tuple[str, str, str], ...]  # (field, before, after)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")


def _to_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _text(value) if key in DATE_FIELDS else value for key, value in row.items()}


def _from_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: (datetime.date.fromisoformat(value) if value else None) if key in DATE_FIELDS else value
            for key, value in row.items()}


def _resolved(row: dict[str, Any], current: PartyStatus | None) -> dict[str, Any]:
    """A chart that does not say how consent was expressed keeps what the data already say (or ratification)."""
    if not row.get("deposit_kind") and row.get("deposit"):
        kept = current.deposit_kind if current is not None and current.deposit == row["deposit"] else ""
        row = {**row, "deposit_kind": kept or "ratification"}
    return row


def differences(rows: list[dict[str, Any]]) -> list[Difference]:
    """Compare chart rows (dates as dates) with the statuses on the node, in the chart's order."""
    current = {(status.instrument_id, status.country_id): status for status in PartyStatus.objects.filter(
        instrument_id__in={row["instrument"] for row in rows})}
    found = []
    for raw in rows:
        existing = current.get((raw["instrument"], raw["country"]))
        row = _resolved(raw, existing)
        if existing is None:
            changes = tuple((field, "", _text(row.get(field))) for field in COMPARED if row.get(field))
            found.append(Difference(row["instrument"], row["country"], row.get("state_name", ""), "new", changes))
            continue
        changes = tuple((field, _text(getattr(existing, field)), _text(row.get(field))) for field in COMPARED
                        if _text(getattr(existing, field)) != _text(row.get(field)))
        found.append(Difference(row["instrument"], row["country"], row.get("state_name", ""),
                                "changed" if changes else "unchanged", changes))
    return found


def fingerprint(found: list[Difference]) -> str:
    """A digest of the differences shown; applying checks that they are still the differences."""
    text = json.dumps([(item.instrument, item.country, item.kind, item.changes) for item in found])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _known() -> tuple[dict[str, str], set[str], set[str]]:
    countries = list(Country.objects.values_list("code", "name_en", "name_fr"))
    return (charts.country_index(countries), set(Instrument.objects.values_list("code", flat=True)),
            {code for code, _en, _fr in countries})


@transaction.atomic
def status_chart_preview(*, actor: Any | None, data: bytes, filename: str) -> StatusChartImport:
    """Read a chart and keep it for review; the statuses do not change."""
    _require_reference_manager(actor)
    if not data:
        raise ValidationFailed({"file": [str(_("The file is empty."))]})
    if len(data) > MAX_CHART_BYTES:
        raise ValidationFailed({"file": [str(_("The file is larger than 5 MB."))]})
    countries, instruments, known_countries = _known()
    chart = charts.parse_chart(data, countries=countries, known_instruments=instruments,
                               known_countries=known_countries)
    chart_import = StatusChartImport.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None, filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(), file_format=chart.file_format, as_of=chart.as_of,
        rows=[_to_json(row) for row in chart.rows])
    record_event(actor=actor, action="treaty.chart_preview", obj=chart_import,
                 after={"file": chart_import.filename, "sha256": chart_import.sha256, "rows": len(chart.rows)})
    return chart_import


def preview_differences(chart_import: StatusChartImport) -> list[Difference]:
    return differences([_from_json(row) for row in chart_import.rows])


@transaction.atomic
def status_chart_apply(*, actor: Any | None, chart_import: StatusChartImport, expected: str) -> ImportSummary:
    """Apply the reviewed differences (one audit event per changed row); refused if they are no longer the same."""
    _require_reference_manager(actor)
    chart_import = StatusChartImport.objects.select_for_update().get(pk=chart_import.pk)
    if chart_import.state != StatusChartImport.State.PENDING:
        raise ValidationFailed({"import": [str(_("This chart was already applied."))]})
    found = preview_differences(chart_import)
    if fingerprint(found) != expected:
        raise ValidationFailed({"import": [str(_(
            "The data changed since the differences were shown: review them again before applying."))]})
    current = {(status.instrument_id, status.country_id): status for status in PartyStatus.objects.filter(
        instrument_id__in={row["instrument"] for row in chart_import.rows})}
    rows = [_resolved(_from_json(row), current.get((row["instrument"], row["country"])))
            for row in chart_import.rows]
    summary = party_statuses_import(actor=actor, rows=rows)
    if chart_import.as_of:  # a chart lists every signatory and Party of its instruments: the lists are complete
        Instrument.objects.filter(code__in={row["instrument"] for row in chart_import.rows}).filter(
            Q(status_list_as_of__isnull=True) | Q(status_list_as_of__lt=chart_import.as_of)).update(
            status_list_as_of=chart_import.as_of)
    chart_import.state, chart_import.applied_at = StatusChartImport.State.APPLIED, timezone.now()
    chart_import.summary = {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}
    chart_import.save(update_fields=["state", "applied_at", "summary", "updated_at"])
    record_event(actor=actor, action="treaty.chart_apply", obj=chart_import, after=chart_import.summary)
    return summary
