"""A node with one simulated peer (`ph-node`) whose authorities are synchronised into the directory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.directory.models import Authority
from glacy.exchange import registry
from glacy.exchange.registry import IncomingMessage
from tests.exchange.peerkit import FakePeer
from tests.factories import AuthorityFactory, CountryFactory

RECORD = "test.record"


def record_handler(message: IncomingMessage) -> None:
    """A domain change the tests can see: one audit row per applied message, in application order."""
    if message.payload.get("refuse"):
        record_event(actor=None, action="test.should_not_stay", authority=message.recipient_authority)
        raise ValidationFailed({"payload": ["the domain refuses this step"]})
    record_event(actor=None, action="test.applied", authority=message.recipient_authority,
                 object_type="test", object_id=str(message.sequence), after={"note": message.payload.get("note")})


@dataclass
class ExchangeWorld:
    peer: FakePeer
    ours: Any  # an authority of this node
    ours_other: Any  # another authority of this node
    theirs: Any  # the peer's 24/7 point (remote copy)
    theirs_central: Any


def _published(authority_id: uuid.UUID, name: str, kind: str) -> dict[str, Any]:
    return {"id": str(authority_id), "country": "PH", "name": name, "name_fr": "", "acronym": "", "kind": kind,
            "email": "", "phone": "", "address": "", "website": "", "office_hours": "", "time_zone": "Asia/Manila",
            "is_available_24_7": kind == "point_of_contact_24_7", "accepted_languages": ["en"]}


@pytest.fixture
def exchange_world(db: Any) -> Any:
    from glacy.exchange.services.directory import peer_directory_apply
    from glacy.exchange.services.peers import peer_add

    ghana = CountryFactory(code="GH", alpha3="GHA", name_en="Ghana", name_fr="Ghana")
    CountryFactory(code="PH", alpha3="PHL", name_en="Philippines", name_fr="Philippines")
    ours = AuthorityFactory(country=ghana, name="Ghana central authority", kind="central_authority")
    ours_other = AuthorityFactory(country=ghana, name="Ghana 24/7 point", kind="point_of_contact_24_7")
    peer = FakePeer(node="ph-node")
    registry.register(RECORD, record_handler)
    with transaction.atomic():
        added = peer_add(actor=None, document=peer.identity_document(), fingerprint=peer.fingerprint,
                         channel="telephone")
        theirs_id, central_id = uuid.uuid4(), uuid.uuid4()
        peer_directory_apply(actor=None, peer=added, document=peer.directory_document([
            _published(theirs_id, "Philippines 24/7 point", "point_of_contact_24_7"),
            _published(central_id, "Philippines DOJ Office of Cybercrime", "central_authority")]))
    yield ExchangeWorld(peer=peer, ours=ours, ours_other=ours_other, theirs=Authority.objects.get(pk=theirs_id),
                        theirs_central=Authority.objects.get(pk=central_id))
    registry._handlers.pop(RECORD, None)
