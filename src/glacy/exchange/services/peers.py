"""Adding, updating and retiring peers: the nodes this node trusts, each anchored by a key an administrator
confirmed out of band.

* `peer_add` — import a peer's signed identity document; the fingerprint typed by the administrator must be
  the key that signed it (read to them by the peer's operator over the telephone, in a letter, in person).
* `peer_identity_update` — a newer identity document (fetched from the peer or pushed by it): accepted only
  when it extends the key history already stored, statement for statement.
* `peer_key_confirm` — confirm a replacement key introduced by a revocation (see keyhistory.py).
* `peer_status_set` — suspend, resume, or record that the peer left the network.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.wording import translated_error
from glacy.exchange.identity import PeerIdentity, read_identity_document
from glacy.exchange.keyhistory import SIGNING, KeyHistoryError
from glacy.exchange.keys import history_of, is_confirmed, store_statements
from glacy.exchange.models import Peer, PeerKeyConfirmation
from glacy.exchange.permissions import require_node_administrator


def _check_actor(actor: Any) -> None:
    require_node_administrator(actor)


def _actor_name(actor: Any) -> str:
    return (actor.get_full_name() or actor.get_username()) if actor is not None else "operator (command line)"


def normalise_fingerprint(text: str) -> str:
    """Accept a fingerprint as read aloud (groups, spaces, colons, capitals)."""
    return "".join(character for character in text.lower() if character in "0123456789abcdef")


def _read(document: str, field: str = "document") -> PeerIdentity:
    try:
        return read_identity_document(document)
    except KeyHistoryError as error:
        raise ValidationFailed({field: [_("The identity document does not verify: %(problem)s") % {
            "problem": translated_error(error)}]}) from error


@transaction.atomic
def peer_add(*, actor: Any, document: str, fingerprint: str, channel: str = "") -> Peer:
    """Trust a new peer: its identity document verifies, and `fingerprint` (confirmed out of band) is the key
    that signed it. Stores its key history and records the confirmation and the audit event."""
    _check_actor(actor)
    identity = _read(document)
    confirmed = normalise_fingerprint(fingerprint)
    errors: dict[str, list[str]] = {}
    if len(confirmed) != 64:
        errors["fingerprint"] = [_("A fingerprint has 64 hexadecimal digits.")]
    elif confirmed != identity.signer:
        errors["fingerprint"] = [_("This is not the fingerprint of the key that signed the document: do not add "
                                   "the peer, and check with its operator by another channel.")]
    if identity.node == settings.NODE_ID:
        errors["document"] = [_("This is this node's own identity document.")]
    elif Peer.objects.filter(node=identity.node).exists():
        errors["document"] = [_("Node %(node)s is already a peer.") % {"node": identity.node}]
    elif history_of(identity.node).statements:
        errors["document"] = [_("A key history for node %(node)s is already stored; a node that lost its key must "
                                "join under a new name.") % {"node": identity.node}]
    if errors:
        raise ValidationFailed(errors)
    store_statements(identity.history, 0)
    peer = Peer.objects.create(node=identity.node, name=identity.name, country=identity.country,
                               organisation=identity.organisation, base_url=identity.base_url,
                               identity_document=identity.document, identity_issued_at=identity.issued_at,
                               added_by=actor if actor is not None else None)
    PeerKeyConfirmation.objects.create(peer=peer, fingerprint=confirmed, confirmed_by=actor,
                                       confirmed_by_name=_actor_name(actor), channel=channel.strip())
    record_event(actor=actor, action="exchange.peer_added", obj=peer,
                 after={"node": peer.node, "base_url": peer.base_url, "fingerprint": confirmed,
                        "channel": channel.strip()})
    return peer


@transaction.atomic
def peer_identity_update(*, actor: Any, peer: Peer, document: str) -> Peer:
    """Take a newer identity document of `peer` (fetched, or pushed by the peer itself: `actor` None).

    Its key history must extend the one stored, statement for statement; new statements were verified in
    chain from keys already trusted. The address and name change only when the document is signed by a key
    this node trusts (a replacement key awaiting confirmation cannot move the peer elsewhere).
    """
    _check_actor(actor)
    peer = Peer.objects.select_for_update().get(pk=peer.pk)
    identity = _read(document)
    stored = history_of(peer.node)
    known = [verified.statement for verified in stored.statements]
    new = [verified.statement for verified in identity.history.statements]
    if identity.node != peer.node:
        raise ValidationFailed({"document": [_("This is the identity document of another node.")]})
    if new[:len(known)] != known:
        raise ValidationFailed({"document": [_("Its key history does not continue the one stored for this peer "
                                                "(a different or rewritten history): it is refused.")]})
    if identity.issued_at <= peer.identity_issued_at and len(new) == len(known):
        return peer  # nothing newer
    added = store_statements(identity.history, len(known))
    signer = identity.history.find(identity.signer)
    trusted_signer = signer is not None and (not signer.needs_confirmation or is_confirmed(
        node=peer.node, fingerprint=signer.fingerprint))
    before = {"base_url": peer.base_url, "name": peer.name}
    if trusted_signer and identity.issued_at > peer.identity_issued_at:
        peer.name, peer.country, peer.organisation = identity.name, identity.country, identity.organisation
        peer.base_url, peer.identity_document = identity.base_url, identity.document
        peer.identity_issued_at = identity.issued_at
        peer.save()
    record_event(actor=actor, action="exchange.peer_identity_updated", obj=peer, before=before,
                 after={"base_url": peer.base_url, "name": peer.name, "new_key_statements": len(added),
                        "signed_by_trusted_key": trusted_signer})
    return peer


@transaction.atomic
def peer_key_confirm(*, actor: Any, peer: Peer, fingerprint: str, channel: str = "") -> PeerKeyConfirmation:
    """Record that the peer's signing key `fingerprint` was confirmed out of band (after a revocation)."""
    _check_actor(actor)
    confirmed = normalise_fingerprint(fingerprint)
    record = history_of(peer.node).find(confirmed)
    if record is None or record.use != SIGNING:
        raise ValidationFailed({"fingerprint": [_("This peer's key history has no signing key with this "
                                                  "fingerprint.")]})
    existing = PeerKeyConfirmation.objects.filter(peer=peer, fingerprint=confirmed).first()
    if existing is not None:
        return existing
    confirmation = PeerKeyConfirmation.objects.create(peer=peer, fingerprint=confirmed, confirmed_by=actor,
                                                      confirmed_by_name=_actor_name(actor), channel=channel.strip())
    record_event(actor=actor, action="exchange.peer_key_confirmed", obj=peer,
                 after={"fingerprint": confirmed, "channel": channel.strip()})
    return confirmation


@transaction.atomic
def peer_status_set(*, actor: Any, peer: Peer, status: str) -> Peer:
    """Suspend (nothing sent or accepted), resume, or mark the peer as having left the network (for good:
    its key history stays, to verify what it signed while it was a peer)."""
    _check_actor(actor)
    peer = Peer.objects.select_for_update().get(pk=peer.pk)
    if status not in Peer.Status.values:
        raise ValidationFailed({"status": [_("Unknown status.")]})
    if peer.status == Peer.Status.LEFT:
        raise PermissionDenied(_("This peer left the network; its status can no longer change."))
    before = peer.status
    peer.status = status
    peer.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="exchange.peer_status_changed", obj=peer, before={"status": before},
                 after={"status": status})
    return peer


def peer_contact_record(*, peer_node: str, error: str = "") -> None:
    """Note a successful exchange with a peer (or the last error); bookkeeping, not a domain change."""
    now = timezone.now()
    if error:
        Peer.objects.filter(node=peer_node).update(last_error=error[:2000], last_error_at=now)
    else:
        Peer.objects.filter(node=peer_node).update(last_contact_at=now, last_error="")
