"""The node's key history in the custody log, and the checks a checkpoint's signature is held to.

The node's signing keys are kept by the exchange app (`glacy.exchange.keys`): a chain of signed statements that
create a key, rotate it (signed by the key it replaces), introduce encryption keys and revoke keys. Each statement
is also appended to the custody log, as an event of the node's own chain (evidence id :data:`NODE_CHAIN_ID`),
before any checkpoint is signed with the key it introduces. So the log itself says which key may sign which
checkpoint, and `glacy custody verify` checks every checkpoint against the history it reads *from the log*
(re-verified statement by statement), never against the key stored beside the checkpoint. What anchors the
history outside the database: its first key in the trust file, the node's key file, the witnesses' cosignatures.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from glacy.core.errors import DomainError
from glacy.core.wording import translated_error
from glacy.evidence.custody import EventType, parse_utc
from glacy.evidence.models import CustodyCheckpoint, CustodyEvent
from glacy.evidence.services.custody import custody_append
from glacy.evidence.signing import public_key_from_base64, verify
from glacy.evidence.trust import TrustedKey, TrustList
from glacy.exchange import keyhistory
from glacy.exchange.keyhistory import SIGNING, KeyHistory, KeyHistoryError

#: The custody event recording each kind of key statement.
KEY_EVENTS = {keyhistory.CREATE: EventType.KEY_CREATED, keyhistory.ROTATE: EventType.KEY_ROTATED,
              keyhistory.ENCRYPTION_KEY: EventType.KEY_ENCRYPTION, keyhistory.REVOKE: EventType.KEY_REVOKED}


class KeyHistoryDiverged(DomainError):
    """The key statements in the custody log are not the beginning of the node's key history."""


def _logged_statements(before: int | None = None) -> list[tuple[int, str, str]]:
    """(log position, event hash, statement) of each key event of the node's chain, in log order."""
    events = CustodyEvent.objects.filter(item__isnull=True).order_by("log_index")
    if before is not None:
        events = events.filter(log_index__lt=before)
    return [(event.log_index, event.event_hash, event.details.get("statement", "")) for event in events]


def key_history_sync() -> int:
    """Append to the custody log every statement of the node's key history it does not hold yet (inside the
    caller's transaction, which holds the log head); return how many were appended."""
    from glacy.exchange.keys import node_history

    history = node_history()
    logged = [statement for _position, _hash, statement in _logged_statements()]
    statements = [verified.statement for verified in history.statements]
    if statements[:len(logged)] != logged:
        raise KeyHistoryDiverged(_("The key history in the custody log is not the node's key history: the key "
                                   "store or the log was changed. Nothing was signed."))
    for verified in history.statements[len(logged):]:
        introduced = next((record.fingerprint for record in history.records if record.sequence == verified.sequence),
                          "")
        custody_append(item=None, event_type=KEY_EVENTS[verified.action], performer=settings.NODE_NAME,
                       time=verified.time, purpose="node key history", details={
                           "statement": verified.statement, "sequence": str(verified.sequence),
                           "signer": verified.signer, "key": introduced,
                           "revokes": str(verified.payload.get("revokes", ""))})
    return len(history.statements) - len(logged)


@dataclass
class LoggedKeyHistory:
    """The key history read back from the custody log and re-verified, with where each key was introduced."""

    history: KeyHistory
    introduced_at: dict[str, int] = field(default_factory=dict)
    problem: str = ""

    @property
    def genesis(self) -> str:
        return self.history.records[0].fingerprint if self.history.records else ""


def key_history_from_log(*, before: int, leaves: bytes) -> LoggedKeyHistory:
    """Re-verify the key statements recorded in the first ``before`` events of the log. ``leaves`` are the log's
    verified leaf hashes: each key event read here must be the event the log was verified with."""
    history = KeyHistory(node=settings.NODE_ID)
    logged = LoggedKeyHistory(history)
    for position, event_hash, statement in _logged_statements(before):
        if leaves[position * 32:(position + 1) * 32] != bytes.fromhex(event_hash):
            logged.problem = gettext("the node's key history: the event at log position %(position)s changed while "
                                     "verifying") % {"position": position}
            return logged
        try:
            history = keyhistory.apply_statement(history, statement)
        except KeyHistoryError as error:
            logged.problem = gettext("the node's key history (log position %(position)s): %(error)s") % {
                "position": position, "error": translated_error(error)}
            return logged
        logged.history = history
        for record in history.records:
            logged.introduced_at.setdefault(record.fingerprint, position)
    return logged


