"""The legislative review as DOCX and PDF, in English or French: the matrix, the gaps with a recommendation
per article, and the provisions quoted. Built from the assessment's snapshot rows, so a report of an older
version says what that version found.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glacy.legislation.elements import element_labels, recommendation
from glacy.legislation.models import Assessment
from glacy.legislation.models.assessments import RowCoverage


@dataclass
class ReportRow:
    number: str
    title: str
    coverage: str
    coverage_label: str
    provisions: list[dict[str, Any]]
    missing: list[str]
    note: str
    recommendation: str
    citation: str = ""
    refs: str = field(default="")


def report_rows(assessment: Assessment) -> list[ReportRow]:
    """The rows in the active language, with the recommendation (the reviewer's own, or drawn from the gap)."""
    rows = []
    for row in assessment.rows.select_related("article__instrument").order_by("article__position"):
        article = row.article
        missing = element_labels(article.instrument_id, article.number, row.missing_elements)
        advice = row.recommendation or recommendation(
            instrument_code=article.instrument_id, article_number=article.number, article_title=article.title,
            coverage=row.coverage, missing_keys=row.missing_elements)
        rows.append(ReportRow(
            number=article.number, title=article.title, coverage=row.coverage,
            coverage_label=str(RowCoverage(row.coverage).label), provisions=row.provisions, missing=missing,
            note=row.note, recommendation=advice,
            citation=f"{article.instrument.short_title}, Art. {article.number}",
            refs=", ".join(f"{item['law']} {item['ref']}" for item in row.provisions) or "—"))
    return rows


def report_context(assessment: Assessment, language: str) -> dict[str, Any]:
    with translation.override(language):
        rows = report_rows(assessment)
        counts = {str(label): sum(row.coverage == value for row in rows) for value, label in RowCoverage.choices}
        return {
            "language": language, "assessment": assessment, "rows": rows, "counts": counts,
            "gaps": [row for row in rows if row.coverage in (RowCoverage.ABSENT, RowCoverage.PARTIAL)],
            "laws": list(assessment.laws.order_by("title")), "generated_at": timezone.now(),
            "instrument_title": assessment.instrument.title, "country_name": assessment.country.name,
            "labels": {
                "title": _("Legislative review"), "country": _("Country"), "instrument": _("Instrument"),
                "version": _("Version"), "status": str(Assessment.Status(assessment.status).label),
                "date": _("Date"), "laws": _("Laws reviewed"), "matrix": _("Compliance matrix"),
                "article": _("Article"), "coverage": _("Coverage"), "provisions": _("Provisions"),
                "gaps": _("Gaps and recommendations"), "missing": _("Missing elements"),
                "recommendation": _("Recommendation"), "note": _("Reviewer's note"),
                "quoted": _("Provisions quoted"), "summary": _("Summary"), "no_gap": _("No gap was found."),
                "file_hash": _("SHA-256 of the file reviewed"),
                "disclaimer": _("Drafted with the help of GLACY's article mapper; every mapping in this review "
                                "was accepted by a reviewer."),
            },
        }


def report_pdf(assessment: Assessment, *, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("legislation/report.html", report_context(assessment, language))
    return bytes(HTML(string=html).write_pdf())


def report_docx(assessment: Assessment, *, language: str) -> bytes:
    import docx

    context = report_context(assessment, language)
    labels = context["labels"]
    document = docx.Document()
    document.core_properties.language = language
    document.core_properties.title = f"{labels['title']} – {context['country_name']}"
    document.add_heading(f"{labels['title']}: {context['country_name']}", level=0)
    facts = document.add_paragraph()
    facts.add_run(f"{labels['instrument']}: ").bold = True
    facts.add_run(context["instrument_title"])
    facts.add_run(f"\n{labels['version']}: ").bold = True
    facts.add_run(f"{assessment.version} ({labels['status']})")
    facts.add_run(f"\n{labels['date']}: ").bold = True
    facts.add_run(context["generated_at"].date().isoformat())
    document.add_heading(labels["laws"], level=1)
    for law in context["laws"]:
        document.add_paragraph(f"{law.title} – {labels['file_hash']}: {law.source_sha256}", style="List Bullet")
    document.add_heading(labels["summary"], level=1)
    document.add_paragraph("; ".join(f"{label}: {count}" for label, count in context["counts"].items()))
    if assessment.summary:
        document.add_paragraph(assessment.summary)
    document.add_heading(labels["matrix"], level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (labels["article"], labels["coverage"], labels["provisions"],
                                                labels["missing"]), strict=True):
        cell.text = text
    for row in context["rows"]:
        cells = table.add_row().cells
        cells[0].text = f"Art. {row.number} – {row.title}"
        cells[1].text = row.coverage_label
        cells[2].text = row.refs
        cells[3].text = "; ".join(row.missing) or "—"
    document.add_heading(labels["gaps"], level=1)
    if not context["gaps"]:
        document.add_paragraph(labels["no_gap"])
    for row in context["gaps"]:
        document.add_heading(f"Art. {row.number} – {row.title} ({row.coverage_label})", level=2)
        if row.missing:
            document.add_paragraph(f"{labels['missing']}: {'; '.join(row.missing)}")
        document.add_paragraph(f"{labels['recommendation']}: {row.recommendation}")
        if row.note:
            document.add_paragraph(f"{labels['note']}: {row.note}")
    document.add_heading(labels["quoted"], level=1)
    for row in context["rows"]:
        for provision in row.provisions:
            document.add_heading(f"{provision['law']}, {provision['ref']} {provision['heading']} "
                                 f"(Art. {row.number})".strip(), level=3)
            document.add_paragraph(provision["text"], style="Quote")
    document.add_paragraph().add_run(labels["disclaimer"]).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
