"""Element rules for the articles a criminal code's general part and a mutual-assistance law implement: definitions
(Art. 1), sanctions (Art. 13), scope of the procedural powers (Art. 14), conditions and safeguards (Art. 15), and
Chapter III: spontaneous information (Art. 26), requests absent an agreement — central authority, form, refusal
(Art. 27), confidentiality and limits on use (Art. 28), expedited disclosure of preserved traffic data (Art. 30),
access to stored data (Art. 31), real-time traffic data (Art. 33) and interception (Art. 34) for another Party.

Chapter III mirrors the domestic powers of Arts 16-21: the same act is Art. 31 and not Art. 19 when it is done for
another State, so every Chapter III rule has the co-operation context (a foreign State, a requesting State, a
central authority …) as a core element. The patterns are those of the statutes read for issue 14, not of one
law: "requesting State", "État requérant", "convention country", "state or entity", "autorité étrangère".
"""

from __future__ import annotations

from glacy.legislation.articles import DATA, PRESERVE, REAL_TIME, SYSTEM, TRAFFIC, ArticleRule, element
from glacy.legislation.cues import FOREIGN as _FOREIGN_CUE

FOREIGN = element("foreign_state", "for or towards another State", "pour ou envers un autre État",
                  _FOREIGN_CUE.pattern.pattern)
DEFINED = element("defined", "definition of terms", "définition de termes",
                  r"\bmeans\b|\bthe following definitions\b|\bdefinitions?\b|\binterpretation\b|\bhas the same meaning\b"
                  r"|\bon entend par\b|\bil faut entendre\b|\bdésigne\b|\bs'entend\b|\bdéfinitions?\b|\bau sens de\b")
CONVENTION_TERM = element("convention_term", "computer system, computer data, service provider or traffic data",
                          "système informatique, données informatiques, fournisseur de services ou données relatives au "
                          "trafic",
                          r"\bcomputer (?:system|data|program)|\bdata\b|\bservice providers?\b|\btraffic data\b"
                          r"|\btransmission data\b|\bcomputer\b|\bdonnées\b|\bsystème (?:informatique|de traitement)"
                          r"|\bfournisseurs? de services?\b|\bordinateur\b|\bcommunications data\b|\bcall associated data\b")
SANCTION = element("sanction", "effective, proportionate and dissuasive sanctions", "sanctions effectives",
                   r"\bpenalt(?:y|ies)\b|\bsanctions?\b|\bfines?\b|\bimprisonment\b|\bpeines?\b|\bamendes?\b"
                   r"|\bemprisonnement\b|\bconfiscation\b|\bdissolution\b|\bréclusion\b|\bforfeit")
SAFEGUARDS = element("safeguards", "conditions and safeguards", "conditions et garanties",
                     r"\bprivacy\b|\bprivilege|\bself-incrimination\b|\bincriminate\b|\bproportionat|\brevoke or vary\b"
                     r"|\bvie privée\b|\bsecret professionnel\b|\bproportionnalit|\bgaranties?\b|\bnullité\b"
                     r"|\bmust have regard\b|\binterference with the privacy\b|\bexcused from complying\b"
                     r"|\bjudicial (?:review|supervision)\b|\bcontrôle juridictionnel\b|\bduration\b|\bdurée\b"
                     r"|\bmust not (?:disclose|make the authorisation)\b|\bunless he or she is satisfied\b")
INVESTIGATION = element("investigation", "specific criminal investigation or proceedings",
                        "enquête ou procédure pénale déterminée",
                        r"\binvestigat|\bproceedings?\b|\bprosecution\b|\benquête\b|\binstruction\b|\bpoursuites?\b")
ASSISTANCE = element("assistance", "assistance to another State", "entraide",
                     r"\bassistance\b|\bentraide\b|\brequests?\b|\bdemandes?\b|\bco-?operation\b|\bcoopération\b")
SPONTANEOUS = element("spontaneous", "information without a prior request", "information spontanée",
                      r"\bwithout (?:a )?(?:prior )?request\b|\bspontane|\bde sa propre initiative\b|\bon its own initiative\b"
                      r"|\bdisclos\w* [^.;]{0,60}to (?:a )?foreign\b|\bcommuniqu\w* [^.;]{0,40}autorités? étrangères?\b")
CENTRAL = element("central_authority", "central authority, form or grounds for refusal of requests",
                  "autorité centrale, forme ou motifs de refus des demandes",
                  r"\bcentral authority\b|\battorney-?general\b|\bminister\b|\bprocureur général\b|\bautorité centrale\b"
                  r"|\brefus|\bform of (?:the )?request\b|\bmust (?:include|contain|specify)\b|\bshall (?:specify|identify)\b"
                  r"|\bdoivent (?:contenir|réunir)\b|\bcontiennent pas\b|\bmade to the\b|\bsont à adresser\b"
                  r"|\badministrative arrangement\b|\bad hoc\b|\bno agreement\b|\babsence of\b")
