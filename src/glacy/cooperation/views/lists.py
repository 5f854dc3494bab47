"""The lists of cases and requests: search, filters, sorting, pages without a full count, CSV/XLSX export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from glacy.cooperation import selectors
from glacy.cooperation.filters import CaseFilter, RequestFilter
from glacy.cooperation.models import Case, Request
from glacy.core.labels import label
from glacy.core.lists import Column, export_response, page_of
from glacy.core.permissions import Role
from glacy.core.typing import AuthenticatedRequest

#: The due section of the request list shows this many; the rest is one click away (?deadline=due).
DUE_SHOWN = 10


def may_draft(request: AuthenticatedRequest) -> bool:
    """Drafters and approvers open cases and draft or register requests."""
    return request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER)


def _request_columns(authority_id: object) -> tuple[Column, ...]:
    def other(item: Request) -> str:
        side = item.requested_authority if item.requesting_authority_id == authority_id else item.requesting_authority
        return f"{side.display_name} ({side.country.name})"

    return (
        Column(_("Reference"), lambda item: item.reference),
        Column(_("Type"), lambda item: label("request_type", item.request_type)),
        Column(_("Direction"), lambda item: _("sent by us") if item.requesting_authority_id == authority_id
               else _("received")),
        Column(_("Other authority"), other),
        Column(_("Status"), lambda item: label("request_status", item.status)),
        Column(_("Next deadline"), lambda item: item.next_deadline_at),
        Column(_("Created"), lambda item: item.created_at),
    )


@login_required
def request_list(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    visible = selectors.requests_for_user(user=request.user)
    now = timezone.now()
    filterset = RequestFilter(request.GET, queryset=visible, authority_id=request.user.authority_id, now=now)
    rows = filterset.qs if filterset.is_valid() else visible.none()
    if not request.GET.get("o"):
        rows = rows.order_by("-created_at")
    export = export_response(request, rows, _request_columns(request.user.authority_id), "requests")
    if export is not None:
        return export
    filtered = any(value for name, value in request.GET.items() if name not in {"page", "o"})
    due = [] if filtered else list(selectors.requests_due_for_user(user=request.user, now=now)[:DUE_SHOWN + 1])
    return render(request, "cooperation/request_list.html", {
        "filter": filterset, "page": page_of(rows, request.GET.get("page")), "filtered": filtered,
        "due": due[:DUE_SHOWN], "more_due": len(due) > DUE_SHOWN, "now": now,
        "to_confirm": [] if filtered else list(selectors.registrations_to_confirm_for_user(user=request.user)),
        "may_register": may_draft(request), "authority_id": request.user.authority_id,
    }, status=200 if filterset.is_valid() else 400)


def _case_columns() -> tuple[Column, ...]:
    return (
        Column(_("Reference"), lambda case: case.reference),
        Column(_("Title"), lambda case: case.title),
        Column(_("Status"), lambda case: label("case_status", case.status)),
        Column(_("Urgent"), lambda case: label("yes_no", str(case.is_urgent))),
        Column(_("Opened"), lambda case: case.created_at),
    )


@login_required
def case_list(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    visible = selectors.cases_for_user(user=request.user)
    filterset = CaseFilter(request.GET, queryset=visible)
    rows = filterset.qs if filterset.is_valid() else Case.objects.none()
    if not request.GET.get("o"):
        rows = rows.order_by("-created_at")
    if (export := export_response(request, rows, _case_columns(), "cases")) is not None:
        return export
    return render(request, "cooperation/case_list.html", {
        "filter": filterset, "page": page_of(rows, request.GET.get("page")), "can_open": may_draft(request),
        "filtered": any(value for name, value in request.GET.items() if name not in {"page", "o"}),
        "has_authority": request.user.authority_id is not None,
    }, status=200 if filterset.is_valid() else 400)
