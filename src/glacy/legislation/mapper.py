"""Suggesting which Convention/Protocol articles a provision implements, with reasons a reviewer can check.

Fully offline: per-article element rules in English and French (articles.py). A provision is suggested for an
article only when the article's core elements are present; the score is the share of the article's elements
found, adjusted for the kind of provision (an offence for substantive articles, a power or order for procedural
ones). When a law names the computer context in words the rules do not know, the other context element
("data" for "system" and the reverse) stands in, at a lower score and with the element reported missing.
Provisions that create no Convention offence or power (definitions, short titles, commencement,
defamation, cyber-squatting, e-signatures …) get no suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glacy.legislation.articles import DATA, RACIST, RULES, SYSTEM, ArticleRule, Element
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
    r"\border\b|ordonn|warrant|mandat|empower|notice|(?:may|shall),? [^.;]{0,80}(?:require|order|direct|authori[sz]e)"
    r"|\bjudge|magistrate|justice|prosecutor|police officer|peace officer|law enforcement|investigating officer"
    r"|governmental entity|constable|designated (?:officer|person)|\bdirection\b"
    r"|authori[sz]ation (?:may|shall) be (?:given|granted|issued)"
    r"|injonction|réquisition|requérir|juge|magistrat|procureur|officiers? de police judiciaire"
    r"|agents? (?:de la paix|habilités)|peut (?:requérir|ordonner|prescrire|autoriser)",
    re.IGNORECASE)
# Provisions of the kinds that implement no article (interpretation, titles, commencement, repeal, regulations,
# institutions, penalties-only clauses, data-protection and consumer rules) unless they also create an offence.
NOTHING_CUES = re.compile(
    r"may be cited as|short title|shall be known as|peut être citée|comes? into (?:force|operation)|commencement"
    r"|takes? effect|prennent effet|in this (?:act|law|part),|as used in this|[\"“'‘][^\"”'’]{2,60}[\"”'’]\s+means\b"
    r"|interpretation|au sens de la présente|au sens du présent|on entend par|il faut entendre"
    r"|pour l'application de la présente"
    r"|entre(?:ra)? en vigueur|(?:est|sont) abrogée?s?|sont abrogés|abrogation|repeal"
    r"|electronic transaction|consumer|consommateur|commerce électronique|electronic commerce"
    r"|regulations? (?:may|shall) be made|make regulations|financial provision|budget"
    r"|there is (?:hereby )?established|il est créé (?:une|un) (?:agence|autorité|office|commission|conseil)"
    r"|établissement public|chargée? de la régulation|annual report|rapport annuel"
    r"|in addition to any other penalty|peines complémentaires|portées au double|récidive|administrative fine"
    r"|financial penalty|amende administrative|data controller|responsable du traitement|personal data"
    r"|données à caractère personnel", re.IGNORECASE)
# Offences outside the Convention and its Protocols: mapped to nothing even when they create an offence.
OUTSIDE_CONVENTION = re.compile(
    r"defam|libel|diffamation|injure publique|l'honneur ou à la considération|reputation|réputation|cyber-?squat"
    r"|electronic signature|signature électronique|force probante|harass|harcel|stalk|unsolicited|spam"
    r"|grossly offensive|(?:domain name|nom de domaine)[^.]*(?:bad faith|mauvaise foi|trademark|marque)"
    r"|(?:bad faith|mauvaise foi)[^.]*(?:domain name|nom de domaine)", re.IGNORECASE)
INSULT_OR_DEFAMATION = re.compile(r"defam|libel|diffamation|injure publique", re.IGNORECASE)
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
    match = OUTSIDE_CONVENTION.search(text.text)
    if match is None:
        return False
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
        self.text = text
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


def _score(rule: ArticleRule, text: _Text, language: str, heading: str = "") -> tuple[Suggestion, bool] | None:
    """The suggestion for one article, and whether its core was completed by a substituted context element."""
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
    if (rule.instrument, rule.article) in PROCEDURAL and not has_power:
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
    # The specific article stays first even when the general one matched more of its own elements (access to a
    # computer "with intent to defraud" is fraud): the absorbed article is kept just below, never dropped.
    for _pass in range(2):
        for key, candidate in by_key.items():
            for absorbed in () if key in substituted else rules[key].outranks:
                if absorbed in by_key and by_key[absorbed].score >= candidate.score:
                    by_key[absorbed].score = max(candidate.score - 0.01, 0.0)
    return sorted(candidates, key=lambda candidate: (-candidate.score, int(candidate.article)))


def suggest(provision: Provision, *, language: str | None = None, instrument: str | None = None,
            top: int = 3) -> list[Suggestion]:
    """Best first; an empty list when the provision implements no article."""
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
    substituted = frozenset(f"{suggestion.instrument}:{suggestion.article}" for suggestion, weak in scored if weak)
    return _rank(candidates, substituted)[:top]


def map_provisions(provisions: list[Provision], *, language: str | None = None, instrument: str | None = None,
                   top: int = 3) -> list[dict[str, object]]:
    return [{"ref": provision.ref, "heading": provision.heading, "text": provision.text,
             "suggestions": [suggestion.as_dict() for suggestion in suggest(provision, language=language,
                                                                            instrument=instrument, top=top)]}
            for provision in provisions]
