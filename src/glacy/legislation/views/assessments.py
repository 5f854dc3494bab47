"""Assessment pages: make a version, read and complete the matrix, finalise, compare, download the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.confirm import confirmation_page
from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.legislation import selectors
from glacy.legislation.forms import AssessmentForm, RowForm
from glacy.legislation.report import report_docx, report_pdf, report_rows
from glacy.legislation.services.assessments import (
    assessment_create,
    assessment_finalise,
    assessment_recompute,
    assessment_row_update,
)

REPORT_TYPES = {"pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@login_required
def assessment_new(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.has_role(Role.REVIEWER):
        messages.error(request, _("Assessing laws needs the legislation reviewer role."))
        return redirect("legislation-home")
    laws = selectors.laws_for_user(user=request.user)
    initial = {"country": request.GET.get("country", ""), "laws": request.GET.getlist("law")}
    form = AssessmentForm(request.POST or None, laws=laws, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment = assessment_create(
                    actor=request.user, country_code=form.cleaned_data["country"],
                    instrument_code=form.cleaned_data["instrument"],
                    laws=laws.filter(pk__in=form.cleaned_data["laws"]), title=form.cleaned_data["title"])
            except ValidationFailed as error:
                form_errors_from(error.errors, form)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Assessment version %(version)s created.") % {
                    "version": assessment.version})
                return redirect("assessment-detail", assessment_id=assessment.pk)
        status = 400
    return render(request, "legislation/assessment_new.html", {"form": form}, status=status)


@login_required
def assessment_detail(request: AuthenticatedRequest, assessment_id: str) -> HttpResponse:
    assessment = get_visible_or_404(selectors.assessments_for_user(user=request.user), pk=assessment_id)
    rows = list(assessment.rows.select_related("article__instrument").order_by("article__position"))
    matrix = report_rows(assessment)
    texts = {row.number: row for row in matrix}
    editable = assessment.status == assessment.Status.DRAFT and request.user.has_role(Role.REVIEWER)
    for row in rows:
        row.report = texts[row.article.number]  # type: ignore[attr-defined]
        row.form = RowForm(initial={"coverage": row.coverage, "note": row.note,  # type: ignore[attr-defined]
                                    "recommendation": row.recommendation}, prefix=f"row-{row.pk}")
    versions = selectors.assessments_for_user(user=request.user).filter(
        country=assessment.country, instrument=assessment.instrument).exclude(pk=assessment.pk)
    return render(request, "legislation/assessment_detail.html", {
        "assessment": assessment, "rows": rows, "matrix": matrix, "editable": editable, "versions": versions,
        "laws": assessment.laws.order_by("title"),
    })


@login_required
@require_POST
def assessment_row_edit(request: AuthenticatedRequest, row_id: str) -> HttpResponse:
    row = get_visible_or_404(selectors.assessment_rows_for_user(user=request.user), pk=row_id)
    prefix = f"row-{row.pk}-"
    changes = {name: request.POST[prefix + name] for name in ("coverage", "note", "recommendation")
               if prefix + name in request.POST}
    try:
        assessment_row_update(actor=request.user, row=row, changes=changes)
        messages.success(request, _("Art. %(number)s updated.") % {"number": row.article.number})
    except DomainError as error:
        messages.error(request, _("Art. %(number)s not changed: %(reason)s") % {
            "number": row.article.number, "reason": error.text})
    return redirect(f"{reverse('assessment-detail', kwargs={'assessment_id': row.assessment_id})}#row-{row.pk}")


@login_required
@require_POST
def assessment_act(request: AuthenticatedRequest, assessment_id: str) -> HttpResponse:
    assessment = get_visible_or_404(selectors.assessments_for_user(user=request.user), pk=assessment_id)
    action = request.POST.get("action")
    if (action == "finalise" and assessment.status == assessment.Status.DRAFT
            and request.user.has_role(Role.REVIEWER)):
        page = confirmation_page(
            request, question=_("Finalise version %(version)s? A final version can no longer be changed.")
            % {"version": assessment.version}, confirm_label=_("Finalise this version"),
            cancel_url=reverse("assessment-detail", kwargs={"assessment_id": assessment.pk}))
        if page is not None:
            return page
    try:
        if action == "finalise":
            assessment_finalise(actor=request.user, assessment=assessment)
            messages.success(request, _("The assessment is final."))
        elif action == "recompute":
            assessment_recompute(actor=request.user, assessment=assessment)
            messages.success(request, _("The matrix now follows the current mappings."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("assessment-detail", assessment_id=assessment.pk)


@login_required
def assessment_report(request: AuthenticatedRequest, assessment_id: str) -> HttpResponse:
    assessment = get_visible_or_404(selectors.assessments_for_user(user=request.user), pk=assessment_id)
    kind = request.GET.get("format", "pdf")
    language = request.GET.get("language", "en")
    if kind not in REPORT_TYPES or language not in ("en", "fr"):
        raise Http404
    content = report_pdf(assessment, language=language) if kind == "pdf" else report_docx(assessment,
                                                                                            language=language)
    response = HttpResponse(content, content_type=REPORT_TYPES[kind])
    name = slugify(f"review-{assessment.country_id}-{assessment.instrument_id}-v{assessment.version}-{language}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
def assessment_compare(request: AuthenticatedRequest, assessment_id: str, other_id: str) -> HttpResponse:
    visible = selectors.assessments_for_user(user=request.user)
    first = get_visible_or_404(visible, pk=assessment_id)
    second = get_visible_or_404(visible, pk=other_id)
    older, newer = sorted((first, second), key=lambda item: (item.version, item.created_at))
    changes = selectors.assessment_compare(older=older, newer=newer)
    return render(request, "legislation/assessment_compare.html", {
        "older": older, "newer": newer, "changes": changes,
        "improved": sum(change.direction == "better" for change in changes),
        "worsened": sum(change.direction == "worse" for change in changes),
    })
