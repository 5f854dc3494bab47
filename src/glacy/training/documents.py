"""The certificate as a one-page PDF (WeasyPrint) with the QR code (segno) of its verification link."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from glacy.training.certificates import VERIFY_PATH, verification_query
from glacy.training.models import Certificate


def verification_url(certificate: Certificate, *, base_url: str) -> str:
    """The link the QR code carries: the node's public page, with the signed statement and its signature."""
    base = (settings.PUBLIC_URL or base_url).rstrip("/")
    return f"{base}{VERIFY_PATH}?{verification_query(certificate.statement.encode('utf-8'), certificate.signature)}"


def qr_svg_data_uri(text: str) -> str:
    import segno

    svg = segno.make(text, error="m").svg_inline(scale=3, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def certificate_pdf(certificate: Certificate, *, base_url: str, language: str = "en") -> bytes:
    from weasyprint import HTML

    statement: dict[str, Any] = json.loads(certificate.statement)
    url = verification_url(certificate, base_url=base_url)
    with translation.override(language):
        html = render_to_string("training/certificate.html", {
            "statement": statement, "certificate": certificate, "url": url, "qr": qr_svg_data_uri(url),
            "course": statement["course_fr"] if language == "fr" else statement["course"], "language": language})
    return bytes(HTML(string=html).write_pdf())
