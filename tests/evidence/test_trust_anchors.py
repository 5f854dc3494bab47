"""Trust anchors outside the database (issue 13 items 1 and 2): checkpoints are checked against the node's key
history recorded in the log (rotation, revocation), its first key against the trust file; witnesses cosign
checkpoints after checking consistency, and the cosignature is kept only from a trusted key; an RFC 3161 authority
the operator names time-stamps checkpoints (a local test authority here); packages carry all of it."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.evidence.canonical import canonical_json
from glacy.evidence.custody import format_utc
from glacy.evidence.merkle import MerkleTree
from glacy.evidence.models import CheckpointCosignature, CheckpointTimestamp, CustodyEvent, WitnessedHead
from glacy.evidence.services.checkpoints import checkpoint_sign
from glacy.evidence.services.events import custody_event_record
from glacy.evidence.services.export import evidence_export_package
from glacy.evidence.services.log_verify import custody_log_verify
from glacy.evidence.services.witnessing import cosignature_import, witness_cosign, witness_request_write
from glacy.evidence.signing import raw_public_key, sign
from glacy.evidence.trust import TrustList, trust_line
from glacy.evidence.verify_package import verify_package
from glacy.evidence.witness import cosignature_document, witness_check, witness_request
from tests.evidence.local_tsa import local_tsa
from tests.evidence.raw_database import raw_sql, row_id


def _b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(raw_public_key(key.public_key())).decode()


def _event(world: Any, note: str = "") -> None:
    custody_event_record(actor=world.users["custodian"], item=world.objects["evidence"], event_type="examined",
                         notes=note)


def test_the_key_history_enters_the_log_and_a_rotation_is_followed(world: Any,
                                                                   django_capture_on_commit_callbacks: Any) -> None:
    from glacy.exchange.services.keys import node_signing_key_rotate

    first = checkpoint_sign()
    assert [event.event_type for event in CustodyEvent.objects.filter(item__isnull=True).order_by("log_index")] == [
        "key_created", "key_encryption"]
    with django_capture_on_commit_callbacks(execute=True):
        node_signing_key_rotate(actor=None)
    _event(world)
    second = checkpoint_sign()
    assert second.key_fingerprint != first.key_fingerprint
    rotation = CustodyEvent.objects.filter(item__isnull=True).order_by("-log_index").first()
    assert (rotation.event_type, rotation.details["key"], rotation.log_index < second.tree_size) == (
        "key_rotated", second.key_fingerprint, True)
    report = custody_log_verify()
    assert (report.is_intact, report.checkpoints) == (True, 2)


def test_a_checkpoint_signed_by_a_retired_key_is_refused(world: Any, django_capture_on_commit_callbacks: Any,
                                                          settings: Any) -> None:
    from glacy.exchange.keyfiles import load_private_key
    from glacy.exchange.services.keys import node_signing_key_rotate

    checkpoint_sign()
    old_key = load_private_key(Path(settings.NODE_KEY_PATH))
    with django_capture_on_commit_callbacks(execute=True):
        node_signing_key_rotate(actor=None)
    _event(world)
    latest = checkpoint_sign()
    # Someone holding the old (retired) key signs the latest checkpoint with it, and stores that beside it.
    statement = {**json.loads(latest.statement), "key_fingerprint": latest_fingerprint(old_key)}
    text = canonical_json(statement).decode()
    raw_sql("UPDATE evidence_custodycheckpoint SET statement = %s, signature = %s, key_fingerprint = %s WHERE id = %s",
            [text, sign(old_key, text.encode()), latest_fingerprint(old_key), row_id(latest.pk)])
    report = custody_log_verify()
    assert not report.is_intact
    assert report.problem.startswith(f"checkpoint of {latest.tree_size} events: signed at {statement['signed_at']} "
                                     f"with key {latest_fingerprint(old_key)[:16]}…, retired from ")


def latest_fingerprint(key: Any) -> str:
    import hashlib

    return hashlib.sha256(raw_public_key(key.public_key())).hexdigest()


def test_a_revoked_key_invalidates_checkpoints_it_signed_after_it_may_have_leaked(
        world: Any, django_capture_on_commit_callbacks: Any) -> None:
    import datetime

    from glacy.exchange.services.keys import node_key_revoke

    before_leak = checkpoint_sign()
    _event(world)
    after_leak = checkpoint_sign()
    leaked_at = datetime.datetime.fromisoformat(after_leak.signed_at.replace("Z", "+00:00")) - \
        datetime.timedelta(microseconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        node_key_revoke(actor=None, fingerprint=after_leak.key_fingerprint, reason="laptop stolen",
                        invalid_from=leaked_at)
    _event(world)
    checkpoint_sign()
    report = custody_log_verify()
    assert before_leak.tree_size < after_leak.tree_size
    assert (report.is_intact, report.problem.split(", revoked from")[0]) == (
        False, f"checkpoint of {after_leak.tree_size} events: signed at {after_leak.signed_at} with key "
               f"{after_leak.key_fingerprint[:16]}…")


def test_without_a_trust_file_verification_warns_and_with_a_wrong_one_it_fails(world: Any, settings: Any,
                                                                              tmp_path: Path) -> None:
    checkpoint_sign()
    Path(settings.CUSTODY_TRUST_PATH).unlink()
    report = custody_log_verify()
    assert report.is_intact
    assert report.warnings[0].startswith("no trust file: the key history was checked against itself only")
    other = tmp_path / "other.txt"
    other.write_text(trust_line(Ed25519PrivateKey.generate().public_key(), "not this node") + "\n")
    output = io.StringIO()
    with pytest.raises(CommandError, match="which is not in the trust list"):
        call_command("custody", "verify", "--trust", str(other), stdout=output)


def test_the_node_signs_the_trust_line_it_gives_out(world: Any) -> None:
    from glacy.exchange.keys import node_signing_key

    output = io.StringIO()
    call_command("custody", "key", stdout=output)
    assert output.getvalue().startswith(f"ed25519 {_b64(node_signing_key())} ")


def _trust(tmp_path: Path, *keys: tuple[Any, str]) -> TrustList:
    path = tmp_path / f"trust-{len(list(tmp_path.iterdir()))}.txt"
    path.write_text("".join(trust_line(key, name) + "\n" for key, name in keys))
    return TrustList.from_file(path)


def test_a_witness_cosigns_and_the_cosignature_travels_in_the_package(world: Any, tmp_path: Path,
                                                                      django_capture_on_commit_callbacks: Any) -> None:
    from glacy.exchange.keys import node_signing_key

    witness = Ed25519PrivateKey.generate()
    trust = _trust(tmp_path, (node_signing_key().public_key(), "Ghana node"), (witness.public_key(), "PH DOJ"))
    request = tmp_path / "request.json"
    checkpoint = witness_request_write(request)
    checked = witness_check(request.read_text(), trust=trust, last_head=None)
    answer = tmp_path / "cosignature.json"
    answer.write_text(cosignature_document(checked, witness="PH DOJ", cosigned_at=format_utc(timezone.now()),
                                           key=witness, public_key=_b64(witness)))
    untrusted = _trust(tmp_path, (node_signing_key().public_key(), "Ghana node"))
    with pytest.raises(ValidationFailed) as error:
        cosignature_import(answer, trust=untrusted)
    assert error.value.errors["cosignature"][0].startswith(
        f"the witness key {latest_fingerprint(witness)} is not in the trust list")
    stored = cosignature_import(answer, trust=trust)
    assert (stored.checkpoint, stored.witness_name) == (checkpoint, "PH DOJ")
    report = custody_log_verify(trust=trust)
    assert report.is_intact
    assert "1 witness cosignatures" in report.anchors
    _event(world, "after the witness")
    with django_capture_on_commit_callbacks(execute=True):
        package = evidence_export_package(actor=world.users["custodian"], item=world.objects["evidence"],
                                          destination=tmp_path / "package", purpose="court")
    document = json.loads((package / "provenance" / "checkpoint.json").read_text())
    assert document["witnessed"]["cosignatures"][0]["witness"] == "PH DOJ"
    with verify_package(package, trust=trust) as verdict:
        witnesses = next(check for check in verdict.checks if check.name == "witnesses")
    assert (witnesses.passed, witnesses.detail) == (True, (
        f"log of {checkpoint.tree_size} events cosigned by PH DOJ; this checkpoint extends it (consistency proof "
        f"from {checkpoint.tree_size} events)"))


def _foreign_request(key: Ed25519PrivateKey, leaves: list[bytes], *, proofs_from: list[int] = ()) -> str:
    tree = MerkleTree()
    for leaf in leaves:
        tree.append(leaf)
    statement = canonical_json({"node": "ph-node", "tree_size": tree.size, "root_hash": tree.root().hex(),
                                "signed_at": "2026-12-01T00:00:00.000000Z"}).decode()
    return witness_request(node="ph-node", node_name="Philippines DOJ", public_key=_b64(key), statement=statement,
                           signature=sign(key, statement.encode()), proofs={
                               size: (tree.root(size).hex(), tree.consistency_proof(size)) for size in proofs_from})


def test_as_a_witness_the_node_cosigns_only_a_log_that_extends_what_it_saw(world: Any, tmp_path: Path) -> None:
    foreign = Ed25519PrivateKey.generate()
    trust = _trust(tmp_path, (foreign.public_key(), "Philippines DOJ"))
    (tmp_path / "first.json").write_text(_foreign_request(foreign, [b"a", b"b", b"c"]))
    head = witness_cosign(tmp_path / "first.json", tmp_path / "first-cosigned.json", trust=trust)
    assert (head.tree_size, head.node_name) == (3, "Philippines DOJ")
    cosigned = json.loads((tmp_path / "first-cosigned.json").read_text())
    assert json.loads(cosigned["statement"])["tree_size"] == 3
    (tmp_path / "second.json").write_text(_foreign_request(foreign, [b"a", b"b", b"c", b"d"], proofs_from=[3]))
    assert witness_cosign(tmp_path / "second.json", tmp_path / "out.json", trust=trust).tree_size == 4
    refusals = {
        "rewritten": (_foreign_request(foreign, [b"a", b"X", b"c", b"d", b"e"], proofs_from=[4]),
                      "this checkpoint does not extend the 4 events last cosigned: the log was rewritten"),
        "cut": (_foreign_request(foreign, [b"a", b"b"]),
                "this checkpoint covers 2 events, fewer than the 4 already cosigned: the log was cut"),
        "untrusted": (_foreign_request(Ed25519PrivateKey.generate(), [b"a"]), "is not in the trust list"),
    }
    for name, (document, message) in refusals.items():
        (tmp_path / f"{name}.json").write_text(document)
        with pytest.raises(ValidationFailed) as error:
            witness_cosign(tmp_path / f"{name}.json", tmp_path / "refused.json", trust=trust)
        assert message in error.value.errors["request"][0], name
    assert list(WitnessedHead.objects.values_list("tree_size", flat=True)) == [3, 4]


def test_the_witness_commands_on_the_command_line(world: Any, tmp_path: Path, settings: Any) -> None:
    request = tmp_path / "request.json"
    output = io.StringIO()
    call_command("custody", "witness-request", str(request), stdout=output)
    assert "Witness request for the checkpoint of" in output.getvalue()
    # This node witnesses itself here only to exercise the commands: its own key is in its trust file.
    call_command("custody", "witness-sign", str(request), str(tmp_path / "cosigned.json"), "--trust",
                 str(settings.CUSTODY_TRUST_PATH), stdout=io.StringIO())
    output = io.StringIO()
    call_command("custody", "witness-import", str(tmp_path / "cosigned.json"), "--trust",
                 str(settings.CUSTODY_TRUST_PATH), stdout=output)
    assert "kept for the checkpoint of" in output.getvalue()
    assert CheckpointCosignature.objects.count() == 1


def test_checkpoints_are_time_stamped_by_the_authority_the_operator_names(
        world: Any, tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    with local_tsa(tmp_path) as authority:
        settings.TSA_URL = authority.url
        settings.TSA_CERTIFICATES = authority.roots
        checkpoint = checkpoint_sign()
        stamp = CheckpointTimestamp.objects.get(checkpoint=checkpoint)
        assert (stamp.authority, len(authority.requests)) == (authority.url, 1)
        report = custody_log_verify()
        assert report.is_intact
        assert "1 time-stamps" in report.anchors
        with django_capture_on_commit_callbacks(execute=True):
            package = evidence_export_package(actor=world.users["custodian"], item=world.objects["evidence"],
                                              destination=tmp_path / "package", purpose="court")
    output = io.StringIO()
    call_command("evidence", "verify", str(package), "--tsa-certs", str(authority.roots), stdout=output)
    assert "PASS\ttimestamps\t1 RFC 3161 time-stamp(s) valid" in output.getvalue()
    # A token moved onto another checkpoint does not verify there.
    _event(world)
    settings.TSA_URL = ""
    other = checkpoint_sign()
    raw_sql("UPDATE evidence_checkpointtimestamp SET checkpoint_id = %s", [row_id(other.pk)])
    report = custody_log_verify()
    assert (report.is_intact, report.problem) == (
        False, f"checkpoint of {other.tree_size} events: time-stamp of {authority.url}: the time-stamp does not "
               "verify: Mismatch between messages")


def test_an_unreachable_authority_does_not_stop_signing(world: Any, settings: Any) -> None:
    settings.TSA_URL = "http://127.0.0.1:9/unreachable"
    checkpoint = checkpoint_sign()
    assert not CheckpointTimestamp.objects.filter(checkpoint=checkpoint).exists()
    failure = AuditEvent.objects.get(action="evidence.checkpoint_timestamp_failed")
    assert failure.after["authority"] == "http://127.0.0.1:9/unreachable"


def test_the_verification_page_shows_what_the_log_was_checked_against(world: Any, client_for: Any,
                                                                      django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        checkpoint_sign()
    page = client_for(world.users["custodian"]).get("/evidence/custody/verify/").content.decode()
    assert "The custody log is intact" in page
    assert '<ul id="anchors">' in page
    assert "1 checkpoints of the journal all present" in page
    assert 'id="warnings"' not in page
