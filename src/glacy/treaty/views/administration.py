"""Correcting one status and importing a newer status chart (node administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from glacy.core.errors import ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.treaty import services
from glacy.treaty.forms import PartyStatusForm, StatusImportForm
from glacy.treaty.models import PartyStatus

MAX_CHART_BYTES = 2 * 1024 * 1024


def _require_manager(request: AuthenticatedRequest) -> None:
    if not services.can_manage_reference_data(request.user):
        raise DjangoPermissionDenied


@login_required
def status_edit(request: AuthenticatedRequest, status_id: str) -> HttpResponse:
    status = get_visible_or_404(PartyStatus.objects.select_related("country", "instrument"), pk=status_id)
    _require_manager(request)
    form = PartyStatusForm(request.POST or None, instance=status)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in PartyStatusForm.Meta.fields}
        status.refresh_from_db()
        try:
            services.party_status_update(actor=request.user, status=status, changes=changes)
        except ValidationFailed as error:
            form_errors_from(error.errors, form)
        else:
            messages.success(request, _("Status updated."))
            return redirect("instrument-detail", code=status.instrument_id)
    return render(request, "treaty/status_form.html", {"status": status, "form": form},
                  status=400 if form.errors else 200)


@login_required
def status_import(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    form = StatusImportForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_CHART_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            try:
                text = upload.read().decode("utf-8")
                summary = services.party_statuses_import_csv(actor=request.user, text=text)
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
            except ValidationFailed as error:
                for line, line_messages in error.errors.items():
                    for message in line_messages:
                        form.add_error("file", f"{line}: {message}")
    return render(request, "treaty/status_import.html", {"form": form, "summary": summary},
                  status=400 if form.errors else 200)
