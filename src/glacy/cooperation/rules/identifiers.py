"""Identifiers sought in a request, validated and normalised so the other side can act on them.

An IP address without port and time (with an explicit time zone) cannot identify a subscriber behind
carrier-grade NAT; the check refuses it rather than let a request travel that cannot be executed.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class IdentifierError(ValueError):
    """Input refused; `field` names the part that is wrong."""

    def __init__(self, field: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: dict[str, Any]
    display: str


KINDS: dict[str, str | Promise] = {
    "ip": _("IP address with port and time"),
    "email": _("e-mail address"),
    "account": _("account or user name"),
    "phone": _("telephone number (E.164)"),
    "domain": _("domain name"),
    "url": _("URL"),
    "crypto": _("crypto-asset address"),
    "device": _("device identifier (IMEI, IMSI, MAC)"),
}
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,253}$")
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
BASE58 = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{25,40}$")
BECH32 = re.compile(r"^(bc1|tb1)[02-9ac-hj-np-z]{8,87}$")
ETHEREUM = re.compile(r"^0x[0-9a-fA-F]{40}$")
MAC = re.compile(r"^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")


#: What is missing, said precisely: a reader abroad must know which part to add and why it matters.
MISSING: dict[str, str | Promise] = {
    "address": _("The IP address is missing."),
    "port": _("The port is missing: behind carrier-grade NAT many subscribers share one IPv4 address at the same "
              "time, and only the source port tells them apart."),
    "timestamp": _("The time is missing: give the date and time with its time zone, e.g. "
                   "2026-03-02T14:05:09+01:00."),
    "service": _("The service is missing: name the platform the account is on (e.g. the webmail or social "
                 "network)."),
    "value": _("The identifier itself is missing."),
}


def _text(raw: Mapping[str, Any], name: str, *, required: bool = True) -> str:
    value = str(raw.get(name) or "").strip()
    if required and not value:
        raise IdentifierError(name, MISSING.get(name, _("This part of the identifier is missing.")))
    return value


def _zoned_time(raw: Mapping[str, Any]) -> datetime.datetime:
    """ISO 8601 time that must carry its offset (Z or ±hh:mm); naive times are ambiguous abroad."""
    text = _text(raw, "timestamp")
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise IdentifierError("timestamp", _("Give the time as 2026-03-02T14:05:09+01:00 (ISO 8601).")) from error
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise IdentifierError("timestamp", _("The time must state its time zone (e.g. +01:00 or Z)."))
    return moment


def _ip(raw: Mapping[str, Any]) -> Identifier:
    address_text = _text(raw, "address")  # missing: said so, before any question of format
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError as error:
        raise IdentifierError("address", _("This is not an IPv4 or IPv6 address.")) from error
    port_text = _text(raw, "port", required=address.version == 4)
    port = None
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise IdentifierError("port", _("The port must be a number from 1 to 65535."))
        port = int(port_text)
    moment = _zoned_time(raw)
    utc = moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    shown = f"[{address}]:{port}" if address.version == 6 and port else f"{address}:{port}" if port else str(address)
    return Identifier("ip", {"address": str(address), "port": port, "timestamp": moment.isoformat(),
                             "timestamp_utc": utc}, f"{shown} at {moment.isoformat()}")


def _email(raw: Mapping[str, Any]) -> Identifier:
    text = _text(raw, "value")
    if not EMAIL.match(text):
        raise IdentifierError("value", _("This is not an e-mail address."))
    local, domain = text.rsplit("@", 1)
    normalised = f"{local}@{_domain_name(domain)}"
    return Identifier("email", {"address": normalised}, normalised)


def _domain_name(text: str) -> str:
    try:
        ascii_name = text.strip().rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise IdentifierError("value", _("This is not a valid domain name.")) from error
    labels = ascii_name.split(".")
    if len(labels) < 2 or not all(LABEL.match(label) for label in labels):
        raise IdentifierError("value", _("This is not a valid domain name."))
    return ascii_name


def _domain(raw: Mapping[str, Any]) -> Identifier:
    name = _domain_name(_text(raw, "value"))
    return Identifier("domain", {"domain": name}, name)


def _url(raw: Mapping[str, Any]) -> Identifier:
    text = _text(raw, "value")
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https", "ftp"} or not parts.hostname:
        raise IdentifierError("value", _("Give a full URL starting with http://, https:// or ftp://."))
    host = parts.hostname if parts.hostname.endswith(".onion") else _domain_name(parts.hostname) \
        if not _is_ip(parts.hostname) else parts.hostname
    return Identifier("url", {"url": text, "host": host}, text)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _phone(raw: Mapping[str, Any]) -> Identifier:
    text = _text(raw, "value")
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as error:
        raise IdentifierError("value", _("Give the number in international form, e.g. +233 30 266 4000.")) from error
    if not phonenumbers.is_valid_number(number):
        raise IdentifierError("value", _("This telephone number is not valid for its country."))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Identifier("phone", {"e164": e164}, e164)


def _account(raw: Mapping[str, Any]) -> Identifier:
    service, name = _text(raw, "service"), _text(raw, "value")
    return Identifier("account", {"service": service, "username": name}, f"{name} ({service})")


def _crypto(raw: Mapping[str, Any]) -> Identifier:
    text = _text(raw, "value")
    if BECH32.match(text.lower()) or BASE58.match(text):
        network = "bitcoin"
    elif ETHEREUM.match(text):
        network, text = "ethereum", text.lower()
    else:
        # Checksums differ per network (Keccak for Ethereum); we check the format only and say so.
        raise IdentifierError("value", _("Not a Bitcoin or Ethereum address format."))
    return Identifier("crypto", {"network": network, "address": text}, f"{text} ({network})")


def _luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, character in enumerate(reversed(digits)):
        number = int(character)
        if index % 2 == 1:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def _device(raw: Mapping[str, Any]) -> Identifier:
    text = _text(raw, "value").replace(" ", "")
    if text.isdigit() and len(text) == 15 and _luhn_is_valid(text):
        return Identifier("device", {"type": "imei", "value": text}, f"IMEI {text}")
    if text.isdigit() and len(text) == 15:
        return Identifier("device", {"type": "imsi", "value": text}, f"IMSI {text}")
    if MAC.match(text):
        normalised = text.replace("-", ":").lower()
        return Identifier("device", {"type": "mac", "value": normalised}, f"MAC {normalised}")
    raise IdentifierError("value", _("Give a 15-digit IMEI or IMSI, or a MAC address such as 00:1a:2b:3c:4d:5e."))


PARSERS = {"ip": _ip, "email": _email, "account": _account, "phone": _phone, "domain": _domain, "url": _url,
           "crypto": _crypto, "device": _device}


def parse_identifier(kind: str, raw: Mapping[str, Any]) -> Identifier:
    """Validate and normalise one identifier; raises IdentifierError naming the wrong part."""
    parser = PARSERS.get(kind)
    if parser is None:
        raise IdentifierError("kind", _("Unknown kind of identifier."))
    return parser(raw)
