"""The elements of an article (articles.py) found in, or missing from, a provision's text, and the
recommendation that follows from what is missing. Shared by mappings, the matrix and the report, so a gap
is described the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from glacy.legislation.articles import RULES, ArticleRule

_RULES_BY_ARTICLE = {(rule.instrument, rule.article): rule for rule in RULES}


def rule_for(instrument_code: str, article_number: str) -> ArticleRule | None:
    return _RULES_BY_ARTICLE.get((instrument_code, article_number))


def missing_element_keys(instrument_code: str, article_number: str, text: str) -> list[str]:
    """Keys of the article's elements that the text does not contain (empty when the article has no rule)."""
    rule = rule_for(instrument_code, article_number)
    if rule is None:
        return []
    return [element.key for element in rule.elements if not element.pattern.search(text)]


def all_element_keys(instrument_code: str, article_number: str) -> list[str]:
    rule = rule_for(instrument_code, article_number)
    return [element.key for element in rule.elements] if rule else []


def element_labels(instrument_code: str, article_number: str, keys: Iterable[str],
                   language: str | None = None) -> list[str]:
    """Human labels of element keys in the language asked for (default: the active language)."""
    rule = rule_for(instrument_code, article_number)
    french = (language or get_language() or "en").startswith("fr")
    labels = {element.key: element.label_fr if french else element.label_en for element in rule.elements} \
        if rule else {}
    return [labels.get(key, key) for key in keys]


def recommendation(*, instrument_code: str, article_number: str, article_title: str, coverage: str,
                   missing_keys: Iterable[str]) -> str:
    """A one-sentence recommendation for a gap, in the active language; empty when there is no gap."""
    labels = element_labels(instrument_code, article_number, missing_keys)
    values = {"number": article_number, "title": article_title, "elements": "; ".join(labels)}
    if coverage == "absent":
        if labels:
            return _("Adopt a provision implementing Art. %(number)s (%(title)s) that covers: %(elements)s.") % values
        return _("Adopt measures implementing Art. %(number)s (%(title)s), or record why none are needed.") % values
    if coverage == "partial":
        if labels:
            return _("Amend the law so that Art. %(number)s (%(title)s) is fully covered: add %(elements)s.") % values
        return _("Amend the law so that Art. %(number)s (%(title)s) is fully covered (see the reviewer's note).") \
            % values
    return ""
