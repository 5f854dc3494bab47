from rest_framework.routers import SimpleRouter

from glacy.evidence.api.views import EvidenceItemViewSet, IngestJobViewSet

router = SimpleRouter()
router.register("evidence", EvidenceItemViewSet, basename="api-evidence")
router.register("evidence-jobs", IngestJobViewSet, basename="api-evidence-job")
urlpatterns = router.urls