def checkpoint_key_problem(checkpoint: CustodyCheckpoint, logged: LoggedKeyHistory) -> str:
    """Why the checkpoint's signature cannot be accepted under the key history in the log ("" when it can).

    The key is the one the history names (its fingerprint is in the signed statement, or in the row for
    checkpoints signed before statements named their key): it must be a signing key of the node, valid when the
    checkpoint was signed (not retired, not revoked from before then), and recorded in the log the checkpoint
    covers — except the first key, which also signed checkpoints from before the history was recorded.
    """
    size = checkpoint.tree_size
    try:
        statement = json.loads(checkpoint.statement)
        signed_at = parse_utc(str(statement["signed_at"]))
    except (ValueError, KeyError, TypeError):
        return gettext("checkpoint of %(size)s events: the signed statement cannot be read") % {"size": size}
    fingerprint = str(statement.get("key_fingerprint", checkpoint.key_fingerprint))
    values = {"size": size, "key": fingerprint[:16]}
    record = logged.history.find(fingerprint)
    if record is None or record.use != SIGNING:
        return gettext("checkpoint of %(size)s events: signed with key %(key)s…, which is not a key of the node's "
                       "key history") % values
    if not verify(record.public_key(), checkpoint.statement.encode("utf-8"), checkpoint.signature):  # type: ignore[arg-type]
        return gettext("checkpoint of %(size)s events: the signature is not valid with key %(key)s… of the node's "
                       "key history") % values
    if not record.is_valid_at(signed_at):
        ended = record.revoked_at or record.retired_at
        values |= {"signed_at": statement["signed_at"], "ended": keyhistory.format_time(ended) if ended else "?"}
        if record.revoked_at is not None and record.revoked_at == ended:
            return gettext("checkpoint of %(size)s events: signed at %(signed_at)s with key %(key)s…, revoked from "
                           "%(ended)s") % values
        return gettext("checkpoint of %(size)s events: signed at %(signed_at)s with key %(key)s…, retired from "
                       "%(ended)s") % values
    if record.sequence != 0 and logged.introduced_at.get(fingerprint, checkpoint.tree_size) >= checkpoint.tree_size:
        return gettext("checkpoint of %(size)s events: signed with key %(key)s… before the log recorded that key") % (
            values)
    return ""


def own_trust() -> TrustList:
    """The node's own signing keys, from its key history (for packages this node exported)."""
    from glacy.exchange.keys import node_key_history

    return TrustList.of("this node's key history", (
        TrustedKey(settings.NODE_NAME, record.public_key())  # type: ignore[arg-type]
        for record in node_key_history() if record.use == SIGNING))


def peer_trust() -> TrustList:
    """The signing keys of the node's active peers (keys confirmed out of band by an administrator)."""
    from glacy.exchange.keys import is_confirmed, peer_signing_keys
    from glacy.exchange.models import Peer

    keys = [TrustedKey(peer.name, record.public_key())  # type: ignore[arg-type]
            for peer in Peer.objects.filter(status=Peer.Status.ACTIVE) for record in peer_signing_keys(peer.node)
            if not record.needs_confirmation or is_confirmed(node=peer.node, fingerprint=record.fingerprint)]
    return TrustList.of("the node's peer list", keys)


def trust_file() -> TrustList | None:
    """The node's trust file (GLACY_TRUST_FILE) when there is one."""
    path = settings.CUSTODY_TRUST_PATH
    return TrustList.from_file(path) if path.exists() else None


def trust_file_initialise(genesis_public_key: str) -> bool:
    """Write the trust file with the node's first key when there is none yet (its copy belongs off the machine:
    docs/operator-guide.md, 'Custody trust anchors'). True when it was written."""
    from glacy.evidence.trust import trust_line

    path = settings.CUSTODY_TRUST_PATH
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    line = trust_line(public_key_from_base64(genesis_public_key), settings.NODE_NAME)
    moment = datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds")
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(f"# Custody trust anchors of {settings.NODE_NAME}, written {moment}: the first key of this "
                         "node's key history.\n# Keep a copy off this machine; add witnesses' and peers' keys.\n"
                         f"{line}\n")
    except FileExistsError:
        return False
    return True

