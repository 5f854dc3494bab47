"""Every page, as every persona, in English and French: no raw code, no untranslated string, no time without zone.

The pages are the GET routes of the authorization matrix (tests/authorization.py), so a new page is walked as
soon as it has its access rule. Read as people read a page: the visible text, the option texts and the
accessible names (aria-label, title, placeholder); not code samples (<code>, <pre>), scripts or URLs.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from glacy.cooperation.services.workflow import request_transition
from glacy.core import labels
from tests.authorization import PERSONAS, ROUTES
from tests.factories import UserFactory

CATALOGUE = Path(__file__).parents[2] / "src/glacy/locale/fr/LC_MESSAGES/django.po"
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea", "title"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "data-confirm")
#: A date and time of day, with seconds and fractions or not.
TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
ZONE_AFTER = re.compile(r"\s?(?:UTC(?:[+-]\d{2}:\d{2})?|Z\b|[+-]\d{2}:\d{2})")
SNAKE = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@/-])")
DOTTED = re.compile(r"(?<![\w@./-])[a-z_]+\.[a-z_]+(?:\.[a-z_]+)?(?![\w@/-])")


VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"}


class _Reader(HTMLParser):
    """The texts a person reads on a page, each with the language it is marked in (lang attributes)."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []
        self._skipping: list[str] = []
        self._languages: list[tuple[str, str]] = [("", language)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID:
            self._languages.append((tag, values.get("lang") or self._languages[-1][1]))
        if tag in SKIPPED_TAGS:
            self._skipping.append(tag)
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append((" ".join(value.split()), self._languages[-1][1]))

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
        for index in range(len(self._languages) - 1, 0, -1):
            if self._languages[index][0] == tag:
                del self._languages[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.texts.append((" ".join(data.split()), self._languages[-1][1]))


def _catalogue() -> dict[str, str]:
    """English msgid → French msgstr, for one-line messages without placeholders."""
    entries: dict[str, str] = {}
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if len(lines) == 2 and lines[0].startswith("msgid ") and lines[1].startswith("msgstr "):
            msgid, msgstr = ast.literal_eval(lines[0][6:]), ast.literal_eval(lines[1][7:])
            if msgid and "%" not in msgid and "{" not in msgid:
                entries[msgid] = msgstr
    return entries


def _raw_codes() -> set[str]:
    """Stored codes whose label differs from them: seeing one on a page means a label was forgotten."""
    codes = set()
    for kind in labels.kinds():
        for code, text in labels.table(kind).items():
            if code != text and (("_" in code) or ("." in code) or re.fullmatch(r"[A-Z]+\d+(-[\d-]+)?", code)):
                codes.add(code)
    codes.update(labels.audit_action_codes())
    return codes


def _problems(html: str, *, language: str, catalogue: dict[str, str], codes: set[str]) -> list[str]:
    reader = _Reader(language)
    reader.feed(html)
    french = {text.lower() for text in catalogue.values()}
    prefixes = {code.split(".")[0] for code in codes if "." in code}
    found = []
    for text, marked in reader.texts:
        for match in TIME.finditer(text):
            if not ZONE_AFTER.match(text, match.end()):
                found.append(f"time without zone: {text!r}")
        words = set(SNAKE.findall(text)) | set(DOTTED.findall(text)) | set(re.findall(r"\b[A-Z]+\d+-[\d-]+\b", text))
        # A stored code, or something shaped like an audit action of a known family (user.something).
        found += [f"raw code {word!r} in {text!r}" for word in sorted(words)
                  if word in codes or ("." in word and word.split(".")[0] in prefixes)]
        if (language == "fr" and marked == "fr" and len(text) > 3 and catalogue.get(text) not in (None, text)
                and text.lower() not in french):
            found.append(f"untranslated: {text!r}")
    return found


@pytest.fixture
def busy_world(world: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """The world with a request sent to the foreign authority, so that both sides have something to read."""
    from tests.cooperation.helpers import build_complete_request

    with django_capture_on_commit_callbacks(execute=True):
        sent = build_complete_request(world, "ETS185-29", requested=world.foreign)
        # What a person would type, not the helper's "Content for <field>." placeholders.
        sent.content = {name: ("Ama Mensah, +233 30 266 4000" if name == "contact_person" else
                               True if value is True else "Facts as the drafter wrote them.")
                        for name, value in sent.content.items()}
        sent.save(update_fields=["content"])
        request_transition(actor=world.users["drafter"], request=sent, action="send")
        request_transition(actor=world.users["foreign"], request=sent, action="acknowledge")
    world.objects["sent_request"] = sent
    UserFactory(username="second-foreign", authority=world.foreign, roles=["drafter"])
    return world


def _html_pages(world: Any) -> list[tuple[str, Any]]:
    pages = []
    for name, route in sorted(ROUTES.items()):
        if route.is_api or route.method != "get" or route.is_public:
            continue
        pages.append((reverse(name, kwargs=route.kwargs(world)), route))
    return pages


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_in_words_for_every_persona(language: str, busy_world: Any, client_for: Any) -> None:
    world = busy_world
    catalogue, codes = _catalogue(), _raw_codes()
    problems: dict[str, list[str]] = {}
    pages = [*_html_pages(world), (f"/cooperation/requests/{world.objects['sent_request'].pk}/", None), ("/notifications/", None), ("/account/", None), ("/evidence/", None)]
    walked = 0
    for persona in PERSONAS:
        if persona == "anonymous":
            continue
        user = world.users[persona]
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        http = client_for(user)
        for path, _route in pages:
            response = http.get(path)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            walked += 1
            found = _problems(response.content.decode(), language=language, catalogue=catalogue, codes=codes)
            if found:
                problems[f"{persona} {path}"] = sorted(set(found))[:6]
    assert walked > 200
    assert problems == {}


def test_the_walk_sees_raw_codes_untranslated_words_and_times_without_zone() -> None:
    """The detector itself, on a page that makes each mistake once (and shows what is allowed)."""
    html = ('<main><p>Status: awaiting_approval</p><p>Action: user.set_language</p><p>Type: ETS185-29</p>'
            '<p>Sent 2026-12-03 07:51</p><p>Sent <time>2026-12-03 07:51 UTC+08:00</time></p>'
            '<p>Cases</p><p lang="en">English</p><p>Affaires</p><code>contact_person</code>'
            '<p>act.txt, e.g. name@example.org</p><button aria-label="Sign out">x</button></main>')
    found = _problems(html, language="fr", catalogue=_catalogue(), codes=_raw_codes())
    assert found == [
        "raw code 'awaiting_approval' in 'Status: awaiting_approval'",
        "raw code 'user.set_language' in 'Action: user.set_language'",
        "raw code 'ETS185-29' in 'Type: ETS185-29'",
        "time without zone: 'Sent 2026-12-03 07:51'",
        "untranslated: 'Cases'",
        "untranslated: 'Sign out'",
    ]
