"""Segmentation per numbering style, in English and French, from text, DOCX and PDF made here."""

from __future__ import annotations

import io

import docx
import pytest

from glacy.legislation.extract import extract_text
from glacy.legislation.segmenter import segment

COMMON_LAW = """CYBERCRIMES ACT
PART II — OFFENCES
Section 4. Unauthorised access.— (1) A person who intentionally and without authorisation accesses a computer system commits an offence.
(2) A person who, without lawful excuse, intercepts a non-public transmission of computer data commits an offence.
Sec. 12 Short title. This Act may be cited as the Cybercrimes Act.
s. 13 Regulations. The Minister may make regulations.
"""
CIVIL_LAW = """CODE PÉNAL
Livre III
Chapitre III : Des atteintes aux systèmes de traitement automatisé de données
Article 323-1
Le fait d'accéder frauduleusement dans un système de traitement automatisé de données est puni.
Art. 607-3. — Le fait d'entraver le fonctionnement d'un système est puni.
Article 5 bis
Les personnes morales sont responsables.
Article premier
La présente loi s'applique au territoire national.
Article L. 323-8 Les données sont conservées.
"""
AMENDING = """Article 3. — Après l'article 226-4 du code pénal, il est inséré un article 226-4-1 ainsi rédigé :
« Art. 226-4-1. — Le fait d'usurper l'identité d'un tiers en ligne est puni d'un an d'emprisonnement. »
Part III, Division 2
5. Illegal interception. A person who intercepts without right commits an offence.
12
"""


def _refs(text: str) -> list[str]:
    return [provision.ref for provision in segment(text)]


def test_common_law_sections_and_offence_subsections() -> None:
    provisions = segment(COMMON_LAW)
    assert [provision.ref for provision in provisions] == ["Section 4(1)", "Section 4(2)", "Sec. 12", "s. 13"]
    assert provisions[0].heading == "Unauthorised access"
    assert provisions[0].text == ("A person who intentionally and without authorisation accesses a computer "
                                  "system commits an offence.")
    assert provisions[2].context == ["PART II — OFFENCES"]


def test_civil_law_hyphenated_bis_and_premier() -> None:
    provisions = segment(CIVIL_LAW)
    assert [provision.ref for provision in provisions] == [
        "Article 323-1", "Art. 607-3", "Article 5 bis", "Article premier", "Article L. 323-8"]
    assert provisions[1].text == "Le fait d'entraver le fonctionnement d'un système est puni."
    assert provisions[0].context[-1] == "Chapitre III : Des atteintes aux systèmes de traitement automatisé de données"


def test_amending_law_inserted_article_and_page_numbers() -> None:
    provisions = segment(AMENDING)
    assert [provision.ref for provision in provisions] == ["Article 3", "Art. 226-4-1", "Section 5"]
    assert provisions[1].text == "Le fait d'usurper l'identité d'un tiers en ligne est puni d'un an d'emprisonnement."
    assert provisions[2].context == ["Part III, Division 2"]
    assert provisions[2].text.endswith("commits an offence.")


def test_from_docx() -> None:
    document = docx.Document()
    for line in CIVIL_LAW.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert _refs(extract_text(buffer.getvalue())) == [
        "Article 323-1", "Art. 607-3", "Article 5 bis", "Article premier", "Article L. 323-8"]


def test_from_pdf() -> None:
    from weasyprint import HTML

    html = "".join(f"<p>{line}</p>" for line in COMMON_LAW.splitlines())
    pdf = HTML(string=f"<html><body>{html}</body></html>").write_pdf()
    assert _refs(extract_text(pdf)) == ["Section 4(1)", "Section 4(2)", "Sec. 12", "s. 13"]


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02\x03garbage\x00" * 100, "binary"),
    (b"%PDF-1.4 truncated", "corrupt"), (b"PK\x03\x04 not a zip", "corrupt"),
])
def test_bad_input_gets_a_clear_error(data: bytes, code: str) -> None:
    from glacy.legislation.extract import ExtractionError

    with pytest.raises(ExtractionError) as error:
        extract_text(data)
    assert error.value.code == code


