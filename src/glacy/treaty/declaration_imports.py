"""Importing reservations and declarations (a CSV taken from the Treaty Office's list), differences shown first.

The list of reservations and declarations is the other half of a treaty's chart: a reservation under CETS 224
Art. 8(13) or a declaration under Art. 7(8) changes what a request may do (cooperation/rules/protocol_checks.py).
Columns: instrument, country, article, kind, topic, summary_en, summary_fr, as_of, source. `topic` may be left
empty: it is then taken from the article (treaty.reservations.TOPICS), "other" for an article the checks do not
act on. A reservation under an article that allows none (ETS 185 Art. 42, CETS 224 Art. 19(1)) refuses the file.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.directory.models import Country
from glacy.treaty.models import Declaration, Instrument
from glacy.treaty.reservations import OTHER_TOPIC, TOPICS, normalise_article, topic_for
from glacy.treaty.services import ImportSummary, _require_reference_manager, check_reservations

COLUMNS = ("instrument", "country", "article", "kind", "topic", "summary_en", "summary_fr", "as_of", "source")
COMPARED = ("kind", "summary_en", "summary_fr", "as_of", "source")


@dataclass(frozen=True)
class DeclarationDifference:
    key: tuple[str, str, str, str]  # instrument, country, article, topic
    kind: str  # new | changed | unchanged
    changes: tuple[tuple[str, str, str], ...]


def _topic_problem(*, instrument: str, article: str, kind: str, topic: str) -> str:
    known = {item.code: item for item in TOPICS}
    if topic == OTHER_TOPIC:
        return ""
    if topic not in known:
        return str(_("topic: unknown “%(topic)s” (leave it empty to take it from the article).") % {"topic": topic})
    expected = known[topic]
    if (expected.instrument, expected.article, expected.kind) != (instrument, article, kind):
        return str(_("topic: “%(topic)s” is a %(kind)s under Art. %(article)s of %(instrument)s.") % {
            "topic": topic, "kind": expected.kind, "article": expected.article, "instrument": expected.instrument})
    return ""


def parse_declaration_rows(text: str) -> list[dict[str, Any]]:
    """Read and check the CSV; the whole file is refused on any error (which line, which column, why)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationFailed({"file": [str(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]})
    instruments = set(Instrument.objects.values_list("code", flat=True))
    countries = set(Country.objects.values_list("code", flat=True))
    rows, errors = [], {}
    for line, raw in enumerate(reader, start=2):
        problems = []
        row = {column: (raw.get(column) or "").strip() for column in COLUMNS}
        row["instrument"], row["country"] = row["instrument"].upper(), row["country"].upper()
        row["article"], row["kind"] = normalise_article(row["article"]), row["kind"].lower()
        if not row["topic"]:  # taken from the article when the kinds agree (else a check does not act on it)
            derived = topic_for(instrument=row["instrument"], article=row["article"])
            known = {item.code: item.kind for item in TOPICS}
            row["topic"] = derived if known.get(derived, row["kind"]) == row["kind"] else OTHER_TOPIC
        if row["instrument"] not in instruments:
            problems.append(str(_("instrument: unknown code “%(value)s”.") % {"value": row["instrument"]}))
        if row["country"] not in countries:
            problems.append(str(_("country: unknown ISO code “%(value)s”.") % {"value": row["country"]}))
        if not row["article"]:
            problems.append(str(_("article: give the article, e.g. 8(13).")))
        if row["kind"] not in Declaration.Kind.values:
            problems.append(str(_("kind: must be reservation, declaration or notification.")))
        if not row["summary_en"] or not row["summary_fr"]:
            problems.append(str(_("summary_en, summary_fr: both summaries are needed.")))
        problems.append(_topic_problem(instrument=row["instrument"], article=row["article"], kind=row["kind"],
                                       topic=row["topic"]))
        try:
            row["as_of"] = datetime.date.fromisoformat(row["as_of"]) if row["as_of"] else None
        except ValueError:
            problems.append(str(_("as_of: “%(value)s” is not a date in YYYY-MM-DD form.") % {"value": row["as_of"]}))
        problems = [problem for problem in problems if problem]
        if problems:
            errors[f"line {line}"] = problems
        rows.append(row)
    if errors:
        raise ValidationFailed(errors)
    check_reservations(rows)
    return rows


def declaration_differences(rows: list[dict[str, Any]]) -> list[DeclarationDifference]:
    current = {(item.instrument_id, item.country_id, item.article, item.topic): item
               for item in Declaration.objects.filter(instrument_id__in={row["instrument"] for row in rows})}
    found = []
    for row in rows:
        key = (row["instrument"], row["country"], row["article"], row["topic"])
        existing = current.get(key)
        if existing is None:
            found.append(DeclarationDifference(key, "new", tuple((field, "", str(row[field] or ""))
                                                                  for field in COMPARED if row[field])))
            continue
        changes = tuple((field, str(getattr(existing, field) or ""), str(row[field] or "")) for field in COMPARED
                        if str(getattr(existing, field) or "") != str(row[field] or ""))
        found.append(DeclarationDifference(key, "changed" if changes else "unchanged", changes))
    return found


@transaction.atomic
def declarations_import(*, actor: Any | None, rows: list[dict[str, Any]]) -> ImportSummary:
    """Create or update each entry (one audit event per entry that changed); nothing is deleted."""
    _require_reference_manager(actor)
    created = updated = unchanged = 0
    for difference, row in zip(declaration_differences(rows), rows, strict=True):
        values = {field: row[field] for field in COMPARED}
        instrument, country, article, topic = difference.key
        if difference.kind == "unchanged":
            unchanged += 1
            continue
        declaration, was_created = Declaration.objects.update_or_create(
            instrument_id=instrument, country_id=country, article=article, topic=topic, defaults=values)
        created, updated = created + int(was_created), updated + int(not was_created)
        record_event(actor=actor, action="treaty.declaration_create" if was_created else "treaty.declaration_update",
                     obj=declaration, before={field: before for field, before, _after in difference.changes},
                     after={field: after for field, _before, after in difference.changes})
    return ImportSummary(created=created, updated=updated, unchanged=unchanged)
