"""Template filters of ``glacy.core.labels``: codes in words, times with their zone.

``{{ item.status|label:"request_status" }}``, ``{{ event.occurred_at|when }}`` (``2026-12-03 18:28 UTC+08:00``
in a ``<time>`` element), ``{{ deadline|when:authority.time_zone }}`` (in another zone),
``{{ moment|when_seconds }}``.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from glacy.core import labels

register = template.Library()


@register.filter
def label(code: object, kind: str) -> str:
    return labels.label(kind, code)


def _time_element(value: datetime.datetime | None, zone: str | None, seconds: bool) -> SafeString | str:
    if not isinstance(value, datetime.datetime):
        return "—" if value in (None, "") else str(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(),
                       labels.when_text(value, zone=zone, seconds=seconds))


@register.filter
def when(value: datetime.datetime | None, zone: str | None = None) -> SafeString | str:
    """A time in the user's zone (or `zone`), always followed by its UTC offset."""
    return _time_element(value, zone, seconds=False)


@register.filter
def when_seconds(value: datetime.datetime | None, zone: str | None = None) -> SafeString | str:
    return _time_element(value, zone, seconds=True)


@register.filter
def plain(value: object) -> object:
    """A stored value in words: yes/no for booleans, the value itself otherwise."""
    if isinstance(value, bool):
        return labels.label("yes_no", str(value))
    return value


@register.filter
def language_names(codes: list[str] | None) -> str:
    """Two-letter language codes as names in the interface language ("English, French")."""
    from django.utils.translation import get_language_info

    names = []
    for code in codes or []:
        try:
            names.append(get_language_info(str(code).lower())["name_translated"])
        except KeyError:
            names.append(str(code).upper())
    return ", ".join(names)


@register.simple_tag
def status_tone(code: str) -> str:
    """The badge tone of a request or case status: what needs attention stands out."""
    return labels.STATUS_TONES.get(str(code), "neutral")


@register.filter
def when_iso(value: str | None, zone: str | None = None) -> SafeString | str:
    """A time stored as ISO 8601 text (e.g. in a custody record), shown like every other time."""
    if not value:
        return "—"
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    return _time_element(moment, zone, seconds=True)
