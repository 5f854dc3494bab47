"""Changing this node's keys: rotation (routine) and revocation (a key lost or compromised).

Each change is one statement appended to the key history and one audit event, in one transaction. The new
private key is parked beside the current file first and takes its place only once the statement is
committed (keyfiles.py); if the process stops in between, the next read of the key finishes the swap.
Peers learn the change from the node's identity document (and, once exchange runs, with the next message).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import DomainError, ValidationFailed
from glacy.exchange import keyfiles
from glacy.exchange.keyhistory import (
    ENCRYPTION,
    SIGNING,
    KeyHistory,
    KeyRecord,
    apply_statement,
    statement_encryption,
    statement_revoke,
    statement_rotate,
)
from glacy.exchange.keys import encryption_key_path, node_history, node_signing_key, store_statements
from glacy.exchange.permissions import require_node_administrator


class KeyChangeConflict(DomainError):
    """Another key change was committed at the same moment; nothing was changed by this one."""


def _check_actor(actor: Any) -> None:
    require_node_administrator(actor)


def _commit(*, actor: Any, history: KeyHistory, statement: str, action: str, details: dict[str, Any],
            parked: tuple[Path, Path, str] | None, fingerprint: str) -> KeyRecord:
    """Append `statement` and audit it; when a new key was `parked` (pending file, key file, fingerprint),
    swap the key file once committed, and remove the parked file if nothing was committed."""
    extended = apply_statement(history, statement)
    try:
        with transaction.atomic():
            rows = store_statements(extended, len(history.statements))
            record_event(actor=actor, action=action, obj=rows[0], object_repr=f"key history of {history.node}",
                         after=details)
            if parked is not None:
                _pending, target, new = parked
                transaction.on_commit(lambda: keyfiles.promote_pending(target, new))
    except IntegrityError as error:
        if parked is not None:
            parked[0].unlink(missing_ok=True)
        raise KeyChangeConflict(_("Another key change was made at the same time. Nothing was changed: "
                                  "look at the key history and try again.")) from error
    except BaseException:
        if parked is not None:
            parked[0].unlink(missing_ok=True)
        raise
    record = extended.find(fingerprint)
    assert record is not None
    return record


def node_signing_key_rotate(*, actor: Any, now: datetime.datetime | None = None) -> KeyRecord:
    """Replace the signing key with a new one; the old key signs the statement and is retired from now."""
    _check_actor(actor)
    history = node_history()
    old = node_signing_key()
    new = Ed25519PrivateKey.generate()
    moment = now or timezone.now()
    target = Path(settings.NODE_KEY_PATH)
    statement = statement_rotate(history, old, new, moment=moment)
    pending = keyfiles.write_pending(target, new)
    fingerprint = keyfiles.key_fingerprint(new.public_key())
    return _commit(actor=actor, history=history, statement=statement,
                   parked=(pending, target, fingerprint), fingerprint=fingerprint,
                   action="exchange.signing_key_rotated",
                   details={"retired": keyfiles.key_fingerprint(old.public_key()), "new": fingerprint})


def node_encryption_key_rotate(*, actor: Any, algorithm: str = "X25519",
                               now: datetime.datetime | None = None) -> KeyRecord:
    """Replace the encryption key (X25519, or RSA-OAEP-256 for a Party that needs RSA); signed by the
    current signing key."""
    _check_actor(actor)
    if algorithm not in {"X25519", "RSA-OAEP-256"}:
        raise ValidationFailed({"algorithm": [_("Choose X25519 or RSA-OAEP-256.")]})
    history = node_history()
    new: keyfiles.PrivateKey = (X25519PrivateKey.generate() if algorithm == "X25519"
                                else rsa.generate_private_key(public_exponent=65537, key_size=3072))
    moment = now or timezone.now()
    target = encryption_key_path()
    current = history.current(ENCRYPTION)
    statement = statement_encryption(history, node_signing_key(), new, moment=moment)
    pending = keyfiles.write_pending(target, new)
    fingerprint = keyfiles.key_fingerprint(new.public_key())
    return _commit(actor=actor, history=history, statement=statement, parked=(pending, target, fingerprint),
                   fingerprint=fingerprint, action="exchange.encryption_key_rotated",
                   details={"retired": current.fingerprint if current else "", "new": fingerprint,
                            "algorithm": algorithm})


def node_key_revoke(*, actor: Any, fingerprint: str, reason: str, invalid_from: datetime.datetime | None = None,
                    now: datetime.datetime | None = None) -> KeyRecord:
    """Withdraw one of this node's keys from `invalid_from` (default: now). A current key is replaced in the
    same statement; signatures dated from `invalid_from` on no longer verify anywhere the history is known.

    Returns the record of the revoked key.
    """
    _check_actor(actor)
    history = node_history()
    target_record = history.find(fingerprint)
    moment = now or timezone.now()
    start = invalid_from or moment
    errors: dict[str, list[str]] = {}
    if target_record is None:
        errors["fingerprint"] = [_("This node has no key with that fingerprint.")]
    elif target_record.revoked_at is not None:
        errors["fingerprint"] = [_("That key is already revoked.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the key is revoked (lost, stolen, suspected compromise…).")]
    if start > moment:
        errors["invalid_from"] = [_("A key cannot be revoked from a moment in the future.")]
    if errors:
        raise ValidationFailed(errors)
    assert target_record is not None
    replacement: keyfiles.PrivateKey | None = None
    if target_record.is_current:
        replacement = (Ed25519PrivateKey.generate() if target_record.use == SIGNING
                       else X25519PrivateKey.generate() if target_record.algorithm == "X25519"
                       else rsa.generate_private_key(public_exponent=65537, key_size=3072))
    statement = statement_revoke(history, node_signing_key(), fingerprint=fingerprint, invalid_from=start,
                                 reason=reason.strip(), moment=moment, replacement=replacement,
                                 replacement_use=target_record.use)
    details: dict[str, Any] = {"revoked": fingerprint, "invalid_from": start, "reason": reason.strip()}
    parked = None
    if replacement is not None:
        path = Path(settings.NODE_KEY_PATH) if target_record.use == SIGNING else encryption_key_path()
        new_fingerprint = keyfiles.key_fingerprint(replacement.public_key())
        parked = (keyfiles.write_pending(path, replacement), path, new_fingerprint)
        details["replacement"] = new_fingerprint
    return _commit(actor=actor, history=history, statement=statement, action="exchange.key_revoked",
                   details=details, parked=parked, fingerprint=fingerprint)
