"""Routes of the REST API, version 1."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from glacy.core.api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("glacy.core.api.urls")),
    path("", include("glacy.directory.api.urls")),
    path("", include("glacy.treaty.api.urls")),
    path("", include("glacy.cooperation.api.urls")),
    path("", include("glacy.evidence.api.urls")),
    path("", include("glacy.legislation.api.urls")),
    path("", include("glacy.programme.api.urls")),
    path("", include("glacy.training.api.urls")),
    # Last: any other path under /api/v1/ answers a JSON 404, not an HTML page (also in debug mode).
    re_path(r"^(?P<rest>.*)$", api_not_found, name="api-unknown"),
]
