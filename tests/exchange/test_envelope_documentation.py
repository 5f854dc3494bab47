"""docs/exchange/ stays true: the example envelope and receipt follow their JSON Schemas, the committed example
tokens are what the code produces from the published example keys, any JOSE library (here joserfc, used
directly) verifies and opens them, and what the platform sends follows the schema too."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.db import transaction
from joserfc import jwe, jws
from joserfc.jwk import OKPKey

from glacy.exchange import jose
from glacy.exchange.keyfiles import key_fingerprint

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exchange"
EXAMPLES = DOCS / "examples"


def _schema(name: str) -> dict[str, Any]:
    return json.loads((DOCS / name).read_text())


def example_keys() -> tuple[Ed25519PrivateKey, X25519PrivateKey]:
    """Documentation keys, derived from a published seed: never a node's key."""
    signing = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"glacy example signing key").digest())
    encryption = X25519PrivateKey.from_private_bytes(hashlib.sha256(b"glacy example encryption key").digest())
    return signing, encryption


def test_examples_follow_the_schemas() -> None:
    for example, schema in (("envelope.json", "envelope.schema.json"), ("receipt.json", "receipt.schema.json")):
        jsonschema.validate(json.loads((EXAMPLES / example).read_text()), _schema(schema))


def test_the_example_tokens_are_reproducible_and_verify_with_plain_joserfc() -> None:
    signing, encryption = example_keys()
    keys = json.loads((EXAMPLES / "keys.json").read_text())
    assert keys["signing"]["kid"] == key_fingerprint(signing.public_key())
    assert keys["encryption"]["kid"] == key_fingerprint(encryption.public_key())
    envelope = (EXAMPLES / "envelope.json").read_bytes().strip()
    token = (EXAMPLES / "envelope.jws").read_text().strip()
    # Ed25519 signatures are deterministic: the code signs the example payload to the committed token.
    assert jose.sign(signing, jose.compact_json(json.loads(envelope)), kid=keys["signing"]["kid"],
                     typ="glacy-message+jws") == token
    public = OKPKey.import_key(keys["signing"]["jwk"])
    verified = jws.deserialize_compact(token, public, algorithms=["Ed25519"])
    assert json.loads(verified.payload) == json.loads(envelope)
    opened = jwe.decrypt_compact((EXAMPLES / "envelope.jwe").read_text().strip(), OKPKey.import_key(encryption),
                                 algorithms=["ECDH-ES+A256KW", "A256GCM"])
    assert opened.plaintext.decode() == token
    receipt = jws.deserialize_compact((EXAMPLES / "receipt.jws").read_text().strip(), public, algorithms=["Ed25519"])
    assert json.loads(receipt.payload)["hash"] == hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.django_db
def test_what_the_platform_sends_and_answers_follows_the_schemas(world: Any) -> None:
    from glacy.exchange.handlers import ping_send
    from glacy.exchange.services.delivery import deliver_due

    with transaction.atomic():
        message = ping_send(sender_authority=world.own, recipient_authority=world.foreign, note="schema check",
                            conversation_id=uuid.uuid4())
    jsonschema.validate(jose.json_payload(jose.peek(message.signed).payload), _schema("envelope.schema.json"))
    deliver_due(worker="test")
    message.refresh_from_db()
    assert message.status == "delivered"
    jsonschema.validate(jose.json_payload(jose.peek(message.receipt).payload), _schema("receipt.schema.json"))
