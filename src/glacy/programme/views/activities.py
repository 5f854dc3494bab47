"""Activity pages: the list (with the dashboard's filters), one activity, the spreadsheet export, and the
import (upload → preview with the validation report → confirm; all or nothing)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.errors import DomainError
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.programme.dashboard import Filters, filtered_activities
from glacy.programme.forms import SpreadsheetForm
from glacy.programme.scope import is_programme_staff, programme_scope
from glacy.programme.selectors import activities_for_user, projects_for_user
from glacy.programme.services.activities import activities_save
from glacy.programme.spreadsheet import MAX_BYTES, export_csv, export_queryset, export_xlsx, parse_activity_sheet
from glacy.programme.views.dashboard import DOWNLOAD_TYPES

SESSION_KEY = "programme_activity_imports"


@login_required
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET)
    scope = programme_scope(request.user)
    activities = filtered_activities(scope, filters).select_related("project").prefetch_related("countries") \
        if scope.sees_anything else activities_for_user(user=request.user)
    page = Paginator(activities.order_by("-start_date", "reference"), 50).get_page(request.GET.get("page"))
    return render(request, "programme/activity_list.html", {
        "page": page, "filters": filters, "query": filters.as_query(), "is_staff": is_programme_staff(request.user)})


@login_required
def activity_detail(request: AuthenticatedRequest, activity_id: str) -> HttpResponse:
    activity = get_visible_or_404(activities_for_user(user=request.user).prefetch_related(
        "topics", "countries", "results", "participation"), pk=activity_id)
    return render(request, "programme/activity_detail.html", {
        "activity": activity, "participation": activity.participation.all(),
        "total": sum(item.count for item in activity.participation.all())})


@login_required
def activity_export(request: AuthenticatedRequest) -> HttpResponse:
    kind = request.GET.get("format", "xlsx")
    if kind not in DOWNLOAD_TYPES:
        raise Http404
    scope = programme_scope(request.user)
    if not scope.sees_anything:
        raise Http404
    rows = export_queryset(filtered_activities(scope, Filters.from_query(request.GET)))
    response = HttpResponse(export_xlsx(rows) if kind == "xlsx" else export_csv(rows),
                            content_type=DOWNLOAD_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="activities.{kind}"'
    return response


def _import_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "programme-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@login_required
def activity_import(request: AuthenticatedRequest) -> HttpResponse:
    """Step 1 (GET): the form. Step 2 (POST with a file): the preview and its validation report."""
    if not is_programme_staff(request.user):
        messages.error(request, _("Importing activities needs the programme officer role."))
        return redirect("activity-list")
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "programme/activity_import.html", {"form": form},
                      status=400 if request.method == "POST" else 200)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
        return render(request, "programme/activity_import.html", {"form": form}, status=400)
    data = upload.read()
    sheet = parse_activity_sheet(data=data, file_name=upload.name, projects=_own_projects(request))
    token = ""
    if sheet.is_valid:
        token = uuid.uuid4().hex
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        (_import_dir() / f"{token}{suffix}").write_bytes(data)
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = {"name": upload.name, "suffix": suffix, "sha256": hashlib.sha256(data).hexdigest()}
        request.session[SESSION_KEY] = pending
    return render(request, "programme/activity_import.html", {
        "form": SpreadsheetForm(), "sheet": sheet, "token": token, "file_name": upload.name,
        "preview": sheet.items[:200]}, status=200 if sheet.is_valid else 400)


def _own_projects(request: AuthenticatedRequest):  # type: ignore[no-untyped-def]
    return projects_for_user(user=request.user).filter(authority=request.user.authority)


@login_required
@require_POST
def activity_import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    """Step 3: write the previewed file (checked again: the data may have changed since the preview)."""
    if not is_programme_staff(request.user):
        messages.error(request, _("Importing activities needs the programme officer role."))
        return redirect("activity-list")
    token = request.POST.get("token", "")
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(token)
    path = _import_dir() / f"{token}{entry['suffix']}" if entry and token.isalnum() else None
    if path is None or not path.is_file():
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("activity-import")
    data = path.read_bytes()
    sheet = parse_activity_sheet(data=data, file_name=entry["name"], projects=_own_projects(request))
    try:
        if not sheet.is_valid:
            messages.error(request, _("The file no longer passes the checks; upload it again to see why."))
            return redirect("activity-import")
        activities_save(actor=request.user, items=sheet.items, source="import")
    except DomainError as error:
        messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": error.text})
        return redirect("activity-import")
    finally:
        path.unlink(missing_ok=True)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
    messages.success(request, _("%(created)s activities created, %(updated)s updated from %(file)s.") % {
        "created": sheet.creates, "updated": sheet.updates, "file": entry["name"]})
    return redirect("programme-dashboard")
