"""Conditions on use: ETS 185 Arts 26(2), 27(8), 28(2)-(4); CETS 224 Art. 8(8)-(9). Material received under
conditions shows them wherever it is displayed or exported."""

from __future__ import annotations

import io
from typing import Any

import docx
import pypdf
import pytest

from glacy.cooperation.models import Request
from glacy.cooperation.services.documents import request_document_generate, request_material_supply
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from tests.cooperation.helpers import act, build_complete_request, requested_side_user, send

CONDITIONS = [{"kind": "limited_use", "text": "Use only in the ransomware investigation GH-CASE-2026."},
              {"kind": "confidential", "text": "Do not disclose to the suspect before trial."}]
PDF = b"%PDF-1.4\n% supplied logs\n"


def test_art_26_2_conditions_are_optional(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-26"))
    assert request.conditions.count() == 0
    request = request_transition(actor=requested_side_user(request), request=request, action="acknowledge")
    assert request.status == "acknowledged"


def test_art_26_2_information_is_read_once_its_conditions_are_accepted(world: Any, client_for: Any,
                                                                       api_client_for: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-26", content={
        "conditions_of_use": "Only to open an investigation; not as evidence."}))
    receiver = requested_side_user(request)
    page = client_for(receiver).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Content for information_provided." not in page
    assert "Only to open an investigation; not as evidence." in page
    assert "information_provided" not in api_client_for(receiver).get(f"/api/v1/requests/{request.pk}/").json()[
        "content"]
    with pytest.raises(InvalidTransition):
        request_transition(actor=receiver, request=request, action="acknowledge")
    request = request_transition(actor=receiver, request=request, action="accept_conditions")
    condition = request.conditions.get()
    assert (request.status, condition.state, condition.article) == ("acknowledged", "accepted", "ETS 185 Art. 26(2)")
    page = client_for(receiver).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Content for information_provided." in page
    assert "accepted: binding" in page


def test_art_26_2_receiving_side_cannot_comply_and_the_provider_decides(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-26", content={"conditions_of_use": "Confidential."}))
    receiver = requested_side_user(request)
    request = request_transition(actor=receiver, request=request, action="decline_conditions",
                                 note="Our law requires disclosure to the defence.")
    assert (request.status, request.pending_question, request.conditions.get().state) == (
        "awaiting_answer", "decline_conditions", "cannot_comply")
    request = request_transition(actor=world.users["drafter"], request=request, action="provide_nevertheless")
    assert (request.status, request.conditions.get().state) == ("acknowledged", "waived")


def test_art_27_8_confidentiality_cannot_be_kept_and_the_requesting_side_decides(world: Any) -> None:
    request = send(world, build_complete_request(world, "ETS185-35", content={
        "confidentiality": "Do not inform the account holder."}))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge", "start_execution")
    request = request_transition(actor=officer, request=request, action="cannot_keep_confidential",
                                 note="The provider notifies its users by law.")
    assert (request.status, request.pending_question) == ("awaiting_answer", "cannot_keep_confidential")
    request = request_transition(actor=world.users["drafter"], request=request, action="withdraw")
    assert request.status == "withdrawn"


def _in_execution(world: Any, code: str = "ETS185-31", settings: dict[str, Any] | None = None) -> tuple[Request, Any]:
    request = send(world, build_complete_request(world, code, settings=settings))
    officer = requested_side_user(request)
    return act(officer, request, "acknowledge", "start_execution"), officer


def test_art_28_2_accepted_conditions_bind_and_are_shown_with_the_material_everywhere(
        world: Any, client_for: Any, api_client_for: Any) -> None:
    request, officer = _in_execution(world)
    request = request_transition(actor=officer, request=request, action="propose_conditions",
                                 note="Supplied only on these terms.", conditions=CONDITIONS)
    assert request.status == "awaiting_answer"
    with pytest.raises(ValidationFailed):
        request_material_supply(actor=officer, request=request, data=PDF, filename="logs.pdf")
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    # Each condition under its own letter of Art. 28(2): (a) confidentiality, (b) limitation of use.
    assert sorted(request.conditions.values_list("state", "article")) == [
        ("accepted", "ETS 185 Art. 28(2)(a)"), ("accepted", "ETS 185 Art. 28(2)(b)")]
    material = request_material_supply(actor=officer, request=request, data=PDF, filename="logs.pdf")
    request = request_transition(actor=officer, request=request, action="execute")
    drafter = client_for(world.users["drafter"])
    page = drafter.get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "This material is subject to the conditions above." in page
    assert "Use only in the ransomware investigation GH-CASE-2026." in page
    # Downloading the material shows its conditions first.
    download = drafter.get(f"/cooperation/requests/{request.pk}/documents/{material.pk}/")
    assert download.status_code == 200
    assert "Do not disclose to the suspect before trial." in download.content.decode()
    file = drafter.get(f"/cooperation/requests/{request.pk}/documents/{material.pk}/?conditions=seen")
    assert b"".join(file.streaming_content) == PDF
    api = api_client_for(world.users["drafter"]).get(f"/api/v1/requests/{request.pk}/").json()
    assert [(item["kind"], item["state"], item["article"]) for item in api["conditions"]] == [
        ("limited_use", "accepted", "ETS 185 Art. 28(2)(b)"), ("confidential", "accepted", "ETS 185 Art. 28(2)(a)")]
    for language, expected in (("en", "Conditions on use"), ("fr", "Conditions d’utilisation")):
        pdf = request_document_generate(actor=world.users["drafter"], request=request, file_format="pdf",
                                        language=language)
        text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf.file.open("rb")).pages).split())
        word = request_document_generate(actor=world.users["drafter"], request=request, file_format="docx",
                                         language=language)
        word_text = "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(word.file.read())).paragraphs)
        for phrase in (expected, "Use only in the ransomware investigation GH-CASE-2026.",
                       {"en": "ETS 185 Art. 28(2)(a)", "fr": "STE 185 art. 28(2)(a)"}[language]):
            assert phrase in text, (language, phrase)
            assert phrase in word_text, (language, phrase)


