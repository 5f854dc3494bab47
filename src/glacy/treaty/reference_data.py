"""Reading the shipped treaty data files (src/glacy/treaty/data/) into plain rows for the services."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

from glacy.core.errors import ValidationFailed

DATA_DIR = Path(__file__).resolve().parent / "data"
PARTY_COLUMNS = (
    "instrument", "country", "state_name", "status", "signature", "deposit", "deposit_kind",
    "entry_into_force", "as_of", "source", "note",
)
STATUS_VALUES = ("party", "signatory", "invited")
DEPOSIT_KINDS = ("", "ratification", "accession", "acceptance", "approval")


@dataclass(frozen=True)
class ArticleRow:
    instrument: str
    number: str
    position: int
    division_en: str
    division_fr: str
    title_en: str
    title_fr: str
    summary_en: str
    summary_fr: str


def load_instruments(path: Path | None = None) -> list[dict[str, Any]]:
    """The instruments with their nested divisions, as written in instruments.yaml."""
    with (path or DATA_DIR / "instruments.yaml").open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle)["instruments"])


def _division_label(division: dict[str, Any], language: str) -> str:
    names = {"en": {"chapter": "Chapter", "section": "Section", "title": "Title"},
             "fr": {"chapter": "Chapitre", "section": "Section", "title": "Titre"}}
    return f"{names[language][division['kind']]} {division['number']} – {division['title'][language]}"


def iter_articles(instrument: dict[str, Any]) -> Iterator[ArticleRow]:
    """Walk the divisions depth-first and yield each article with its place in the structure."""
    position = 0

    def walk(divisions: list[dict[str, Any]], path_en: list[str], path_fr: list[str]) -> Iterator[ArticleRow]:
        nonlocal position
        for division in divisions:
            here_en = [*path_en, _division_label(division, "en")]
            here_fr = [*path_fr, _division_label(division, "fr")]
            for article in division.get("articles", []) or []:
                position += 1
                yield ArticleRow(
                    instrument=instrument["code"], number=str(article["number"]), position=position,
                    division_en=" › ".join(here_en), division_fr=" › ".join(here_fr),
                    title_en=article["title"]["en"], title_fr=article["title"]["fr"],
                    summary_en=article["summary"]["en"], summary_fr=article["summary"]["fr"],
                )
            yield from walk(division.get("divisions", []) or [], here_en, here_fr)

    yield from walk(instrument.get("divisions", []) or [], [], [])


def _parse_date(value: str, *, line: int, column: str, errors: dict[str, list[str]]) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.setdefault(f"line {line}", []).append(
            str(_("%(column)s: “%(value)s” is not a date in YYYY-MM-DD form.") % {"column": column, "value": value})
        )
        return None


def parse_party_rows(text: str, *, known_instruments: set[str], known_countries: set[str]) -> list[dict[str, Any]]:
    """Parse and validate a status chart in the parties.csv layout; refuse the whole file on any error."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in PARTY_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationFailed({"file": [str(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]})
    rows: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for line, raw in enumerate(reader, start=2):
        problems = errors.setdefault(f"line {line}", [])
        instrument = (raw["instrument"] or "").strip().upper()
        country = (raw["country"] or "").strip().upper()
        status = (raw["status"] or "").strip().lower()
        deposit_kind = (raw["deposit_kind"] or "").strip().lower()
        if instrument not in known_instruments:
            problems.append(str(_("instrument: unknown code “%(value)s”.") % {"value": instrument}))
        if country not in known_countries:
            problems.append(str(_("country: unknown ISO code “%(value)s”.") % {"value": country}))
        if status not in STATUS_VALUES:
            problems.append(str(_("status: must be party, signatory or invited.")))
        if deposit_kind not in DEPOSIT_KINDS:
            problems.append(str(_("deposit_kind: must be ratification, accession, acceptance or approval.")))
        if (instrument, country) in seen:
            problems.append(str(_("this instrument and country appear twice in the file.")))
        seen.add((instrument, country))
        row = {
            "instrument": instrument, "country": country, "state_name": (raw["state_name"] or "").strip(),
            "status": status, "deposit_kind": deposit_kind, "source": (raw["source"] or "").strip(),
            "note": (raw["note"] or "").strip(),
        }
        for column in ("signature", "deposit", "entry_into_force", "as_of"):
            row[column] = _parse_date(raw[column], line=line, column=column, errors=errors)
        if status == "party" and row["deposit"] is None and not row["note"]:
            problems.append(str(_("deposit: a Party needs its ratification or accession date, or a note why not.")))
        rows.append(row)
    errors = {key: value for key, value in errors.items() if value}
    if errors:
        raise ValidationFailed(errors)
    return rows


def load_declarations(path: Path | None = None) -> list[dict[str, Any]]:
    with (path or DATA_DIR / "declarations.yaml").open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    as_of = document.get("as_of")
    return [{**entry, "as_of": entry.get("as_of", as_of)} for entry in document.get("entries", [])]
