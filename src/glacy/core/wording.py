"""Sentences of framework-free modules: English as produced, the reader's language on a page.

Framework-free modules (the evidence engine — ``custody_chain``, ``integrity``, ``trust``, ``witness``,
``timestamping`` — and the exchange's key history) also run without Django — the package verifier, the tamper
runner, a peer's identity check — so they cannot call gettext when they word a problem. They mark each sentence
with :func:`_` and fill it with ``%`` and named placeholders, exactly as with gettext, so ``make messages``
extracts it into the French catalogue. The result is a :class:`Sentence`: a plain ``str`` holding the English
text (what a command prints, what custody records and audit events store, what tests compare), which also
remembers its template and values, so that Django code shows it in the active language (:func:`translated`).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["Sentence", "_", "translated", "translated_error"]


class Sentence(str):
    """English text that can still be translated: its template (the catalogue's msgid) and its values, which may
    themselves be sentences (a problem inside a checkpoint's label)."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, values: Mapping[str, object] | None = None) -> Sentence:
        sentence = super().__new__(cls, template if values is None else template % values)
        sentence.template = template
        sentence.values = dict(values or {})
        return sentence

    def __mod__(self, values: object) -> Sentence:
        if not isinstance(values, Mapping):
            raise TypeError("a sentence is filled with named placeholders: % {'name': value}")
        return Sentence(self.template, values)


def _(template: str) -> Sentence:
    """Mark ``template`` for translation (extracted like gettext) without translating it now."""
    return Sentence(template)


def translated(text: object) -> str:
    """``text`` in the active language (Django's): a :class:`Sentence` is looked up in the catalogue (and so are
    the sentences among its values); any other text is shown as it is."""
    if not isinstance(text, Sentence):
        return str(text)
    from django.utils.translation import gettext  # only here: the rest of this module runs without Django

    if not text.values:
        return gettext(text.template)
    return gettext(text.template) % {name: translated(value) for name, value in text.values.items()}


def translated_error(error: BaseException) -> str:
    """An exception's message in the active language when a framework-free module raised it with a sentence (the
    message of any other exception — a JSON parser's, the system's — as it is)."""
    message = error.args[0] if len(error.args) == 1 else None
    return translated(message) if isinstance(message, Sentence) else str(error)
