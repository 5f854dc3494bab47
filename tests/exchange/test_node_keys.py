"""Milestone 1 of issue 12: the node's identity, its two key pairs and its append-only, verifiable key history."""

from __future__ import annotations

import datetime
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from joserfc import jws
from joserfc.jwk import OKPKey

from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.models import AuditEvent
from glacy.evidence.signing import fingerprint as evidence_fingerprint
from glacy.evidence.signing import load_or_create_key
from glacy.exchange import keyfiles
from glacy.exchange.identity import read_identity_document
from glacy.exchange.keyhistory import ENCRYPTION, SIGNING, KeyHistoryError
from glacy.exchange.keys import (
    encryption_key_path,
    node_encryption_key,
    node_key_history,
    node_signing_key,
    signing_key_valid_at,
)
from glacy.exchange.models import KeyStatement
from glacy.exchange.services.keys import node_encryption_key_rotate, node_key_revoke, node_signing_key_rotate

UTC = datetime.UTC


def _utc(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=UTC)


def _later(days: int) -> datetime.datetime:
    """A moment after the history's creation (now), whole seconds, for steps dated explicitly."""
    return (datetime.datetime.now(UTC) + datetime.timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def existing_key(settings: Any) -> Ed25519PrivateKey:
    """A node that signed custody checkpoints before key histories existed: its key file predates the history."""
    key = load_or_create_key(Path(settings.NODE_KEY_PATH))
    created = _utc(2025, 6, 1, 8, 0).timestamp()
    os.utime(settings.NODE_KEY_PATH, (created, created))
    return key


@pytest.mark.django_db
def test_history_starts_from_the_existing_evidence_key_and_adds_an_encryption_key(settings: Any,
                                                                                 existing_key: Any) -> None:
    records = node_key_history()

    assert [(record.sequence, record.use, record.algorithm) for record in records] == [
        (0, SIGNING, "Ed25519"), (1, ENCRYPTION, "X25519")]
    assert records[0].fingerprint == evidence_fingerprint(existing_key.public_key())
    assert records[0].valid_from == _utc(2025, 6, 1, 8, 0)  # dated from the key file, so old checkpoints verify
    assert node_signing_key().public_key().public_bytes_raw() == existing_key.public_key().public_bytes_raw()
    assert isinstance(node_encryption_key(), X25519PrivateKey)
    assert records[1].fingerprint == keyfiles.key_fingerprint(node_encryption_key().public_key())
    assert encryption_key_path() == Path(settings.NODE_KEY_PATH).with_name("node_x25519.pem")
    assert oct(encryption_key_path().stat().st_mode & 0o777) == "0o600"
    assert KeyStatement.objects.filter(node="glacy-demo").count() == 2
    assert AuditEvent.objects.filter(action="exchange.node_keys_initialised").count() == 1
    node_key_history()
    assert KeyStatement.objects.count() == 2  # created once


@pytest.mark.django_db
def test_rotation_is_signed_by_the_old_key_and_bounds_both_keys_validity(settings: Any, existing_key: Any,
                                                                          django_capture_on_commit_callbacks: Any) -> None:
    node_key_history()
    rotated_at = _later(1)
    with django_capture_on_commit_callbacks(execute=True):
        new = node_signing_key_rotate(actor=None, now=rotated_at)

    old_fingerprint = evidence_fingerprint(existing_key.public_key())
    statement = KeyStatement.objects.get(sequence=2)
    assert (statement.action, statement.signer_fingerprint, statement.key_fingerprint) == (
        "rotate", old_fingerprint, new.fingerprint)
    # Any JOSE library verifies the rotation with the OLD public key.
    verified = jws.deserialize_compact(statement.statement, OKPKey.import_key(existing_key.public_key()),
                                       algorithms=["Ed25519"])
    assert b'"action":"rotate"' in verified.payload
    # The key file now holds the new key (the evidence loader reads the same file and format).
    assert evidence_fingerprint(load_or_create_key(Path(settings.NODE_KEY_PATH)).public_key()) == new.fingerprint
    assert signing_key_valid_at(old_fingerprint, rotated_at - datetime.timedelta(seconds=1)) is True
    assert signing_key_valid_at(old_fingerprint, rotated_at) is False
    assert signing_key_valid_at(new.fingerprint, rotated_at) is True
    assert signing_key_valid_at(new.fingerprint, rotated_at - datetime.timedelta(seconds=1)) is False
    assert signing_key_valid_at("0" * 64, rotated_at) is False
    old = next(record for record in node_key_history() if record.fingerprint == old_fingerprint)
    assert (old.retired_at, old.revoked_at) == (rotated_at, None)
    event = AuditEvent.objects.get(action="exchange.signing_key_rotated")
    assert event.after == {"retired": old_fingerprint, "new": new.fingerprint}
    assert event.channel == "system"


@pytest.mark.django_db
def test_revoking_the_current_key_replaces_it_and_distrusts_it_from_the_stated_moment(
        existing_key: Any, django_capture_on_commit_callbacks: Any) -> None:
    node_key_history()
    compromised = evidence_fingerprint(existing_key.public_key())
    leaked_at, noticed_at = _later(-30), _later(1)

    with django_capture_on_commit_callbacks(execute=True):
        revoked = node_key_revoke(actor=None, fingerprint=compromised, reason="laptop stolen", invalid_from=leaked_at,
                              now=noticed_at)

    assert (revoked.revoked_at, revoked.revocation_reason) == (leaked_at, "laptop stolen")
    assert signing_key_valid_at(compromised, leaked_at - datetime.timedelta(microseconds=1)) is True
    assert signing_key_valid_at(compromised, leaked_at) is False
    current = node_key_history()[-1]
    assert (current.use, current.valid_from, current.needs_confirmation) == (SIGNING, noticed_at, True)
    assert keyfiles.key_fingerprint(node_signing_key().public_key()) == current.fingerprint
    # A retired key can be revoked too; it names no replacement.
    node_signing_key_rotate(actor=None, now=_later(2))
    lost_at = _later(3)
    retired = node_key_revoke(actor=None, fingerprint=current.fingerprint, reason="backup tape lost", now=lost_at)
    assert retired.revoked_at == lost_at
    assert [record.use for record in node_key_history()] == [SIGNING, ENCRYPTION, SIGNING, SIGNING]
    assert AuditEvent.objects.filter(action="exchange.key_revoked").count() == 2


@pytest.mark.django_db
def test_revocation_refusals_name_the_field_and_change_nothing(world: Any, existing_key: Any) -> None:
    node_key_history()
    with pytest.raises(ValidationFailed) as refused:
        node_key_revoke(actor=None, fingerprint="f" * 64, reason=" ", invalid_from=_utc(2999, 1, 1))
    assert set(refused.value.errors) == {"fingerprint", "reason", "invalid_from"}
    # An authority's administrator is not the node's operator; a superuser is.
    for user in (world.users["drafter"], world.users["administrator"]):
        with pytest.raises(PermissionDenied, match="Only the node's operators"):
            node_signing_key_rotate(actor=user)
    assert KeyStatement.objects.count() == 2
    operator = world.users["administrator"]
    operator.is_superuser = True
    record = node_signing_key_rotate(actor=operator)
    assert AuditEvent.objects.get(action="exchange.signing_key_rotated").actor == operator
    assert record.is_current


@pytest.mark.django_db
def test_encryption_key_rotation_to_rsa_oaep_is_signed_by_the_signing_key(existing_key: Any) -> None:
    node_key_history()
    record = node_encryption_key_rotate(actor=None, algorithm="RSA-OAEP-256")
    assert (record.use, record.algorithm) == (ENCRYPTION, "RSA-OAEP-256")
    assert isinstance(node_encryption_key(), RSAPrivateKey)
    statement = KeyStatement.objects.get(sequence=2)
    assert statement.signer_fingerprint == evidence_fingerprint(existing_key.public_key())
    with pytest.raises(ValidationFailed):
        node_encryption_key_rotate(actor=None, algorithm="P-256")


@pytest.mark.django_db
def test_key_statements_are_append_only_in_the_orm_and_the_database() -> None:
    node_key_history()
    statement = KeyStatement.objects.get(sequence=0)
    with pytest.raises(TypeError):
        statement.save()
    with pytest.raises(TypeError):
        KeyStatement.objects.filter(sequence=0).update(action="rotate")
    with pytest.raises(TypeError):
        statement.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE exchange_keystatement SET action = 'rotate' WHERE sequence = 0")


@pytest.mark.django_db
def test_a_stored_history_that_does_not_verify_is_refused() -> None:
    node_key_history()
    node_signing_key_rotate(actor=None)
    genesis = KeyStatement.objects.get(sequence=0)
    with connection.cursor() as cursor:  # what someone with administrative access to the database could do
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE exchange_keystatement DISABLE TRIGGER exchange_keystatement_append_only")
        cursor.execute("DELETE FROM exchange_keystatement WHERE sequence = 1")
    from glacy.exchange import keys

    keys._cache.clear()
    with pytest.raises(KeyHistoryError, match="statement 1 is missing"):
        node_key_history()
    assert genesis.statement.count(".") == 2  # the survivors are untouched compact JWS


@pytest.mark.django_db
def test_a_crash_between_commit_and_key_swap_is_finished_on_the_next_read(settings: Any, existing_key: Any) -> None:
    node_key_history()
    key_path = Path(settings.NODE_KEY_PATH)
    old_pem = key_path.read_bytes()
    new = node_signing_key_rotate(actor=None)  # its commit callback (the swap) never runs: as if killed
    new_pem = keyfiles.pending_path(key_path, new.fingerprint).read_bytes()
    assert key_path.read_bytes() == old_pem

    assert keyfiles.key_fingerprint(node_signing_key().public_key()) == new.fingerprint
    assert key_path.read_bytes() == new_pem
    assert not keyfiles.pending_path(key_path, new.fingerprint).exists()


@pytest.mark.django_db
def test_a_key_file_that_is_not_in_the_history_stops_signing(settings: Any, existing_key: Any) -> None:
    node_key_history()
    Path(settings.NODE_KEY_PATH).unlink()
    keyfiles.write_new_key_file(Path(settings.NODE_KEY_PATH), Ed25519PrivateKey.generate())
    with pytest.raises(KeyHistoryError, match="restore the key file from its back-up"):
        node_signing_key()


@pytest.mark.django_db
def test_custody_checkpoints_verify_against_the_key_history(existing_key: Any, world: Any,
                                                            django_capture_on_commit_callbacks: Any) -> None:
    from glacy.evidence.services.custody import checkpoint_sign

    first = checkpoint_sign()
    assert signing_key_valid_at(first.key_fingerprint, datetime.datetime.fromisoformat(first.signed_at)) is True
    with django_capture_on_commit_callbacks(execute=True):
        node_signing_key_rotate(actor=None)
    from glacy.evidence.services.custody import custody_append

    with transaction.atomic():
        custody_append(item=world.objects["evidence"], event_type="accessed", performer="auditor", purpose="check")
    second = checkpoint_sign()
    assert second.key_fingerprint != first.key_fingerprint
    signed_at = datetime.datetime.fromisoformat(second.signed_at)
    assert signing_key_valid_at(second.key_fingerprint, signed_at) is True
    assert signing_key_valid_at(first.key_fingerprint, signed_at) is False


@pytest.mark.django_db
def test_node_commands_show_rotate_and_revoke(tmp_path: Path, existing_key: Any) -> None:
    output = StringIO()
    call_command("node", "show", "--output", str(tmp_path / "identity.jws"), stdout=output)
    text = output.getvalue()
    fingerprint = evidence_fingerprint(existing_key.public_key())
    grouped = " ".join(fingerprint[i:i + 4].upper() for i in range(0, 64, 4))
    assert f"Signing key fingerprint (confirm it with peers by another channel):\n  {grouped}" in text
    assert "#0 signing    Ed25519      " in text
    identity = read_identity_document((tmp_path / "identity.jws").read_text())
    assert (identity.node, identity.signer, len(identity.history.statements)) == ("glacy-demo", fingerprint, 2)

    call_command("node", "rotate-key", stdout=StringIO())
    call_command("node", "rotate-key", "--encryption", stdout=StringIO())
    revoked = StringIO()
    call_command("node", "revoke-key", "--reason", "suspected compromise", "--since", "2026-01-01T00:00:00+00:00",
                 stdout=revoked)
    assert "peers must confirm it by another channel" in revoked.getvalue()
    assert [record.sequence for record in node_key_history()] == [0, 1, 2, 3, 4]
    with pytest.raises(CommandError, match="--since: give the time zone"):
        call_command("node", "revoke-key", "--reason", "x", "--since", "2026-01-01T00:00:00")
    with pytest.raises(CommandError, match=r"fingerprint: This node has no key with that fingerprint\."):
        call_command("node", "revoke-key", "--reason", "x", "--fingerprint", "ab" * 32)


@pytest.mark.django_db
def test_within_one_batch_each_key_history_is_read_once_and_a_rotation_made_in_it_applies_at_once() -> None:
    from django.test.utils import CaptureQueriesContext

    from glacy.exchange.keys import histories_read_once, node_history

    first = node_history().current(SIGNING)
    with histories_read_once():
        node_history()
        with CaptureQueriesContext(connection) as again:
            assert node_history().current(SIGNING) == first
        assert len(again.captured_queries) == 0
        node_signing_key_rotate(actor=None)  # stores a statement: the batch's copy is dropped
        rotated = node_history().current(SIGNING)
    assert rotated is not None
    assert first is not None
    assert rotated.fingerprint != first.fingerprint
    assert rotated.fingerprint == keyfiles.key_fingerprint(node_signing_key().public_key())
    with CaptureQueriesContext(connection) as outside:
        node_history()
    assert len(outside.captured_queries) == 1  # outside a batch: the latest statement is looked up every time


@pytest.mark.django_db
def test_a_key_file_is_parsed_once_and_again_when_it_is_replaced_on_disk(settings: Any, monkeypatch: Any) -> None:
    node_signing_key()  # read and kept
    reads: list[Path] = []
    real_load = keyfiles.load_private_key
    monkeypatch.setattr(keyfiles, "load_private_key", lambda path: reads.append(path) or real_load(path))
    node_signing_key()
    node_signing_key()
    assert reads == []
    stranger = Ed25519PrivateKey.generate()
    replacement = Path(settings.NODE_KEY_PATH).with_name("replacement.pem")
    keyfiles.write_new_key_file(replacement, stranger)
    os.replace(replacement, settings.NODE_KEY_PATH)
    with pytest.raises(KeyHistoryError, match=f"holds key {keyfiles.key_fingerprint(stranger.public_key())[:16]}"):
        node_signing_key()
    assert reads == [Path(settings.NODE_KEY_PATH)]