CONFIDENTIAL = element("confidential", "confidentiality or limitation on use", "confidentialité ou limitation de l'usage",
                       r"\bconfidential|\bsecret\b|\bprivileged\b|\bonly be used\b|\blimitation on use\b|\buse of evidence\b"
                       r"|\bterms (?:or|and) conditions\b|\bsubject to (?:such )?conditions\b|\bne peut utiliser\b"
                       r"|\bne peuvent pas révéler\b|\bautre que celle pour laquelle\b|\bconditions\b")
DISCLOSE = element("disclose", "disclosure to the requesting State", "communication à l'État requérant",
                   r"\bdisclos|\bsend\b|\bsent\b|\btransmi|\bcommuniqu|\bprovid")
STORED = element("stored_access", "search, seizure or production of stored data or evidence",
                 "perquisition, saisie ou production de données stockées ou de preuves",
                 r"\bsearch|\bseiz|\bproduction\b|\bproduce\b|\bstored\b|\bevidence\b|\bperquisition|\bsaisie|\bpreuves?\b"
                 r"|\bexisting information\b|\brecords?\b|\bdocuments?\b|\bobtain\w* (?:an? )?(?:article|thing)\b")
INTERCEPTION = element("interception", "interception of content", "interception du contenu",
                       r"\bintercept|\binterception\b|\bsurveillance devices?\b|\blistening device\b|\bécoutes?\b"
                       r"|\bsurveillance et (?:du )?contrôle des télécommunications\b|\bcaptation\b|\bprivate communications?\b")
REAL_TIME_OR_PROSPECTIVE = element("real_time_foreign", "real-time collection", "collecte en temps réel",
                                   REAL_TIME.pattern.pattern + r"|\bprospective\b|\bdata recorder\b|\btracking\b"
                                   r"|\btransmission data recorder\b|\b492\.2\b")

MORE_RULES: tuple[ArticleRule, ...] = (
    ArticleRule("ETS185", "1", "Definitions", (DEFINED, CONVENTION_TERM)),
    ArticleRule("ETS185", "13", "Sanctions and measures", (SANCTION,), (
        element("legal_person_sanction", "sanctions of legal persons", "sanctions des personnes morales",
                r"\blegal persons?\b|\bbod(?:y|ies) corporate\b|\bpersonnes? morales?\b"),)),
    ArticleRule("ETS185", "14", "Scope of procedural provisions", (
        element("applies", "powers applied to criminal investigations", "pouvoirs appliqués aux enquêtes",
                r"\bappl(?:y|ies)\b|\bs'appliquent\b|\bsont applicables\b"), INVESTIGATION),
                (element("powers", "procedural powers", "pouvoirs de procédure",
                         r"\bpreservation\b|\bproduction\b|\bsearch\b|\bwarrant|\bintercept|\bconservation\b|\bsaisie"),)),
    ArticleRule("ETS185", "15", "Conditions and safeguards", (SAFEGUARDS,), (INVESTIGATION,)),
    ArticleRule("ETS185", "26", "Spontaneous information", (FOREIGN, SPONTANEOUS), (SYSTEM,)),
    ArticleRule("ETS185", "27", "Procedures for mutual assistance requests", (FOREIGN, CENTRAL), (ASSISTANCE,)),
    ArticleRule("ETS185", "28", "Confidentiality and limitation on use", (FOREIGN, CONFIDENTIAL), (ASSISTANCE,)),
    ArticleRule("ETS185", "30", "Expedited disclosure of preserved traffic data", (FOREIGN, TRAFFIC, DISCLOSE),
                (PRESERVE,), outranks=("ETS185:17",)),
    ArticleRule("ETS185", "31", "Mutual assistance regarding accessing of stored computer data", (FOREIGN, STORED),
                (DATA, ASSISTANCE), outranks=("ETS185:19", "ETS185:18")),
    ArticleRule("ETS185", "33", "Mutual assistance in the real-time collection of traffic data",
                (FOREIGN, REAL_TIME_OR_PROSPECTIVE), (TRAFFIC, ASSISTANCE), outranks=("ETS185:20",)),
    ArticleRule("ETS185", "34", "Mutual assistance regarding the interception of content data",
                (FOREIGN, INTERCEPTION), (ASSISTANCE,), outranks=("ETS185:21",)),
)
