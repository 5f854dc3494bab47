"""Identifiers sought: validated, normalised, and refused with the wrong part named."""

from __future__ import annotations

from typing import Any

import pytest

from glacy.cooperation.rules.identifiers import IdentifierError, parse_identifier


@pytest.mark.parametrize(("kind", "raw", "value", "display"), [
    ("ip", {"address": "203.0.113.7", "port": "51234", "timestamp": "2026-03-02T14:05:09+01:00"},
     {"address": "203.0.113.7", "port": 51234, "timestamp": "2026-03-02T14:05:09+01:00",
      "timestamp_utc": "2026-03-02T13:05:09Z"}, "203.0.113.7:51234 at 2026-03-02T14:05:09+01:00"),
    ("ip", {"address": "2001:DB8::1", "timestamp": "2026-03-02T13:05:09Z"},
     {"address": "2001:db8::1", "port": None, "timestamp": "2026-03-02T13:05:09+00:00",
      "timestamp_utc": "2026-03-02T13:05:09Z"}, "2001:db8::1 at 2026-03-02T13:05:09+00:00"),
    ("email", {"value": "Suspect@Bücher.example"}, {"address": "Suspect@xn--bcher-kva.example"},
     "Suspect@xn--bcher-kva.example"),
    ("phone", {"value": "+233 30 266 4000"}, {"e164": "+233302664000"}, "+233302664000"),
    ("domain", {"value": "Münich-Shop.Example."}, {"domain": "xn--mnich-shop-9db.example"},
     "xn--mnich-shop-9db.example"),
    ("url", {"value": "https://videos.example.com/watch?v=1"},
     {"url": "https://videos.example.com/watch?v=1", "host": "videos.example.com"},
     "https://videos.example.com/watch?v=1"),
    ("account", {"service": "Telegram", "value": "@dark_seller"}, {"service": "Telegram", "username": "@dark_seller"},
     "@dark_seller (Telegram)"),
    ("crypto", {"value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
     {"network": "bitcoin", "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
     "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq (bitcoin)"),
    ("device", {"value": "490154203237518"}, {"type": "imei", "value": "490154203237518"}, "IMEI 490154203237518"),
    ("device", {"value": "00-1A-2B-3C-4D-5E"}, {"type": "mac", "value": "00:1a:2b:3c:4d:5e"}, "MAC 00:1a:2b:3c:4d:5e"),
])
def test_valid_identifiers_are_normalised(kind: str, raw: dict[str, Any], value: dict[str, Any], display: str) -> None:
    parsed = parse_identifier(kind, raw)
    assert (parsed.kind, parsed.value, parsed.display) == (kind, value, display)


@pytest.mark.parametrize(("kind", "raw", "field", "message"), [
    # The missing part is named, with why it matters (issue 11: "required" did not say the port was missing).
    ("ip", {"address": "203.0.113.7", "timestamp": "2026-03-02T14:05:09+01:00"}, "port",
     "The port is missing: behind carrier-grade NAT many subscribers share one IPv4 address at the same time, "
     "and only the source port tells them apart."),
    ("ip", {"port": "443", "timestamp": "2026-03-02T14:05:09+01:00"}, "address", "The IP address is missing."),
    ("ip", {"address": "203.0.113.7", "port": "443"}, "timestamp",
     "The time is missing: give the date and time with its time zone, e.g. 2026-03-02T14:05:09+01:00."),
    ("email", {"value": "  "}, "value", "The identifier itself is missing."),
    ("ip", {"address": "203.0.113.7", "port": "443", "timestamp": "2026-03-02T14:05:09"}, "timestamp",
     "The time must state its time zone (e.g. +01:00 or Z)."),
    ("ip", {"address": "203.0.113.7", "port": "443", "timestamp": "02/03/2026 14:05"}, "timestamp",
     "Give the time as 2026-03-02T14:05:09+01:00 (ISO 8601)."),
    ("ip", {"address": "203.0.113.300", "port": "443", "timestamp": "2026-03-02T14:05:09Z"}, "address",
     "This is not an IPv4 or IPv6 address."),
    ("ip", {"address": "203.0.113.3", "port": "70000", "timestamp": "2026-03-02T14:05:09Z"}, "port",
     "The port must be a number from 1 to 65535."),
    ("email", {"value": "not-an-address"}, "value", "This is not an e-mail address."),
    ("phone", {"value": "0302664000"}, "value", "Give the number in international form, e.g. +233 30 266 4000."),
    ("domain", {"value": "localhost"}, "value", "This is not a valid domain name."),
    ("url", {"value": "javascript:alert(1)"}, "value", "Give a full URL starting with http://, https:// or ftp://."),
    ("crypto", {"value": "hello"}, "value", "Not a Bitcoin or Ethereum address format."),
    ("device", {"value": "12345"}, "value",
     "Give a 15-digit IMEI or IMSI, or a MAC address such as 00:1a:2b:3c:4d:5e."),
    ("fax", {"value": "x"}, "kind", "Unknown kind of identifier."),
])
def test_invalid_identifiers_name_the_wrong_part(kind: str, raw: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(IdentifierError) as error:
        parse_identifier(kind, raw)
    assert (error.value.field, str(error.value.message)) == (field, message)
