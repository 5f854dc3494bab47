"""Suggesting which Convention/Protocol articles a provision implements, with reasons a reviewer can check.

Fully offline: per-article element rules in English and French (articles.py). A provision is suggested for an
article only when the article's core elements are present; the score is the share of the article's elements
found, adjusted for the kind of provision (an offence for substantive articles, a power or order for procedural
ones). When a law names the computer context in words the rules do not know, the other context element
("data" for "system" and the reverse) stands in, at a lower score and with the element reported missing.
Provisions that create no Convention offence or power (definitions, short titles, commencement,
defamation, cyber-squatting, e-signatures …) get no suggestion. A provision that clearly creates an offence or
confers an investigative power but passes no article's element rule gets a low-confidence lexical suggestion
(score ≤ 0.4, partial, reason "weak match …") for a reviewer to confirm, rather than nothing. Attempt and
aiding (Art. 11) are suggested only when the provision attaches them to an offence, and a provision that creates
an offence without conferring a power never has a procedural article ranked above its offence.
Real-time collection (Art. 20) and interception (Art. 21) rank above a production order (Art. 18), which concerns
data that already exist; forging an electronic signature or document is forgery (Art. 7), not an e-signature
rule; false news and messages meant to alarm or distress map to nothing unless racist, fraud or forgery; between
two nearly tied offences neither of which absorbs the other, the conduct the provision names first ranks first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from glacy.legislation.articles import (
    DATA,
    INTENT,
    OFFENCE,
    ORDER,
    RACIST,
    RULES,
    SYSTEM,
    WITHOUT_RIGHT,
    ArticleRule,
    Element,
)
from glacy.legislation.segmenter import Provision

SUBSTANTIVE = ({("ETS185", str(number)) for number in range(2, 13)}
               | {("ETS189", str(number)) for number in range(3, 7)})
PROCEDURAL = {("ETS185", str(number)) for number in range(16, 22)}
# Attempt/aiding (Art. 11) and corporate liability (Art. 12) attach to other offences: when a provision also
# defines one of those offences, that offence is the better answer.
ANCILLARY = {("ETS185", "11"), ("ETS185", "12")}
OFFENCE_CREATING = re.compile(
    r"commits? (?:an |the |a )?(?:offen[cs]e|mischief|crime|felony|misdemeanou?r)|(?:is|be|shall be) guilty"
    r"|it is an offen[cs]e|it shall be unlawful"
    r"|shall be (?:liable|punished|punishable|fined|imprisoned|sentenced)|(?:is|are) punishable"
    r"|punishable (?:by|with|under)"
    r"|liable (?:on (?:summary )?conviction|to)|\bpenalty:|indictable offen[cs]e"
    r"|(?:est|sont|sera|seront) (?:puni|punie|punis|punies|coupables?|passibles?|sanctionnée?s?|réprimée?s?)"
    r"|se rend(?:ra|ent|ront)? coupables?"
    r"|\bpuni(?:e|s|es)? (?:de|d'|des|par|comme)"
    r"|constitue (?:une|un|le|la) (?:infraction|délit|crime)|délit de|commet (?:un|une)|encourt|acte criminel",
    re.IGNORECASE)
ORDER_CUE = re.compile(
    r"(?<!\bin )\border\b|ordonn|warrant|mandat|empower|notice"
    r"|(?:may|shall),? [^.;]{0,80}(?:require|order|direct|authori[sz]e)"
    r"|\bjudge|magistrate|justice|prosecutor|police officer|peace officer|law enforcement|investigating officer"
    r"|governmental entity|constable|designated (?:officer|person)|\bdirection\b"
    r"|authori[sz]ation (?:may|shall) be (?:given|granted|issued)"
    r"|injonction|réquisition|requérir|juge|magistrat|procureur|officiers? de police judiciaire"
    r"|agents? (?:de la paix|habilités)|peut (?:requérir|ordonner|prescrire|autoriser)"
    r"|(?:investigators?|authori[sz]ed officers?|investigating authority) may"
    r"|enquêteurs? (?:peut|peuvent)|(?:peut|peuvent),? (?:\w+ ){0,3}?(?:saisir|perquisitionner|intercepter|enjoindre)"
    # An investigative measure authorised by any body ("with the prior approval of the Central Body, the
    # investigating team may intercept", "sur autorisation écrite du président du tribunal, la police peut").
    r"|(?:with|upon|on|subject to|after|following) (?:the )?(?:prior |written |express )?"
    r"(?:approval|authori[sz]ation|sanction) (?:of|from|granted by) (?:the |a |an )?[A-Za-z]"
    r"|(?:sur|avec|après|moyennant) (?:l')?autorisation"
    r"|autorisation (?:écrite|préalable|expresse) (?:du|de la|de l'|d'une?)\b"
    r"|investigating (?:team|unit|agency|body|authority)"
    r"|\bmay,? (?:\w+ ){0,3}?(?:intercept|search|seize|monitor)\b",
    re.IGNORECASE)
# Provisions of the kinds that implement no article (interpretation, titles, commencement, repeal, regulations,
# institutions, penalties-only clauses, data-protection and consumer rules) unless they also create an offence.
NOTHING_CUES = re.compile(
    r"\bmay be cited as\b|\bshort title\b|\bshall be known as\b|\bpeut être citée\b|\bcomes? into (?:force|operation)\b"
    r"|^\W*commencement\b|\bcommencement (?:of this act|de la présente)|\btakes? effect\b|\bprennent effet\b"
    r"|^\W*(?:[\w'’ -]{0,60}\.\s*)?in this (?:act|law|part),|\bas used in this\b|[\"“'‘][^\"”'’]{2,60}[\"”'’]\s+means\b"
    r"|^\W*interpretation\b|\bau sens de la présente\b|\bau sens du présent\b|\bon entend par\b"
    r"|\bil faut entendre par\b"
    r"|\bpour l'application de la présente\b"
    r"|\bentre(?:ra)? en vigueur\b|\b(?:est|sont) abrogée?s?\b|\bsont abrogés\b|\babrogation\b|\brepeal"
    r"|\belectronic transactions?\b|\bconsumers?\b|\bconsommateurs?\b|\bcommerce électronique\b|\belectronic commerce\b"
    r"|\bregulations? (?:may|shall) be made\b|\bmake regulations\b|\bfinancial provision\b|\bbudget\b"
    r"|\bthere is (?:hereby )?established\b|\bil est créé (?:une|un) (?:agence|autorité|office|commission|conseil)\b"
    r"|\bétablissement public\b|\bchargée? de la régulation\b|\bannual report\b|\brapport annuel\b"
    r"|\bin addition to any other penalty\b|\bpeines complémentaires\b|\bportées au double\b|\brécidive\b"
    r"|\badministrative fine\b|\bfinancial penalty\b|\bamende administrative\b|\bdata controller\b"
    r"|\bresponsable du traitement\b|\bpersonal data\b|\bdonnées à caractère personnel\b", re.IGNORECASE)
# Offences outside the Convention and its Protocols: mapped to nothing even when they create an offence.
OUTSIDE_CONVENTION = re.compile(
    r"\bdefam|\blibel(?:s|led|lous)?\b|\bdiffamation\b|\binjure publique\b|\bl'honneur ou à la considération\b"
    r"|\breputation\b|\bréputation\b|\bcyber-?squat|\belectronic signature\b|\bsignature électronique\b"
    r"|\bforce probante\b|\bharass|\bharc[eè]l|\bstalk|\bunsolicited\b|\bspam\b"
    r"|\bfalse news\b|\bfausses nouvelles\b|\bpublic alarm\b"
    r"|\bgrossly offensive\b|\bannoyance\b|\bneedless anxiety\b|\bimportuner\b|\bannoy"
    r"|\bdisturb\w*[^.;]{0,40}(?:peace|quiet|privacy)|\btroubler (?:sa|la) (?:tranquillité|quiétude)"
    r"|\bintimate images?\b|\bimages? intimes?\b"
    r"|(?:domain name|nom de domaine)[^.]*(?:bad faith|mauvaise foi|trademark|marque)"
    r"|(?:bad faith|mauvaise foi)[^.]*(?:domain name|nom de domaine)", re.IGNORECASE)
# Attempt and aiding or abetting (Art. 11) attach to a Convention offence: the provision must refer to an offence it
# extends ("an offence under this Part", "the offences in sections 4 to 8", "les délits prévus par la présente
# section") or itself carry the core of an Art. 2-10 offence. "Disturb or attempt to disturb the peace" is not one.
ATTACHED_OFFENCE = re.compile(
    r"(?:offen[cs]es?|crimes?|felon\w*|misdemeanou?rs?) (?:\w+ )?(?:under|referred to|specified|mentioned|created"
    r"|defined|described|set out|provided for|in (?:this|these|the preceding|any of) |in sections?"
    r"|against (?:this|sections?))"
    r"|(?:such|that|those|these|the said|the principal|the completed) offen[cs]es?|(?:such|that|those) crimes?"
    r"|offen[cs]es? relating to (?:computers?|the misuse)|(?:sections?|articles?) \d+\w*(?: to \d+)?"
    r"|infractions? (?:\w+ )?(?:prévues?|visées?|définies?|mentionnées?|énumérées?|réprimées?|de la présente)"
    r"|(?:délits?|crimes?) (?:\w+ )?(?:prévus?|visés?|définis?|mentionnés?|énumérés?|réprimés?)"
    r"|articles? (?:précédents?|ci-dessus|\d)|(?:ces|lesdit(?:e|s|es)) (?:infractions?|délits?)"
    r"|(?:la présente|cette) (?:loi|section|sous-section|partie)|(?:le présent|ce) (?:chapitre|titre|paragraphe)"
    r"|mêmes peines|same (?:penalty|punishment|penalties) as",
    re.IGNORECASE)
# Obscene or indecent messages sent to a person (nuisance, not child abuse material unless a child is depicted).
OBSCENE_MESSAGES = re.compile(
    r"(?:messages?|communications?|calls?|appels?)[^.;]{0,30}(?:obscènes?|obscene|indecent|indécents?|lewd)"
    r"|(?:obscènes?|obscene|indecent|indécents?|lewd)[^.;]{0,20}(?:messages?|communications?|calls?|appels?)",
    re.IGNORECASE)
CHILD = re.compile(r"child|minor|juvenile|enfant|mineur|moins de dix-huit ans|under (?:the age of )?(?:1[68]|eighteen)",
                   re.IGNORECASE)
# False news, and messages meant to alarm or distress, are outside the Convention unless aimed at a group because of
# race or religion (ETS 189) or used to obtain property (fraud) or to pass data off as authentic (forgery).
FALSE_OR_DISTRESSING = re.compile(
    r"(?:nouvelles|informations|allégations|rumeurs) (?:\w+ )?mensongères|(?:statements?|information|news|reports?"
    r"|rumou?rs?) (?:which|that) (?:is|are) (?:\w+ ){0,3}false|(?:cause|causing|provoke|provoking)[^.;]{0,40}(?:alarm"
    r"|distress|anxiety|public disorder|panic)|\b(?:alarm|alarme) (?:or|ou) (?:distress|détresse)"
    r"|troubler (?:l'ordre|la paix) public|trouble à l'ordre public", re.IGNORECASE)
E_SIGNATURE = re.compile(r"electronic signature|signature électronique", re.IGNORECASE)
FORGING = re.compile(r"\bforg|falsif|contrefai|counterfeit", re.IGNORECASE)
INSULT_OR_DEFAMATION = re.compile(r"defam|libel|diffamation|injure publique", re.IGNORECASE)
# Partial disclosure (Art. 17) is a duty of the preserving provider, not a power: its distinctive object is the
# path of the communication or the other providers, so it needs no order cue.
DISCLOSURE_PATH = re.compile(
    r"\bpath\b|chemin|itinéraire|\broute (?:of|through)|(?:other|autres) (?:service )?(?:providers?|fournisseurs?)",
    re.IGNORECASE)
INLINE_HEADING = re.compile(r"^\s*(?P<heading>[A-ZÉ][\w'’ -]{2,60}?)\.\s*(?:[–—-]\s+|(?=[A-ZÉ«]))")
MINIMUM_SCORE = 0.45
SUBSTITUTED_FACTOR = 0.85
CONTEXT = (SYSTEM, DATA)
OUTRANKED_FACTOR = 0.8
ANCILLARY_FACTOR = 0.7


def _distinctive_title_words() -> dict[tuple[str, str], set[str]]:
    """Title words that belong to one article only ("system" for Art. 5, not "interference")."""
    from collections import Counter

    titles = {(rule.article, rule.instrument): set(re.findall(r"[a-z]{4,}", rule.title.lower())) for rule in RULES}
    counts = Counter(word for words in titles.values() for word in words)
    return {key: {word for word in words if counts[word] == 1} for key, words in titles.items()}


_DISTINCTIVE_TITLE_WORDS = _distinctive_title_words()


@dataclass
class Suggestion:
    instrument: str
    article: str
    score: float
    coverage: str
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"instrument": self.instrument, "article": self.article, "score": round(self.score, 3),
                "coverage": self.coverage, "reasons": self.reasons}


FRENCH_WORDS = frozenset({"le", "la", "les", "des", "du", "est", "de", "et", "un", "une", "fait", "d'un"})
ENGLISH_WORDS = frozenset({"the", "of", "and", "a", "is", "any", "person", "who", "shall", "or", "to"})


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())
    french = sum(word in FRENCH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "fr" if french > english else "en"


def _label(element_key: str, rule: ArticleRule, language: str) -> str:
    for candidate in rule.elements:
        if candidate.key == element_key:
            return candidate.label_fr if language == "fr" else candidate.label_en
    return element_key


def _outside_convention(text: _Text) -> bool:
    """Defamation, harassment, spam … create no Convention offence; an insult or defamation aimed at a person
    because of race, ethnicity or religion is Protocol ETS 189 Art. 5, not defamation."""
    if text.has(FALSE_OR_DISTRESSING) and not text.has(RACIST.pattern) and not any(
            text.has(rule.core[0].pattern) for rule in RULES if rule.key in ("ETS185:7", "ETS185:8")):
        return True
    match = OUTSIDE_CONVENTION.search(text.text)
    if match is None:
        return text.has(OBSCENE_MESSAGES) and not text.has(CHILD)
    if E_SIGNATURE.fullmatch(match.group(0)) and text.has(FORGING) and text.has(OFFENCE_CREATING):
        # Forging or falsifying an electronic signature or document is computer-related forgery (Art. 7), not
        # an e-signature rule: look further for another outside-the-Convention cue.
        rest = _Text(text.text[match.end():])
        return _outside_convention(rest) if OUTSIDE_CONVENTION.search(rest.text) else False
    return not (INSULT_OR_DEFAMATION.fullmatch(match.group(0)) and text.has(RACIST.pattern))


def _heading_bonus(rule: ArticleRule, heading: str) -> float:
    """A provision headed like the article ("System interference") gets a small lift over its neighbours."""
    words = set(re.findall(r"[a-z]{4,}", heading.lower()))
    return 0.1 if words & _DISTINCTIVE_TITLE_WORDS[rule.article, rule.instrument] else 0.0


def _heading_of(provision: Provision) -> str:
    """The heading as segmented or, for a provision given as one sentence, a short title at its start
    ("Illegal Access. – The access to …", "System interference. A person who …")."""
    if provision.heading:
        return provision.heading
    match = INLINE_HEADING.match(provision.text)
    if match and len(match.group("heading").split()) <= 5:
        return match.group("heading")
    return ""


class _Text:
    """A provision's text with each pattern searched at most once (elements such as "computer system" are
    shared by many articles)."""

    def __init__(self, text: str) -> None:
        self.text = text.replace("’", "'")
        self._found: dict[re.Pattern[str], bool] = {}

    def has(self, pattern: re.Pattern[str]) -> bool:
        if pattern not in self._found:
            self._found[pattern] = bool(pattern.search(self.text))
        return self._found[pattern]

    def matched(self, elements: tuple[Element, ...]) -> list[Element]:
        return [element for element in elements if self.has(element.pattern)]


def _context_substitutes(rule: ArticleRule, matched_core: list[Element], text: _Text) -> bool:
    """Laws name the computer context in words of their own ("carriage service", "système de transmission
    automatisé", "informations"): when the only core element missing is the system (or the data) and the
    provision names the other, the act itself (access, damage, hindering …) still identifies the article.
    The missing element is reported as missing and the score is lowered."""
    missing = [element for element in rule.core if element not in matched_core]
    if len(missing) != 1 or missing[0] not in CONTEXT or len(rule.core) < 2:
        return False
    return text.has((DATA if missing[0] is SYSTEM else SYSTEM).pattern)


#: The general part of a code defines attempt and complicity once, for every offence the code and other laws
#: create (the cyber offences included): that rule implements Art. 11 as much as an attempt clause in a
#: cybercrime Act does (issue 14, failure class 4).
GENERAL_ATTEMPT_OR_COMPLICITY = re.compile(
    r"commencement d['’]exécution|tentative (?:est |sera )?punissable|(?:est|sont|seront) (?:considérée?s? comme )?"
    r"complices?\b|\bde ce (?:délit|crime)\b|commencement of (?:the )?execution|attempts? to commit (?:an? |any )?"
    r"(?:offen[cs]e|crime)|(?:is|are) (?:an? )?(?:party|parties|accessor(?:y|ies)) to (?:an? |any |the )?offen[cs]e",
    re.IGNORECASE)


def _attaches_to_an_offence(text: _Text) -> bool:
    if text.has(ATTACHED_OFFENCE) or text.has(GENERAL_ATTEMPT_OR_COMPLICITY):
        return True
    offences = (rule for rule in RULES if (rule.instrument, rule.article) in SUBSTANTIVE - ANCILLARY)
    return any(len(text.matched(rule.core)) == len(rule.core) for rule in offences)


def _score(rule: ArticleRule, text: _Text, language: str, heading: str = "") -> tuple[Suggestion, bool] | None:
    """The suggestion for one article, and whether its core was completed by a substituted context element."""
    if rule.key == "ETS185:11" and not _attaches_to_an_offence(text):
        return None
    matched_core = text.matched(rule.core)
    substituted = len(matched_core) < len(rule.core) and _context_substitutes(rule, matched_core, text)
    if len(matched_core) < len(rule.core) and not substituted:
        return None
    matched_alternatives = text.matched(rule.one_of)
    if rule.one_of and not matched_alternatives:
        return None
    matched = [*matched_core, *matched_alternatives, *text.matched(rule.others)]
    total = len(rule.elements)
    score = len(matched) / total if total else 0.0
    creates_offence = text.has(OFFENCE_CREATING)
    is_substantive = (rule.instrument, rule.article) in SUBSTANTIVE
    if is_substantive and not creates_offence:
        score *= 0.75
    has_power = text.has(ORDER_CUE)
    if not is_substantive and creates_offence and not has_power:
        score *= 0.5
    if (rule.instrument, rule.article) in PROCEDURAL and not has_power and not (
            rule.key == "ETS185:17" and text.has(DISCLOSURE_PATH)):
        # A duty every provider carries (data retention) is not an order in a specific investigation.
        score *= 0.6
    score = min(1.0, score * (0.85 + 0.05 * len(rule.core)) + _heading_bonus(rule, heading))
    if substituted:
        score *= SUBSTITUTED_FACTOR
    elif is_substantive and creates_offence:
        # Every core element of the offence is present in a provision that creates an offence: worth a
        # reviewer's look even when the law words the other elements differently.
        score = max(score, MINIMUM_SCORE)
    missing = [element for element in rule.elements if element not in matched]
    found_label = "éléments trouvés" if language == "fr" else "matched elements"
    missing_label = "éléments manquants" if language == "fr" else "missing elements"
    reasons = [f"{found_label}: " + "; ".join(_label(element.key, rule, language) for element in matched)]
    if missing:
        reasons.append(f"{missing_label}: " + "; ".join(_label(element.key, rule, language) for element in missing))
    return Suggestion(rule.instrument, rule.article, score, "full" if not missing else "partial", reasons), substituted


def _rank(candidates: list[Suggestion], substituted: frozenset[str] = frozenset()) -> list[Suggestion]:
    """Lex specialis: an article absorbed by a more specific one found in the same provision ranks below it,
    and attempt or corporate liability ranks below the offence it attaches to. An article found only through
    a substituted context element (`substituted`) absorbs nothing."""
    by_key = {f"{candidate.instrument}:{candidate.article}": candidate for candidate in candidates}
    rules = {rule.key: rule for rule in RULES}
    outranked = {absorbed for key in by_key if key not in substituted for absorbed in rules[key].outranks}
    has_offence = any((candidate.instrument, candidate.article) in SUBSTANTIVE - ANCILLARY for candidate in candidates)
    for key, candidate in by_key.items():
        if key in outranked:
            candidate.score *= OUTRANKED_FACTOR
        if has_offence and (candidate.instrument, candidate.article) in ANCILLARY:
            candidate.score *= ANCILLARY_FACTOR
    if has_offence:
        # "intercepte ou tente d'intercepter": the attempt of the offence the provision defines ranks below it.
        best_offence = max(candidate.score for candidate in candidates
                           if (candidate.instrument, candidate.article) in SUBSTANTIVE - ANCILLARY)
        for candidate in candidates:
            if (candidate.instrument, candidate.article) in ANCILLARY and candidate.score >= best_offence:
                candidate.score = max(best_offence - 0.01, 0.0)
    # The specific article stays first even when the general one matched more of its own elements (access to a
    # computer "with intent to defraud" is fraud): the absorbed article is kept just below, never dropped.
    for _pass in range(2):
        for key, candidate in by_key.items():
            for absorbed in () if key in substituted else rules[key].outranks:
                if absorbed in by_key and by_key[absorbed].score >= candidate.score:
                    by_key[absorbed].score = max(candidate.score - 0.01, 0.0)
    return sorted(candidates, key=lambda candidate: (-candidate.score, int(candidate.article)))


# --- Low-confidence fallback -------------------------------------------------------------------------------------
# A real offence or investigative power worded in terms no element rule knows ("informatic system", "stirs up …")
# would otherwise get no suggestion at all, and look like a provision that implements nothing. When a provision
# clearly creates an offence (OFFENCE_CREATING, in a computer or racist context) or confers an investigative power
# (ORDER_CUE in criminal proceedings), and no article passes its element rule, the articles of that kind are ranked
# by the words the provision shares with each article's vocabulary (element pattern stems, titles and GLACY's
# summaries from the treaty data) and the best are returned with a low score, partial coverage and a reason that
# says the match is weak and only lexical.
FALLBACK_CEILING = 0.4
FALLBACK_FLOOR = 0.2
FALLBACK_RELATIVE = 0.6
FALLBACK_MINIMUM_TERMS = 2
FALLBACK_KINDS = {"offence": frozenset(SUBSTANTIVE - ANCILLARY), "power": frozenset(PROCEDURAL),
                  "all": frozenset((rule.instrument, rule.article) for rule in RULES)}
PROCEEDINGS_CUE = re.compile(
    r"investigat|enquête|enquêteur|instruction|proceedings|procédure|criminal|pénal|offen[cs]e|infraction|suspect"
    r"|evidence|preuve|police|judge|juge|magistrat|court|tribunal|warrant|mandat|procureur|prosecutor",
    re.IGNORECASE)
CONTEXT_WORD = re.compile(r"informati|électroni|electroni|numéri|digital|réseau|network|ordinat|computer|système"
                          r"|system|donnée|data|internet|ligne|online|cyber|télécom|telecom")
GENOCIDE = re.compile(r"genocide|génocide|holocaust|shoah|crimes? (?:against humanity|contre l'humanité)",
                      re.IGNORECASE)
_STOPWORD_TEXT = (
    "a an and any are as at be been by for from has have he her his if in into is it its may must not of on or "
    "other such that the their them then there these they this those to under was were which who whom with within "
    "without shall person persons whoever everyone anyone commits offence offences guilty liable conviction "
    "punished punishable imprisonment term years year months fine exceeding both also each party parties article "
    "convention protocol must criminal offence law domestic measures necessary establish "
    "le la les l un une des du de d et ou en au aux à a par pour sur dans qui que quiconque est sont sera seront "
    "être fait personne toute tout tous ses son sa leur leurs ce cette ces il elle ne pas plus moins ans an mois "
    "puni punie punis emprisonnement amende peine infraction commet partie doit chaque convention protocole pénale "
    "droit interne mesures nécessaires ériger authority authorised authorized authorisation authorization "
    "autorisation lawful lawfully right sans passible criminel criminelle coupable cause causes causer make makes "
    "rend rendre autrui another against intent intends intention intentional intentionally intentionnel "
    "intentionnellement knowingly wilfully willfully sciemment volontairement délibérément")
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Elements every offence (or every order) shares say nothing about which article a provision implements.
GENERIC_ELEMENTS = (WITHOUT_RIGHT, INTENT, OFFENCE, ORDER)
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ]+")


def _stem_of(word: str) -> str:
    return word[:6]


def _pattern_stems(pattern: str) -> set[str]:
    """The literal word stems of a regex ("delet", "entrav", "perquisition"), without escapes such as \\w."""
    return {word for word in _WORD.findall(re.sub(r"\\[a-zA-Z]", " ", pattern).lower())
            if len(word) >= 4 and word not in STOPWORDS}


def _text_stems(text: str) -> set[str]:
    return {_stem_of(word) for word in _WORD.findall(text.lower()) if len(word) >= 4 and word not in STOPWORDS}


def _treaty_texts() -> dict[tuple[str, str], str]:
    """EN and FR titles and summaries of each article, read from the treaty data without Django."""
    path = Path(__file__).resolve().parent.parent / "treaty" / "data" / "instruments.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    texts: dict[tuple[str, str], str] = {}

    def walk(node: object, code: str) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child, code)
        elif isinstance(node, dict):
            for article in node.get("articles") or []:
                if isinstance(article, dict) and "number" in article:
                    parts = [value for field_name in ("title", "summary")
                             for value in (article.get(field_name) or {}).values() if isinstance(value, str)]
                    texts[code, str(article["number"])] = " ".join(parts)
            walk(node.get("divisions"), code)

    for instrument in (document or {}).get("instruments") or []:
        if isinstance(instrument, dict):
            walk(instrument.get("divisions"), str(instrument.get("code", "")))
            walk([{"articles": instrument.get("articles")}], str(instrument.get("code", "")))
    return texts


@functools.cache  # built on the first fallback, not at start-up (it reads the treaty data file)
def _vocabulary() -> dict[tuple[str, str], dict[str, float]]:
    """Stem → weight for each article: core elements and titles weigh most, the summaries least."""
    treaty = _treaty_texts()
    vocabulary: dict[tuple[str, str], dict[str, float]] = {}
    for rule in RULES:
        weights: dict[str, float] = {}

        def add(stems: set[str], weight: float, weights: dict[str, float] = weights) -> None:
            for stem in stems:
                weights[stem] = max(weights.get(stem, 0.0), weight)

        add(_text_stems(treaty.get((rule.instrument, rule.article), "")), 1.0)
        for other in rule.others:
            if other not in GENERIC_ELEMENTS:
                add(_pattern_stems(other.pattern.pattern), 1.0)
        for alternative in rule.one_of:
            add(_pattern_stems(alternative.pattern.pattern), 2.0)
        for core in rule.core:
            if core not in GENERIC_ELEMENTS:
                add(_pattern_stems(core.pattern.pattern), 3.0)
        add(_text_stems(rule.title), 2.0)
        vocabulary[rule.instrument, rule.article] = weights
    return vocabulary


def _idf(kind: frozenset[tuple[str, str]]) -> dict[str, float]:
    import math

    document_frequency: dict[str, int] = {}
    for key in kind:
        for stem in _vocabulary().get(key, {}):
            document_frequency[stem] = document_frequency.get(stem, 0) + 1
    return {stem: math.log(len(kind) / count) for stem, count in document_frequency.items()}


@functools.cache
def _idf_of(kind: str) -> dict[str, float]:
    return _idf(FALLBACK_KINDS[kind])


@functools.cache
def _lengths() -> dict[tuple[str, str], float]:
    return {key: max(len(weights), 1) ** 0.25 for key, weights in _vocabulary().items()}


def _lexical_scores(text: str, kind: str) -> list[tuple[float, tuple[str, str], list[str]]]:
    """(similarity, article, shared words) for each article of the kind, best first. A word of the provision
    counts once per article, through the heaviest article stem it starts with."""
    idf = _idf_of(kind)
    words = [word for word in dict.fromkeys(_WORD.findall(text.lower())) if len(word) >= 4 and word not in STOPWORDS
             and not word.startswith(("authori", "autoris"))]
    results = []
    for key in FALLBACK_KINDS[kind]:
        weights = _vocabulary().get(key, {})
        total, shared = 0.0, []
        for word in words:
            best = max((weights[word[:length]] * idf.get(word[:length], 0.0)
                        for length in range(4, len(word) + 1) if word[:length] in weights), default=0.0)
            if best > 0:
                total += best
                shared.append((best, word))
        if total > 0:
            results.append((total / _lengths()[key], key, [word for _weight, word in sorted(shared, reverse=True)]))
    return sorted(results, key=lambda result: (-result[0], int(result[1][1])))


def treaty_similarity(text: str) -> dict[str, float]:
    """How close the provision's words are to each article's own words (its title and summary in the treaty data,
    its element rules), in [0, 1]: knowledge of the Convention that does not depend on any labelled law."""
    return {f"{key[0]}:{key[1]}": min(1.0, similarity / LEXICAL_SCALE)
            for similarity, key, _shared in _lexical_scores(text, "all")}


#: A lexical similarity at or above this counts as a full match (the fallback scores use the same scale).
LEXICAL_SCALE = 12.0


def _fallback_kind(text: _Text) -> str | None:
    if text.has(OFFENCE_CREATING):
        context = (SYSTEM.pattern, DATA.pattern, RACIST.pattern, GENOCIDE)
        return "offence" if any(text.has(pattern) for pattern in context) else None
    if text.has(ORDER_CUE) and text.has(PROCEEDINGS_CUE):
        return "power"
    return None


def _fallback(text: _Text, language: str, instrument: str | None, top: int) -> list[Suggestion]:
    kind = None if text.has(NOTHING_CUES) else _fallback_kind(text)
    if kind is None:
        return []
    # At least two shared words, one of them more than the computer context ("network", "données") that every
    # article shares.
    ranked = [result for result in _lexical_scores(text.text, kind) if instrument in (None, result[1][0])
              and len(result[2]) >= FALLBACK_MINIMUM_TERMS
              and any(not CONTEXT_WORD.match(word) for word in result[2])]
    if not ranked:
        return []
    best = ranked[0][0]
    rules = {(rule.instrument, rule.article): rule for rule in RULES}
    suggestions = []
    for similarity, key, shared in ranked[:top]:
        if similarity < FALLBACK_RELATIVE * best:
            break
        rule = rules[key]
        score = FALLBACK_FLOOR + (FALLBACK_CEILING - FALLBACK_FLOOR) * min(1.0, similarity / 12.0)
        terms = ", ".join(shared[:5])
        if language == "fr":
            reasons = [f"correspondance faible : aucune règle d'éléments satisfaite ; termes communs : {terms}"]
        else:
            reasons = [f"weak match: no element rule matched; shared terms: {terms}"]
        matched = text.matched(rule.elements)
        missing = [element for element in rule.elements if element not in matched]
        found_label = "éléments trouvés" if language == "fr" else "matched elements"
        missing_label = "éléments manquants" if language == "fr" else "missing elements"
        if matched:
            reasons.append(f"{found_label}: " + "; ".join(_label(element.key, rule, language) for element in matched))
        reasons.append(f"{missing_label}: " + "; ".join(_label(element.key, rule, language) for element in missing))
        suggestions.append(Suggestion(rule.instrument, rule.article, score, "partial", reasons))
    return suggestions


def suggest(provision: Provision, *, language: str | None = None, instrument: str | None = None,
            top: int = 3) -> list[Suggestion]:
    """Best first, each score the calibrated probability that the suggestion is right; an empty list when the
    provision most probably implements no article. The element rules below give the reasons; the statistical
    ranker (ranker/) weighs them with the provision's words and context."""
    from glacy.legislation.ranker import rank

    return rank(provision, language=language, instrument=instrument, top=top).suggestions


def rule_suggest(provision: Provision, *, language: str | None = None, instrument: str | None = None,
                 top: int = 3) -> list[Suggestion]:
    """The element rules alone: best first; an empty list when no rule sees an article."""
    heading = _heading_of(provision)
    text = _Text(f"{provision.heading}. {provision.text}")
    if text.has(NOTHING_CUES) and not text.has(OFFENCE_CREATING):
        return []
    if _outside_convention(text):
        return []
    chosen_language = language or detect_language(text.text)
    scored = [result for rule in RULES if instrument in (None, rule.instrument)
              if (result := _score(rule, text, chosen_language, heading)) is not None]
    candidates = [suggestion for suggestion, _substituted in scored if suggestion.score >= MINIMUM_SCORE]
    if not candidates:
        return _fallback(text, chosen_language, instrument, top)
    substituted = frozenset(f"{suggestion.instrument}:{suggestion.article}" for suggestion, weak in scored if weak)
    ranked = _rank(candidates, substituted)
    if text.has(OFFENCE_CREATING) and not text.has(ORDER_CUE):
        ranked = _primary_conduct_first(_offence_first(ranked), text)
    return ranked[:top]


PRIMARY_CONDUCT_MARGIN = 0.06


def _primary_conduct_first(ranked: list[Suggestion], text: _Text) -> list[Suggestion]:
    """Two offences neither of which absorbs the other and nearly tied: the one whose act the provision names
    first is its primary conduct ("prend connaissance de communications …, ou les interrompt" is interception,
    the interruption an alternative), so it ranks first."""
    if len(ranked) < 2:
        return ranked
    first, second = ranked[0], ranked[1]
    keys = {(s.instrument, s.article) for s in (first, second)}
    if not keys <= SUBSTANTIVE - ANCILLARY or first.score - second.score > PRIMARY_CONDUCT_MARGIN:
        return ranked
    rules = {(rule.instrument, rule.article): rule for rule in RULES}
    first_rule, second_rule = rules[first.instrument, first.article], rules[second.instrument, second.article]
    if first_rule.key in second_rule.outranks or second_rule.key in first_rule.outranks:
        return ranked

    def position(rule: ArticleRule) -> int:
        match = rule.core[0].pattern.search(text.text)
        return match.start() if match else len(text.text)

    if position(second_rule) < position(first_rule):
        first.score, second.score = second.score, first.score
        ranked[0], ranked[1] = second, first
    return ranked


def _offence_first(ranked: list[Suggestion]) -> list[Suggestion]:
    """A provision that creates an offence and confers no power: a procedural article matched on shared words
    ("produces … data") ranks just below the best offence, never above it."""
    offences = [s for s in ranked if (s.instrument, s.article) in SUBSTANTIVE]
    if not offences:
        return ranked
    ceiling = max(s.score for s in offences) - 0.01
    for candidate in ranked:
        if (candidate.instrument, candidate.article) in PROCEDURAL and candidate.score > ceiling:
            candidate.score = max(ceiling, 0.0)
    return sorted(ranked, key=lambda candidate: (-candidate.score, int(candidate.article)))


#: Below this calibrated probability a suggestion is flagged "needs a look"; a provision mapped to nothing is
#: always flagged (a dropped provision must give the reviewer a signal).
NEEDS_REVIEW_BELOW = 0.6


def needs_review(scores: list[float]) -> bool:
    return not scores or scores[0] < NEEDS_REVIEW_BELOW


def map_provisions(provisions: list[Provision], *, language: str | None = None, instrument: str | None = None,
                   top: int = 3) -> list[dict[str, object]]:
    """The `glacy legislation map --format json` rows: ref, heading, text, suggestions (each instrument, article,
    score, coverage, reasons), and since issue 14 nothing_score (calibrated probability that no article applies),
    needs_review and context ("domestic" or "cooperation")."""
    from glacy.legislation.ranker import rank

    rows = []
    for provision in provisions:
        ranking = rank(provision, language=language, instrument=instrument, top=top)
        rows.append({"ref": provision.ref, "heading": provision.heading, "text": provision.text,
                     "suggestions": [suggestion.as_dict() for suggestion in ranking.suggestions],
                     "nothing_score": round(ranking.nothing_score, 3),
                     "needs_review": needs_review([s.score for s in ranking.suggestions]),
                     "context": ranking.context})
    return rows