def test_encrypted_and_scanned_pdfs_and_size_limit() -> None:
    import pypdf
    from weasyprint import HTML

    from glacy.legislation.extract import ExtractionError

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(HTML(string="<p>Section 1. Text of the law.</p>").write_pdf()))
    writer.encrypt("secret")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    with pytest.raises(ExtractionError) as error:
        extract_text(encrypted.getvalue())
    assert str(error.value) == "The PDF is encrypted; send an unprotected copy."
    blank = HTML(string="<div style='width:10cm;height:10cm;background:#000'></div>").write_pdf()
    with pytest.raises(ExtractionError) as error:
        extract_text(blank)
    assert str(error.value) == "The PDF has no text layer (a scan?): run OCR first, then import it."
    with pytest.raises(ExtractionError) as error:
        extract_text(b"Section 1. " * 10, max_bytes=50)
    assert error.value.code == "too_large"


def test_a_title_alone_on_the_reference_line_is_the_heading_and_sibling_parts_replace_each_other() -> None:
    text = ("PART I – PRELIMINARY\nSection 1. Short title\nThis Act may be cited as the Test Act.\n"
            "PART II – OFFENCES\nDivision 1 – Access\nSection 2. Unauthorised access\nA person who accesses a "
            "computer system\nwithout authority commits an offence.\nSection 3. A person who, without lawful excuse,\n"
            "damages computer data commits an offence.\nPART III – POWERS\nSection 4 Production orders\n"
            "A judge may order a person to submit computer data.")
    found = [(item.ref, item.heading, item.context) for item in segment(text)]
    assert found == [
        ("Section 1", "Short title", ["PART I – PRELIMINARY"]),
        ("Section 2", "Unauthorised access", ["PART II – OFFENCES", "Division 1 – Access"]),
        ("Section 3", "", ["PART II – OFFENCES", "Division 1 – Access"]),
        ("Section 4", "Production orders", ["PART III – POWERS"]),
    ]
    assert segment(text)[2].text == "A person who, without lawful excuse, damages computer data commits an offence."


US_STYLE = """Sec. 4. Fraud and related activity in connection with computers
(a) Whoever—
(1) knowingly accesses a computer without authorization and thereby obtains information shall be punished as \
provided in subsection (c);
(2) intentionally causes damage without authorization to a protected computer shall be punished as provided in \
subsection (c);
(b) Whoever attempts to commit an offense under subsection (a) of this section shall be punished as provided in \
subsection (c).
Section 7(a)(1) Whoever knowingly traffics in any password shall be punished.
"""


def test_nested_sub_sections_get_hierarchical_references_and_keep_their_lead_in() -> None:
    provisions = segment(US_STYLE)
    assert [item.ref for item in provisions] == ["Sec. 4(a)(1)", "Sec. 4(a)(2)", "Sec. 4(b)", "Section 7(a)(1)"]
    assert provisions[0].text == ("Whoever— knowingly accesses a computer without authorization and thereby obtains "
                                  "information shall be punished as provided in subsection (c);")
    assert provisions[0].heading == "Fraud and related activity in connection with computers"
    # "(a)" inside a sentence is a citation, not a marker.
    assert provisions[2].text.startswith("Whoever attempts to commit an offense under subsection (a) of this section")


def test_french_code_article_431_8_from_pdf() -> None:
    from weasyprint import HTML

    lines = ["Article 431-8", "Le fait d'accéder ou de se maintenir frauduleusement dans tout ou partie d'un "
             "système informatique est puni de deux ans d'emprisonnement.", "Article 431-8 bis",
             "La tentative des délits prévus à l'article 431-8 est punie des mêmes peines."]
    pdf = HTML(string="".join(f"<p>{line}</p>" for line in lines)).write_pdf()
    provisions = segment(extract_text(pdf))
    assert [item.ref for item in provisions] == ["Article 431-8", "Article 431-8 bis"]
    assert provisions[1].text == "La tentative des délits prévus à l'article 431-8 est punie des mêmes peines."
