"""Request documents carry urgency (ETS 185 Art. 25(3)), conditions and decisions with their grounds and reasons
(Art. 27(7)), in English and in French ("STE 185" / "STCE 224" in French)."""

from __future__ import annotations

import io
from typing import Any

import docx
import pypdf
import pytest

from glacy.cooperation.services.documents import request_document_generate
from glacy.cooperation.services.workflow import request_transition
from tests.cooperation.helpers import act, build_complete_request, requested_side_user, send

EXPECTED = {
    "en": ["Urgent, sent by expedited means (e-mail)", "ETS 185 Art. 25(3)", "Decisions and their reasons",
           "Postpone", "Execution would prejudice investigations or proceedings of the requested Party",
           "ETS 185 Art. 27(5)", "Our own search takes place next week.", "Between central authorities"],
    "fr": ["Urgent, envoyé par des moyens rapides (courriel)", "STE 185 art. 25(3)",
           "Décisions et leurs motifs", "Ajourner",
           "L’exécution porterait préjudice à des enquêtes ou procédures de la Partie requise", "STE 185 art. 27(5)",
           "Our own search takes place next week.", "Entre autorités centrales"],
}


def _texts(world: Any, request: Any, language: str) -> tuple[str, str]:
    pdf = request_document_generate(actor=world.users["drafter"], request=request, file_format="pdf",
                                    language=language)
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf.file.open("rb")).pages).split())
    word = request_document_generate(actor=world.users["drafter"], request=request, file_format="docx",
                                     language=language)
    document = docx.Document(io.BytesIO(word.file.read()))
    word_text = "\n".join([paragraph.text for paragraph in document.paragraphs]
                          + [cell.text for table in document.tables for row in table.rows for cell in row.cells])
    return text, word_text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_documents_carry_urgency_route_and_reasons(language: str, world: Any) -> None:
    request = send(world, build_complete_request(
        world, "ETS185-31", settings={"is_urgent": True, "urgent_means": "email"},
        content={"urgency_reasons": "The server is wiped on Friday."}))
    officer = requested_side_user(request)
    request = act(officer, request, "acknowledge")
    request = request_transition(actor=officer, request=request, action="postpone",
                                 reason_code="prejudice_to_proceedings", note="Our own search takes place next week.",
                                 partial_or_conditional_considered=True)
    text, word_text = _texts(world, request, language)
    for phrase in EXPECTED[language]:
        assert phrase in text, (language, phrase)
        assert phrase in word_text, (language, phrase)


def test_french_documents_cite_stce_224(world: Any) -> None:
    request = build_complete_request(world, "CETS224-9")
    text, word_text = _texts(world, request, "fr")
    assert "STCE 224 art. 9(3)(e)" in text
    assert "STCE 224 art. 9(3)(e)" in word_text
    assert "CETS 224" not in text
