"""CETS 224 (Second Additional Protocol), the paragraphs the rules cite, each with what could be checked.

No complete copy of the Protocol's text could be read for this release. What was tried (see treaty/data/GAPS.md):
the final text (CETS No. 224, Strasbourg 12.V.2022) and the draft sent to the Parliamentary Assembly on 17 May
2021 (PACE Doc. 15316) are held by the search corpus, but only the opening of each page (title and preamble) can
be read there; the EU Council decisions (EU) 2022/722 and 2023/436 do not annex the text; no public repository
indexed holds it. So every paragraph below is one of:

- `JAPAN`: its number (and the words quoted) appear in Japan's reservation and declarations of 10 August 2023 as
  published by the Netherlands treaty database (verdragenbank, treaty 013833), re-read for this release: the
  paragraph number and the subject are verified, the rest of the paragraph is not;
- `None` (not verified): written from the drafters' knowledge of the text; the platform's page and GAPS.md
  flag it "not verified".

The quotations of unverified paragraphs are paraphrases close to the text, not the text: never quote them as
the treaty.
"""

from __future__ import annotations

JAPAN = ("Japan's reservation and declarations of 10 August 2023, Netherlands treaty database (verdragenbank), "
         "treaty 013833 (verdragen.nl/en/Treaty/Details/013833_p.html)")

