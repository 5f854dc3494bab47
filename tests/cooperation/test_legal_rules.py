"""The legal rules as data (`glacy requests rules --format json`), as a page and as the user guide's section:
all three are generated from `cooperation/rules/`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from glacy.cooperation.rules import catalogue, checks, registry, sources
from glacy.cooperation.rules.citations import localise

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"


def _rules() -> dict[str, Any]:
    output = io.StringIO()
    call_command("requests", "rules", "--format", "json", stdout=output)
    return json.loads(output.getvalue())


def _type(rules: dict[str, Any], code: str) -> dict[str, Any]:
    return next(item for item in rules["types"] if item["code"] == code)


def test_rules_json_preservation_is_exactly_what_the_platform_applies() -> None:
    assert _type(_rules(), "ETS185-29") == {
        "code": "ETS185-29", "title": "Expedited preservation of stored computer data", "article": "ETS 185 Art. 29",
        "fields": [
            {"name": "contact_person", "article": "ETS 185 Art. 29(2)(a)", "required": True},
            {"name": "offence_description", "article": "ETS 185 Art. 29(2)(b)", "required": True},
            {"name": "summary_of_facts", "article": "ETS 185 Art. 29(2)(b)", "required": True},
            {"name": "data_sought", "article": "ETS 185 Art. 29(2)(c)", "required": True},
            {"name": "identifiers", "article": "ETS 185 Art. 29(2)(c)", "required": True},
            {"name": "relationship_to_offence", "article": "ETS 185 Art. 29(2)(c)", "required": True},
            {"name": "custodian_or_location", "article": "ETS 185 Art. 29(2)(d)", "required": True},
            {"name": "necessity", "article": "ETS 185 Art. 29(2)(e)", "required": True},
            {"name": "intends_mutual_assistance", "article": "ETS 185 Art. 29(2)(f)", "required": True},
            {"name": "preserves_traffic_data", "article": "ETS 185 Art. 30(1)", "required": False},
            {"name": "urgency_reasons", "article": "ETS 185 Art. 25(3)", "required": False},
            {"name": "confidentiality", "article": "ETS 185 Art. 27(8)", "required": False},
        ],
        "deadlines": [{"code": "preservation_minimum", "days": 60, "starts": "measure_effected",
                       "article": "ETS 185 Art. 29(7)"}],
        "refusal_grounds": [{"code": "political_offence", "article": "ETS 185 Art. 29(5)(a)"},
                            {"code": "essential_interests", "article": "ETS 185 Art. 29(5)(b)"},
                            {"code": "dual_criminality_reservation", "article": "ETS 185 Art. 29(4)"}],
    }


def test_rules_json_production_order_and_spontaneous_information() -> None:
    rules = _rules()
    production = _type(rules, "CETS224-8")
    assert production["deadlines"] == [
        {"code": "order_service", "days": 45, "starts": "information_complete", "article": "CETS 224 Art. 8(6)(a)"},
        {"code": "production_subscriber", "days": 20, "starts": "served_on_provider",
         "article": "CETS 224 Art. 8(6)(a)(i)"},
        {"code": "production_traffic", "days": 45, "starts": "served_on_provider",
         "article": "CETS 224 Art. 8(6)(a)(ii)"}]
    assert production["refusal_grounds"] == [
        {"code": "requested_party_law_or_treaty", "article": "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))"},
        {"code": "fiscal_offence", "article": "CETS 224 Art. 8(8) (ETS 185 Art. 25(4))"},
        {"code": "political_offence", "article": "CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(a))"},
        {"code": "essential_interests", "article": "CETS 224 Art. 8(8) (ETS 185 Art. 27(4)(b))"}]
    assert {"name": "data_category", "article": "CETS 224 Art. 8(6)(a)", "required": True} in production["fields"]
    assert _type(rules, "ETS185-26") == {
        "code": "ETS185-26", "title": "Spontaneous information", "article": "ETS 185 Art. 26",
        "fields": [{"name": "contact_person", "article": "T-CY request template", "required": True},
                   {"name": "information_provided", "article": "ETS 185 Art. 26(1)", "required": True},
                   {"name": "conditions_of_use", "article": "ETS 185 Art. 26(2)", "required": False}],
        "deadlines": [], "refusal_grounds": []}
    assert _type(rules, "CETS224-7")["deadlines"] == [
        {"code": "provider_disclosure", "days": 30, "starts": "provider_received", "article": "CETS 224 Art. 7(7)"}]


def test_rules_json_has_the_documented_shape_and_a_stable_order() -> None:
    first, second = _rules(), _rules()
    assert first == second
    assert list(first) == ["types"]
    assert [item["code"] for item in first["types"]] == [item.code for item in catalogue.TYPES]
    for item in first["types"]:
        assert list(item) == ["code", "title", "article", "fields", "deadlines", "refusal_grounds"]
        assert all(list(field) == ["name", "article", "required"] for field in item["fields"])
        assert all(list(rule) == ["code", "days", "starts", "article"] for rule in item["deadlines"])
        assert all(list(ground) == ["code", "article"] for ground in item["refusal_grounds"])
        assert all(rule["article"].startswith(("ETS 185 Art.", "CETS 224 Art.", "T-CY"))
                   for rule in [*item["fields"], *item["deadlines"], *item["refusal_grounds"]])


def test_user_guide_section_is_the_generated_rules() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("<!-- legal-rules:start -->\n", 1)[1].split("<!-- legal-rules:end -->", 1)[0]
    assert section == registry.rules_markdown(), (
        "docs/user-guide.md is out of date: run `glacy requests rules --update-guide docs/user-guide.md`")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_legal_rules_page_lists_every_type_reading_and_unverified_paragraph(language: str, world: Any,
                                                                            client_for: Any) -> None:
    user = world.users["drafter"]
    user.preferred_language = language
    user.save()
    page = client_for(user).get("/cooperation/rules/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for item in catalogue.TYPES:
        assert f'id="type-{item.code}"' in page
    citation = localise("ETS 185 Art. 29(7)", language)
    assert citation in page
    assert {"en": "Reading", "fr": "Lecture"}[language] in page
    assert {"en": "not verified", "fr": "non vérifié"}[language] in page
    for check in checks.CHECKS:
        if check.article:
            assert localise(check.article, language) in page


def test_every_cets_224_paragraph_not_verified_is_flagged_and_ets_185_ones_are_verified() -> None:
    assert sources.is_verified("ETS 185 Art. 29(7)") is True
    assert sources.is_verified("CETS 224 Art. 7(9)(a)") is True
    assert sources.is_verified("CETS 224 Art. 8(6)(a)(i)") is False
    rules = registry.rules_catalogue()
    production = next(item for item in rules["types"] if item["code"] == "CETS224-8")
    assert all(deadline["verified"] is False for deadline in production["deadlines"])
    gaps = (Path(__file__).resolve().parents[2] / "src" / "glacy" / "treaty" / "data" / "GAPS.md").read_text()
    assert "8(6)(a) (45 days to serve from complete information; 20 days for subscriber" in gaps
