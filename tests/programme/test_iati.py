"""IATI 2.03 activity XML validated against the official schema (vendored from IATI/IATI-Schemas, version-2.03)."""

from __future__ import annotations

import datetime
import decimal
from typing import Any
from xml.etree import ElementTree as ET

import xmlschema
from django.core.management import call_command

from glacy.programme.iati import SCHEMA, iati_document, iati_validate
from glacy.programme.models import Project
from glacy.programme.services.projects import budget_add, indicator_value_set, transaction_add


def _project_with_money(world: Any) -> Project:
    officer, project = world.users["programme_officer"], world.objects["project"]
    budget_add(actor=officer, project=project, period_start=datetime.date(2025, 1, 1),
               period_end=datetime.date(2025, 12, 31), value=decimal.Decimal("450000"))
    transaction_add(actor=officer, project=project, kind="1", date=datetime.date(2025, 2, 1),
                    value=decimal.Decimal("400000"), donor=project.donors.get(), description="Instalment")
    indicator_value_set(actor=officer, indicator=world.objects["indicator"], kind="milestone", year=2025, value=2)
    indicator_value_set(actor=officer, indicator=world.objects["indicator"], kind="actual", year=2025, value=3)
    return project


def test_project_activity_validates_against_the_official_schema(world: Any) -> None:
    project = _project_with_money(world)
    document = iati_document([project], as_of_year=2025)
    assert iati_validate(document) == []
    schema = xmlschema.XMLSchema(str(SCHEMA))
    assert schema.is_valid(document.decode())
    root = ET.fromstring(document)
    activity = root.find("iati-activity")
    assert root.get("version") == "2.03"
    assert activity.findtext("iati-identifier") == "XM-DAC-47066-GLACY-T"
    assert [(org.get("role"), org.get("ref")) for org in activity.findall("participating-org")] == [
        ("1", "XI-IATI-EC_INTPA"), ("4", "XM-DAC-47066")]
    assert activity.find("recipient-country").attrib == {"code": "GH", "percentage": "100.00"}
    assert activity.find("budget/value").text == "450000.00"
    assert activity.find("transaction/transaction-type").get("code") == "1"
    period = activity.find("result/indicator/period")
    assert (period.find("period-start").get("iso-date"), period.find("target").get("value"),
            period.find("actual").get("value")) == ("2025-01-01", "2.00", "3.00")


def test_the_validator_can_fail() -> None:
    """A document the schema refuses is reported, so the check above means something."""
    broken = b'<iati-activities version="2.03"><iati-activity><title/></iati-activity></iati-activities>'
    problems = iati_validate(broken)
    assert problems
    assert "iati-identifier" in " ".join(problems)


def test_command_writes_every_project_to_standard_output(world: Any, capsysbinary: Any) -> None:
    _project_with_money(world)
    call_command("programme", "iati", "--all", "--validate", "--year", "2025")
    output = capsysbinary.readouterr().out
    assert output.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert iati_validate(output) == []
    assert output.count(b"<iati-activity ") == Project.objects.count() == 1
