"""Reading a status chart: the Treaty Office's "Chart of signatures and ratifications" page saved from a browser
(HTML), or a CSV in the layout of the shipped parties.csv. Both give the same rows; nothing is written here.

The Treaty Office page (coe.int, "Full list" › treaty › "Signatures and ratifications") has a heading with the
treaty number ("Treaty 185", "Traité n°185"), a "Status as of dd/mm/yyyy" line and one or more tables whose
rows are: State | Signature | Ratification | Entry into force | Notes | R. | D. | A. | T. | C. | O. The Notes
column marks accessions with "a". Dates are dd/mm/yyyy. States are matched to ISO codes by their English or
French name (a few Treaty Office spellings are listed below); a name we cannot match refuses the whole file.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from glacy.core.errors import ValidationFailed
from glacy.treaty import reference_data

TREATY_NUMBERS = {"185": "ETS185", "189": "ETS189", "224": "CETS224"}
DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
#: Treaty Office spellings that are neither the ISO English nor the French short name.
ALIASES = {
    "czech republic": "CZ", "republic of moldova": "MD", "moldova": "MD", "turkey": "TR", "turkiye": "TR",
    "united states of america": "US", "united kingdom": "GB", "netherlands": "NL",
    "netherlands, the kingdom of the": "NL", "the netherlands": "NL", "north macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK", "russian federation": "RU", "cote d'ivoire": "CI",
    "cabo verde": "CV", "cape verde": "CV", "holy see": "VA", "korea": "KR", "republic of korea": "KR",
    "bosnia and herzegovina": "BA", "slovak republic": "SK",
}


@dataclass(frozen=True)
class Chart:
    """What a chart file says, before it is compared with the data on the node."""

    file_format: str
    rows: list[dict[str, Any]]
    as_of: datetime.date | None


def _fold(text: str) -> str:
    """Lower case, accents removed, spaces and apostrophes unified: "Côte d’Ivoire" → "cote d'ivoire"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.replace("’", "'").lower().split())


def country_index(countries: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Names (English, French, aliases) → ISO code, from the node's countries."""
    index = {_fold(alias): code for alias, code in ALIASES.items()}
    for code, name_en, name_fr in countries:
        for name in (name_en, name_fr):
            if name:
                index.setdefault(_fold(name), code)
    return index


def _date(text: str) -> datetime.date | None:
    match = DATE.match(text or "")
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _cell_text(cell: Any) -> str:
    return " ".join(cell.text_content().split())


def parse_html(data: bytes, *, countries: dict[str, str], known_instruments: set[str]) -> Chart:
    """The rows of a saved Treaty Office chart page; the whole file is refused on anything not understood."""
    import lxml.html

    try:
        document = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError) as error:
        raise ValidationFailed({"file": [str(_("This is not an HTML page."))]}) from error
    text = " ".join(document.text_content().split())
    number = re.search(r"(?:Treaty|Traité)\s*(?:n°|No\.?)?\s*(\d{3})", text)
    instrument = TREATY_NUMBERS.get(number.group(1)) if number else None
    if instrument is None or instrument not in known_instruments:
        raise ValidationFailed({"file": [str(_(
            "The page does not name a treaty this platform holds (Treaty 185, 189 or 224)."))]})
    status_date = re.search(r"(?:Status as of|Situation au)\s*:?\s*(\d{1,2}/\d{1,2}/\d{4})", text)
    as_of = _date(status_date.group(1)) if status_date else None
    if as_of is None:
        raise ValidationFailed({"file": [str(_("The page has no “Status as of” date."))]})
    rows: list[dict[str, Any]] = []
    unknown: list[str] = []
    for table in document.iter("table"):
        columns: dict[str, int] = {}
        for tr in table.iter("tr"):
            cells = [_cell_text(cell) for cell in tr if cell.tag in {"td", "th"}]
            lowered = [cell.lower() for cell in cells]
            if "signature" in lowered and any(cell.startswith(("ratification", "entry", "entrée")) for cell in lowered):
                columns = {"signature": lowered.index("signature")}
                for position, cell in enumerate(lowered):
                    if cell.startswith("ratification"):
                        columns["deposit"] = position
                    elif cell.startswith(("entry", "entrée")):
                        columns["entry_into_force"] = position
                    elif cell.startswith(("notes", "renvois")):
                        columns["notes"] = position
                continue
            if not columns or len(cells) < 2:
                continue
            row = _html_row(cells, columns)
            if row is None:
                continue
            code = countries.get(_fold(row["state_name"]))
            if code is None:
                unknown.append(row["state_name"])
                continue
            rows.append({"instrument": instrument, "country": code, "as_of": as_of, **row})
    if unknown:
        raise ValidationFailed({"file": [str(_("States not recognised: %(names)s.") % {"names": ", ".join(unknown)})]})
    if not rows:
        raise ValidationFailed({"file": [str(_("No State with a date was found in the page's tables."))]})
    source = f"CoE Treaty Office chart of signatures and ratifications (saved page), status as of {as_of:%d/%m/%Y}"
    return Chart("html", [{**row, "source": source} for row in rows], as_of)


def _html_row(cells: list[str], columns: dict[str, int]) -> dict[str, Any] | None:
    def cell(name: str) -> str:
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    signature, deposit, in_force = _date(cell("signature")), _date(cell("deposit")), _date(cell("entry_into_force"))
    if not (signature or deposit):
        return None  # a member State that neither signed nor ratified: no status to record
    notes = cell("notes").lower().split()
    if deposit and in_force:
        status, note = "party", ""
    elif deposit:
        status, note = ("signatory" if signature else "invited"), "consent to be bound deposited; not yet in force"
    else:
        status, note = "signatory", ""
    return {"state_name": cells[0], "status": status, "signature": signature, "deposit": deposit,
            # The chart's column holds ratification, acceptance or approval alike: only accessions are marked.
            "deposit_kind": "accession" if "a" in notes else "", "entry_into_force": in_force, "note": note}


def parse_chart(data: bytes, *, countries: dict[str, str], known_instruments: set[str],
                known_countries: set[str]) -> Chart:
    """A saved Treaty Office page or a CSV in the parties.csv layout, recognised by its content."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html", b"<")):
        return parse_html(data, countries=countries, known_instruments=known_instruments)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationFailed({"file": [str(_("The file is not UTF-8 text."))]}) from error
    rows = reference_data.parse_party_rows(text, known_instruments=known_instruments, known_countries=known_countries)
    dates = [row["as_of"] for row in rows if row.get("as_of")]
    return Chart("csv", rows, max(dates) if dates else None)
