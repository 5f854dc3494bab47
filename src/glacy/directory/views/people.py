"""Adding, changing and removing contact people of the user's own authority."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.confirm import confirmation_page
from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory import selectors, services
from glacy.directory.forms import PersonForm


def _may_administer(request: AuthenticatedRequest, authority_id: object) -> bool:
    """Pages show the form only to administrators of the authority; the service checks again on save."""
    return bool(request.user.has_role(Role.ADMINISTRATOR) and request.user.authority_id == authority_id)


def _person_changes(request: AuthenticatedRequest) -> dict[str, object]:
    changes: dict[str, object] = {name: request.POST.get(name, "") for name in PersonForm.Meta.fields}
    changes["is_contact_point"] = request.POST.get("is_contact_point") in {"on", "true", "1"}
    return changes


@login_required
def person_create(request: AuthenticatedRequest, authority_id: str) -> HttpResponse:
    authority = get_visible_or_404(selectors.authorities_for_user(user=request.user), pk=authority_id)
    if not _may_administer(request, authority.pk):
        messages.error(request, _("Only administrators of this authority may change it."))
        return redirect("authority-detail", authority_id=authority.pk)
    form = PersonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            services.person_create(actor=request.user, authority=authority, data=_person_changes(request))
        except PermissionDenied as error:
            messages.error(request, str(error.message))
            return redirect("authority-detail", authority_id=authority.pk)
        except ValidationFailed as error:
            form.is_valid()
            form_errors_from(error.errors, form)
            status = 400
        else:
            messages.success(request, _("Person added."))
            return redirect("authority-detail", authority_id=authority.pk)
    return render(request, "directory/person_form.html", {"authority": authority, "form": form}, status=status)


@login_required
def person_edit(request: AuthenticatedRequest, person_id: str) -> HttpResponse:
    person = get_visible_or_404(selectors.people_for_user(user=request.user), pk=person_id)
    if not _may_administer(request, person.authority_id):
        messages.error(request, _("Only administrators of this authority may change it."))
        return redirect("authority-detail", authority_id=person.authority_id)
    form = PersonForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST":
        try:
            services.person_update(actor=request.user, person=person, changes=_person_changes(request))
        except PermissionDenied as error:
            messages.error(request, str(error.message))
            return redirect("authority-detail", authority_id=person.authority_id)
        except ValidationFailed as error:
            form.is_valid()
            form_errors_from(error.errors, form)
            status = 400
        else:
            messages.success(request, _("Person updated."))
            return redirect("authority-detail", authority_id=person.authority_id)
    return render(request, "directory/person_form.html",
                  {"authority": person.authority, "form": form, "person": person}, status=status)


@login_required
@require_POST
def person_delete(request: AuthenticatedRequest, person_id: str) -> HttpResponse:
    person = get_visible_or_404(selectors.people_for_user(user=request.user), pk=person_id)
    if _may_administer(request, person.authority_id):
        question = _("Remove %(name)s from this authority? This cannot be undone.") % {"name": person.full_name}
        page = confirmation_page(request, question=question, confirm_label=_("Remove"),
                                 cancel_url=reverse("authority-detail", kwargs={"authority_id": person.authority_id}))
        if page is not None:
            return page
    try:
        services.person_delete(actor=request.user, person=person)
    except PermissionDenied as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Person removed."))
    return redirect("authority-detail", authority_id=person.authority_id)
