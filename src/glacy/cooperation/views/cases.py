"""Case pages: list and open cases of the user's authority, read one with its requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from glacy.cooperation import selectors
from glacy.cooperation.forms import CaseForm
from glacy.cooperation.services.cases import case_open, case_update, offence_labels
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest

CASE_FIELDS = CaseForm.Meta.fields
BOOLEAN_FIELDS = ("is_urgent", "contains_personal_data")


def _case_data(request: AuthenticatedRequest) -> dict[str, object]:
    data: dict[str, object] = {name: request.POST.get(name, "") for name in CASE_FIELDS}
    if "offence_articles" in data:  # the picker posts one value per article chosen
        data["offence_articles"] = request.POST.getlist("offence_articles")
    for name in BOOLEAN_FIELDS:
        data[name] = request.POST.get(name) in {"on", "true", "1"}
    return data


def _may_draft(request: AuthenticatedRequest) -> bool:
    return request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER)


@login_required
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    if not _may_draft(request):
        messages.error(request, _("Opening a case needs the drafter or approver role."))
        return redirect("case-list")
    form = CaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            case = case_open(actor=request.user, data=_case_data(request))
        except (ValidationFailed, PermissionDenied) as error:
            form.is_valid()
            form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
            status = 400
        else:
            messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect("case-detail", case_id=case.pk)
    return render(request, "cooperation/case_form.html", {"form": form}, status=status)


@login_required
def case_detail(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(selectors.cases_for_user(user=request.user), pk=case_id)
    return render(request, "cooperation/case_detail.html", {
        "case": case, "offences": offence_labels(case.offence_articles),
        "requests": case.requests.select_related("requested_authority__country"),
        "team": case.team.all(), "can_edit": _may_draft(request),
    })


@login_required
def case_edit(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    case = get_visible_or_404(selectors.cases_for_user(user=request.user), pk=case_id)
    if not _may_draft(request):
        messages.error(request, _("Changing a case needs the drafter or approver role."))
        return redirect("case-detail", case_id=case.pk)
    form = CaseForm(request.POST or None, instance=case)
    status = 200
    if request.method == "POST":
        try:
            case_update(actor=request.user, case=case, changes=_case_data(request))
        except (ValidationFailed, PermissionDenied) as error:
            form.is_valid()
            form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
            status = 400
        else:
            messages.success(request, _("Case updated."))
            return redirect("case-detail", case_id=case.pk)
    return render(request, "cooperation/case_form.html", {"form": form, "case": case}, status=status)
