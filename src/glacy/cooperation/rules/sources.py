"""The treaty paragraphs the rules rest on, with a brief quotation a reviewer can check.

`verified` says whether the paragraph number and the quoted words were checked against a copy of the
authentic English text obtained for this release:
- ETS 185: the whole of Chapter III and Arts 36-42 were read in the text published in the Netherlands
  Treaty Series (Trb. 2002, 18; English text as corrected in Trb. 2004, 290), as reproduced in the public
  repository statengeneraal/laws-markdown (verdrag/convention/on/cybercrime/BWBV0001839).
- CETS 224: no copy of the Protocol's text could be retrieved for this release. The paragraph numbers
  Art. 6(5)-(6), 7(9)(a), 8(10)-(11), 14(7)(c), 14(10)(b) and 19(1)-(2) are confirmed by Japan's reservation
  and declarations of 10 August 2023 as published in the Netherlands treaty database (verdragenbank,
  treaty 013833); every other CETS 224 quotation below is the drafters' recollection of the text and is
  flagged "not verified" on the legal rules page and in treaty/data/GAPS.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provision:
    citation: str
    quote: str
    verified: bool


def _provisions(verified: bool, entries: dict[str, str]) -> dict[str, Provision]:
    return {citation: Provision(citation, quote, verified) for citation, quote in entries.items()}


PROVISIONS: dict[str, Provision] = {
    **_provisions(True, {
        "ETS 185 Art. 25(3)": "in urgent circumstances, make requests for mutual assistance or communications related "
                              "thereto by expedited means of communication, including fax or e-mail, … with formal "
                              "confirmation to follow, where required by the requested Party",
        "ETS 185 Art. 25(4)": "mutual assistance shall be subject to the conditions provided for by the law of the "
                              "requested Party or by applicable mutual assistance treaties, including the grounds on "
                              "which the requested Party may refuse co-operation. The requested Party shall not "
                              "exercise the right to refuse mutual assistance in relation to the offences referred to "
                              "in Articles 2 through 11 solely on the ground that the request concerns an offence "
                              "which it considers a fiscal offence.",
        "ETS 185 Art. 26(1)": "forward to another Party information obtained within the framework of its own "
                              "investigations … without prior request",
        "ETS 185 Art. 26(2)": "Prior to providing such information, the providing Party may request that it be kept "
                              "confidential or only used subject to conditions. If the receiving Party cannot comply "
                              "with such request, it shall notify the providing Party, which shall then determine "
                              "whether the information should nevertheless be provided. If the receiving Party "
                              "accepts the information subject to the conditions, it shall be bound by them.",
        "ETS 185 Art. 27(1)": "Where there is no mutual assistance treaty or arrangement on the basis of uniform or "
                              "reciprocal legislation in force between the requesting and requested Parties, the "
                              "provisions of paragraphs 2 through 9 of this article shall apply.",
        "ETS 185 Art. 27(2)(b)": "The central authorities shall communicate directly with each other",
        "ETS 185 Art. 27(3)": "executed in accordance with the procedures specified by the requesting Party, except "
                              "where incompatible with the law of the requested Party",
        "ETS 185 Art. 27(4)(a)": "the request concerns an offence which the requested Party considers a political "
                                 "offence or an offence connected with a political offence",
        "ETS 185 Art. 27(4)(b)": "it considers that execution of the request is likely to prejudice its sovereignty, "
                                 "security, ordre public or other essential interests",
        "ETS 185 Art. 27(5)": "may postpone action on a request if such action would prejudice criminal "
                              "investigations or proceedings conducted by its authorities",
        "ETS 185 Art. 27(6)": "Before refusing or postponing assistance, the requested Party shall, where appropriate "
                              "after having consulted with the requesting Party, consider whether the request may be "
                              "granted partially or subject to such conditions as it deems necessary.",
        "ETS 185 Art. 27(7)": "Reasons shall be given for any refusal or postponement of the request. The requested "
                              "Party shall also inform the requesting Party of any reasons that render impossible the "
                              "execution of the request or are likely to delay it significantly.",
        "ETS 185 Art. 27(8)": "may request that the requested Party keep confidential the fact of any request made "
                              "under this chapter as well as its subject … If the requested Party cannot comply … it "
                              "shall promptly inform the requesting Party, which shall then determine whether the "
                              "request should nevertheless be executed.",
        "ETS 185 Art. 27(9)(a)": "In the event of urgency, requests … may be sent directly by judicial authorities of "
                                 "the requesting Party to such authorities of the requested Party. In any such cases, "
                                 "a copy shall be sent at the same time to the central authority of the requested "
                                 "Party through the central authority of the requesting Party.",
        "ETS 185 Art. 27(9)(b)": "Any request or communication under this paragraph may be made through the "
                                 "International Criminal Police Organisation (Interpol).",
        "ETS 185 Art. 27(9)(d)": "Requests or communications made under this paragraph that do not involve coercive "
                                 "action may be directly transmitted by the competent authorities",
        "ETS 185 Art. 27(9)(e)": "for reasons of efficiency, requests made under this paragraph are to be addressed "
                                 "to its central authority",
        "ETS 185 Art. 28(2)": "may make the supply of information or material in response to a request dependent on "
                              "the condition that it is: a) kept confidential …, or b) not used for investigations or "
                              "proceedings other than those stated in the request",
        "ETS 185 Art. 28(3)": "If the requesting Party cannot comply with a condition …, it shall promptly inform the "
                              "other Party, which shall then determine whether the information should nevertheless be "
                              "provided. When the requesting Party accepts the condition, it shall be bound by it.",
        "ETS 185 Art. 28(4)": "may require the other Party to explain, in relation to that condition, the use made of "
                              "such information or material",
        "ETS 185 Art. 29(2)": "A request for preservation … shall specify: a) the authority seeking the preservation; "
                              "b) the offence … and a brief summary of the related facts; c) the stored computer data "
                              "to be preserved and its relationship to the offence; d) any available information "
                              "identifying the custodian … or the location of the computer system; e) the necessity "
                              "of the preservation; and f) that the Party intends to submit a request for mutual "
                              "assistance",
        "ETS 185 Art. 29(4)": "may, in respect of offences other than those established in accordance with Articles 2 "
                              "through 11 of this Convention, reserve the right to refuse the request for "
                              "preservation … where it has reasons to believe that at the time of disclosure the "
                              "condition of dual criminality cannot be fulfilled",
        "ETS 185 Art. 29(5)": "In addition, a request for preservation may only be refused if: a) the request "
                              "concerns an offence which the requested Party considers a political offence …, or b) … "
                              "likely to prejudice its sovereignty, security, ordre public or other essential "
                              "interests.",
        "ETS 185 Art. 29(6)": "Where the requested Party believes that preservation will not ensure the future "
                              "availability of the data or will threaten the confidentiality of or otherwise "
                              "prejudice the requesting Party's investigation, it shall promptly so inform the "
                              "requesting Party, which shall then determine whether the request should nevertheless "
                              "be executed.",
        "ETS 185 Art. 29(7)": "Any preservation effected in response to the request … shall be for a period not less "
                              "than sixty days, in order to enable the requesting Party to submit a request for the "
                              "search or similar access, seizure or similar securing, or disclosure of the data. "
                              "Following the receipt of such a request, the data shall continue to be preserved "
                              "pending a decision on that request.",
        "ETS 185 Art. 30(1)": "in the course of the execution of a request made pursuant to Article 29 to preserve "
                              "traffic data … the requested Party discovers that a service provider in another State "
                              "was involved …, the requested Party shall expeditiously disclose … a sufficient amount "
                              "of traffic data to identify that service provider and the path",
        "ETS 185 Art. 30(2)": "Disclosure of traffic data under paragraph 1 may only be withheld if: a) … a political "
                              "offence …; or b) … prejudice its sovereignty, security, ordre public or other "
                              "essential interests.",
        "ETS 185 Art. 31(1)": "request another Party to search or similarly access, seize or similarly secure, and "
                              "disclose data stored by means of a computer system located within the territory of the "
                              "requested Party, including data that has been preserved pursuant to Article 29",
        "ETS 185 Art. 31(3)": "The request shall be responded to on an expedited basis where: a) there are grounds to "
                              "believe that relevant data is particularly vulnerable to loss or modification",
        "ETS 185 Art. 33(1)": "mutual assistance … in the real-time collection of traffic data associated with "
                              "specified communications … governed by the conditions and procedures provided for "
                              "under domestic law",
        "ETS 185 Art. 34": "mutual assistance … in the real-time collection or recording of content data of specified "
                           "communications … to the extent permitted under their applicable treaties and domestic "
                           "laws",
        "ETS 185 Art. 35(1)": "designate a point of contact available on a twenty-four hour, seven-day-a-week basis … "
                              "facilitating, or, if permitted by its domestic law and practice, directly carrying "
                              "out: a) the provision of technical advice; b) the preservation of data pursuant to "
                              "Articles 29 and 30; c) the collection of evidence, the provision of legal information, "
                              "and locating of suspects",
        "ETS 185 Art. 36(4)": "the Convention shall enter into force on the first day of the month following the "
                              "expiration of a period of three months after the date of the expression of its consent "
                              "to be bound",
        "ETS 185 Art. 37(2)": "the Convention shall enter into force on the first day of the month following the "
                              "expiration of a period of three months after the date of deposit of the instrument of "
                              "accession",
        "ETS 185 Art. 42": "declare that it avails itself of the reservation(s) provided for in Article 4, paragraph "
                           "2, Article 6, paragraph 3, Article 9, paragraph 4, Article 10, paragraph 3, Article 11, "
                           "paragraph 3, Article 14, paragraph 3, Article 22, paragraph 2, Article 29, paragraph 4, "
                           "and Article 41, paragraph 1. No other reservation may be made.",
    }),
    **_provisions(True, {
        "CETS 224 Art. 6(5)": "a requesting Party may request that the entity give a reason why it is not disclosing "
                              "the information sought (paragraph number confirmed by Japan's designation under Art. "
                              "6(6) \"for the purpose of consultation under Article 6, paragraph 5\")",
        "CETS 224 Art. 7(9)(a)": "\"In accordance with Article 19, paragraph 1, and Article 7 … paragraph 9.a, of the "
                                 "Protocol, the Government of Japan reserves the right not to apply Article 7.\"",
        "CETS 224 Art. 8(11)": "\"… requires that requests by other Parties under Article 8 be submitted to it by the "
                               "central authority of the requesting Party, or by such other authority as mutually "
                               "determined\" (Japan, declaration under Art. 8(11))",
        "CETS 224 Art. 19(1)": "reservations are made by written notification (Japan's reservation to Art. 7 cites "
                               "\"Article 19, paragraph 1, and Article 7 … paragraph 9.a\")",
    }),
    **_provisions(False, {
        "CETS 224 Art. 3(2)(c)": "\"emergency\" means a situation in which there is a significant and imminent risk to "
                                 "the life or safety of any natural person",
        "CETS 224 Art. 4": "language of requests, orders and accompanying information",
        "CETS 224 Art. 6(3)": "the request shall include: a) the date … and the identity and contact details of the "
                              "competent authority; b) the domain name … and a detailed list of the information "
                              "sought; c) a statement that the request is issued pursuant to this Protocol, that the "
                              "need for the information arises because of its relevance to a specific criminal "
                              "investigation or proceeding and that the information will only be used for that …; d) "
                              "the time frame within which and the manner in which to disclose the information",
        "CETS 224 Art. 7(3)": "The order … shall specify: a) the issuing authority and date issued; b) a statement "
                              "that the order is issued pursuant to this Protocol; c) the name and address of the "
                              "service provider(s) to be served; d) the offence(s) …; e) the authority seeking the "
                              "specific subscriber information, if not the issuing authority; and f) a detailed "
                              "description of the specific subscriber information sought",
        "CETS 224 Art. 7(4)": "supplemental information: a) the domestic legal grounds …; b) a reference to legal "
                              "provisions and applicable penalties …; c) the contact information of the authority to "
                              "which the service provider shall return the subscriber information …; d) the time "
                              "frame and the manner in which to return the subscriber information; e) whether "
                              "preservation of the data has already been sought …",
        "CETS 224 Art. 7(5)(a)": "a Party may … require … simultaneous notification of the order, the supplemental "
                                 "information and a summary of the facts",
        "CETS 224 Art. 7(5)(c)": "the authorities notified … may … instruct the service provider not to disclose the "
                                 "subscriber information if: i) disclosure may prejudice criminal investigations or "
                                 "proceedings in that Party; or ii) conditions or grounds for refusal would apply "
                                 "under Article 25, paragraph 4, and Article 27, paragraph 4, of the Convention",
        "CETS 224 Art. 7(7)": "if it does not disclose subscriber information in response to the order within thirty "
                              "days of receipt of the order or the time frame stipulated in paragraph 4.d, whichever "
                              "time period is longer, the competent authorities of the issuing Party may then seek to "
                              "enforce the order only via Article 8 or other forms of mutual assistance. Parties may "
                              "request that a service provider give a reason for refusing to disclose",
        "CETS 224 Art. 8(3)": "the requesting Party shall submit the order …, the supporting information and any "
                              "special instructions: a) the order shall specify: i) the issuing authority and the "
                              "date …; ii) a statement that the order is issued pursuant to this Protocol; iii) the "
                              "name and address of the service provider(s) …; iv) the offence(s) …; v) the authority "
                              "seeking the information or data, if not the issuing authority; vi) a detailed "
                              "description of the specific information or data sought; b) the supporting information "
                              "… shall specify: i) the domestic legal grounds …; ii) the legal provisions and "
                              "applicable penalties …; iii) the reason why the requesting Party believes that the "
                              "service provider is in possession or control of the data; iv) a summary of the facts "
                              "…; v) the relevance of the information or data …; vi) contact information …; vii) "
                              "whether preservation … has already been sought …; viii) whether the information or "
                              "data has or have already been sought by other means …; c) … special procedural "
                              "instructions",
        "CETS 224 Art. 8(4)": "A Party may declare … that additional supporting information is required",
        "CETS 224 Art. 8(6)(a)": "The requested Party, from the date of receipt of all the information specified in "
                                 "paragraphs 3 and 4, shall make reasonable efforts to serve the service provider "
                                 "within forty-five days, if not sooner, and shall order a return of requested "
                                 "information or data no later than: i) twenty days for subscriber information; and "
                                 "ii) forty-five days for traffic data",
        "CETS 224 Art. 8(7)": "If the requested Party cannot comply with the instructions under paragraph 3.c in the "
                              "manner requested, it shall promptly inform the requesting Party",
        "CETS 224 Art. 8(8)": "The requested Party may refuse to execute a request if grounds established in Article "
                              "25, paragraph 4, or Article 27, paragraph 4, of the Convention exist or may impose "
                              "conditions … may postpone execution … for reasons established under Article 27, "
                              "paragraph 5",
        "CETS 224 Art. 8(9)": "If the requesting Party cannot comply with a condition imposed … it shall promptly "
                              "inform the requested Party … If the requesting Party accepts the condition, it shall "
                              "be bound by it",
        "CETS 224 Art. 9(1)(a)": "in an emergency, … its point of contact for the 24/7 Network … to transmit a "
                                 "request … seeking immediate assistance in obtaining from a service provider … the "
                                 "expedited disclosure of specified, stored computer data …, without a request for "
                                 "mutual assistance",
        "CETS 224 Art. 9(1)(b)": "A Party may … declare that it will not execute requests under paragraph 1.a seeking "
                                 "only the disclosure of subscriber information",
        "CETS 224 Art. 9(3)": "The request … shall specify: a) the competent authority seeking the data and date …; "
                              "b) a statement that the request is issued pursuant to this Protocol; c) the name and "
                              "address of the service provider(s) …; d) the offence(s) … and a reference to its legal "
                              "provisions and applicable penalties; e) sufficient facts to demonstrate that there is "
                              "an emergency and how the data sought relate to it; f) a detailed description of the "
                              "data sought",
        "CETS 224 Art. 9(6)": "shall inform the requesting Party of its determination on the request … on a rapid "
                              "basis and, if applicable, shall specify any conditions under which it would provide "
                              "the data",
        "CETS 224 Art. 10(1)": "A request under this article shall include, in addition to the other contents "
                               "required, a description of the facts that demonstrate that there is an emergency and "
                               "how the assistance sought relates to it",
        "CETS 224 Art. 10(7)": "Where there is no mutual assistance treaty or arrangement … Article 27, paragraphs "
                               "2.b and 3 through 8, and Article 28, paragraphs 2 through 4, of the Convention shall "
                               "apply",
        "CETS 224 Art. 11(1)": "A requesting Party may request, and the requested Party may permit, testimony and "
                               "statements to be taken from a witness or expert by video conference",
        "CETS 224 Art. 11(2)": "the requesting and requested Parties shall consult in order to facilitate resolution "
                               "of any issues that may arise with regard to the execution of the request",
        "CETS 224 Art. 12(1)": "By mutual agreement, the competent authorities of two or more Parties may establish "
                               "and operate a joint investigation team",
        "CETS 224 Art. 12(2)": "The procedures and conditions governing the operation of joint investigation teams, "
                               "such as their specific purposes; composition; functions; duration … shall be as "
                               "agreed",
        "CETS 224 Art. 16(3)": "This Protocol shall enter into force on the first day of the month following the "
                               "expiration of a period of three months after the date on which five Parties to the "
                               "Convention have expressed their consent to be bound",
        "CETS 224 Art. 16(4)": "In respect of any Party to the Convention which subsequently expresses its consent to "
                               "be bound …, the Protocol shall enter into force on the first day of the month "
                               "following the expiration of a period of three months after the date of the expression "
                               "of its consent",
    }),
}


def is_verified(citation: str) -> bool:
    """True when every paragraph the citation names was checked against a copy of the text.

    A citation the table does not hold is taken as verified only for ETS 185 (its Chapter III and final
    clauses were read in full) and for the T-CY request template (not a treaty).
    """
    provision = PROVISIONS.get(citation)
    if provision is not None:
        return provision.verified
    if citation.startswith("CETS 224"):
        base = citation.split(" (")[0]
        for known, entry in PROVISIONS.items():
            if base.startswith(known) or known.startswith(base):
                return entry.verified
        return False
    return True


def quote_for(citation: str) -> str:
    """The quotation of the closest provision recorded for the citation ("" when none is recorded)."""
    base = citation.split(" (")[0].split(";")[0].strip()
    while base:
        if base in PROVISIONS:
            return PROVISIONS[base].quote
        if "(" not in base:
            return ""
        base = base[: base.rfind("(")]
    return ""
