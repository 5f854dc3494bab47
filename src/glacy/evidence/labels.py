"""Words for the evidence vault's codes: custody events and format results, in English and French.

Pages, PDFs and packages show these labels, never the codes stored in the hashed records (``exported``,
``fixity_checked``, ``mismatch``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from glacy.core.wording import translated as translated  # re-exported: pages and services import it from here
from glacy.core.wording import translated_error as translated_error
from glacy.evidence.custody import EventType

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
