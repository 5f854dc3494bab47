"""Directory pages: all authorities, the 24/7 and central-authority directory, one authority."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from glacy.core.errors import PermissionDenied, ValidationFailed
from glacy.core.htmx import form_errors_from, render_page_or_partial
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.directory import selectors, services
from glacy.directory.forms import AuthorityForm, DirectorySearchForm
from glacy.directory.models import Authority


def _search_parameters(request: AuthenticatedRequest) -> dict[str, str]:
    form = DirectorySearchForm(request.GET)
    if not form.is_valid():
        return {"search": "", "kind": "", "country": ""}
    return {"search": form.cleaned_data["q"], "kind": form.cleaned_data["kind"],
            "country": form.cleaned_data["country"]}


@login_required
def authority_list(request: AuthenticatedRequest) -> HttpResponse:
    parameters = _search_parameters(request)
    authorities = selectors.authorities_for_user(user=request.user, **parameters)
    return render_page_or_partial(request, template="directory/authority_list.html",
                                  partial="directory/_authority_rows.html", context={
                                      "form": DirectorySearchForm(request.GET or None),
                                      "authorities": authorities,
                                  })


@login_required
def cooperation_directory(request: AuthenticatedRequest) -> HttpResponse:
    """The 24/7 network (ETS 185 Art. 35) and central authorities (Art. 27(2)) with hours and languages."""
    parameters = _search_parameters(request)
    contacts = selectors.cooperation_contacts_for_user(user=request.user, search=parameters["search"],
                                                      kind=parameters["kind"])
    return render_page_or_partial(request, template="directory/network.html",
                                  partial="directory/_network_rows.html", context={
                                      "form": DirectorySearchForm(request.GET or None), "contacts": contacts,
                                  })


@login_required
def authority_detail(request: AuthenticatedRequest, authority_id: str) -> HttpResponse:
    authority = get_visible_or_404(selectors.authorities_for_user(user=request.user), pk=authority_id)
    people = selectors.people_for_user(user=request.user).filter(authority=authority)
    can_edit = request.user.has_role(Role.ADMINISTRATOR) and request.user.authority_id == authority.pk
    return render(request, "directory/authority_detail.html", {
        "authority": authority, "people": people, "can_edit": can_edit,
        "published_by": _publishing_node(authority),
    })


def _publishing_node(authority: Authority) -> str:
    """For an authority of another node: that node's name as its operator published it (the exchange keeps the
    copy in step and nobody here may change it); empty for an authority of this node."""
    if not authority.is_remote:
        return ""
    from glacy.exchange.models import Peer  # the exchange owns peers; the directory only reads a name

    return Peer.objects.filter(node=authority.home_node).values_list("name", flat=True).first() or authority.home_node


@login_required
def authority_edit(request: AuthenticatedRequest, authority_id: str) -> HttpResponse:
    authority = get_visible_or_404(selectors.authorities_for_user(user=request.user), pk=authority_id)
    form = AuthorityForm(request.POST or None, instance=authority)
    if request.method == "POST":
        changes: dict[str, object] = {name: request.POST.get(name, "") for name in AuthorityForm.Meta.fields}
        changes["is_available_24_7"] = request.POST.get("is_available_24_7") in {"on", "true", "1"}
        try:
            services.authority_update(actor=request.user, authority=authority, changes=changes)
        except PermissionDenied as error:
            messages.error(request, str(error.message))
            return redirect("authority-detail", authority_id=authority.pk)
        except ValidationFailed as error:
            authority.refresh_from_db()
            form = AuthorityForm(request.POST, instance=authority)
            form.is_valid()
            form_errors_from(error.errors, form)
        else:
            messages.success(request, _("Authority updated."))
            return redirect("authority-detail", authority_id=authority.pk)
    elif not (request.user.has_role(Role.ADMINISTRATOR) and request.user.authority_id == authority.pk):
        messages.error(request, _("Only administrators of this authority may change it."))
        return redirect("authority-detail", authority_id=authority.pk)
    return render(request, "directory/authority_form.html", {"authority": authority, "form": form},
                  status=400 if form.errors else 200)
