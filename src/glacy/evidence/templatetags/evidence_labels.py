"""Template filters for evidence codes: ``{{ event.event_type|custody_event }}``, ``|evidence_format``,
``|verification_result``, and ``|fingerprint_groups`` (a key fingerprint in groups of four, for reading aloud)."""

from __future__ import annotations

from django import template

from glacy.evidence.labels import event_label, format_label, result_label

register = template.Library()

register.filter("custody_event", event_label)
register.filter("evidence_format", format_label)
register.filter("verification_result", result_label)


@register.filter
def fingerprint_groups(value: str) -> str:
    text = str(value)
    return " ".join(text[index:index + 4] for index in range(0, len(text), 4))
