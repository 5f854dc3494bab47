"""Export packages: valid for bagit, case_validate and an independent Ed25519 implementation (OpenSSL);
any edited byte, extra or missing file makes `glacy evidence verify` fail and say where; verification trusts only
keys held outside the package; the ZIP as downloaded verifies; import joins the two nodes' custody logs."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import bagit
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.core.errors import ValidationFailed
from glacy.evidence.models import CustodyCheckpoint, EvidenceItem
from glacy.evidence.package import SIGNATURE_FILE, package_digest
from glacy.evidence.services.export import evidence_export_package, evidence_package_import
from glacy.evidence.trust import TrustList, trust_line
from glacy.evidence.verify_package import verify_package


@pytest.fixture
def package(world: Any, tmp_path: Path) -> Path:
    return evidence_export_package(actor=world.users["custodian"], item=world.objects["evidence"],
                                   destination=tmp_path / "package", purpose="answer to PH-MLA-2026-0007")


@pytest.fixture
def trust(tmp_path: Path) -> TrustList:
    """What the receiving court holds: the sender's key, given by another channel (never read from the package)."""
    from glacy.exchange.keys import node_signing_key

    path = tmp_path / "sender-key.txt"
    path.write_text(trust_line(node_signing_key().public_key(), "Ghana evidence vault") + "\n")
    return TrustList.from_file(path)


CHECKS = ["bag_valid", "key_trusted", "signature", "custody_chain", "custody_states_payload", "inclusion_proofs",
          "witnesses", "timestamps", "case_graph", "cover_sheets"]


def test_exported_package_passes_every_check(package: Path, trust: TrustList, world: Any) -> None:
    verdict = verify_package(package, trust=trust)
    assert [(check.name, check.passed) for check in verdict.checks] == [(name, True) for name in CHECKS]
    bagit.Bag(str(package)).validate()
    assert (package / "bagit.txt").read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    files = sorted(str(path.relative_to(package)) for path in package.rglob("*") if path.is_file())
    assert files == ["bag-info.txt", "bagit.txt", "cover-sheet-en.pdf", "cover-sheet-fr.pdf",
                     "data/phone-extraction.bin", "manifest-sha256.txt", "manifest-sha512.txt",
                     "provenance/case.jsonld", "provenance/checkpoint.json", "provenance/custody.jsonl",
                     "provenance/inclusion-proofs.json", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig",
                     "tagmanifest-sha512.txt"]
    # The package holds the chain up to the checkpoint it carries; the `exported` event, recorded once the
    # package existed, states the package's digest (issue 13, provenance across borders).
    lines = (package / "provenance/custody.jsonl").read_text().splitlines()
    assert [line.count('"event_type":"acquired"') for line in lines] == [1]
    exported = world.objects["evidence"].custody_events.order_by("-log_index").first()
    assert (exported.event_type, exported.details["package_sha256"]) == ("exported", package_digest(package))
    assert verdict.sender["package_sha256"] == package_digest(package)


