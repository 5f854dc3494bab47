"""Registering a request received outside the platform, and confirming (or not) a registration naming us."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.cooperation import selectors
from glacy.cooperation.forms import IncomingRequestForm
from glacy.cooperation.services.documents import MAX_RECEIVED_BYTES
from glacy.cooperation.services.registrations import (
    request_register_incoming,
    request_registration_confirm,
    request_registration_reject,
)
from glacy.core.errors import DomainError
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
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
                        filename=upload.name, summary_of_facts=form.cleaned_data["summary_of_facts"],
                        received_on=form.cleaned_data["received_on"],
                        offence_articles=form.cleaned_data["offence_articles"])
                except DomainError as error:
                    form_errors_from(getattr(error, "errors", {"__all__": [str(error.message)]}), form)
                else:
                    messages.success(request, _("Request %(reference)s registered.") % {
                        "reference": created.reference})
                    return redirect("request-detail", request_id=created.pk)
        status = 400
    return render(request, "cooperation/request_register.html", {"form": form}, status=status)


@login_required
@require_POST
def registration_answer(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    """The authority named as requesting authority confirms that it sent the request, or says it did not."""
    item = get_visible_or_404(selectors.registrations_to_confirm_for_user(user=request.user), pk=request_id)
    try:
        if request.POST.get("answer") == "confirm":
            request_registration_confirm(actor=request.user, request=item)
            messages.success(request, _("Registration confirmed: the request is now among your outgoing requests."))
            return redirect("request-detail", request_id=item.pk)
        request_registration_reject(actor=request.user, request=item, note=request.POST.get("note", ""))
        messages.success(request, _("Recorded: your authority did not send this request."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("request-list")
