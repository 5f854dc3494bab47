"""Every write to the treaty data: loading the shipped reference data, updating and importing statuses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import changed_fields, record_event, snapshot
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.services import validate_instance
from glacy.directory.models import Country
from glacy.treaty import reference_data
from glacy.treaty.models import Article, Declaration, Instrument, PartyStatus
from glacy.treaty.reservations import RESERVATION_ARTICLE, is_reservation_allowed

STATUS_FIELDS = ("status", "state_name", "signature", "deposit", "deposit_kind", "entry_into_force", "as_of",
                 "source", "note")


def can_manage_reference_data(user: Any) -> bool:
    """Treaty data is node-wide: only the node's operators (superusers) and programme-office administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    authority = getattr(user, "authority", None)
    return bool(authority and authority.kind == "programme_office" and user.has_role("administrator"))


def _require_reference_manager(actor: Any) -> None:
    if actor is not None and not can_manage_reference_data(actor):
        raise PermissionDenied(_("Only the node's administrators may change treaty data."))


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def instruments_load(*, actor: Any | None) -> ImportSummary:
    """Load instruments and articles from instruments.yaml (idempotent; one audit event when anything changed)."""
    _require_reference_manager(actor)
    created = updated = unchanged = 0
    for document in reference_data.load_instruments():
        values = {
            "series": document["series"], "number": str(document["number"]),
            "title_en": document["title"]["en"], "title_fr": document["title"]["fr"],
            "short_title_en": document["short_title"]["en"], "short_title_fr": document["short_title"]["fr"],
            "opened_on": document["opened_for_signature"]["date"],
            "opened_at_place": document["opened_for_signature"]["place"],
            "entry_into_force": document.get("entry_into_force"),
            "entry_into_force_rule_en": document["entry_into_force_rule"]["en"],
            "entry_into_force_rule_fr": document["entry_into_force_rule"]["fr"],
            "parent_id": document.get("parent"), "source": document.get("source", ""),
            "as_of": document.get("as_of"), "status_list_as_of": document.get("status_list_as_of"),
        }
        _instrument, was_created = Instrument.objects.update_or_create(code=document["code"], defaults=values)
        created += int(was_created)
        for row in reference_data.iter_articles(document):
            article_values = {
                "position": row.position, "division_en": row.division_en, "division_fr": row.division_fr,
                "title_en": row.title_en, "title_fr": row.title_fr,
                "summary_en": row.summary_en, "summary_fr": row.summary_fr,
            }
            article = Article.objects.filter(instrument_id=row.instrument, number=row.number).first()
            if article is None:
                Article.objects.create(instrument_id=row.instrument, number=row.number, **article_values)
                created += 1
            elif any(getattr(article, key) != value for key, value in article_values.items()):
                for key, value in article_values.items():
                    setattr(article, key, value)
                article.save()
                updated += 1
            else:
                unchanged += 1
    summary = ImportSummary(created=created, updated=updated, unchanged=unchanged)
    if created or updated:
        record_event(actor=actor, action="treaty.instruments_load", object_type="treaty.instrument",
                     after={"created": created, "updated": updated})
    return summary


def _status_values(row: Mapping[str, Any]) -> dict[str, Any]:
    return {field: row.get(field) if row.get(field) is not None else "" for field in STATUS_FIELDS} | {
        key: row.get(key) for key in ("signature", "deposit", "entry_into_force", "as_of")
    }


@transaction.atomic
def party_statuses_import(*, actor: Any | None, rows: Iterable[Mapping[str, Any]]) -> ImportSummary:
    """Create or update each (instrument, country) status; one audit event per row that changed."""
    _require_reference_manager(actor)
    created = updated = unchanged = 0
    for row in rows:
        values = _status_values(row)
        status = PartyStatus.objects.select_for_update().filter(
            instrument_id=row["instrument"], country_id=row["country"]
        ).first()
        if status is None:
            status = PartyStatus(instrument_id=row["instrument"], country_id=row["country"], **values)
            validate_instance(status)
            status.save()
            record_event(actor=actor, action="treaty.status_create", obj=status, after=snapshot(status, STATUS_FIELDS))
            created += 1
            continue
        before = snapshot(status, STATUS_FIELDS)
        for key, value in values.items():
            setattr(status, key, value)
        validate_instance(status)
        before_changed, after_changed = changed_fields(before, snapshot(status, STATUS_FIELDS))
        if not after_changed:
            unchanged += 1
            continue
        status.save()
        record_event(actor=actor, action="treaty.status_update", obj=status, before=before_changed, after=after_changed)
        updated += 1
    return ImportSummary(created=created, updated=updated, unchanged=unchanged)


