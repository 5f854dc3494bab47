"""ETS 185, the paragraphs the rules rest on, as read in the English text of the Netherlands Treaty Series.

Source: Trb. 2002, 18 (English text as corrected in Trb. 2004, 290), reproduced in the public repository
statengeneraal/laws-markdown (verdrag/convention/on/cybercrime/BWBV0001839/README.md). Chapter III (Arts 23-35)
and the final clauses (Arts 36-48) were read in full; every paragraph below was checked against that text.
The quotations are abridged with "…", never reworded.
"""

SOURCE = ("Trb. 2002, 18 (English text as corrected in Trb. 2004, 290), as reproduced in statengeneraal/laws-markdown "
          "(BWBV0001839)")

QUOTES: dict[str, str] = {
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
}
