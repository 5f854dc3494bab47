"""Every exhibit the user may see, across the cases of their authority: filters, sorting, pages, export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from glacy.cooperation.selectors import cases_for_user
from glacy.core.labels import label
from glacy.core.lists import Column, export_response, page_of
from glacy.core.permissions import Role
from glacy.core.typing import AuthenticatedRequest
from glacy.evidence.filters import EvidenceFilter
from glacy.evidence.models import EvidenceItem
from glacy.evidence.selectors import evidence_for_user


def _columns() -> tuple[Column, ...]:
    def hashes(item: EvidenceItem) -> str:
        if item.stated_hashes_match is None:
            return ""
        return _("match") if item.stated_hashes_match else _("DO NOT match")

    return (
        Column(_("Exhibit"), lambda item: item.exhibit_number),
        Column(_("Case"), lambda item: item.case.reference),
        Column(_("Description"), lambda item: item.description),
        Column(_("Source"), lambda item: label("evidence_source", item.source)),
        Column(_("Acquired"), lambda item: item.acquired_at),
        Column("SHA-256", lambda item: item.sha256),
        Column(_("Size in bytes"), lambda item: item.size),
        Column(_("Hashes stated in the acquisition report"), hashes),
        Column(_("Ingested"), lambda item: item.created_at),
    )


@login_required
def evidence_list(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    visible = evidence_for_user(user=request.user)
    cases = cases_for_user(user=request.user).order_by("-created_at")
    filterset = EvidenceFilter(request.GET, queryset=visible, cases=cases)
    rows = filterset.qs if filterset.is_valid() else EvidenceItem.objects.none()
    if not request.GET.get("o"):
        rows = rows.order_by("-created_at")
    if (export := export_response(request, rows, _columns(), "evidence")) is not None:
        return export
    return render(request, "evidence/list.html", {
        "filter": filterset, "page": page_of(rows, request.GET.get("page")),
        "filtered": any(value for name, value in request.GET.items() if name not in {"page", "o"}),
        "is_custodian": request.user.has_role(Role.CUSTODIAN),
        "has_authority": request.user.authority_id is not None,
    }, status=200 if filterset.is_valid() else 400)
