"""The activity spreadsheet (XLSX or CSV): one row per activity, the same columns for import and export.

Import is checked whole before anything is written: every problem is reported with its row (as the
spreadsheet numbers it, the header being row 1), its column and what is wrong; a file with any problem
writes nothing. Lists (topics, results, countries) are separated by ";". Values may be codes or the
English or French labels.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from glacy.directory.models import Country
from glacy.programme.models import Activity, Project, Topic
from glacy.programme.models.vocabulary import ActivityFormat, ActivityType, Gender, InstitutionType
from glacy.programme.services.activities import ActivityData

PARTICIPATION_COLUMNS = [(f"{institution}_{gender}", institution, gender)
                         for institution in InstitutionType.values for gender in Gender.values]
COLUMNS = ["project", "reference", "title", "type", "topics", "results", "countries", "start_date", "end_date",
           "format", "partners", "outputs", *[name for name, _institution, _gender in PARTICIPATION_COLUMNS]]
REQUIRED = ("project", "reference", "title", "type", "start_date", "end_date")
MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ParsedSheet:
    items: list[ActivityData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    creates: int = 0
    updates: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.items)


def _choice_lookup(choices: type[Any]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for language in ("en", "fr"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def _read_rows(data: bytes, file_name: str) -> Iterator[list[Any]]:
    if file_name.lower().endswith(".xlsx"):
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
        workbook.close()
        return
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_activity_sheet(*, data: bytes, file_name: str, projects: Iterable[Project]) -> ParsedSheet:
    """Read and check a spreadsheet against the projects the importer may write to."""
    sheet = ParsedSheet()
    if len(data) > MAX_BYTES:
        sheet.problems.append(Problem(0, "", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20}))
        return sheet
    try:
        rows = list(_read_rows(data, file_name))
    except Exception as error:
        sheet.problems.append(Problem(0, "", _("The file cannot be read as XLSX or CSV (%(error)s).") % {
            "error": type(error).__name__}))
        return sheet
    if not rows:
        sheet.problems.append(Problem(1, "", _("The file is empty.")))
        return sheet
    header = [_text(name).lower() for name in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        sheet.problems.extend(Problem(1, name, _("This column is missing.")) for name in missing)
        return sheet
    unknown = [name for name in header if name and name not in COLUMNS]
    sheet.problems.extend(Problem(1, name, _("Unknown column.")) for name in unknown)
    if len(rows) - 1 > MAX_ROWS:
        sheet.problems.append(Problem(0, "", _("More than %(max)s rows.") % {"max": MAX_ROWS}))
        return sheet
    by_code = {project.code.lower(): project for project in projects}
    result_codes = {}
    for project in by_code.values():
        result_codes[project.pk] = {code.upper() for code in project.results.values_list("code", flat=True)}
    topics = {code.lower(): code for code in Topic.objects.filter(is_active=True).values_list("code", flat=True)}
    for code, name_en, name_fr in Topic.objects.filter(is_active=True).values_list("code", "name_en", "name_fr"):
        topics[name_en.lower()] = code
        topics[name_fr.lower()] = code
    countries = {code.lower(): code for code in Country.objects.values_list("code", flat=True)}
    types, formats = _choice_lookup(ActivityType), _choice_lookup(ActivityFormat)
    seen: dict[tuple[str, str], int] = {}
    existing = set()
    for number, values in enumerate(rows[1:], start=2):
        cells = {name: _text(values[index]) if index < len(values) else "" for index, name in enumerate(header)}
        if not any(cells.values()):
            continue
        item, problems = _check_row(number, cells, by_code, result_codes, topics, countries, types, formats)
        sheet.problems.extend(problems)
        if item is None:
            continue
        key = (item.project.code, item.fields["reference"])
        if key in seen:
            sheet.problems.append(Problem(number, "reference", _("Same reference as row %(row)s.") % {
                "row": seen[key]}))
            continue
        seen[key] = number
        sheet.items.append(item)
    if sheet.items:
        existing = set(Activity.objects.filter(project__in=[item.project for item in sheet.items],
                                               reference__in=[item.fields["reference"] for item in sheet.items])
                       .values_list("project_id", "reference"))
    sheet.updates = sum((item.project.pk, item.fields["reference"]) in existing for item in sheet.items)
    sheet.creates = len(sheet.items) - sheet.updates
    if not sheet.items and not sheet.problems:
        sheet.problems.append(Problem(2, "", _("The file has no activity row.")))
    return sheet


def _date(number: int, column: str, value: str, problems: list[Problem]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        problems.append(Problem(number, column, _("“%(value)s” is not a date (write YYYY-MM-DD).") % {
            "value": value}))
        return None


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _check_row(number: int, cells: dict[str, str], projects: dict[str, Project], result_codes: dict[Any, set[str]],
               topics: dict[str, str], countries: dict[str, str], types: dict[str, str],
               formats: dict[str, str]) -> tuple[ActivityData | None, list[Problem]]:
    problems = [Problem(number, name, _("This cell is empty.")) for name in REQUIRED if not cells.get(name)]
    project = projects.get(cells.get("project", "").lower())
    if cells.get("project") and project is None:
        problems.append(Problem(number, "project", _("No project “%(code)s” that you may change.") % {
            "code": cells["project"]}))
    activity_type = types.get(cells.get("type", "").lower())
    if cells.get("type") and activity_type is None:
        problems.append(Problem(number, "type", _("Unknown activity type “%(value)s”.") % {"value": cells["type"]}))
    activity_format = formats.get((cells.get("format") or "in_person").lower())
    if activity_format is None:
        problems.append(Problem(number, "format", _("Unknown format “%(value)s”.") % {"value": cells["format"]}))
    start = _date(number, "start_date", cells["start_date"], problems) if cells.get("start_date") else None
    end = _date(number, "end_date", cells["end_date"], problems) if cells.get("end_date") else None
    if start and end and end < start:
        problems.append(Problem(number, "end_date", _("The activity ends before it starts.")))
    for column, limit in (("reference", 40), ("title", 300), ("partners", 300)):
        if len(cells.get(column, "")) > limit:
            problems.append(Problem(number, column, _("Longer than %(limit)s characters.") % {"limit": limit}))
    topic_codes = []
    for value in _list(cells.get("topics", "")):
        if value.lower() in topics:
            topic_codes.append(topics[value.lower()])
        else:
            problems.append(Problem(number, "topics", _("Unknown topic “%(value)s”.") % {"value": value}))
    country_codes = []
    for value in _list(cells.get("countries", "")):
        if value.lower() in countries:
            country_codes.append(countries[value.lower()])
        else:
            problems.append(Problem(number, "countries", _("Unknown country code “%(value)s”.") % {"value": value}))
    results = [value.upper() for value in _list(cells.get("results", ""))]
    if project is not None:
        problems.extend(Problem(number, "results", _("Project %(project)s has no result %(code)s.") % {
            "project": project.code, "code": code}) for code in results if code not in result_codes[project.pk])
    participation: dict[tuple[str, str], int] = {}
    for column, institution, gender in PARTICIPATION_COLUMNS:
        value = cells.get(column, "")
        if not value:
            continue
        if not value.isdigit():
            problems.append(Problem(number, column, _("“%(value)s” is not a whole number of people.") % {
                "value": value}))
            continue
        participation[(institution, gender)] = int(value)
    if problems or project is None or activity_type is None or start is None or end is None:
        return None, problems
    return ActivityData(project=project, fields={
        "reference": cells["reference"], "title": cells["title"], "activity_type": activity_type,
        "start_date": start, "end_date": end, "activity_format": activity_format,
        "partners": cells.get("partners", ""), "outputs": cells.get("outputs", ""),
    }, topics=sorted(set(topic_codes)), results=sorted(set(results)), countries=sorted(set(country_codes)),
        participation=participation), problems


def activity_rows(activities: Iterable[Activity]) -> Iterator[list[Any]]:
    """The spreadsheet rows of `activities` (codes, ISO dates), header first: what import reads back."""
    yield list(COLUMNS)
    for activity in activities:
        counts = {(item.institution_type, item.gender): item.count for item in activity.participation.all()}
        yield [activity.project.code, activity.reference, activity.title, activity.activity_type,
               ";".join(sorted(topic.code for topic in activity.topics.all())),
               ";".join(sorted(result.code for result in activity.results.all())),
               ";".join(sorted(country.code for country in activity.countries.all())),
               activity.start_date.isoformat(), activity.end_date.isoformat(), activity.activity_format,
               activity.partners, activity.outputs,
               *[counts.get((institution, gender), "") for _name, institution, gender in PARTICIPATION_COLUMNS]]


def export_csv(rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def export_xlsx(rows: Iterable[list[Any]], *, title: str = "activities") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_queryset(activities: Any) -> Iterator[list[Any]]:
    return activity_rows(activities.select_related("project").prefetch_related(
        "topics", "results", "countries", "participation").order_by("project__code", "reference"))
