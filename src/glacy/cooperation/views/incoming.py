"""Registering a request received outside the platform (e-mail, post, fax) with its file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from glacy.cooperation.forms import IncomingRequestForm
from glacy.cooperation.services.documents import MAX_RECEIVED_BYTES, request_register_incoming
from glacy.core.errors import DomainError
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.typing import AuthenticatedRequest


@login_required
def request_register(request: AuthenticatedRequest) -> HttpResponse:
    if not (request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER)):
        messages.error(request, _("Registering a request needs the drafter or approver role."))
        return redirect("request-list")
    form = IncomingRequestForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_RECEIVED_BYTES:
                form.add_error("file", _("The file is larger than 20 MB."))
            else:
                try:
                    created = request_register_incoming(
                        actor=request.user, requesting_authority=form.cleaned_data["requesting_authority"],
                        request_type=form.cleaned_data["request_type"],
                        received_reference=form.cleaned_data["received_reference"], data=upload.read(),
                        filename=upload.name, summary_of_facts=form.cleaned_data["summary_of_facts"])
                except DomainError as error:
                    form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
                else:
                    messages.success(request, _("Request %(reference)s registered.") % {
                        "reference": created.reference})
                    return redirect("request-detail", request_id=created.pk)
        status = 400
    return render(request, "cooperation/request_register.html", {"form": form}, status=status)
