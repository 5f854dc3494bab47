"""Segmentation of the layouts real laws are published in (issue 14, failure class 1), one test per layout,
including PDFs made here with marginal notes and print-width wrapping."""

from __future__ import annotations

from glacy.legislation.evaluation import real_laws
from glacy.legislation.extract import extract_text
from glacy.legislation.segmenter import segment


def _found(text: str) -> list[tuple[str, str]]:
    return [(item.ref, item.heading) for item in segment(text)]


def test_gazette_section_number_and_first_subsection_on_one_line() -> None:
    text = ("19. (1) Where a person, without lawful authority, accesses a computer system, he commits an offence.\n"
            "(2) In this section, access includes logging in.\n"
            "20. (1) A police officer may by notice require the preservation of stored computer data.\n")
    provisions = segment(text)
    assert [item.ref for item in provisions] == ["Section 19", "Section 20"]
    assert provisions[0].text == ("(1) Where a person, without lawful authority, accesses a computer system, he "
                                  "commits an offence. (2) In this section, access includes logging in.")


def test_decimal_numbers_of_consolidated_codes_and_their_marginal_notes() -> None:
    text = ("Preservation demand\n487.012 (1) A peace officer may make a demand to a person requiring them to "
            "preserve computer data.\nConditions for making demand\n(2) The officer may make the demand only if …\n"
            "Preservation order\n487.013 (1) On ex parte application a justice may order a person to preserve data.\n"
            "11.2A Joint commission\n(1) If two or more persons enter into an agreement …\n")
    assert _found(text) == [("Section 487.012", "Preservation demand"), ("Section 487.013", "Preservation order"),
                            ("Section 11.2A", "Joint commission")]
    assert "Conditions for making demand (2)" in segment(text)[0].text


def test_latin_suffixes_attached_or_apart_are_kept_whole() -> None:
    text = ("Art. 143bis. Quiconque accède frauduleusement à un système informatique est puni.\n"
            "Art. 226-4 novies. Le fait d'usurper l'identité d'un tiers est puni.\n"
            "Art. 509-5 bis. La contrefaçon d'un instrument de paiement est punie.\n"
            "Art. 88decies. Le juge peut ordonner l'interception des télécommunications.\n")
    assert [item.ref for item in segment(text)] == ["Art. 143bis", "Art. 226-4 novies", "Art. 509-5 bis",
                                                    "Art. 88decies"]


def test_numbered_paragraphs_inside_an_article_are_not_provisions() -> None:
    text = ("Article 12\n1. Quiconque accède sans droit à un système informatique est puni d'un an "
            "d'emprisonnement.\n2. La tentative est punie des mêmes peines.\nArticle 13\nLes personnes morales "
            "sont responsables.\n")
    provisions = segment(text)
    assert [item.ref for item in provisions] == ["Article 12", "Article 13"]
    assert provisions[0].text.endswith("2. La tentative est punie des mêmes peines.")


def test_a_table_of_contents_is_never_emitted_and_its_titles_name_the_sections() -> None:
    text = ("COMPUTER MISUSE ACT\nARRANGEMENT OF SECTIONS\n1. Short title\n2. Interpretation\n3. Unauthorised access\n"
            "1. This Act may be cited as the Computer Misuse Act.\n2. In this Act, computer means an electronic "
            "device.\n3. A person who accesses a computer without authority commits an offence.\n")
    provisions = segment(text)
    assert [item.ref for item in provisions] == ["Section 1", "Section 2", "Section 3"]
    assert all(item.text for item in provisions)


def test_list_items_stay_with_their_lead_in() -> None:
    text = ("Section 7. A person commits an offence who, without right—\n(a) intercepts a non-public transmission;"
            " or\n(b) alters computer data.\n")
    provisions = segment(text)
    assert [item.ref for item in provisions] == ["Section 7"]
    assert provisions[0].text == ("A person commits an offence who, without right— (a) intercepts a non-public "
                                  "transmission; or (b) alters computer data.")


def test_amendment_history_notes_and_cross_references_are_not_provisions() -> None:
    text = ("248 Interpretation\nIn this section, computer system means a computer.\nSection 248: replaced, on 1 "
            "October 2003, by section 15 of the Crimes Amendment Act 2003 (2003 No 39).\n249 Accessing computer "
            "system for dishonest purpose\n(1) Every one is liable to imprisonment who accesses a computer system.\n"
            "476.3 Geographical jurisdiction\nSection 15.1 (extended geographical jurisdiction—category A) applies "
            "to offences under this Part.\n")
    assert _found(text) == [("Section 248", "Interpretation"),
                            ("Section 249", "Accessing computer system for dishonest purpose"),
                            ("Section 476.3", "Geographical jurisdiction")]


