"""Page labels for the codes the exchange stores (refusal reasons), in English and French."""

from __future__ import annotations

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
