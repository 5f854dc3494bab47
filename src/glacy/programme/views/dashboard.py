"""The programme dashboard (charts and tables under filters) and its CSV/XLSX download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from glacy.core.typing import AuthenticatedRequest
from glacy.directory.models import Region
from glacy.programme.dashboard import Filters, dashboard_data, dashboard_rows
from glacy.programme.models import Topic
from glacy.programme.models.vocabulary import ActivityType, FundingType
from glacy.programme.scope import is_programme_staff, programme_scope
from glacy.programme.selectors import projects_for_user
from glacy.programme.spreadsheet import export_csv, export_xlsx

DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@login_required
def programme_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    scope = programme_scope(request.user)
    filters = Filters.from_query(request.GET)
    data = dashboard_data(scope, filters) if scope.sees_anything else None
    projects = list(projects_for_user(user=request.user).order_by("code").values_list("code", flat=True))
    return render(request, "programme/dashboard.html", {
        "data": data, "filters": filters, "query": filters.as_query(), "projects": projects,
        "regions": Region.choices, "funding_types": FundingType.choices, "activity_types": ActivityType.choices,
        "topics": Topic.objects.filter(is_active=True), "is_staff": is_programme_staff(request.user),
        "charts": [{"key": item["key"], "title": item["title"], "rows": item["rows"],
                    "data_id": f"chart-data-{item['key']}",
                    "data": {"labels": [label for label, _count in item["rows"]],
                             "values": [count for _label, count in item["rows"]]}} for item in data["breakdowns"]]
        if data else [],
    })


@login_required
def programme_dashboard_download(request: AuthenticatedRequest) -> HttpResponse:
    kind = request.GET.get("format", "csv")
    if kind not in DOWNLOAD_TYPES:
        raise Http404
    scope = programme_scope(request.user)
    if not scope.sees_anything:
        raise Http404
    rows = dashboard_rows(dashboard_data(scope, Filters.from_query(request.GET)))
    response = HttpResponse(export_csv(rows) if kind == "csv" else export_xlsx(rows, title="dashboard"),
                            content_type=DOWNLOAD_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="programme-dashboard.{kind}"'
    return response
