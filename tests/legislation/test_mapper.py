"""Mapping accuracy on the labelled set and on a held-out set, and the stable CLI contract."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.legislation.mapper import rule_suggest, suggest
from glacy.legislation.segmenter import Provision

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legislation"
# evaluation: tuned on. held_out, unseen, blind: written before a round of tuning (their misses showed which
# drafting variants the rules lacked), blind2 and blind3 too. blind4: written and committed before the last round of
# rules (Art. 11 attached to an offence, offences before powers …), measured once, then its misses read for general
# rules (real time before production orders, powers authorised by any body, Art. 6 nouns, e-document forgery, false
# news and distress as nothing). blind5: written and committed before those rules and never tuned on.
FILES = ("evaluation.yaml", "held_out.yaml", "unseen.yaml", "blind.yaml", "blind2.yaml", "blind3.yaml",
         "blind4.yaml", "blind5.yaml")
SUBSTANTIVE_AND_PROCEDURAL = {f"ETS185:{number}" for number in [*range(2, 12), *range(16, 22)]} | {
    f"ETS189:{number}" for number in range(3, 7)}


def _load(*names: str) -> list[dict]:
    return [item for name in names for item in yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))]


def _measure(*names: str) -> dict[str, float]:
    items = _load(*names)
    top1 = top3 = predicted_nothing = correct_nothing = actual_nothing = 0
    for item in items:
        got = [f"{s.instrument}:{s.article}" for s in suggest(Provision(ref="x", heading="", text=item["text"]),
                                                                language=item["lang"])]
        expected = item["expected"]
        predicted_nothing += not got
        if not expected:
            actual_nothing += 1
            correct_nothing += not got
            top1 += not got
            top3 += not got
        else:
            top1 += got[:1] == expected[:1]
            top3 += expected[0] in got[:3]
    return {"top1": top1 / len(items), "top3": top3 / len(items),
            "nothing_precision": correct_nothing / max(predicted_nothing, 1),
            "nothing_recall": correct_nothing / max(actual_nothing, 1), "count": len(items)}


def test_the_labelled_sets_cover_the_traditions_articles_and_languages_the_issue_asks_for() -> None:
    items = _load(*FILES)
    assert len(items) == 580
    assert len({item["id"] for item in items}) == 580
    french = [item for item in items if item["lang"] == "fr"]
    nothing = [item for item in items if not item["expected"]]
    assert len(french) == 289  # 49.8 %
    assert len(nothing) == 116  # 20.0 % (definitions of the Convention's terms are Art. 1 since issue 14)
    expected_first = {item["expected"][0] for item in items if item["expected"]}
    assert expected_first >= SUBSTANTIVE_AND_PROCEDURAL
    for language in ("en", "fr"):
        firsts = {item["expected"][0] for item in items if item["expected"] and item["lang"] == language}
        assert firsts >= SUBSTANTIVE_AND_PROCEDURAL - {"ETS189:4", "ETS189:5"}
    styles = {item.get("style") for item in items}
    assert {"common-law", "us-code", "code-penal", "procedure-code", "amending-law", "senegal", "morocco",
            "cameroon", "belgian", "swiss", "canadian-french"} <= styles


def test_accuracy_on_the_labelled_set() -> None:
    scores = _measure("evaluation.yaml")
    assert scores["count"] == 61
    assert scores["top1"] == 1.0
    assert scores["top3"] == 1.0
    assert scores["nothing_precision"] == 1.0


def test_accuracy_on_the_union_of_all_sets_meets_the_acceptance_thresholds() -> None:
    scores = _measure(*FILES)
    assert scores["count"] == 580
    assert scores["top3"] >= 0.90  # acceptance thresholds
    assert scores["top1"] >= 0.75
    assert scores["nothing_precision"] >= 0.8
    assert scores["top1"] >= 0.97  # 0.978 with blind5 as first measured
    assert scores["top3"] >= 0.98  # 0.983
    assert scores["nothing_precision"] >= 0.96  # 0.969
    assert scores["nothing_recall"] >= 0.99  # 0.992


def test_accuracy_on_the_held_out_set() -> None:
    # 0.80 / 0.80, nothing precision 0.56, before the rules were broadened.
    scores = _measure("held_out.yaml")
    assert scores["count"] == 25
    assert scores["top1"] == 1.0
    assert scores["top3"] == 1.0
    assert scores["nothing_precision"] == 1.0
    assert scores["nothing_recall"] == 1.0


def test_accuracy_on_the_unseen_set() -> None:
    # Written before tuning; as written it scored top-1 0.725, top-3 0.785, nothing precision 0.547.
    scores = _measure("unseen.yaml")
    assert scores["count"] == 149
    # Since issue 14 every in-house set is training data of the ranker: these are fits, not estimates (the
    # estimates are the real-law splits of tests/legislation/test_real_laws.py and benchmarks/).
    assert scores["top1"] >= 0.98  # 0.987
    assert scores["top3"] >= 0.98  # 0.993
    assert scores["nothing_precision"] >= 0.92  # a fit (training data), measured 0.93-1.0
    assert scores["nothing_recall"] >= 0.92  # a fit (training data), measured 0.93-1.0


def test_accuracy_on_the_blind_set() -> None:
    # As written: top-1 0.842, top-3 0.842, nothing precision 0.609. Its nine misses (real provisions in words the
    # rules did not know) were then used to broaden the rules, so it is no longer blind: blind2 is.
    scores = _measure("blind.yaml")
    assert scores["count"] == 57
    assert scores["top1"] >= 0.98  # 0.982: training data of the ranker since issue 14
    assert scores["top3"] >= 0.98  # 0.982
    assert scores["nothing_precision"] >= 0.92  # a fit (training data), measured 0.93-1.0
    assert scores["nothing_recall"] >= 0.92  # a fit (training data), measured 0.93-1.0


def test_accuracy_on_the_second_blind_set() -> None:
    # As first measured: top-1 0.822, top-3 0.822, nothing precision 0.577. Its misses were then read to add general
    # vocabulary and the low-confidence fallback, so it is no longer blind: blind3 is.
    scores = _measure("blind2.yaml")
    assert scores["count"] == 73
    assert scores["top1"] == 1.0
    assert scores["top3"] == 1.0
    assert scores["nothing_precision"] == 1.0
    assert scores["nothing_recall"] == 1.0


def test_accuracy_on_the_third_blind_set() -> None:
    # As first measured (after the fallback): top-1 0.838, top-3 0.882, nothing precision 0.750, recall 0.857. Its
    # misses were then read to write general rules (Art. 11 only when attached to an offence, offences before
    # powers, deception fraud, "capter … contenu", saturation, obscene-message nuisance), so it is no longer blind:
    # blind4 is.
    scores = _measure("blind3.yaml")
    assert scores["count"] == 68
    assert scores["top1"] == 1.0
    assert scores["top3"] == 1.0
    assert scores["nothing_precision"] == 1.0
    assert scores["nothing_recall"] == 1.0


def test_accuracy_on_the_fourth_blind_set() -> None:
    # First run (before it was seen): top-1 0.853, top-3 0.880, nothing precision 0.800, recall 0.800. Its misses
    # were then read to write general rules (real-time collection "as they occur" / "au fur et à mesure" before a
    # production order, powers authorised by any body, "fabrication"/"détention" for Art. 6, forgery of an
    # electronic signature or document is Art. 7, false news and alarm-or-distress messages map to nothing, the
    # conduct named first wins a near tie), so it is no longer blind: blind5 is.
    scores = _measure("blind4.yaml")
    assert scores["count"] == 75
    assert scores["top1"] == 1.0
    assert scores["top3"] == 1.0
    assert scores["nothing_precision"] == 1.0
    assert scores["nothing_recall"] == 1.0


def test_accuracy_on_the_fifth_blind_set_is_reported_honestly() -> None:
    # Written and committed before this round's rules, measured once, never tuned on: what a new law would see.
    # First run: top-1 0.819, top-3 0.861 (below the 0.90 target for a new law), nothing precision 0.765,
    # recall 0.929. Misses: UK CMA s. 3A "obtains any article … for use to commit", IPA-style communications-data
    # authorisation and retention notices, a "preservation requirement" duty, searches worded "search power …
    # access … copy" / "examen du contenu", CPP 706-102-1-style remote capture, "figer" for preservation,
    # "données d'adressage et de localisation" in real time, deception forgery without "forge/falsify", and data
    # damage ranked under system interference.
    scores = _measure("blind5.yaml")
    assert scores["count"] == 72
    assert scores["top1"] >= 0.81  # 0.819
    assert scores["top3"] >= 0.86  # 0.861
    assert scores["nothing_precision"] >= 0.76  # 0.765
    assert scores["nothing_recall"] >= 0.92  # 0.929


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("On an application by the police, a judge may order an operator to obtain, as they occur, the source and "
     "destination of the calls made from a specified number.", "en", "20"),
    ("Le juge peut prescrire à l'opérateur de recueillir en temps réel l'origine et la destination des appels d'un "
     "abonné déterminé.", "fr", "20"),
    ("Subject to the written approval of the Oversight Commission, the investigating unit may intercept the "
     "content of communications of a suspect.", "en", "21"),
    ("La création ou la détention d'un logiciel conçu pour pénétrer dans des systèmes informatiques est punie de "
     "deux ans d'emprisonnement.", "fr", "6"),
    ("Any person who falsifies an electronic signature or an electronic document, or knowingly uses it, commits an "
     "offence.", "en", "7"),
])
def test_general_rules_from_the_fourth_blind_set(text: str, language: str, expected: str) -> None:
    got = rule_suggest(Provision(ref="x", heading="", text=text), language=language)
    assert got
    assert got[0].article == expected


@pytest.mark.parametrize("text", [
    "A person who posts on a social network a statement that is false, with intent to cause public alarm, commits "
    "an offence.",
    "Est puni d'une amende quiconque diffuse sur internet des rumeurs mensongères de nature à troubler la paix "
    "publique.",
])
def test_false_news_and_distressing_messages_map_to_nothing(text: str) -> None:
    assert rule_suggest(Provision(ref="x", heading="", text=text)) == []


def test_racist_incitement_likely_to_cause_public_disorder_is_still_the_protocol() -> None:
    text = ("Any person who distributes through a computer system material inciting hatred against a racial group, "
            "likely to cause public disorder, commits an offence.")
    assert rule_suggest(Provision(ref="x", heading="", text=text), language="en")[0].instrument == "ETS189"


def test_reasons_name_matched_and_missing_elements() -> None:
    provision = Provision(ref="Section 3", heading="Unauthorised access",
                          text="A person who accesses a computer system without authorisation commits an offence.")
    best = rule_suggest(provision, language="en")[0]
    assert (best.instrument, best.article, best.coverage) == ("ETS185", "2", "partial")
    assert best.reasons == ["matched elements: access; computer system; without right; criminal offence",
                            "missing elements: intentionally"]


def test_a_french_illegal_access_provision_gets_its_reasons_in_french() -> None:
    provision = Provision(ref="Article 431-8", heading="",
                          text="Quiconque accède à un système informatique est puni d'une amende.")
    suggestions = rule_suggest(provision, language="fr")
    assert [(s.instrument, s.article, s.coverage) for s in suggestions] == [("ETS185", "2", "partial")]
    assert suggestions[0].reasons == ["éléments trouvés: accès; système informatique; infraction pénale",
                                      "éléments manquants: sans droit; intentionnellement"]


def test_a_french_code_penal_access_offence_is_fully_covered() -> None:
    provision = Provision(ref="Article 323-1", heading="",
                          text="Le fait d'accéder ou de se maintenir, frauduleusement, dans tout ou partie d'un système "
                               "de traitement automatisé de données est puni de deux ans d'emprisonnement.")
    best = rule_suggest(provision, language="fr")[0]
    assert (best.article, best.coverage, round(best.score, 2)) == ("2", "full", 0.95)
    assert best.reasons == ["éléments trouvés: accès; système informatique; sans droit; intentionnellement; "
                            "infraction pénale"]


def test_misuse_of_devices_needs_a_device_or_a_purpose_and_says_which_is_missing() -> None:
    provision = Provision(ref="Section 6", heading="",
                          text="A person who sells a password for a computer system commits an offence.")
    best = rule_suggest(provision, language="en")[0]
    assert (best.article, best.coverage) == ("6", "partial")
    assert best.reasons == ["matched elements: produces, sells, procures, distributes or possesses; device, program, "
                            "password or access code; criminal offence",
                            "missing elements: for committing an offence; intentionally"]


def test_fraud_by_altering_data_ranks_fraud_above_data_interference() -> None:
    provision = Provision(ref="Art. 504quater", heading="",
                          text="Celui qui, dans une intention frauduleuse de se procurer un avantage économique "
                               "illégal, modifie ou efface des données informatiques est puni de cinq ans "
                               "d'emprisonnement.")
    assert [s.article for s in rule_suggest(provision, language="fr")] == ["8", "4"]


def test_a_retention_duty_is_not_an_order_to_preserve() -> None:
    duty = Provision(ref="Section 40", heading="", text="A service provider shall retain traffic data relating to "
                                                        "its services for a period of two years.")
    order = Provision(ref="Section 41", heading="", text="A judge may order a service provider to preserve "
                                                         "traffic data relating to its services without delay.")
    assert rule_suggest(duty, language="en") == []
    assert [s.article for s in rule_suggest(order, language="en")] == ["16", "18"]


def test_an_inline_short_title_counts_as_the_heading() -> None:
    provision = Provision(ref="Sec. 4", heading="", text="Illegal Access. – The access to the whole or any part of a "
                                                         "computer system without right shall be punishable.")
    best = rule_suggest(provision, language="en")[0]
    assert (best.article, round(best.score, 2)) == ("2", 0.86)


def test_cli_prints_the_json_contract(tmp_path: Path) -> None:
    law = tmp_path / "law.txt"
    law.write_text("Section 3. Unauthorised access. A person who intentionally and without authorisation accesses "
                   "a computer system commits an offence.\nSection 4. Short title. This Act may be cited as the "
                   "Computer Misuse Act.\n", encoding="utf-8")
    output = io.StringIO()
    call_command("legislation", "map", str(law), "--format", "json", stdout=output)
    document = json.loads(output.getvalue())
    assert [provision["ref"] for provision in document["provisions"]] == ["Section 3", "Section 4"]
    first = document["provisions"][0]
    # The contract's fields stay; issue 14 added nothing_score, needs_review and context.
    assert set(first) == {"ref", "heading", "text", "suggestions", "nothing_score", "needs_review", "context"}
    assert first["suggestions"][0]["instrument"] == "ETS185"
    assert first["suggestions"][0]["article"] == "2"
    assert first["suggestions"][0]["coverage"] == "full"
    assert 0 <= first["suggestions"][0]["score"] <= 1
    assert document["provisions"][1]["suggestions"] == []


def test_cli_refuses_bad_files_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    output = io.StringIO()
    with pytest.raises(CommandError, match=re.escape("The file is empty.")):
        call_command("legislation", "map", str(empty), "--format", "json", stdout=output)
    assert output.getvalue() == ""


def test_an_unknown_word_for_the_system_is_stood_in_for_by_the_data_and_reported_missing() -> None:
    provision = Provision(ref="Art. 9", heading="", text="Quiconque aura frauduleusement accédé à des données "
                                                         "hébergées dans le nuage sera puni d'un an d'emprisonnement.")
    best = rule_suggest(provision, language="fr")[0]
    assert (best.article, best.coverage) == ("2", "partial")
    assert "éléments manquants: système informatique" in best.reasons


def test_access_with_intent_to_defraud_ranks_fraud_first() -> None:
    provision = Provision(ref="Sec. 7", heading="", text="Whoever knowingly and with intent to defraud accesses a "
                                                         "computer without authorization and obtains anything of "
                                                         "value shall be punished.")
    assert [s.article for s in rule_suggest(provision, language="en")][:2] == ["8", "2"]


def test_an_offence_no_element_rule_matches_gets_a_weak_lexical_suggestion_in_english() -> None:
    provision = Provision(ref="s. 12", heading="", text="A person who knowingly cripples a computer network so that "
                                                        "it stops functioning commits an offence.")
    suggestions = rule_suggest(provision, language="en")
    assert [(s.article, s.coverage) for s in suggestions] == [("5", "partial")]
    assert suggestions[0].score <= 0.4
    assert suggestions[0].reasons[0] == "weak match: no element rule matched; shared terms: functioning, network, " \
                                        "computer"
    assert suggestions[0].reasons[-1] == "missing elements: serious hindering of functioning; without right"


def test_a_power_no_element_rule_matches_gets_a_weak_lexical_suggestion_in_french() -> None:
    provision = Provision(ref="Art. 30", heading="", text="Le juge peut autoriser les enquêteurs à relever à distance "
                                                          "la localisation du terminal d'un suspect en temps réel.")
    suggestions = rule_suggest(provision, language="fr")
    assert suggestions[0].article == "20"
    assert suggestions[0].coverage == "partial"
    assert all(s.score <= 0.4 for s in suggestions)
    assert suggestions[0].reasons[0] == ("correspondance faible : aucune règle d'éléments satisfaite ; "
                                         "termes communs : réel, localisation, temps")


def test_no_fallback_for_provisions_that_implement_nothing() -> None:
    for text in ("Any person who steals a motor vehicle commits an offence.",
                 "A person who, by means of a computer, sends a message he knows to be false for the purpose of "
                 "causing annoyance to another person commits an offence.",
                 "Le fait de procéder à un traitement de données à caractère personnel sans déclaration préalable "
                 "est puni d'un an d'emprisonnement."):
        assert rule_suggest(Provision(ref="x", heading="", text=text)) == []


def test_droit_d_auteur_is_recognised_as_copyright() -> None:
    provision = Provision(ref="Art. 15", heading="", text="Quiconque reproduit, au moyen d'un réseau informatique, une "
                                                          "œuvre protégée par le droit d'auteur est puni d'une amende.")
    assert rule_suggest(provision, language="fr")[0].article == "10"
    assert "droit d'auteur ou droits voisins" in rule_suggest(provision, language="fr")[0].reasons[0]


def test_attempt_maps_to_article_11_only_when_it_attaches_to_an_offence() -> None:
    attached = Provision(ref="s. 12", heading="", text="A person who attempts to commit an offence under this Part "
                                                       "commits an offence.")
    unattached = Provision(ref="s. 13", heading="", text="A person who uses a computer to disturb or attempt to "
                                                         "disturb the peace of another person commits an offence.")
    assert [s.article for s in rule_suggest(attached, language="en")] == ["11"]
    assert "11" not in [s.article for s in rule_suggest(unattached, language="en")]


def test_an_offence_ranks_above_a_procedural_article_it_does_not_confer() -> None:
    provision = Provision(ref="s. 9", heading="", text="A person who by means of a computer produces false data in "
                                                       "order to have it treated as genuine commits an offence.")
    assert rule_suggest(provision, language="en")[0].article == "7"


def test_obscene_messages_to_a_person_map_to_nothing() -> None:
    provision = Provision(ref="Art. 30", heading="", text="Quiconque envoie par un réseau social des messages obscènes "
                                                          "à une personne est puni d'une amende.")
    assert rule_suggest(provision, language="fr") == []