def test_art_28_3_cannot_comply_then_the_supplier_decides_to_provide_nevertheless(world: Any) -> None:
    request, officer = _in_execution(world)
    request = request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                                 conditions=CONDITIONS[:1])
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_cannot_comply",
                                 note="Our courts may need it in another case.")
    assert (request.status, request.conditions.get().state) == ("in_execution", "cannot_comply")
    request = request_transition(actor=officer, request=request, action="execute")
    assert request.conditions.get().state == "waived"


def test_art_28_4_the_supplier_may_ask_how_the_material_was_used(world: Any) -> None:
    request, officer = _in_execution(world)
    request = request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                                 conditions=CONDITIONS[:1])
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    request = request_transition(actor=officer, request=request, action="execute")
    request = request_transition(actor=officer, request=request, action="ask_use_explanation",
                                 note="Was the material used only in that investigation?")
    assert request.use_explanation_pending is True
    with pytest.raises(PermissionDenied):  # the bound side explains, not the supplier
        request_transition(actor=officer, request=request, action="explain_use", note="x")
    request = request_transition(actor=world.users["drafter"], request=request, action="explain_use",
                                 note="Only in the ransomware investigation.")
    assert request.use_explanation_pending is False


def test_cets_224_art_8_9_conditions_on_a_production_order(world: Any) -> None:
    request, officer = _in_execution(world, "CETS224-8")
    request = request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                                 conditions=CONDITIONS[:1])
    assert request.conditions.get().article == "CETS 224 Art. 8(8)"
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    assert request.conditions.get().state == "accepted"


def test_conditions_need_their_kind_and_wording(world: Any) -> None:
    request, officer = _in_execution(world)
    with pytest.raises(ValidationFailed) as error:
        request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                           conditions=[{"kind": "confidential", "text": " "}])
    assert error.value.errors == {"conditions": ["Each condition needs its kind and its wording."]}


def test_conditions_are_proposed_and_accepted_through_the_pages(world: Any, client_for: Any) -> None:
    request, officer = _in_execution(world)
    requested_page = client_for(officer)
    response = requested_page.post(f"/cooperation/requests/{request.pk}/act/", {
        "action": "propose_conditions", "note": "Supplied only on these terms.",
        "condition_1_kind": "limited_use", "condition_1_text": "Only for the stated investigation.",
        "confirmed": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, list(request.conditions.values_list("kind", "text"))) == (
        "awaiting_answer", [("limited_use", "Only for the stated investigation.")])
    page = client_for(world.users["drafter"]).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert ">Accept the conditions<" in page
    client_for(world.users["drafter"]).post(f"/cooperation/requests/{request.pk}/act/",
                                                  {"action": "answer_proceed", "confirmed": "yes"})
    request.refresh_from_db()
    assert (request.status, request.conditions.get().state) == ("in_execution", "accepted")


@pytest.mark.parametrize(("code", "explain_article"), [("CETS224-8", "CETS 224 Art. 8(9)(b)"),
                                                       ("CETS224-9", "CETS 224 Art. 9(7)(b)")])
def test_cets_224_art_8_9_b_and_9_7_b_the_supplier_may_ask_how_the_data_were_used(
        code: str, explain_article: str, world: Any) -> None:
    request, officer = _in_execution(world, code)
    request = request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                                 conditions=CONDITIONS[:1])
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    request = request_transition(actor=officer, request=request, action="execute")
    request = request_transition(actor=officer, request=request, action="ask_use_explanation",
                                 note="How were the data used?")
    assert request.events.last().details["article"] == explain_article
    request = request_transition(actor=world.users["drafter"], request=request, action="explain_use",
                                 note="Only in the stated investigation.")
    assert request.use_explanation_pending is False


