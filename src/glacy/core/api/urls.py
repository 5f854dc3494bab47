from rest_framework.routers import SimpleRouter

from glacy.core.api.views import AuditEventViewSet

router = SimpleRouter()
router.register("audit-events", AuditEventViewSet, basename="api-audit-event")
urlpatterns = router.urls
