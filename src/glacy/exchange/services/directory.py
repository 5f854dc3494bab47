"""The authorities a node publishes to its peers, and their read-only copies in the peers' directories.

A node publishes its own active authorities — offices, never people — in a directory document signed by its
current key (``typ: glacy-directory+jws``). The 24/7 points of contact (ETS 185 Art. 35) and central
authorities (Art. 27(2)(a)) are what the network directory shows; the other offices are published too so that
a request made by, say, a prosecution service can name it on the requested node. A peer's authorities are
kept under the same id with `home_node` set to the peer: read-only here (directory services refuse to change
them), refreshed by `peer_directory_apply`, deactivated when the peer stops publishing them.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.directory.models import Authority, AuthorityKind, Country
from glacy.exchange import jose
from glacy.exchange.keyfiles import key_fingerprint
from glacy.exchange.keyhistory import format_time, parse_time
from glacy.exchange.keys import node_signing_key, signing_key_valid_at
from glacy.exchange.models import Peer

DIRECTORY_TYPE = "glacy-directory+jws"
PUBLISHED_FIELDS = ("name", "name_fr", "acronym", "kind", "email", "phone", "address", "website", "office_hours",
                    "time_zone", "is_available_24_7", "accepted_languages")


def directory_document(*, now: datetime.datetime | None = None) -> str:
    """This node's published authorities, signed."""
    authorities = Authority.objects.filter(home_node="", is_active=True).order_by("pk")
    payload = {
        "protocol": "glacy-exchange/1", "node": settings.NODE_ID, "issued_at": format_time(now or timezone.now()),
        "authorities": [{"id": str(authority.pk), "country": authority.country_id,
                         **{name: getattr(authority, name) for name in PUBLISHED_FIELDS}}
                        for authority in authorities],
    }
    key = node_signing_key()
    return jose.sign(key, jose.compact_json(payload), kid=key_fingerprint(key.public_key()), typ=DIRECTORY_TYPE)


def _verified_payload(peer: Peer, document: str) -> tuple[dict[str, Any], datetime.datetime]:
    from glacy.exchange.keys import signing_key

    try:
        kid = str(jose.peek(document).header.get("kid", ""))
        record = signing_key(kid, peer.node)
        if record is None:
            raise jose.JoseFailure("signed by a key that is not in the peer's key history")
        _header, raw = jose.verify(document, record.public_key(), typ=DIRECTORY_TYPE)  # type: ignore[arg-type]
        payload = jose.json_payload(raw)
        issued_at = parse_time(payload.get("issued_at"))
    except (jose.JoseFailure, ValueError) as error:
        raise ValidationFailed({"document": [_("The directory document does not verify: %(problem)s") % {
            "problem": error}]}) from error
    if not signing_key_valid_at(kid, issued_at, peer.node):
        raise ValidationFailed({"document": [_("The directory document is signed by a key that was not valid "
                                               "(or not yet confirmed) when it was issued.")]})
    if payload.get("node") != peer.node or not isinstance(payload.get("authorities"), list):
        raise ValidationFailed({"document": [_("The directory document is not this peer's.")]})
    return payload, issued_at


def _clean_entry(entry: Any, peer: Peer) -> tuple[uuid.UUID, dict[str, Any]] | str:
    """The fields of one published authority, or the reason it is skipped."""
    if not isinstance(entry, dict):
        return "not an object"
    try:
        identifier = uuid.UUID(str(entry.get("id")))
    except ValueError:
        return "no valid id"
    country = entry.get("country")
    if not isinstance(country, str) or not Country.objects.filter(code=country).exists():
        return f"{identifier}: unknown country"
    if peer.country and country != peer.country:
        return f"{identifier}: an authority of {country}, but the peer serves {peer.country}"
    if entry.get("kind") not in AuthorityKind.values:
        return f"{identifier}: unknown kind"
    fields: dict[str, Any] = {"country_id": country}
    for name in PUBLISHED_FIELDS:
        value = entry.get(name)
        expected = bool if name == "is_available_24_7" else list if name == "accepted_languages" else str
        if not isinstance(value, expected):
            return f"{identifier}: {name} has the wrong type"
        fields[name] = value
    if not fields["name"].strip():
        return f"{identifier}: no name"
    return identifier, fields


@transaction.atomic
def peer_directory_apply(*, actor: Any, peer: Peer, document: str) -> dict[str, Any]:
    """Bring the read-only copies of `peer`'s authorities in step with its signed directory document.

    An entry is skipped (and reported) when its id is an authority of this node or of another peer, when its
    country is not the peer's, or when it clashes with another authority's name in that country.
    """
    peer = Peer.objects.select_for_update().get(pk=peer.pk)
    payload, issued_at = _verified_payload(peer, document)
    if peer.directory_issued_at is not None and issued_at <= peer.directory_issued_at:
        return {"created": 0, "updated": 0, "deactivated": 0, "skipped": []}
    now = timezone.now()
    created = updated = 0
    skipped: list[str] = []
    seen: set[uuid.UUID] = set()
    for entry in payload["authorities"]:
        cleaned = _clean_entry(entry, peer)
        if isinstance(cleaned, str):
            skipped.append(cleaned)
            continue
        identifier, fields = cleaned
        existing = Authority.objects.filter(pk=identifier).first()
        if existing is not None and existing.home_node != peer.node:
            skipped.append(f"{identifier}: already an authority of {existing.home_node or 'this node'}")
            continue
        if Authority.objects.filter(country_id=fields["country_id"], name=fields["name"]).exclude(
                pk=identifier).exists():
            skipped.append(f"{identifier}: another authority of {fields['country_id']} has this name")
            continue
        seen.add(identifier)
        fields.update(home_node=peer.node, synchronised_at=now, is_active=True)
        if existing is None:
            Authority.objects.create(pk=identifier, **fields)
            created += 1
        else:
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
            updated += 1
    deactivated = Authority.objects.filter(home_node=peer.node, is_active=True).exclude(pk__in=seen).update(
        is_active=False, synchronised_at=now)
    peer.directory_issued_at = issued_at
    peer.save(update_fields=["directory_issued_at", "updated_at"])
    summary = {"created": created, "updated": updated, "deactivated": deactivated, "skipped": skipped}
    record_event(actor=actor, action="exchange.peer_directory_synchronised", obj=peer, after=summary)
    return summary
