"""The node's keys and the key histories of this node and its peers: the small public API other apps use.

* `node_signing_key()` — the current Ed25519 private key (file `settings.NODE_KEY_PATH`, the key evidence
  has always signed with).
* `node_encryption_key()` — the current X25519 (or RSA) private key that peers encrypt messages to.
* `node_key_history(owner=None)` — the verified key history of this node (owner None) or of a peer, as
  `KeyRecord`s: fingerprint (SHA-256 hex of the raw public key), public key, valid from, retired at,
  revoked at, and the signed statement that introduced the key.
* `signing_key_valid_at(fingerprint, when, owner=None)` — may a signature dated `when` have been made with
  this key? The question a verifier asks with a key it takes from here, never from the thing it verifies.
* `peer_signing_keys(node)` — a peer's signing keys (its verified history).

Every read verifies the stored statements from the first one (see keyhistory.py); a history that does not
verify raises `KeyHistoryError` instead of answering. Verified histories are cached per process and
re-used while the latest stored statement is unchanged (one query per call); inside `histories_read_once()`
(one inbox POST, one delivery round) each history is read once. The private keys are read from their files
once and again only when a file changes.

The first read on a node without a history creates it: the existing signing key (or a new one) signs its
own creation statement, dated from the key file's modification time (the best evidence of when an
existing key began to sign), then introduces a new X25519 encryption key.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from glacy.exchange import keyfiles
from glacy.exchange.keyhistory import (
    ENCRYPTION,
    SIGNING,
    KeyHistory,
    KeyHistoryError,
    KeyRecord,
    apply_statement,
    statement_create,
    statement_encryption,
)
from glacy.exchange.models import KeyStatement, PeerKeyConfirmation

__all__ = [
    "KeyHistoryError", "KeyRecord", "NodeIdentity", "encryption_key_path", "histories_read_once", "history_of",
    "node_encryption_key", "node_history", "node_identity", "node_key_history", "node_signing_key",
    "peer_signing_keys", "signing_key", "signing_key_valid_at", "store_statements",
]


@dataclass(frozen=True)
class NodeIdentity:
    """Who this node is, as peers see it."""

    node: str  # GLACY_NODE_ID: how envelopes and key histories name the node
    name: str
    country: str  # ISO 3166 alpha-2, or "" for an organisation
    organisation: str
    base_url: str


def node_identity() -> NodeIdentity:
    return NodeIdentity(node=settings.NODE_ID, name=settings.NODE_NAME, country=settings.NODE_COUNTRY,
                        organisation=settings.NODE_ORGANISATION, base_url=settings.NODE_BASE_URL)


def encryption_key_path() -> Path:
    """`GLACY_NODE_ENCRYPTION_KEY`, or ``node_x25519.pem`` beside the signing key."""
    configured = getattr(settings, "NODE_ENCRYPTION_KEY_PATH", None)
    return Path(configured) if configured else Path(settings.NODE_KEY_PATH).with_name("node_x25519.pem")


# --- reading and verifying stored histories ------------------------------------------------------------------

_cache: dict[str, KeyHistory] = {}
_cache_lock = threading.Lock()
#: The histories already read in the current batch (None outside `histories_read_once`).
_batch: contextvars.ContextVar[dict[str, KeyHistory] | None] = contextvars.ContextVar("glacy_key_batch",
                                                                                       default=None)


@contextlib.contextmanager
def histories_read_once() -> Iterator[None]:
    """Within the block each node's key history is read from the database once: a batch of messages is checked
    against the histories as they stood when it began (a rotation or revocation committed meanwhile by another
    process applies from the next batch; one stored in this block applies at once)."""
    token = _batch.set({})
    try:
        yield
    finally:
        _batch.reset(token)


def _verified_from_rows(node: str, rows: list[KeyStatement]) -> KeyHistory:
    history = KeyHistory(node=node)
    for row in rows:
        if row.sequence != len(history.statements):
            raise KeyHistoryError(f"key history of {node}: statement {len(history.statements)} is missing")
        history = apply_statement(history, row.statement)
        verified = history.statements[-1]
        introduced = next((record.fingerprint for record in history.records if record.sequence == row.sequence), "")
        if (row.statement_hash, row.signer_fingerprint, row.action, row.key_fingerprint) != (
                verified.hash, verified.signer, verified.action, introduced):
            raise KeyHistoryError(f"key history of {node}: the stored columns of statement {row.sequence} "
                                  "do not match the statement")
    return history


def history_of(node: str) -> KeyHistory:
    """The verified stored history of `node` (empty when none is stored)."""
    memo = _batch.get()
    if memo is not None and node in memo:
        return memo[node]
    history = _stored_history(node)
    if memo is not None and history.statements:
        memo[node] = history
    return history


def _stored_history(node: str) -> KeyHistory:
    latest = KeyStatement.objects.filter(node=node).order_by("-sequence").values_list(
        "sequence", "statement_hash").first()
    if latest is None:
        return KeyHistory(node=node)
    with _cache_lock:
        cached = _cache.get(node)
    if cached is not None and cached.statements and (
            len(cached.statements) - 1, cached.statements[-1].hash) == latest:
        return cached
    history = _verified_from_rows(node, list(KeyStatement.objects.filter(node=node).order_by("sequence")))
    with _cache_lock:
        _cache[node] = history
    return history


def store_statements(history: KeyHistory, start: int) -> list[KeyStatement]:
    """Append the statements of a verified `history` from position `start` (inside the caller's transaction)."""
    memo = _batch.get()
    if memo is not None:
        memo.pop(history.node, None)
    rows = []
    for verified in history.statements[start:]:
        introduced = next((record.fingerprint for record in history.records
                           if record.sequence == verified.sequence), "")
        rows.append(KeyStatement.objects.create(
            node=history.node, sequence=verified.sequence, action=verified.action, statement=verified.statement,
            statement_hash=verified.hash, signer_fingerprint=verified.signer, key_fingerprint=introduced,
            revoked_fingerprint=str(verified.payload.get("revokes", "")), stated_at=verified.time))
    return rows


def _initialise_own_history() -> None:
    """Create this node's history from its key files (see the module docstring). Safe to race."""
    from glacy.core.audit import record_event

    node = settings.NODE_ID
    key_path = Path(settings.NODE_KEY_PATH)
    signing = keyfiles.load_or_create(key_path, Ed25519PrivateKey)
    encryption = keyfiles.load_or_create(encryption_key_path(), X25519PrivateKey)
    assert isinstance(signing, Ed25519PrivateKey)
    now = timezone.now()
    created = min(datetime.datetime.fromtimestamp(key_path.stat().st_mtime, tz=datetime.UTC), now)
    history = KeyHistory(node=node)
    history = apply_statement(history, statement_create(history, signing, moment=now, valid_from=created))
    history = apply_statement(history, statement_encryption(history, signing, encryption, moment=now))
    try:
        with transaction.atomic():
            if KeyStatement.objects.filter(node=node).exists():
                return
            rows = store_statements(history, 0)
            record_event(actor=None, action="exchange.node_keys_initialised", obj=rows[0],
                         object_repr=f"key history of {node}",
                         after={"signing_key": history.statements[0].signer,
                                "encryption_key": rows[1].key_fingerprint, "valid_from": created})
    except IntegrityError:
        return  # another process created it first; we read theirs


def node_history() -> KeyHistory:
    """This node's verified key history, created on first use."""
    history = history_of(settings.NODE_ID)
    if not history.statements:
        _initialise_own_history()
        history = history_of(settings.NODE_ID)
    return history


def node_key_history(owner: str | None = None) -> list[KeyRecord]:
    """The keys of this node (owner None) or of node `owner`, in the order they were introduced."""
    return list((node_history() if owner in {None, settings.NODE_ID} else history_of(str(owner))).records)


def peer_signing_keys(node: str) -> list[KeyRecord]:
    """The signing keys of peer `node` from its stored, verified history (empty for an unknown node)."""
    return history_of(node).signing_keys()


def signing_key(fingerprint: str, owner: str | None = None) -> KeyRecord | None:
    """The signing key with `fingerprint` in the history of this node (owner None) or of `owner`."""
    record = (node_history() if owner in {None, settings.NODE_ID} else history_of(str(owner))).find(fingerprint)
    return record if record is not None and record.use == SIGNING else None


def is_confirmed(*, node: str, fingerprint: str) -> bool:
    """True when an administrator of this node confirmed peer `node`'s key `fingerprint` out of band."""
    return PeerKeyConfirmation.objects.filter(peer__node=node, fingerprint=fingerprint).exists()


def signing_key_valid_at(fingerprint: str, when: datetime.datetime, owner: str | None = None) -> bool:
    """True when the key was a signing key of `owner` (this node by default) at `when`: introduced, not yet
    retired and not revoked. A replacement introduced by a revocation and not yet confirmed out of band is
    never valid for a peer (see keyhistory.py)."""
    record = signing_key(fingerprint, owner)
    if record is None:
        return False
    if record.needs_confirmation and owner not in {None, settings.NODE_ID} and not is_confirmed(
            node=str(owner), fingerprint=fingerprint):
        return False
    return record.is_valid_at(when)


# --- the private keys ----------------------------------------------------------------------------------------

_key_files: dict[Path, tuple[tuple[int, int, int, int], keyfiles.PrivateKey, str]] = {}


def _read_key_file(path: Path) -> tuple[keyfiles.PrivateKey, str]:
    """The private key in `path` and its fingerprint, parsed again only when the file changed (another inode,
    size or time: a rotation or a restore replaces it)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        stat = None
    if stat is not None:
        signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        with _cache_lock:
            cached = _key_files.get(path)
        if cached is not None and cached[0] == signature:
            return cached[1], cached[2]
    key = keyfiles.load_private_key(path)
    fingerprint = keyfiles.key_fingerprint(key.public_key())
    if stat is not None:
        with _cache_lock:
            _key_files[path] = (signature, key, fingerprint)
    return key, fingerprint


def _current_private_key(path: Path, record: KeyRecord | None) -> keyfiles.PrivateKey:
    if record is None:
        raise KeyHistoryError("this node has no current key of that use: its history ends with a revocation")
    key, fingerprint = _read_key_file(path)
    if fingerprint == record.fingerprint:
        return key
    # A rotation committed its statement but the process stopped before the new key file took the old one's
    # place: finish it. Anything else is a key file that does not belong to this node's history.
    if keyfiles.promote_pending(path, record.fingerprint):
        return keyfiles.load_private_key(path)
    raise KeyHistoryError(
        f"the key file {path} holds key {fingerprint[:16]}… but this node's key "
        f"history names {record.fingerprint[:16]}… as current: restore the key file from its back-up "
        "(docs/operator-guide.md, 'Node keys')")


def node_signing_key() -> Ed25519PrivateKey:
    """The current Ed25519 private key of this node, checked against its key history."""
    key = _current_private_key(Path(settings.NODE_KEY_PATH), node_history().current(SIGNING))
    assert isinstance(key, Ed25519PrivateKey)
    return key


def node_encryption_key() -> X25519PrivateKey | RSAPrivateKey:
    """The current encryption private key of this node (X25519, or RSA for RSA-OAEP)."""
    key = _current_private_key(encryption_key_path(), node_history().current(ENCRYPTION))
    assert isinstance(key, X25519PrivateKey | RSAPrivateKey)
    return key


def node_decryption_keys() -> dict[str, X25519PrivateKey | RSAPrivateKey]:
    """Private keys able to open messages, by fingerprint: only the current encryption key (a retired key's
    file is replaced at rotation; senders use the key history they hold, refreshed by identity documents)."""
    key = node_encryption_key()
    return {keyfiles.key_fingerprint(key.public_key()): key}
