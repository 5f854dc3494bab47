"""Routes of the REST API, version 1."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("glacy.core.api.urls")),
    path("", include("glacy.directory.api.urls")),
    path("", include("glacy.treaty.api.urls")),
    path("", include("glacy.cooperation.api.urls")),
    path("", include("glacy.evidence.api.urls")),
    path("", include("glacy.legislation.api.urls")),
]
