"""Certificates: signed with the node's key, verified on the public page and offline (the command and
openssl, with a key from outside the certificate); revocation; retention and consent."""

from __future__ import annotations

import base64
import datetime
import io
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pdfplumber
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.test import Client

from glacy.core.errors import ValidationFailed
from glacy.core.models import AuditEvent
from glacy.training.certificates import b64url, b64url_decode, node_public_key_pem
from glacy.training.documents import verification_url
from glacy.training.models import Certificate, Participant
from glacy.training.services.certificates import certificate_revoke
from glacy.training.services.participants import participant_add, participants_erase_expired


def _url(certificate: Certificate) -> str:
    return verification_url(certificate, base_url="http://testserver/")


def _verify_page(url: str) -> Any:
    return Client().get(url.replace("http://testserver", ""))


def test_certificate_pdf_names_the_holder_and_carries_the_verification_link(world: Any, client_for: Any) -> None:
    certificate = world.objects["certificate"]
    response = client_for(world.users["trainer"]).get(f"/training/certificates/{certificate.pk}.pdf")
    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = pdf.pages[0].extract_text()
        assert len(pdf.pages) == 1
        assert len(pdf.pages[0].lines) > 500  # the QR code's modules, drawn as vector strokes
    assert "Abena Owusu" in text
    assert certificate.number in text
    assert response["X-Verification-URL"] == _url(certificate)


def test_public_page_verifies_the_qr_link_without_sign_in(world: Any) -> None:
    certificate = world.objects["certificate"]
    page = _verify_page(_url(certificate))
    assert page.status_code == 200
    assert page.context["status"] == "valid"
    assert page.context["statement"]["holder"] == "Abena Owusu"
    # A changed name breaks the signature.
    query = parse_qs(urlsplit(_url(certificate)).query)
    forged = b64url_decode(query["c"][0]).replace(b"Abena Owusu", b"Mallory Owusu")
    tampered = _verify_page(f"/training/verify/?c={b64url(forged)}&s={query['s'][0]}")
    assert tampered.context["status"] == "invalid"
    assert "Mallory" not in tampered.content.decode()
    certificate_revoke(actor=world.users["trainer"], certificate=certificate, reason="Issued in error")
    assert _verify_page(_url(certificate)).context["status"] == "revoked"


def test_offline_check_with_the_command_and_with_openssl(world: Any, tmp_path: Path, capsys: Any) -> None:
    certificate = world.objects["certificate"]
    key_file = tmp_path / "node.pub.pem"
    key_file.write_bytes(node_public_key_pem())
    call_command("training", "verify-certificate", _url(certificate), "--public-key", str(key_file))
    assert "VALID: signed by the given key." in capsys.readouterr().out
    other = tmp_path / "other.pub.pem"
    other.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(CommandError, match="NOT VALID"):
        call_command("training", "verify-certificate", _url(certificate), "--public-key", str(other))
    # The recipe of docs/user-guide.md ("Verifying a certificate"): statement and raw signature, checked by openssl.
    query = parse_qs(urlsplit(_url(certificate)).query)
    (tmp_path / "statement.json").write_bytes(b64url_decode(query["c"][0]))
    (tmp_path / "signature.bin").write_bytes(b64url_decode(query["s"][0]))
    assert base64.b64encode(b64url_decode(query["s"][0])).decode() == certificate.signature
    verified = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(key_file), "-rawin",
                               "-in", str(tmp_path / "statement.json"), "-sigfile", str(tmp_path / "signature.bin")],
                              capture_output=True, text=True, check=False)
    assert verified.returncode == 0, verified.stderr
    assert "Signature Verified Successfully" in verified.stdout


def test_retention_erases_names_and_the_register_still_answers(world: Any) -> None:
    certificate, participant = world.objects["certificate"], world.objects["participant"]
    url = _url(certificate)
    day_after = participant.retention_until + datetime.timedelta(days=1)
    assert participants_erase_expired(today=participant.retention_until) == 0
    assert participants_erase_expired(today=day_after) == 1
    assert participants_erase_expired(today=day_after) == 0  # idempotent
    participant.refresh_from_db()
    certificate.refresh_from_db()
    assert (participant.full_name, participant.email, str(participant.post_score)) == ("", "", "75.00")
    assert certificate.statement == ""
    assert "Abena" not in str(AuditEvent.objects.filter(action="training.personal_data_erased").get().after)
    # The holder still has the QR link: it is valid and the register still lists it (by its hash).
    assert _verify_page(url).context["status"] == "valid"


def test_cleanup_command(world: Any, capsys: Any) -> None:
    Participant.objects.update(retention_until=datetime.date(2020, 1, 1))
    call_command("training", "cleanup")
    assert capsys.readouterr().out.strip() == "Personal data erased for 1 participant(s)."


def test_a_name_needs_consent(world: Any) -> None:
    session = world.objects["session"]
    with pytest.raises(ValidationFailed) as refused:
        participant_add(actor=world.users["trainer"], session=session, has_consent=False, data={
            "full_name": "Kwame Boateng", "institution_type": "prosecution", "gender": "man", "attended": True})
    assert "consent" in refused.value.errors
    anonymous = participant_add(actor=world.users["trainer"], session=session, has_consent=False, data={
        "institution_type": "prosecution", "gender": "man", "attended": True})
    assert (anonymous.full_name, anonymous.consent_at, anonymous.retention_until) == (
        "", None, datetime.date(2025, 5, 9) + datetime.timedelta(days=3 * 365))


def test_cleanup_job_is_audited_as_a_job(world: Any) -> None:
    from glacy.training.tasks import erase_expired_personal_data

    Participant.objects.update(retention_until=datetime.date(2020, 1, 1))
    erase_expired_personal_data.enqueue()
    event = AuditEvent.objects.get(action="training.personal_data_erased")
    assert (event.channel, event.after["count"]) == ("job", 1)
