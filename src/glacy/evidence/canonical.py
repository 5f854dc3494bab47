"""Canonical JSON (RFC 8785 style) for everything the evidence engine hashes or signs.

A custody record, a checkpoint or a package statement is proven years later by recomputing a hash over
its bytes. Those bytes must therefore not depend on dictionary order, whitespace or the JSON library of
the day: keys are sorted by their UTF-16 code units (as RFC 8785 requires), no insignificant whitespace,
UTF-8 output, and only the value types we can serialise exactly (no floats: a float's decimal form is
where JSON canonicalisation schemes disagree, and we never need one).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["canonical_json", "canonical_text"]


def _utf16_key(key: str) -> bytes:
    # RFC 8785 §3.2.3 sorts property names by UTF-16 code units, which differs from Python's code point
    # order only for characters outside the Basic Multilingual Plane.
    return key.encode("utf-16-be")


def _serialise(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, str):
        # json.dumps with ensure_ascii=False escapes exactly what RFC 8785 escapes (quote, backslash,
        # control characters with the short forms \b \f \n \r \t, else \u00xx in lower case).
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda item: _utf16_key(_require_str_key(item[0])))
        out.append("{")
        for position, (key, item) in enumerate(items):
            if position:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False))
            out.append(":")
            _serialise(item, out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            _serialise(item, out)
        out.append("]")
    else:
        raise TypeError(f"cannot canonicalise a value of type {type(value).__name__}")


def _require_str_key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
    return key


def canonical_text(value: Any) -> str:
    """Return the canonical JSON text of ``value`` (dicts, lists, str, int, bool, None only)."""
    out: list[str] = []
    _serialise(value, out)
    return "".join(out)


def canonical_json(value: Any) -> bytes:
    """Return the canonical JSON bytes of ``value``: the exact bytes that get hashed and signed."""
    return canonical_text(value).encode("utf-8")
