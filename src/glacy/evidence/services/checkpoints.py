"""Signing checkpoints of the custody log: the node's key history first, then only over a log that checks out,
then a copy outside the database and, when the operator named one, a time-stamp from an authority.

A checkpoint signs the Merkle root of the first N events. Before signing, the node's key history is brought into
the log (services/node_history.py), every record must be canonical and correctly linked (the scanner of `glacy
custody verify`, a few seconds for a million events) and the previous checkpoint's root must still be the root
of its events: a node never signs over a log it cannot vouch for. Each signed checkpoint is appended to the
checkpoint journal (``GLACY_CHECKPOINT_JOURNAL``, a file outside the database): deleting checkpoints from the
database then contradicts the journal.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event
from glacy.core.errors import DomainError
from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import format_utc
from glacy.evidence.merkle import MerkleTree
from glacy.evidence.models import CheckpointTimestamp, CustodyCheckpoint
from glacy.evidence.services.custody import _lock_head, log_leaves
from glacy.evidence.services.node_history import key_history_sync, trust_file_initialise
from glacy.evidence.signing import fingerprint, sign_statement

logger = logging.getLogger(__name__)


class LogNotSignable(DomainError):
    """The log does not check out since the last checkpoint: the node refuses to sign over it."""


def _unsignable_problem(latest: CustodyCheckpoint | None, count: int, leaves: bytes, problem: str) -> str:
    """What forbids signing ("" when nothing): a broken record or link anywhere in the log (read by the same
    fast scanner as `glacy custody verify`, the exact reader naming what it finds), or a first part of the log
    whose root is no longer the one the last checkpoint signed."""
    if problem:
        return problem
    if latest is not None:
        if latest.tree_size > count:
            return f"the last checkpoint covers {latest.tree_size} events, the log has only {count}"
        if MerkleTree.from_leaf_hash_bytes(leaves).root(latest.tree_size).hex() != latest.root_hash:
            return f"the first {latest.tree_size} events no longer have the root the last checkpoint signed"
    return ""


def _journal_append(checkpoint: CustodyCheckpoint) -> None:
    """Append the signed checkpoint to the journal file (one JSON line, fsynced)."""
    path = settings.CHECKPOINT_JOURNAL_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"statement": checkpoint.statement, "signature": checkpoint.signature}, sort_keys=True) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def journal_entries() -> list[dict[str, str]] | None:
    """The checkpoints in the journal (None when the node has no journal file)."""
    path = settings.CHECKPOINT_JOURNAL_PATH
    if not path.exists():
        return None
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            value = json.loads(line)
            entries.append({"statement": str(value["statement"]), "signature": str(value["signature"])})
    return entries


def checkpoint_sign() -> CustodyCheckpoint:
    """Sign the current root of the whole log with the node's current key (idempotent for an unchanged log);
    then time-stamp it when an authority is configured."""
    from glacy.exchange.keys import node_history, node_signing_key

    with transaction.atomic():
        _lock_head()
        key_history_sync()
        count, leaves, problem, _fast = log_leaves()
        tree = MerkleTree.from_leaf_hash_bytes(leaves)
        size, root = tree.size, tree.root().hex()
        latest = CustodyCheckpoint.objects.order_by("-tree_size").first()
        if latest is not None and latest.tree_size == size and not problem:
            return latest
        problem = _unsignable_problem(latest, count, leaves, problem)
        if problem:
            raise LogNotSignable(_("The custody log does not check out, so no checkpoint was signed: %(problem)s")
                                 % {"problem": problem})
        key = node_signing_key()
        # The statement names the key that signs it: verification looks that key up in the node's key history.
        statement = {"node": settings.NODE_NAME, "node_id": settings.NODE_ID, "tree_size": size, "root_hash": root,
                     "signed_at": format_utc(timezone.now()), "key_fingerprint": fingerprint(key.public_key())}
        signed = sign_statement(key, statement)
        checkpoint = CustodyCheckpoint.objects.create(
            tree_size=size, root_hash=root, signed_at=str(statement["signed_at"]),
            statement=canonical_json(statement).decode("utf-8"), signature=signed.signature,
            public_key=signed.public_key, key_fingerprint=signed.key_fingerprint)
        record_event(actor=None, action="evidence.checkpoint_sign", obj=checkpoint,
                     after={"tree_size": size, "root_hash": root, "key": signed.key_fingerprint})
        transaction.on_commit(lambda: _journal_append(checkpoint))
    trust_file_initialise(_raw_b64(node_history().records[0]))
    if settings.TSA_URL:
        checkpoint_timestamp(checkpoint)
    return checkpoint


def _raw_b64(record: Any) -> str:
    import base64

    from glacy.evidence.signing import raw_public_key

    return base64.b64encode(raw_public_key(record.public_key())).decode("ascii")


def checkpoint_timestamp(checkpoint: CustodyCheckpoint) -> CheckpointTimestamp | None:
    """Ask the configured authority for a time-stamp over the checkpoint's statement; a failure is audited and
    logged (the checkpoint stands without it, and `glacy custody timestamp` may try again)."""
    from glacy.evidence.timestamping import TimestampError, timestamp_fetch

    try:
        token, stamped_at = timestamp_fetch(settings.TSA_URL, checkpoint.statement.encode("utf-8"))
    except TimestampError as error:
        logger.warning("checkpoint of %s events not time-stamped: %s", checkpoint.tree_size, error)
        with transaction.atomic():
            record_event(actor=None, action="evidence.checkpoint_timestamp_failed", obj=checkpoint,
                         after={"authority": settings.TSA_URL, "error": str(error)})
        return None
    with transaction.atomic():
        stamp = CheckpointTimestamp.objects.create(checkpoint=checkpoint, authority=settings.TSA_URL, token=token,
                                                   stamped_at=stamped_at)
        record_event(actor=None, action="evidence.checkpoint_timestamp", obj=checkpoint,
                     after={"authority": settings.TSA_URL, "stamped_at": stamped_at})
    return stamp
