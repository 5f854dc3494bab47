"""What each Convention and Protocol article requires, as elements a reviewer can check, with English and
French patterns. An element is a concept (e.g. "without right"); `core` elements must be present for a
provision to be suggested at all; all elements present means full coverage, otherwise partial.

Patterns match word stems, so "access", "accesses", "accessed" and "accéder", "accède" all count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Element:
    key: str
    label_en: str
    label_fr: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ArticleRule:
    instrument: str
    article: str
    title: str
    core: tuple[Element, ...]
    others: tuple[Element, ...] = ()

    @property
    def elements(self) -> tuple[Element, ...]:
        return self.core + self.others


def element(key: str, label_en: str, label_fr: str, pattern: str) -> Element:
    return Element(key, label_en, label_fr, re.compile(pattern, re.IGNORECASE))


SYSTEM = element("system", "computer system", "système informatique",
                 r"computer|information system|système (?:informatique|de traitement automatisé|d'information)"
                 r"|\bSTAD\b|réseau informatique|ordinateur|electronic device|dispositif électronique")
DATA = element("data", "computer data", "données informatiques",
               r"(?:computer|electronic|digital) data|\bdata\b|données (?:informatiques|électroniques|numériques)?")
WITHOUT_RIGHT = element("without_right", "without right", "sans droit",
                        r"without (?:right|authori[sz]ation|lawful (?:excuse|authority)|consent|permission)"
                        r"|unauthori[sz]ed|not authori[sz]ed|unlawful(?:ly)?|illegal(?:ly)?|frauduleusement"
                        r"|sans (?:droit|autorisation|motif légitime)|illégitime|indûment|illicite")
INTENT = element("intent", "intentionally", "intentionnellement",
                 r"intentional(?:ly)?|wil(?:l)?ful(?:ly)?|knowingly|deliberately|with intent|dishonest"
                 r"|sciemment|intentionnel|délibérément|frauduleusement|dans l'intention")
OFFENCE = element("offence", "criminal offence", "infraction pénale",
                  r"offen[cs]e|guilty|liable|punish|imprisonment|fine\b|infraction|puni|emprisonnement|amende|délit")
ORDER = element("order", "order by a competent authority", "injonction d'une autorité compétente",
                r"\border\b|warrant|empower|competent authority|judge|magistrate|court may|injonction|ordonner"
                r"|juge|procureur|autorité (?:judiciaire|compétente)|mandat|réquisition")

RULES: tuple[ArticleRule, ...] = (
    ArticleRule("ETS185", "2", "Illegal access", (
        element("access", "access", "accès", r"\baccess|accède|accéder|accès|se maintenir|maintien|gains? entry"),
        SYSTEM), (WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "3", "Illegal interception", (
        element("intercept", "interception", "interception", r"intercept|captation|capter|interception|écoute"),),
        (element("transmission", "non-public transmission", "transmission non publique",
                 r"transmission|communication|emission|électromagnétique|electromagnetic"),
         WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "4", "Data interference", (
        element("damage", "damaging, deleting, altering or suppressing", "endommager, effacer, altérer, supprimer",
                r"delet|alter|damag|deteriorat|suppress|destroy|modif|efface|supprim|altér|détéri|introduire frauduleusement"
                r"|render(?:s|ing)? (?:\w+ )?(?:meaningless|useless|ineffective)"),
        DATA), (WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "5", "System interference", (
        element("hinder", "serious hindering of functioning", "entrave au fonctionnement",
                r"hinder|obstruct|interfer\w* with the (?:functioning|operation)|impair|disrupt|denial of service"
                r"|entrave|fausse[rs]? le fonctionnement|perturb|paralys|fonctionnement"),
        SYSTEM), (WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "6", "Misuse of devices", (
        element("device", "device, program, password or access code", "dispositif, programme, mot de passe",
                r"device|program|software|password|access code|credential|tool|équipement|instrument|dispositif"
                r"|programme|logiciel|mot de passe|code d'accès|données conçues"),
        element("dealing", "produces, sells, procures, distributes or possesses", "produit, vend, détient, diffuse",
                r"produc|sell|sale|procur|import|distribut|make available|possess|supply|offer|importer|détenir"
                r"|offrir|céder|mettre à disposition|fabriqu|vend|diffus|acquér")),
        (element("purpose", "for committing an offence", "en vue de commettre une infraction",
                 r"for the purpose of committing|designed|adapted|intended to be used|with intent .* (?:offence|use)"
                 r"|conçu|adapté|en vue de commettre|pour commettre"), INTENT, OFFENCE)),
    ArticleRule("ETS185", "7", "Computer-related forgery", (
        element("forgery", "inauthentic data presented as authentic", "données falsifiées",
                r"forg|falsif|inauthentic|counterfeit|\bfaux\b|\bfausses?\b|contrefa"),), (DATA, INTENT, OFFENCE)),
    ArticleRule("ETS185", "8", "Computer-related fraud", (
        element("fraud", "loss of property through data or system manipulation", "préjudice patrimonial",
                r"fraud|deceiv|deception|loss of property|economic (?:benefit|advantage|gain)|financial (?:gain|loss)"
                r"|obtain\w* (?:money|property)|escroquer|escroquerie|préjudice|avantage (?:économique|financier)"
                r"|remise de fonds|transfert de fonds"),),
        (element("manipulation", "input, alteration or interference with data or a system",
                 "introduction, altération ou atteinte aux données",
                 r"input|alter|delet|suppress|interfer|manipulat|introdu|altér|modif|supprim|fausse"), DATA,
         INTENT, OFFENCE)),
    ArticleRule("ETS185", "9", "Child sexual abuse material", (
        element("child", "child or minor", "enfant ou mineur", r"child|minor|juvenile|under (?:the age of )?1[68]"
                r"|enfant|mineur"),
        element("material", "pornographic material", "matériel pornographique",
                r"pornograph|sexual(?:ly)? (?:explicit|abuse|exploit)|obscene|pédopornograph|pornographique"
                r"|caractère (?:sexuel|pornographique)|image|representation|représentation")),
        (element("dealing", "produces, offers, distributes, procures or possesses", "produit, diffuse, détient",
                 r"produc|offer|distribut|transmit|procur|possess|diffus|détenir|enregistr|fixer|transmettre"),
         SYSTEM, OFFENCE)),
    ArticleRule("ETS185", "10", "Copyright infringement", (
        element("copyright", "copyright or related rights", "droit d'auteur ou droits voisins",
                r"copyright|related rights|intellectual property|droits? d'auteur|droits voisins|contrefaçon"
                r"|propriété intellectuelle"),), (element("commercial", "on a commercial scale", "à l'échelle commerciale",
                                                         r"commercial scale|wil(?:l)?ful|échelle commerciale"),
                                                 SYSTEM, OFFENCE)),
    ArticleRule("ETS185", "11", "Attempt and aiding or abetting", (
        element("attempt", "attempt, aiding or abetting", "tentative ou complicité",
                r"attempt|aid(?:s|ing)? or abet|abet|accessor|tentative|complic"),), (OFFENCE,)),
    ArticleRule("ETS185", "12", "Corporate liability", (
        element("legal_person", "legal person", "personne morale", r"legal person|body corporate|corporat|company"
                r"|personnes? morales?"),), (OFFENCE,)),
    ArticleRule("ETS185", "16", "Expedited preservation of stored data", (
        element("preserve", "preservation", "conservation", r"preserv|conserv|retain|retention|\bgel\b"),
        DATA), (element("expedited", "expeditious", "rapide", r"expedit|without delay|immediate|urgent|rapide"
                        r"|sans délai|immédiat"), ORDER,
                element("period", "up to 90 days", "jusqu'à 90 jours", r"90|ninety|quatre-vingt-dix"))),
    ArticleRule("ETS185", "17", "Partial disclosure of traffic data", (
        element("traffic", "traffic data", "données relatives au trafic", r"traffic data|données (?:relatives au|de) trafic"
                r"|données de connexion"),
        element("disclose", "disclosure", "divulgation", r"disclos|reveal|divulg|communiqu|identify the service providers"
                r"|identifier les fournisseurs")), (ORDER,)),
    ArticleRule("ETS185", "18", "Production order", (
        element("produce", "submission of data", "remise de données",
                r"produc|submit|hand over|deliver|provide|remet|communiqu|fourni|transmet"),
        ORDER), (element("subscriber", "subscriber information", "informations relatives aux abonnés",
                         r"subscriber|abonné"), DATA, element("provider", "service provider", "fournisseur de services",
                                                               r"service provider|fournisseur|opérateur|hébergeur"))),
    ArticleRule("ETS185", "19", "Search and seizure of stored data", (
        element("search", "search or access", "perquisition", r"search|perquisition|fouille|accéder à (?:un|tout)"),
        element("seize", "seizure or securing", "saisie", r"seiz|secure|copy|saisi|copie|rendre inaccessible")),
        (SYSTEM, DATA, ORDER)),
    ArticleRule("ETS185", "20", "Real-time collection of traffic data", (
        element("real_time", "real time", "temps réel", r"real[- ]time|temps réel|in the course of transmission"),
        element("traffic", "traffic data", "données relatives au trafic", r"traffic|trafic|connexion")),
        (element("collect", "collection or recording", "collecte ou enregistrement", r"collect|record|collecte|recueil"
                 r"|enregistr"), ORDER)),
    ArticleRule("ETS185", "21", "Interception of content data", (
        element("intercept", "interception", "interception", r"intercept|interception|captation"),
        element("content", "content data", "données relatives au contenu", r"content|contenu|communications")),
        (element("real_time", "real time", "temps réel", r"real[- ]time|temps réel"), ORDER)),
    ArticleRule("ETS185", "22", "Jurisdiction", (
        element("jurisdiction", "jurisdiction", "compétence", r"jurisdiction|compéten|competent to (?:try|hear)"
                r"|applicable (?:to|where)|s'applique"),
        element("territory", "territory, ships, aircraft or nationals", "territoire ou ressortissants",
                r"territor|ship|aircraft|national|citizen|ressortissant|navire|aéronef|commis (?:en|sur)")), ()),
    ArticleRule("ETS185", "24", "Extradition", (
        element("extradition", "extradition", "extradition", r"extradit"),), (OFFENCE,)),
    ArticleRule("ETS185", "25", "Mutual assistance", (
        element("assistance", "mutual assistance", "entraide", r"mutual (?:legal )?assistance|entraide|coopération"
                r" (?:judiciaire|internationale)|international cooperation|foreign (?:state|authority)"),),
        (element("expedited", "urgent or expedited means", "moyens rapides", r"urgent|expedit|fax|e-mail|rapide"),)),
    ArticleRule("ETS185", "29", "Preservation for another Party", (
        element("preserve", "preservation", "conservation", r"preserv|conserv"),
        element("foreign", "request of another State", "demande d'un autre État",
                r"foreign|another (?:state|party|country)|requesting (?:state|party)|État (?:étranger|requérant)"
                r"|autorité étrangère")), (DATA,)),
    ArticleRule("ETS185", "35", "24/7 Network", (
        element("contact", "24/7 point of contact", "point de contact 24/7",
                r"24/7|24 hours|twenty-four hours|point of contact|point de contact|vingt-quatre heures"),), ()),
    ArticleRule("ETS189", "3", "Dissemination of racist and xenophobic material", (
        element("racist", "racist or xenophobic", "raciste ou xénophobe", r"racis|xenophob|xénophob|race|ethni"),
        element("disseminate", "distribution", "diffusion", r"distribut|dissemin|make available|diffus|mettre à disposition"
                r"|publi")), (SYSTEM,)),
    ArticleRule("ETS189", "4", "Racist and xenophobic motivated threat", (
        element("threat", "threat", "menace", r"threat|menace"),
        element("racist", "racist motive", "motivation raciste", r"racis|xenophob|xénophob|race|ethni|religio")), ()),
    ArticleRule("ETS189", "5", "Racist and xenophobic motivated insult", (
        element("insult", "insult", "insulte", r"insult|injur|outrage"),
        element("racist", "racist motive", "motivation raciste", r"racis|xenophob|xénophob|race|ethni|religio")), ()),
    ArticleRule("ETS189", "6", "Denial of genocide or crimes against humanity", (
        element("denial", "denial, minimisation, approval or justification", "négation, minimisation, apologie",
                r"den(?:y|ies|ial)|minimi|approv|justif|négation|nier|contest|apologie"),
        element("genocide", "genocide or crimes against humanity", "génocide ou crimes contre l'humanité",
                r"genocide|génocide|crimes? against humanity|crimes? contre l'humanité")), ()),
    ArticleRule("CETS224", "6", "Domain name registration information", (
        element("domain", "domain name registration", "enregistrement de noms de domaine",
                r"domain name|nom de domaine|registrar|bureau d'enregistrement|registry"),
        element("disclose", "disclosure to a foreign authority", "divulgation", r"disclos|provide|request|divulg"
                r"|communiquer|fournir")), ()),
    ArticleRule("CETS224", "7", "Direct orders to providers for subscriber information", (
        element("subscriber", "subscriber information", "informations relatives aux abonnés", r"subscriber|abonné"),
        element("foreign", "order from another Party", "injonction d'une autre Partie",
                r"foreign|another (?:state|party)|other part|State (?:party|étranger)|étranger|autre Partie")), ()),
)
