"""The ranker on the failure classes of issue 14 (rules that fire on ordinary words, co-operation mistaken for the
domestic power it mirrors, the general part of civil-law codes, uncalibrated scores), and its determinism."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from glacy.legislation import cues
from glacy.legislation.mapper import NOTHING_CUES, OUTSIDE_CONVENTION
from glacy.legislation.ranker import rank
from glacy.legislation.ranker.model import load
from glacy.legislation.segmenter import Provision


def _articles(text: str, language: str, heading: str = "") -> list[str]:
    return [s.article for s in rank(Provision("x", heading, text), language=language).suggestions]


def test_nothing_cues_need_whole_words_and_their_place() -> None:
    # "commencement" in the legal definition of attempt, "in this Act," inside a cross-reference, "il faut
    # entendre" in a scope paragraph, "reputation" inside another word: none is a reason to map to nothing.
    assert not NOTHING_CUES.search("des actes extérieurs qui forment un commencement d'exécution de ce délit")
    assert not NOTHING_CUES.search("A person who commits an offence under section 5 in this Act, or attempts it,")
    assert not NOTHING_CUES.search("Il faut entendre que la présente loi s'applique aux infractions informatiques.")
    assert NOTHING_CUES.search("Commencement. This Act comes into force on the day of its publication.")
    assert NOTHING_CUES.search("Au sens de la présente loi, on entend par système informatique tout dispositif.")
    assert not OUTSIDE_CONVENTION.search("the reputational damage to the payment system")
    assert OUTSIDE_CONVENTION.search("publishes a statement that lowers the reputation of another person")


def test_the_attempt_defined_with_commencement_is_article_11() -> None:
    assert _articles("Il y a tentative punissable lorsque la résolution de commettre un délit a été manifestée par "
                     "des actes extérieurs qui forment un commencement d'exécution de ce délit.", "fr")[0] == "11"


def test_co_operation_is_a_context_of_its_own() -> None:
    foreign = ("Where a requesting State asks for the expeditious preservation of stored computer data located in "
               "the territory, the central authority may order a service provider to preserve the data for not "
               "less than sixty days.")
    domestic = ("A police officer may, by notice, require a service provider to preserve stored computer data that "
                "is vulnerable to loss for a period not exceeding ninety days.")
    assert cues.context(foreign) == "cooperation"
    assert cues.context(domestic) == "domestic"
    assert _articles(foreign, "en")[0] == "29"
    assert _articles(domestic, "en")[0] == "16"
    refusal = ("A request by a foreign State for mutual assistance shall be made to the central authority and may "
               "be refused if it concerns a political offence.")
    assert _articles(refusal, "en")[0] == "27"
    reasons = rank(Provision("x", "", foreign), language="en").suggestions[0].reasons
    assert "co-operation with another State: \u201crequesting State\u201d" in reasons
    assert "co-operation context: the provision acts for or towards another State" in reasons


def test_the_general_part_of_a_civil_law_code() -> None:
    assert _articles("La loi pénale luxembourgeoise est applicable aux infractions commises sur le territoire du "
                     "Grand-Duché.", "fr")[0] == "22"
    assert _articles("L'amende applicable aux personnes morales est égale au double de celle prévue pour les "
                     "personnes physiques.", "fr")[:2] == ["12", "13"]
    assert _articles("In this Act, computer system means a device that processes data automatically; traffic data "
                     "means data relating to a communication indicating its origin, destination and route.", "en",
                     heading="Definitions") == ["1"]


def test_a_short_title_maps_to_nothing_with_its_reason_and_a_nothing_score() -> None:
    ranking = rank(Provision("x", "Short title", "This Act may be cited as the Cybercrime Act, 2021."), language="en")
    assert ranking.suggestions == []
    # Calibrated on real laws only (what a short title of a law never seen turned out to be): about 0.89.
    assert ranking.nothing_score >= 0.85
    assert ranking.nothing_reasons[0] == "title, commencement or review of the law: \u201cShort title\u201d"


def test_scores_are_calibrated_probabilities_monotone_in_the_raw_score() -> None:
    model = load()
    for table in ("top", "other", "nothing"):
        xs, ys = model.calibration[table]
        assert list(xs) == sorted(xs)
        assert list(ys) == sorted(ys)
        assert 0.0 <= ys[0] <= ys[-1] <= 1.0
    best = rank(Provision("x", "", "A person who intentionally and without right accesses a computer system "
                          "commits an offence."), language="en").suggestions[0]
    assert best.article == "2"
    assert best.reasons[-1] == f"estimated probability that this suggestion is right: {best.score:.2f}"


@pytest.mark.slow
def test_training_again_gives_the_shipped_model() -> None:
    # Deterministic: the committed data trains exactly the committed model.json (about 30 s).
    call_command("legislation", "train", "--check")


def test_the_map_command_keeps_its_contract_and_adds_fields_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    law = tmp_path / "law.txt"
    law.write_text("Section 1. This Act may be cited as the Test Act.\nSection 2. A person who intentionally "
                   "accesses a computer system without right commits an offence.\n", encoding="utf-8")
    out = io.StringIO()
    call_command("legislation", "map", str(law), "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    first, second = result["provisions"]
    assert set(first) == {"ref", "heading", "text", "suggestions", "nothing_score", "needs_review", "context"}
    assert first["suggestions"] == []
    assert first["needs_review"] is True
    assert set(second["suggestions"][0]) == {"instrument", "article", "score", "coverage", "reasons"}
    assert second["suggestions"][0]["article"] == "2"


def test_every_article_belongs_to_one_group_of_the_pair_model() -> None:
    from glacy.legislation.ranker.pairs import group

    assert [group(key) for key in ("ETS185:1", "ETS185:2", "ETS185:10", "ETS185:11", "ETS185:13", "ETS185:22",
                                   "ETS185:14", "ETS185:15", "ETS185:21", "ETS185:24", "ETS185:29", "ETS185:35",
                                   "ETS189:2", "ETS189:6", "NOTHING")] == [
        "definition", "offence", "offence", "general", "general", "general", "procedure", "procedure", "procedure",
        "cooperation", "cooperation", "cooperation", "definition", "offence", "nothing"]


def test_the_pair_model_counts_rule_and_treaty_evidence_for_a_candidate() -> None:
    # Shared by every article: an element-rule hit, the treaty's own words and the first stage's rank raise the
    # candidate's probability, whatever the article (what transfers to a law the model never saw).
    from glacy.legislation.ranker.model import MODEL_PATH

    document = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    weights = dict(zip(document["pair_names"], document["pair_weights"], strict=True))
    assert len(weights) == len(document["pair_weights"])
    for name in ("rule:score", "lex:similarity", "s1:logit"):
        assert weights[name] > 0, name
    assert document["pair_share"] == 0.5
    assert document["article_floor"] == 0.3


def test_a_best_article_under_the_floor_maps_to_nothing_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from glacy.legislation import ranker

    text = "A person who intentionally and without right accesses a computer system commits an offence."
    assert _articles(text, "en")[0] == "2"
    strict = dataclasses.replace(load(), article_floor=0.999)
    monkeypatch.setattr(ranker, "load", lambda: strict)
    ranking = rank(Provision("x", "", text), language="en")
    assert ranking.suggestions == []
    assert ranking.nothing_reasons[-1].startswith("closest article: Art. 2 (Illegal access), too little evidence (0.")
    assert ranking.nothing_reasons[-1].endswith(" < 1.00)")
    french = rank(Provision("x", "", text), language="fr")
    assert french.nothing_reasons[-1].startswith("article le plus proche : art. 2 (Accès illégal), trop peu "
                                                 "d'éléments (0.")
