"""IATI 2.03 activity XML for projects: identifiers, organisations, sectors, countries and regions, budgets
and transactions where entered, results with indicators, baselines, periods, targets and actuals.

Schema: `data/iati-2.03/` (the official XSD, vendored with its licence). Element order follows the schema.
Codes: ActivityStatus, ActivityDateType (1 planned start, 3 planned end), OrganisationRole (1 funding,
3 extending, 4 implementing), Sector vocabulary 1 = OECD DAC 5-digit (15130 legal and judicial development),
TransactionType, IndicatorMeasure (1 unit, 2 percentage), ResultType (2 outcome).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from glacy.programme.metrics import indicator_actual
from glacy.programme.models import Project

SCHEMA = Path(__file__).resolve().parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: OECD DAC CRS purpose code: legal and judicial development.
SECTOR_CODE = "15130"
#: UN M49 regions for the programme's regions (IATI RegionVocabulary 2).
REGION_M49 = {"africa": "002", "americas": "019", "asia_pacific": "142", "europe": "150", "middle_east": "145"}


def _text(parent: ET.Element, tag: str, text: str, *, language: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    narrative = ET.SubElement(element, "narrative")
    if language:
        narrative.set(XML_LANG, language)
    narrative.text = text
    return element


def _narratives(parent: ET.Element, tag: str, english: str, french: str, **attributes: str) -> None:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = english
    if french:
        ET.SubElement(element, "narrative", {XML_LANG: "fr"}).text = french


def _amount(value: decimal.Decimal) -> str:
    return format(value.quantize(decimal.Decimal("0.01")), "f")


def _reporting_ref(project: Project) -> str:
    """The reporting organisation's IATI identifier: GLACY_IATI_REPORTING_ORG, else the prefix of the project's
    IATI identifier (IATI identifiers are the reporting organisation's identifier, a hyphen, the activity's own)."""
    configured = getattr(settings, "IATI_REPORTING_ORG", "")
    if configured:
        return str(configured)
    own = "-" + project.code.upper().replace("+", "PLUS")
    identifier = project.iati_identifier
    if identifier.upper().endswith(own):
        return identifier[: -len(own)]
    return identifier.rsplit("-", 1)[0]


def project_activity(project: Project, *, as_of_year: int) -> ET.Element:
    """One `iati-activity` element for a project; actual values are computed for every year to `as_of_year`."""
    activity = ET.Element("iati-activity", {
        "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        XML_LANG: "en", "default-currency": project.currency})
    ET.SubElement(activity, "iati-identifier").text = project.iati_identifier
    _text(activity, "reporting-org", project.authority.name, ref=_reporting_ref(project), type="40")
    _narratives(activity, "title", project.title, project.title_fr)
    description = ET.SubElement(activity, "description", {"type": "1"})
    ET.SubElement(description, "narrative").text = project.description or project.title
    if project.objective:
        _text(activity, "description", project.objective, type="2")
    for donor in project.donors.all():
        attributes = {"role": "1", "type": donor.iati_type}
        if donor.iati_ref:
            attributes["ref"] = donor.iati_ref
        _text(activity, "participating-org", donor.name, **attributes)
    _text(activity, "participating-org", project.authority.name, role="4", type="40", ref=_reporting_ref(project))
    ET.SubElement(activity, "activity-status", {"code": project.status})
    ET.SubElement(activity, "activity-date", {"type": "1", "iso-date": project.start_date.isoformat()})
    ET.SubElement(activity, "activity-date", {"type": "3", "iso-date": project.end_date.isoformat()})
    countries = sorted(country.code for country in project.countries.all())
    regions = [REGION_M49[code] for code in project.regions if code in REGION_M49]
    shares = _shares(len(countries) + len(regions))
    for code, share in zip(countries, shares, strict=False):
        ET.SubElement(activity, "recipient-country", {"code": code, "percentage": share})
    for code, share in zip(regions, shares[len(countries):], strict=False):
        ET.SubElement(activity, "recipient-region", {"code": code, "vocabulary": "2", "percentage": share})
    ET.SubElement(activity, "sector", {"vocabulary": "1", "code": SECTOR_CODE, "percentage": "100"})
    for budget in project.budgets.all():
        element = ET.SubElement(activity, "budget", {"type": "1", "status": "2"})
        ET.SubElement(element, "period-start", {"iso-date": budget.period_start.isoformat()})
        ET.SubElement(element, "period-end", {"iso-date": budget.period_end.isoformat()})
        ET.SubElement(element, "value", {"value-date": budget.period_start.isoformat()}).text = _amount(budget.value)
    for item in project.transactions.select_related("donor"):
        element = ET.SubElement(activity, "transaction")
        ET.SubElement(element, "transaction-type", {"code": item.kind})
        ET.SubElement(element, "transaction-date", {"iso-date": item.date.isoformat()})
        ET.SubElement(element, "value", {"value-date": item.date.isoformat()}).text = _amount(item.value)
        if item.description:
            _text(element, "description", item.description)
        if item.donor is not None:
            attributes = {"ref": item.donor.iati_ref} if item.donor.iati_ref else {}
            _text(element, "provider-org", item.donor.name, **attributes)
    for result in project.results.prefetch_related("indicators__values"):
        if result.indicators.all():  # IATI: a result is published with at least one indicator
            _result(activity, result, project, as_of_year)
    return activity


def _shares(count: int) -> list[str]:
    """Percentages that add up to exactly 100 with two decimals."""
    if count == 0:
        return []
    base = (decimal.Decimal(100) / count).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_DOWN)
    shares = [base] * count
    shares[0] += decimal.Decimal(100) - base * count
    return [format(share, "f") for share in shares]


def _result(activity: ET.Element, result: Any, project: Project, as_of_year: int) -> None:
    element = ET.SubElement(activity, "result", {"type": "2", "aggregation-status": "0"})
    _narratives(element, "title", f"{result.code} – {result.title}", f"{result.code} – {result.title_fr}"
                if result.title_fr else "")
    for indicator in result.indicators.all():
        node = ET.SubElement(element, "indicator", {"measure": "2" if indicator.is_percentage else "1",
                                                    "ascending": "1"})
        _narratives(node, "title", indicator.title, indicator.title_fr)
        if indicator.means_of_verification:
            _text(node, "description", indicator.means_of_verification)
        if indicator.baseline_value is not None and indicator.baseline_year:
            ET.SubElement(node, "baseline", {"year": str(indicator.baseline_year),
                                             "value": _amount(indicator.baseline_value)})
        milestones = {item.year: item.value for item in indicator.values.all() if item.kind == "milestone"}
        if indicator.target_value is not None and indicator.target_year:
            milestones.setdefault(indicator.target_year, indicator.target_value)
        last = min(as_of_year, project.end_date.year)
        for year in range(project.start_date.year, max(last, max(milestones, default=last)) + 1):
            actual = indicator_actual(indicator, year).value if year <= last else None
            if actual is None and year not in milestones:
                continue
            period = ET.SubElement(node, "period")
            start = max(project.start_date, datetime.date(year, 1, 1))
            end = min(project.end_date, datetime.date(year, 12, 31))
            ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
            ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
            if year in milestones:
                ET.SubElement(period, "target", {"value": _amount(decimal.Decimal(milestones[year]))})
            if actual is not None:
                ET.SubElement(period, "actual", {"value": _amount(decimal.Decimal(actual))})


def iati_document(projects: Iterable[Project], *, as_of_year: int | None = None) -> bytes:
    """An `iati-activities` document (version 2.03) with one activity per project."""
    year = as_of_year or timezone.now().year
    root = ET.Element("iati-activities", {
        "version": "2.03", "generated-datetime": timezone.now().replace(microsecond=0).isoformat()})
    for project in projects:
        root.append(project_activity(project, as_of_year=year))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def iati_validate(document: bytes) -> list[str]:
    """Problems found by the official IATI 2.03 schema (an empty list means the document is valid)."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(SCHEMA))
    return [f"{error.path}: {error.reason}" for error in schema.iter_errors(document.decode("utf-8"))]
