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


# What the transport stores when a node cannot be reached (transport.py: the httpx error's class, or the HTTP
# status a node answered), and the steps of the worker's peer upkeep that prefix it.
NETWORK_ERRORS: dict[str, Any] = {
    "ConnectError": _("the node could not be reached (refused, no route or unknown address)"),
    "ConnectTimeout": _("the node did not answer the connection in time"),
    "ReadTimeout": _("the node took too long to answer"),
    "WriteTimeout": _("the node took too long to take the data"),
    "PoolTimeout": _("the node took too long to answer"),
    "ReadError": _("the connection to the node broke off"),
    "WriteError": _("the connection to the node broke off"),
    "RemoteProtocolError": _("the node's answer was not valid HTTP"),
    "UnsupportedProtocol": _("the node's address is not an http(s) address"),
}
_NETWORK = re.compile(r"([A-Z][A-Za-z]+): (.*)", re.DOTALL)
_HTTP_STATUS = re.compile(r"\S.* answered HTTP (\d{3}):.*", re.DOTALL)
_NOT_PROTOCOL = ("the inbox answer is not the protocol's JSON", "the inbox did not answer one result per message")
_UPKEEP = {"identity refresh: ": _("identity document not fetched: %(error)s"),
           "directory: ": _("directory not synchronised: %(error)s")}


def _network_in_words(text: str) -> str | None:
    network = _NETWORK.fullmatch(text)
    if network and network.group(1) in NETWORK_ERRORS:
        return str(NETWORK_ERRORS[network.group(1)])
    status = _HTTP_STATUS.fullmatch(text)
    if status:
        return str(_("the node answered with an error (HTTP %(status)s)") % {"status": status.group(1)})
    if text in _NOT_PROTOCOL:
        return str(_("the node's answer is not the exchange protocol (check its address)"))
    return None


def reason_in_words(text: str) -> str:
    """A delivery error or refusal as a reader sees it: a stored ``code: detail`` (what a receiving inbox
    answers, kept as is for the audit trail) or network error becomes its translated label; a reason the
    other side wrote in words is shown as written."""
    if not text:
        return ""
    for prefix, wording in _UPKEEP.items():
        if text.startswith(prefix):
            return str(wording % {"error": reason_in_words(text[len(prefix):])})
    network = _network_in_words(text)
    if network is not None:
        return network
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
