"""Splitting a law into provisions with their references as written: "Section 4", "Sec. 12", "Article 431-8",
"Art. 607-3", "Article 5 bis", "Article L. 323-1", "Article premier". Part/Chapter/Title/Division/Book
headings (and their French forms) become context, not provisions. An amending law's inserted articles
(« Art. 226-4-1. — … ») are provisions of their own. A section whose numbered sub-sections each create an
offence is split into "Section 4(1)", "Section 4(2)", … so each offence can be mapped on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMBER = (r"(?:[A-Z]\.?\s?)?\d+(?:[-–.]\d+)*[A-Za-z]?(?:\s+(?:bis|ter|quater|quinquies))?"
          r"(?:\((?:\d{1,3}|[a-z]{1,3})\))*")
PROVISION = re.compile(
    rf"^\s*[«\"“]?\s*(?P<label>Section|Sec\.|s\.|Article|Art\.|Articulo|Artículo)\s*(?P<number>premier|1er|{NUMBER})"
    r"\s*(?:[.:)\-–—]+\s*|\s+(?=[A-Z«\"(]))?(?P<rest>.*)$", re.IGNORECASE)
BARE_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3}[A-Z]?)\.\s+(?P<rest>[A-Z][^.]{2,120}\.?.*)$")
HEADING = re.compile(
    r"^\s*(?P<label>Part|Chapter|Title|Division|Book|Schedule|Partie|Chapitre|Titre|Livre|Sous-section|Section)"
    r"\s+(?P<number>[IVXLC]+|\d+|premier|première|unique)\b\s*[.:\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
SUBSECTION = re.compile(r"^\s*\((?P<number>\d{1,2}|[a-z]{1,2})\)\s+")
PAGE_NOISE = re.compile(r"^\s*(?:page\s+)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.IGNORECASE)
OFFENCE_CUE = re.compile(r"offen[cs]e|commits?|guilty|liable|infraction|puni|punissable|délit|crime", re.IGNORECASE)


@dataclass
class Provision:
    """One provision: its reference as written, heading, original text, and the headings above it."""

    ref: str
    heading: str
    text: str
    context: list[str] = field(default_factory=list)
    position: int = 0


def _label(raw: str) -> str:
    lowered = raw.lower().rstrip(".")
    return {"sec": "Sec.", "s": "s.", "art": "Art.", "section": "Section", "article": "Article"}.get(lowered, raw)


def _clean_lines(text: str) -> list[str]:
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        if stripped and not PAGE_NOISE.match(stripped):
            lines.append(stripped)
    return lines


def _split_heading(rest: str) -> tuple[str, str]:
    """A short title right after the number ("Illegal access. — A person who…") is the heading."""
    rest = rest.lstrip(" —–-")
    match = re.match(r"^(?P<heading>[^.—–:]{3,120}?)\s*(?:[.:]\s*[—–-]|[—–]|\.\s+(?=[A-Z(«]))\s*(?P<body>.*)$",
                     rest)
    if match and len(match.group("heading").split()) <= 14:
        return match.group("heading").strip(" .—–-"), match.group("body").strip()
    if _is_title_line(rest):
        return rest.strip(" .—–-"), ""
    return "", rest.strip()


#: Words that open the body of a provision rather than a title ("A person who…", "Le fait de…", "Where…").
BODY_OPENING = re.compile(
    r"^(?:an?|any|every|no|whoever|where|if|when|whenever|subject|notwithstanding|except|nothing|for|in|on|this"
    r"|le|la|les|l'|un|une|tout|toute|quiconque|lorsque|lorsqu'|si|sans|sous|il|est|sont|sera|seront|dans|pour)\b",
    re.IGNORECASE)


def _is_title_line(rest: str) -> bool:
    """A title alone on the reference line ("Section 3. Unauthorised access", the body on the next lines).

    Conservative: short, capitalised, no sentence punctuation, and not opening like a body (a provision whose
    first sentence wraps onto the next line must not lose its first words to the heading).
    """
    words = rest.split()
    return (0 < len(words) <= 10 and rest[:1].isupper() and not re.search(r"[.;,:]\s*$|\(\d|\d\)", rest)
            and not BODY_OPENING.match(rest))


def _nest_heading(context: list[str], line: str, label: str) -> list[str]:
    """A new "Part II" ends "Part I" and everything under it; another kind of heading nests below (3 levels)."""
    for index, earlier in enumerate(context):
        if earlier.split(maxsplit=1)[0].lower() == label.lower():
            return [*context[:index], line]
    return [*context[-2:], line]


def _is_quoted_insert(line: str) -> bool:
    return line.lstrip().startswith(("«", '"', "“"))


def segment(text: str) -> list[Provision]:
    """Provisions in document order. Text before the first provision (titles, preamble) is ignored."""
    provisions: list[Provision] = []
    context: list[str] = []
    current: Provision | None = None
    body: list[str] = []

    def close() -> None:
        nonlocal current, body
        if current is not None:
            # Lines stay apart until sub-sections are found: "(a)" opening a line is a marker, not a citation.
            current.text = "\n".join(part for part in [current.text, *body] if part).strip(" »\"”")
            provisions.append(current)
        current, body = None, []

    for line in _clean_lines(text):
        provision = PROVISION.match(line)
        bare = None if provision else BARE_NUMBERED.match(line)
        heading = None if (provision or bare) else HEADING.match(line)
        if provision and provision.group("label").lower() in {"section"} and re.match(
                r"^\s*Section\s+\d+\s*[:.\-–—]?\s*[A-ZÉ][^.]{0,80}$", line) and _looks_like_french_heading(line):
            provision, heading = None, HEADING.match(line)
        if provision:
            close()
            number = provision.group("number").strip()
            ref = f"{_label(provision.group('label'))} {number}".replace("  ", " ")
            title, rest = _split_heading(provision.group("rest"))
            current = Provision(ref=ref, heading=title, text=rest, context=list(context))
        elif bare:
            close()
            title, rest = _split_heading(bare.group("rest"))
            current = Provision(ref=f"Section {bare.group('number')}", heading=title, text=rest,
                                context=list(context))
        elif heading:
            close()
            context = _nest_heading(context, line, heading.group("label"))
        elif current is not None:
            body.append(line.strip(" »\"”") if _is_quoted_insert(line) else line)
    close()
    result: list[Provision] = []
    for found in provisions:
        result.extend(_split_offence_subsections(found))
    for position, item in enumerate(result):
        item.position = position
    return [item for item in result if item.text or item.heading]


def _looks_like_french_heading(line: str) -> bool:
    """In French codes "Section 2 : Des atteintes…" is a heading, not a provision."""
    return bool(re.search(r"\b(des|du|de la|de l'|les)\b", line, re.IGNORECASE)) and len(line) < 120


#: A sub-section marker: at the start of a line, or right after a title, a colon or a dash ("Whoever— (1) …").
MARKER = re.compile(r"(?:^|(?<=\n)|(?<=[.:;—–]\s)|(?<=[—–:]))\s*\((?P<number>\d{1,2}|[a-z]{1,2})\)\s+")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _split_offence_subsections(provision: Provision) -> list[Provision]:
    """Split "Section 4 (a) Whoever— (1) … (2) …; (b) …" into "Section 4(a)(1)", "Section 4(a)(2)", "Section 4(b)"
    when at least two of the parts each create an offence; otherwise keep the provision whole.

    Two levels: the kind of marker met first (letters or numbers) is the outer level. The words that lead into
    a list ("(a) Whoever—") are kept at the head of each of its items, so each item reads as a whole offence.
    """
    text = provision.text
    markers = list(MARKER.finditer(text))
    if len(markers) < 2:
        provision.text = _flat(text)
        return [provision]
    outer_is_digit = markers[0].group("number").isdigit()
    lead = _flat(text[:markers[0].start()])
    leaves: list[tuple[str, str]] = []  # (suffix such as "(a)(1)", text)
    outer, outer_lead = "", ""
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = _flat(text[marker.end():end])
        number = marker.group("number")
        if number.isdigit() == outer_is_digit:
            outer, outer_lead = f"({number})", body
            next_is_inner = index + 1 < len(markers) and markers[index + 1].group("number").isdigit() != outer_is_digit
            if not next_is_inner:
                leaves.append((outer, body))
        else:
            leaves.append((f"{outer}({number})", f"{outer_lead} {body}".strip()))
    offences = [body for _suffix, body in leaves if OFFENCE_CUE.search(f"{lead} {body}") and len(body) > 40]
    if len(leaves) < 2 or len(offences) < 2:
        provision.text = _flat(text)
        return [provision]
    return [Provision(ref=f"{provision.ref}{suffix}", heading=provision.heading, text=f"{lead} {body}".strip()
                      if lead and not OFFENCE_CUE.search(body) else body, context=provision.context)
            for suffix, body in leaves]
