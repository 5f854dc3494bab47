from rest_framework.routers import SimpleRouter

from glacy.evidence.api.views import EvidenceItemViewSet

router = SimpleRouter()
router.register("evidence", EvidenceItemViewSet, basename="api-evidence")
urlpatterns = router.urls
