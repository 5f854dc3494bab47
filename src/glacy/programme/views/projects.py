"""Project pages: the list, the results framework with live and entered indicator values, what a computed
value counts, entering milestones and actual values, the yearly statement, the report and the IATI file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.programme.figures import yearly_figures
from glacy.programme.forms import IndicatorForm, IndicatorValueForm, ProjectForm, ReportForm, ResultForm, YearForm
from glacy.programme.iati import iati_document
from glacy.programme.metrics import METRICS, indicator_actual
from glacy.programme.models import ProgrammeYear
from glacy.programme.report import report_docx, report_pdf, report_sections
from glacy.programme.scope import is_programme_staff, programme_scope
from glacy.programme.selectors import indicators_for_user, projects_for_user
from glacy.programme.services.projects import indicator_create, indicator_value_set, programme_year_set, result_create
from glacy.programme.services.projects import project_create as project_create_service

REPORT_TYPES = {"pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@login_required
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    projects = projects_for_user(user=request.user).prefetch_related("donors").order_by("code")
    return render(request, "programme/project_list.html", {"projects": projects,
                                                           "is_staff": is_programme_staff(request.user)})


def _year(request: AuthenticatedRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


@login_required
def project_detail(request: AuthenticatedRequest, project_id: str) -> HttpResponse:
    project = get_visible_or_404(projects_for_user(user=request.user).prefetch_related(
        "donors", "countries", "budgets", "transactions"), pk=project_id)
    year = _year(request)
    can_edit = is_programme_staff(request.user) and request.user.authority_id == project.authority_id
    results = []
    for result in project.results.prefetch_related("indicators__values"):
        rows = []
        for indicator in result.indicators.all():
            figure = indicator_actual(indicator, year)
            milestone = next((item.value for item in indicator.values.all()
                              if item.kind == "milestone" and item.year == year), None)
            rows.append({"indicator": indicator, "figure": figure, "milestone": milestone,
                         "is_live": indicator.source in METRICS,
                         "source_label": METRICS[indicator.source].label if indicator.source in METRICS else
                         _("entered by staff")})
        results.append({"result": result, "indicators": rows})
    return render(request, "programme/project_detail.html", {
        "project": project, "year": year, "results": results, "can_edit": can_edit,
        "value_form": IndicatorValueForm(initial={"year": year, "kind": "actual"}),
        "result_form": ResultForm(), "indicator_form": IndicatorForm(project=project) if can_edit else None})


@login_required
def indicator_evidence(request: AuthenticatedRequest, indicator_id: str, year: int) -> HttpResponse:
    """The records a computed value counts, so anyone can check it."""
    indicator = get_visible_or_404(indicators_for_user(user=request.user), pk=indicator_id)
    figure = indicator_actual(indicator, year)
    records = list(figure.records[:500]) if figure.records is not None else []
    return render(request, "programme/indicator_evidence.html", {
        "indicator": indicator, "year": year, "figure": figure, "records": records,
        "count": figure.records.count() if figure.records is not None else 0,
        "entered": [item for item in indicator.values.all() if item.year == year]})


@login_required
@require_POST
def indicator_value_add(request: AuthenticatedRequest, indicator_id: str) -> HttpResponse:
    indicator = get_visible_or_404(indicators_for_user(user=request.user), pk=indicator_id)
    form = IndicatorValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not saved: %(errors)s") % {"errors": " ".join(
            f"{form.fields[name].label}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items()
            if name in form.fields)})
    else:
        try:
            indicator_value_set(actor=request.user, indicator=indicator, **form.cleaned_data)
            messages.success(request, _("Value saved."))
        except DomainError as error:
            messages.error(request, error.text)
    year = request.POST.get("year", "")
    url = reverse("project-detail", kwargs={"project_id": indicator.result.project_id})
    return redirect(f"{url}?year={year}" if year.isdigit() else url)


@login_required
def programme_year(request: AuthenticatedRequest) -> HttpResponse:
    """The office's staff and highlights of a year (programme staff)."""
    if not is_programme_staff(request.user):
        messages.error(request, _("Stating the year needs the programme officer role."))
        return redirect("programme-dashboard")
    year = _year(request)
    current = ProgrammeYear.objects.filter(authority=request.user.authority, year=year).first()
    initial = {"year": year, "staff": current.staff if current else None,
               "highlights_en": current.highlights_en if current else "",
               "highlights_fr": current.highlights_fr if current else ""}
    form = YearForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                programme_year_set(actor=request.user, **form.cleaned_data)
            except ValidationFailed as error:
                form_errors_from(error.errors, form)
            else:
                messages.success(request, _("The year %(year)s is saved.") % {"year": form.cleaned_data["year"]})
                return redirect("programme-report")
        return render(request, "programme/year_form.html", {"form": form}, status=400)
    return render(request, "programme/year_form.html", {"form": form})