def test_case_graph_conforms_to_the_case_ontology(package: Path) -> None:
    case_validate = Path(sys.executable).parent / "case_validate"
    result = subprocess.run([str(case_validate), str(package / "provenance/case.jsonld")], capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "Conforms: True" in result.stdout


def test_signature_checks_with_openssl(package: Path, tmp_path: Path) -> None:
    info = bagit.Bag(str(package)).info
    raw_key = base64.b64decode(info["Glacy-Signing-Public-Key"])
    # SubjectPublicKeyInfo for Ed25519 = fixed 12-byte prefix + the raw 32-byte key (RFC 8410).
    der = bytes.fromhex("302a300506032b6570032100") + raw_key
    (tmp_path / "key.der").write_bytes(der)
    (tmp_path / "sig.bin").write_bytes(base64.b64decode((package / SIGNATURE_FILE).read_text().strip()))
    result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(tmp_path / "key.der"),
                             "-keyform", "DER", "-rawin", "-in", str(package / "tagmanifest-sha256.txt"),
                             "-sigfile", str(tmp_path / "sig.bin")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Signature Verified Successfully" in result.stdout


@pytest.mark.parametrize("relative", ["data/phone-extraction.bin", "bag-info.txt", "manifest-sha256.txt",
                                      "provenance/custody.jsonl", "provenance/checkpoint.json",
                                      "provenance/inclusion-proofs.json", "provenance/case.jsonld",
                                      "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig", "cover-sheet-fr.pdf"])
def test_editing_any_byte_fails_verification(relative: str, package: Path, trust: TrustList) -> None:
    target = package / relative
    data = bytearray(target.read_bytes())
    position = len(data) // 2
    data[position] = (data[position] + 1) % 256 if data[position] not in b"\n" else ord("x")
    target.write_bytes(bytes(data))
    verdict = verify_package(package, trust=trust)
    assert not verdict.passed
    failed = [check for check in verdict.checks if not check.passed]
    assert failed, relative
    output = io.StringIO()
    with pytest.raises(CommandError, match="did NOT verify"):
        call_command("evidence", "verify", str(package), "--trust", str(trust.source), stdout=output)
    assert "FAIL" in output.getvalue()


def test_extra_missing_and_symlinked_files_are_refused(package: Path, tmp_path: Path, trust: TrustList) -> None:
    extra = tmp_path / "extra"
    shutil.copytree(package, extra)
    (extra / "data" / "planted.txt").write_text("not in the manifest")
    assert "planted.txt" in next(check.detail for check in verify_package(extra, trust=trust).checks
                                 if check.name == "bag_valid")
    missing = tmp_path / "missing"
    shutil.copytree(package, missing)
    (missing / "data" / "phone-extraction.bin").unlink()
    assert not verify_package(missing, trust=trust).passed
    linked = tmp_path / "linked"
    shutil.copytree(package, linked)
    (linked / "provenance" / "custody.jsonl").unlink()
    (linked / "provenance" / "custody.jsonl").symlink_to("/etc/passwd")
    verdict = verify_package(linked, trust=trust)
    assert not verdict.passed
    assert "symbolic links in the package: provenance/custody.jsonl" in verdict.checks[0].detail


def test_import_verifies_first_and_joins_the_senders_log(world: Any, package: Path, tmp_path: Path,
                                                         trust: TrustList) -> None:
    from tests.factories import UserFactory

    receiver = UserFactory(username="foreign-custodian", authority=world.foreign, roles=["custodian", "drafter"])
    from glacy.cooperation.services.cases import case_open

    foreign_case = case_open(actor=receiver, data={"title": "Received evidence"})
    item, verdict = evidence_package_import(actor=receiver, case=foreign_case, package=package,
                                            description="Phone extraction received from Ghana", trust=trust)
    assert verdict.passed
    received = item.custody_events.get()
    assert (item.source, item.sha256, received.event_type) == (
        "received_from_abroad", world.objects["evidence"].sha256, "received")
    sent = world.objects["evidence"]
    exported = sent.custody_events.order_by("-log_index").first()
    last_in_package = sent.custody_events.order_by("log_index")[0]
    checkpoint = CustodyCheckpoint.objects.order_by("-tree_size").first()
    # The receiver's first event names the sender's last event, checkpoint, key and the package's digest, which
    # the sender's `exported` event also states: the two logs join on it.
    assert {name: received.details[name] for name in (
        "sender_last_event_hash", "sender_key_fingerprint", "sender_package_sha256", "sender_exhibit_sha256")} == {
        "sender_last_event_hash": last_in_package.event_hash, "sender_key_fingerprint": checkpoint.key_fingerprint,
        "sender_package_sha256": exported.details["package_sha256"], "sender_exhibit_sha256": sent.sha256}
    tampered = tmp_path / "tampered"
    shutil.copytree(package, tampered)
    (tampered / "data" / "phone-extraction.bin").write_bytes(b"forged")
    count = EvidenceItem.objects.count()
    with pytest.raises(ValidationFailed) as error:
        evidence_package_import(actor=receiver, case=foreign_case, package=tampered, description="forged",
                                trust=trust)
    assert error.value.errors["package"][0] == "The package failed verification and was not imported."
    assert EvidenceItem.objects.count() == count
    with pytest.raises(ValidationFailed) as error:
        evidence_package_import(actor=receiver, case=foreign_case, package=package, description="unknown sender",
                                trust=TrustList("an empty trust file"))
    assert any("no trust list was given" in message for message in error.value.errors["package"])


def test_the_zip_as_downloaded_verifies_on_the_command_line(world: Any, client_for: Any, tmp_path: Path,
                                                            trust: TrustList) -> None:
    http = client_for(world.users["custodian"])
    response = http.post(f"/evidence/items/{world.objects['evidence'].pk}/export/", {"purpose": "court in Manila"})
    archive = tmp_path / "GH-package.zip"
    archive.write_bytes(b"".join(response.streaming_content))
    output = io.StringIO()
    call_command("evidence", "verify", str(archive), "--trust", str(trust.source), stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[0] == f"Signing key fingerprint: {next(iter(trust.keys))}"
    assert lines[1] == "PASS\tpackage_readable\tpackage ZIP unpacked (no unsafe member)"
    assert lines[-1] == "The package verifies."
    assert not list(Path(tempfile.gettempdir()).glob("glacy-package-*"))  # the unpacked copy is removed


def test_a_key_outside_the_trust_list_is_refused_by_name(package: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = tmp_path / "other.txt"
    other.write_text(trust_line(Ed25519PrivateKey.generate().public_key(), "Some other node") + "\n")
    output = io.StringIO()
    with pytest.raises(CommandError, match="did NOT verify"):
        call_command("evidence", "verify", str(package), "--trust", str(other), stdout=output)
    signer = verify_package(package, trust=TrustList.from_file(other)).signer
    assert (f"FAIL\tkey_trusted\tsigned with key {signer}, which is NOT in the trust list ({other}): the package "
            "may have been re-signed or forged by someone else") in output.getvalue()


def test_only_custodians_export(world: Any, tmp_path: Path) -> None:
    from glacy.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_export_package(actor=world.users["drafter"], item=world.objects["evidence"],
                                destination=tmp_path / "p", purpose="x")
    assert not (tmp_path / "p").exists()


def test_the_cover_sheets_tell_a_court_what_the_package_is_in_english_and_french(package: Path, world: Any) -> None:
    import pypdf

    item = world.objects["evidence"]
    for name, phrases in (("cover-sheet-en.pdf", ["Electronic evidence package – cover sheet", "Phone extraction",
                                                  "How to check this package without GLACY", "answer to PH-MLA-2026-0007",
                                                  "ETS 185", "acquired"]),
                          ("cover-sheet-fr.pdf", ["Paquet de preuves électroniques – page de garde",
                                                  "Comment vérifier ce paquet sans GLACY", "STE 185", "acquisition"])):
        reader = pypdf.PdfReader(package / name)
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        for phrase in (*phrases, item.exhibit_number, item.sha256, item.md5):
            assert phrase in text, (name, phrase)
        fingerprint = CustodyCheckpoint.objects.order_by("-tree_size").first().key_fingerprint
        assert " ".join(fingerprint[index:index + 4] for index in range(0, 64, 4)) in text, name
