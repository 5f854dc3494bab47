"""A local RFC 3161 time-stamping authority for the tests: a test root, a TSA certificate (extended key usage
timeStamping, critical) and an HTTP server on 127.0.0.1 that answers time-stamp queries with signed tokens,
built with asn1crypto (structures) and cryptography (keys, certificates, signatures). No network is used."""

from __future__ import annotations

import datetime
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

POLICY = "1.3.6.1.4.1.99999.1"


@dataclass
class TestAuthority:
    url: str
    roots: Path  # PEM of the test root: what the operator installs as GLACY_TSA_CERTS
    requests: list[bytes]


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificates() -> tuple[x509.Certificate, x509.Certificate, ec.EllipticCurvePrivateKey]:
    now = datetime.datetime.now(tz=datetime.UTC)
    root_key, tsa_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(_name("GLACY test root")).issuer_name(_name("GLACY test root"))
            .public_key(root_key.public_key()).serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    tsa = (x509.CertificateBuilder().subject_name(_name("GLACY test TSA")).issuer_name(root.subject)
           .public_key(tsa_key.public_key()).serial_number(2).not_valid_before(now - datetime.timedelta(days=1))
           .not_valid_after(now + datetime.timedelta(days=30))
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                        data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                        crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
           .sign(root_key, hashes.SHA256()))
    return root, tsa, tsa_key


def _token(request: tsp.TimeStampReq, tsa: x509.Certificate, key: ec.EllipticCurvePrivateKey,
           serial: int) -> bytes:
    tsa_asn1 = asn1_x509.Certificate.load(tsa.public_bytes(serialization.Encoding.DER))
    info = tsp.TSTInfo({
        "version": 1, "policy": POLICY, "message_imprint": request["message_imprint"], "serial_number": serial,
        "gen_time": datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0),
        "nonce": request["nonce"].native if request["nonce"].native is not None else None,
    })
    content = info.dump()
    signed_attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(content).digest()]}),
        cms.CMSAttribute({"type": "signing_certificate_v2", "values": [tsp.SigningCertificateV2({"certs": [
            tsp.ESSCertIDv2({"hash_algorithm": {"algorithm": "sha256"},
                             "cert_hash": hashlib.sha256(tsa_asn1.dump()).digest()})]})]}),
    ])
    signature = key.sign(signed_attrs.dump(), ec.ECDSA(hashes.SHA256()))
    signed = cms.SignedData({
        "version": "v3", "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": "tst_info", "content": core.ParsableOctetString(content)},
        "certificates": [tsa_asn1],
        "signer_infos": [cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
                "issuer": tsa_asn1.issuer, "serial_number": tsa_asn1.serial_number})}),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "signature": signature,
        })],
    })
    return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": cms.ContentInfo({
        "content_type": "signed_data", "content": signed})}).dump()


@contextmanager
def local_tsa(folder: Path) -> Iterator[TestAuthority]:
    """Run the authority on 127.0.0.1 (a free port) for the duration of the block."""
    root, tsa, key = _certificates()
    roots = folder / "tsa-roots.pem"
    roots.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(body)
            answer = _token(tsp.TimeStampReq.load(body), tsa, key, serial=len(received))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield TestAuthority(f"http://127.0.0.1:{server.server_address[1]}/tsa", roots, received)
    finally:
        server.shutdown()
        server.server_close()
