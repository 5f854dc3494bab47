"""Export packages: valid for bagit, case_validate and an independent Ed25519 implementation (OpenSSL);
any edited byte, extra or missing file makes `glacy evidence verify` fail and say where."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import bagit
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glacy.core.errors import ValidationFailed
from glacy.evidence.models import EvidenceItem
from glacy.evidence.package import SIGNATURE_FILE
from glacy.evidence.services.export import evidence_export_package, evidence_package_import
from glacy.evidence.verify_package import verify_package


@pytest.fixture
def package(world: Any, tmp_path: Path) -> Path:
    return evidence_export_package(actor=world.users["custodian"], item=world.objects["evidence"],
                                   destination=tmp_path / "package", purpose="answer to PH-MLA-2026-0007")


def test_exported_package_passes_every_check(package: Path) -> None:
    verdict = verify_package(package)
    assert [(check.name, check.passed) for check in verdict.checks] == [
        ("bag_valid", True), ("signature", True), ("custody_chain", True), ("inclusion_proofs", True),
        ("case_graph", True)]
    bagit.Bag(str(package)).validate()
    files = sorted(str(path.relative_to(package)) for path in package.rglob("*") if path.is_file())
    assert files == ["bag-info.txt", "bagit.txt", "data/phone-extraction.bin", "manifest-sha256.txt",
                     "manifest-sha512.txt", "provenance/case.jsonld", "provenance/checkpoint.json",
                     "provenance/custody.jsonl", "provenance/inclusion-proofs.json", "tagmanifest-sha256.txt",
                     "tagmanifest-sha256.txt.sig", "tagmanifest-sha512.txt"]
    lines = (package / "provenance/custody.jsonl").read_text().splitlines()
    assert [line.count('"event_type":"') for line in lines] == [1, 1]
    assert '"event_type":"exported"' in lines[1]


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
                                      "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig"])
def test_editing_any_byte_fails_verification(relative: str, package: Path) -> None:
    target = package / relative
    data = bytearray(target.read_bytes())
    position = len(data) // 2
    data[position] = (data[position] + 1) % 256 if data[position] not in b"\n" else ord("x")
    target.write_bytes(bytes(data))
    verdict = verify_package(package)
    assert not verdict.passed
    failed = [check for check in verdict.checks if not check.passed]
    assert failed, relative
    output = io.StringIO()
    with pytest.raises(CommandError, match="did NOT verify"):
        call_command("evidence", "verify", str(package), stdout=output)
    assert "FAIL" in output.getvalue()


def test_extra_missing_and_symlinked_files_are_refused(package: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    shutil.copytree(package, extra)
    (extra / "data" / "planted.txt").write_text("not in the manifest")
    assert "planted.txt" in next(check.detail for check in verify_package(extra).checks if check.name == "bag_valid")
    missing = tmp_path / "missing"
    shutil.copytree(package, missing)
    (missing / "data" / "phone-extraction.bin").unlink()
    assert not verify_package(missing).passed
    linked = tmp_path / "linked"
    shutil.copytree(package, linked)
    (linked / "provenance" / "custody.jsonl").unlink()
    (linked / "provenance" / "custody.jsonl").symlink_to("/etc/passwd")
    verdict = verify_package(linked)
    assert not verdict.passed
    assert "symbolic links in the package: provenance/custody.jsonl" in verdict.checks[0].detail


def test_import_verifies_first(world: Any, package: Path, tmp_path: Path) -> None:
    from tests.factories import UserFactory

    receiver = UserFactory(username="foreign-custodian", authority=world.foreign, roles=["custodian", "drafter"])
    from glacy.cooperation.services.cases import case_open

    foreign_case = case_open(actor=receiver, data={"title": "Received evidence"})
    item, verdict = evidence_package_import(actor=receiver, case=foreign_case, package=package,
                                            description="Phone extraction received from Ghana")
    assert verdict.passed
    assert (item.source, item.sha256, item.custody_events.get().event_type) == (
        "received_from_abroad", world.objects["evidence"].sha256, "received")
    tampered = tmp_path / "tampered"
    shutil.copytree(package, tampered)
    (tampered / "data" / "phone-extraction.bin").write_bytes(b"forged")
    count = EvidenceItem.objects.count()
    with pytest.raises(ValidationFailed) as error:
        evidence_package_import(actor=receiver, case=foreign_case, package=tampered, description="forged")
    assert error.value.errors["package"][0] == "The package failed verification and was not imported."
    assert EvidenceItem.objects.count() == count


def test_only_custodians_export(world: Any, tmp_path: Path) -> None:
    from glacy.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_export_package(actor=world.users["drafter"], item=world.objects["evidence"],
                                destination=tmp_path / "p", purpose="x")
    assert not (tmp_path / "p").exists()
