"""Independent validation of an exported package, with tools nobody on the project wrote: the bagit.py command
line validates the bag, and a separate Python process that imports nothing of GLACY checks the signatures with
PyNaCl (libsodium), the manifests with hashlib and the custody chain by hand, as a foreign court's expert would."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from glacy.evidence.services.export import evidence_export_package

INDEPENDENT_CHECK = textwrap.dedent('''
    import base64, hashlib, json, sys
    from pathlib import Path
    import nacl.signing, nacl.exceptions

    bag, trusted_fingerprint = Path(sys.argv[1]), sys.argv[2]
    info = dict(line.split(": ", 1) for line in (bag / "bag-info.txt").read_text().splitlines() if ": " in line)
    raw_key = base64.b64decode(info["Glacy-Signing-Public-Key"])
    # The key is taken from the package only after its fingerprint matches the one received by another channel.
    assert hashlib.sha256(raw_key).hexdigest() == trusted_fingerprint, "not the trusted key"
    key = nacl.signing.VerifyKey(raw_key)
    tag_manifest = (bag / "tagmanifest-sha256.txt").read_bytes()
    key.verify(tag_manifest, base64.b64decode((bag / "tagmanifest-sha256.txt.sig").read_text().strip()))
    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        for line in (bag / manifest).read_text().splitlines():
            digest, name = line.split(None, 1)
            assert hashlib.sha256((bag / name).read_bytes()).hexdigest() == digest, name
    previous = "0" * 64
    records = []
    for line in (bag / "provenance" / "custody.jsonl").read_bytes().splitlines():
        start = line.index(b',"record":') + len(b',"record":')
        record, stated = line[start:-1], json.loads(line)["event_hash"]
        assert hashlib.sha256(b"\\x00" + record).hexdigest() == stated, "event hash"
        assert json.loads(record)["previous_hash"] == previous, "chain link"
        previous = stated
        records.append(json.loads(record))
    checkpoint = json.loads((bag / "provenance" / "checkpoint.json").read_text())
    key.verify(checkpoint["statement"].encode(), base64.b64decode(checkpoint["signature"]))
    payload = next(p for p in (bag / "data").iterdir() if p.is_file())
    assert hashlib.sha256(payload.read_bytes()).hexdigest() == records[0]["hashes_after"]["sha256"]
    assert not [name for name in sys.modules if name.startswith("glacy")], "GLACY was imported"
    print(f"OK {len(records)} records")
''')


@pytest.fixture
def exported(world: Any, tmp_path: Path) -> tuple[Path, str]:
    package = evidence_export_package(actor=world.users["custodian"], item=world.objects["evidence"],
                                      destination=tmp_path / "package", purpose="answer to PH-MLA-2026-0007")
    from glacy.exchange.keys import node_key_history

    return package, node_key_history()[0].fingerprint  # what the receiver confirmed by telephone


def _independent(package: Path, fingerprint: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", INDEPENDENT_CHECK, str(package), fingerprint],
                          capture_output=True, text=True, timeout=120, check=False, cwd="/")


def test_bagit_command_line_validates_the_package(exported: tuple[Path, str]) -> None:
    bagit_cli = Path(sys.executable).parent / "bagit.py"
    result = subprocess.run([str(bagit_cli), "--validate", str(exported[0])], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert f"{exported[0]} is valid" in result.stderr


def test_pynacl_checks_the_signatures_without_glacy(exported: tuple[Path, str]) -> None:
    result = _independent(*exported)
    assert (result.returncode, result.stdout) == (0, "OK 1 records\n"), result.stderr


def test_pynacl_refuses_a_forged_signature(exported: tuple[Path, str]) -> None:
    package, fingerprint = exported
    signature = package / "tagmanifest-sha256.txt.sig"
    signature.write_text(signature.read_text().replace(signature.read_text()[5], "A" if signature.read_text()[5]
                                                       != "A" else "B", 1))
    result = _independent(package, fingerprint)
    assert result.returncode == 1
    assert "BadSignatureError" in result.stderr
