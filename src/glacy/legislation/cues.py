"""Named cues a provision's words give about what it does, in English and French: the context it acts in
(co-operation with another State or a domestic power), the general part of a criminal code (attempt, complicity,
legal persons, territorial application, definitions, penalties, safeguards) and the kind of power or offence.

They serve twice: as features of the statistical ranker (ranker/) and as the reasons shown to the reviewer
("co-operation context: 'requesting State'"). Each cue matches on word boundaries, so "commencement" in the legal
definition of attempt ("commencement d'exécution") is the attempt cue, not the commencement-of-the-Act cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    name: str
    label_en: str
    label_fr: str
    pattern: re.Pattern[str]


def _cue(name: str, label_en: str, label_fr: str, pattern: str) -> Cue:
    return Cue(name, label_en, label_fr, re.compile(pattern, re.IGNORECASE))


#: Co-operation with another State (Chapter III of the Convention): a request from or to a foreign State, a
#: central authority, mutual assistance. Art. 29-34 mirror the domestic powers of Art. 16-21 in this context.
FOREIGN = _cue(
    "foreign", "co-operation with another State", "coopération avec un autre État",
    r"\bforeign (?:state|states|country|countries|government|authority|authorities|law|request|jurisdiction"
    r"|law enforcement)\b|\brequesting (?:state|party|country|countries|authority)\b|\brequested (?:state|party)\b"
    r"|\bcentral authority\b|\bmutual (?:legal )?assistance\b|\binternational (?:co-?operation|assistance)\b"
    r"|\bconvention countr|\bprescribed foreign\b|\bstate or entity\b|\bletters? rogatory\b"
    r"|\bentraide\b|\bcommissions? rogatoires? internationales?\b|\b[ÉE]tats? (?:requérants?|requis|étrangers?)\b"
    r"|\bpays (?:requérant|étranger)\b|\bautorités? (?:étrangères?|centrales?|requérantes?)\b"
    r"|\bà la demande d'(?:un|une) (?:[ÉE]tat|autorité)\b|\bdemandes? d'entraide\b|\bgouvernement étranger\b"
    r"|\bjuridictions? étrangères?\b|\b(?:from|to|of) (?:another|a foreign) (?:state|country|party)\b"
    r"|\bla loi (?:d'un|de l')[ÉE]tat étranger\b|\bun [ÉE]tat étranger\b")
EXTRADITION = _cue("extradition", "extradition", "extradition", r"\bextradit|\bextrader\b|\bremise\b.{0,40}\bmandat d'arrêt")
ATTEMPT = _cue("attempt", "attempt", "tentative",
               r"\battempt|\btentatives?\b|\btenter\b|\bcommencement d'exécution\b|\btenté\b")
COMPLICITY = _cue("complicity", "complicity, aiding or conspiracy", "complicité ou participation",
                  r"\baid(?:s|ed|ing)?\b|\babet|\bcomplic|\bcomplices?\b|\bcounsel|\bprocures?\b|\bconspir"
                  r"|\bincite|\bincitement\b|\bparties to\b|\bparty to\b|\bjoint commission\b|\bcommon purpose\b"
                  r"|\bcoopéré directement\b|\bprêté .{0,30}aide\b|\baidé ou assisté\b|\bauteurs? d'un crime\b"
                  r"|\bassociation formée\b|\bentente établie\b")
LEGAL_PERSON = _cue("legal_person", "legal persons", "personnes morales",
                    r"\bbod(?:y|ies) corporate\b|\blegal persons?\b|\bpersonnes? morales?\b|\bcorporat"
                    r"|\bcompan(?:y|ies)\b|\bhigh managerial agent\b|\bboard of directors\b")
TERRITORY = _cue("territory", "territorial application or jurisdiction", "application territoriale ou compétence",
                 r"\bterritor|\bterritoi|\bjurisdiction\b|\bgeographical\b|\boutside (?:new zealand|australia|canada|the country)"
                 r"|\bbeyond new zealand\b|\bships?\b|\baircraft\b|\bhors du territoire\b|\bà l'étranger\b"
                 r"|\bnavires?\b|\baéronefs?\b|\bloi pénale\b.{0,40}\bapplicable\b|\bréputée commise\b"
                 r"|\bplace of commission\b|\bnationals?\b|\bcitizens?\b|\bressortissants?\b|\bcompétence\b")
DEFINITION = _cue("definition", "definitions", "définitions",
                  r"\bthe following definitions\b|\bin this (?:part|act|section|subpart|division|code)\b[^.;]{0,40}"
                  r"\b(?:means|includes|has the (?:same )?meaning)|^\s*[\w\s'-]{0,40}\bmeans\b|\bhas the same meaning\b"
                  r"|\bdefinitions?\b|\binterpretation\b|\bon entend par\b|\bil faut entendre\b|\bau sens de la présente\b"
                  r"|\bdésigne\b|\bs'entend\b|\bdéfinitions?\b")
PENALTY = _cue("penalty", "penalties and sanctions", "peines et sanctions",
               r"\bpenalt|\bsanctions?\b|\bfines?\b|\bimprisonment\b|\bpeines?\b|\bamendes?\b|\bemprisonnement\b"
               r"|\bconfiscation\b|\bforfeit|\bdissolution\b|\bréclusion\b|\bpunished\b|\bpunis\b")
SAFEGUARD = _cue("safeguard", "conditions and safeguards", "conditions et garanties",
                 r"\bprivacy\b|\bprivilege|\bself-incrimination\b|\bincriminate\b|\bproportionat|\brevoke or vary\b"
                 r"|\bvie privée\b|\bsecret professionnel\b|\bproportionnalit|\bgaranties?\b|\brecours\b"
                 r"|\bnullité\b|\bmust have regard\b|\binterference with the privacy\b|\bexcused from complying\b")
CONFIDENTIAL = _cue("confidential", "confidentiality", "confidentialité",
                    r"\bconfidential|\bsecret\b|\bnot (?:to )?disclos|\bprohibiting [^.;]{0,30}disclos"
                    r"|\bne peuvent pas révéler\b|\bnon-disclosure\b|\bdenying access\b")
SPECIALITY = _cue("speciality", "limits on the use of what is transmitted", "limitation de l'utilisation",
                  r"\bonly be used for the purposes\b|\blimitation on use\b|\buse of evidence\b"
                  r"|\bne peut utiliser\b|\bautre que celle pour laquelle\b|\bdestroyed when it is no longer required\b")
REFUSAL = _cue("refusal", "refusal of assistance", "refus d'entraide",
               r"\brefus(?:al|ed|e)?\b|\brefusée?s?\b|\bpeut être refusée\b")
SPONTANEOUS = _cue("spontaneous", "information without a prior request", "information spontanée",
                   r"\bwithout (?:a )?(?:prior )?request\b|\bspontane|\bde sa propre initiative\b|\bon its own initiative\b"
                   r"|\bdisclos\w* [^.;]{0,60}to (?:a )?foreign\b|\bcommuniqu\w* [^.;]{0,40}autorités? étrangères?\b")
PRESERVE = _cue("preserve", "preservation", "conservation",
                r"\bpreserv|\bpreservation\b|\bconservation rapide\b|\bconserv\w+ rapide|\bgel\b|\bfreez")
TRAFFIC = _cue("traffic", "traffic data", "données relatives au trafic",
               r"\btraffic data\b|\btransmission data\b|\btelecommunications data\b|\bcommunications data\b"
               r"|\bcall associated data\b|\brepérage\b|\bdonnées (?:de connexion|relatives au trafic|de transmission"
               r"|de localisation|d'appel)\b|\borigine ou de la destination\b|\bdialling, routing\b")
REAL_TIME = _cue("real_time", "real-time collection", "collecte en temps réel",
                 r"\breal[- ]time\b|\btemps réel\b|\bprospective information\b|\btransmission data recorder\b"
                 r"|\bdata recorder\b|\bau fur et à mesure\b|\bas (?:they are|it is) (?:generated|transmitted)\b")
INTERCEPT = _cue("intercept", "interception of content", "interception du contenu",
                 r"\bintercept|\binterception\b|\bsurveillance device\b|\binterception device\b|\bécoutes?\b"
                 r"|\bsurveillance et (?:du )?contrôle des télécommunications\b|\bcaptation\b|\bsonorisation\b"
                 r"|\bprivate communications?\b")
SEARCH = _cue("search", "search and seizure", "perquisition et saisie",
              r"\bsearch\b|\bsearches\b|\bseiz|\bseized\b|\bperquisitions?\b|\bsaisies?\b|\bsaisit\b|\bwarrant of seizure\b"
              r"|\bremote access search\b|\bopère la saisie\b")
PRODUCE = _cue("produce", "production of data", "production de données",
               r"\bproduction orders?\b|\bproduce\b|\bproduction of\b|\bprepare and produce\b|\bexisting information\b"
               r"|\bremettre\b|\btransmettre des informations\b|\bcommunication d'informations\b|\bde l'informer\b"
               r"|\bsubscriber\b|\babonnés?\b")
COMPUTER = _cue("computer", "computer system or data", "système ou données informatiques",
                r"\bcomputer|\bdata\b|\bdonnées\b|\binformatique|\bsystème de traitement\b|\bcarriage service\b"
                r"|\btelecommunication|\btélécommunication|\bélectronique|\belectronic\b|\bnetwork\b|\bréseau")
OFFENCE = _cue("offence", "creates an offence", "crée une infraction",
               r"\bcommits? (?:an? )?offen[cs]e\b|\b(?<!not )guilty of\b|\bliable (?:to|on)\b|\bis punishable\b"
               r"|\bpenalty: imprisonment\b|\best puni|\bsont punis\b|\bsera puni|\bseront punis\b|\bpassible\b"
               r"|\bencourt\b|\bpunished\b|\bpuni(?:e|s|es)? (?:d'un|de|des|comme)\b")
POWER = _cue("power", "confers an investigative power", "confère un pouvoir d'enquête",
             r"\bmay (?:\w+ ){0,4}(?:order|issue|authori[sz]e|require|make a demand|apply)\b|\bwarrant\b|\bjustice or judge\b"
             r"|\bpeace officer\b|\benforcement officer\b|\bpolice officer\b|\bjuge d'instruction\b|\bprocureur\b"
             r"|\bofficiers? de police judiciaire\b|\bpeut (?:\w+ ){0,3}(?:ordonner|requérir|autoriser|faire procéder)\b")
AMENDING = _cue("amending", "amends another text", "modifie un autre texte",
                r"\b(?:is|are) (?:amended|replaced|repealed)\b|\bis amended by (?:adding|striking|replacing)\b"
                r"|\best (?:modifié|remplacé|abrogé)e?\b|\bsont (?:remplacés|abrogés|modifiés)\b"
                r"|\bby adding the following\b|\bde ce qui suit\b")
FORMAL = _cue("formal", "title, commencement or review of the law", "titre, entrée en vigueur ou révision",
              r"\bmay be cited as\b|\bshort title\b|\bcomes into force\b|\bcome into force\b|\bentre en vigueur\b"
              r"|\bcomprehensive review\b|\bcommittee of the house\b|\bpeut être citée\b|\btitre abrégé\b"
              r"|\bevidentiary certificate|\bcertified cop(?:y|ies)\b|\boutline of this part\b|\bthis part (?:is about|provides)\b")
CONTACT_POINT = _cue("contact_point", "24/7 point of contact", "point de contact 24/7",
                     r"\b24/7\b|\b24 hours a day\b|\bpoint of contact\b|\bpoint de contact\b|\bvingt-quatre heures sur vingt-quatre\b")

CUES: tuple[Cue, ...] = (
    FOREIGN, EXTRADITION, ATTEMPT, COMPLICITY, LEGAL_PERSON, TERRITORY, DEFINITION, PENALTY, SAFEGUARD, CONFIDENTIAL,
    SPECIALITY, REFUSAL, SPONTANEOUS, PRESERVE, TRAFFIC, REAL_TIME, INTERCEPT, SEARCH, PRODUCE, COMPUTER, OFFENCE,
    POWER, AMENDING, FORMAL, CONTACT_POINT)
#: Pairs whose joint presence tells one article from its mirror (Art. 29 preservation for another Party vs Art. 16).
INTERACTIONS: tuple[tuple[str, str], ...] = (*tuple(("foreign", name) for name in ("preserve", "traffic", "real_time", "intercept", "search", "produce", "computer", "power", "refusal", "confidential", "speciality", "spontaneous", "contact_point")), ("offence", "computer"), ("attempt", "offence"), ("complicity", "offence"), ("legal_person", "penalty"), ("power", "computer"), ("definition", "computer"), ("territory", "offence"))


def found(text: str) -> dict[str, bool]:
    """Which cues the text shows."""
    return {cue.name: bool(cue.pattern.search(text)) for cue in CUES}


def evidence(text: str, names: tuple[str, ...], language: str) -> list[str]:
    """Reasons for the reviewer: each named cue found, with the words that showed it."""
    reasons = []
    by_name = {cue.name: cue for cue in CUES}
    for name in names:
        cue = by_name[name]
        match = cue.pattern.search(text)
        if match:
            label = cue.label_fr if language == "fr" else cue.label_en
            reasons.append(f"{label} : « {match.group(0).strip()} »" if language == "fr"
                           else f"{label}: \u201c{match.group(0).strip()}\u201d")
    return reasons


def context(text: str) -> str:
    """"cooperation" when the provision acts for or towards another State, else "domestic"."""
    return "cooperation" if FOREIGN.pattern.search(text) or EXTRADITION.pattern.search(text) else "domestic"