def test_words_hyphenated_at_the_line_end_are_joined() -> None:
    assert segment("Section 2. A person who without author-\nisation accesses a computer commits an offence.")[0].text \
        == "A person who without authorisation accesses a computer commits an offence."


def _pdf(body: str) -> bytes:
    from weasyprint import HTML

    css = ("@page{size:A5;margin:1cm} body{font-size:10pt} .s{position:relative;margin-left:3.2cm}"
           " .note{position:absolute;left:-3.2cm;width:2.8cm;font-size:7pt}")
    return HTML(string=f"<style>{css}</style>{body}").write_pdf()


def test_pdf_with_marginal_notes_wrapped_lines_and_a_table_of_contents() -> None:
    body = ("<p>CYBERCRIMES ACT, 2020</p><p>ARRANGEMENT OF SECTIONS</p><p>1. Short title</p>"
            "<p>2. Unauthorised access to a computer system</p><p>3. Preservation of stored computer data</p>"
            "<div class='s'><span class='note'>Short title</span><p>1. This Act may be cited as the Cybercrimes "
            "Act, 2020.</p></div><div class='s'><span class='note'>Unauthorised access to a computer system</span>"
            "<p>2. (1) Where a person intentionally and without authorisation accesses the whole or any part of a "
            "computer system, that person commits an offence and is liable on conviction to imprisonment.</p>"
            "<p>(2) For the purposes of subsection (1), access includes logging in to a service.</p></div>"
            "<div class='s'><span class='note'>Preservation of stored computer data</span><p>3. (1) Where a police "
            "officer has reasonable grounds to believe that stored computer data is vulnerable to loss, the officer "
            "may by notice require the person in control of the data to preserve it.</p></div>")
    text = extract_text(_pdf(body))
    assert "Unauthorised access\nto a computer system" in text  # the note wraps in the margin
    provisions = segment(text)
    assert [(item.ref, item.heading) for item in provisions] == [
        ("Section 1", "Short title"), ("Section 2", "Unauthorised access to a computer system"),
        ("Section 3", "Preservation of stored computer data")]
    assert provisions[1].text.startswith("(1) Where a person intentionally and without authorisation accesses the "
                                         "whole or any part of a computer system")
    assert provisions[1].text.endswith("access includes logging in to a service.")


def test_pdf_heading_wrapped_by_the_print_width_is_joined() -> None:
    body = ("<div style='width:5cm'><p>Section 3. Unauthorised interception of computer data</p>"
            "<p>(1) A person who intercepts a non-public transmission of computer data commits an offence.</p></div>")
    text = extract_text(_pdf(body.replace(" style='width:5cm'", " class='s'")))
    provisions = segment(text)
    assert [(item.ref, item.heading) for item in provisions] == [
        ("Section 3", "Unauthorised interception of computer data")]


def test_bill_pdf_with_section_numbers_alone_running_heads_and_an_explanatory_statement() -> None:
    # A Bill's PDF text: the marginal note on the line before, "4.(1)" alone on its line, the running head of each
    # page ("2 Bill", "Computer Crimes 3", the same words with a rising page number) between lines of one section, and the explanatory statement after the
    # clauses, whose numbered paragraphs describe the clauses and are not law.
    text = ("Computer Crimes 1\nCOMPUTER CRIMES BILL\n"
            "Unauthorised access\n4.(1)\nA person who causes a computer to perform any function with intent to\n"
            "2 Bill\nsecure unauthorised access commits an offence.\n"
            "Search warrant\n5.\nA Magistrate may issue a warrant to search premises for a computer.\n"
            "Computer Crimes 3\nConsent to prosecute\n6.\nA prosecution shall not be instituted without\n"
            "4 Bill\nconsent.\nComputer Crimes 5\n6 Bill\n"
            "EXPLANATORY STATEMENT\n"
            "1. Clause 4 seeks to create the offence of unauthorised access.\n"
            "2. Clause 5 provides for search warrants.\n")
    provisions = segment(text)
    assert [(item.ref, item.heading) for item in provisions] == [
        ("Section 4", "Unauthorised access"), ("Section 5", "Search warrant"), ("Section 6", "Consent to prosecute")]
    assert provisions[0].text == ("(1) A person who causes a computer to perform any function with intent to secure "
                                  "unauthorised access commits an offence.")


