"""Correcting one status and importing a newer status chart with a review of its differences (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from glacy.core.confirm import confirmation_page
from glacy.core.errors import ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.treaty import chart_imports, services
from glacy.treaty.forms import PartyStatusForm, StatusImportForm
from glacy.treaty.models import Instrument, PartyStatus, StatusChartImport


def _value_label(field: str, value: str) -> str:
    """A chart value in words: the status and the kind of consent are codes (e.g. "party", "accession")."""
    choices = {"status": PartyStatus.Status, "deposit_kind": PartyStatus.DepositKind}.get(field)
    if choices is None or value not in choices.values:
        return value
    return str(choices(value).label)


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
    """Upload a chart (saved Treaty Office page or CSV): nothing changes until its differences are applied."""
    _require_manager(request)
    form = StatusImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > chart_imports.MAX_CHART_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                chart_import = chart_imports.status_chart_preview(actor=request.user, data=upload.read(),
                                                                  filename=upload.name)
            except ValidationFailed as error:
                for line, line_messages in error.errors.items():
                    for message in line_messages:
                        form.add_error("file", f"{line}: {message}" if line != "file" else message)
            else:
                return redirect("status-import-review", import_id=chart_import.pk)
    return render(request, "treaty/status_import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def status_import_review(request: AuthenticatedRequest, import_id: str) -> HttpResponse:
    """The differences a chart would make, and applying exactly those."""
    _require_manager(request)
    chart_import = get_visible_or_404(StatusChartImport.objects.all(), pk=import_id)
    found = chart_imports.preview_differences(chart_import)
    status = 200
    if request.method == "POST":
        if (page := confirmation_page(
                request, question=_("Apply these differences to the treaty statuses of every page and report?"),
                confirm_label=_("Apply these differences"),
                cancel_url=reverse("status-import-review", kwargs={"import_id": chart_import.pk}))) is not None:
            return page
        try:
            summary = chart_imports.status_chart_apply(actor=request.user, chart_import=chart_import,
                                                       expected=request.POST.get("fingerprint", ""))
        except ValidationFailed as error:
            messages.error(request, error.text)
            status = 409
        else:
            messages.success(request, _("Applied: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
                "created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged})
            return redirect("instrument-list")
        chart_import.refresh_from_db()
        found = chart_imports.preview_differences(chart_import)
    labels = {field.name: str(field.verbose_name) for field in PartyStatus._meta.get_fields() if hasattr(
        field, "verbose_name")}
    instruments = {instrument.code: instrument.short_title for instrument in Instrument.objects.all()}
    shown = [{"instrument": instruments.get(item.instrument, item.instrument), "country": item.country,
              "state_name": item.state_name, "kind": item.kind,
              "changes": [(labels.get(field, field), _value_label(field, before), _value_label(field, after))
                          for field, before, after in item.changes],
              # What a person should check before applying (entry-into-force rule), never blocking.
              "warnings": item.warnings}
             for item in found if item.kind != "unchanged"]
    return render(request, "treaty/status_import_review.html", {
        "chart_import": chart_import, "differences": shown,
        "unchanged": sum(1 for item in found if item.kind == "unchanged"),
        "fingerprint": chart_imports.fingerprint(found)}, status=status)
