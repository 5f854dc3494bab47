"""Sentences of the framework-free engine modules: English as produced, the reader's language on a page.

The engine modules (``custody_chain``, ``integrity``, ``trust``, ``witness``, ``timestamping``) also run without
Django — the package verifier, the tamper runner — so they cannot call gettext. They mark each sentence with
:func:`_` and fill it with ``%`` and named placeholders, exactly as with gettext, so ``make messages`` extracts it
into the French catalogue. The result is a :class:`Sentence`: a plain ``str`` holding the English text (what a
command prints, what custody records and audit events store, what tests compare), which also remembers its
template and values, so that Django code shows it in the active language (``glacy.evidence.labels.translated``).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["Sentence", "_"]


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
