"""PDF documents fit to be filed in court: the chain-of-custody report of an exhibit, and the cover sheet inside
every export package (English and French), which tells a reader without tools what the package holds, who signed
it and how anyone can check it."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from glacy.evidence.models import CustodyCheckpoint, CustodyEvent, EvidenceItem


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def custody_report_pdf(item: EvidenceItem, *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string("evidence/custody_report.html", {
            "item": item, "events": item.custody_events.order_by("log_index"), "language": language,
            "checkpoint": CustodyCheckpoint.objects.order_by("-tree_size").first(), "generated_at": timezone.now(),
        })
    return _pdf(html)


def cover_sheets_pdf(*, item: EvidenceItem, events: list[CustodyEvent], checkpoint: CustodyCheckpoint,
                     witnessed: CustodyCheckpoint | None, purpose: str, performer: str,
                     exported_at: datetime.datetime) -> dict[str, bytes]:
    """The package's cover sheet in each language, by language code."""
    context: dict[str, Any] = {
        "item": item, "events": events, "checkpoint": checkpoint, "witnessed": witnessed, "purpose": purpose,
        "performer": performer, "exported_at": exported_at, "node_name": settings.NODE_NAME,
        "cosignatures": list(witnessed.cosignatures.all()) if witnessed is not None else [],
        "timestamps": list(checkpoint.timestamps.all()), "file_name": item.original_name,
    }
    sheets = {}
    for language in ("en", "fr"):
        with translation.override(language):
            sheets[language] = _pdf(render_to_string("evidence/cover_sheet.html", {**context, "language": language}))
    return sheets
