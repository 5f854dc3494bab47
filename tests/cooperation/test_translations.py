"""A translation of a request's free text, entered by a person, shown to the requested side in its language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from glacy.cooperation.models import RequestTranslation
from glacy.cooperation.services.translations import request_translation_save
from glacy.cooperation.services.workflow import request_transition
from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from tests.cooperation.helpers import build_complete_request, requested_side_user, send


def _french_reader(request: Any) -> Any:
    reader = requested_side_user(request)
    reader.preferred_language = "fr"
    reader.save(update_fields=["preferred_language"])
    return reader


def test_the_requested_side_reads_the_translation_beside_the_original(world: Any, client_for: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    drafter = world.users["drafter"]
    request_translation_save(actor=drafter, request=request, language="fr", method="human", translator="Awa Diallo",
                             texts={"summary_of_facts": "Systèmes de l'hôpital chiffrés le 2 mars.",
                                    "necessity": ""})  # an item left empty is not translated
    translation = RequestTranslation.objects.get(request=request)
    assert (translation.language, translation.method, translation.translator, translation.texts) == (
        "fr", "human", "Awa Diallo", {"summary_of_facts": "Systèmes de l'hôpital chiffrés le 2 mars."})
    event = AuditEvent.objects.filter(action="request.attach_translation").get()
    assert event.after == {"language": "fr", "method": "human", "translator": "Awa Diallo",
                           "texts": {"summary_of_facts": "Systèmes de l'hôpital chiffrés le 2 mars."}}
    request = send(world, request)
    page = client_for(_french_reader(request)).get(f"/cooperation/requests/{request.pk}/").content.decode()
    note = page[page.index('id="translation-note"'):]
    assert "Traduit en français par Awa Diallo (traduit par une personne)" in note[:600]
    assert '<div lang="fr">Systèmes de l&#x27;hôpital chiffrés le 2 mars.</div>' in page
    assert "Content for summary_of_facts." in page  # the original, under the translation
    assert '<div lang="en">Content for necessity.</div>' in page  # not translated: the original only
    # A reader in the request's own language reads the original only.
    english = requested_side_user(request)  # the same account as the French reader: back to English
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    english_page = client_for(english).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "translation-note" not in english_page


def test_a_machine_translation_is_said_to_be_one(world: Any, client_for: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    request_translation_save(actor=world.users["drafter"], request=request, language="fr",
                             method="machine_reviewed", translator="Awa Diallo",
                             texts={"summary_of_facts": "Faits."})
    request = send(world, request)
    page = client_for(_french_reader(request)).get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Traduction automatique en français, vérifiée et corrigée par Awa Diallo" in page


@pytest.mark.parametrize(("changes", "errors"), [
    ({"language": "en"}, {"language": ["The request is written in this language already."]}),
    ({"language": "xx"}, {"language": ["Choose the language of the translation."]}),
    ({"method": "machine"}, {"method": ["Say how the translation was made."]}),
    ({"translator": " "}, {"translator": ["Name the person who translated or checked the text."]}),
    ({"texts": {"necessity": " "}}, {"__all__": ["Translate at least one item."]}),
    ({"texts": {"data_category": "x"}}, {"data_category": ["This item has no text to translate in this request."]}),
])
def test_a_bad_translation_is_refused_with_the_field_named(world: Any, changes: dict[str, Any],
                                                          errors: dict[str, list[str]]) -> None:
    request = build_complete_request(world, "ETS185-29")
    values = {"language": "fr", "method": "human", "translator": "Awa Diallo", "texts": {"necessity": "Urgent."}}
    with pytest.raises(ValidationFailed) as error:
        request_translation_save(actor=world.users["drafter"], request=request, **(values | changes))
    assert error.value.errors == errors
    assert not RequestTranslation.objects.exists()


def test_no_translation_between_submission_for_approval_and_sending(world: Any) -> None:
    request = build_complete_request(world, "ETS185-31")
    request = request_transition(actor=world.users["drafter"], request=request, action="submit_for_approval")
    with pytest.raises(ValidationFailed) as error:
        request_translation_save(actor=world.users["drafter"], request=request, language="fr", method="human",
                                 translator="Awa Diallo", texts={"summary_of_facts": "Faits."})
    assert list(error.value.errors) == ["status"]


def test_the_page_asks_how_it_was_translated_and_the_requested_side_cannot_attach(world: Any,
                                                                                  client_for: Any) -> None:
    request = build_complete_request(world, "ETS185-29")
    http = client_for(world.users["drafter"])
    form = http.get(f"/cooperation/requests/{request.pk}/translation/").content.decode()
    assert 'type="radio" name="method" value="human"' in form
    # No way of translating is chosen in advance (the label "checked and corrected" is not a checked input).
    assert re.findall(r'<input type="radio" name="method"[^>]*>', form) == [
        f'<input type="radio" name="method" value="{value}" required id="id_method_{index}">'
        for index, value in enumerate(("human", "machine_reviewed"))]
    refused = http.post(f"/cooperation/requests/{request.pk}/translation/", {
        "language": "fr", "translator": "Awa Diallo", "text_summary_of_facts": "Faits."})
    assert refused.status_code == 400
    assert '<a href="#id_method_0">How it was translated: Say how the translation was made.</a>' in \
        refused.content.decode()
    saved = http.post(f"/cooperation/requests/{request.pk}/translation/", {
        "language": "fr", "method": "human", "translator": "Awa Diallo", "text_summary_of_facts": "Faits."})
    assert saved.status_code == 302
    assert RequestTranslation.objects.get(request=request).texts == {"summary_of_facts": "Faits."}
    history = http.get(f"/cooperation/requests/{request.pk}/").content.decode()
    assert "Translation of the free text attached – " in history
    assert ": Awa Diallo</li>" in history
    request = send(world, request)
    reader = client_for(requested_side_user(request))
    assert reader.get(f"/cooperation/requests/{request.pk}/translation/").status_code == 404