def test_art_28_2_allows_two_kinds_only_another_condition_is_one_of_art_27_6_without_art_28_4(
        world: Any, client_for: Any) -> None:
    request, officer = _in_execution(world)
    page = client_for(officer).get(f"/cooperation/requests/{request.pk}/").content.decode()
    # The confidentiality condition states the proviso of Art. 28(2)(a).
    assert ("keep confidential (only where the request could not be complied with without this condition)"
            in page.replace("&#x27;", "'"))
    request = request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                                 conditions=[{"kind": "other", "text": "Return the hard disk after the trial."}])
    assert request.conditions.get().article == "ETS 185 Art. 27(6)"
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    request = request_transition(actor=officer, request=request, action="execute")
    with pytest.raises(InvalidTransition):  # Art. 28(4) follows only the conditions of Art. 28(2)
        request_transition(actor=officer, request=request, action="ask_use_explanation", note="How was it used?")


def test_art_25_4_under_an_applicable_treaty_conditions_are_those_of_the_treaty(world: Any) -> None:
    request, officer = _in_execution(world, settings={"applicable_treaty": "Bilateral MLA treaty GH-PH (2015)"})
    request = request_transition(actor=officer, request=request, action="propose_conditions", note="Terms.",
                                 conditions=CONDITIONS)
    assert set(request.conditions.values_list("article", flat=True)) == {"ETS 185 Art. 25(4) (applicable treaty)"}
    request = request_transition(actor=world.users["drafter"], request=request, action="answer_proceed")
    request = request_transition(actor=officer, request=request, action="execute")
    with pytest.raises(InvalidTransition):  # Art. 28(4) is not the treaty's rule
        request_transition(actor=officer, request=request, action="ask_use_explanation", note="How was it used?")


def test_condition_basis_cites_the_article_that_governs_each_type() -> None:
    from glacy.cooperation.rules.catalogue import request_type
    from glacy.cooperation.rules.conditions import condition_basis

    def basis(code: str, applies: bool = True) -> tuple[str, str, str]:
        found = condition_basis(request_type=request_type(code), article_27_applies=applies)
        return found.article, found.answer_article, found.explain_article

    assert basis("ETS185-27") == ("ETS 185 Art. 28(2)", "ETS 185 Art. 28(3)", "ETS 185 Art. 28(4)")
    assert basis("ETS185-31", applies=False) == ("ETS 185 Art. 25(4) (applicable treaty)",) * 2 + ("",)
    assert basis("CETS224-10") == ("CETS 224 Art. 10(7) (ETS 185 Art. 28(2))", "CETS 224 Art. 10(7) (ETS 185 Art. "
                                   "28(3))", "CETS 224 Art. 10(7) (ETS 185 Art. 28(4))")
    assert basis("CETS224-11") == ("CETS 224 Art. 11(2)(b) (ETS 185 Art. 28(2))", "CETS 224 Art. 11(2)(b) (ETS 185 "
                                   "Art. 28(3))", "CETS 224 Art. 11(2)(b) (ETS 185 Art. 28(4))")
    assert basis("CETS224-8") == ("CETS 224 Art. 8(8)", "CETS 224 Art. 8(9)(a)", "CETS 224 Art. 8(9)(b)")
    assert basis("CETS224-9") == ("CETS 224 Art. 9(6)", "CETS 224 Art. 9(7)(a)", "CETS 224 Art. 9(7)(b)")
    network = condition_basis(request_type=request_type("ETS185-35"), article_27_applies=True)
    assert (network.article, network.explain_article) == ("ETS 185 Art. 35(1)", "")
    assert str(network.reading).startswith("The Convention has no rule on conditions for assistance through the 24/7")