def test_a_heading_run_into_its_first_subsection_and_sentences_of_an_amending_law() -> None:
    text = ("Section 6. Refusal of assistance (1) A request by a foreign country shall be refused if it concerns a "
            "political offence.\n"
            "Section 7. Section 29 of the principal Act is amended by deleting the word \"any\".\n")
    provisions = segment(text)
    assert [(item.ref, item.heading) for item in provisions] == [("Section 6", "Refusal of assistance"),
                                                                 ("Section 7", "")]
    assert provisions[0].text.startswith("(1) A request by a foreign country")


def test_old_code_articles_without_a_full_stop_after_art_and_a_capitalised_suffix() -> None:
    # An annotated code scanned by OCR (Haiti): "Art 18.-" lost the full stop after "Art", "19 Bis" keeps its capital.
    text = ("Art. 17.- Les condamnations aux peines perpétuelles emportent la perte des droits civils.\n"
            "Art 18.- Les condamnations aux peines temporaires emportent la suspension des droits civils.\n"
            "Art. 19 Bis (D. 23 septembre 1985).- Toute personne condamnée a la peine de la détention sera détenue.\n"
            "Art 18 de la Constitution garantit la liberté.\n")
    provisions = segment(text)
    assert [item.ref for item in provisions] == ["Art. 17", "Art. 18", "Art. 19 Bis"]
    assert provisions[2].text.endswith("sera détenue. Art 18 de la Constitution garantit la liberté.")
    assert [real_laws.number_key(item.ref) for item in provisions] == ["17", "18", "19bis"]


def test_french_subdivision_headings_and_sentences_wrapped_onto_a_new_line() -> None:
    # A gazette extraction (Morocco): "Section 3. – …" is a heading (printed here after the article number that opens
    # the subdivision); "articles 8, 30 et 33" and "chapitre s'appliquent" start lines only because of the print width.
    text = ("Chapitre II\nDu dispositif de sécurité\nSection 2. – Dispositions propres\n"
            "Article 14\nLes dispositions de la section première du présent\n"
            "chapitre s’appliquent aux infrastructures d’importance vitale.\n"
            "Article 29\nSection 3. – Dispositions propres aux opérateurs\n"
            "Les exploitants doivent prendre les mesures de protection nécessaires.\n"
            "Article 49\nEst puni d’une amende quiconque manque aux obligations prévues aux\n"
            "article s 8, 30 et 33 ci-dessus.\n")
    provisions = segment(text)
    assert [item.ref for item in provisions] == ["Article 14", "Article 29", "Article 49"]
    assert provisions[0].text.endswith("chapitre s’appliquent aux infrastructures d’importance vitale.")
    assert provisions[0].context[-1] == "Section 2. – Dispositions propres"
    assert provisions[1].context[-1] == "Section 3. – Dispositions propres aux opérateurs"
    assert provisions[1].text == "Les exploitants doivent prendre les mesures de protection nécessaires."
    assert provisions[2].text.endswith("article s 8, 30 et 33 ci-dessus.")


def test_list_items_of_a_french_code_and_subdivision_headings_in_capitals() -> None:
    # A code published article by article (Benin): list items numbered "1." and opening in lower case stay in their
    # article, even when a full stop inside the item looks like the end of a title; "SECTION 6 : DES …" is a heading.
    text = ("Article 625 : Types de sanctions\nLa Commission peut prononcer :\n"
            "1. l’interdiction d’utiliser le moyen de cryptologie concerné. Le moyen pourra être remis en circulation.\n"
            "1. le retrait définitif de l’autorisation accordée ;\n"
            "SECTION 6 : DES MESURES DE CONTROLE ET SANCTIONS\n"
            "Article 636 : Procédure d’avertissement\nLes agents habilités adressent un avertissement.\n")
    provisions = segment(text)
    assert [(item.ref, item.heading) for item in provisions] == [("Article 625", "Types de sanctions"),
                                                                ("Article 636", "Procédure d’avertissement")]
    assert provisions[0].text.endswith("1. le retrait définitif de l’autorisation accordée ;")
    assert provisions[1].context == ["SECTION 6 : DES MESURES DE CONTROLE ET SANCTIONS"]
