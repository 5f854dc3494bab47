"""Page labels for the codes the exchange stores (refusal reasons), in English and French."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

REFUSAL_REASONS: dict[str, Any] = {
    "malformed": _("not a well-formed message"),
    "stale_encryption_key": _("encrypted to a key this node no longer uses"),
    "undecryptable": _("cannot be decrypted (damaged or not for this node)"),
    "unknown_sender": _("from a node that is not a peer"),
    "peer_not_active": _("from a suspended peer or one that left"),
    "key_history_broken": _("the sender's key history does not verify"),
    "unknown_signing_key": _("signed by a key the sender's history does not name"),
    "bad_signature": _("the signature does not match the content (tampered)"),
    "key_awaiting_confirmation": _("signed by a replacement key not yet confirmed"),
    "key_not_valid": _("signed by a key that was revoked or retired at the time"),
    "wrong_node": _("addressed to another node"),
    "not_yet_valid": _("dated in the future"),
    "expired": _("expired"),
    "lifetime_too_long": _("valid for too long"),
    "unknown_recipient": _("for an authority this node does not have"),
    "unknown_sender_authority": _("from an authority the sender's node does not publish"),
    "not_party": _("the sender is not a party to this conversation"),
    "sequence_replayed": _("replay of a message already received"),
    "too_many_held": _("too many messages waiting for an earlier one"),
    "id_reused": _("a message id used twice for different content"),
    "concurrent_duplicate": _("received twice at the same moment"),
    "duplicate": _("duplicate, ignored"),
}


def refusal_label(code: str) -> Any:
    return REFUSAL_REASONS.get(code, code)


_CODED = re.compile(r"([a-z][a-z_]*): ?(.*)", re.DOTALL)
_EXPIRED = "expired before delivery; last error: "
_NOT_ACTIVE = re.compile(r"(?:node )?(\S+) is not an active peer")

# Codes a receiving node's inbox or transfer endpoint answers besides the refusals above.
DELIVERY_ERRORS: dict[str, Any] = {
    "size": _("too large for the receiving node"),
    "invalid": _("not a valid delivery"),
    "unknown_peer": _("this node is not a peer of the receiving node"),
    "refused": _("refused by the receiving node"),
    "unknown_transfer": _("the receiving node does not know the file"),
    "forbidden": _("the receiving node did not accept the file's credentials"),
}


def reason_in_words(text: str) -> str:
    """A delivery error or refusal as a reader sees it: a stored ``code: detail`` (what a receiving inbox
    answers, kept as is for the audit trail) becomes its translated label; a reason the other side wrote in
    words is shown as written."""
    if not text:
        return ""
    if text.startswith(_EXPIRED):
        return str(_("expired before it could be delivered (last error: %(error)s)") % {
            "error": reason_in_words(text[len(_EXPIRED):])})
    not_active = _NOT_ACTIVE.fullmatch(text)
    if not_active:
        return str(_("%(node)s is not an active peer (suspended, left, or never added)") % {
            "node": not_active.group(1)})
    coded = _CODED.fullmatch(text)
    if coded:
        label = REFUSAL_REASONS.get(coded.group(1)) or DELIVERY_ERRORS.get(coded.group(1))
        if label is not None:
            return str(label)
    return text
