"""Splitting a law into provisions with their references as written: "Section 4", "Sec. 12", "Article 431-8",
"Art. 607-3", "Article 5 bis", "Art. 143bis", "Article L. 323-1", "Article premier", and the bare numbers of
gazettes and consolidations ("19. (1) Where …", "487.012 (1) A peace officer …", "249 Accessing computer system for
dishonest purpose"). Part/Chapter/Title/Division/Book headings (and their French forms) become context, not
provisions. An amending law's inserted articles (« Art. 226-4-1. — … ») are provisions of their own. A section whose
numbered sub-sections each create an offence is split into "Section 4(1)", "Section 4(2)", … so each offence can be
mapped on its own.

Real layouts handled (issue 14): the section number and its first sub-section on one line; Latin suffixes attached
or apart (143bis, 509-5 bis, 226-4 decies); numbered paragraphs ("1. Quiconque …") inside an article stay in the
article; a table of contents (arrangement of sections) is recognised and never emitted; a marginal note printed on
the line before its section becomes that section's heading; amendment-history notes ("Section 248: replaced, on …")
are not provisions; a heading wrapped by the print width is joined again, as are words hyphenated at a line end.
From French-language gazettes and OCR'd codes: "Art 18.-" without its full stop; "Section 2. – …" subdivision
headings, also when the extraction prints them after the number of the article that opens the subdivision; a
sentence wrapped onto a new line at "articles 8, 30 et 33" or "chapitre s'appliquent" is neither a provision nor a
heading.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

#: Latin ordinal suffixes of inserted articles (bis … vicies), attached ("143bis") or apart ("509-5 bis").
LATIN = (r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies|undecies|duodecies|terdecies"
         r"|quaterdecies|quindecies|sexdecies|septdecies|octodecies|novodecies|vicies)")
NUMBER = (rf"(?:[A-Z]\.?\s?)?\d+(?:[-–.]\d+)*(?:\s?{LATIN}\b|[A-Za-z]{{1,2}}\b)?(?:[-–.]\d+)*(?:\s+{LATIN}\b)?"
          r"(?:\((?:\d{1,3}|[a-z]{1,3})\))*")
PROVISION = re.compile(
    rf"^\s*[«\"“]?\s*(?P<label>Section|Sec\.|s\.|Article|Art\.|Art(?=\s+\d+\w*(?:\s+{LATIN})?\.\s*[-–—])|Articulo|Artículo)"
    rf"\s*(?P<number>premier|1er|{NUMBER})"
    r"\s*(?:[.:)\-–—]+\s*|\s+(?=[A-Z«\"(]))?(?P<rest>.*)$", re.IGNORECASE)
#: A bare number opening a line: "19. (1) Where …", "487.012 (1) A peace …", "11.2A Joint commission", "5. Illegal …".
BARE_NUMBERED = re.compile(
    rf"^\s*(?P<number>\d{{1,4}}(?:\.\d{{1,4}})*(?:[A-Z]{{1,2}}|\s?{LATIN})?)"
    r"(?:\.\s+|\s+(?=[A-Z«“\"[]|\(\w{1,4}\)|(?:and|et|to|à) \d))(?P<rest>\S.*)$")
#: A section number alone on its line, as PDF text of bills prints it ("4.(1)", "10.", "18A.(1)"), the words on
#: the next lines (and the marginal note on the line before).
BARE_ALONE = re.compile(r"^\s*[“\"«]?(?P<number>\d{1,3}[A-Z]{0,2})\.(?:\s*(?P<sub>\(\d{1,2}\)))?\s*$")
#: The heading of a Bill's explanatory statement ("EXPLANATORY STATEMENT", "Objects and Reasons", "Exposé des
#: motifs") printed after its clauses: from there on, paragraphs "1. Clause 3 seeks to …" are no provisions.
EXPLANATORY = re.compile(
    r"^\s*(?:explanatory\s+(?:statement|memorandum|notes?)|objects\s+and\s+reasons|statement\s+of\s+objects\s+and"
    r"\s+reasons|exposé\s+des\s+motifs|note\s+explicative)\s*$", re.IGNORECASE)
#: "Section 248: replaced, on 1 October 2003, by …" — an amendment-history note of a reprint, not a provision.
HISTORY_NOTE = re.compile(
    r"^\s*(?:section|sections|article|art\.|s\.|subsection|paragraph)\s*[\w.\-()]*\s*(?:\w+\s*)?:\s*"
    r"(?:replaced|amended|inserted|substituted|repealed|added|heading|renumbered|modifié|inséré|abrogé|remplacé)\b",
    re.IGNORECASE)
HEADING = re.compile(
    r"^\s*(?P<label>Part|Chapter|Title|Division|Subdivision|Book|Schedule|Partie|Chapitre|Titre|Livre|Sous-section"
    r"|Section)\s+(?P<number>[IVXLC]+|\d+[A-Z]?(?:[.\-]\d+[A-Z]?)*|[A-Z]|premier|première|unique)\b\s*[.:\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE)
#: "Section 2. – De l'autorité nationale" — the number, a full stop and a dash: a French heading (a subdivision of a
#: chapter), never a provision ("Section 3. Unauthorised access" of an English Act has no dash).
FRENCH_SECTION_HEADING = re.compile(r"^\s*Section\s+\d+\s*\.\s*[–—-]\s*\S")
#: French headings above the article ("Chapitre II", "Titre premier"): one printed right after an article's number is
#: the heading of the subdivision that article opens.
FRENCH_SUBDIVISIONS = frozenset({"partie", "livre", "titre", "chapitre", "sous-section"})
#: "articles 8, 30 et 33 ci-dessus" wrapped by the print width onto the start of a line: a list of cross-references
#: in a sentence, not a provision (a provision's number is never followed by another number).
CROSS_REFERENCE_LIST = re.compile(r"^\s*(?:,\s*\d|(?:et|and|à|to|ou|or)\s+\d)", re.IGNORECASE)
SUBSECTION = re.compile(r"^\s*\((?P<number>\d{1,2}|[a-z]{1,2})\)\s+")
PAGE_NOISE = re.compile(r"^\s*(?:page\s+)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.IGNORECASE)
#: Words that create an offence (not merely mention one): only such sub-sections are split into provisions.
OFFENCE_CUE = re.compile(r"commits? (?:an? |the )?(?:offen[cs]e|crime)|(?<!not )guilty|liable (?:to|on)|is punishable|shall be punished"
                         r"|\bpuni(?:e|s|es)?\b|punissable|passible|encourt|imprisonment|emprisonnement", re.IGNORECASE)
#: Roman numerals mark the third level ("(a) … (i) … (ii)"): they stay inside their lettered paragraph.
ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})
#: A contents line ends with a page number or has no sentence at all ("12. Production order", "476.1 Definitions 367").
CONTENTS_TITLE_WORDS = 14


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
    """Non-empty lines without page numbers or running heads; a word hyphenated at the print width ("unauthor-" /
    "ised") joined."""
    raw = [re.sub(r"[ \t\u00a0\u202f]+", " ", line).strip()
           for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    heads = _running_heads(raw)
    lines: list[str] = []
    for stripped in raw:
        if not stripped or PAGE_NOISE.match(stripped) or stripped in heads:
            continue
        if lines and re.search(r"[a-zà-ÿ]-$", lines[-1]) and re.match(r"[a-zà-ÿ]", stripped):
            lines[-1] = lines[-1][:-1] + stripped
            continue
        lines.append(stripped)
    return lines


#: A running head of a printed page: a few words and the page number before or after them ("8 Bill",
#: "Sexual Offences against Children 9").
RUNNING_HEAD = re.compile(r"^(?:(?P<before>\d{1,4}) (?P<words>\D{3,80})|(?P<words2>\D{3,80}) (?P<after>\d{1,4}))$")
#: Words that number the structure of a law: "Part 2", "Chapter 3" repeat with rising numbers but are headings.
STRUCTURE_WORD = re.compile(
    r"^(?:part|division|subdivision|chapter|section|sections|article|articles|schedule|annex|titre|chapitre|livre"
    r"|partie|annexe|art\.|s\.|clause|rule|règle|paragraph|paragraphe|alinéa)\b", re.IGNORECASE)


def _running_heads(lines: list[str]) -> set[str]:
    """The lines that are running heads of a printed page: the same words at least three times with a page number
    that rises from one to the next (a provision's number never comes with identical words three times)."""
    numbers: dict[str, list[int]] = {}
    shapes: dict[str, list[str]] = {}
    for line in lines:
        match = RUNNING_HEAD.match(line)
        if not match:
            continue
        words = (match.group("words") or match.group("words2")).strip()
        if STRUCTURE_WORD.match(words) or not re.search(r"[A-Za-zÀ-ÿ]{3}", words) or len(words.split()) > 8:
            continue
        numbers.setdefault(words, []).append(int(match.group("before") or match.group("after")))
        shapes.setdefault(words, []).append(line)
    return {line for words, found in numbers.items()
            if len(found) >= 3 and all(a < b for a, b in itertools.pairwise(found)) for line in shapes[words]}


def _split_heading(rest: str) -> tuple[str, str]:
    """A short title right after the number ("Illegal access. — A person who…") is the heading."""
    rest = rest.lstrip(" —–-")
    match = re.match(r"^(?P<heading>[^.—–:]{3,120}?)\s*(?:[.:]\s*[—–-]|[—–]|\.\s+(?=[A-Z(«]))\s*(?P<body>.*)$",
                     rest)
    if match and len(match.group("heading").split()) <= 14 and not BODY_OPENING.match(match.group("heading")) \
            and not SUB_MARK.search(match.group("heading")):
        return match.group("heading").strip(" .—–-"), match.group("body").strip()
    # A heading run into its first sub-section, as web pages and scraped consolidations print it:
    # "Refusal of assistance (1) A request by a foreign country …".
    run_in = re.match(r"^(?P<heading>[A-Z][^.()—–:;]{2,100}?)\s+(?P<body>\((?:1|a)\)\s.*)$", rest)
    if run_in and len(run_in.group("heading").split()) <= 12 and not BODY_OPENING.match(run_in.group("heading")):
        return run_in.group("heading").strip(), run_in.group("body").strip()
    if _is_title_line(rest):
        return rest.strip(" .—–-"), ""
    return "", rest.strip()


#: A sub-section or paragraph marker: a title never contains one ("(1) In this Act—" is the body).
SUB_MARK = re.compile(r"\((?:\d{1,2}|[a-z])\)")


#: Words that open the body of a provision rather than a title ("A person who…", "Le fait de…", "Where…").
BODY_OPENING = re.compile(
    r"^(?:an?|any|every|everyone|no|whoever|where|if|when|whenever|subject|notwithstanding|except|nothing|for|in|on"
    r"|this|the|le|la|les|l'|un|une|tout|toute|quiconque|lorsque|lorsqu'|si|sans|sous|il|est|sont|sera|seront|dans"
    r"|pour|ceux|celui|sauf|sous réserve)\b", re.IGNORECASE)


def _is_title_line(rest: str, limit: int = 18) -> bool:
    """A title alone on the reference line ("Section 3. Unauthorised access", the body on the next lines).

    Conservative: short, capitalised, no sentence punctuation, and not opening like a body (a provision whose
    first sentence wraps onto the next line must not lose its first words to the heading).
    """
    words = rest.split()
    return (0 < len(words) <= limit and rest[:1].isupper() and not re.search(r"[.;,:]\s*$|\(\d|\d\)", rest)
            and not BODY_OPENING.match(rest))


def _nest_heading(context: list[str], line: str, label: str) -> list[str]:
    """A new "Part II" ends "Part I" and everything under it; another kind of heading nests below (3 levels)."""
    for index, earlier in enumerate(context):
        if earlier.split(maxsplit=1)[0].lower() == label.lower():
            return [*context[:index], line]
    return [*context[-2:], line]


def _is_quoted_insert(line: str) -> bool:
    return line.lstrip().startswith(("«", '"', "“"))


def _labelled(line: str) -> re.Match[str] | None:
    """A provision opened by its label ("Section 4", "Art. 509-1"), not an amendment-history note."""
    if HISTORY_NOTE.match(line):
        return None
    match = PROVISION.match(line)
    if match and match.group("label").lower() == "section" and (
            (re.match(r"^\s*(?i:section)\s+\d+\s*[:.\-–—]?\s*[A-ZÉ][^.]{0,80}$", line) and _looks_like_french_heading(line))
            or FRENCH_SECTION_HEADING.match(line)):
        return None
    if match and CROSS_REFERENCE_LIST.match(match.group("rest")):
        return None
    return match


def _bare(line: str, labelled_style: bool) -> re.Match[str] | None:
    """A provision opened by a bare number. In a law whose provisions carry labels ("Article 5"), a bare number
    opens a provision only when a title follows it ("5. Illegal interception. A person …"): "1. Quiconque …" is a
    numbered paragraph of the article, not a provision of its own."""
    match = BARE_NUMBERED.match(line)
    if match is None or re.match(r"^\d{4}\s*[,;]", line):
        return None
    rest = match.group("rest")
    if re.match(r"^(?:No\s+\d|c\.\s|ch\.\s|s\.\s|art\.\s)", rest):  # "2003 No 39", citations of statutes
        return None
    if labelled_style:
        # "1. l'interdiction d'utiliser le moyen concerné. Le moyen …" is an item of a list: a title opens with a capital.
        title, _body = _split_heading(rest)
        return match if title and not BODY_OPENING.match(rest) and not title[:1].islower() else None
    return match


def segment(text: str) -> list[Provision]:
    """Provisions in document order. Text before the first provision (titles, preamble) is ignored, and so is a
    table of contents (arrangement of sections)."""
    lines = _clean_lines(text)
    # The numbering style of the law: labelled ("Article 5", "Section 4") or bare ("19. (1) …", "249 Accessing …").
    # In a labelled law a bare number opens a provision only with a title after it; in a bare-numbered law a line
    # opening with "Section 15.1 (…) applies …" is a cross-reference in a sentence, not a provision.
    labelled_lines = sum(1 for line in lines if _labelled(line))
    bare_lines = sum(1 for line in lines if _bare(line, labelled_style=False) or BARE_ALONE.match(line))
    labelled_style = labelled_lines >= 1 and labelled_lines * 3 > bare_lines
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

    preamble: list[str] = []

    def marginal_note() -> str:
        """A marginal note printed on the line before its section ends the previous provision's body: it is the
        heading of the next one (before the first provision: the line just before it, unless in capitals)."""
        if current is None:
            last = preamble[-1] if preamble else ""
            return last if _is_title_line(last, limit=12) and not last.isupper() else ""
        if body and _is_title_line(body[-1], limit=12) and not SUBSECTION.match(body[-1]) \
                and not re.search(r"\d{4}|\bc\. ", body[-1]):
            return body.pop()
        return ""

    for position, line in enumerate(lines):
        if EXPLANATORY.match(line) and (current is not None or provisions):
            break  # the Bill's explanatory statement: its numbered paragraphs describe the clauses, they are not law
        provision = _labelled(line) if labelled_style else None
        bare = None if provision else _bare(line, labelled_style)
        alone = None if (provision or bare or labelled_style) else BARE_ALONE.match(line)
        # A heading opens with a capital: "chapitre s'appliquent …" at the start of a line is a sentence wrapped by
        # the print width ("… du présent / chapitre s'appliquent …").
        heading = None if (provision or bare or alone or line.lstrip()[:1].islower()) else HEADING.match(line)
        if alone:
            note = marginal_note()
            close()
            current = Provision(ref=f"Section {alone.group('number')}", heading=note, text=alone.group("sub") or "",
                                context=list(context))
        elif provision or bare:
            note = marginal_note()
            close()
            match = provision or bare
            assert match is not None
            number = re.sub(r"\s+", " ", match.group("number").strip())
            ref = (f"{_label(provision.group('label'))} {number}" if provision else f"Section {number}")
            title, rest = _split_heading(match.group("rest"))
            following = lines[position + 1] if position + 1 < len(lines) else ""
            if title and not rest and _continues_title(following, lines[position + 2:position + 3]):
                title = f"{title} {following}"
                lines[position + 1] = ""
            current = Provision(ref=ref.replace("  ", " "), heading=title or note, text=rest, context=list(context))
        elif heading and not BARE_NUMBERED.match(line) and not _sentence_about_a_section(heading):
            context = _nest_heading(context, line, heading.group("label"))
            if current is not None and not current.text and not body and (
                    FRENCH_SECTION_HEADING.match(line) or heading.group("label").lower() in FRENCH_SUBDIVISIONS):
                # "Article 29" then "Section 3. – …" then the article's text: the extraction printed the heading of
                # the subdivision after the number that opens it; the article stays open, in its subdivision.
                current.context = list(context)
            else:
                close()
        elif current is not None and line:
            body.append(line.strip(" »\"”") if _is_quoted_insert(line) else line)
        elif line:
            preamble.append(line)
    close()
    block = _contents_block(provisions)
    for item in provisions[:block]:
        if not item.heading and len(item.text.split()) <= CONTENTS_TITLE_WORDS:
            item.heading, item.text = item.text.strip(" ."), ""
    _place_marginal_notes(provisions)
    provisions = _without_contents(provisions[block:])
    result: list[Provision] = []
    for found in provisions:
        result.extend(_split_offence_subsections(found))
    for index, item in enumerate(result):
        item.position = index
    return [item for item in result if item.text or item.heading]


def _continues_title(line: str, after: list[str]) -> bool:
    """A heading wrapped by the print width: a short lower-case continuation followed by the body."""
    return bool(line) and line[:1].islower() and len(line.split()) <= 8 and not re.search(r"[.;:,]$", line) \
        and bool(after) and bool(SUBSECTION.match(after[0]) or BODY_OPENING.match(after[0]))


def _normal(title: str) -> str:
    return re.sub(r"[^a-zà-ÿ0-9]+", " ", title.lower()).strip()


def _place_marginal_notes(provisions: list[Provision]) -> None:
    """In a PDF the marginal note of a section may come out after the section's text, wrapped over several lines
    ("Unauthorised access" / "to a computer system"), or before it. With a table of contents the titles are
    known: a note matching a section's title in the contents becomes that section's heading, wherever it was
    printed."""
    contents = {item.ref: _normal(item.heading) for item in provisions if item.heading and not item.text.strip()}
    if not contents:
        return
    for index, item in enumerate(provisions):
        if not item.text.strip():
            continue
        following = provisions[index + 1] if index + 1 < len(provisions) else None
        # A note printed after the previous section, taken as this section's heading while streaming.
        if item.heading and _normal(item.heading) != contents.get(item.ref) and index and \
                _normal(item.heading) == contents.get(provisions[index - 1].ref) and not provisions[index - 1].heading:
            provisions[index - 1].heading, item.heading = item.heading, ""
        lines = item.text.split("\n")
        for count in (3, 2, 1):
            if len(lines) <= count:
                continue
            tail = lines[-count:]
            if not all(len(line.split()) <= 10 and not re.search(r"[.;:,]$", line) for line in tail):
                continue
            candidate = " ".join(tail)
            target = item if _normal(candidate) == contents.get(item.ref) and not item.heading else (
                following if following is not None and not following.heading
                and _normal(candidate) == contents.get(following.ref) else None)
            if target is not None:
                target.heading = candidate
                item.text = "\n".join(lines[:-count])
                break


def _contents_block(provisions: list[Provision]) -> int:
    """How many leading provisions are a table of contents (an arrangement of sections or clauses): the numbering
    starts again later (the first number is met a second time) and most entries before that point are titles, not
    sentences, whose numbers all come again. Its last entry may have swallowed the long title that follows."""
    if len(provisions) < 4:
        return 0
    first = provisions[0].ref
    restart = next((index for index in range(1, len(provisions)) if provisions[index].ref == first), 0)
    if restart < 3:
        return 0
    block, later = provisions[:restart], {item.ref for item in provisions[restart:]}
    short = sum(1 for item in block if len(item.text.split()) <= CONTENTS_TITLE_WORDS)
    again = sum(1 for item in block if item.ref in later)
    return restart if short >= 0.7 * len(block) and again >= 0.8 * len(block) else 0


def _without_contents(provisions: list[Provision]) -> list[Provision]:
    """Drop the entries of a table of contents: a provision with a title and no text whose number appears again
    later with a body (the contents lists every section once before the sections themselves)."""
    later_with_text: dict[str, int] = {}
    for index, item in enumerate(provisions):
        if item.text.strip():
            later_with_text[item.ref] = index
    kept = []
    for index, item in enumerate(provisions):
        is_entry = not item.text.strip() and len(item.heading.split()) <= CONTENTS_TITLE_WORDS
        if is_entry and later_with_text.get(item.ref, -1) > index:
            continue
        kept.append(item)
    return kept


def _sentence_about_a_section(heading: re.Match[str]) -> bool:
    """"Section 29 of the principal Act is amended …" opens a sentence of an amending law, not a heading."""
    return heading.group("label").lower() == "section" and bool(
        re.match(r"(?:of|to|in|is|are|has|shall|applies|and)\b", heading.group("rest")))


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
    markers, previous_letter = [], ""
    for marker in MARKER.finditer(text):
        number = marker.group("number")
        if number in ROMAN and not (len(number) == len(previous_letter) == 1
                                    and ord(number) == ord(previous_letter) + 1):
            continue
        if number.isalpha():
            previous_letter = number
        markers.append(marker)
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
