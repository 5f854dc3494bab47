"""Routes of the REST API, version 1."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from glacy.core.api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (?script): no inline script (Content-Security-Policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    path("", include("glacy.core.api.urls")),
    path("", include("glacy.directory.api.urls")),
    path("", include("glacy.treaty.api.urls")),
    path("", include("glacy.cooperation.api.urls")),
    path("", include("glacy.evidence.api.urls")),
    path("", include("glacy.legislation.api.urls")),
    path("", include("glacy.programme.api.urls")),
    path("", include("glacy.training.api.urls")),
    # Last: any other path under /api/v1/ answers a JSON 404, not an HTML page (also in debug mode). Any path:
    # `[\s\S]` also matches a newline (`%0A`), which `.` does not; and since every path resolves, APPEND_SLASH
    # never tries to redirect (a POST it cannot redirect was a 500 in debug mode).
    re_path(r"^(?P<rest>[\s\S]*)\Z", api_not_found, name="api-unknown"),
]
