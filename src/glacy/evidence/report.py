"""The chain-of-custody report of one exhibit, as a PDF fit to be filed in court (English or French)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from glacy.evidence.models import CustodyCheckpoint, EvidenceItem


def custody_report_pdf(item: EvidenceItem, *, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("evidence/custody_report.html", {
            "item": item, "events": item.custody_events.order_by("log_index"), "language": language,
            "checkpoint": CustodyCheckpoint.objects.order_by("-tree_size").first(), "generated_at": timezone.now(),
        })
    return bytes(HTML(string=html).write_pdf())