def party_statuses_import_csv(*, actor: Any | None, text: str) -> ImportSummary:
    """Import a newer status chart (parties.csv layout). The whole file is refused on any error."""
    _require_reference_manager(actor)
    rows = reference_data.parse_party_rows(
        text,
        known_instruments=set(Instrument.objects.values_list("code", flat=True)),
        known_countries=set(Country.objects.values_list("code", flat=True)),
    )
    return party_statuses_import(actor=actor, rows=rows)


@transaction.atomic
def party_status_update(*, actor: Any, status: PartyStatus, changes: Mapping[str, Any]) -> PartyStatus:
    """An administrator corrects one country's status for one instrument."""
    _require_reference_manager(actor)
    from glacy.core.services import instance_update

    status = PartyStatus.objects.select_for_update().get(pk=status.pk)
    if changes.get("status") == PartyStatus.Status.PARTY and not (changes.get("deposit") or status.deposit):
        raise ValidationFailed({"deposit": [str(_("A Party needs the date of its ratification or accession."))]})
    return instance_update(instance=status, changes=changes, allowed_fields=STATUS_FIELDS, actor=actor,
                           action="treaty.status_update")


def check_reservations(entries: Iterable[Mapping[str, Any]]) -> None:
    """Refuse a reservation the instrument does not allow (ETS 185 Art. 42: "No other reservation may be made";
    CETS 224 Art. 19(1)); such an entry is a declaration, or a mistake."""
    errors: dict[str, list[str]] = {}
    for entry in entries:
        if entry["kind"] == Declaration.Kind.RESERVATION and not is_reservation_allowed(
                instrument=entry["instrument"], article=str(entry["article"])):
            errors.setdefault(f"{entry['country']} {entry['instrument']} Art. {entry['article']}", []).append(str(_(
                "%(article)s allows no reservation under this article; record it as a declaration or correct it.")
                % {"article": RESERVATION_ARTICLE[entry["instrument"]]}))
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def declarations_load(*, actor: Any | None) -> ImportSummary:
    """Load declarations and reservations from declarations.yaml (idempotent); an unlawful reservation refuses all."""
    _require_reference_manager(actor)
    created = updated = unchanged = 0
    entries = reference_data.load_declarations()
    check_reservations(entries)
    for entry in entries:
        values = {
            "kind": entry["kind"], "summary_en": entry["summary"]["en"], "summary_fr": entry["summary"]["fr"],
            "as_of": entry.get("as_of"), "source": entry.get("source", ""),
        }
        declaration, was_created = Declaration.objects.get_or_create(
            instrument_id=entry["instrument"], country_id=entry["country"], article=str(entry["article"]),
            topic=entry["topic"], defaults=values,
        )
        if was_created:
            created += 1
        elif any(getattr(declaration, key) != value for key, value in values.items()):
            Declaration.objects.filter(pk=declaration.pk).update(**values)
            updated += 1
        else:
            unchanged += 1
    if created or updated:
        record_event(actor=actor, action="treaty.declarations_load", object_type="treaty.declaration",
                     after={"created": created, "updated": updated})
    return ImportSummary(created=created, updated=updated, unchanged=unchanged)


@transaction.atomic
def reference_data_load(*, actor: Any | None) -> dict[str, ImportSummary]:
    """Load everything shipped in treaty/data: instruments, articles, statuses, declarations."""
    from pathlib import Path

    from glacy.directory.services import countries_load

    countries_load(actor=actor)
    instruments = instruments_load(actor=actor)
    text = Path(reference_data.DATA_DIR / "parties.csv").read_text(encoding="utf-8")
    statuses = party_statuses_import_csv(actor=actor, text=text)
    declarations = declarations_load(actor=actor)
    return {"instruments": instruments, "statuses": statuses, "declarations": declarations}
