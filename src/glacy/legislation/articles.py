"""What each Convention and Protocol article requires, as elements a reviewer can check, with English and
French patterns. An element is a concept (e.g. "without right"); `core` elements must be present for a
provision to be suggested at all, and when an article lists `one_of` elements at least one of them must be
present too; all elements present means full coverage, otherwise partial.

Patterns match word stems and the usual drafting variants of several traditions (common-law sections,
US Code, French, Belgian, Swiss, Luxembourg, Moroccan, Senegalese, Cameroonian and Canadian codes), so "access",
"obtains entry", "logs into" and "accéder", "s'introduit", "pénètre", "se sera maintenu" all count, and a
"carriage service", "communications data" or a "système de traitement ou de transmission automatisé" is
recognised as the system or the traffic data.

`outranks` encodes lex specialis: when a more specific article's core is present (fraud committed by
altering data, forgery by inputting data, hindering a system by deleting data, child abuse material
accessed on a computer), the general article it absorbs is ranked below it rather than dropped.
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
    one_of: tuple[Element, ...] = ()
    outranks: tuple[str, ...] = ()

    @property
    def elements(self) -> tuple[Element, ...]:
        return self.core + self.one_of + self.others

    @property
    def key(self) -> str:
        return f"{self.instrument}:{self.article}"


def element(key: str, label_en: str, label_fr: str, pattern: str) -> Element:
    return Element(key, label_en, label_fr, re.compile(pattern, re.IGNORECASE))



SYSTEM: Element = element("system", "computer system", "système informatique",
                 r"computer(?! data| programs?\b)|information system|informatic|electronic systems?|\bservers?\b|\bserveurs?\b|systèmes? (?:informatiques?|de traitement automatisé|d'information)"
                 r"|systèmes? (?:de traitement|(?:\w+ ){1,6}?automatisés?\b)|traitement automatisé"
                 r"|carriage service|(?:electronic |tele)?communications? services?"
                 r"|systèmes d'information|\bSTAD\b|réseau|network|ordinateur|electronic device|dispositif électronique"
                 r"|\ben ligne\b|online|internet|telecommunication|télécommunication|communications électroniques"
                 r"|electronic communications?|plate-?formes? (?:numériques?|en ligne|électroniques?)"
                 r"|(?:digital|online|electronic) platforms?|digital network|réseaux? (?:numériques?|sociaux|social)")
DATA: Element = element("data", "computer data", "données informatiques",
               r"(?:computer|electronic|digital) data|\bdata\b|données|contents? of (?:any |a |the )?computer"
               r"|electronic (?:records?|documents?|evidence)|document électronique|stored information"
               r"|electronically stored|\binformations?\b(?! system)|preuves? (?:électroniques|numériques)")
WITHOUT_RIGHT = element("without_right", "without right", "sans droit",
                        r"without (?:right|authori[sz]ation|authority|lawful (?:excuse|authority)|consent|permission|colou?r of right|being entitled)"
                        r"|unauthori[sz]ed|not authori[sz]ed|exceeds authori[sz]ed|unlawful(?:ly)?|illegal(?:ly)?|frauduleuse(?:ment)?"
                        r"|sans (?:droit|autorisation|motif légitime|justification légitime|apparence de droit|le consentement)"
                        r"|n'y est pas autorisé|sans y être autorisé|au mépris des droits|non autorisée?s?|par fraude|de manière frauduleuse|illégitime|indûment|illicite")
INTENT = element("intent", "intentionally", "intentionnellement",
                 r"intentional(?:ly)?|wil(?:l)?ful(?:ly)?|knowingly|knowing that|deliberately|with intent|dishonest"
                 r"|sciemment|intentionnel|délibérément|volontairement|sachant|de mauvaise foi|frauduleusement"
                 r"|dans l'intention|dans le dessein|en connaissance de cause|à dessein")
OFFENCE = element("offence", "criminal offence", "infraction pénale",
                  r"offen[cs]e|guilty|liable|punish|imprison|penalty|fined?\b|unlawful|mischief|infraction|puni|coupable"
                  r"|passible|emprisonnement|amende|peine|délit|méfait|acte criminel|\bcrimes?\b|felony|misdemeanou?r"
                  r"|sanctionn|réprim")
ORDER = element("order", "order by a competent authority", "injonction d'une autorité compétente",
                r"(?<!\bin )\border\b|warrant|empower|notice|competent authority|judge|justice|magistrate|court may|prosecutor"
                r"|police officer|peace officer|constable|designated (?:officer|person)|\bdirection\b"
                r"|authori[sz]ation (?:may|shall) be (?:given|granted|issued)|injonction|ordonn|juge|procureur|autorité (?:judiciaire|compétente)|mandat"
                r"|réquisition|requérir|officiers? de police judiciaire|agents? (?:de la paix|habilités)|enquêteurs?\b|investigators?\b"
                r"|(?:with|upon|on|subject to|after|following) (?:the )?(?:prior |written |express )?(?:approval|authori[sz]ation|sanction)"
                r" (?:of|from|granted by) (?:the |a |an )?[A-Za-z]"
                r"|(?:sur|avec|après|moyennant) (?:l')?autorisation|autorisation (?:écrite|préalable|expresse) (?:du|de la|de l'|d'une?)\b"
                r"|investigating (?:team|unit|agency|body|authority)")
ACCESS = element("access", "access", "accès",
                 r"\baccess(?!ibl)|accède|accéd|accès|se (?:\w+ ){0,2}?maint|s'y (?:\w+ ){0,2}?maint|maintien|intrusion|intrud|(?:gain|obtain)(?:s|ed|ing)? (?:entry|access)"
                 r"|logs? (?:in|on)|s'introdui|pénètr|pénétr|computer services?|services d'ordinateur")
TRAFFIC: Element = element("traffic", "traffic data", "données relatives au trafic",
                  r"traffic|trafic|données de connexion|transmission data|données de transmission|communications data"
                  r"|call (?:data|detail records?)|données (?:d'appel|de localisation)|location data|metadata|métadonnées"
                  r"|(?:source|origine?)\W+(?:\w+\W+){0,3}?destination|communications?[- ]related information")
REAL_TIME: Element = element("real_time", "real time", "temps réel",
                    r"real[- ]time|temps réel|in the course of (?:its |their )?transmission|pen register|trap and trace"
                    r"|as (?:they|it) (?:occurs?|takes? place|happens?)|au fur et à mesure|à mesure qu|concurrently"
                    r"|contemporaneous|simultan\w* (?:with|à|avec)|as (?:they are|it is) (?:generated|transmitted|made)"
                    r"|data recorder|enregistreur de données")
PRESERVE: Element = element("preserve", "preservation", "conservation", r"preserv|préserv|conserv|retain|retention|\bgel\b|freez"
                   r"|maintain (?:the )?integrity|protéger l'intégrité|(?:kept|keep|remain)s? (?:\w+ )?intact")
RACIST = element("racist", "racist or xenophobic motive", "motivation raciste ou xénophobe",
                 r"racis|racial|anti-?s[eé]mit|xenophob|xénophob|\braces?\b|ethni|colou?r, descent|ascendance|religio"
                 r"|\btrib(?:e|es|al|u|us|ale|ales)\b|skin colou?r|couleur de (?:la )?peau")

RULES: tuple[ArticleRule, ...] = (
    ArticleRule("ETS185", "2", "Illegal access", (ACCESS, SYSTEM), (WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "3", "Illegal interception", (
        element("intercept", "interception", "interception",
                r"intercept|captation|capter|\bcapte|captur|interception|écoute|écouter|tap(?:s|ping)? into|wiretap"
                r"|listens? to|eavesdrop|acquires? the substance|prend(?:re)? connaissance|\btap(?:s|ped)?\b"
                r"|monitor\w* (?:\w+ ){0,2}(?:signals?|transmissions?|communications?)"),),
        (element("transmission", "non-public transmission", "transmission non publique",
                 r"transmission|communication|correspondance|emission|électromagnétique|electromagnetic|non-public"
                 r"|non publique|in transit|en transit|\bsignals?\b|\bsignaux\b"),
         WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "4", "Data interference", (
        element("damage", "damaging, deleting, altering or suppressing", "endommager, effacer, altérer, supprimer",
                r"delet|alter|damag|deteriorat|suppress|destroy|destruct|modif|erase|corrupt|efface|supprim|altér|détéri"
                r"|détrui|hors d'usage|inutil|inopérant|dépouill|introduire frauduleusement"
                r"|render(?:s|ing)? (?:\w+ )?(?:meaningless|useless|ineffective)"),
        DATA), (WITHOUT_RIGHT, INTENT, OFFENCE)),
    ArticleRule("ETS185", "5", "System interference", (
        element("hinder", "serious hindering of functioning", "entrave au fonctionnement",
                r"hinder|obstruct|interfer\w* (?:with|in) the (?:functioning|operation)|interferes? with,? (?:or \w+ )?(?:a |any |the )?computer"
                r"|impair|imped|disrupt|interrupt|cease to function|denial of service|flood|déni de service"
                r"|entrav|fausse[rs]? (?:\w+ )?le fonctionnement|faussé|perturb|paralys|interromp|interruption"
                r"|fonctionnement|overload|inond|render\w* (?:\w+ )?inoperative|rend\w* (?:\w+ )?inopérant|surcharg|saturat|satur(?:e|er|ant)\b|bloqu|indisponible|unavailable"),
        SYSTEM), (WITHOUT_RIGHT, INTENT, OFFENCE), outranks=("ETS185:4", "ETS185:2")),
    ArticleRule("ETS185", "6", "Misuse of devices", (
        element("dealing", "produces, sells, procures, distributes or possesses", "produit, vend, détient, diffuse",
                r"produc|sell|\bsale|procur|import|distribut|make available|makes available|possess|suppl(?:y|ies)|offer"
                r"|\badapts?\b|manufactur|traffics? in|receives|détenir|détient|détenu|offr|offert|\bcéd|mettre à disposition"
                r"|mis à disposition|met(?:tre)? en circulation|rend\w* accessible|fabriqu|vend|en vente|distribu|diffus|acquér|se procure"
                r"|possède|produit|fabricat|détention|\bventes?\b|\bcréation\b|\bcrée(?:nt)?\b|\bcreat(?:es?|ing|ion)\b"
                r"|\bobtain(?:s|ed|ing)?\b|\bdisclos\w*|\bdivulgu\w*|\bcommuniqu\w*"),),
        (element("purpose", "for committing an offence", "en vue de commettre une infraction",
                 r"for the purpose of committing|designed|adapted|intended to be used|intending it to be used"
                 r"|with (?:the )?inten\w* that (?:it|they|the \w+) (?:be|is|are) used|be used[^.]{0,60}(?:commit|offen)"
                 r"|with intent .* (?:offence|use)|conçu|adapté|en vue de commettre|pour commettre|dans le but de commettre"
                 r"|utilisés? dans le but|destinés? à commettre|en vue de la commission"), INTENT, OFFENCE),
        one_of=(element("device", "device, program, password or access code", "dispositif, programme, mot de passe",
                        r"device|program|software|password|access code|credential|\btools?\b|malware|virus|équipement|instrument"
                        r"|dispositif|logiciel|mots? de passe|codes? d'accès|données conçues|\b(?:any|an) article\b"
                        r"|data with the intention"),),
        outranks=("ETS185:2",)),
    ArticleRule("ETS185", "7", "Computer-related forgery", (
        element("forgery", "inauthentic data presented as authentic", "données falsifiées",
                r"forg|falsif|inauthentic|non authentiques?|counterfeit|\bfaux\b|\bfausses? (?:données|informations|pièces|écritures|documents?)"
                r"|contrefait|false (?:electronic |computer )?(?:records?|documents?|data|instruments?)|treated as genuine"
                r"|comme si elles étaient (?:authentiques|originales)|as if (?:it|they) were (?:authentic|genuine)"),),
        (DATA, INTENT, OFFENCE), outranks=("ETS185:4", "ETS185:8")),
    ArticleRule("ETS185", "8", "Computer-related fraud", (
        element("fraud", "loss of property or economic gain by fraud", "préjudice patrimonial ou avantage frauduleux",
                r"defraud|fraudulent intent|intention frauduleuse|\bfraud\b|economic (?:benefit|advantage|gain)"
                r"|financial (?:gain|loss|advantage)|loss of property|(?:obtain|procure)\w* [^.]{0,30}(?:money|property|advantage|anything of value|benefit)"
                r"|\bcheat|escroqu|\btromp|(?<!dessein d')enrichissement|avantage (?:économique|financier|patrimonial)|bénéfice (?:économique|financier|patrimonial)|remise de fonds|transfert (?:de fonds|d'actifs)"
                r"|(?<!sans )préjudice|induc\w*[^.;]{0,40}(?:part with|deliver|transfer|pay|hand over)"
                r"|part with (?:\w+ ){0,2}(?:money|property|funds)|deceiv\w*[^.;]{0,40}(?:money|property|funds)|by deception"
                r"|false pretences?|amen\w*[^.;]{0,40}à (?:lui )?(?:remettre|verser|transférer|livrer)"
                r"|remettre des (?:fonds|biens|valeurs)|manœuvres frauduleuses"),),
        (element("manipulation", "input, alteration or interference with data or a system",
                 "introduction, altération ou atteinte aux données",
                 r"input|alter|delet|suppress|interfer|manipulat|introdu|altér|modif|supprim|efface|influenc"
                 r"|utilisation (?:incorrecte|indue|frauduleuse)|\buses? [^.]{0,30}data|utilis\w*[^.]{0,30}données"), DATA,
         INTENT, OFFENCE), outranks=("ETS185:2", "ETS185:4", "ETS185:5")),
    ArticleRule("ETS185", "9", "Child sexual abuse material", (
        element("child", "child or minor", "enfant ou mineur", r"child|minor|juvenile|juvénile|under (?:the age of )?(?:1[68]|eighteen)"
                r"|enfant|mineur|moins de dix-huit ans|pédopornograph|pa?edophil|pédophil"),
        element("material", "pornographic material", "matériel pornographique",
                r"pornograph|sexual(?:ly)? (?:explicit|abuse|exploit|activity|conduct)|obscene|indecent|photograph"
                r"|(?:abuse|exploitation) material|abus sexuels?|exploitation sexuelle"
                r"|pédopornograph|pornographique|caractère (?:sexuel|pornographique)|d'ordre sexuel|image|vidéo|video"
                r"|representation|représentation")),
        (element("dealing", "produces, offers, distributes, procures or possesses", "produit, diffuse, détient",
                 r"produc|offer|distribut|transmit|procur|possess|receiv|\baccess|diffus|détenir|détient|possède|possession"
                 r"|enregistr|fixer|transmettre|transmis|consult|sollicit|fabriqu|met en circulation|offr"),
         SYSTEM, OFFENCE), outranks=("ETS185:2", "ETS185:6", "ETS185:3")),
    ArticleRule("ETS185", "10", "Copyright infringement", (
        element("copyright", "copyright or related rights", "droit d'auteur ou droits voisins",
                r"copyright|related rights|intellectual property|droits? (?:de l'|d')?auteur|droits voisins|contrefaçon"
                r"|propriété intellectuelle|œuvres? (?:de l'esprit|protégées?)|infringing cop"
                r"|œuvres? (?:\w+ )?(?:littéraires?|artistiques?|musicales?|audiovisuelles?)"
                r"|(?:literary|artistic|musical) (?:or \w+ )?works?|pirated|piracy|sound recordings?|cinematograph|autorisation de l'auteur|consent of the author"),),
        (element("commercial", "on a commercial scale", "à l'échelle commerciale",
                 r"commercial (?:scale|advantage|distribution)|for the purpose of trade|by way of trade|financial gain"
                 r"|wil(?:l)?ful|échelle commerciale|fins commerciales|fins lucratives|but lucratif|for (?:profit|gain)"),
         SYSTEM, OFFENCE), outranks=("ETS185:7", "ETS185:8", "ETS185:19")),
    ArticleRule("ETS185", "11", "Attempt and aiding or abetting", (
        element("attempt", "attempt, aiding or abetting", "tentative ou complicité",
                r"attempt|\baid(?:s|ed|ing)?\b|abet|accessor|counsel|conspir|tentative|\btenté|\btenter\b|\btente(?:nt)?\b|complic|complice"
                r"|\baidé|aide ou assistance|assisté"),), (OFFENCE,)),
    ArticleRule("ETS185", "12", "Corporate liability", (
        element("legal_person", "legal person", "personne morale", r"legal person|body corporate|corporat|company"
                r"|personnes? morales?"),), (OFFENCE,)),
    ArticleRule("ETS185", "16", "Expedited preservation of stored data", (PRESERVE, DATA),
                (element("expedited", "expeditious", "rapide", r"expedit|without delay|immediate|urgent|rapide"
                         r"|sans délai|immédiat|risk that the data may be lost|susceptibles? de (?:perte|disparaître)"
                         r"|vulnerable to loss|loss or modification|perte ou (?:de )?modification"), ORDER,
                 element("period", "up to 90 days", "jusqu'à 90 jours", r"90|ninety|quatre-vingt-dix"))),
    ArticleRule("ETS185", "17", "Partial disclosure of traffic data", (
        TRAFFIC,
        element("disclose", "disclosure of the path and providers", "divulgation du chemin et des fournisseurs",
                r"disclos|reveal|divulg|communiqu|identif\w* (?:the |les |tout |any )?(?:other |autres )?(?:service )?(?:providers?|fournisseurs?)"
                r"|retrac|\btrace")), (ORDER,), outranks=("ETS185:16", "ETS185:18")),
    ArticleRule("ETS185", "18", "Production order", (ORDER,), (
        DATA, element("provider", "service provider", "fournisseur de services",
                      r"service provider|provider of|fournisseur|opérateur|hébergeur")),
                one_of=(element("produce", "submission of data", "remise de données",
                                r"produc|submit|hand over|deliver|provide|disclos|remet|remettre|remise|communiqu|fourni|transmet"),
                        element("subscriber", "subscriber information", "informations relatives aux abonnés",
                                r"subscriber|abonné|customer"))),
    ArticleRule("ETS185", "19", "Search and seizure of stored data", (
        element("seize", "seizure or securing", "saisie",
                r"seiz|secure (?:the |any )?(?:computer|data)|cop(?:y|ies|ying)\b|saisi|copie|copier|rendre inaccessible"
                r"|rendues inaccessibles"),),
        (ORDER,), one_of=(element("search", "search or access", "perquisition",
                                  r"search|perquisition|fouille|accéder à (?:un|tout)|accéder par|recherche dans|la recherche"
                                  r"|inspect"), SYSTEM, DATA)),
    ArticleRule("ETS185", "20", "Real-time collection of traffic data", (REAL_TIME, TRAFFIC),
                (element("collect", "collection or recording", "collecte ou enregistrement",
                         r"collect|record|obtain|captur|collecte|recueil|enregistr|obtenir|capter"), ORDER),
                outranks=("ETS185:18",)),
    ArticleRule("ETS185", "21", "Interception of content data", (
        element("intercept", "interception", "interception",
                r"intercept|interception|captation|capter|\bcapte|écoute|listen\w* to|wiretap|eavesdrop"
                r"|(?:collect|record|enregistr|recueil)\w*[^.;]{0,50}(?:content|contenu)"
                r"|(?:record|read|enregistr|lire)\w*[^.;]{0,30}(?:messages|conversations|correspondances?)"),),
        (element("content", "content data", "données relatives au contenu",
                 r"content|contenu|correspondance|communications|substance|messages|conversations"),
         element("real_time", "real time", "temps réel",
                 r"real[- ]time|temps réel|in the course of (?:its |their )?transmission|pendant leur transmission"), ORDER),
        outranks=("ETS185:20", "ETS185:3", "ETS185:18")),
    ArticleRule("ETS185", "22", "Jurisdiction", (
        element("jurisdiction", "jurisdiction", "compétence", r"jurisdiction|compéten|competent to (?:try|hear)"
                r"|applicable (?:to|where)|s'applique|\best applicable\b|\bapplicable aux?\b|\bsont applicables\b"
                r"|\bpunie? conformément aux\b|\bpoursuivie? et jugée?\b|\btried in\b|\bproceeded against\b"
                r"|\bréputée commise\b|\bn'est punie?, dans\b|\bgeographical\b"),
        element("territory", "territory, ships, aircraft or nationals", "territoire ou ressortissants",
                r"territor|territoi|ship|aircraft|national|citizen|ressortissant|navire|aéronef|commis (?:en|sur)")), ()),
    ArticleRule("ETS185", "24", "Extradition", (
        element("extradition", "extradition", "extradition", r"extradit"),), (OFFENCE,)),
    ArticleRule("ETS185", "25", "Mutual assistance", (
        element("assistance", "mutual assistance", "entraide", r"mutual (?:legal )?assistance|entraide|coopération"
                r" (?:judiciaire|internationale)|international cooperation|foreign (?:state|authority)"),),
        (element("expedited", "urgent or expedited means", "moyens rapides", r"urgent|expedit|fax|e-mail|rapide"),)),
    ArticleRule("ETS185", "29", "Preservation for another Party", (
        PRESERVE,
        element("foreign", "request of another State", "demande d'un autre État",
                r"foreign|another (?:state|party|country)|requesting (?:state|party)|État (?:étranger|requérant)"
                r"|autorité étrangère")), (DATA,), outranks=("ETS185:16",)),
    ArticleRule("ETS185", "35", "24/7 Network", (
        element("contact", "24/7 point of contact", "point de contact 24/7",
                r"24/7|24 hours|twenty-four hours|point of contact|point de contact|vingt-quatre heures"),), ()),
    ArticleRule("ETS189", "3", "Dissemination of racist and xenophobic material", (
        RACIST,
        element("disseminate", "distribution", "diffusion",
                r"distribut|dissemin|makes? available|diffus|mis(?:e)? à disposition|mettre à disposition|publish|publie\b"
                r"|publication|display|provoqu|incit|advocat|promot|stirs? up|stirring up|\bposts?\b|\bposting|téléchargé")), (SYSTEM,)),
    ArticleRule("ETS189", "4", "Racist and xenophobic motivated threat", (
        element("threat", "threat", "menace", r"threatens|threatened|threat (?:to|of)|menac(?:e|é|er)\b|menaces"),
        RACIST), (SYSTEM,), outranks=("ETS189:3",)),
    ArticleRule("ETS189", "5", "Racist and xenophobic motivated insult", (
        element("insult", "insult", "insulte", r"insults?\b|insulted|insult (?:a|any)|injure\b|injurié|injures|outrage|insult(?:e|é|ée|er)\b"
                r"|abusive (?:or \w+ )?(?:words|language|remarks|comments)|degrading (?:words|language|remarks)"
                r"|injurieu|propos (?:dégradants|humiliants)"),
        RACIST), (SYSTEM,), outranks=("ETS189:3",)),
    ArticleRule("ETS189", "6", "Denial of genocide or crimes against humanity", (
        element("denial", "denial, minimisation, approval or justification", "négation, minimisation, apologie",
                r"den(?:y|ies|ial)|minimi|approv|approuv|justif|négation|\bnie\b|nier|contest|apologie"),
        element("genocide", "genocide or crimes against humanity", "génocide ou crimes contre l'humanité",
                r"genocide|génocide|holocaust|shoah|crimes? against humanity|crimes? contre l'humanité")), (SYSTEM,),
        outranks=("ETS189:3",)),
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

# The general part and Chapter III (definitions, sanctions, safeguards, requests for and from other States) have
# their rules in articles_more.py; every consumer reads them through RULES.
from glacy.legislation.articles_more import MORE_RULES  # noqa: E402

RULES = RULES + MORE_RULES
