from django.urls import path
from rest_framework.routers import SimpleRouter

from glacy.programme.api.views import ActivityViewSet, IndicatorViewSet, ProgrammeReportView, ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("activities", ActivityViewSet, basename="api-activity")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
urlpatterns = [*router.urls, path("programme-report/", ProgrammeReportView.as_view(), name="api-programme-report")]