#: citation -> (quotation, source when verified, else None)
ENTRIES: dict[str, tuple[str, str | None]] = {
    # --- verified: paragraph numbers and subjects quoted in Japan's instrument
    "CETS 224 Art. 6(5)": ("a requesting Party may request that the entity give a reason why it is not disclosing "
                           "the information sought (number confirmed by Japan's designation under Art. 6(6) \"for the "
                           "purpose of consultation under Article 6, paragraph 5\")", JAPAN),
    "CETS 224 Art. 7": ("Article 7 (Disclosure of subscriber information) (title as cited in Japan's reservation; "
                        "the article's paragraphs are not verified)", JAPAN),
    "CETS 224 Art. 7(9)(a)": ("\"In accordance with Article 19, paragraph 1, and Article 7 (Disclosure of subscriber "
                              "information), paragraph 9.a, of the Protocol, the Government of Japan reserves the "
                              "right not to apply Article 7.\"", JAPAN),
    "CETS 224 Art. 8": ("Article 8 (Giving effect to orders from another Party for expedited production of subscriber "
                        "information and traffic data) (title as cited in Japan's declaration; the article's "
                        "paragraphs are not verified)", JAPAN),
    "CETS 224 Art. 8(11)": ("\"… requires that requests by other Parties under Article 8 be submitted to it by the "
                            "central authority of the requesting Party, or by such other authority as mutually "
                            "determined\" (Japan, declaration under Art. 8(11))", JAPAN),
    "CETS 224 Art. 19(1)": ("reservations are made by written notification (Japan's reservation to Art. 7 cites "
                            "\"Article 19, paragraph 1, and Article 7 … paragraph 9.a\")", JAPAN),
    "CETS 224 Art. 19(2)": ("declarations are made by written notification (Japan's declaration under Art. 8 cites "
                            "\"Article 19, paragraph 2, and Article 8\")", JAPAN),
    # --- not verified: the drafters' knowledge of the text
    "CETS 224 Art. 3(2)(c)": ("\"emergency\" means a situation in which there is a significant and imminent risk to "
                              "the life or safety of any natural person", None),
    "CETS 224 Art. 4": ("language of requests, orders and accompanying information", None),
    "CETS 224 Art. 5(5)": ("where a mutual assistance treaty or arrangement on the basis of uniform or reciprocal "
                           "legislation is in force between the Parties, Section 5 (Arts 11-12) does not apply, except "
                           "Art. 12(7), unless the Parties concerned mutually determine to apply it in lieu thereof",
                           None),
    "CETS 224 Art. 6": ("request for domain name registration information (Art. 6(1) matches the draft of April 2021 "
                        "quoted by ICANN on 23 April 2021: \"to issue a request to an entity providing domain name "
                        "services in the territory of another Party for information in the entity's possession or "
                        "control, for identifying or contacting the registrant of a domain name\"; the adopted text "
                        "was not read)", None),
    "CETS 224 Art. 6(3)": ("the request shall include: a) the date on which it was issued and the identity and contact "
                           "details of the competent authority; b) the domain name … and a detailed list of the "
                           "information sought; c) a statement that the request is issued pursuant to this Protocol, "
                           "that the need for the information arises because of its relevance to a specific criminal "
                           "investigation or proceeding and that the information will only be used for that …; d) the "
                           "time frame within which and the manner in which to disclose the information", None),
    "CETS 224 Art. 7(2)(b)": ("a Party may declare that an order to a service provider in its territory must be issued "
                              "by, or under the supervision of, a prosecutor or other judicial authority, or otherwise "
                              "be issued under independent supervision", None),
    "CETS 224 Art. 7(3)": ("the order shall specify: a) the issuing authority and date issued; b) a statement that the "
                           "order is issued pursuant to this Protocol; c) the name and address of the service "
                           "provider(s) to be served; d) the offence(s) …; e) the authority seeking the specific "
                           "subscriber information, if not the issuing authority; f) a detailed description of the "
                           "specific subscriber information sought", None),
    "CETS 224 Art. 7(4)": ("supplemental information: a) the domestic legal grounds …; b) a reference to legal "
                           "provisions and applicable penalties …; c) the contact information of the authority to "
                           "which the service provider shall return the subscriber information …; d) the time frame "
                           "and the manner in which to return the subscriber information; e) whether preservation of "
                           "the data has already been sought …; f) any special procedural instructions; g) if "
                           "applicable, a statement that simultaneous notification has been made pursuant to "
                           "paragraph 5; h) any other information that may aid in obtaining disclosure", None),
    "CETS 224 Art. 7(5)(a)": ("a Party may … require … simultaneous notification of the order, the supplemental "
                              "information and a summary of the facts", None),
    "CETS 224 Art. 7(5)(c)": ("the authorities notified … may … instruct the service provider not to disclose the "
                              "subscriber information if: i) disclosure may prejudice criminal investigations or "
                              "proceedings in that Party; or ii) conditions or grounds for refusal would apply under "
                              "Article 25, paragraph 4, and Article 27, paragraph 4, of the Convention", None),
    "CETS 224 Art. 7(7)": ("if it does not disclose subscriber information in response to the order within thirty days "
                           "of receipt of the order or the time frame stipulated in paragraph 4.d, whichever time "
                           "period is longer, the competent authorities of the issuing Party may then seek to enforce "
                           "the order only via Article 8 or other forms of mutual assistance. Parties may request that "
                           "a service provider give a reason for refusing to disclose", None),
    "CETS 224 Art. 7(8)": ("a Party may declare that the issuing Party shall seek disclosure of subscriber "
                           "information from the service provider before seeking it under Article 8, unless the "
                           "issuing Party provides a reasonable explanation for not having done so", None),
    "CETS 224 Art. 7(9)(b)": ("a Party may reserve the right not to apply this article to certain types of access "
                              "numbers if their disclosure would be inconsistent with the fundamental principles of "
                              "its domestic legal system", None),
    "CETS 224 Art. 8(1)": ("an order to be submitted as part of a request to another Party for the purpose of "
                           "compelling a service provider in the requested Party's territory to produce specified and "
                           "stored a) subscriber information, and b) traffic data", None),
    "CETS 224 Art. 8(3)": ("the requesting Party shall submit the order …, the supporting information and any special "
                           "instructions: a) the order shall specify: i) the issuing authority and the date …; ii) a "
                           "statement that the order is issued pursuant to this Protocol; iii) the name and address of "
                           "the service provider(s) …; iv) the offence(s) …; v) the authority seeking the information "
                           "or data, if not the issuing authority; vi) a detailed description of the specific "
                           "information or data sought; b) the supporting information … shall specify: i) the "
                           "domestic legal grounds …; ii) the legal provisions and applicable penalties …; iii) the "
                           "reason why the requesting Party believes that the service provider is in possession or "
                           "control of the data; iv) a summary of the facts …; v) the relevance of the information or "
                           "data …; vi) contact information …; vii) whether preservation … has already been sought …; "
                           "viii) whether the information or data has or have already been sought by other means …; "
                           "c) … special procedural instructions", None),
    "CETS 224 Art. 8(4)": ("A Party may declare … that additional supporting information is required", None),
    "CETS 224 Art. 8(6)(a)": ("The requested Party, from the date of receipt of all the information specified in "
                              "paragraphs 3 and 4, shall make reasonable efforts to serve the service provider within "
                              "forty-five days, if not sooner, and shall order a return of requested information or "
                              "data no later than: i) twenty days for subscriber information; and ii) forty-five days "
                              "for traffic data", None),
    "CETS 224 Art. 8(7)": ("If the requested Party cannot comply with the instructions under paragraph 3.c in the "
                           "manner requested, it shall promptly inform the requesting Party", None),
    "CETS 224 Art. 8(8)": ("The requested Party may refuse to execute a request if grounds established in Article 25, "
                           "paragraph 4, or Article 27, paragraph 4, of the Convention exist or may impose conditions "
                           "… may postpone execution … for reasons established under Article 27, paragraph 5", None),
    "CETS 224 Art. 8(9)(a)": ("If the requesting Party cannot comply with a condition imposed … it shall promptly "
                              "inform the requested Party, which shall then determine whether the information or "
                              "material should nevertheless be provided", None),
    "CETS 224 Art. 8(9)(b)": ("If the requesting Party accepts the condition, it shall be bound by it. The requested "
                              "Party that supplies information or material subject to such a condition may require the "
                              "requesting Party to explain in relation to that condition the use made of such "
                              "information or material", None),
    "CETS 224 Art. 8(13)": ("a Party may reserve the right not to apply this article to traffic data", None),
    "CETS 224 Art. 9": ("Article 9 (Expedited disclosure of stored computer data in an emergency) (title from the "
                        "drafters' knowledge of the text)", None),
    "CETS 224 Art. 9(1)(a)": ("in an emergency, … its point of contact for the 24/7 Network … to transmit a request … "
                              "seeking immediate assistance in obtaining from a service provider … the expedited "
                              "disclosure of specified, stored computer data …, without a request for mutual "
                              "assistance", None),
    "CETS 224 Art. 9(1)(b)": ("A Party may … declare that it will not execute requests under paragraph 1.a seeking "
                              "only the disclosure of subscriber information", None),
    "CETS 224 Art. 9(3)": ("The request … shall specify: a) the competent authority seeking the data and date on which "
                           "the request was issued; b) a statement that the request is issued pursuant to this "
                           "Protocol; c) the name and address of the service provider(s) …; d) the offence(s) … and a "
                           "reference to its legal provisions and applicable penalties; e) sufficient facts to "
                           "demonstrate that there is an emergency and how the data sought relate to it; f) a detailed "
                           "description of the data sought; g) any special procedural instructions", None),
    "CETS 224 Art. 9(5)": ("a Party may declare that it requires other Parties, following the execution of the "
                           "request, to submit the request and any supplemental information in a format and through "
                           "such channel, which may include mutual assistance, as it specifies", None),
    "CETS 224 Art. 9(6)": ("shall inform the requesting Party of its determination on the request … on a rapid basis "
                           "and, if applicable, shall specify any conditions under which it would provide the data",
                           None),
    "CETS 224 Art. 9(7)(a)": ("If the requesting Party cannot comply with a condition imposed by the requested Party "
                              "under paragraph 6, it shall promptly inform the requested Party", None),
    "CETS 224 Art. 9(7)(b)": ("If the requesting Party accepts the condition, it shall be bound by it; the requested "
                              "Party that supplies information or material subject to such a condition may require "
                              "the requesting Party to explain in relation to that condition the use made of it",
                              None),
    "CETS 224 Art. 10": ("Article 10 (Emergency mutual assistance) (title from the drafters' knowledge of the text)",
                         None),
    "CETS 224 Art. 10(1)": ("A request under this article shall include, in addition to the other contents required, a "
                            "description of the facts that demonstrate that there is an emergency and how the "
                            "assistance sought relates to it", None),
    "CETS 224 Art. 10(7)": ("Where there is no mutual assistance treaty or arrangement … Article 27, paragraphs 2.b "
                            "and 3 through 8, and Article 28, paragraphs 2 through 4, of the Convention shall apply",
                            None),
    "CETS 224 Art. 10(9)": ("a Party may declare that requests under this article may also be sent directly to its "
                            "judicial authorities, or through the channels of INTERPOL or to its 24/7 point of "
                            "contact; a copy then goes to the central authority through the requesting Party's "
                            "central authority", None),
    "CETS 224 Art. 11": ("Article 11 (Video conferencing) (title from the drafters' knowledge of the text)", None),
    "CETS 224 Art. 11(1)": ("A requesting Party may request, and the requested Party may permit, testimony and "
                            "statements to be taken from a witness or expert by video conference; the Parties consult "
                            "to facilitate resolution of any issues that may arise with regard to the execution of the "
                            "request", None),
    "CETS 224 Art. 11(2)(b)": ("the requested Party informs the requesting Party of the reasons for not executing or "
                               "delaying the request; Article 27, paragraph 8, and Article 28, paragraphs 2 to 4, of "
                               "the Convention apply to this article", None),
    "CETS 224 Art. 12": ("Article 12 (Joint investigation teams and joint investigations) (title from the drafters' "
                         "knowledge of the text)", None),
    "CETS 224 Art. 12(1)": ("By mutual agreement, the competent authorities of two or more Parties may establish and "
                            "operate a joint investigation team", None),
    "CETS 224 Art. 12(2)": ("The procedures and conditions governing the operation of joint investigation teams, such "
                            "as their specific purposes; composition; functions; duration … shall be as agreed", None),
    "CETS 224 Art. 12(3)": ("a Party may declare that its central authority must be a signatory to or otherwise concur "
                            "in the agreement establishing the team", None),
    "CETS 224 Art. 16(3)": ("This Protocol shall enter into force on the first day of the month following the "
                            "expiration of a period of three months after the date on which five Parties to the "
                            "Convention have expressed their consent to be bound", None),
    "CETS 224 Art. 16(4)": ("In respect of any Party to the Convention which subsequently expresses its consent to be "
                            "bound …, the Protocol shall enter into force on the first day of the month following the "
                            "expiration of a period of three months after the date of the expression of its consent",
                            None),
    "CETS 224 Art. 19(3)": ("further declarations, notifications and communications a Party may make (the list of "
                            "Art. 19(2)-(3) was not read: which declaration falls under which paragraph is not "
                            "verified)", None),
}
