"""Validators for directory fields: time zones (IANA) and language codes (ISO 639-1)."""

from __future__ import annotations

import zoneinfo
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """Accept only IANA time-zone names such as Europe/Paris or Africa/Accra."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValidationError(
            _("“%(value)s” is not a known time zone; use a name such as Europe/Paris."), params={"value": value},
        ) from error


def validate_language_codes(value: Any) -> list[str]:
    """Return the list of two-letter ISO 639-1 codes, lower-cased, refusing unknown codes."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Give a list of two-letter language codes such as en, fr."))
    codes: list[str] = []
    for item in value:
        code = str(item).strip().lower()
        if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
            raise ValidationError(_("“%(code)s” is not a two-letter language code."), params={"code": item})
        if code not in codes:
            codes.append(code)
    return codes
