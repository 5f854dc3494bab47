"""Words for the evidence vault's codes: custody events and format results, in English and French.

Pages, PDFs and packages show these labels, never the codes stored in the hashed records (``exported``,
``fixity_checked``, ``mismatch``).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from glacy.evidence.custody import EventType
from glacy.evidence.wording import Sentence

EVENT_LABELS = {
    EventType.SEIZED: _("seized"),
    EventType.ACQUIRED: _("acquired"),
    EventType.RECEIVED: _("received"),
    EventType.TRANSFERRED: _("transferred"),
    EventType.ACCESSED: _("accessed"),
    EventType.EXAMINED: _("examined"),
    EventType.COPIED: _("copied"),
    EventType.VERIFIED: _("verified"),
    EventType.EXPORTED: _("exported"),
    EventType.SEALED: _("sealed"),
    EventType.RETURNED: _("returned"),
    EventType.DISPOSED: _("disposed of"),
    EventType.FIXITY_CHECKED: _("stored copy re-hashed (fixity)"),
    EventType.KEY_CREATED: _("node signing key created"),
    EventType.KEY_ROTATED: _("node signing key replaced"),
    EventType.KEY_ENCRYPTION: _("node encryption key introduced"),
    EventType.KEY_REVOKED: _("node key revoked"),
}

RESULT_LABELS = {
    "verified": _("verified"),
    "mismatch": _("DOES NOT MATCH"),
    "absent": _("none stated"),
    "not_checked": _("not checked"),
    "intact": _("intact"),
    "restored": _("restored"),
}

#: What broke in an exhibit's chain (custody_chain.ChainReport.problem).
CHAIN_PROBLEM_LABELS = {
    "changed": _("changed"),
    "deleted": _("deleted"),
    "reordered": _("reordered"),
    "inserted": _("inserted"),
}

FORMAT_LABELS = {
    "file": _("file"),
    "zip": _("ZIP archive"),
    "tar": _("TAR archive"),
    "warc": _("WARC web capture"),
    "wacz": _("WACZ web capture"),
    "e01": _("E01 disk image"),
    "split_raw": _("split raw image"),
    "folder": _("folder"),
}


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))  # type: ignore[call-overload]


def result_label(code: str) -> str:
    return str(RESULT_LABELS.get(code, code))


def chain_problem_label(code: str | None) -> str:
    return str(CHAIN_PROBLEM_LABELS.get(code or "", code or ""))


def format_label(code: str) -> str:
    return str(FORMAT_LABELS.get(code, code))


def translated(text: object) -> str:
    """``text`` in the active language: a :class:`~glacy.evidence.wording.Sentence` of an engine module is looked up
    in the catalogue (and so are the sentences among its values); any other text is shown as it is."""
    if not isinstance(text, Sentence):
        return str(text)
    if not text.values:
        return gettext(text.template)
    return gettext(text.template) % {name: translated(value) for name, value in text.values.items()}


def translated_error(error: BaseException) -> str:
    """An exception's message in the active language when an engine module raised it with a sentence (the
    message of any other exception — a JSON parser's, the system's — as it is)."""
    message = error.args[0] if len(error.args) == 1 else None
    return translated(message) if isinstance(message, Sentence) else str(error)