@login_required
def programme_report(request: AuthenticatedRequest) -> HttpResponse:
    """The yearly report: the figures on the page, and the PDF or DOCX when the form is sent."""
    scope = programme_scope(request.user)
    if not scope.sees_anything:
        raise Http404
    is_download = "format" in request.GET
    form = ReportForm(request.GET if is_download else None,
                      initial={"year": _year(request), "language": request.LANGUAGE_CODE[:2], "format": "pdf"})
    if is_download and form.is_valid():
        figures = yearly_figures(year=form.cleaned_data["year"], scope=scope)
        kind, language = form.cleaned_data["format"], form.cleaned_data["language"]
        content = report_pdf(figures, language=language) if kind == "pdf" else report_docx(figures, language=language)
        response = HttpResponse(content, content_type=REPORT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="results-{figures["year"]}-{language}.{kind}"'
        return response
    year = _year(request)
    title, sections = report_sections(yearly_figures(year=year, scope=scope), request.LANGUAGE_CODE[:2])
    return render(request, "programme/report_page.html", {"form": form, "title": title, "sections": sections,
                                                          "year": year, "is_staff": is_programme_staff(request.user)},
                  status=400 if is_download else 200)


@login_required
def project_iati(request: AuthenticatedRequest, project_id: str) -> HttpResponse:
    project = get_visible_or_404(projects_for_user(user=request.user), pk=project_id)
    response = HttpResponse(iati_document([project]), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="iati-{project.code}.xml"'
    return response


@login_required
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    """Register a programme or project of the user's office (programme staff)."""
    if not is_programme_staff(request.user):
        messages.error(request, _("Registering a project needs the programme officer role."))
        return redirect("project-list")
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            donors, countries = data.pop("donors"), data.pop("countries")
            try:
                project = project_create_service(
                    actor=request.user, data=data, donors=donors,
                    countries=[code.strip() for code in countries.replace(";", ",").split(",") if code.strip()])
            except ValidationFailed as error:
                form_errors_from(error.errors, form)
            else:
                messages.success(request, _("Project %(code)s registered.") % {"code": project.code})
                return redirect("project-detail", project_id=project.pk)
        return render(request, "programme/project_form.html", {"form": form}, status=400)
    return render(request, "programme/project_form.html", {"form": form})


@login_required
@require_POST
def project_framework_add(request: AuthenticatedRequest, project_id: str) -> HttpResponse:
    """Add an expected result or an indicator to the project's results framework (programme staff)."""
    project = get_visible_or_404(projects_for_user(user=request.user), pk=project_id)
    kind = request.POST.get("kind")
    form = ResultForm(request.POST) if kind == "result" else IndicatorForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, _("Not saved: %(errors)s") % {"errors": " ".join(
            f"{form.fields[name].label}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items() if name in form.fields)})
        return redirect("project-detail", project_id=project.pk)
    try:
        if kind == "result":
            result_create(actor=request.user, project=project, **form.cleaned_data)
        else:
            data = dict(form.cleaned_data)
            indicator_create(actor=request.user, result=data.pop("result"), data=data)
        messages.success(request, _("Results framework updated."))
    except DomainError as error:
        messages.error(request, _("Not saved: %(errors)s") % {"errors": error.text})
    return redirect("project-detail", project_id=project.pk)
