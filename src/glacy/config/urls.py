"""Top-level routes: pages per app, the REST API under /api/v1/, the operator back-office under /admin/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("glacy.core.urls")),
    # The country pages draw on several apps: they live in `profiles`, above them (same addresses as before).
    path("directory/countries/", include("glacy.profiles.urls")),
    path("directory/", include("glacy.directory.urls")),
    path("treaties/", include("glacy.treaty.urls")),
    path("cooperation/", include("glacy.cooperation.urls")),
    path("evidence/", include("glacy.evidence.urls")),
    path("legislation/", include("glacy.legislation.urls")),
    path("notifications/", include("glacy.notifications.urls")),
    path("exchange/", include("glacy.exchange.urls")),
    path("programme/", include("glacy.programme.urls")),
    path("training/", include("glacy.training.urls")),
    path("api/v1/", include("glacy.config.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "glacy.core.views.errors.not_found"
handler500 = "glacy.core.views.errors.server_error"
handler403 = "glacy.core.views.errors.forbidden"
