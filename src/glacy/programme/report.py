"""The yearly results report (PDF and DOCX, English or French), in the structure of the programme office's
yearly leaflet. Every sentence is built from `figures.yearly_figures`; a treaty figure is worded as the data
allow (a year-end count, or a count "as of" the data's date; a change only when both year ends are known)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glacy.programme.models import Topic
from glacy.programme.models.vocabulary import ActivityType, FundingType

INSTRUMENT_NAMES = {"ETS185": "ETS 185", "ETS189": "ETS 189", "CETS224": "CETS 224"}


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)


def _date(text: str | None) -> str:
    parsed = parse_date(text) if text else None
    return formats.date_format(parsed, "DATE_FORMAT") if parsed else ""


def _treaty_sentence(detail: dict[str, Any], *, year: int, subject: str) -> str:
    """One sentence saying what the treaty data support, and no more."""
    count = detail["count"]
    if detail["is_year_end"]:
        shown = _("at least %(count)s") % {"count": count} if detail["is_lower_bound"] else count
        sentence = _("%(count)s %(subject)s at the end of %(year)s") % {
            "count": shown, "subject": subject, "year": year}
        if detail["change"] is not None:
            if detail["change"] > 0:
                sentence += _(", up from %(previous)s a year earlier") % {"previous": detail["previous"]}
            elif detail["change"] < 0:
                sentence += _(", down from %(previous)s a year earlier") % {"previous": detail["previous"]}
            else:
                sentence += _(", the same as a year earlier")
        return sentence + "."
    if detail["as_of"] is None:
        return _("At least %(count)s %(subject)s at the end of %(year)s in the treaty data, which do not say up to "
                 "when their list is complete, so no change over the year is given.") % {
            "count": count, "subject": subject, "year": year}
    return _("At least %(count)s %(subject)s at the end of %(year)s: the treaty data's list is complete to "
             "%(date)s and later entries recorded since are counted, so no change over the year is given.") % {
        "count": count, "subject": subject, "date": _date(detail["as_of"]), "year": year}


def report_sections(figures: dict[str, Any], language: str) -> tuple[str, list[Section]]:
    """The report's title and sections in `language`."""
    with translation.override(language):
        year = figures["year"]
        title = _("Cybercrime programme: results %(year)s") % {"year": year}
        sections = []
        staff = figures["staff"]
        people = Section(_("Staff and programmes"))
        people.lines.append(ngettext("%(count)s staff member.", "%(count)s staff.", staff or 0) % {"count": staff}
                            if staff is not None else _("Staff: not stated for this year."))
        projects = figures["projects"]
        parts = [f"{count} {FundingType(key).label}" for key, count in projects["by_funding"].items()]
        people.lines.append(ngettext("%(count)s programme or project", "%(count)s programmes and projects",
                                     projects["total"]) % {"count": projects["total"]}
                            + (_(", of which %(parts)s") % {"parts": "; ".join(parts)} if parts else "") + ".")
        sections.append(people)
        activities = figures["activities"]
        work = Section(_("Capacity-building activities"))
        work.lines.append(ngettext("%(count)s capacity-building activity", "%(count)s capacity-building activities",
                                   activities["total"]) % {"count": activities["total"]}
                          + _(", %(count)s of them on policy and legislation") % {
                              "count": activities["policy_and_legislation"]}
                          + _(", in %(countries)s countries.") % {"countries": activities["countries_reached"]})
        work.table = [(str(ActivityType(key).label).capitalize(), str(count))
                      for key, count in activities["by_type"].items()]
        sections.append(work)
        treaty = Section(_("The Convention and its Protocols"))
        treaty.lines.append(_treaty_sentence(figures["parties_detail"]["ETS185"], year=year,
                                             subject=_("Parties to the Convention on Cybercrime (ETS 185)")))
        treaty.lines.append(_treaty_sentence(figures["signatories_detail"]["CETS224"], year=year,
                                             subject=_("signatories of the Second Additional Protocol (CETS 224)")))
        treaty.lines.append(_("Counted from the deposit of the instrument of ratification or accession (a reading: "
                              "the Treaty Office counts ratifications and accessions)."))
        sections.append(treaty)
        training = figures["training"]
        judicial = Section(_("Judicial training"))
        names = dict(Topic.objects.filter(code__in=training["topics"]).values_list(
            "code", "name_fr" if language == "fr" else "name_en"))
        if training["topics"]:
            judicial.lines.append(_("Training and exercises on: %(topics)s.") % {
                "topics": ", ".join(names.get(code, code) for code in training["topics"])})
        judicial.lines.append(ngettext("%(sessions)s training session", "%(sessions)s training sessions",
                                       training["sessions"]) % {"sessions": training["sessions"]}
                              + ngettext(", %(people)s participant", ", %(people)s participants",
                                         training["participants"]) % {"people": training["participants"]}
                              + _(" (%(women)s women)") % {"women": training["women"]} + ".")
        if training["knowledge_gain"] is not None:
            judicial.lines.append(_("Average test score rose from %(pre)s%% to %(post)s%% (knowledge gain "
                                    "%(gain)s points, %(tested)s participants tested).") % {
                "pre": _number(training["pre_score"]), "post": _number(training["post_score"]),
                "gain": _number(training["knowledge_gain"]), "tested": training["tested"]})
        judicial.lines.append(ngettext("%(count)s certificate issued.", "%(count)s certificates issued.",
                                       training["certificates"]) % {"count": training["certificates"]})
        sections.append(judicial)
        highlights = figures["highlights"]["fr" if language == "fr" else "en"]
        if highlights:
            sections.append(Section(_("Highlights"), lines=[line for text in highlights
                                                            for line in text.splitlines() if line.strip()]))
        return title, sections


def _number(value: float | None) -> str:
    return formats.number_format(value, 1) if value is not None else "—"


def report_pdf(figures: dict[str, Any], *, language: str) -> bytes:
    from weasyprint import HTML

    title, sections = report_sections(figures, language)
    with translation.override(language):
        html = render_to_string("programme/report.html", {
            "language": language, "title": title, "sections": sections, "generated_at": timezone.now(),
            "labels": {"generated": _("Generated from the platform's records on"), "type": _("Type"),
                       "count": _("Number")}})
    return bytes(HTML(string=html).write_pdf())


def report_docx(figures: dict[str, Any], *, language: str) -> bytes:
    import docx

    title, sections = report_sections(figures, language)
    document = docx.Document()
    document.core_properties.language = language
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for section in sections:
        document.add_heading(section.heading, level=1)
        for line in section.lines:
            document.add_paragraph(line)
        if section.table:
            with translation.override(language):
                header = (_("Type"), _("Number"))
            table = document.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = header
            for label, count in section.table:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, count
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
